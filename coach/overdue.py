"""Being overdue: what a penalty adds up to, and the facts that matter (rules.md §2-§7).

Facts are codes, never prose: each is a ``Fact(code, params, citation)`` and the
bot renders ``fact.<...>`` from its catalog, citing the rule. Codes are grouped
by their second part: ``report`` (credit report), ``can`` (what the lender may
do lawfully), ``cannot`` (what it may not do), ``product`` (rules for this kind
of lender), ``time`` (limitation periods) and ``help`` (what helps most). The
list comes in that order, China first or US per region.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time
from decimal import Decimal, localcontext
from enum import StrEnum
from types import MappingProxyType
from typing import Any, NamedTuple

from coach.errors import CoachError
from coach.lenders import LenderType
from coach.money import quantize_cents
from coach.rates import DAYS_PER_YEAR, QuotedRate, RateKind, quoted_to_apr

__all__ = ["ONE_OFF_REPAIR_DEADLINE", "Fact", "Region", "overdue_facts", "penalty_accrued"]

#: The PBOC one-off credit repair needs repayment by this date (rules.md §5f).
ONE_OFF_REPAIR_DEADLINE = date(2026, 3, 31)
_LONG_OVERDUE_DAYS = 365


class Region(StrEnum):
    CN = "CN"
    US = "US"


class Fact(NamedTuple):
    """One fact for the user: a catalog code, its params, and its source."""

    code: str
    params: Mapping[str, Any]
    citation: str


def _fact(code: str, citation: str, **params: Any) -> Fact:
    return Fact(code, MappingProxyType(params), citation)


def penalty_accrued(
    overdue_amount: Decimal,
    penalty_rate: QuotedRate | Decimal,
    since: date,
    today: date,
) -> Decimal:
    """Simple daily penalty interest on ``overdue_amount`` from ``since`` to ``today``.

    Basis: ``amount x daily rate x days``, no compounding, actual days elapsed
    (``today - since``; zero when not yet overdue). A ``Decimal`` is a nominal
    annual fraction and accrues ``apr / 365`` a day; a daily quote accrues its own
    rate; monthly and fee quotes are first turned into an APR. Rounded to cents.
    Compounding is left out on purpose: card issuers may not charge interest on
    penalties (rules.md §2.3a) and private-lending penalties are capped in total
    (§2.1b-c). This is an estimate; the contract decides.
    """
    if overdue_amount < 0:
        raise CoachError("amount.negative", text=str(overdue_amount))
    days = max(0, (today - since).days)
    with localcontext() as ctx:
        ctx.prec = 40
        if isinstance(penalty_rate, QuotedRate):
            if penalty_rate.kind is RateKind.DAILY:
                daily = penalty_rate.rate
            else:
                daily = quoted_to_apr(penalty_rate, overdue_amount) / DAYS_PER_YEAR
        else:
            daily = penalty_rate / DAYS_PER_YEAR
        if daily < 0:
            raise CoachError("rate.negative", text=str(penalty_rate))
        return quantize_cents(overdue_amount * daily * days)


def _cn_facts(
    days_overdue: int,
    reports_to_bureau: bool | None,
    lender_type: LenderType,
    today: date | None,
) -> list[Fact]:
    facts: list[Fact] = []
    if days_overdue > 0:
        if reports_to_bureau is not False:
            facts.append(_fact("fact.cn.report.notice_first", "rules.md §5a"))
            facts.append(_fact("fact.cn.report.kept_5_years", "rules.md §5b", years=5))
        if reports_to_bureau is None:
            facts.append(_fact("fact.cn.report.check_own_report", "rules.md §5c", free_per_year=2))
        if today is not None and today <= ONE_OFF_REPAIR_DEADLINE:
            facts.append(
                _fact(
                    "fact.cn.report.one_off_repair",
                    "rules.md §5f",
                    max_amount=Decimal(10000),
                    overdue_from=date(2020, 1, 1),
                    overdue_to=date(2025, 12, 31),
                    repay_by=ONE_OFF_REPAIR_DEADLINE,
                )
            )
        facts.append(_fact("fact.cn.report.objection_free", "rules.md §5d", days=20))
        facts.append(_fact("fact.cn.report.repair_is_scam", "rules.md §5h"))
        facts.append(_fact("fact.cn.can.sue", "rules.md §6.2a"))
        facts.append(_fact("fact.cn.can.payment_order", "rules.md §6.2b", objection_days=15))
        facts.append(_fact("fact.cn.can.enforce_judgment", "rules.md §6.2c, §6.2e"))
        facts.append(_fact("fact.cn.cannot.arrest_for_debt", "rules.md §6.2f"))
        facts.append(_fact("fact.cn.cannot.blacklist_for_inability", "rules.md §6.2d"))
        facts.append(
            _fact(
                "fact.cn.cannot.collect_at_night",
                "rules.md §3.2a, §3.2c",
                start=time(22, 0),
                end=time(8, 0),
            )
        )
        facts.append(_fact("fact.cn.cannot.contact_third_parties", "rules.md §3.1h, §3.2a, §3.2c"))
        facts.append(_fact("fact.cn.cannot.charge_collection_fees", "rules.md §3.2c"))
    if lender_type is LenderType.CREDIT_CARD:
        facts.append(
            _fact("fact.cn.product.card_personalised_instalments", "rules.md §2.3e", max_years=5)
        )
        facts.append(_fact("fact.cn.product.card_no_interest_on_penalties", "rules.md §2.3a"))
        facts.append(_fact("fact.cn.product.card_court_may_reduce", "rules.md §2.3d"))
    elif lender_type is LenderType.PRIVATE:
        facts.append(_fact("fact.cn.product.private_overdue_cap", "rules.md §2.1b, §2.1c"))
    elif lender_type is LenderType.UNKNOWN:
        facts.append(_fact("fact.cn.product.unlicensed_may_be_void", "rules.md §2.1h"))
    if days_overdue >= _LONG_OVERDUE_DAYS:
        facts.append(_fact("fact.cn.time.limitation_restarts", "rules.md §6.1a, §6.1d", years=3))
        facts.append(_fact("fact.cn.time.acknowledging_waives", "rules.md §6.1c, §6.1f"))
    facts.append(_fact("fact.cn.help.complain_lender_first", "rules.md §4"))
    facts.append(_fact("fact.cn.help.avoid_paid_agents", "rules.md §4"))
    return facts


def _us_facts(days_overdue: int, reports_to_bureau: bool | None) -> list[Fact]:
    facts: list[Fact] = []
    if days_overdue > 0:
        if reports_to_bureau is not False:
            facts.append(
                _fact("fact.us.report.kept_7_years", "rules.md §7i", years=7, start_after_days=180)
            )
        facts.append(_fact("fact.us.cannot.fdcpa_scope", "rules.md §7a"))
        facts.append(
            _fact("fact.us.cannot.contact_hours", "rules.md §7b", start=time(8, 0), end=time(21, 0))
        )
        facts.append(_fact("fact.us.cannot.call_frequency", "rules.md §7e", calls=7, days=7))
        facts.append(_fact("fact.us.cannot.false_threats", "rules.md §7f"))
        facts.append(_fact("fact.us.can.written_stop_request", "rules.md §7d"))
        facts.append(_fact("fact.us.can.validation_dispute", "rules.md §7g", days=30))
    if days_overdue >= _LONG_OVERDUE_DAYS:
        facts.append(_fact("fact.us.time.time_barred_no_suit", "rules.md §7h"))
    facts.append(_fact("fact.us.help.cfpb_complaint", "rules.md §7j"))
    return facts


def overdue_facts(
    days_overdue: int,
    reports_to_bureau: bool | None,
    lender_type: LenderType,
    region: Region | str,
    *,
    today: date | None = None,
) -> list[Fact]:
    """The facts that matter for this situation, as codes with citations.

    ``reports_to_bureau`` is None when unknown (most licensed lenders report;
    the user should check their own report, rules.md §8). ``today`` enables
    dated facts (the 2025 one-off credit repair, rules.md §5f). The common
    ``help`` facts come last: ask the lender for time or instalments and stop
    new high-cost borrowing (rules.md §6.3), keep records (rules.md §3.2).
    """
    try:
        where = Region(str(region).upper())
    except ValueError:
        raise CoachError("region.unsupported", region=str(region)) from None
    if where is Region.CN:
        facts = _cn_facts(days_overdue, reports_to_bureau, lender_type, today)
    else:
        facts = _us_facts(days_overdue, reports_to_bureau)
    facts.append(_fact("fact.help.ask_for_time_or_instalments", "rules.md §6.3"))
    facts.append(_fact("fact.help.no_new_loans_to_repay", "rules.md §6.3"))
    facts.append(_fact("fact.help.keep_records", "rules.md §3.2"))
    return facts
