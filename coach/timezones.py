"""Time zones and quiet hours, per user.

A user's zone is stored as text: an IANA name (``Europe/Berlin``) or a fixed
offset in canonical form (``UTC+08:00``) when they typed one.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from coach.errors import ParseError

_OFFSET = re.compile(r"^(?:UTC|GMT|UTC\s*|GMT\s*)?\s*([+\-−])\s*(\d{1,2})(?::?(\d{2}))?$", re.I)
_ALIASES = {
    "utc": "UTC",
    "gmt": "UTC",
    "z": "UTC",
    "beijing": "Asia/Shanghai",
    "北京": "Asia/Shanghai",
    "北京时间": "Asia/Shanghai",
    "china": "Asia/Shanghai",
    "中国": "Asia/Shanghai",
    "上海": "Asia/Shanghai",
    "香港": "Asia/Hong_Kong",
    "台北": "Asia/Taipei",
    "东京": "Asia/Tokyo",
    "new york": "America/New_York",
    "los angeles": "America/Los_Angeles",
    "chicago": "America/Chicago",
    "london": "Europe/London",
    "berlin": "Europe/Berlin",
}
_LOWER_NAMES: dict[str, str] | None = None


def _lower_names() -> dict[str, str]:
    global _LOWER_NAMES
    if _LOWER_NAMES is None:
        _LOWER_NAMES = {n.lower(): n for n in available_timezones()}
    return _LOWER_NAMES


def parse_timezone(text: str) -> str:
    """Turn what the user typed into a canonical zone name, or raise ParseError."""
    raw = text.strip().replace("：", ":").replace("＋", "+")
    if not raw or len(raw) > 64:
        raise ParseError("timezone.invalid", value=text[:64])
    alias = _ALIASES.get(raw.lower())
    if alias:
        return alias
    m = _OFFSET.match(raw)
    if m:
        sign = -1 if m.group(1) in "-−" else 1
        hours, minutes = int(m.group(2)), int(m.group(3) or 0)
        if hours > 14 or minutes >= 60 or (hours == 14 and minutes):
            raise ParseError("timezone.invalid", value=text[:64])
        if hours == 0 and minutes == 0:
            return "UTC"
        return f"UTC{'+' if sign > 0 else '-'}{hours:02d}:{minutes:02d}"
    name = _lower_names().get(raw.replace(" ", "_").lower())
    if name:
        return name
    raise ParseError("timezone.invalid", value=text[:64])


def zone(name: str) -> tzinfo:
    """The tzinfo for a canonical zone name (as produced by parse_timezone)."""
    if name.startswith("UTC") and len(name) == 9:
        sign = -1 if name[3] == "-" else 1
        return timezone(sign * timedelta(hours=int(name[4:6]), minutes=int(name[7:9])))
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ParseError("timezone.invalid", value=name[:64]) from exc


def local_now(now_utc: datetime, tz_name: str) -> datetime:
    return now_utc.astimezone(zone(tz_name))


_QUIET = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*(?:-|–|—|~|到|至|to)\s*(\d{1,2})(?::(\d{2}))?$")


def parse_quiet_hours(text: str) -> tuple[int, int]:
    """``22:00-08:00`` -> (1320, 480): start and end as minutes after midnight."""
    raw = text.strip().replace("：", ":").replace(" ", "")
    m = _QUIET.match(raw)
    if not m:
        raise ParseError("quiet.invalid", value=text[:32])
    sh, sm, eh, em = (int(g or 0) for g in m.groups())
    if sh > 23 or eh > 24 or sm > 59 or em > 59 or (eh == 24 and em):
        raise ParseError("quiet.invalid", value=text[:32])
    start, end = sh * 60 + sm, (eh % 24) * 60 + em
    if start == end:
        raise ParseError("quiet.empty", value=text[:32])
    return start, end


def format_minutes(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def is_quiet(local: time, start_min: int | None, end_min: int | None) -> bool:
    """Whether a local wall-clock time falls in quiet hours (which may wrap midnight)."""
    if start_min is None or end_min is None or start_min == end_min:
        return False
    t = local.hour * 60 + local.minute
    if start_min < end_min:
        return start_min <= t < end_min
    return t >= start_min or t < end_min
