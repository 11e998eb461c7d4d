"""Settings as people type them: time zones by city or offset, quiet hours in any clock."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta
from zoneinfo import available_timezones

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.errors import ParseError
from coach.timezones import ALIASES, format_minutes, parse_quiet_hours, parse_timezone, zone

ZONES = [
    ("北京时间", "Asia/Shanghai"),
    ("深圳", "Asia/Shanghai"),
    ("广州", "Asia/Shanghai"),
    ("上海", "Asia/Shanghai"),
    ("杭州", "Asia/Shanghai"),
    ("成都", "Asia/Shanghai"),
    ("北京", "Asia/Shanghai"),
    ("中国", "Asia/Shanghai"),
    ("深圳时间", "Asia/Shanghai"),
    ("Beijing Time", "Asia/Shanghai"),
    ("东八区", "UTC+08:00"),  # a fixed offset, as the module writes offsets
    ("东8区", "UTC+08:00"),
    ("西五区", "UTC-05:00"),
    ("香港", "Asia/Hong_Kong"),
    ("ＵＴＣ＋８", "UTC+08:00"),  # full width
    ("utc+8", "UTC+08:00"),
    ("GMT+8", "UTC+08:00"),
    ("UTC+8:00", "UTC+08:00"),
    ("utc − 5", "UTC-05:00"),
    ("New York", "America/New_York"),
    ("new_york", "America/New_York"),
    ("纽约", "America/New_York"),
    ("纽约时间", "America/New_York"),
    ("EST", "America/New_York"),
    ("Pacific", "America/Los_Angeles"),
    ("Pacific Time", "America/Los_Angeles"),
    ("PST", "America/Los_Angeles"),
    ("Los Angeles", "America/Los_Angeles"),
    ("洛杉矶", "America/Los_Angeles"),
    ("London", "Europe/London"),
    ("伦敦", "Europe/London"),
    ("Europe/Berlin", "Europe/Berlin"),
    ("　europe/berlin　", "Europe/Berlin"),
]


@pytest.mark.parametrize(("text", "name"), ZONES)
def test_a_time_zone_as_people_name_it(text: str, name: str) -> None:
    assert parse_timezone(text) == name
    zone(name)


@pytest.mark.parametrize("text", ["", "Mars/Olympus", "东十五区", "UTC+15", "火星", "北京 上海"])
def test_a_time_zone_refused(text: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_timezone(text)
    assert info.value.code == "timezone.invalid"


def test_every_alias_is_a_real_zone_under_a_folded_key() -> None:
    for key, name in ALIASES.items():
        assert key == unicodedata.normalize("NFKC", key).casefold().replace(" ", "")
        assert parse_timezone(key) == name
        zone(name)


_FOLDED_ALIASES = {k.replace("_", "") for k in ALIASES}


@pytest.mark.parametrize(
    "name",
    sorted(
        n
        for n in available_timezones()
        if n.casefold().replace("_", "").replace("-", "") not in _FOLDED_ALIASES
        and n not in ("GMT+0", "GMT-0")  # read as offsets: UTC, the same zone
    ),
)
def test_an_iana_name_is_its_own_canonical_name(name: str) -> None:
    assert parse_timezone(name) == name


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=-14, max_value=14),
    st.sampled_from([0, 30, 45]),
    st.sampled_from(["UTC{s}{h}:{m:02d}", "GMT{s}{h}:{m:02d}", "{s}{h:02d}{m:02d}", "ＵＴＣ{s}{h}:{m:02d}"]),
)
def test_an_offset_round_trips(hours: int, minutes: int, form: str) -> None:
    if abs(hours) == 14 and minutes:
        return
    sign = "-" if hours < 0 else "+"
    name = parse_timezone(form.format(s=sign, h=abs(hours), m=minutes))
    offset = timedelta(hours=abs(hours), minutes=minutes) * (-1 if hours < 0 else 1)
    now = datetime(2026, 11, 29, tzinfo=UTC)
    assert now.astimezone(zone(name)).utcoffset() == offset


# --- quiet hours -------------------------------------------------------------------------

QUIET = [
    ("22:00-08:00", "22:00", "08:00"),
    ("23：00－09：00", "23:00", "09:00"),  # full-width colon and dash
    ("23:00~9:00", "23:00", "09:00"),
    ("23:00 ～ 9:00", "23:00", "09:00"),
    ("23点到9点", "23:00", "09:00"),
    ("晚上11点到早上9点", "23:00", "09:00"),
    ("晚上十一点到早上九点", "23:00", "09:00"),
    ("晚上23点到9点", "23:00", "09:00"),
    ("23点半至7点", "23:30", "07:00"),
    ("11pm-9am", "23:00", "09:00"),
    ("11 pm to 9 am", "23:00", "09:00"),
    ("11:30pm - 7am", "23:30", "07:00"),
    ("10 p.m. to 7 a.m.", "22:00", "07:00"),
    ("12am-6am", "00:00", "06:00"),
    ("晚上12点到早上8点", "00:00", "08:00"),  # midnight
    ("凌晨1点到早上7点", "01:00", "07:00"),
    ("中午12点到下午2点", "12:00", "14:00"),
    ("22-8", "22:00", "08:00"),
    ("22:00-24:00", "22:00", "00:00"),
]


@pytest.mark.parametrize(("text", "start", "end"), QUIET)
def test_quiet_hours_as_people_write_them(text: str, start: str, end: str) -> None:
    s, e = parse_quiet_hours(text)
    assert (format_minutes(s), format_minutes(e)) == (start, end)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("25:00-08:00", "quiet.invalid"),
        ("13pm-9am", "quiet.invalid"),
        ("早上15点到9点", "quiet.invalid"),
        ("23:60-08:00", "quiet.invalid"),
        ("24:00-08:00", "quiet.invalid"),
        ("soon", "quiet.invalid"),
        ("8-8", "quiet.empty"),
        ("晚上8点到20点", "quiet.empty"),
    ],
)
def test_quiet_hours_refused(text: str, code: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_quiet_hours(text)
    assert info.value.code == code


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=0, max_value=1439),
    st.integers(min_value=0, max_value=1439),
    st.sampled_from(["{a}-{b}", "{a}～{b}", "{a}到{b}", "{a} to {b}", "{a}－{b}"]),
)
def test_quiet_hours_round_trip(start: int, end: int, form: str) -> None:
    text = form.format(a=format_minutes(start), b=format_minutes(end))
    if start == end:
        with pytest.raises(ParseError):
            parse_quiet_hours(text)
    else:
        assert parse_quiet_hours(text) == (start, end)
        assert parse_quiet_hours(text.replace(":", "：")) == (start, end)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=12), st.integers(min_value=1, max_value=12))
def test_am_pm_agrees_with_the_chinese_periods(pm: int, am: int) -> None:
    english = parse_quiet_hours(f"{pm}pm-{am}am")
    if pm in range(6, 12):
        assert parse_quiet_hours(f"晚上{pm}点到早上{am}点") == english
    assert english[0] == (pm % 12 + 12) * 60 and english[1] == (am % 12) * 60


texts = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="0123456789:：-－~到至点半晚上早凌晨中午下十一二三九ampt ./+utcgm东西区时间", max_size=24),
)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_fuzz_settings_parsers_raise_only_parse_errors(text: str) -> None:
    for parse in (parse_timezone, parse_quiet_hours):
        try:
            parse(text)
        except ParseError as exc:
            assert exc.code in ("timezone.invalid", "quiet.invalid", "quiet.empty")
