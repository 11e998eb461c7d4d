"""The /check result card: pure rendering of an :class:`~coach.offers.OfferCheck`.

At most about ten lines: the offer as understood, the APR (nominal, the headline
figure) first and the effective annual rate second and labelled (for a single
repayment: the simple annualised rate and the XIRR), the total cost in money, then
each verdict with its reason and its rules.md citation, notable flags, and a closing
"before signing" line. Never a recommendation to borrow.
"""

from __future__ import annotations

from bot.i18n import Safe, money, percent, t
from coach.lpr import default_table
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

# Flags the card leaves out: a new offer's contract date is today by definition, and
# the 2026 tiers are already the reason of the "second look" verdict.
_QUIET_FLAGS = frozenset({VerdictFlag.CONTRACT_DATE_ASSUMED, VerdictFlag.NEW_LOAN_TIERS})


def verdict_line(lang: str, verdict: RateVerdict) -> str:
    """One verdict with its reason and citation (``verdict.<basis>.<level>``)."""
    return t(
        lang,
        f"verdict.{verdict.basis.value}.{verdict.level.value}",
        apr=percent(verdict.apr, lang),
        threshold=percent(verdict.threshold, lang),
        rule=verdict.rule,
    )


def flag_lines(lang: str, verdicts: tuple[RateVerdict, ...]) -> list[str]:
    """The notable flags of the verdicts, once each, with their citations."""
    flags = sorted({f for v in verdicts for f in v.flags} - _QUIET_FLAGS)
    checked = default_table().verified_through.isoformat()
    return [
        t(
            lang,
            "check.flag_line",
            text=Safe(t(lang, f"flag.{f.value}", date=checked)),
            rule=FLAG_CITATIONS[f],
        )
        for f in flags
    ]


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
    verdicts: bool = True,
) -> str:
    """The result card, at most about ten lines. ``verdicts=False`` for US users."""
    lines = [card_title(lang, result, schedule, currency)]
    if result.simple_annualised is not None:
        lines.append(t(lang, "check.card_simple", rate=percent(result.simple_annualised, lang)))
        lines.append(
            t(lang, "check.card_xirr", rate=percent(result.xirr, lang))
            if result.xirr is not None
            else t(lang, "check.card_xirr_none")
        )
    else:
        lines.append(t(lang, "check.card_apr", rate=percent(result.apr, lang)))
        lines.append(t(lang, "check.card_effective", rate=percent(result.effective_annual, lang)))
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
    if verdicts:
        if len(result.verdicts) > 1:
            lines.append(t(lang, "check.both_thresholds"))
        lines.extend(verdict_line(lang, v) for v in result.verdicts)
        lines.extend(flag_lines(lang, result.verdicts))
    else:
        lines.append(t(lang, "check.us_note"))
    lines.append("")
    lines.append(t(lang, "check.card_footer"))
    return "\n".join(lines)
