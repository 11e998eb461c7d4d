"""What a saved debt's rate means: the line for its lender type, with the rule behind it.

Lines are mainland-China rules (rules.md §2): shown only to users whose region is
mainland China; anyone else gets the figures only.
"""

from __future__ import annotations

from datetime import date

from bot.i18n import legal_footer, t, with_citation
from coach.lenders import LenderType, find_platform
from coach.lpr import is_stale
from coach.offers import FLAG_CITATIONS, RateVerdict, VerdictFlag, VerdictLevel, assess_rate
from coach.regions import Region, region_of
from handlers.offer_card import verdict_line, verdict_params
from storage.models import Debt, User

# Flags worth a line of their own after a warning.
_SHOWN_FLAGS = (
    VerdictFlag.UNLICENSED_VOID,
    VerdictFlag.CONTRACT_DATE_ASSUMED,
    VerdictFlag.MONTH_TWO_CAPS,
    VerdictFlag.LPR_UNVERIFIED,
    VerdictFlag.LENDER_UNKNOWN,
    VerdictFlag.COURT_MAY_REDUCE,
)


def render_verdict(lang: str, verdict: RateVerdict, today: date) -> list[str]:
    """The verdict line, who lends behind a platform, and the flags that matter."""
    lines = [verdict_line(lang, verdict)]
    if verdict.lender:
        lines.append(t(lang, "card.lender_behind", lender=verdict.lender))
    params = verdict_params(lang, verdict)
    for flag in _SHOWN_FLAGS:
        if flag in verdict.flags:
            lines.append(with_citation(lang, t(lang, f"flag.{flag.value}", **params),
                                       FLAG_CITATIONS[flag]))  # fmt: skip
    if VerdictFlag.LPR_STALE in verdict.flags or (
        verdict.basis.value in ("lpr_cap", "unlicensed", "pre_2020") and is_stale(today)
    ):
        lines.append(t(lang, "adddebt.lpr_stale", date=params["date"]))
    lines.append(legal_footer(lang, Region.CN))
    return lines


def rate_warnings(lang: str, user: User, debt: Debt, today: date) -> list[str]:
    """Warnings shown on Save: empty when the rate is fine or unknown, or when the user's
    region is not mainland China (the lines are Chinese rules)."""
    if debt.apr is None or region_of(user.region) is not Region.CN:
        return []
    verdict = assess_rate(
        debt.apr,
        LenderType(debt.lender_type),
        debt.taken_on,
        today,
        platform=find_platform(debt.lender),
        contract_month_only=debt.taken_precision == "month",
    )
    if verdict.level is VerdictLevel.OK:
        return []
    return ["\n".join(render_verdict(lang, verdict, today))]
