"""Time zones and quiet hours, per user.

A user's zone is stored as text: an IANA name (``Europe/Berlin``) or a fixed
offset in canonical form (``UTC+08:00``) when they typed one.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from coach.errors import ParseError
from coach.parsing._text import small_number

_OFFSET = re.compile(r"^(?:utc|gmt)?\s*([+\-])\s*(\d{1,2})(?::?(\d{2}))?$")
# 东八区 = UTC+8, 西五区 = UTC-5 (the time-zone names taught in Chinese schools).
_ZONE_NUMBER = re.compile(r"^([东西])([0-9]{1,2}|[一二三四五六七八九十]{1,3})区$")
_SUFFIXES = ("标准时间", "时间", "时区", "standardtime", "time", "timezone", "tz")

#: What people type -> a canonical zone: an IANA name, or a fixed offset as
#: parse_timezone writes it. Keys are folded (NFKC, lower case, no spaces, _ or -).
#: Mainland China is one zone (Beijing time), whatever the city.
# fmt: off
ALIASES: dict[str, str] = {
    # UTC
    "utc": "UTC", "gmt": "UTC", "z": "UTC", "zulu": "UTC", "协调世界时": "UTC", "世界时": "UTC",
    "格林尼治": "UTC", "格林威治": "UTC",
    # mainland China
    **dict.fromkeys((
        "中国", "中国大陆", "大陆", "内地", "国内", "china", "prc", "mainland", "mainlandchina",
        "北京", "上海", "深圳", "广州", "杭州", "成都", "重庆", "天津", "武汉", "南京", "西安",
        "苏州", "长沙", "郑州", "东莞", "佛山", "青岛", "沈阳", "宁波", "昆明", "合肥", "福州",
        "厦门", "济南", "大连", "哈尔滨", "长春", "石家庄", "南宁", "南昌", "贵阳", "太原",
        "乌鲁木齐", "拉萨", "兰州", "海口", "三亚", "呼和浩特", "银川", "西宁", "无锡", "温州",
        "beijing", "peking", "shanghai", "shenzhen", "guangzhou", "canton", "hangzhou", "chengdu",
        "chongqing", "tianjin", "wuhan", "nanjing", "xian", "suzhou",
    ), "Asia/Shanghai"),
    "香港": "Asia/Hong_Kong", "hongkong": "Asia/Hong_Kong", "hk": "Asia/Hong_Kong",
    "澳门": "Asia/Macau", "macau": "Asia/Macau", "macao": "Asia/Macau",
    "台北": "Asia/Taipei", "台湾": "Asia/Taipei", "taipei": "Asia/Taipei", "taiwan": "Asia/Taipei",
    # elsewhere in Asia and Oceania
    "东京": "Asia/Tokyo", "日本": "Asia/Tokyo", "tokyo": "Asia/Tokyo", "japan": "Asia/Tokyo",
    "jst": "Asia/Tokyo",
    "首尔": "Asia/Seoul", "韩国": "Asia/Seoul", "seoul": "Asia/Seoul", "korea": "Asia/Seoul",
    "新加坡": "Asia/Singapore", "singapore": "Asia/Singapore", "sgt": "Asia/Singapore",
    "吉隆坡": "Asia/Kuala_Lumpur", "马来西亚": "Asia/Kuala_Lumpur", "kualalumpur": "Asia/Kuala_Lumpur",
    "曼谷": "Asia/Bangkok", "泰国": "Asia/Bangkok", "bangkok": "Asia/Bangkok",
    "悉尼": "Australia/Sydney", "sydney": "Australia/Sydney",
    "墨尔本": "Australia/Melbourne", "melbourne": "Australia/Melbourne",
    # North America
    **dict.fromkeys((
        "newyork", "nyc", "纽约", "eastern", "useastern", "et", "est", "edt", "美东", "美国东部",
        "boston", "波士顿", "washington", "华盛顿", "miami", "迈阿密", "atlanta",
    ), "America/New_York"),
    **dict.fromkeys((
        "chicago", "芝加哥", "central", "uscentral", "cdt", "dallas", "达拉斯", "houston", "休斯顿",
    ), "America/Chicago"),
    **dict.fromkeys(("denver", "丹佛", "mountain", "usmountain", "mst", "mdt"), "America/Denver"),
    **dict.fromkeys(("phoenix", "arizona", "凤凰城"), "America/Phoenix"),
    **dict.fromkeys((
        "losangeles", "la", "洛杉矶", "pacific", "uspacific", "pt", "pst", "pdt", "美西", "美国西部",
        "sanfrancisco", "sf", "旧金山", "seattle", "西雅图", "lasvegas", "拉斯维加斯",
        "siliconvalley", "硅谷", "sanjose",
    ), "America/Los_Angeles"),
    "honolulu": "Pacific/Honolulu", "hawaii": "Pacific/Honolulu", "夏威夷": "Pacific/Honolulu",
    "檀香山": "Pacific/Honolulu",
    "toronto": "America/Toronto", "多伦多": "America/Toronto",
    "vancouver": "America/Vancouver", "温哥华": "America/Vancouver",
    # Europe
    **dict.fromkeys(("london", "伦敦", "uk", "英国", "bst", "britain", "england"), "Europe/London"),
    "paris": "Europe/Paris", "巴黎": "Europe/Paris", "法国": "Europe/Paris",
    "berlin": "Europe/Berlin", "柏林": "Europe/Berlin", "德国": "Europe/Berlin",
    "cet": "Europe/Berlin", "cest": "Europe/Berlin",
    "moscow": "Europe/Moscow", "莫斯科": "Europe/Moscow",
}
# fmt: on
_LOWER_NAMES: dict[str, str] | None = None


def _lower_names() -> dict[str, str]:
    global _LOWER_NAMES
    if _LOWER_NAMES is None:
        _LOWER_NAMES = {n.lower(): n for n in available_timezones()}
    return _LOWER_NAMES


def _fold(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", text)


def _alias(folded: str) -> str | None:
    if folded in ALIASES:
        return ALIASES[folded]
    for suffix in _SUFFIXES:
        if folded.endswith(suffix) and folded[: -len(suffix)] in ALIASES:
            return ALIASES[folded[: -len(suffix)]]
    return None


def _offset(sign: int, hours: int, minutes: int, text: str) -> str:
    if hours > 14 or minutes >= 60 or (hours == 14 and minutes):
        raise ParseError("timezone.invalid", value=text[:64])
    if hours == 0 and minutes == 0:
        return "UTC"
    return f"UTC{'+' if sign > 0 else '-'}{hours:02d}:{minutes:02d}"


def parse_timezone(text: str) -> str:
    """Turn what the user typed into a canonical zone name, or raise ParseError.

    Accepted: IANA names (``Europe/Berlin``, any case), the aliases of
    :data:`ALIASES` (``北京时间``, ``深圳``, ``纽约``, ``New York``, ``PST``,
    ``Pacific``, ``London``, ``伦敦`` ... with or without 时间/time), offsets
    (``UTC+8``, ``GMT-5``, ``+05:30``, full-width ``ＵＴＣ＋８``) and ``东八区`` /
    ``西五区``. An offset is returned as ``UTC+08:00`` (``UTC`` for +0). Code
    ``timezone.invalid`` (``value``).
    """
    if not isinstance(text, str):
        raise TypeError(f"expected str, not {type(text).__name__}")
    raw = unicodedata.normalize("NFKC", text).strip().casefold().replace("−", "-")
    if not raw or len(raw) > 64:
        raise ParseError("timezone.invalid", value=text[:64])
    alias = _alias(_fold(raw))
    if alias:
        return alias
    if m := _OFFSET.match(raw):
        sign = -1 if m.group(1) == "-" else 1
        return _offset(sign, int(m.group(2)), int(m.group(3) or 0), text)
    if m := _ZONE_NUMBER.match(_fold(raw)):
        hours = small_number(m.group(2))
        if hours is None:
            raise ParseError("timezone.invalid", value=text[:64])
        return _offset(1 if m.group(1) == "东" else -1, hours, 0, text)
    name = _lower_names().get(re.sub(r"\s+", "_", raw))
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


_PERIOD = "凌晨|清晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜里|夜间|深夜|半夜|今晚|明早|次日|第二天"
_HOUR_NUM = "[0-9]{1,2}|[零〇一二两三四五六七八九十]{1,3}"


def _clock(p: str) -> str:
    """One clock time, its groups prefixed with ``p``: 23:00, 9, 11pm, 23点半, 晚上十一点."""
    return (
        rf"(?:(?P<{p}period>{_PERIOD}))?(?P<{p}h>{_HOUR_NUM})"
        rf"(?:[:.](?P<{p}m>[0-9]{{2}})|点(?:(?P<{p}half>半)|(?P<{p}m2>{_HOUR_NUM})分?|整|钟)?|时|h)?"
        rf"(?P<{p}ap>am|pm|a\.m\.|p\.m\.)?"
    )


_QUIET = re.compile(rf"{_clock('s')}(?:-|~|〜|到|至|to|until|till)(?:次日|第二天)?{_clock('e')}")
_MORNING, _NOON = ("凌晨", "清晨", "早上", "早晨", "上午", "明早"), ("中午",)
_EVENING = ("晚上", "夜里", "夜间", "深夜", "半夜", "今晚")


def _minutes(m: re.Match[str], p: str, text: str) -> int:
    """Minutes after midnight of the clock time ``p`` in ``m`` (24:00 is allowed, as 1440)."""
    invalid = ParseError("quiet.invalid", value=text[:32])
    hour = small_number(m[f"{p}h"])
    raw_minute = m[f"{p}m"] or m[f"{p}m2"]
    minute = 30 if m[f"{p}half"] else (small_number(raw_minute) if raw_minute else 0)
    if hour is None or minute is None or minute > 59:
        raise invalid
    ampm, period = m[f"{p}ap"], m[f"{p}period"]
    if hour > 12 and (ampm or period in _MORNING):
        raise invalid  # 13pm, 早上15点
    if hour > 12:
        pass  # 晚上23点, 下午15点: already on a 24-hour clock
    elif ampm:
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    elif period in _MORNING:
        hour %= 12  # 凌晨12点 is midnight
    elif period in _NOON:
        hour = hour if hour >= 11 else hour + 12  # 中午12点, 中午1点 = 13:00
    elif period in ("下午", "傍晚"):
        hour = hour % 12 + 12
    elif period in _EVENING:
        hour = 0 if hour == 12 else (hour + 12 if hour >= 6 else hour)  # 晚上12点: midnight
    if hour > 24 or (hour == 24 and minute):
        raise invalid
    return hour * 60 + minute


def parse_quiet_hours(text: str) -> tuple[int, int]:
    """``22:00-08:00`` -> (1320, 480): start and end as minutes after midnight.

    Also ``23：00－09：00`` (full width), ``23:00~9:00``, ``23点到9点``,
    ``晚上11点到早上9点``, ``晚上十一点到早上九点``, ``23点半至7点``, ``11pm-9am``,
    ``11 pm to 9 am``. The end may be ``24:00``. Codes: ``quiet.invalid``
    (``value``), ``quiet.empty`` (``value``: start equals end).
    """
    if not isinstance(text, str):
        raise TypeError(f"expected str, not {type(text).__name__}")
    raw = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).casefold())
    raw = raw.replace("−", "-").replace("–", "-").replace("—", "-").replace("～", "~")
    m = _QUIET.fullmatch(raw) if len(raw) <= 64 else None
    if not m:
        raise ParseError("quiet.invalid", value=text[:32])
    start, end = _minutes(m, "s", text), _minutes(m, "e", text)
    if start >= 24 * 60:
        raise ParseError("quiet.invalid", value=text[:32])
    end %= 24 * 60
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
