"""coach.rates: the public vectors of rates.md and the properties of an IRR."""

from datetime import date, timedelta
from decimal import Decimal, localcontext

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from coach.errors import CoachError, ParseError
from coach.money import D
from coach.rates import (
    NoRateError,
    QuotedRate,
    RateBasis,
    RateKind,
    apr,
    daily_compounded,
    effective_annual_rate,
    normalise,
    periodic_irr,
    quoted_to_apr,
    schedule_value,
    simple_annualised,
    xirr,
)


def pct(x: Decimal, places: int = 2) -> Decimal:
    """A fraction as a percentage rounded for display (rates.md: 0.01 points)."""
    return (x * 100).quantize(Decimal(1).scaleb(-places))


# rates.md "Public test vectors": received, n, payment, APR %, effective %
VECTORS = [
    pytest.param("5000", 48, "130", "11.32", "11.92", id="mathworks-annurate"),
    pytest.param("8640", 48, "200", "5.262", "5.39", id="flat-rate-car-loan"),
    pytest.param("12000", 12, "1060", "10.90", "11.46", id="monthly-fee-0.5pct-quoted-6pct"),
    pytest.param("10000", 12, "888.49", "12.00", "12.68", id="control-12pct-amortising"),
]


@pytest.mark.parametrize(("received", "n", "payment", "apr_pct", "ear_pct"), VECTORS)
def test_public_vectors(received: str, n: int, payment: str, apr_pct: str, ear_pct: str) -> None:
    nominal = apr(D(received), [D(payment)] * n)
    places = len(apr_pct.split(".")[1])
    assert pct(nominal, places) == D(apr_pct)
    assert pct(effective_annual_rate(nominal), len(ear_pct.split(".")[1])) == D(ear_pct)


def test_daily_vector_simple_and_compounded() -> None:
    q = QuotedRate(RateKind.DAILY, D("0.0005"))
    assert quoted_to_apr(q) == D("0.1825")
    assert pct(daily_compounded(D("0.0005"))) == D("20.02")
    n = normalise(q)
    assert n.basis is RateBasis.SIMPLE_DAILY and n.day_basis == 365
    assert pct(n.effective_annual) == D("20.02")


def test_daily_quote_on_a_360_day_basis_says_so() -> None:
    n = normalise(QuotedRate(RateKind.DAILY, D("0.0005"), day_basis=360))
    assert n.apr == D("0.18") and n.day_basis == 360


def test_monthly_fee_quote_is_the_irr_of_its_schedule() -> None:
    # rates.md: a 0.5%/month fee over 12 instalments is 10.90%, not the quoted 6%.
    q = QuotedRate(RateKind.MONTHLY_FEE, D("0.005"), instalments=12)
    assert pct(quoted_to_apr(q)) == D("10.90")
    assert quoted_to_apr(q, D(12000)) == quoted_to_apr(q, D(1))


def test_the_24f_shortcut_overstates_the_irr_apr() -> None:
    # rules.md §1.2: APR ~ 24F/(n+1) = 11.08% vs 10.90% for the monthly-fee vector.
    shortcut = 24 * D("0.06") / 13
    assert pct(shortcut) == D("11.08")
    assert shortcut > apr(D(12000), [D(1060)] * 12)


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        (QuotedRate(RateKind.ANNUAL, D("0.18")), D("0.18")),
        (QuotedRate(RateKind.MONTHLY, D("0.015")), D("0.180")),
        (QuotedRate(RateKind.DAILY, D("0.0003")), D("0.1095")),
        (QuotedRate(RateKind.ANNUAL, D(0)), D(0)),
    ],
)
def test_simple_quotes_normalise_to_nominal_apr(quote: QuotedRate, expected: Decimal) -> None:
    assert quoted_to_apr(quote) == expected


