"""The /check result card: pure rendering of an :class:`~coach.offers.OfferCheck`.

At most about ten lines: the offer as understood, the APR (nominal, the headline
figure) first and the effective annual rate second and labelled (for a single
repayment: the simple annualised rate and the XIRR), the total cost in money, then
each verdict with the rule it rests on (name, article, kind of source), notable
flags, a closing "before signing" line and the region's legal line. Verdicts are
mainland-China rules: shown only to users whose region is mainland China.
Never a recommendation to borrow.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from bot.i18n import (
    Safe,
    effective_percent,
    fmt_date,
    legal_footer,
    money,
    percent,
    t,
    with_citation,
)
from coach.lpr import NEW_RULE_FROM, default_table
from coach.money import round_money
from coach.offers import (
    FLAG_CITATIONS,
    Instalments,
    OfferCheck,
    RateVerdict,
    Schedule,
    SingleRepayment,
    VerdictFlag,
)
from coach.regions import Region, region_of

# Flags the card leaves out: a new offer's contract date is today by definition, and
# the 2026 tiers are already the reason of the "second look" verdict.
_QUIET_FLAGS = frozenset({VerdictFlag.CONTRACT_DATE_ASSUMED, VerdictFlag.NEW_LOAN_TIERS})


def verdict_params(lang: str, verdict: RateVerdict) -> dict[str, Any]:
    """Every figure and date a verdict or flag text may name, formatted for ``lang``."""

    def pct(rate: Decimal | None) -> str:
        return percent(rate, lang) if rate is not None else ""

    return {
        "apr": pct(verdict.apr),
        "threshold": pct(verdict.threshold),
        "threshold_alt": pct(verdict.threshold_alt),
        "second_look": pct(verdict.second_look_above),
        "old_threshold": pct(verdict.old_threshold),
        "changed_on": fmt_date(verdict.changed_on, lang) if verdict.changed_on else "",
        "old_until": fmt_date(NEW_RULE_FROM - timedelta(days=1), lang),
        "new_from": fmt_date(NEW_RULE_FROM, lang),
        "date": fmt_date(default_table().verified_through, lang),
    }


def verdict_line(lang: str, verdict: RateVerdict) -> str:
    """The verdict's line(s) (``verdict.<basis>.<level>``) and the rule it rests on."""
    params = verdict_params(lang, verdict)
    text = "\n".join(t(lang, code, **params) for code in verdict.codes)
    return with_citation(lang, text, verdict.rule)


def flag_lines(
    lang: str, verdicts: tuple[RateVerdict, ...], quiet: frozenset[VerdictFlag] = _QUIET_FLAGS
) -> list[str]:
    """The notable flags of the verdicts, once each, with their citations."""
    seen: set[VerdictFlag] = set()
    lines = []
    for verdict in verdicts:
        for flag in sorted(verdict.flags - quiet - seen):
            seen.add(flag)
            text = t(lang, f"flag.{flag.value}", **verdict_params(lang, verdict))
            lines.append(with_citation(lang, t(lang, "check.flag_line", text=Safe(text)),
                                       FLAG_CITATIONS[flag]))  # fmt: skip
    return lines


def card_title(lang: str, result: OfferCheck, schedule: Schedule, currency: str | None) -> str:
    received = money(result.received, currency, lang)
    if isinstance(schedule, SingleRepayment):
        return t(
            lang,
            "check.card_title_single",
            received=received,
            repaid=money(schedule.amount, currency, lang),
            days=schedule.days,
        )
    key = "check.card_title_inst" if isinstance(schedule, Instalments) else "check.card_title_rate"
    payment = round_money(result.payments[0])
    return t(
        lang, key, received=received, count=len(result.payments),
        payment=money(payment, currency, lang),
    )  # fmt: skip


def render_card(
    lang: str,
    result: OfferCheck,
    schedule: Schedule,
    currency: str | None,
    *,
    region: Region | str | None = Region.CN,
) -> str:
    """The result card, at most about ten lines. Verdicts only for mainland China;
    elsewhere the figures and a note on why there is no verdict."""
    lines = [card_title(lang, result, schedule, currency)]
    if result.simple_annualised is not None:
        lines.append(t(lang, "check.card_simple", rate=percent(result.simple_annualised, lang)))
        lines.append(
            t(lang, "check.card_xirr", rate=effective_percent(result.xirr, lang))
            if result.xirr is not None
            else t(lang, "check.card_xirr_none")
        )
    else:
        lines.append(t(lang, "check.card_apr", rate=percent(result.apr, lang)))
        lines.append(t(lang, "check.card_effective", rate=effective_percent(result.effective_annual, lang)))
    lines.append(
        t(
            lang,
            "check.card_cost",
            cost=money(result.total_cost, currency, lang),
            repaid=money(result.total_repaid, currency, lang),
            received=money(result.received, currency, lang),
        )
    )
    lines.append("")
    where = region_of(region) if region is not None else None
    if where is Region.CN:
        if len(result.verdicts) > 1:
            lines.append(t(lang, "check.both_thresholds"))
        lines.extend(verdict_line(lang, v) for v in result.verdicts)
        lines.extend(flag_lines(lang, result.verdicts))
    else:
        note = {Region.US: "check.us_note", Region.OTHER: "check.other_note"}
        lines.append(t(lang, note[where] if where is not None else "check.unset_note"))
    lines.append("")
    lines.append(t(lang, "check.card_footer"))
    if where is not None:
        lines.append(legal_footer(lang, where))
    return "\n".join(lines)
