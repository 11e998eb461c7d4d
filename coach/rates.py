"""The true cost of credit: IRR-based APR, effective annual rate, XIRR, quoted rates.

Definitions follow ``rates.md`` and ``rules.md`` §1.2:

- periodic IRR ``r`` solves ``A0 = sum_{t=1..n} P_t / (1+r)^t``;
- the headline **APR** is nominal: ``r x k`` (PBOC Announcement [2021] No. 3, IRR
  method; US Reg Z App. J (b)(1)) — rules.md §1.1a, §1.1e, §1.1i;
- the **effective annual rate** is ``(1+r)^k - 1``, shown second and labelled;
- **XIRR** solves ``sum_i CF_i / (1+x)^((d_i - d_0)/365) = 0`` and is effective;
- daily quotes: simple annual = daily x 365 (basis stated), compounded
  ``(1+daily)^365 - 1``;
- a monthly fee ``m`` on the original principal over ``n`` instalments is the
  schedule ``A/n + A*m`` per month, then IRR'd (rules.md §1.2).

All maths is ``Decimal`` in a local context of 40 significant digits; the roots
are bracketed and then found by false position with bisection's safety (the
present value is monotonic in the rate for the cash-flow shapes accepted here). Rates are fractions: ``0.1090`` is 10.90%.

**Negative rates are refused.** When the payments add up to less than the money
received, the only root is a negative rate. In practice that is a typo in the
numbers, so :class:`NoRateError` is raised with ``reason="payments_below_received"``
and the bot asks the user to check them. Equal totals give exactly ``0``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, localcontext
from enum import StrEnum

from coach.errors import CoachError, ParseError

__all__ = [
    "DAYS_PER_YEAR",
    "EFFECTIVE_SHOWN_BELOW",
    "MAX_INSTALMENTS",
    "NoRateError",
    "NormalisedRate",
    "QuotedRate",
    "RateBasis",
    "RateKind",
    "apr",
    "daily_compounded",
    "effective_annual_rate",
    "normalise",
    "periodic_irr",
    "quoted_to_apr",
    "schedule_value",
    "simple_annualised",
    "xirr",
]

PRECISION = 40
#: Day count of the simple annualisation and of XIRR (rates.md).
DAYS_PER_YEAR = 365
#: The effective annual rate is shown only below 10,000% (as a fraction: 100); above
#: it the figure is meaningless (a 1-month loan of 100 repaid with 12,000 compounds
#: to about 8.9 x 10^26 %) and the bot says "over 10,000%". The APR is always shown.
EFFECTIVE_SHOWN_BELOW = Decimal(100)
#: Most instalments the coach accepts (50 years of monthly payments).
MAX_INSTALMENTS = 600
#: Results are rounded to 12 decimals: far below the 1e-6 the coach needs, and
#: far above what is ever displayed (0.01 percentage points, rates.md).
_RESULT_PLACES = Decimal("1e-12")
_ZERO = Decimal(0)
_ONE = Decimal(1)
_MAX_ITER = 400
_HI_LIMIT = Decimal("1e30")
_TOLERANCE = Decimal("1e-16")
#: Totals this close (relatively) are equal: 100/3 x 3 is 100 at 40 digits, not 99.99...
_SAME = Decimal("1e-30")


class NoRateError(CoachError, ValueError):
    """No rate solves the cash flows. Code ``rate.no_solution``, param ``reason``.

    Reasons: ``no_payments``, ``received_not_positive``, ``payment_negative``,
    ``payments_below_received``, ``rate_out_of_range``, ``first_flow_not_positive``,
    ``later_flow_not_negative``, ``flow_before_start``, ``no_time_elapsed``,
    ``days_not_positive``.
    """

    code = "rate.no_solution"

    def __init__(self, reason: str) -> None:
        super().__init__("rate.no_solution", reason=reason)


def _rounded(x: Decimal) -> Decimal:
    """``x`` to 12 decimals, unless it is too large for that at 40 digits."""
    if x.adjusted() >= PRECISION - 13:
        return +x
    return x.quantize(_RESULT_PLACES)


def _solve_increasing(g: Callable[[Decimal], Decimal]) -> Decimal:
    """Root of an increasing ``g`` with ``g(0) < 0``, searched on ``[0, hi]``.

    The bracket is doubled until it holds the root, then narrowed by the Illinois
    variant of false position: it never leaves the bracket (as robust as
    bisection) and converges superlinearly (a 600-payment XIRR in a few steps).
    A step that rounding pushes to the bracket's edge falls back to bisection.
    """
    lo, hi = _ZERO, _ONE
    g_lo, g_hi = g(lo), g(hi)
    while g_hi < 0:
        lo, g_lo = hi, g_hi
        hi *= 2
        if hi > _HI_LIMIT:
            raise NoRateError("rate_out_of_range")
        g_hi = g(hi)
    side = 0
    for _ in range(_MAX_ITER):
        x = (lo * g_hi - hi * g_lo) / (g_hi - g_lo)
        if not lo < x < hi:
            x = (lo + hi) / 2
        g_x = g(x)
        if g_x == 0:
            return x
        if g_x < 0:
            lo, g_lo = x, g_x
            if side == -1:
                g_hi /= 2
            side = -1
        else:
            hi, g_hi = x, g_x
            if side == 1:
                g_lo /= 2
            side = 1
        if hi - lo <= _TOLERANCE * max(_ONE, lo):
            break
    return (lo + hi) / 2


def periodic_irr(received: Decimal, payments: Sequence[Decimal]) -> Decimal:
    """The periodic IRR ``r`` of ``+received; -payments[0] .. -payments[n-1]``.

    Payments are positive and fall at the ends of periods 1..n (rules.md §1.2).
    Raises :class:`NoRateError` when no non-negative rate solves it.
    """
    if received <= 0:
        raise NoRateError("received_not_positive")
    if not payments:
        raise NoRateError("no_payments")
    if any(p < 0 for p in payments):
        raise NoRateError("payment_negative")
    with localcontext() as ctx:
        ctx.prec = PRECISION
        total = sum(payments, _ZERO)
        if abs(total - received) <= received * _SAME:
            return _ZERO
        if total < received:
            raise NoRateError("payments_below_received")

        def excess_of_received(r: Decimal) -> Decimal:
            # received - PV(payments at r): increasing in r, negative at r = 0.
            v = _ONE / (_ONE + r)
            factor, pv = _ONE, _ZERO
            for p in payments:
                factor *= v
                pv += p * factor
            return received - pv

        return +_solve_increasing(excess_of_received)


def apr(received: Decimal, payments: Sequence[Decimal], periods_per_year: int = 12) -> Decimal:
    """Nominal APR = periodic IRR x ``periods_per_year`` (rules.md §1.1i, §1.2).

    ``apr(D(5000), [D(130)] * 48)`` is about ``0.1132``. ``0`` for an
    interest-free schedule; :class:`NoRateError` when nothing solves it.
    """
    r = periodic_irr(received, payments)
    if r == 0:
        return _ZERO
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return _rounded(r * periods_per_year)


def schedule_value(payment: Decimal, count: int, apr: Decimal, periods_per_year: int = 12) -> Decimal:
    """The money ``count`` level payments of ``payment`` repay at nominal ``apr``: their
    present value, ``payment x (1 - (1 + r)^-count) / r`` with ``r = apr / periods``
    (``payment x count`` at 0%). The inverse of :func:`apr` for a level schedule:
    ``schedule_value(D(110), 12, D("0.1797"))`` is about 1,200.

    Raises ``ValueError`` for a count below 1 or a negative rate.
    """
    if count < 1 or apr < 0:
        raise ValueError("a schedule has at least one payment and a rate of 0 or more")
    if apr == 0:
        return payment * count
    with localcontext() as ctx:
        ctx.prec = PRECISION
        r = apr / periods_per_year
        return payment * (_ONE - (_ONE + r) ** -count) / r


def effective_annual_rate(apr: Decimal, periods_per_year: int | Decimal = 12) -> Decimal:
    """``(1 + apr/k)^k - 1``: the effective annual rate of a nominal APR (rules.md §1.2).

    Can be astronomically large for absurd offers; show it only below
    :data:`EFFECTIVE_SHOWN_BELOW`.
    """
    if apr == 0:
        return _ZERO
    with localcontext() as ctx:
        ctx.prec = PRECISION
        k = Decimal(periods_per_year)
        return _rounded((_ONE + apr / k) ** k - _ONE)


def daily_compounded(daily: Decimal, days: int = DAYS_PER_YEAR) -> Decimal:
    """``(1 + daily)^days - 1``: a daily rate compounded over a year (rates.md)."""
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return _rounded((_ONE + daily) ** days - _ONE)


def simple_annualised(fee: Decimal, principal: Decimal, days: int) -> Decimal:
    """``fee / principal x 365 / days``: the simple figure for short loans (rules.md §1.2)."""
    if principal <= 0:
        raise NoRateError("received_not_positive")
    if days <= 0:
        raise NoRateError("days_not_positive")
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return _rounded(fee / principal * DAYS_PER_YEAR / days)


def xirr(flows: Sequence[tuple[date, Decimal]]) -> Decimal:
    """Effective annual rate of dated cash flows (rules.md §1.2, "Irregular dates").

    The first flow is the money received (positive); every later flow is a
    repayment (negative), dated on or after the first. Day count: actual/365.
    """
    if len(flows) < 2:
        raise NoRateError("no_payments")
    d0, received = flows[0]
    if received <= 0:
        raise NoRateError("first_flow_not_positive")
    later = flows[1:]
    if any(amount > 0 for _, amount in later):
        raise NoRateError("later_flow_not_negative")
    if any(d < d0 for d, _ in later):
        raise NoRateError("flow_before_start")
    with localcontext() as ctx:
        ctx.prec = PRECISION
        repaid = -sum((amount for _, amount in later), _ZERO)
        if abs(repaid - received) <= received * _SAME:
            return _ZERO
        if repaid < received:
            raise NoRateError("payments_below_received")
        timed = [(Decimal((d - d0).days) / DAYS_PER_YEAR, -amount) for d, amount in later]
        if all(t == 0 for t, _ in timed):
            raise NoRateError("no_time_elapsed")

        def excess_of_received(x: Decimal) -> Decimal:
            log = (_ONE + x).ln()
            pv = sum((p * (-t * log).exp() for t, p in timed), _ZERO)
            return received - pv

        return _rounded(_solve_increasing(excess_of_received))


# --- quoted rates ---------------------------------------------------------------


class RateKind(StrEnum):
    """How a lender quoted the price (rates.md, first paragraph)."""

    ANNUAL = "annual"  # 年化 / APR: taken as the nominal APR
    MONTHLY = "monthly"  # 月息 / 月利率: on the declining balance
    DAILY = "daily"  # 日息 / 日利率, often in ‱ (日息万五 = 0.05%)
    MONTHLY_FEE = "monthly_fee"  # 月手续费率 on the ORIGINAL principal, n instalments
    INSTALMENTS = "instalments"  # n payments of X against a balance


class RateBasis(StrEnum):
    """How a normalised APR was obtained: the bot must say which (rules.md §1.1e)."""

    QUOTED_ANNUAL = "quoted_annual"  # the lender's annual figure, taken as given
    NOMINAL_IRR = "nominal_irr"  # periodic IRR x 12
    SIMPLE_DAILY = "simple_daily"  # daily x day_basis (365 or 360), simple interest


@dataclass(frozen=True, slots=True)
class QuotedRate:
    """A rate as the lender quoted it. ``rate`` is a fraction per period.

    - ``ANNUAL``/``MONTHLY``/``DAILY``: ``rate`` per year/month/day; ``instalments``
      may record a term but does not change the APR; ``day_basis`` (365 or 360)
      is the simple-annualisation basis of a daily quote.
    - ``MONTHLY_FEE``: ``rate`` per month on the original principal, over
      ``instalments`` monthly payments.
    - ``INSTALMENTS``: ``instalments`` payments of ``payment``; ``balance`` is what
      they repay (or pass ``principal`` to :func:`quoted_to_apr`); ``rate`` unused.
    """

    kind: RateKind
    rate: Decimal = _ZERO
    instalments: int | None = None
    payment: Decimal | None = None
    balance: Decimal | None = None
    day_basis: int = DAYS_PER_YEAR

    def __post_init__(self) -> None:
        if self.rate < 0:
            raise ParseError("rate.negative", text=str(self.rate))
        if self.instalments is not None and not 1 <= self.instalments <= MAX_INSTALMENTS:
            raise ParseError(
                "instalments.out_of_range",
                instalments=self.instalments,
                min=1,
                max=MAX_INSTALMENTS,
            )
        needs_count = self.kind in (RateKind.MONTHLY_FEE, RateKind.INSTALMENTS)
        if needs_count and self.instalments is None:
            raise ParseError("rate.instalments_missing", text=self.kind.value)
        if self.kind is RateKind.INSTALMENTS and (self.payment is None or self.payment <= 0):
            raise ParseError("amount.invalid", text=str(self.payment))
        if self.day_basis not in (360, 365):
            raise ParseError("rate.invalid", text=f"day_basis={self.day_basis}")


@dataclass(frozen=True, slots=True)
class NormalisedRate:
    """A quoted rate turned into the coach's one number, with how it was obtained."""

    apr: Decimal
    effective_annual: Decimal
    basis: RateBasis
    day_basis: int | None = None


