"""What a saved debt's rate means: the threshold for its lender type, with the reason.

Thresholds are mainland-China rules (rules.md §2); a US user gets the figures only.
"""

from __future__ import annotations

from datetime import date

from bot.i18n import percent, t
from coach.lenders import LenderType, find_platform
from coach.lpr import default_table, is_stale
from coach.offers import RateVerdict, VerdictFlag, VerdictLevel, assess_rate
from storage.models import Debt, User

# Flags worth a line of their own after a warning.
_SHOWN_FLAGS = (
    VerdictFlag.UNLICENSED_VOID,
    VerdictFlag.PRE_2020_CONTRACT,
    VerdictFlag.CONTRACT_DATE_ASSUMED,
    VerdictFlag.LENDER_UNKNOWN,
    VerdictFlag.COURT_MAY_REDUCE,
)


def render_verdict(lang: str, verdict: RateVerdict, today: date) -> list[str]:
    """The verdict line, who lends behind a platform, and the flags that matter."""
    lines = [
        t(
            lang,
            f"verdict.{verdict.basis.value}.{verdict.level.value}",
            apr=percent(verdict.apr, lang),
            threshold=percent(verdict.threshold, lang),
            second_look=percent(verdict.second_look_above, lang) if verdict.second_look_above else "",
            rule=verdict.rule,
        )
    ]
    if verdict.lender:
        lines.append(t(lang, "card.lender_behind", lender=verdict.lender))
    table = default_table()
    params = {"date": table.verified_through.isoformat(), "rule": verdict.rule}
    for flag in _SHOWN_FLAGS:
        if flag in verdict.flags:
            lines.append(t(lang, f"flag.{flag.value}", **params))
    if VerdictFlag.LPR_STALE in verdict.flags or (
        verdict.basis.value == "lpr_cap" and is_stale(today)
    ):
        lines.append(t(lang, "adddebt.lpr_stale", date=params["date"]))
    return lines


def rate_warnings(lang: str, user: User, debt: Debt, today: date) -> list[str]:
    """Warnings shown on Save: empty when the rate is fine or unknown."""
    if debt.apr is None or user.region == "us":
        return []
    verdict = assess_rate(
        debt.apr,
        LenderType(debt.lender_type),
        debt.taken_on,
        today,
        platform=find_platform(debt.lender),
    )
    if verdict.level is VerdictLevel.OK:
        return []
    return ["\n".join(render_verdict(lang, verdict, today))]
