"""Due dates and dates of things that happened, read the same way at every step."""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.debt_answers import apply_answer
from coach.debts import DebtDraft
from coach.errors import ParseError
from coach.parsing import DueDate, parse_date, parse_month
from coach.parsing.dates import NEAR_FUTURE_DAYS
from coach.parsing.due import PASSED_WINDOW_DAYS, DueAnswer, parse_due
from coach.parsing.past import PastDate, parse_past_date

TODAY = date(2026, 11, 29)  # a Sunday


def error_of(fn: Any, *args: Any, **kwargs: Any) -> ParseError:
    with pytest.raises(ParseError) as info:
        fn(*args, **kwargs)
    return info.value


# --- due dates ------------------------------------------------------------------------

DUE = [
    # text, day of month, next due date, passed occurrence, fixed
    ("Nov 15", 15, date(2026, 12, 15), date(2026, 11, 15), False),  # was 2027-11-15
    ("11月15日", 15, date(2026, 12, 15), date(2026, 11, 15), False),
    ("11月9号", 9, date(2026, 12, 9), date(2026, 11, 9), False),
    ("2026-11-15", 15, date(2026, 12, 15), date(2026, 11, 15), False),
    ("9月10日", 10, date(2026, 12, 10), date(2026, 9, 10), False),  # 80 days back: nearer
    ("昨天", 28, date(2026, 12, 28), date(2026, 11, 28), False),
    ("上周五", 20, date(2026, 12, 20), date(2026, 11, 20), False),
    ("2027-03-10", 10, date(2027, 3, 10), None, True),  # far ahead: a fixed next date
    ("3月10日", 10, date(2027, 3, 10), None, True),  # 101 days ahead, 264 back
    ("12月15日", 15, date(2026, 12, 15), None, True),
    ("Dec 15", 15, date(2026, 12, 15), None, True),
    ("今天", 29, date(2026, 11, 29), None, True),
    ("明天", 30, date(2026, 11, 30), None, True),
    ("下周五", 4, date(2026, 12, 4), None, True),  # Monday-Sunday weeks: today is a Sunday
    ("10号", 10, date(2026, 12, 10), None, False),  # a bare day is monthly
    ("the 10th", 10, date(2026, 12, 10), None, False),
    ("每月10日", 10, date(2026, 12, 10), None, False),
    ("every 30th", 30, date(2026, 11, 30), None, False),
    ("月底", 31, date(2026, 11, 30), None, False),  # clamped to November's last day
    ("每月２９号", 29, date(2026, 11, 29), None, False),  # full-width digits; today is due
    # the question's own words, typed back
    ("还款日：每月15号", 15, date(2026, 12, 15), None, False),
    ("due on the 15th", 15, date(2026, 12, 15), None, False),
    ("due Nov 15", 15, date(2026, 12, 15), date(2026, 11, 15), False),
    ("每月15号还款", 15, date(2026, 12, 15), None, False),
    ("到期日是12月10日", 10, date(2026, 12, 10), None, True),
]


@pytest.mark.parametrize(("text", "day", "next_on", "passed", "fixed"), DUE)
def test_a_due_date(text: str, day: int, next_on: date, passed: date | None, fixed: bool) -> None:
    assert parse_due(text, today=TODAY) == DueAnswer(day, next_on, passed, fixed)


def test_a_due_answer_as_the_older_due_date() -> None:
    assert parse_due("12月15日", today=TODAY).due_date == DueDate(on=date(2026, 12, 15))
    assert parse_due("Nov 15", today=TODAY).due_date == DueDate(day_of_month=15)
    assert parse_due("10号", today=TODAY).due_date == DueDate(day_of_month=10)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2026-01-01", "date.past"),  # 332 days back: no schedule is described by it
        ("2025-11-15", "date.past"),
        ("2月30日", "date.no_such_date"),
        ("32号", "date.no_such_date"),
        ("10", "date.invalid"),
        ("soon", "date.invalid"),
    ],
)
def test_a_due_date_refused(text: str, code: str) -> None:
    err = error_of(parse_due, text, today=TODAY)
    assert (err.code, err.params["form"]) == (code, "due")


def test_the_passed_window_is_half_a_year() -> None:
    edge = TODAY - timedelta(days=PASSED_WINDOW_DAYS)
    assert parse_due(edge.isoformat(), today=TODAY).passed == edge
    older = edge - timedelta(days=1)
    assert error_of(parse_due, older.isoformat(), today=TODAY).params["on"] == older