def _instalment_apr(q: QuotedRate, principal: Decimal | None) -> Decimal:
    n = q.instalments
    assert n is not None  # checked in __post_init__
    if q.kind is RateKind.MONTHLY_FEE:
        # The APR of A/n + A*m is the same for every A: use the principal if given.
        a = principal if principal is not None and principal > 0 else _ONE
        with localcontext() as ctx:
            ctx.prec = PRECISION
            payment = a / n + a * q.rate
        return apr(a, [payment] * n)
    balance = q.balance if q.balance is not None else principal
    if balance is None:
        raise ParseError("rate.principal_required", kind=q.kind.value)
    assert q.payment is not None
    return apr(balance, [q.payment] * n)


def normalise(q: QuotedRate, principal: Decimal | None = None) -> NormalisedRate:
    """Turn any quote into a nominal APR plus the effective annual rate (rates.md)."""
    with localcontext() as ctx:
        ctx.prec = PRECISION
        if q.kind is RateKind.ANNUAL:
            return NormalisedRate(q.rate, effective_annual_rate(q.rate), RateBasis.QUOTED_ANNUAL)
        if q.kind is RateKind.MONTHLY:
            nominal = q.rate * 12
            return NormalisedRate(nominal, effective_annual_rate(nominal), RateBasis.NOMINAL_IRR)
        if q.kind is RateKind.DAILY:
            return NormalisedRate(
                q.rate * q.day_basis,
                daily_compounded(q.rate, DAYS_PER_YEAR),
                RateBasis.SIMPLE_DAILY,
                q.day_basis,
            )
    nominal = _instalment_apr(q, principal)
    return NormalisedRate(nominal, effective_annual_rate(nominal), RateBasis.NOMINAL_IRR)


def quoted_to_apr(q: QuotedRate, principal: Decimal | None = None) -> Decimal:
    """The nominal APR of a quote: annual as given, monthly x 12, daily x basis
    (simple, see ``q.day_basis``), monthly fee and instalments by IRR (rates.md).
    """
    return normalise(q, principal).apr
