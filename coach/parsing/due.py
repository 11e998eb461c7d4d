"""A due date as the user answers "when is it due?": a monthly day, placed in time.

People answer with a day of the month (``10号``, ``the 10th``, ``每月10日``), or
with the date of a payment: the next one (``12月15日``), or the one they just
missed or made (``Nov 15`` typed on Nov 29). A monthly due date that has passed
means *this cycle*, never the same day next year.

Reading, with ``today`` injected:

- a bare day of the month: that day every month; ``next_on`` is its next
  occurrence on or after today (29-31 clamped to short months);
- a date on or after today (``12月15日``, ``2027-03-10``, ``明天``, ``下周五``):
  ``fixed``, ``next_on`` is that date and ``day_of_month`` its day;
- a date before today, at most :data:`PASSED_WINDOW_DAYS` ago (``Nov 15``,
  ``11月9号``, ``昨天``, ``2026-11-15``): ``passed`` is that date, so the bot
  can ask "Was the Nov 15 payment made?", and ``next_on`` the next occurrence
  of its day from today (2026-12-15 for "Nov 15" on 2026-11-29);
- a date without a year is first placed at its occurrence nearest to today
  (on 2026-11-29 ``3月10日`` is 2027-03-10, ``11月15日`` is 2026-11-15);
- a date with a year more than :data:`PASSED_WINDOW_DAYS` ago is refused
  (``date.past``: no payment schedule is described by it);
- a leading ``due`` / ``到期`` / ``还款日：`` and a trailing ``还`` / ``前还款`` are
  the question's own words and are skipped.

Codes: those of :func:`coach.parsing.dates.parse_date`, each with ``form``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from coach.errors import ParseError
from coach.parsing._text import guard
from coach.parsing.calendar import DueDate, next_due_date
from coach.parsing.dates import Yearless, moved, nearest, resolve, tag_form

__all__ = ["DUE_KEYWORD", "PASSED_WINDOW_DAYS", "DueAnswer", "parse_due"]

#: Words that introduce a due date (a regex, on normalised text); skipped when typed.
DUE_KEYWORD = (
    r"(?:到期日?|最后还款日|还款日期?|每月还款日|"
    r"due\s*date(?![a-z])|due\s*on(?![a-z])|due\s*day(?![a-z])|due(?![a-z]))"
)
_LEADING = re.compile(rf"{DUE_KEYWORD}\s*(?:是|is|:|=)?\s*")
_TRAILING = re.compile(r"\s*(?:之?前)?(?:还款|还清|还)$")

#: A typed due date up to half a year back is a passed occurrence; older is refused.
PASSED_WINDOW_DAYS = 183


@dataclass(frozen=True, slots=True)
class DueAnswer:
    """What a due-date answer means.

    ``day_of_month`` (1-31, as typed: 31 is clamped per month by the calendar),
    ``next_on`` (the next due date, on or after today), ``passed`` (the typed
    date when it was before today, else ``None``), ``fixed`` (the user typed a
    specific date on or after today, so ``next_on`` is that date).
    """

    day_of_month: int
    next_on: date
    passed: date | None = None
    fixed: bool = False

    @property
    def due_date(self) -> DueDate:
        """As the older :class:`DueDate`: the fixed date, or else the monthly day."""
        if self.fixed:
            return DueDate(on=self.next_on)
        return DueDate(day_of_month=self.day_of_month)


def parse_due(text: str, *, today: date, form: str = "due") -> DueAnswer:
    """Read a due date (see the module docstring); raises :class:`ParseError` only."""
    try:
        s = guard(text, "date.invalid")
        s = _TRAILING.sub("", _LEADING.sub("", s, count=1)) or s  # 还款日：15号, 15号还
        read = resolve(s, text, today, past=False)
        if isinstance(read, Yearless):
            on = nearest(read, today)
        elif read.day_of_month is not None:
            return DueAnswer(read.day_of_month, next_due_date(read.day_of_month, today))
        else:
            assert read.on is not None
            on = read.on
        if on >= today:
            return DueAnswer(on.day, on, fixed=True)
        if (today - on).days > PASSED_WINDOW_DAYS:
            raise moved("date.past", on, form)
        return DueAnswer(on.day, next_due_date(on.day, today), passed=on)
    except ParseError as exc:
        raise tag_form(exc, form) from None
