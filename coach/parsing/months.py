"""Months (``2026年3月``, ``March 2026``, ``上个月``): when a loan started, to the month."""

from __future__ import annotations

import re
from datetime import date

from coach.errors import ParseError
from coach.parsing._text import NUM, guard, small_number
from coach.parsing.calendar import add_months
from coach.parsing.dates import (
    _MONTH,
    _MONTHS,
    _Y,
    _YEAR_REL,
    _fail,
    _year,
    moved,
    resolve,
    tag_form,
)

__all__ = ["parse_month"]

_YM_ISO = re.compile(rf"{_Y}\s*[-/.]\s*(?P<m>[0-9]{{1,2}})")
_YM_US = re.compile(rf"(?P<m>[0-9]{{1,2}})\s*/\s*{_Y}")
_YM_ZH = re.compile(
    rf"(?:(?P<y>[0-9]{{4}}|[零〇一二三四五六七八九]{{4}})\s*年|(?P<yrel>今年|明年|去年|后年))?\s*"
    rf"(?P<m>{NUM})\s*月份?"
)
_YM_EN = re.compile(rf"(?:in\s+)?{_MONTH}(?:\s*,?\s*{_Y})?")
# fmt: off
_YM_REL = {
    "this month": 0, "last month": -1, "next month": 1,
    "本月": 0, "这个月": 0, "这月": 0, "上个月": -1, "上月": -1, "下个月": 1, "下月": 1,
}
# fmt: on


def parse_month(text: str, today: date, *, past_ok: bool = True, form: str = "month") -> date:
    """A month, as its first day: ``2026-03``, ``2026年3月``, ``3月``, ``三月``,
    ``March 2026``, ``Mar``, ``3/2026``, ``上个月`` / ``last month``, ``去年3月``.

    Meant for "when did the loan start", so by default a month without a year is
    the latest one not after the current month, and a future month is refused
    (``date.future``). With ``past_ok=False`` it is the next one from the current
    month on, and a past month is refused (``date.past``). Codes as for
    :func:`parse_date`, with ``form``; an impossible month gives
    ``date.no_such_date`` with ``day=None``, and an impossible full date
    (``2月30日``) the same ``date.no_such_date`` as :func:`parse_date` gives.
    """
    try:
        return _month(text, today, past_ok, form)
    except ParseError as exc:
        raise tag_form(exc, form) from None


def _month(text: str, today: date, past_ok: bool, form: str) -> date:
    s = guard(text, "date.invalid")
    this_month = today.replace(day=1)
    year: int | None = None
    month: int | None
    if s in _YM_REL:
        result = add_months(this_month, _YM_REL[s])
        year, month = result.year, result.month
    elif (m := _YM_ISO.fullmatch(s)) or (m := _YM_US.fullmatch(s)):
        year, month = _year(m["y"], text, today), int(m["m"])
    elif m := _YM_ZH.fullmatch(s):
        month = small_number(m["m"])
        if m["y"]:
            year = _year(m["y"], text, today)
        elif m["yrel"]:
            year = today.year + _YEAR_REL[m["yrel"]]
    elif m := _YM_EN.fullmatch(s):
        month = _MONTHS[m["mname"]]
        year = _year(m["y"], text, today) if m["y"] else None
    else:
        resolve(s, text, today, past_ok)  # 2月30日: the day parser's own error
        raise _fail(text)
    if month is None or not 1 <= month <= 12:
        raise ParseError("date.no_such_date", year=year, month=month, day=None)
    if year is None:
        year = today.year
        if past_ok and month > today.month:
            year -= 1
        elif not past_ok and month < today.month:
            year += 1
    result = date(year, month, 1)
    if past_ok and result > this_month:
        raise moved("date.future", result, form)
    if not past_ok and result < this_month:
        raise moved("date.past", result, form)
    return result
