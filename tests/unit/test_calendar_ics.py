import re
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from bot.calendar_ics import (
    PRODID,
    CalendarDebt,
    CalendarTexts,
    FollowUp,
    alarm_trigger,
    build_calendar,
)
from coach.errors import ParseError
from storage.models import Debt

NOW = datetime(2026, 1, 15, 3, 4, 5, tzinfo=UTC)
EN = CalendarTexts(
    calendar_name="Debt Coach",
    due_title="Pay {lender}",
    due_title_amount="Pay {amount} to {lender}",
    description="{lender}: payment due {date}.",
    follow_up_title="Follow up: {title}",
    alarm="{title} (in {days} days)",
)
ZH = CalendarTexts(
    calendar_name="还款教练",
    due_title="还款：{lender}",
    due_title_amount="还款 {amount}：{lender}",
    follow_up_title="跟进：{title}",
)


def build(debts, *, today=date(2026, 1, 15), tz="Asia/Shanghai", texts=EN, **kw):
    kw.setdefault("now", NOW)
    return build_calendar(debts, today=today, tz=tz, lang_texts=texts, **kw)


def events(ics: bytes):
    return Calendar.from_ical(ics).walk("VEVENT")


def starts(ics: bytes) -> list[date]:
    return [ev.decoded("dtstart") for ev in events(ics)]


def by_uid(ics: bytes):
    return {str(ev["UID"]): ev for ev in events(ics)}


_DURATION = re.compile(r"^([+-]?)P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$")


def trigger_text(alarm) -> str:
    return alarm["TRIGGER"].to_ical().decode()


def floating_alarm_time(day: date, alarm, tz: str) -> datetime:
    """How calendar apps read it: wall-clock arithmetic on the floating 00:00 start."""
    naive = datetime.combine(day, time()) + alarm.decoded("trigger")
    return naive.replace(tzinfo=ZoneInfo(tz))


def rfc_zoned_alarm_time(day: date, alarm, tz: str) -> datetime:
    """RFC 5545 read strictly in the zone: days are nominal (calendar days), hours exact."""
    sign, weeks, days, hours, minutes, seconds = _DURATION.match(trigger_text(alarm)).groups()
    k = -1 if sign == "-" else 1
    nominal = day + timedelta(days=k * (7 * int(weeks or 0) + int(days or 0)))
    exact = timedelta(hours=int(hours or 0), minutes=int(minutes or 0), seconds=int(seconds or 0))
    start = datetime.combine(nominal, time(), tzinfo=ZoneInfo(tz))
    return (start.astimezone(UTC) + k * exact).astimezone(ZoneInfo(tz))


def at_nine(day: date, offset: int, tz: str) -> datetime:
    return datetime.combine(day - timedelta(days=offset), time(9), tzinfo=ZoneInfo(tz))


# -- dates ------------------------------------------------------------------------------


def test_due_day_31_gives_twelve_monthly_events_clamped_to_short_months():
    ics = build([CalendarDebt(id=7, name="Card", due_day=31)], today=date(2026, 1, 15))
    assert starts(ics) == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
        date(2026, 5, 31),
        date(2026, 6, 30),
        date(2026, 7, 31),
        date(2026, 8, 31),
        date(2026, 9, 30),
        date(2026, 10, 31),
        date(2026, 11, 30),
        date(2026, 12, 31),
    ]


def test_leap_february_gets_the_29th():
    ics = build([CalendarDebt(id=7, name="Card", due_day=31)], today=date(2027, 12, 1))
    got = starts(ics)
    assert len(got) == 12
    assert date(2028, 2, 29) in got
    assert got[0] == date(2027, 12, 31) and got[-1] == date(2028, 11, 30)


def test_today_being_the_due_day_counts():
    ics = build([CalendarDebt(id=1, name="X", due_day=15)], today=date(2026, 1, 15))
    assert starts(ics)[0] == date(2026, 1, 15)
    assert len(starts(ics)) == 12


