"""Being overdue: what a penalty adds up to, and the facts that matter (rules.md §2-§7).

Facts are codes, never prose: each is a ``Fact(code, params, citation)`` and the
bot renders ``fact.<...>`` from its catalog, citing the rule: ``citation`` is a key
of :data:`coach.citations.CITATIONS`, taken from the fact's row in
:data:`coach.fact_rules.FACT_RULES` (None for the coach's own guidance). Codes are
grouped by their second part: ``report`` (credit report), ``can`` (what the lender
may do lawfully), ``cannot`` (what it may not do), ``product`` (rules for this kind
of lender), ``time`` (limitation periods) and ``help`` (what helps most). The list
comes in that order, by the user's region: Chinese rules for mainland China, US
rules for the US, and elsewhere only general guidance ("the rules differ where
you live").
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time
from decimal import Decimal, localcontext
from types import MappingProxyType
from typing import Any, NamedTuple

from coach.errors import CoachError
from coach.fact_rules import rule_of
from coach.lenders import LenderType
from coach.money import quantize_cents
from coach.rates import DAYS_PER_YEAR, QuotedRate, RateKind, quoted_to_apr
from coach.regions import Region, region_of

__all__ = ["ONE_OFF_REPAIR_DEADLINE", "Fact", "Region", "overdue_facts", "penalty_accrued"]

#: The PBOC one-off credit repair needs repayment by this date (rules.md §5f).
ONE_OFF_REPAIR_DEADLINE = date(2026, 3, 31)
_LONG_OVERDUE_DAYS = 365


class Fact(NamedTuple):
    """One fact for the user: a catalog code, its params, and its citation key."""

    code: str
    params: Mapping[str, Any]
    citation: str | None  # a key of coach.citations.CITATIONS; None for guidance


def _fact(code: str, **params: Any) -> Fact:
    row = rule_of(code)
    return Fact(code, MappingProxyType(params), row.citation if row is not None else None)


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
    if lender_type is LenderType.PRIVATE:
        reports_to_bureau = False  # a friend or relative does not report to the PBOC
    if days_overdue > 0:
        if reports_to_bureau is not False:
            facts.append(_fact("fact.cn.report.notice_first"))
            facts.append(_fact("fact.cn.report.kept_5_years", years=5))
        if reports_to_bureau is None:
            facts.append(_fact("fact.cn.report.check_own_report", free_per_year=2))
        if reports_to_bureau is not False and today is not None and today <= ONE_OFF_REPAIR_DEADLINE:
            facts.append(
                _fact(
                    "fact.cn.report.one_off_repair",
                    max_amount=Decimal(10000),
                    overdue_from=date(2020, 1, 1),
                    overdue_to=date(2025, 12, 31),
                    repay_by=ONE_OFF_REPAIR_DEADLINE,
                )
            )
        if reports_to_bureau is not False:
            facts.append(_fact("fact.cn.report.objection_free", days=20))
            facts.append(_fact("fact.cn.report.repair_is_scam", years=5))
        facts.append(_fact("fact.cn.can.sue"))
        facts.append(_fact("fact.cn.can.payment_order", objection_days=15))
        facts.append(_fact("fact.cn.can.enforce_judgment", years=2))
        facts.append(_fact("fact.cn.cannot.arrest_for_debt"))
        facts.append(_fact("fact.cn.cannot.blacklist_for_inability"))
        facts.append(_fact("fact.cn.cannot.collect_at_night", start=time(22, 0), end=time(8, 0)))
        facts.append(_fact("fact.cn.cannot.contact_third_parties"))
        facts.append(_fact("fact.cn.cannot.charge_collection_fees"))
    facts += _cn_product_facts(lender_type)
    if days_overdue >= _LONG_OVERDUE_DAYS:
        facts.append(_fact("fact.cn.time.limitation_restarts", years=3))
        facts.append(_fact("fact.cn.time.acknowledging_waives"))
    facts.append(_fact("fact.cn.help.complain_lender_first"))
    facts.append(_fact("fact.cn.help.legal_advice_12348"))
    facts.append(_fact("fact.cn.help.avoid_paid_agents"))
    return facts


def _cn_product_facts(lender_type: LenderType) -> list[Fact]:
    """Rules of this kind of lender. Card rules only for a credit card (rules.md §2.3);
    a bank row not yet sorted into card or loan gets none, only the question."""
    if lender_type is LenderType.CREDIT_CARD:
        return [
            _fact("fact.cn.product.card_personalised_instalments", max_years=5),
            _fact("fact.cn.product.card_no_interest_on_penalties"),
            _fact("fact.cn.product.card_court_may_reduce"),
        ]
    if lender_type is LenderType.BANK_LOAN:
        return [_fact("fact.cn.product.bank_loan_court_may_reduce")]
    if lender_type is LenderType.BANK_UNSPLIT:
        return [_fact("fact.cn.product.bank_card_or_loan")]
    if lender_type is LenderType.PRIVATE:
        return [_fact("fact.cn.product.private_overdue_cap")]
    if lender_type is LenderType.UNKNOWN:
        return [_fact("fact.cn.product.unlicensed_may_be_void")]
    return []


def _us_facts(days_overdue: int, reports_to_bureau: bool | None) -> list[Fact]:
    facts: list[Fact] = []
    if days_overdue > 0:
        if reports_to_bureau is not False:
            facts.append(_fact("fact.us.report.kept_7_years", years=7, start_after_days=180))
        facts.append(_fact("fact.us.cannot.fdcpa_scope"))
        facts.append(_fact("fact.us.cannot.contact_hours", start=time(8, 0), end=time(21, 0)))
        facts.append(_fact("fact.us.cannot.call_frequency", calls=7, days=7))
        facts.append(_fact("fact.us.cannot.false_threats"))
        facts.append(_fact("fact.us.can.written_stop_request"))
        facts.append(_fact("fact.us.can.validation_dispute", days=30))
    if days_overdue >= _LONG_OVERDUE_DAYS:
        facts.append(_fact("fact.us.time.time_barred_no_suit"))
    facts.append(_fact("fact.us.help.cfpb_complaint"))
    return facts


def overdue_facts(
    days_overdue: int,
    reports_to_bureau: bool | None,
    lender_type: LenderType,
    region: Region | str | None,
    *,
    today: date | None = None,
) -> list[Fact]:
    """The facts that matter for this situation, as codes with citation keys.

    ``region`` is the user's region setting (:func:`coach.regions.region_of`:
    ``"cn"``, ``"us"``, ``"other"`` or None); elsewhere only general guidance is
    given, led by ``fact.other.rules_differ``. ``reports_to_bureau`` is None when
    unknown (most licensed lenders report; the user should check their own report,
    rules.md §8); a private lender never reports. ``today`` enables dated facts
    (the 2025 one-off credit repair, rules.md §5f). The common ``help`` facts come
    last: ask the lender for time or instalments and stop new high-cost borrowing
    (rules.md §6.3), keep records (rules.md §3.2). Raises
    ``CoachError("region.unsupported")`` for an unknown region.
    """
    where = region_of(region)
    if where is Region.CN:
        facts = _cn_facts(days_overdue, reports_to_bureau, lender_type, today)
    elif where is Region.US:
        facts = _us_facts(days_overdue, reports_to_bureau)
    else:
        facts = [_fact("fact.other.rules_differ")]
    facts.append(_fact("fact.help.ask_for_time_or_instalments"))
    facts.append(_fact("fact.help.no_new_loans_to_repay"))
    facts.append(_fact("fact.help.keep_records"))
    return facts
