"""Is this rate too high? And what does this offer really cost? (rules.md §2, rates.md)

Thresholds (rules.md §2.4 "Bot guidance", rates.md "Thresholds"):

=====================================  ==========================================
lender type                            threshold
=====================================  ==========================================
bank / card, consumer finance,         24% all-in APR (regulators' guidance,
microloan, online platform             §2.4b-f); for loans taken from 2026-01-01
                                       on, above 12% already deserves a second
                                       look (§2.4d-e: 12-24% "monitored")
private person                         4 x 1-year LPR at the contract date (§2.1a,
                                       §2.2), see :mod:`coach.lpr`
unknown / possibly unlicensed          4 x LPR as well, flagged ``unlicensed_void``:
                                       unlicensed lending to the public can make the
                                       contract void (§2.1h)
=====================================  ==========================================

The 2015 "24% protected / 36% void" rule is outdated and is not encoded here
(rules.md §0.1). A rate equal to a threshold is within it. The thresholds are
Chinese rules; for US users the bot shows the figures without a verdict.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, localcontext
from enum import StrEnum
from types import MappingProxyType

from coach.errors import ParseError
from coach.lenders import KNOWN_PLATFORMS, KnownPlatform, LenderType, find_platform
from coach.lpr import NEW_RULE_FROM, is_stale, private_lending_cap
from coach.money import quantize_cents
from coach.parsing.calendar import add_months
from coach.parsing.quick import CheckQuick
from coach.rates import (
    MAX_INSTALMENTS,
    NoRateError,
    QuotedRate,
    RateKind,
    apr,
    effective_annual_rate,
    simple_annualised,
    xirr,
)

__all__ = [
    "FLAG_CITATIONS",
    "KNOWN_PLATFORMS",
    "LICENSED_THRESHOLD",
    "NEW_LOAN_TIERS_FROM",
    "SECOND_LOOK_ABOVE",
    "Instalments",
    "KnownPlatform",
    "LenderType",
    "OfferCheck",
    "QuotedTerms",
    "RateVerdict",
    "Schedule",
    "SingleRepayment",
    "ThresholdBasis",
    "VerdictFlag",
    "VerdictLevel",
    "assess_rate",
    "find_platform",
    "offer_check",
    "schedule_from_quick",
]

#: All-in APR above which a licensed lender's price is a red flag (rules.md §2.4).
LICENSED_THRESHOLD = Decimal("0.24")
#: For loans taken on or after NEW_LOAN_TIERS_FROM, above this deserves a second look.
SECOND_LOOK_ABOVE = Decimal("0.12")
NEW_LOAN_TIERS_FROM = date(2026, 1, 1)
_LICENSED = frozenset(
    {
        LenderType.CREDIT_CARD,
        LenderType.BANK_LOAN,
        LenderType.BANK_UNSPLIT,
        LenderType.CONSUMER_FINANCE,
        LenderType.ONLINE_PLATFORM,
        LenderType.MICROLOAN,
    }
)


class VerdictLevel(StrEnum):
    OK = "ok"
    SECOND_LOOK = "second_look"
    ABOVE_THRESHOLD = "above_threshold"


class ThresholdBasis(StrEnum):
    LICENSED = "licensed"  # the regulators' 24% line
    LPR_CAP = "lpr_cap"  # 4 x LPR at the contract date


class VerdictFlag(StrEnum):
    UNLICENSED_VOID = "unlicensed_void"  # unlicensed lending to the public can be void
    LPR_STALE = "lpr_stale"  # the LPR table has not been checked recently
    PRE_2020_CONTRACT = "pre_2020_contract"  # the old rule governed interest before 2020-08-20
    CONTRACT_DATE_ASSUMED = "contract_date_assumed"  # no contract date: today was used
    NEW_LOAN_TIERS = "new_loan_tiers"  # a 2026+ loan: the 12%/24% tiers apply
    LENDER_UNKNOWN = "lender_unknown"  # a platform whose lender behind it is not known
    MICROLOAN_TARGET = "microloan_target"  # microloans: new loans to reach 4 x LPR by 2027
    COURT_MAY_REDUCE = "court_may_reduce"  # card: the court can cut an excessive total


#: Where each flag comes from, for the bot's "why" line.
FLAG_CITATIONS: Mapping[VerdictFlag, str] = MappingProxyType(
    {
        VerdictFlag.UNLICENSED_VOID: "rules.md §2.1h",
        VerdictFlag.LPR_STALE: "rules.md §2.2",
        VerdictFlag.PRE_2020_CONTRACT: "rules.md §2.1g",
        VerdictFlag.CONTRACT_DATE_ASSUMED: "rules.md §2.1a",
        VerdictFlag.NEW_LOAN_TIERS: "rules.md §2.4e",
        VerdictFlag.LENDER_UNKNOWN: "rules.md §0.2",
        VerdictFlag.MICROLOAN_TARGET: "rules.md §2.4f",
        VerdictFlag.COURT_MAY_REDUCE: "rules.md §2.3d",
    }
)


@dataclass(frozen=True, slots=True)
class RateVerdict:
    """How an APR compares with the threshold that applies to its lender."""

    level: VerdictLevel
    apr: Decimal
    threshold: Decimal
    basis: ThresholdBasis
    rule: str  # citation key, e.g. "rules.md §2.4"
    lender_type: LenderType | None
    second_look_above: Decimal | None = None
    lender: str | None = None  # the licensed lender behind a platform (proper name)
    lender_kind: str | None = None  # a lenders.py code, e.g. "partner_lenders"
    flags: frozenset[VerdictFlag] = frozenset()


def _licensed_verdict(
    rate: Decimal,
    lender_type: LenderType | None,
    contract: date,
    platform: KnownPlatform | None,
    flags: set[VerdictFlag],
) -> RateVerdict:
    second_look: Decimal | None = None
    if contract >= NEW_LOAN_TIERS_FROM:
        second_look = SECOND_LOOK_ABOVE
        flags.add(VerdictFlag.NEW_LOAN_TIERS)
    if lender_type is LenderType.MICROLOAN:
        flags.add(VerdictFlag.MICROLOAN_TARGET)
    if lender_type is LenderType.CREDIT_CARD and rate > LICENSED_THRESHOLD:
        flags.add(VerdictFlag.COURT_MAY_REDUCE)
    lender = platform.lender if platform is not None else None
    lender_kind = platform.lender_kind if platform is not None else None
    if lender_type is LenderType.ONLINE_PLATFORM and lender is None:
        flags.add(VerdictFlag.LENDER_UNKNOWN)
    if rate > LICENSED_THRESHOLD:
        level = VerdictLevel.ABOVE_THRESHOLD
    elif second_look is not None and rate > second_look:
        level = VerdictLevel.SECOND_LOOK
    else:
        level = VerdictLevel.OK
    return RateVerdict(
        level,
        rate,
        LICENSED_THRESHOLD,
        ThresholdBasis.LICENSED,
        "rules.md §2.4",
        lender_type,
        second_look,
        lender,
        lender_kind,
        frozenset(flags),
    )


def _lpr_verdict(
    rate: Decimal, lender_type: LenderType | None, contract: date, flags: set[VerdictFlag]
) -> RateVerdict:
    cap = private_lending_cap(contract)
    if contract < NEW_RULE_FROM:
        flags.add(VerdictFlag.PRE_2020_CONTRACT)
    rule = "rules.md §2.1a, §2.2"
    if lender_type is LenderType.UNKNOWN:
        flags.add(VerdictFlag.UNLICENSED_VOID)
        rule = "rules.md §2.1a, §2.1h"
    level = VerdictLevel.ABOVE_THRESHOLD if rate > cap else VerdictLevel.OK
    return RateVerdict(
        level, rate, cap, ThresholdBasis.LPR_CAP, rule, lender_type, flags=frozenset(flags)
    )


def assess_rate(
    apr: Decimal,
    lender_type: LenderType | None,
    contract_date: date | None,
    today: date,
    *,
    platform: KnownPlatform | None = None,
) -> RateVerdict:
    """Compare an all-in nominal APR with the threshold for ``lender_type``.

    ``lender_type=None`` means "a licensed lender of unknown kind" (the 24% line).
    Without a contract date, today is assumed (flag ``contract_date_assumed``).
    """
    flags: set[VerdictFlag] = set()
    if contract_date is None:
        contract_date = today
        flags.add(VerdictFlag.CONTRACT_DATE_ASSUMED)
    if lender_type in (LenderType.PRIVATE, LenderType.UNKNOWN):
        if is_stale(today):
            flags.add(VerdictFlag.LPR_STALE)
        return _lpr_verdict(apr, lender_type, contract_date, flags)
    return _licensed_verdict(apr, lender_type, contract_date, platform, flags)


# --- /check -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Instalments:
    """``count`` monthly payments of ``payment``, the first a month after receipt."""

    count: int
    payment: Decimal


@dataclass(frozen=True, slots=True)
class SingleRepayment:
    """One repayment of ``amount`` after ``days`` days."""

    amount: Decimal
    days: int


@dataclass(frozen=True, slots=True)
class QuotedTerms:
    """A quoted rate over ``months`` monthly payments, plus fees.

    The contract principal is ``received + upfront_fee`` (a fee deducted before
    payout, 砍头息, rules.md §2.1d); ``monthly_fee`` is a fixed amount added to every
    payment (service or membership fees). Annual and monthly quotes amortise in
    equal payments; a daily quote is taken as daily x basis / 12 a month (simple);
    a monthly fee quote pays ``P/n + P*m``; ``months`` defaults to the quote's count.
    """

    rate: QuotedRate
    months: int | None = None
    upfront_fee: Decimal = Decimal(0)
    monthly_fee: Decimal = Decimal(0)


Schedule = Instalments | SingleRepayment | QuotedTerms


@dataclass(frozen=True, slots=True)
class OfferCheck:
    """What an offer costs. Rates are unrounded fractions; money totals are in cents."""

    received: Decimal
    payments: tuple[Decimal, ...]  # unrounded, one per period
    total_repaid: Decimal
    total_cost: Decimal
    apr: Decimal  # nominal, the headline figure
    effective_annual: Decimal
    simple_annualised: Decimal | None  # the single-repayment form only
    xirr: Decimal | None  # None when it exceeds any meaningful range
    verdicts: tuple[RateVerdict, ...]


def _count(n: int) -> int:
    if not 1 <= n <= MAX_INSTALMENTS:
        raise ParseError("instalments.out_of_range", instalments=n, min=1, max=MAX_INSTALMENTS)
    return n


def _quoted_payments(received: Decimal, terms: QuotedTerms) -> list[Decimal]:
    q = terms.rate
    term = terms.months if terms.months is not None else q.instalments
    if term is None:
        raise ParseError("check.term_missing", kind=q.kind.value)
    n = _count(term)
    principal = received + terms.upfront_fee
    with localcontext() as ctx:
        ctx.prec = 40
        if q.kind is RateKind.INSTALMENTS:
            assert q.payment is not None
            base = [q.payment] * n
        elif q.kind is RateKind.MONTHLY_FEE:
            base = [principal / n + principal * q.rate] * n
        else:
            monthly = {
                RateKind.ANNUAL: q.rate / 12,
                RateKind.MONTHLY: q.rate,
                RateKind.DAILY: q.rate * q.day_basis / 12,
            }[q.kind]
            if monthly == 0:
                payment = principal / n
            else:
                payment = principal * monthly / (1 - (1 + monthly) ** -n)
            base = [payment] * n
        return [p + terms.monthly_fee for p in base]


def offer_check(
    received: Decimal,
    schedule: Schedule,
    *,
    today: date,
    lender_type: LenderType | None = None,
    contract_date: date | None = None,
    platform: KnownPlatform | None = None,
) -> OfferCheck:
    """APR, effective rate, cost and verdicts of an offer (rates.md, rules.md §1.2, §2).

    Without ``lender_type`` the verdicts hold both thresholds: the licensed 24%
    line and 4 x LPR. Raises :class:`~coach.rates.NoRateError` when the payments
    do not cover the money received, and ParseError ``check.term_missing`` /
    ``instalments.out_of_range`` / ``days.out_of_range`` for impossible schedules.
    """
    start = contract_date or today
    simple: Decimal | None = None
    if isinstance(schedule, SingleRepayment):
        if schedule.days < 1:
            raise ParseError("days.out_of_range", days=schedule.days, min=1, max=3650)
        payments = [schedule.amount]
        nominal = simple = simple_annualised(schedule.amount - received, received, schedule.days)
        if simple < 0:
            raise NoRateError("payments_below_received")
        dates = [start + timedelta(days=schedule.days)]
    else:
        if isinstance(schedule, Instalments):
            payments = [schedule.payment] * _count(schedule.count)
        else:
            payments = _quoted_payments(received, schedule)
        nominal = apr(received, payments)
        dates = [add_months(start, k) for k in range(1, len(payments) + 1)]
    try:
        effective: Decimal | None = xirr(
            [(start, received), *((d, -p) for d, p in zip(dates, payments, strict=True))]
        )
    except NoRateError:
        effective = None
    if isinstance(schedule, SingleRepayment):
        periods_per_year = Decimal(365) / Decimal(schedule.days)
        annual = (
            effective if effective is not None else effective_annual_rate(nominal, periods_per_year)
        )
    else:
        annual = effective_annual_rate(nominal)
    total = quantize_cents(sum(payments, Decimal(0)))
    verdicts: tuple[RateVerdict, ...]
    if lender_type is None:
        verdicts = (
            assess_rate(nominal, None, contract_date, today, platform=platform),
            assess_rate(nominal, LenderType.PRIVATE, contract_date, today),
        )
    else:
        verdicts = (assess_rate(nominal, lender_type, contract_date, today, platform=platform),)
    return OfferCheck(
        received=received,
        payments=tuple(payments),
        total_repaid=total,
        total_cost=total - quantize_cents(received),
        apr=nominal,
        effective_annual=annual,
        simple_annualised=simple,
        xirr=effective,
        verdicts=verdicts,
    )


def schedule_from_quick(check: CheckQuick) -> Schedule:
    """The schedule of a parsed ``/check`` quick form."""
    if check.instalments is not None and check.payment is not None:
        return Instalments(check.instalments, check.payment)
    if check.repay is not None and check.days is not None:
        return SingleRepayment(check.repay, check.days)
    if check.rate is not None:
        return QuotedTerms(check.rate)
    raise ParseError("check.invalid", text="")
