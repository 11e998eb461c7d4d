"""When a collector's contact happened, as the user tells it (zh-CN and en).

``read_contact_time(s, now_local)`` reads the first time of day and the day words
of a prepared text: ``昨晚11点半`` -> yesterday 23:30, ``今天早上7点`` -> today
07:00, ``刚才`` / ``just now`` -> ``now_local``, ``last night at 10:40pm`` ->
yesterday 22:40, ``this morning 7am``, ``凌晨2点``, ``23:15``. Hand-written rules:
no dependency reads Chinese times of day well enough to be worth one.

How a 12-hour clock is read:

- am/pm, 上午/早上/早/清早 (morning), 中午 (noon), 下午 (afternoon), 傍晚/晚上/夜里
  (evening), 凌晨 (small hours) decide;
- in the evening, 1-4 o'clock are after midnight: ``昨晚2点`` is 02:00 *today*,
  ``昨晚12点`` is 00:00 today (the midnight that ended yesterday);
- without any of these (``11点打的``) the hour is ambiguous: the reading is the
  most recent of h:mm and (h+12):mm not after ``now_local`` and ``guessed`` is
  true, so a caller does not draw conclusions (like "at night") from it.

A time after ``now_local`` (the text is about a future visit, say) is not a
contact time: ``when`` is ``None``. Pure; ``now_local`` may be naive or aware and
the result has its ``tzinfo``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

__all__ = ["ContactTime", "read_contact_time"]

_CN = "零〇一二两三四五六七八九十"
_CN_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}


@dataclass(frozen=True, slots=True)
class ContactTime:
    """``when`` the contact happened (``None`` if not said); ``guessed``: am/pm unclear."""

    when: datetime | None = None
    guessed: bool = False


_NOW = re.compile(
    r"刚才|刚刚|刚打|刚来|刚发|just now|\bjust (?:called|texted|rang)|a (?:minute|moment) ago"
)
# Day words, with the part of day they imply (None: any).
_DAYS: tuple[tuple[re.Pattern[str], int, str | None], ...] = (
    (re.compile(r"昨晚|昨夜|昨天晚上|昨天夜里|昨天夜间|last night"), -1, "evening"),
    (re.compile(r"前晚|前天晚上|前天夜里"), -2, "evening"),
    (re.compile(r"今晚|今天晚上|今夜|tonight|this evening"), 0, "evening"),
    (re.compile(r"今早|今晨|今天早上|今天上午|今天早晨|this morning"), 0, "morning"),
    (re.compile(r"今天下午|this afternoon"), 0, "afternoon"),
    (re.compile(r"昨早|昨天早上|昨天上午|昨天早晨|yesterday morning"), -1, "morning"),
    (re.compile(r"昨天下午|yesterday afternoon"), -1, "afternoon"),
    (re.compile(r"昨天|昨日|yesterday"), -1, None),
    (re.compile(r"前天|day before yesterday"), -2, None),
    (re.compile(r"今天|今日|\btoday\b|earlier today"), 0, None),
)
_PERIODS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"凌晨|半夜|深夜|in the middle of the night"), "small_hours"),
    (re.compile(r"早上|上午|早晨|清早|大早|一早|in the morning"), "morning"),
    (re.compile(r"中午|noon"), "noon"),
    (re.compile(r"下午|in the afternoon"), "afternoon"),
    (re.compile(r"傍晚|晚上|夜里|夜间|in the evening|at night"), "evening"),
)
_ZH_CLOCK = re.compile(
    rf"(?<![0-9{_CN}])(?P<h>[0-9]{{1,2}}|[{_CN}]{{1,3}})\s?(?:点|點|时)"
    rf"(?:\s?(?P<half>半)|\s?(?P<q>一刻|三刻)|\s?(?P<m>[0-9]{{2}})(?![0-9])"
    rf"|\s?(?P<m2>[0-9]{{1,2}}|[{_CN}]{{1,3}})\s?分)?(?P<more>\s?(?:钟|左右|多))?"
)
_COLON = re.compile(
    r"(?<![0-9:.])(?P<h>[0-9]{1,2}):(?P<m>[0-9]{2})(?![0-9])\s?(?P<ap>am|pm|a\.m\.?|p\.m\.?)?",
    re.IGNORECASE,
)
_EN_AMPM = re.compile(r"(?<![0-9:.])(?P<h>[0-9]{1,2})\s?(?P<ap>am|pm|a\.m\.?|p\.m\.?)(?![a-z])")
_EN_AT = re.compile(
    r"\bat (?:around |about )?(?P<h>[0-9]{1,2})(?::(?P<m>[0-9]{2}))?(?![0-9:%])(?!\s?(?:am|pm|a\.m|p\.m))"
)
_MIDNIGHT = re.compile(r"\bmidnight\b|午夜|半夜12点|半夜十二点")


def _small(raw: str) -> int | None:
    """0-59 in digits or Chinese numerals (十一, 二十三, 两, 四十五)."""
    if raw.isascii():
        return int(raw) if raw.isdigit() else None
    if "十" in raw:
        tens_raw, _, ones_raw = raw.partition("十")
        tens = _CN_VALUE.get(tens_raw, -1) if tens_raw else 1
        ones = _CN_VALUE.get(ones_raw, -1) if ones_raw else 0
        return tens * 10 + ones if tens >= 0 and ones >= 0 and "十" not in ones_raw else None
    if len(raw) == 1:
        return _CN_VALUE.get(raw)
    return None


def _zh_clock(m: re.Match[str], context: bool) -> tuple[int, int] | None:
    """Hour and minute of a 点 time. ``一点`` alone is also "a little": a hour in
    Chinese numerals needs a day or period word around, or 半 / 分 / 钟 / 左右 after."""
    if not m["h"].isascii() and not (context or m["half"] or m["q"] or m["m2"] or m["more"]):
        return None
    hour = _small(m["h"])
    minute: int | None = 0
    if m["half"]:
        minute = 30
    elif m["q"]:
        minute = 15 if m["q"] == "一刻" else 45
    elif m["m"] or m["m2"]:
        minute = _small(m["m"] or m["m2"])
    return None if hour is None or minute is None else (hour, minute)


def _clock(s: str, context: bool) -> tuple[int, int, str | None] | None:
    """(hour as said, minute, "am"/"pm"/None) of the first time of day in ``s``."""
    found: list[tuple[int, int, int, str | None]] = []  # (position, hour, minute, am/pm)
    for zm in _ZH_CLOCK.finditer(s):
        if (hm := _zh_clock(zm, context)) is not None:
            found.append((zm.start(), *hm, None))
            break
    if m := _COLON.search(s):
        found.append((m.start(), int(m["h"]), int(m["m"]), (m["ap"] or "")[:1] or None))
    if m := _EN_AMPM.search(s):
        found.append((m.start(), int(m["h"]), 0, m["ap"][:1]))
    if m := _EN_AT.search(s):
        found.append((m.start(), int(m["h"]), int(m["m"] or 0), None))
    if m := _MIDNIGHT.search(s):
        found.append((m.start(), 0, 0, "a"))
    if not found:
        return None
    _, hour, minute, ap = min(found, key=lambda f: f[0])
    if not (0 <= hour <= 24 and 0 <= minute <= 59) or (ap and not 1 <= hour <= 12 and hour):
        return None
    return hour % 24, minute, {"a": "am", "p": "pm"}.get(ap or "")


def _hours(hour: int, ap: str | None, period: str | None) -> tuple[list[tuple[int, int]], bool]:
    """Readings as (day shift, hour 0-23) and whether the reading is a guess.

    The day shift is 1 for the small hours after an evening ("last night at 2").
    """
    if ap == "am":
        return [(0, hour % 12)], False
    if ap == "pm":
        return [(0, hour % 12 + 12)], False
    if hour == 0 or hour >= 13:
        return [(0, hour)], False
    if period == "small_hours":
        return [(0, hour % 12)], False
    if period == "morning":
        return [(0, hour % 12)], False
    if period == "noon":
        return [(0, hour if hour >= 11 else hour + 12)], False
    if period == "afternoon":
        return [(0, hour % 12 + 12)], False
    if period == "evening":
        return [(1, hour % 12)] if hour <= 4 or hour == 12 else [(0, hour + 12)], False
    return [(0, hour % 12), (0, hour % 12 + 12)], True


def _day_words(s: str) -> tuple[int | None, str | None]:
    for pattern, shift, period in _DAYS:
        if pattern.search(s):
            return shift, period
    return None, None


def _at(day: date, hour: int, minute: int, now: datetime) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=now.tzinfo)


def read_contact_time(s: str, now_local: datetime) -> ContactTime:
    """The time of the contact told in prepared text ``s`` (see the module doc)."""
    low = s.casefold()
    shift, day_period = _day_words(low)
    period = next((name for p, name in _PERIODS if p.search(low)), None) or day_period
    clock = _clock(low, context=shift is not None or period is not None)
    if clock is None:
        return ContactTime(now_local) if _NOW.search(low) else ContactTime()
    hour, minute, ap = clock
    readings, guessed = _hours(hour, ap, period)
    today = now_local.date()
    days = [shift] if shift is not None else [0, -1]
    candidates = [
        _at(today + timedelta(days=d + extra), h, minute, now_local)
        for d in days
        for extra, h in readings
    ]
    past = [c for c in candidates if c <= now_local]
    if not past:
        return ContactTime()
    return ContactTime(max(past), guessed)