def test_instalments_quote_uses_its_balance_or_the_principal() -> None:
    with_balance = QuotedRate(
        RateKind.INSTALMENTS, instalments=12, payment=D(1060), balance=D(12000)
    )
    assert pct(quoted_to_apr(with_balance)) == D("10.90")
    without = QuotedRate(RateKind.INSTALMENTS, instalments=12, payment=D(1060))
    assert pct(quoted_to_apr(without, D(12000))) == D("10.90")
    with pytest.raises(ParseError) as info:
        quoted_to_apr(without)
    assert info.value.code == "rate.principal_required"


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"kind": RateKind.MONTHLY_FEE, "rate": D("0.006")}, "rate.instalments_missing"),
        ({"kind": RateKind.ANNUAL, "rate": D("-0.1")}, "rate.negative"),
        (
            {"kind": RateKind.MONTHLY_FEE, "rate": D("0.006"), "instalments": 0},
            "instalments.out_of_range",
        ),
        ({"kind": RateKind.INSTALMENTS, "instalments": 12}, "amount.invalid"),
        ({"kind": RateKind.DAILY, "rate": D("0.0005"), "day_basis": 300}, "rate.invalid"),
    ],
)
def test_quoted_rate_validates_itself(kwargs: dict[str, object], code: str) -> None:
    with pytest.raises(ParseError) as info:
        QuotedRate(**kwargs)  # type: ignore[arg-type]
    assert info.value.code == code


def test_interest_free_schedule_is_exactly_zero() -> None:
    assert apr(D(1200), [D(100)] * 12) == 0
    assert effective_annual_rate(D(0)) == 0


@pytest.mark.parametrize(
    ("received", "payments", "reason"),
    [
        (D(1000), [], "no_payments"),
        (D(0), [D(100)], "received_not_positive"),
        (D(-5), [D(100)], "received_not_positive"),
        (D(1000), [D(100)] * 9, "payments_below_received"),
        (D(1000), [D(600), D(-100), D(600)], "payment_negative"),
    ],
)
def test_no_rate_error_carries_a_reason(
    received: Decimal, payments: list[Decimal], reason: str
) -> None:
    with pytest.raises(NoRateError) as info:
        apr(received, payments)
    assert info.value.code == "rate.no_solution"
    assert info.value.params == {"reason": reason}
    assert isinstance(info.value, ValueError) and isinstance(info.value, CoachError)


def test_huge_rates_are_still_solved() -> None:
    assert apr(D(1000), [D(100000)], periods_per_year=1) == D(99)


def test_simple_annualised_for_a_7_day_loan() -> None:
    assert pct(simple_annualised(D(10), D(1000), 7)) == D("52.14")
    with pytest.raises(NoRateError):
        simple_annualised(D(10), D(1000), 0)
    with pytest.raises(NoRateError):
        simple_annualised(D(10), D(0), 7)


def test_xirr_of_a_7_day_loan_is_effective() -> None:
    start = date(2026, 1, 1)
    x = xirr([(start, D(1000)), (start + timedelta(days=7), D(-1010))])
    with localcontext() as ctx:
        ctx.prec = 40
        expected = D("1.01") ** (D(365) / 7) - 1
    assert abs(x - expected) < D("1e-9")


def test_xirr_of_a_year_at_10pct() -> None:
    assert xirr([(date(2025, 1, 1), D(1000)), (date(2026, 1, 1), D(-1100))]) == D("0.1")


@pytest.mark.parametrize(
    ("flows", "reason"),
    [
        ([(date(2026, 1, 1), D(1000))], "no_payments"),
        ([(date(2026, 1, 1), D(-1000)), (date(2026, 2, 1), D(-1100))], "first_flow_not_positive"),
        ([(date(2026, 1, 1), D(1000)), (date(2026, 2, 1), D(1100))], "later_flow_not_negative"),
        ([(date(2026, 1, 1), D(1000)), (date(2025, 2, 1), D(-1100))], "flow_before_start"),
        ([(date(2026, 1, 1), D(1000)), (date(2026, 1, 1), D(-1100))], "no_time_elapsed"),
        ([(date(2026, 1, 1), D(1000)), (date(2026, 2, 1), D(-900))], "payments_below_received"),
    ],
)
def test_xirr_refuses_what_it_cannot_solve(flows: list[tuple[date, Decimal]], reason: str) -> None:
    with pytest.raises(NoRateError) as info:
        xirr(flows)
    assert info.value.params["reason"] == reason