def test_months_sets_the_horizon():
    ics = build([CalendarDebt(id=1, name="X", due_day=5)], months=3)
    assert starts(ics) == [date(2026, 2, 5), date(2026, 3, 5), date(2026, 4, 5)]


def test_one_off_next_due_gives_one_event_and_a_past_one_none():
    one_off = CalendarDebt(id=3, name="Friend", next_due=date(2026, 5, 20))
    ics = build([one_off])
    assert starts(ics) == [date(2026, 5, 20)]
    assert events(build([one_off], today=date(2026, 5, 21))) == []


def test_events_are_all_day_one_day_private_and_transparent():
    ics = build([CalendarDebt(id=3, name="Friend", next_due=date(2026, 5, 20))])
    assert b"DTSTART;VALUE=DATE:20260520\r\n" in ics
    assert b"DTEND;VALUE=DATE:20260521\r\n" in ics
    (ev,) = events(ics)
    assert ev.decoded("dtstamp") == NOW
    assert str(ev["CLASS"]) == "PRIVATE"
    assert str(ev["TRANSP"]) == "TRANSPARENT"


def test_paid_off_and_muted_debts_produce_nothing():
    ics = build(
        [
            CalendarDebt(id=1, name="Paid", due_day=5, active=False),
            CalendarDebt(id=2, name="Muted", due_day=5, muted=True),
            CalendarDebt(id=3, name="Paid once", next_due=date(2026, 3, 1), active=False),
            CalendarDebt(id=4, name="No date"),
        ]
    )
    assert events(ics) == []
    cal = Calendar.from_ical(ics)
    assert str(cal["PRODID"]) == PRODID  # still a valid, empty calendar


# -- UIDs ---------------------------------------------------------------------------------


def test_uids_are_stable_between_builds_on_different_days():
    debts = [
        CalendarDebt(id=7, name="Card", due_day=31),
        CalendarDebt(id=8, name="Loan", due_day=10),
    ]
    first = by_uid(build(debts, today=date(2026, 1, 15)))
    later = by_uid(build(debts, today=date(2026, 3, 2), now=NOW + timedelta(days=46)))
    assert "due-7-20260131@debt-coach" in first
    assert "due-7-20260228@debt-coach" in first
    shared = first.keys() & later.keys()
    assert len(shared) == 10 + 11  # Card: Mar..Dec 2026; Loan: 2026-03-10..2027-01-10
    for uid in shared:
        assert first[uid].decoded("dtstart") == later[uid].decoded("dtstart")
        assert str(first[uid]["SUMMARY"]) == str(later[uid]["SUMMARY"])
    assert len(first) == len(later) == 24


def test_uid_format():
    ics = build([CalendarDebt(id=42, name="X", next_due=date(2026, 6, 1))])
    assert list(by_uid(ics)) == ["due-42-20260601@debt-coach"]


# -- alarms -------------------------------------------------------------------------------


def test_three_display_alarms_with_day_and_hour_triggers():
    ics = build([CalendarDebt(id=1, name="Card", due_day=20)], today=date(2026, 1, 1))
    for ev in events(ics):
        alarms = ev.walk("VALARM")
        assert [trigger_text(a) for a in alarms] == ["-P2DT15H", "-PT15H", "PT9H"]
        assert all(str(a["ACTION"]) == "DISPLAY" for a in alarms)
        assert all(str(a["DESCRIPTION"]).startswith(str(ev["SUMMARY"])) for a in alarms)
    assert b"TRIGGER:-P2DT15H\r\n" in ics


