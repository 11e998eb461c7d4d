"""Rates in words: interest-free is an annual rate of 0."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.errors import ParseError
from coach.parsing import parse_rate
from coach.parsing.quotes import ZERO_INTEREST_WORDS
from coach.rates import QuotedRate, RateKind, quoted_to_apr

ZERO = QuotedRate(RateKind.ANNUAL, Decimal(0))


@pytest.mark.parametrize(
    ("text", "instalments"),
    [
        ("无息", None),
        ("免息", None),
        ("0利息", None),
        ("无利息", None),
        ("不要利息", None),
        ("零利息", None),
        ("零息", None),
        ("interest-free", None),
        ("Interest free", None),
        ("no interest", None),
        ("No interest loan", None),
        ("zero interest", None),
        ("0%", None),
        ("0% APR", None),
        ("0 APR", None),
        ("免息12期", 12),
        ("免息，分12期", 12),
        ("12期免息", 12),
        ("interest-free x 6", 6),
    ],
)
def test_interest_free_is_an_annual_rate_of_zero(text: str, instalments: int | None) -> None:
    q = parse_rate(text)
    assert (q.kind, q.rate, q.instalments) == (RateKind.ANNUAL, 0, instalments)
    assert quoted_to_apr(q) == 0


@pytest.mark.parametrize(
    "text",
    [
        "免息期",  # a card's interest-free period, not a rate of 0 after it
        "免息 日息万五",
        "免息foo",
        "免息 12期 24期",
        "interest",
    ],
)
def test_not_interest_free(text: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_rate(text)
    assert info.value.code == "rate.invalid"


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(ZERO_INTEREST_WORDS), st.sampled_from(["", " ", "　", "，"]))
def test_every_zero_word_reads_alone_or_padded(word: str, pad: str) -> None:
    assert parse_rate(f"{pad}{word}{pad}").rate == 0
