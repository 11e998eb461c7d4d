"""Dates and due days, in zh-CN and en. Hand-written rules, no dateparser.

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
latest occurrence on or before today unless one comes within
:data:`NEAR_FUTURE_DAYS` (a month), and a date after today is refused
(``date.future``): on 2026-11-29, ``11月30日`` is tomorrow (refused), never
2025-11-30; ``3月10日`` is 2026-03-10. Today is fine in both. Due dates have
their own reading (:func:`coach.parsing.due.parse_due`), and so do dates of
things that already happened (:func:`coach.parsing.past.parse_past_date`).

Codes (params): ``date.invalid`` (``text``); ``date.no_such_date`` (``year``,
``month``, ``day``, each ``int | None``: ``2月30日``, ``Feb 30``, ``2026-02-30`` and
``32号`` give it from every parser); ``date.past`` and ``date.future`` (``on``, and
``date``: the same date, for the catalog's ``{date}``); ``date.out_of_range``
(``text``: a year more than 100 years away, or a relative offset beyond 3650
days). Every one also carries ``form``: the caller's name for the question
(``"due"``, ``"paid"``, ``"loan"``, ``"since"`` ...; ``"date"`` or ``"month"`` by
default), so the bot can show that question's own example.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import NamedTuple

from coach.errors import ParseError
from coach.parsing._text import NUM, echo, guard, small_number
from coach.parsing.calendar import DueDate, add_months

__all__ = [
    "NEAR_FUTURE_DAYS",
    "Yearless",
    "latest_unless_soon",
    "moved",
    "nearest",
    "parse_date",
    "resolve",
    "tag_form",
]

_MAX_OFFSET_DAYS = 3650
#: A date without a year this many days ahead or fewer is that future date, even
#: where only past dates make sense: a payment is never moved a year back.
NEAR_FUTURE_DAYS = 31
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


def tag_form(exc: ParseError, form: str) -> ParseError:
    """``exc`` with its ``form`` param set (kept if a deeper parser already set it)."""
    exc.params.setdefault("form", form)
    exc.args = (f"{exc.code} {exc.params}",)
    return exc


def moved(code: str, on: date, form: str) -> ParseError:
    """``date.past`` / ``date.future`` for ``on``: ``on`` and ``date`` carry the same date."""
    return ParseError(code, on=on, date=on, form=form)


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


class Yearless(NamedTuple):
    """A month and day typed without a year (``11月15日``, ``Nov 15``): it exists in some year."""

    month: int
    day: int


def _occurrence(y: Yearless, today: date, past: bool) -> date:
    """The next (or, with ``past``, the latest) occurrence of ``y`` on or after (before) today."""
    step = -1 if past else 1
    for k in range(9):  # Feb 29 comes back within 8 years
        try:
            candidate = date(today.year + step * k, y.month, y.day)
        except ValueError:
            continue
        if (candidate <= today) if past else (candidate >= today):
            return candidate
    raise AssertionError("checked by _yearless")  # pragma: no cover


def nearest(y: Yearless, today: date) -> date:
    """The occurrence of ``y`` nearest to ``today`` (a tie goes to the future).

    On 2026-11-29: ``11/15`` -> 2026-11-15, ``3/10`` -> 2027-03-10 (101 days ahead,
    not 264 back). Used for due dates, which may have just passed.
    """
    before, after = _occurrence(y, today, past=True), _occurrence(y, today, past=False)
    return before if (today - before) < (after - today) else after


def latest_unless_soon(y: Yearless, today: date) -> date:
    """The latest occurrence of ``y`` on or before ``today``, unless one comes within
    :data:`NEAR_FUTURE_DAYS`: then that one (for the caller to refuse as future).

    On 2026-11-29: ``11/30`` -> 2026-11-30 (tomorrow, never 2025-11-30), ``12/25`` ->
    2026-12-25, ``3/10`` -> 2026-03-10, ``12/31`` -> 2025-12-31 (32 days ahead).
    Used for dates of things that already happened.
    """
    after = _occurrence(y, today, past=False)
    if (after - today).days <= NEAR_FUTURE_DAYS:
        return after
    return _occurrence(y, today, past=True)


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


def resolve(s: str, text: str, today: date, past: bool) -> DueDate | Yearless:
    """Read the normalised ``s`` (``text`` as typed, for errors) without choosing a year.

    Returns a specific date, a monthly due day, or a :class:`Yearless` date for
    the caller to place; ``past`` only picks the week of a bare weekday
    (``friday``: the last one rather than the next).
    """
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
        return _yearless(month, day)
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
        return _yearless(month, day)
    if m := _SLASH.fullmatch(s):
        return _yearless(int(m["m"]), int(m["d"]))
    raise _fail(text)


def _yearless(month: int, day: int) -> Yearless:
    try:
        date(2000, month, day)  # a leap year: Feb 29 exists, Feb 30 never does
    except ValueError:
        raise ParseError("date.no_such_date", year=None, month=month, day=day) from None
    return Yearless(month, day)


def parse_date(
    text: str,
    *,
    today: date,
    tz: str | None = None,
    past_ok: bool = False,
    form: str = "date",
) -> DueDate:
    """Parse a date or a monthly due day (see the module docstring).

    ``today`` is the user's local date; the caller computes it in the user's
    time zone. ``tz`` is accepted for that caller's convenience and recorded
    nowhere: every rule here works on ``today``. ``form`` is copied into every
    error's params.
    """
    del tz
    try:
        s = guard(text, "date.invalid")
        read = resolve(s, text, today, past_ok)
        if isinstance(read, Yearless):
            on = latest_unless_soon(read, today) if past_ok else _occurrence(read, today, False)
            read = DueDate(on=on)
        if read.on is not None:
            if past_ok and read.on > today:
                raise moved("date.future", read.on, form)
            if not past_ok and read.on < today:
                raise moved("date.past", read.on, form)
        return read
    except ParseError as exc:
        raise tag_form(exc, form) from None