def test_xirr_beyond_any_meaning_is_refused() -> None:
    # Doubling money overnight compounds to ~1e110 a year.
    with pytest.raises(NoRateError) as info:
        xirr([(date(2026, 1, 1), D(1000)), (date(2026, 1, 2), D(-2000))])
    assert info.value.params["reason"] == "rate_out_of_range"


def test_xirr_of_equal_totals_is_zero() -> None:
    assert xirr([(date(2026, 1, 1), D(1000)), (date(2026, 6, 1), D(-1000))]) == 0


# --- properties ---------------------------------------------------------------

amounts = st.decimals(
    min_value=100, max_value=1_000_000, places=2, allow_nan=False, allow_infinity=False
)
fee_rates = st.decimals(
    min_value=0, max_value=D("0.05"), places=4, allow_nan=False, allow_infinity=False
)
counts = st.integers(min_value=1, max_value=60)


def flat_payments(principal: Decimal, m: Decimal, n: int) -> list[Decimal]:
    with localcontext() as ctx:
        ctx.prec = 40
        return [principal / n + principal * m] * n


@settings(max_examples=60, deadline=None)
@given(amounts, fee_rates, fee_rates, counts)
def test_apr_rises_with_the_fee(principal: Decimal, m1: Decimal, m2: Decimal, n: int) -> None:
    assume(m1 != m2)
    low, high = sorted((m1, m2))
    assert apr(principal, flat_payments(principal, low, n)) < apr(
        principal, flat_payments(principal, high, n)
    )


@settings(max_examples=60, deadline=None)
@given(amounts, st.decimals(min_value=0, max_value=D("0.5"), places=4, allow_nan=False), counts)
def test_discounting_at_the_found_rate_gives_back_the_amount_received(
    received: Decimal, markup: Decimal, n: int
) -> None:
    payments = [D(received * (1 + markup) / n).quantize(D("0.01")) + D("0.01")] * n
    r = periodic_irr(received, payments)
    with localcontext() as ctx:
        ctx.prec = 40
        pv = sum((p / (1 + r) ** t for t, p in enumerate(payments, start=1)), D(0))
        assert abs(pv - received) / received < D("1e-6")
        # The APR (rounded to 12 places) is still within 1e-6 relative.
        r2 = apr(received, payments) / 12
        pv2 = sum((p / (1 + r2) ** t for t, p in enumerate(payments, start=1)), D(0))
        assert abs(pv2 - received) / received < D("1e-6")


@settings(max_examples=40, deadline=None)
@given(
    amounts,
    st.decimals(min_value=D("0.001"), max_value=D("0.3"), places=4, allow_nan=False),
    st.integers(min_value=7, max_value=400),
)
def test_xirr_zeroes_the_net_present_value(received: Decimal, markup: Decimal, days: int) -> None:
    start = date(2026, 1, 1)
    repay = (received * (1 + markup)).quantize(D("0.01"))
    x = xirr([(start, received), (start + timedelta(days=days), -repay)])
    with localcontext() as ctx:
        ctx.prec = 40
        pv = repay / (1 + x) ** (D(days) / 365)
        assert abs(pv - received) / received < D("1e-6")


@settings(max_examples=40, deadline=None)
@given(st.decimals(min_value=0, max_value=5, places=6, allow_nan=False))
def test_effective_rate_is_never_below_the_nominal(nominal: Decimal) -> None:
    assert effective_annual_rate(nominal) >= nominal


def test_schedule_value_is_the_inverse_of_the_apr_of_a_level_schedule() -> None:
    # 12 x 110 at 17.97%: 110 x (1 - 1.014975^-12) / 0.014975 = 1,200.01.
    value = schedule_value(D(110), 12, D("0.1797"))
    assert round(value, 2) == D("1200.01")
    assert round(apr(value, [D(110)] * 12), 4) == D("0.1797")
    assert schedule_value(D(1000), 12, D(0)) == D(12000)  # interest-free: the sum


def test_schedule_value_refuses_an_empty_schedule() -> None:
    with pytest.raises(ValueError):
        schedule_value(D(100), 0, D("0.1"))

