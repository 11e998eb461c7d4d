"""coach.masking: card, account, ID and SSN numbers are masked; phones and amounts are not."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.masking import MASK, mask_numbers

MASKED = [
    # contiguous card and account numbers, 15-19 digits
    ("卡号6222021234567890123", "卡号**** 0123"),
    ("我的卡 6222021234567890 被冻结了", "我的卡 **** 7890 被冻结了"),
    ("account 378282246310005", "account **** 0005"),
    ("1234567890123456", "**** 3456"),
    # grouped card numbers
    ("6222 0212 3456 7890", "**** 7890"),
    ("6222-0212-3456-7890", "**** 7890"),
    ("6222 0212 3456 7890 123 还款500", "**** 0123 还款500"),
    ("Amex 3782 822463 10005", "Amex **** 0005"),
    # mainland IDs: 18 digits, 17 + X, grouped, 15-digit old style
    ("身份证110101199001011234", "身份证**** 1234"),
    ("身份证号11010119900101123X", "身份证号**** 123X"),
    ("id 11010119900101123x.", "id **** 123x."),
    ("身份证110101 19900101 123X", "身份证**** 123X"),
    ("老身份证110101900101123", "老身份证**** 1123"),
    # US SSN
    ("SSN 123-45-6789", "SSN **** 6789"),
    ("my ssn is 123 45 6789", "my ssn is **** 6789"),
    # full-width digits
    ("卡号６２２２０２１２３４５６７８９０１２３", "卡号**** ０１２３"),
    # only the long group of a chain is masked
    ("还款500 6222021234567890", "还款500 **** 7890"),
    ("two cards 6222021234567890123 and 4111111111111111", "two cards **** 0123 and **** 1111"),
]

KEPT = [
    "13812345678",  # mainland mobile
    "催收电话 138 1234 5678 昨晚打的",
    "+86 138-1234-5678",
    "+8613812345678",
    "008613812345678",  # 0086 + mobile: 15 digits, still a phone
    "(415) 555-1234",
    "415-555-1234",
    "4155551234",
    "+1 415 555 1234",
    "010-12345678",  # landline
    "95555",
    "本期账单金额15,000.00元",
    "balance $1,234,567.89",
    "欠了8600 逾期20天",
    "2026-12-05",
    "尾号1234",
    "card ending in 1234",
    "**** 1234",
    "****1234",
    "138 1234 5678 5000",  # a phone then an amount: not a card shape
    "验证码123456",
    "12345678901234",  # 14 digits: not masked
]


@pytest.mark.parametrize(("text", "expected"), MASKED)
def test_numbers_are_masked_to_their_last_four(text, expected):
    assert mask_numbers(text) == expected


@pytest.mark.parametrize("text", KEPT)
def test_phones_amounts_and_masked_numbers_are_kept(text):
    assert mask_numbers(text) == text


def test_the_mask_has_one_format():
    assert mask_numbers("6222021234567890") == MASK + "7890"
    assert mask_numbers("123-45-6789") == MASK + "6789"


def test_non_str_is_a_type_error():
    with pytest.raises(TypeError):
        mask_numbers(6222021234567890)  # type: ignore[arg-type]


_RUN = re.compile(r"[0-9０-９]+")


def _longest_run(s: str) -> int:
    return max((len(m) for m in _RUN.findall(s)), default=0)


_ALPHABET = st.sampled_from(list("0123456789０１ -－xX*尾号卡a+.,()\n"))
_DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=22)
_PIECES = st.lists(
    st.one_of(_DIGITS, st.text(_ALPHABET, max_size=4), st.text(max_size=3)), max_size=10
)


@settings(max_examples=400)
@given(_PIECES)
def test_masking_is_idempotent_and_never_lengthens_a_digit_run(pieces):
    text = "".join(pieces)
    once = mask_numbers(text)
    assert mask_numbers(once) == once
    assert _longest_run(once) <= _longest_run(text)
    assert sum(c.isdigit() for c in once) <= sum(c.isdigit() for c in text)


@settings(max_examples=200)
@given(st.text(max_size=300))
def test_masking_never_raises_on_any_text(text):
    assert isinstance(mask_numbers(text), str)


@given(st.from_regex(r"6[0-9]{15,18}", fullmatch=True))
def test_every_contiguous_card_number_is_masked(card):
    masked = mask_numbers(f"卡号{card}，谢谢")
    assert card not in masked
    assert masked == f"卡号{MASK}{card[-4:]}，谢谢"


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_every_mobile_number_is_kept(phone):
    assert mask_numbers(f"刚才{phone}打给我") == f"刚才{phone}打给我"
