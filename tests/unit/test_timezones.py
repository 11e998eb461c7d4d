from datetime import time

import pytest

from coach.errors import ParseError
from coach.timezones import format_minutes, is_quiet, parse_quiet_hours, parse_timezone, zone


@pytest.mark.parametrize(
    ("text", "name"),
    [("Europe/Berlin", "Europe/Berlin"), ("europe/berlin", "Europe/Berlin"),
     ("UTC+8", "UTC+08:00"), ("GMT-5", "UTC-05:00"), ("+05:30", "UTC+05:30"),
     ("UTC", "UTC"), ("北京时间", "Asia/Shanghai"), ("new york", "America/New_York"),
     ("UTC+0", "UTC"), ("utc ＋ 8", "UTC+08:00")],
)
def test_time_zones_are_understood(text, name):
    assert parse_timezone(text) == name
    zone(name)


@pytest.mark.parametrize("text", ["", "Mars/Olympus", "UTC+15", "+8:75", "x" * 100])
def test_bad_time_zones_are_refused_with_a_code(text):
    with pytest.raises(ParseError) as info:
        parse_timezone(text)
    assert info.value.code == "timezone.invalid"


def test_quiet_hours_wrap_midnight():
    start, end = parse_quiet_hours("22:00-08:00")
    assert (start, end) == (1320, 480)
    assert is_quiet(time(23, 30), start, end) and is_quiet(time(7, 59), start, end)
    assert not is_quiet(time(8, 0), start, end) and not is_quiet(time(12, 0), start, end)
    assert not is_quiet(time(23, 0), None, None)
    assert format_minutes(start) == "22:00"


@pytest.mark.parametrize("text,code", [("25:00-08:00", "quiet.invalid"), ("soon", "quiet.invalid"),
                                       ("8-8", "quiet.empty")])
def test_bad_quiet_hours(text, code):
    with pytest.raises(ParseError) as info:
        parse_quiet_hours(text)
    assert info.value.code == code
