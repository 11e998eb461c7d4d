"""coach.freetext: preparing free text and finding amounts in it."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.freetext import MAX_TEXT, bare, find_amounts, prepare

AMOUNTS = [
    ("花呗欠了8600，逾期20天", [("8600", None)]),
    ("借呗还欠3万 年化18%", [("30000", None)]),
    ("I owe Amex $2,300.50.", [("2300.50", "USD")]),
    ("信用卡欠5万 最低还款2500 每月10号", [("50000", None), ("2500", None)]),
    ("欠三万块", [("30000", "CNY")]),
    ("欠了八千六", [("8600", None)]),
    ("2万5元", [("25000", "CNY")]),
    ("5k", [("5000", None)]),
    ("3.5w", [("35000", None)]),
    ("owe 500 dollars, 20 days late", [("500", "USD")]),
    # not amounts: days, dates, times, percentages, phones, "一点" (a little)
    ("逾期20天 12月10日 11点 18% 13812345678 有一点钱 at 10 pm 7am 3 months", []),
]


@pytest.mark.parametrize(("text", "expected"), AMOUNTS)
def test_amounts_in_running_text(text, expected):
    found = find_amounts(prepare(text))
    assert [(a.value, a.currency) for a in found] == [(Decimal(v), c) for v, c in expected]


def test_spans_locate_the_amount():
    s = prepare("还欠3万 年化18%")
    (a,) = find_amounts(s)
    assert s[a.start : a.end] == "3万"


def test_prepare_and_bare():
    assert prepare("  ８６００　元 ") == "8600 元"
    assert bare("算了吧！！😅") == "算了吧"
    assert bare(" OK. ") == "ok"
    assert bare("👍") == ""
    assert len(prepare("x" * (3 * MAX_TEXT))) == MAX_TEXT


def test_non_str_is_a_type_error():
    with pytest.raises(TypeError):
        prepare(None)  # type: ignore[arg-type]


@given(st.text(max_size=300))
def test_find_amounts_never_raises(text):
    s = prepare(text)
    for a in find_amounts(s):
        assert 0 <= a.start < a.end <= len(s)
        assert a.value > 0
