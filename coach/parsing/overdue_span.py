"""How long a debt is said to be overdue: ``逾期20天``, ``两个月没还``, ``20 days overdue``.

One reader for a sentence told outside a flow (:mod:`coach.debt_text`) and a one-line
``/adddebt`` (:mod:`coach.parsing.adddebt`).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from coach.errors import ParseError
from coach.parsing.amounts import parse_days
from coach.parsing.calendar import add_months

__all__ = ["read_overdue"]

_MAX_OVERDUE_DAYS = 3650
_CN_SMALL = "零〇一二两三四五六七八九十"
_OVERDUE_N = rf"(?P<n>[0-9]{{1,4}}|[{_CN_SMALL}半]{{1,4}})"
_OVERDUE_SPANS = (
    re.compile(
        rf"(?:已经?)?逾期(?:了)?\s?{_OVERDUE_N}\s?(?P<u>天|日|个多?月|个半月|个星期|星期|周|年)"
    ),
    re.compile(
        rf"{_OVERDUE_N}\s?(?P<u>天|个多?月|个星期|周|年)\s?(?:了)?\s?(?:没还|未还|还没还|逾期)"
    ),
    re.compile(
        r"(?:overdue|late|past due|behind)(?: by| for)?\s(?P<n>[0-9]{1,4})\s?(?P<u>days?|weeks?|months?|years?)",
        re.I,
    ),
    re.compile(
        r"(?P<n>[0-9]{1,4})\s?(?P<u>days?|weeks?|months?|years?)\s(?:overdue|late|past due|behind)",
        re.I,
    ),
)


def _count(raw: str) -> int | None:
    if raw == "半":
        return None
    try:
        return parse_days(raw + "天")
    except ParseError:
        return None


def read_overdue(s: str, today: date) -> tuple[int | None, date | None, str]:
    """How long a debt is said to be overdue in ``s`` (``逾期20天``, ``欠了两个月没还``,
    ``20 days overdue``): the days, since when (``today`` less them), and ``s`` with the
    words blanked (same length, so other spans keep their places); (None, None, s) when
    it says none. Up to ten years; a half month is 15 days."""
    for pattern in _OVERDUE_SPANS:
        for m in pattern.finditer(s):
            unit = m["u"].casefold()
            half = m["n"] == "半" or "半" in unit
            n = 0 if m["n"] == "半" else _count(m["n"])
            if n is None:
                continue
            if unit.startswith(("天", "日", "day")):
                since = today - timedelta(days=n)
            elif unit.startswith(("周", "星期", "个星期", "week")):
                since = today - timedelta(weeks=n)
            elif unit.startswith(("年", "year")):
                since = add_months(today, -12 * n - (6 if half else 0))
            else:  # months; 半个月 / 一个半月 add half a month (15 days)
                since = add_months(today, -n) - timedelta(days=15 if half else 0)
            days = (today - since).days
            if 0 < days <= _MAX_OVERDUE_DAYS:
                return days, since, s[: m.start()] + " " * (m.end() - m.start()) + s[m.end():]
    return None, None, s