@pytest.mark.parametrize(
    ("tz", "today", "due_day"),
    [
        ("Asia/Shanghai", date(2026, 1, 1), 20),
        ("America/New_York", date(2026, 3, 1), 10),  # EST -> EDT on 2026-03-08
        ("America/New_York", date(2026, 10, 25), 2),  # EDT -> EST on 2026-11-01
        ("America/New_York", date(2026, 3, 1), 9),  # 3 days before is before the change
    ],
)
def test_alarms_fire_at_nine_local_on_d_minus_offset(tz, today, due_day):
    ics = build([CalendarDebt(id=1, name="Card", due_day=due_day)], today=today, tz=tz)
    for ev in events(ics):
        day = ev.decoded("dtstart")
        alarms = ev.walk("VALARM")
        assert len(alarms) == 3
        for offset, alarm in zip((3, 1, 0), alarms, strict=True):
            expected = at_nine(day, offset, tz)
            assert floating_alarm_time(day, alarm, tz) == expected
            assert rfc_zoned_alarm_time(day, alarm, tz) == expected


def test_dst_change_is_crossed_by_the_three_day_reminder():
    tz = "America/New_York"
    ics = build([CalendarDebt(id=1, name="Card", due_day=10)], today=date(2026, 3, 1), tz=tz)
    ev = by_uid(ics)["due-1-20260310@debt-coach"]
    three_days = ev.walk("VALARM")[0]
    when = rfc_zoned_alarm_time(date(2026, 3, 10), three_days, tz)
    assert when == datetime(2026, 3, 7, 14, 0, tzinfo=UTC)  # 09:00 EST
    assert when.utcoffset() == timedelta(hours=-5)
    # the event itself starts in EDT: 63 exact hours would have been 08:00 EST
    start = datetime(2026, 3, 10, tzinfo=ZoneInfo(tz))
    assert (start.astimezone(UTC) - timedelta(hours=63)).astimezone(ZoneInfo(tz)).hour == 8


def test_reminder_hour_and_offsets_are_configurable():
    ics = build(
        [CalendarDebt(id=1, name="Card", due_day=20)],
        today=date(2026, 1, 1),
        reminder_offsets=(0, 7, 7),
        reminder_hour=20,
        months=1,
    )
    (ev,) = events(ics)
    assert [trigger_text(a) for a in ev.walk("VALARM")] == ["-P6DT4H", "PT20H"]
    assert floating_alarm_time(date(2026, 1, 20), ev.walk("VALARM")[0], "UTC") == datetime(
        2026, 1, 13, 20, tzinfo=ZoneInfo("UTC")
    )


def test_alarms_already_in_the_past_are_left_out():
    ics = build([CalendarDebt(id=1, name="Card", due_day=31)], today=date(2026, 1, 30), months=1)
    (ev,) = events(ics)
    assert [trigger_text(a) for a in ev.walk("VALARM")] == ["-PT15H", "PT9H"]


def test_no_offsets_means_no_alarms():
    ics = build([CalendarDebt(id=1, name="Card", due_day=20)], reminder_offsets=(), months=1)
    (ev,) = events(ics)
    assert ev.walk("VALARM") == []


@pytest.mark.parametrize(("offset", "hour"), [(-1, 9), (1, 24), (1, -1)])
def test_bad_alarm_settings_are_refused(offset, hour):
    with pytest.raises(ValueError):
        alarm_trigger(offset, hour)
    with pytest.raises(ValueError):
        build(
            [CalendarDebt(id=1, name="X", due_day=1)],
            reminder_offsets=(offset,),
            reminder_hour=hour,
        )


def test_alarm_trigger_values():
    assert alarm_trigger(3, 9) == -timedelta(days=2, hours=15)
    assert alarm_trigger(1, 9) == -timedelta(hours=15)
    assert alarm_trigger(0, 9) == timedelta(hours=9)
    assert alarm_trigger(0, 0) == timedelta(0)


# -- text ---------------------------------------------------------------------------------


def test_titles_use_the_amount_when_known_and_descriptions_the_date():
    ics = build(
        [
            CalendarDebt(
                id=1,
                name="Card",
                next_due=date(2026, 2, 1),
                amount=Decimal("500"),
                amount_text="¥500.00",
            ),
            CalendarDebt(id=2, name="Loan", next_due=date(2026, 2, 2), amount=Decimal("80")),
        ]
    )
    uids = by_uid(ics)
    card, loan = uids["due-1-20260201@debt-coach"], uids["due-2-20260202@debt-coach"]
    assert str(card["SUMMARY"]) == "Pay ¥500.00 to Card"
    assert str(loan["SUMMARY"]) == "Pay Loan"  # no formatted amount: no amount
    assert str(card["DESCRIPTION"]) == "Card: payment due 2026-02-01."
    assert str(card.walk("VALARM")[0]["DESCRIPTION"]) == "Pay ¥500.00 to Card (in 3 days)"


