"""The date of something that already happened: a payment, a loan, the start of arrears.

One reading for every such question (``form`` names it: ``"paid"``, ``"loan"``,
``"since"``), so the same text gets the same answer at every step:

- ``昨天``, ``前天``, ``上周五``, ``3天前``, ``yesterday``, ``3 days ago``, ``friday``
  (the last one), full dates;
- a date without a year is its latest occurrence, unless it comes within a
  month (:data:`~coach.parsing.dates.NEAR_FUTURE_DAYS`): on 2026-11-29
  ``11月15日`` is 2026-11-15, ``3月10日`` 2026-03-10, and ``11月30日`` is
  tomorrow, never 2025-11-30;
- a date after today is refused with ``date.future`` (``on``: that date), so
  the bot can say "That's tomorrow. Record it for today, or remind me then?";
- a day of the month (``10号``) is its latest occurrence on or before today,
  unless ``allow_day_of_month=False`` (a loan date is not monthly);
- with ``allow_month=True``, a month (``2026年3月``, ``上个月``) when the text is
  not a day: see :func:`coach.parsing.dates.parse_month`.

Codes: those of :func:`coach.parsing.dates.parse_date`, each with ``form``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from coach.errors import ParseError
from coach.parsing._text import echo, guard
from coach.parsing.calendar import prev_due_date
from coach.parsing.dates import (
    Yearless,
    latest_unless_soon,
    moved,
    resolve,
    tag_form,
)
from coach.parsing.months import parse_month

__all__ = ["PastDate", "parse_past_date"]


@dataclass(frozen=True, slots=True)
class PastDate:
    """A date on or before today; ``precision`` ``"month"`` means ``on`` is the month's 1st."""

    on: date
    precision: Literal["day", "month"] = "day"


def parse_past_date(
    text: str,
    *,
    today: date,
    form: str = "paid",
    allow_month: bool = False,
    allow_day_of_month: bool = True,
) -> PastDate:
    """Read the date of something that happened (see the module docstring)."""
    try:
        s = guard(text, "date.invalid")
        try:
            read = resolve(s, text, today, past=True)
        except ParseError as exc:
            if exc.code == "date.invalid" and allow_month:
                return PastDate(parse_month(text, today, past_ok=True, form=form), "month")
            raise
        if isinstance(read, Yearless):
            on = latest_unless_soon(read, today)
        elif read.day_of_month is not None:
            if not allow_day_of_month:
                raise ParseError("date.invalid", text=echo(text))
            on = prev_due_date(read.day_of_month, today)
        else:
            assert read.on is not None
            on = read.on
        if on > today:
            raise moved("date.future", on, form)
        return PastDate(on)
    except ParseError as exc:
        raise tag_form(exc, form) from None