# --- dates of things that happened ---------------------------------------------------

PAST = [
    ("昨天", date(2026, 11, 28)),
    ("yesterday", date(2026, 11, 28)),
    ("前天", date(2026, 11, 27)),
    ("上周五", date(2026, 11, 20)),
    ("last friday", date(2026, 11, 20)),
    ("3天前", date(2026, 11, 26)),
    ("3 days ago", date(2026, 11, 26)),
    ("今天", date(2026, 11, 29)),
    ("11月15日", date(2026, 11, 15)),
    ("11月29日", date(2026, 11, 29)),
    ("3月10日", date(2026, 3, 10)),
    ("6月1日", date(2026, 6, 1)),
    ("12月31日", date(2025, 12, 31)),  # 32 days ahead: last year's
    ("1月5日", date(2026, 1, 5)),
    ("10号", date(2026, 11, 10)),  # a day of the month: its latest occurrence
    ("30号", date(2026, 10, 30)),
    ("2025-12-31", date(2025, 12, 31)),
]


@pytest.mark.parametrize(("text", "on"), PAST)
def test_a_date_that_happened(text: str, on: date) -> None:
    assert parse_past_date(text, today=TODAY) == PastDate(on)


@pytest.mark.parametrize(
    ("text", "on"),
    [
        ("11月30日", date(2026, 11, 30)),  # tomorrow: was silently 2025-11-30
        ("Nov 30", date(2026, 11, 30)),
        ("明天", date(2026, 11, 30)),
        ("tomorrow", date(2026, 11, 30)),
        ("12月25日", date(2026, 12, 25)),
        ("2026-12-01", date(2026, 12, 1)),
        ("下周五", date(2026, 12, 4)),
    ],
)
def test_a_payment_date_in_the_future_is_never_moved_a_year_back(text: str, on: date) -> None:
    for form in ("paid", "loan", "since"):
        err = error_of(parse_past_date, text, today=TODAY, form=form, allow_month=True)
        assert (err.code, err.params["on"], err.params["form"]) == ("date.future", on, form)
    err = error_of(parse_date, text, today=TODAY, past_ok=True, form="paid")
    assert (err.code, err.params["on"], err.params["date"]) == ("date.future", on, on)


@pytest.mark.parametrize(
    ("text", "on"),
    [("2026年3月", date(2026, 3, 1)), ("上个月", date(2026, 10, 1)), ("12月", date(2025, 12, 1))],
)
def test_a_loan_date_may_be_a_month(text: str, on: date) -> None:
    assert parse_past_date(text, today=TODAY, allow_month=True) == PastDate(on, "month")


def test_a_loan_date_is_not_a_day_of_the_month() -> None:
    err = error_of(parse_past_date, "每月10号", today=TODAY, form="loan", allow_day_of_month=False)
    assert (err.code, err.params["form"]) == ("date.invalid", "loan")


# --- the same invalid date, the same answer -----------------------------------------

NO_SUCH = ["2月30日", "二月三十日", "Feb 30", "February 30th", "30 Feb", "2/30", "2026-02-30",
           "2026年2月30日", "4月31号", "Apr 31"]
PARSERS = [
    ("date", lambda t, f: parse_date(t, today=TODAY, form=f)),
    ("date (past)", lambda t, f: parse_date(t, today=TODAY, past_ok=True, form=f)),
    ("due", lambda t, f: parse_due(t, today=TODAY, form=f)),
    ("paid", lambda t, f: parse_past_date(t, today=TODAY, form=f)),
    ("loan", lambda t, f: parse_past_date(t, today=TODAY, form=f, allow_month=True,
                                          allow_day_of_month=False)),
    ("month", lambda t, f: parse_month(t, TODAY, form=f)),
]


@pytest.mark.parametrize("text", NO_SUCH)
@pytest.mark.parametrize(("name", "parser"), PARSERS, ids=[p[0] for p in PARSERS])
def test_an_impossible_date_is_no_such_date_everywhere(name: str, parser: Any, text: str) -> None:
    err = error_of(parser, text, "step")
    assert (err.code, err.params["form"]) == ("date.no_such_date", "step"), name