@pytest.mark.parametrize(
    "name",
    [
        "花呗",
        "<b>Acme & Co</b>",
        "A, B; C\\D: E",
        '借呗（蚂蚁）、微粒贷；京东白条, "quoted"',
        "很长的贷款机构名称" * 12,
    ],
)
def test_names_round_trip_literally(name):
    ics = build(
        [CalendarDebt(id=1, name=name, next_due=date(2026, 2, 1), amount_text="¥1,234.50")],
        texts=ZH,
    )
    ics.decode("utf-8")  # valid UTF-8, folding never splits a character
    assert all(len(line) <= 75 for line in ics.split(b"\r\n"))
    (ev,) = events(ics)
    assert str(ev["SUMMARY"]) == f"还款 ¥1,234.50：{name}"
    cal = Calendar.from_ical(ics)
    assert str(cal["X-WR-CALNAME"]) == "还款教练"


def test_commas_and_semicolons_are_escaped_on_the_wire():
    ics = build([CalendarDebt(id=1, name="A, B; C", next_due=date(2026, 2, 1))])
    assert b"SUMMARY:Pay A\\, B\\; C\r\n" in ics
    assert b"<b>" not in ics  # (nothing HTML-ish added)
    ics = build([CalendarDebt(id=1, name="<b>Acme & Co</b>", next_due=date(2026, 2, 1))])
    assert b"SUMMARY:Pay <b>Acme & Co</b>\r\n" in ics


def test_control_characters_and_newlines_do_not_break_lines():
    ics = build(
        [
            CalendarDebt(
                id=1,
                name="Bad\nName\x00\r\n  X",
                next_due=date(2026, 2, 1),
                amount_text="1\u00a0234 €",
            )
        ]
    )
    (ev,) = events(ics)
    assert str(ev["SUMMARY"]) == "Pay 1\u00a0234 € to Bad Name X"


def test_format_braces_in_names_are_not_format_fields():
    ics = build([CalendarDebt(id=1, name="{lender} {0}", next_due=date(2026, 2, 1))])
    (ev,) = events(ics)
    assert str(ev["SUMMARY"]) == "Pay {lender} {0}"


# -- calendar -----------------------------------------------------------------------------


def test_calendar_properties():
    cal = Calendar.from_ical(build([], tz="America/New_York"))
    assert str(cal["PRODID"]) == "-//Debt Coach//debt-coach//EN"
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["X-WR-CALNAME"]) == "Debt Coach"
    assert str(cal["X-WR-TIMEZONE"]) == "America/New_York"


def test_fixed_offset_zone_has_no_x_wr_timezone_and_bad_zone_is_refused():
    cal = Calendar.from_ical(build([], tz="UTC+08:00"))
    assert "X-WR-TIMEZONE" not in cal
    with pytest.raises(ParseError):
        build([], tz="Mars/Olympus")


def test_default_dtstamp_is_now_in_utc():
    before = datetime.now(UTC).replace(microsecond=0)
    ics = build_calendar(
        [CalendarDebt(id=1, name="X", next_due=date(2026, 2, 1))],
        today=date(2026, 1, 15),
        tz="UTC",
        lang_texts=EN,
    )
    (ev,) = events(ics)
    stamp = ev.decoded("dtstamp")
    assert stamp.utcoffset() == timedelta(0)
    assert before <= stamp <= datetime.now(UTC)
    assert b"DTSTAMP:" in ics and re.search(rb"DTSTAMP:\d{8}T\d{6}Z\r\n", ics)


# -- follow-ups ---------------------------------------------------------------------------


