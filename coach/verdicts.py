"""Is this rate too high? The line that applies to each kind of lender (rules.md §2).

Mainland-China rules only: the bot shows these verdicts to users whose region is
mainland China (:mod:`coach.regions`), never elsewhere.

=======================  ==============================================================
lender                   verdict (basis)
=======================  ==============================================================
consumer finance,        ``licensed``: the 24% all-in line regulators reportedly hold
online platform,         them to (window guidance and supervisory targets, §2.4b-f:
microloan                "reportedly"); loans from 2026-01-01 above 12% deserve a
                         second look (§2.4e)
credit card              ``card``: no cap; card rates are market-set since 2021
                         (§2.3b). Above 24%: "high for a card; regulators reportedly
                         treat over 24% as a warning sign"
bank loan                ``bank_loan``: no cap; courts can reportedly be asked to
                         reduce excessive charges (§2.4h is R/V3)
bank, card or loan       ``bank_unsplit``: an old row not sorted yet: no verdict
unknown
friend or relative       ``lpr_cap``: 4 x the 1-year LPR at the contract date (§2.1a)
unknown, possibly        ``unlicensed``: 4 x LPR as well, never "protected": if the
unlicensed               lender lends to the public without a licence, the contract
                         may be void (§2.1h)
not said (/check)        ``if_licensed`` and ``if_private``: both lines, each labelled
                         ("if this is a private loan")
contract before          ``pre_2020`` (private or unknown lender): within or above the
2020-08-20               old 24% line up to 2020-08-19, and 4 x the LPR *at filing*
                         from 2020-08-20 (§2.1g, art. 31 ¶2)
=======================  ==============================================================

**Compared at the shown precision**: the APR and the line are rounded half-up to
0.01 percentage point first, as the user sees them; a tie is ``at_threshold``
("at the cap, not above it"). A month-only contract date whose month saw an LPR
change has two possible caps (``threshold`` and ``threshold_alt``): when the rate
is on different sides of them the level is ``depends``. The 2015 "24% protected /
36% void" rule is never presented as current law (rules.md §0.1).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum
from types import MappingProxyType

from coach.confidence import Wording, wording
from coach.fact_rules import FACT_RULES
from coach.lenders import KnownPlatform, LenderType
from coach.lpr import (
    NEW_RULE_FROM,
    OLD_PROTECTED_LINE,
    caps_in_month,
    default_table,
    filing_cap,
    is_stale,
    private_lending_cap,
)

__all__ = [
    "FLAG_CITATIONS",
    "LICENSED_THRESHOLD",
    "NEW_LOAN_TIERS_FROM",
    "SECOND_LOOK_ABOVE",
    "RateVerdict",
    "ThresholdBasis",
    "VerdictFlag",
    "VerdictLevel",
    "assess_both",
    "assess_rate",
    "compare_shown",
    "shown_rate",
]

#: All-in APR above which a licensed lender's price is a red flag (rules.md §2.4).
LICENSED_THRESHOLD = Decimal("0.24")
#: For loans taken on or after NEW_LOAN_TIERS_FROM, above this deserves a second look.
SECOND_LOOK_ABOVE = Decimal("0.12")
NEW_LOAN_TIERS_FROM = date(2026, 1, 1)
#: Rates are shown to 0.01 percentage point: 0.0001 as a fraction.
SHOWN_STEP = Decimal("0.0001")


class VerdictLevel(StrEnum):
    OK = "ok"
    AT_THRESHOLD = "at_threshold"  # equal at the shown precision: at the line, not above
    SECOND_LOOK = "second_look"
    ABOVE_THRESHOLD = "above_threshold"
    DEPENDS = "depends"  # month-only date: within one possible cap, above the other
    INFO = "info"  # no line to compare with


class ThresholdBasis(StrEnum):
    LICENSED = "licensed"
    IF_LICENSED = "if_licensed"
    CARD = "card"
    BANK_LOAN = "bank_loan"
    BANK_UNSPLIT = "bank_unsplit"
    LPR_CAP = "lpr_cap"
    IF_PRIVATE = "if_private"
    UNLICENSED = "unlicensed"
    PRE_2020 = "pre_2020"


class VerdictFlag(StrEnum):
    UNLICENSED_VOID = "unlicensed_void"  # unlicensed lending to the public can be void
    LPR_STALE = "lpr_stale"  # the LPR table has not been checked recently
    LPR_UNVERIFIED = "lpr_unverified"  # the LPR used comes from a V3 or R row of the table
    CONTRACT_DATE_ASSUMED = "contract_date_assumed"  # no contract date: today was used
    #: the same for a licensed lender: only whether the new tiers apply depends on it
    CONTRACT_DATE_ASSUMED_LICENSED = "contract_date_assumed_licensed"
    MONTH_TWO_CAPS = "month_two_caps"  # month-only date, the LPR changed that month (not DEPENDS)
    NEW_LOAN_TIERS = "new_loan_tiers"  # a 2026+ loan: the 12%/24% tiers reportedly apply
    LENDER_UNKNOWN = "lender_unknown"  # a platform whose lender behind it is not known
    MICROLOAN_TARGET = "microloan_target"  # microloans: reportedly 4 x LPR by 2027
    COURT_MAY_REDUCE = "court_may_reduce"  # card: the court can cut an excessive total


def _flag_citation(flag: VerdictFlag) -> str | None:
    row = FACT_RULES.get(f"flag.{flag.value}")
    return row.citation if row is not None else None


#: The citation key of each flag (None: our own guidance), from coach.fact_rules.
FLAG_CITATIONS: Mapping[VerdictFlag, str | None] = MappingProxyType(
    {flag: _flag_citation(flag) for flag in VerdictFlag}
)


@dataclass(frozen=True, slots=True)
class RateVerdict:
    """How an APR compares with the line for its lender; rates are fractions.

    ``rule`` is the citation key (:data:`coach.citations.CITATIONS`) and ``codes``
    the catalog codes of the verdict's lines. ``threshold_alt`` and ``changed_on``:
    the other possible cap of a month-only contract date and the day it began.
    ``old_level`` and ``old_threshold`` (24%): a pre-2020 contract against the old
    line; ``threshold`` is then the cap if a suit were filed on ``filed_on``.
    """

    level: VerdictLevel
    apr: Decimal
    threshold: Decimal
    basis: ThresholdBasis
    rule: str | None  # a citation key; None for our own guidance (bank_unsplit)
    lender_type: LenderType | None
    second_look_above: Decimal | None = None
    lender: str | None = None  # the licensed lender behind a platform (proper name)
    lender_kind: str | None = None  # a lenders.py code, e.g. "partner_lenders"
    flags: frozenset[VerdictFlag] = frozenset()
    threshold_alt: Decimal | None = None
    changed_on: date | None = None
    old_level: VerdictLevel | None = None
    old_threshold: Decimal | None = None
    filed_on: date | None = None

    @property
    def codes(self) -> tuple[str, ...]:
        """The catalog codes of the verdict: one line, two for a pre-2020 contract."""
        if self.basis is ThresholdBasis.PRE_2020 and self.old_level is not None:
            return (
                f"verdict.pre_2020.old_{self.old_level.value}",
                f"verdict.pre_2020.new_{self.level.value}",
            )
        return (f"verdict.{self.basis.value}.{self.level.value}",)


def shown_rate(rate: Decimal) -> Decimal:
    """``rate`` rounded half-up to 0.01 percentage point, as the user sees it
    (0.120005 -> 0.1200). Exact for any size of rate."""
    with localcontext() as ctx:
        ctx.prec = max(40, rate.adjusted() + 10)
        return rate.quantize(SHOWN_STEP, rounding=ROUND_HALF_UP)


def compare_shown(rate: Decimal, line: Decimal) -> VerdictLevel:
    """OK, AT_THRESHOLD or ABOVE_THRESHOLD, comparing both at the shown precision."""
    shown, limit = shown_rate(rate), shown_rate(line)
    if shown > limit:
        return VerdictLevel.ABOVE_THRESHOLD
    return VerdictLevel.AT_THRESHOLD if shown == limit else VerdictLevel.OK


def _verdict(
    level: VerdictLevel,
    rate: Decimal,
    line: Decimal,
    basis: ThresholdBasis,
    lender_type: LenderType | None,
    flags: set[VerdictFlag],
    *,
    second_look_above: Decimal | None = None,
    lender: str | None = None,
    lender_kind: str | None = None,
    threshold_alt: Decimal | None = None,
    changed_on: date | None = None,
    old_level: VerdictLevel | None = None,
    old_threshold: Decimal | None = None,
    filed_on: date | None = None,
) -> RateVerdict:
    verdict = RateVerdict(
        level, rate, line, basis, None, lender_type, second_look_above, lender, lender_kind,
        frozenset(flags), threshold_alt, changed_on, old_level, old_threshold, filed_on,
    )  # fmt: skip
    # The citation is the one of the verdict's (last) line in coach.fact_rules.
    row = FACT_RULES.get(verdict.codes[-1])
    return replace(verdict, rule=row.citation if row is not None else None)


def _licensed(rate: Decimal, lender_type: LenderType | None, contract: date,
              platform: KnownPlatform | None, flags: set[VerdictFlag]) -> RateVerdict:  # fmt: skip
    second_look: Decimal | None = None
    if contract >= NEW_LOAN_TIERS_FROM:
        second_look = SECOND_LOOK_ABOVE
        flags.add(VerdictFlag.NEW_LOAN_TIERS)
    if lender_type is LenderType.MICROLOAN:
        flags.add(VerdictFlag.MICROLOAN_TARGET)
    # Who lends behind a platform is shown only as far as its source allows (an entry
    # marked R, recalled, is never shown: coach.confidence).
    known = platform is not None and wording(platform.confidence) is not Wording.NEVER
    lender = platform.lender if known and platform is not None else None
    lender_kind = platform.lender_kind if platform is not None else None
    if lender_type is LenderType.ONLINE_PLATFORM and lender is None:
        flags.add(VerdictFlag.LENDER_UNKNOWN)
    level = compare_shown(rate, LICENSED_THRESHOLD)
    if level is VerdictLevel.OK and second_look is not None:
        if compare_shown(rate, second_look) is VerdictLevel.ABOVE_THRESHOLD:
            level = VerdictLevel.SECOND_LOOK
    basis = ThresholdBasis.IF_LICENSED if lender_type is None else ThresholdBasis.LICENSED
    return _verdict(level, rate, LICENSED_THRESHOLD, basis, lender_type, flags,
                    second_look_above=second_look, lender=lender, lender_kind=lender_kind)  # fmt: skip


def _bank(rate: Decimal, lender_type: LenderType, flags: set[VerdictFlag]) -> RateVerdict:
    if lender_type is LenderType.BANK_UNSPLIT:
        return _verdict(VerdictLevel.INFO, rate, LICENSED_THRESHOLD, ThresholdBasis.BANK_UNSPLIT,
                        lender_type, flags)  # fmt: skip
    level = compare_shown(rate, LICENSED_THRESHOLD)
    if lender_type is LenderType.CREDIT_CARD:
        if level is VerdictLevel.ABOVE_THRESHOLD:
            flags.add(VerdictFlag.COURT_MAY_REDUCE)
        return _verdict(level, rate, LICENSED_THRESHOLD, ThresholdBasis.CARD, lender_type, flags)
    return _verdict(level, rate, LICENSED_THRESHOLD, ThresholdBasis.BANK_LOAN, lender_type, flags)


def _lpr_flags(days: tuple[date, ...], flags: set[VerdictFlag]) -> None:
    table = default_table()
    if any(table.entry_on(d).confidence in ("V3", "R") for d in days):
        flags.add(VerdictFlag.LPR_UNVERIFIED)


def _private(rate: Decimal, lender_type: LenderType | None, contract: date, month_only: bool,
             today: date, flags: set[VerdictFlag]) -> RateVerdict:  # fmt: skip
    if lender_type is LenderType.UNKNOWN:
        flags.add(VerdictFlag.UNLICENSED_VOID)
    if contract < NEW_RULE_FROM:
        # Art. 31 ¶2: the old 24% line up to 2020-08-19, then 4 x LPR at filing.
        cap = filing_cap(today)
        _lpr_flags((today,), flags)
        return _verdict(compare_shown(rate, cap), rate, cap, ThresholdBasis.PRE_2020, lender_type,
                        flags, old_level=compare_shown(rate, OLD_PROTECTED_LINE),
                        old_threshold=OLD_PROTECTED_LINE, filed_on=today)  # fmt: skip
    caps = caps_in_month(contract) if month_only else ((contract, private_lending_cap(contract)),)
    _lpr_flags(tuple(d for d, _ in caps), flags)
    cap, level = caps[0][1], compare_shown(rate, caps[0][1])
    alt, changed_on = (caps[-1][1], caps[-1][0]) if len(caps) > 1 else (None, None)
    if alt is not None:
        if compare_shown(rate, alt) is not level:
            level = VerdictLevel.DEPENDS  # the verdict itself names both caps
        else:
            flags.add(VerdictFlag.MONTH_TWO_CAPS)  # same side of both: a line names them
    basis = {
        None: ThresholdBasis.IF_PRIVATE,
        LenderType.UNKNOWN: ThresholdBasis.UNLICENSED,
    }.get(lender_type, ThresholdBasis.LPR_CAP)
    return _verdict(level, rate, cap, basis, lender_type, flags, threshold_alt=alt,
                    changed_on=changed_on)  # fmt: skip


def _start(contract_date: date | None, today: date) -> tuple[date, set[VerdictFlag]]:
    if contract_date is None:
        return today, {VerdictFlag.CONTRACT_DATE_ASSUMED}
    return contract_date, set()


def assess_rate(
    apr: Decimal,
    lender_type: LenderType | None,
    contract_date: date | None,
    today: date,
    *,
    platform: KnownPlatform | None = None,
    contract_month_only: bool = False,
) -> RateVerdict:
    """The verdict on an all-in nominal APR (a fraction) for ``lender_type`` (see the
    module table). ``lender_type=None`` is the licensed line, labelled "if this is a
    licensed lender" (:func:`assess_both` adds the private one). Without a contract
    date today is assumed (flag ``contract_date_assumed``); ``contract_month_only``
    means only its month is known (the date is then that month's first day).
    Raises ``CoachError("lpr.no_data")`` only if the LPR table is broken.
    """
    contract, flags = _start(contract_date, today)
    if lender_type in (LenderType.PRIVATE, LenderType.UNKNOWN):
        if is_stale(today):
            flags.add(VerdictFlag.LPR_STALE)
        return _private(apr, lender_type, contract, contract_month_only, today, flags)
    # The private-lending cap by contract date is not a bank's or a licensed lender's: a
    # bank's verdict doesn't turn on the date; a licensed one's only on the 2026 tiers.
    assumed = VerdictFlag.CONTRACT_DATE_ASSUMED in flags
    flags.discard(VerdictFlag.CONTRACT_DATE_ASSUMED)
    if lender_type is not None and lender_type.is_bank:
        return _bank(apr, lender_type, flags)
    if assumed:
        flags.add(VerdictFlag.CONTRACT_DATE_ASSUMED_LICENSED)
    return _licensed(apr, lender_type, contract, platform, flags)


def assess_both(
    apr: Decimal,
    contract_date: date | None,
    today: date,
    *,
    platform: KnownPlatform | None = None,
) -> tuple[RateVerdict, RateVerdict]:
    """Both verdicts when the lender is not known: "if this is a licensed lender"
    (the 24% line) and "if this is a private loan" (4 x LPR, rules.md §2.1a)."""
    licensed = assess_rate(apr, None, contract_date, today, platform=platform)
    # The private verdict says the date was assumed; the licensed one need not again.
    licensed = replace(licensed, flags=licensed.flags - {VerdictFlag.CONTRACT_DATE_ASSUMED_LICENSED})
    contract, flags = _start(contract_date, today)
    if is_stale(today):
        flags.add(VerdictFlag.LPR_STALE)
    return licensed, _private(apr, None, contract, False, today, flags)
