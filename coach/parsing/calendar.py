"""Calendar helpers: due days 29-31 are clamped to short months."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from coach.errors import ParseError

__all__ = [
    "DueDate",
    "add_months",
    "clamped",
    "days_in_month",
    "next_due_date",
    "prev_due_date",
]


def days_in_month(year: int, month: int) -> int:
    """Number of days in ``month`` of ``year``."""
    return calendar.monthrange(year, month)[1]


def clamped(year: int, month: int, day_of_month: int) -> date:
    """The ``day_of_month`` of that month, or its last day when it is shorter."""
    return date(year, month, min(day_of_month, days_in_month(year, month)))


def _check_day(day_of_month: int) -> None:
    if not 1 <= day_of_month <= 31:
        raise ParseError("date.no_such_date", year=None, month=None, day=day_of_month)


def next_due_date(day_of_month: int, after: date) -> date:
    """The first due date **on or after** ``after`` for a monthly due day.

    A due day of 29-31 falls on the last day of shorter months (the 31st is
    2026-02-28 in February 2026): lenders bill on the month's last day then.
    """
    _check_day(day_of_month)
    this_month = clamped(after.year, after.month, day_of_month)
    if this_month >= after:
        return this_month
    return add_months(this_month, 1, day_of_month)


def prev_due_date(day_of_month: int, on_or_before: date) -> date:
    """The last due date on or before ``on_or_before`` (clamped like :func:`next_due_date`)."""
    _check_day(day_of_month)
    this_month = clamped(on_or_before.year, on_or_before.month, day_of_month)
    if this_month <= on_or_before:
        return this_month
    return add_months(this_month, -1, day_of_month)


def add_months(d: date, months: int, day_of_month: int | None = None) -> date:
    """``d`` moved by ``months``, keeping ``day_of_month`` (default ``d.day``), clamped."""
    index = d.year * 12 + (d.month - 1) + months
    return clamped(index // 12, index % 12 + 1, day_of_month or d.day)


@dataclass(frozen=True, slots=True)
class DueDate:
    """Either a specific date (``on``) or a monthly due day (``day_of_month``).

    Exactly one is set. A day of 29-31 is kept as said; :meth:`next_on_or_after`
    clamps it per month.
    """

    on: date | None = None
    day_of_month: int | None = None

    def __post_init__(self) -> None:
        if (self.on is None) == (self.day_of_month is None):
            raise ValueError("DueDate needs exactly one of on= and day_of_month=")
        if self.day_of_month is not None:
            _check_day(self.day_of_month)

    @property
    def is_monthly(self) -> bool:
        """True for a recurring day of the month."""
        return self.day_of_month is not None

    def next_on_or_after(self, d: date) -> date:
        """The due date on or after ``d`` (a specific date is returned as is)."""
        if self.on is not None:
            return self.on
        assert self.day_of_month is not None
        return next_due_date(self.day_of_month, d)

    def last_on_or_before(self, d: date) -> date:
        """The most recent due date on or before ``d`` (a specific date as is)."""
        if self.on is not None:
            return self.on
        assert self.day_of_month is not None
        return prev_due_date(self.day_of_month, d)
