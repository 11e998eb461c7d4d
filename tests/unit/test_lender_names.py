"""coach.lender_names: which lender a free text names."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.freetext import prepare
from coach.lender_names import find_lender, lender_by_service_number

NAMED = [
    # text, name, platform key
    ("招商银行信用卡欠5万", "招商银行", "credit_card"),
    ("招行的卡", "招商银行", None),
    ("京东白条还欠2000", "京东白条", "jd"),
    ("【微众银行】您的微粒贷本期应还", "微粒贷", "weilidai"),
    ("【支付宝】您的借呗", "借呗", "jiebei"),
    ("刚还了花呗500", "花呗", "huabei"),
    ("美团月付逾期了", "美团月付", "meituan"),
    ("I owe amex 2300", "American Express", "credit_card"),
    ("paid 200 to Visa", "Visa", "credit_card"),
    ("my Chase card", "Chase", "credit_card"),
    ("i owe discover card 500", "Discover", "credit_card"),
    ("capital one is calling", "Capital One", "credit_card"),
    ("ＣＩＴＩ card", "Citi", "credit_card"),
    ("信用卡欠5万", "信用卡", "credit_card"),
    ("欠朋友5000", "朋友", "private"),
]


@pytest.mark.parametrize(("text", "name", "platform"), NAMED)
def test_lenders_are_found(text, name, platform):
    mention = find_lender(prepare(text))
    assert mention is not None
    assert (mention.name, mention.platform) == (name, platform)


@pytest.mark.parametrize(
    "text", ["they chase me every day", "we discover new things", "平安到家了", "民生问题", "hello"]
)
def test_everyday_words_are_not_lenders(text):
    assert find_lender(prepare(text)) is None


def test_people_can_be_left_out():
    assert find_lender(prepare("欠朋友5000"), people=False) is None


def test_service_numbers():
    assert lender_by_service_number("95555") == "招商银行"
    assert lender_by_service_number("95588") == "工商银行"
    assert lender_by_service_number("12345") is None


@given(st.text(max_size=200))
def test_find_lender_never_raises(text):
    find_lender(prepare(text))