@pytest.mark.parametrize(
    ("step", "form"), [("taken", "loan"), ("due", "due"), ("overdue_since", "since")]
)
@pytest.mark.parametrize("text", ["2月30日", "Feb 30"])
def test_every_date_step_of_adddebt_says_no_such_date(step: str, form: str, text: str) -> None:
    # The loan step said date.invalid: its month fallback swallowed the day's error.
    err = error_of(apply_answer, DebtDraft(token="t"), step, today=TODAY, text=text)
    assert (err.code, err.params["form"]) == ("date.no_such_date", form)


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("11月15日", {"due_on": None, "due_day": 15, "due_passed": "2026-11-15"}),
        ("12月15日", {"due_on": "2026-12-15", "due_day": 15, "due_passed": None}),
        ("10号", {"due_on": None, "due_day": 10, "due_passed": None}),
    ],
)
def test_the_due_step_keeps_a_passed_date_for_the_bot_to_ask_about(
    text: str, fields: dict[str, Any]
) -> None:
    draft = apply_answer(DebtDraft(token="t"), "due", today=TODAY, text=text)
    assert {k: getattr(draft, k) for k in fields} == fields
    assert draft.due is not None


# --- properties -------------------------------------------------------------------------

RELEVANT = (
    "0123456789-/. 年月日号天周后前每个下上本这今明昨前 the th of nov dec feb in days ago "
    "next last friday 十一二三"
)
texts = st.one_of(st.text(max_size=40), st.text(alphabet=RELEVANT, max_size=24))
todays = st.dates(min_value=date(2001, 1, 1), max_value=date(2098, 12, 31))
forms = st.sampled_from(["due", "paid", "loan", "since"])


@settings(max_examples=400, deadline=None)
@given(texts, todays, forms)
def test_date_parsers_raise_only_parse_errors_and_always_name_the_form(
    text: str, today: date, form: str
) -> None:
    for parser in (
        lambda: parse_due(text, today=today, form=form),
        lambda: parse_past_date(text, today=today, form=form, allow_month=True),
        lambda: parse_date(text, today=today, form=form),
        lambda: parse_date(text, today=today, past_ok=True, form=form),
        lambda: parse_month(text, today, form=form),
    ):
        try:
            parser()
        except ParseError as exc:
            assert exc.code.startswith("date.") and exc.params["form"] == form


@settings(max_examples=300, deadline=None)
@given(todays, st.integers(min_value=-PASSED_WINDOW_DAYS, max_value=400))
def test_a_typed_due_date_round_trips(today: date, offset: int) -> None:
    typed = today + timedelta(days=offset)
    due = parse_due(typed.isoformat(), today=today)
    assert due.next_on >= today and due.day_of_month == typed.day
    if offset >= 0:
        assert (due.next_on, due.passed, due.fixed) == (typed, None, True)
    else:
        assert due.passed == typed and due.next_on - today <= timedelta(days=31)


@settings(max_examples=300, deadline=None)
@given(todays, st.integers(min_value=0, max_value=181))
def test_a_recent_date_without_a_year_round_trips(today: date, back: int) -> None:
    typed = today - timedelta(days=back)
    due = parse_due(f"{typed.month}月{typed.day}日", today=today)
    assert (due.passed if back else due.next_on) == typed
    if back < 365 - NEAR_FUTURE_DAYS:
        assert parse_past_date(f"{typed.month}月{typed.day}日", today=today).on == typed


@settings(max_examples=300, deadline=None)
@given(todays, st.integers(min_value=1, max_value=NEAR_FUTURE_DAYS))
def test_a_soon_date_without_a_year_is_refused_as_future_not_moved_back(
    today: date, ahead: int
) -> None:
    typed = today + timedelta(days=ahead)
    err = error_of(parse_past_date, f"{typed.month}月{typed.day}日", today=today)
    assert (err.code, err.params["on"]) == ("date.future", typed)


@settings(max_examples=200, deadline=None)
@given(todays, st.integers(min_value=1, max_value=31))
def test_a_day_of_the_month_is_next_on_or_after_today(today: date, day: int) -> None:
    due = parse_due(f"{day}号", today=today)
    assert today <= due.next_on <= today + timedelta(days=31)
    # The day typed, or the month's last day when it is shorter (31号 in April is the 30th).
    assert due.next_on.day == min(day, monthrange(due.next_on.year, due.next_on.month)[1])
    assert parse_past_date(f"{day}号", today=today).on <= today
