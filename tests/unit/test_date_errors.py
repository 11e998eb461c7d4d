"""The same invalid date gets the same answer at every step, with its own question's
example (issue 12): the parsers give one code, the catalog one text per question."""

from __future__ import annotations

from datetime import date

import pytest

from bot.i18n import render_error
from coach.errors import ParseError
from coach.parsing.due import parse_due
from coach.parsing.past import parse_past_date

TODAY = date(2026, 11, 28)
STEPS = {
    "due": lambda text: parse_due(text, today=TODAY, form="due"),
    "paid": lambda text: parse_past_date(text, today=TODAY, form="paid"),
    "loan": lambda text: parse_past_date(text, today=TODAY, form="loan", allow_month=True,
                                         allow_day_of_month=False),
    "since": lambda text: parse_past_date(text, today=TODAY, form="since"),
}
EXAMPLES = {  # each question's own example, in each language
    ("due", "zh_CN"): "每月28号", ("due", "en"): "the 28th",
    ("paid", "zh_CN"): "昨天", ("paid", "en"): "yesterday",
    ("loan", "zh_CN"): "2026年2月", ("loan", "en"): "February 2026",
    ("since", "zh_CN"): "从哪天开始逾期", ("since", "en"): "Since when",
}


def _error(step: str, text: str) -> ParseError:
    with pytest.raises(ParseError) as caught:
        STEPS[step](text)
    return caught.value


@pytest.mark.parametrize("text", ["2月30日", "Feb 30", "2026-02-30"])
@pytest.mark.parametrize("step", sorted(STEPS))
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_date_that_does_not_exist_says_so_at_every_step(text: str, step: str, lang: str) -> None:
    err = _error(step, text)
    assert err.code == "date.no_such_date" and err.params["form"] == step
    message = render_error(lang, err)
    assert ("这个日期不存在" if lang == "zh_CN" else "doesn't exist") in message
    assert EXAMPLES[(step, lang)] in message


@pytest.mark.parametrize("step", sorted(STEPS))
def test_gibberish_names_the_question_asked(step: str) -> None:
    err = _error(step, "whenever")
    assert err.code == "date.invalid"
    en = render_error("en", err)
    assert {"due": "due date", "paid": "the day you paid", "loan": "took the loan",
            "since": "became overdue"}[step] in en


def test_a_future_date_names_its_date_in_the_users_language() -> None:
    err = _error("since", "12月25日")
    assert render_error("zh_CN", err).startswith("2026年12月25日还没到")
    assert render_error("en", err).startswith("Dec 25, 2026 is still to come")
