"""coach.money: one constructor for numbers, cents, minor units."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.errors import CoachError
from coach.money import CENT, D, MoneyError, from_minor, quantize_cents, to_minor


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("5000", Decimal("5000")),
        (" 5000.50 ", Decimal("5000.50")),
        (12, Decimal(12)),
        (Decimal("0.1"), Decimal("0.1")),
        ("-3.25", Decimal("-3.25")),
    ],
)
def test_d_builds_decimals_from_str_int_and_decimal(
    value: str | int | Decimal, expected: Decimal
) -> None:
    assert D(value) == expected
    assert isinstance(D(value), Decimal)


@pytest.mark.parametrize("value", [0.1, 1.0, True, None, [1]])
def test_d_refuses_floats_and_other_types(value: object) -> None:
    with pytest.raises(TypeError):
        D(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["NaN", "inf", "-Infinity", "abc", "", "1,000"])
def test_d_refuses_non_finite_and_garbage_with_a_code(value: str) -> None:
    with pytest.raises(MoneyError) as info:
        D(value)
    assert info.value.code == "number.invalid"
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, CoachError)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1.005", "1.01"),
        ("1.004", "1.00"),
        ("2.5", "2.50"),
        ("-1.005", "-1.01"),
        ("0.125", "0.13"),
        ("100", "100.00"),
    ],
)
def test_quantize_cents_rounds_half_up(value: str, expected: str) -> None:
    assert str(quantize_cents(D(value))) == expected


@pytest.mark.parametrize(
    ("value", "minor"),
    [
        ("5000.50", 500050),
        ("0.01", 1),
        ("5000", 500000),
        ("-12.3", -1230),
        ("1000000000000", 100000000000000),
    ],
)
def test_minor_units_round_trip(value: str, minor: int) -> None:
    assert to_minor(D(value)) == minor
    assert from_minor(minor) == D(value)
    assert from_minor(minor).as_tuple().exponent == -2


def test_to_minor_refuses_sub_cent_amounts() -> None:
    with pytest.raises(MoneyError) as info:
        to_minor(D("1.005"))
    assert info.value.code == "amount.too_many_decimals"
    assert info.value.params == {"max_decimals": 2}


def test_from_minor_refuses_non_int() -> None:
    with pytest.raises(TypeError):
        from_minor(1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        from_minor(True)


@given(st.integers(min_value=-(10**16), max_value=10**16))
def test_minor_units_are_lossless(minor: int) -> None:
    assert to_minor(from_minor(minor)) == minor


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False))
def test_cents_survive_storage(amount: Decimal) -> None:
    assert from_minor(to_minor(amount)) == amount
    assert quantize_cents(amount) == amount
    assert CENT == Decimal("0.01")
