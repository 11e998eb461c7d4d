"""coach.profile.parse_currency: a currency as people type it."""

from __future__ import annotations

import pytest

from coach.errors import ParseError
from coach.profile import parse_currency


@pytest.mark.parametrize(("typed", "code"), [
    ("cny", "CNY"), (" USD ", "USD"), ("$", "USD"), ("dollars", "USD"), ("US dollars", "USD"),
    ("£", "GBP"), ("Pounds", "GBP"), ("€", "EUR"), ("euros", "EUR"), ("人民币", "CNY"),
    ("元", "CNY"), ("港币", "HKD"), ("Japanese yen", "JPY"), ("欧元", "EUR"),
])
def test_a_code_a_symbol_or_a_name(typed, code):
    assert parse_currency(typed) == code


@pytest.mark.parametrize("typed", ["xyz", "", "money", "12"])
def test_anything_else_is_refused_with_its_code(typed):
    with pytest.raises(ParseError) as err:
        parse_currency(typed)
    assert err.value.code == "currency.invalid"
