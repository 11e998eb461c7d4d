"""Dates, due days and months, in zh-CN and en. Hand-written rules, no dateparser.

``parse_date`` answers either a specific date or a monthly due day
(:class:`~coach.parsing.calendar.DueDate`):

- due day: ``每月10号``, ``每个月10日``, ``10号``, ``10日``, ``十号``, ``月底`` (31,
  clamped), ``the 10th``, ``10th``, ``every 10th``, ``10th of each month``, ``day 10``;
- full dates: ``2026-12-10``, ``2026/12/10``, ``2026.12.10``, ``2026年12月10日``,
  ``12/10/2026`` (US order), ``December 10, 2026``, ``10 Dec 2026``;
- dates without a year: ``12月10日``, ``十二月十号``, ``下个月10号``, ``Dec 10``,
  ``10 Dec``, ``the 10th of December``, ``12/10``;
- relative: ``今天 明天 后天 大后天 昨天 前天``, ``today tomorrow yesterday``,
  ``下周五`` / ``next friday`` (that weekday in the *following* Monday-Sunday week),
  ``周五`` / ``this friday`` / ``friday`` (the next one, today included), ``上周五`` /
  ``last friday``, ``3天后`` / ``in 3 days`` / ``3 days later``, ``3天前`` / ``3 days ago``,
  ``2周后``, ``in 2 weeks``, ``2个月后``, ``in 2 months``.

A bare number (``10``) is **not** a date: it would be confused with an amount.

``12/10`` is read month/day. Both audiences of the bot write the month first
(China: 12/10 = 12月10日; the US: December 10). A first number above 12 is
refused rather than silently swapped. Write ``12月10日`` or ``Dec 10`` to be sure.

Direction: by default (``past_ok=False``) a date without a year is the next
occurrence on or after ``today`` and a date before today is refused
(``date.past``). With ``past_ok=True`` ("when did you take the loan?") it is the
most recent occurrence on or before today and a date after today is refused
(``date.future``). Today is fine in both.

Codes (params): ``date.invalid`` (``text``); ``date.no_such_date`` (``year``,
``month``, ``day``, each ``int | None``); ``date.past`` (``date``);
``date.future`` (``date``); ``date.out_of_range`` (``text``: a year more than
100 years away, or a relative offset beyond 3650 days).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from coach.errors import ParseError
from coach.parsing._text import NUM, echo, guard, small_number
from coach.parsing.calendar import DueDate, add_months

__all__ = ["parse_date", "parse_month"]

_MAX_OFFSET_DAYS = 3650
_MAX_YEARS_AWAY = 100

# fmt: off
_RELATIVE_DAYS = {
    "今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2, "大后天": 3,
    "昨天": -1, "昨日": -1, "前天": -2, "大前天": -3,
    "today": 0, "tomorrow": 1, "tmr": 1, "tmrw": 1, "day after tomorrow": 2,
    "the day after tomorrow": 2, "yesterday": -1, "day before yesterday": -2,
    "the day before yesterday": -2,
}
# fmt: on
# fmt: off
_WEEKDAYS = {
    "一": 0, "1": 0, "二": 1, "2": 1, "三": 2, "3": 2, "四": 3, "4": 3, "五": 4, "5": 4,
    "六": 5, "6": 5, "日": 6, "天": 6, "7": 6,
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}
# fmt: on
# fmt: off
_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}
# fmt: on
_MONTH = "(?P<mname>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ORD = r"(?:st|nd|rd|th)"
_Y = r"(?P<y>[0-9]{4})"

_ZH_WEEKDAY = re.compile(
    r"(?P<q>下下个?|下个?|上上个?|上个?|本|这个?)?(?:周|星期|礼拜)(?P<wd>[一二三四五六日天1-7])"
)
_EN_WEEKDAY = re.compile(
    r"(?:(?P<q>next|this|coming|last|this coming)\s+)?(?P<wd>"
    + "|".join(k for k in _WEEKDAYS if k.isascii() and k.isalpha())
    + r")"
)
_ZH_OFFSET = re.compile(
    rf"(?P<n>{NUM})\s*(?P<unit>天|日|周|个星期|星期|个礼拜|礼拜|个月)\s*(?P<dir>后|以后|之后|前|以前|之前)"
)
_EN_OFFSET = re.compile(
    r"(?:in\s+)?(?P<n>[0-9]+)\s*(?P<unit>days?|weeks?|months?)"
    r"(?:\s+(?P<dir>later|from now|ago))?"
)
_DAY_OF_MONTH_ZH = re.compile(
    rf"(?:每个?月的?\s*)?(?P<d>{NUM})\s*(?:号|日)|每个?月的?\s*(?P<d2>{NUM})"
)
_DAY_OF_MONTH_EN = re.compile(
    rf"(?:(?:due\s+)?on\s+)?(?:(?:every|each)\s+(?:month\s+on\s+)?|monthly\s+on\s+)?(?:the\s+)?"
    rf"(?:day\s+(?P<d2>[0-9]{{1,2}})|(?P<d>[0-9]{{1,2}}){_ORD})"
    r"(?:\s+(?:of\s+)?(?:each|every|the)\s+month|\s+monthly)?"
)
_EVERY_BARE = re.compile(r"(?:every|each)\s+(?P<d>[0-9]{1,2})")
_ISO = re.compile(rf"{_Y}\s*[-/.]\s*(?P<m>[0-9]{{1,2}})\s*[-/.]\s*(?P<d>[0-9]{{1,2}})")
_US_FULL = re.compile(rf"(?P<m>[0-9]{{1,2}})/(?P<d>[0-9]{{1,2}})/{_Y}")
_SLASH = re.compile(r"(?P<m>[0-9]{1,2})/(?P<d>[0-9]{1,2})")
_ZH_DATE = re.compile(
    rf"(?:(?P<y>[0-9]{{4}}|[零〇一二三四五六七八九]{{4}})\s*年|(?P<yrel>今年|明年|去年|后年))?\s*"
    rf"(?P<m>{NUM})\s*月(?:份)?\s*(?P<d>{NUM})\s*(?:日|号)?"
)
_ZH_REL_MONTH_DAY = re.compile(
    rf"(?P<rel>下个?月|本月|这个?月|上个?月)\s*(?P<d>{NUM})\s*(?:日|号)?"
)
_EN_MONTH_DAY = re.compile(
    rf"(?:on\s+)?{_MONTH}\s+(?:the\s+)?(?P<d>[0-9]{{1,2}}){_ORD}?(?:\s*,?\s*{_Y})?"
)
_EN_DAY_MONTH = re.compile(
    rf"(?:on\s+)?(?:the\s+)?(?P<d>[0-9]{{1,2}}){_ORD}?\s+(?:of\s+)?{_MONTH}(?:\s*,?\s*{_Y})?"
)
_MONTH_END = re.compile(r"(?:每个?月的?)?\s*(?:月底|月末)|end of (?:the|each|every) month")
_YEAR_REL = {"今年": 0, "明年": 1, "去年": -1, "后年": 2}
_MONTH_REL = {"下个月": 1, "下月": 1, "本月": 0, "这个月": 0, "这月": 0, "上个月": -1, "上月": -1}


def _fail(text: str, code: str = "date.invalid") -> ParseError:
    return ParseError(code, text=echo(text))


def _year(raw: str, text: str, today: date) -> int:
    year = int(raw) if raw.isascii() else small_number(raw)
    if year is None or abs(year - today.year) > _MAX_YEARS_AWAY:
        raise _fail(text, "date.out_of_range")
    return year


def _make(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ParseError("date.no_such_date", year=year, month=month, day=day) from None


def _yearless(month: int, day: int, today: date, past: bool) -> date:
    """The next (or, with ``past``, the latest) ``month``-``day`` around ``today``."""
    step = -1 if past else 1
    for k in range(9):  # Feb 29 comes back within 8 years
        try:
            candidate = date(today.year + step * k, month, day)
        except ValueError:
            continue
        if (candidate <= today) if past else (candidate >= today):
            return candidate
    raise ParseError("date.no_such_date", year=None, month=month, day=day)


def _offset(today: date, n: int, unit: str, backwards: bool, text: str) -> date:
    sign = -1 if backwards else 1
    if unit.startswith(("个月", "month")):
        if n > _MAX_OFFSET_DAYS // 28:
            raise _fail(text, "date.out_of_range")
        return add_months(today, sign * n)
    days = n * 7 if unit[0] in "周星礼w" or unit.startswith("个") else n
    if days > _MAX_OFFSET_DAYS:
        raise _fail(text, "date.out_of_range")
    return today + timedelta(days=sign * days)


def _weekday(today: date, weekday: int, qualifier: str, past: bool) -> date:
    monday = today - timedelta(days=today.weekday())
    week_shift = {"下下": 2, "下": 1, "next": 1, "上上": -2, "上": -1, "last": -1}
    for prefix, weeks in week_shift.items():
        if qualifier.startswith(prefix):
            return monday + timedelta(weeks=weeks, days=weekday)
    if past and not qualifier:
        return today - timedelta(days=(today.weekday() - weekday) % 7)
    return today + timedelta(days=(weekday - today.weekday()) % 7)


def _day_of_month(raw: str, text: str) -> DueDate:
    day = small_number(raw)
    if day is None:
        raise _fail(text)
    if not 1 <= day <= 31:
        raise ParseError("date.no_such_date", year=None, month=None, day=day)
    return DueDate(day_of_month=day)


def _resolve(s: str, text: str, today: date, past: bool) -> DueDate:
    if s in _RELATIVE_DAYS:
        return DueDate(on=today + timedelta(days=_RELATIVE_DAYS[s]))
    if m := _ZH_OFFSET.fullmatch(s):
        n = small_number(m["n"])
        if n is None:
            raise _fail(text)
        return DueDate(on=_offset(today, n, m["unit"], m["dir"] in ("前", "以前", "之前"), text))
    if (m := _EN_OFFSET.fullmatch(s)) and (s.startswith("in") or m["dir"]):
        n = int(m["n"]) if len(m["n"]) <= 5 else _MAX_OFFSET_DAYS + 1
        return DueDate(on=_offset(today, n, m["unit"], m["dir"] == "ago", text))
    if m := _ZH_WEEKDAY.fullmatch(s):
        return DueDate(on=_weekday(today, _WEEKDAYS[m["wd"]], m["q"] or "", past))
    if m := _EN_WEEKDAY.fullmatch(s):
        return DueDate(on=_weekday(today, _WEEKDAYS[m["wd"]], m["q"] or "", past))
    if _MONTH_END.fullmatch(s):
        return DueDate(day_of_month=31)
    if m := _DAY_OF_MONTH_ZH.fullmatch(s):
        return _day_of_month(m["d"] or m["d2"], text)
    if (m := _DAY_OF_MONTH_EN.fullmatch(s)) or (m := _EVERY_BARE.fullmatch(s)):
        return _day_of_month(m["d"] or m.groupdict().get("d2") or "", text)
    if (m := _ISO.fullmatch(s)) or (m := _US_FULL.fullmatch(s)):
        return DueDate(on=_make(_year(m["y"], text, today), int(m["m"]), int(m["d"])))
    if m := _ZH_DATE.fullmatch(s):
        month, day = small_number(m["m"]), small_number(m["d"])
        if month is None or day is None:
            raise _fail(text)
        if m["y"]:
            return DueDate(on=_make(_year(m["y"], text, today), month, day))
        if m["yrel"]:
            return DueDate(on=_make(today.year + _YEAR_REL[m["yrel"]], month, day))
        return DueDate(on=_checked_yearless(month, day, today, past))
    if m := _ZH_REL_MONTH_DAY.fullmatch(s):
        day = small_number(m["d"])
        if day is None:
            raise _fail(text)
        first = add_months(today.replace(day=1), _MONTH_REL[m["rel"]])
        return DueDate(on=_make(first.year, first.month, day))
    if (m := _EN_MONTH_DAY.fullmatch(s)) or (m := _EN_DAY_MONTH.fullmatch(s)):
        month, day = _MONTHS[m["mname"]], int(m["d"])
        if m["y"]:
            return DueDate(on=_make(_year(m["y"], text, today), month, day))
        return DueDate(on=_checked_yearless(month, day, today, past))
    if m := _SLASH.fullmatch(s):
        return DueDate(on=_checked_yearless(int(m["m"]), int(m["d"]), today, past))
    raise _fail(text)


def _checked_yearless(month: int, day: int, today: date, past: bool) -> date:
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        raise ParseError("date.no_such_date", year=None, month=month, day=day)
    return _yearless(month, day, today, past)


def parse_date(text: str, *, today: date, tz: str | None = None, past_ok: bool = False) -> DueDate:
    """Parse a date or a monthly due day (see the module docstring).

    ``today`` is the user's local date; the caller computes it in the user's
    time zone. ``tz`` is accepted for that caller's convenience and recorded
    nowhere: every rule here works on ``today``.
    """
    del tz
    s = guard(text, "date.invalid")
    due = _resolve(s, text, today, past_ok)
    if due.on is not None:
        if past_ok and due.on > today:
            raise ParseError("date.future", date=due.on)
        if not past_ok and due.on < today:
            raise ParseError("date.past", date=due.on)
    return due


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


def parse_month(text: str, today: date, *, past_ok: bool = True) -> date:
    """A month, as its first day: ``2026-03``, ``2026年3月``, ``3月``, ``三月``,
    ``March 2026``, ``Mar``, ``3/2026``, ``上个月`` / ``last month``, ``去年3月``.

    Meant for "when did the loan start", so by default a month without a year is
    the latest one not after the current month, and a future month is refused
    (``date.future``). With ``past_ok=False`` it is the next one from the current
    month on, and a past month is refused (``date.past``). Codes as for
    :func:`parse_date`; an impossible month gives ``date.no_such_date`` with
    ``day=None``.
    """
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
        raise ParseError("date.future", date=result)
    if not past_ok and result < this_month:
        raise ParseError("date.past", date=result)
    return result
