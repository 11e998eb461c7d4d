"""handlers/typed_taps.py: which button a typed word names."""

from __future__ import annotations

import pytest

from bot.i18n import t
from handlers.typed_taps import match, normalize

YES_NO = [("是", "ad:a:overdue:yes"), ("否", "ad:a:overdue:no")]
PASSED = [("是", "ad:a:overdue:paid"), ("⚠️ 没有", "ad:a:overdue:missed")]
MINIMUM = [("没有最低还款", "ad:a:minimum:none"), ("跳过", "ad:a:minimum:skip")]
TAKEN_EN = [("This month", "ad:a:taken:this_month"), ("Don't know", "ad:a:taken:unknown")]


@pytest.mark.parametrize(("text", "expected"), [
    ("⚠️ No", "no"), ("Don't know", "dontknow"), ("不清楚。", "不清楚"), ("  Skip!! ", "skip"),
    ("ＳＫＩＰ", "skip"), ("✅ 保存", "保存"), ("亲友/个人", "亲友个人"),
])
def test_normalize_drops_case_space_emoji_and_punctuation(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize(("text", "buttons", "data"), [
    ("是", YES_NO, "ad:a:overdue:yes"),
    ("对", YES_NO, "ad:a:overdue:yes"),
    ("yes", YES_NO, "ad:a:overdue:yes"),
    ("不是", YES_NO, "ad:a:overdue:no"),
    ("没有", PASSED, "ad:a:overdue:missed"),  # "was it paid?" -> no: the ⚠️ 没有 button
    ("没有", MINIMUM, "ad:a:minimum:none"),  # no minimum
    ("跳过", MINIMUM, "ad:a:minimum:skip"),
    ("don't know", TAKEN_EN, "ad:a:taken:unknown"),
    ("dont know", TAKEN_EN, "ad:a:taken:unknown"),
    ("idk", TAKEN_EN, "ad:a:taken:unknown"),
    ("this month", TAKEN_EN, "ad:a:taken:this_month"),
    # "no" / "none" to a question one may skip (对方收罚息吗？…没有可跳过): Skip.
    ("没有", [("跳过", "ad:a:penalty:skip")], "ad:a:penalty:skip"),
    ("none", [("Skip", "ad:a:penalty:skip")], "ad:a:penalty:skip"),
    ("idk", [("Bank loan", "ad:a:type:bank_loan"), ("Not sure / other", "ad:a:type:unknown")],
     "ad:a:type:unknown"),
])
def test_a_typed_word_names_its_button(text, buttons, data):
    assert match(text, buttons) == data


@pytest.mark.parametrize(("text", "buttons"), [
    ("maybe", YES_NO),
    ("跳过", YES_NO),  # no Skip here
    ("是的吧我也不知道", YES_NO),  # a sentence, not a button's words
    ("", YES_NO),
    ("5000", MINIMUM),
])
def test_other_text_names_no_button(text, buttons):
    assert match(text, buttons) is None


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_destructive_button_is_never_tapped_by_typing(lang):
    buttons = [(t(lang, "btn.delete_debt_yes"), "debt:del:1"), (t(lang, "btn.delete_no"), "x")]
    assert match(t(lang, "btn.delete_debt_yes"), buttons) is None
    assert match("yes" if lang == "en" else "是", buttons) is None
    assert match("no" if lang == "en" else "不", buttons) == "x"


AGENCY = [("A collection agency", "log:party:agency"), ("The lender's staff", "log:party:staff")]
PICKER = [("capital one · $1,234.00", "pay:pick:1"), ("discover · $3,400.00", "pay:pick:2")]
LENDERS = [("花呗", "ad:pick:0"), ("借呗", "ad:pick:1"), ("京东白条", "ad:pick:2")]
SAVE_CARD = [("✅ Save", "ad:save:t"), ("✏️ Edit", "ad:edit"), ("Cancel", "ad:cancel")]
PENALTY = [("Skip", "ad:a:penalty:skip")]


@pytest.mark.parametrize(("text", "buttons", "data"), [
    ("collection agency", AGENCY, "log:party:agency"),
    ("capital one", PICKER, "pay:pick:1"),
    ("Discover", PICKER, "pay:pick:2"),
    ("白条", LENDERS, "ad:pick:2"),
    ("ok", SAVE_CARD, "ad:save:t"),  # yes to the card: Save
    ("yes", SAVE_CARD, "ad:save:t"),
    ("idk", PENALTY, "ad:a:penalty:skip"),  # don't know, with no such button: skip it
])
def test_part_of_one_label_or_a_yes_to_the_card_names_its_button(text, buttons, data):
    assert match(text, buttons) == data


@pytest.mark.parametrize(("text", "buttons"), [
    ("呗", LENDERS),  # one character: too little to tell
    ("one", [("capital one", "a"), ("one main", "b")]),  # part of two labels
    ("st", AGENCY),  # under 3 letters
])
def test_part_of_several_labels_or_too_little_names_none(text, buttons):
    assert match(text, buttons) is None


@pytest.mark.parametrize(("text", "buttons", "data"), [
    ("不知道啊", [("不清楚", "a"), ("跳过", "b")], "a"),  # a particle changes nothing
    ("美团的", [("美团借钱 · ¥1,000.00", "x"), ("花呗 · ¥2,000.00", "y")], "x"),
    ("好了", [("完成", "done")], "done"),
    ("确定", SAVE_CARD, "ad:save:t"),
    ("不同意", [("✅ 同意", "c"), ("暂不同意", "d")], "d"),
])
def test_everyday_chinese_answers(text, buttons, data):
    assert match(text, buttons) == data