def test_follow_ups_appear_with_their_own_uids_and_alarms():
    ics = build(
        [CalendarDebt(id=1, name="Card", next_due=date(2026, 2, 1))],
        follow_ups=[
            FollowUp("contact-17", date(2026, 1, 20), "回电 花呗, 客服"),
            FollowUp("promise-5", date(2026, 1, 10), "past"),
        ],
        texts=ZH,
        tz="America/New_York",
    )
    uids = by_uid(ics)
    assert set(uids) == {"due-1-20260201@debt-coach", "follow-contact-17@debt-coach"}
    follow = uids["follow-contact-17@debt-coach"]
    assert str(follow["SUMMARY"]) == "跟进：回电 花呗, 客服"
    assert follow.decoded("dtstart") == date(2026, 1, 20)
    alarms = follow.walk("VALARM")
    assert [trigger_text(a) for a in alarms] == ["-P2DT15H", "-PT15H", "PT9H"]
    for offset, alarm in zip((3, 1, 0), alarms, strict=True):
        assert floating_alarm_time(date(2026, 1, 20), alarm, "America/New_York") == at_nine(
            date(2026, 1, 20), offset, "America/New_York"
        )
    assert starts(ics) == [date(2026, 1, 20), date(2026, 2, 1)]  # sorted by date


@pytest.mark.parametrize("key", ["", "has space", "a@b", "中文"])
def test_bad_follow_up_keys_are_refused(key):
    with pytest.raises(ValueError):
        build([], follow_ups=[FollowUp(key, date(2026, 2, 1), "x")])


def test_duplicate_uids_are_refused():
    with pytest.raises(ValueError, match="duplicate"):
        build(
            [],
            follow_ups=[FollowUp("a", date(2026, 2, 1), "x"), FollowUp("a", date(2026, 3, 1), "y")],
        )


# -- from a stored debt -------------------------------------------------------------------


def test_from_debt():
    debt = Debt(
        id=9,
        user_id=1,
        lender="花呗",
        balance=Decimal("1000"),
        due_day=12,
        next_due=date(2026, 2, 12),
        status="active",
        client_token="t",
    )
    cd = CalendarDebt.from_debt(debt, amount=Decimal("100"), amount_text="¥100.00")
    assert cd == CalendarDebt(
        id=9,
        name="花呗",
        due_day=12,
        next_due=date(2026, 2, 12),
        amount=Decimal("100"),
        amount_text="¥100.00",
        active=True,
        muted=False,
    )
    assert CalendarDebt.from_debt(debt, muted=True).muted is True
    debt.muted = True  # the Debt.muted column
    assert CalendarDebt.from_debt(debt).muted is True
    assert CalendarDebt.from_debt(debt, muted=False).muted is False
    debt.muted = False
    debt.status = "paid_off"
    assert CalendarDebt.from_debt(debt).active is False
    assert events(build([CalendarDebt.from_debt(debt)])) == []


def test_the_next_due_date_asks_its_own_amount_and_later_ones_the_regular_one():
    # Paid ahead this month: nothing left to ask on Jan 20; from Feb 20 the 200 minimum.
    card = CalendarDebt(id=1, name="Visa", due_day=20, amount=None, amount_text=None,
                        later_text="$200.00")
    evs = sorted(events(build([card], months=3)), key=lambda e: e.decoded("dtstart"))
    assert [str(e["SUMMARY"]) for e in evs] == ["Pay Visa", "Pay $200.00 to Visa",
                                               "Pay $200.00 to Visa"]
    # 350 still to pay this cycle (a part payment), then 200 a month.
    card = CalendarDebt(id=1, name="Visa", due_day=20, amount=Decimal(350),
                        amount_text="$350.00", later_text="$200.00")
    evs = sorted(events(build([card], months=2)), key=lambda e: e.decoded("dtstart"))
    assert [str(e["SUMMARY"]) for e in evs] == ["Pay $350.00 to Visa", "Pay $200.00 to Visa"]
