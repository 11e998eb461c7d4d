"""What does this offer really cost? /check's maths, with the verdicts of its rate.

The verdicts themselves (which line applies to which lender, rules.md §2) live in
:mod:`coach.verdicts`; their names are re-exported here for callers of /check.
Without a lender type an offer gets both verdicts, each labelled: "if this is a
licensed lender" and "if this is a private loan" (the 4 x LPR line applies to
private lending only, rules.md §0.2, §2.1i).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, localcontext

from coach.errors import ParseError
from coach.lenders import KNOWN_PLATFORMS, KnownPlatform, LenderType, find_platform
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
from coach.verdicts import (
    FLAG_CITATIONS,
    LICENSED_THRESHOLD,
    NEW_LOAN_TIERS_FROM,
    SECOND_LOOK_ABOVE,
    RateVerdict,
    ThresholdBasis,
    VerdictFlag,
    VerdictLevel,
    assess_both,
    assess_rate,
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
    "assess_both",
    "assess_rate",
    "find_platform",
    "offer_check",
    "schedule_from_quick",
]


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

    Without ``lender_type`` the verdicts hold both lines, each labelled
    (:func:`coach.verdicts.assess_both`). Raises :class:`~coach.rates.NoRateError` when the payments
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
        verdicts = assess_both(nominal, contract_date, today, platform=platform)
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
