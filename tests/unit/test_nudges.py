from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.billing import BillingState, Payment, Stated, Terms, billing_state
from coach.debts import MinimumRule
from coach.nudges import (
    POLICIES,
    DebtFacts,
    NudgeSpec,
    ReminderPrefs,
    in_quiet_hours,
    is_stale,
    local_moment,
    next_allowed,
    nudge_amount,
    plan_nudges,
)
from coach.parsing.calendar import clamped
from coach.timezones import is_quiet, zone

NO_QUIET = {"quiet_start": None, "quiet_end": None}


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def local(tz: str, *args: int) -> datetime:
    """A local wall time as UTC (only for times that exist and are unambiguous)."""
    return datetime(*args, tzinfo=zone(tz)).astimezone(UTC)


def debt(**kw: object) -> DebtFacts:
    base: dict[str, object] = {
        "id": 1, "name": "花呗", "balance": Decimal("5000"), "due_day": 10, "next_due": None,
        "overdue_since": None, "overdue_amount": Decimal(0), "active": True, "muted": False,
        "payments": (), "planned": Decimal("500.00"), "auto_debit": False,
    }
    base.update(kw)
    return DebtFacts(**base)  # type: ignore[arg-type]


def prefs(tz: str = "Asia/Shanghai", **kw: object) -> ReminderPrefs:
    return ReminderPrefs(tz=tz, **kw)  # type: ignore[arg-type]


def of(specs: list[NudgeSpec], kind: str) -> list[NudgeSpec]:
    return [s for s in specs if s.kind == kind]


def keys(specs: list[NudgeSpec], kind: str | None = None) -> list[str]:
    return [s.key for s in specs if kind is None or s.kind == kind]


# --- local time -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tz", "day", "minutes", "expected"),
    [
        ("Asia/Shanghai", date(2026, 3, 10), 9 * 60, utc(2026, 3, 10, 1)),
        ("UTC+05:30", date(2026, 3, 10), 9 * 60, utc(2026, 3, 10, 3, 30)),
        ("UTC", date(2026, 3, 10), 9 * 60, utc(2026, 3, 10, 9)),
        # spring forward: 02:30 doesn't exist -> 03:30 summer time
        ("Europe/Berlin", date(2026, 3, 29), 150, utc(2026, 3, 29, 1, 30)),
        ("Europe/Berlin", date(2027, 3, 28), 150, utc(2027, 3, 28, 1, 30)),
        ("America/New_York", date(2026, 3, 8), 150, utc(2026, 3, 8, 7, 30)),
        ("America/New_York", date(2027, 3, 14), 150, utc(2027, 3, 14, 7, 30)),
        # autumn: 02:30 (Berlin) / 01:30 (New York) happen twice -> the first (summer time)
        ("Europe/Berlin", date(2026, 10, 25), 150, utc(2026, 10, 25, 0, 30)),
        ("Europe/Berlin", date(2027, 10, 31), 150, utc(2027, 10, 31, 0, 30)),
        ("America/New_York", date(2026, 11, 1), 90, utc(2026, 11, 1, 5, 30)),
        ("America/New_York", date(2027, 11, 7), 90, utc(2027, 11, 7, 5, 30)),
        # the day around the changes, at 09:00
        ("Europe/Berlin", date(2026, 3, 28), 540, utc(2026, 3, 28, 8)),
        ("Europe/Berlin", date(2026, 3, 30), 540, utc(2026, 3, 30, 7)),
        ("America/New_York", date(2026, 11, 2), 540, utc(2026, 11, 2, 14)),
    ],
)
def test_local_moment_handles_zones_and_dst(tz, day, minutes, expected):
    got = local_moment(day, minutes, tz)
    assert got == expected
    assert got.tzinfo is UTC


def test_quiet_hours_helpers():
    p = prefs("Europe/Berlin")  # 22:00-08:00
    assert in_quiet_hours(local("Europe/Berlin", 2026, 6, 1, 23, 0), p)
    assert not in_quiet_hours(local("Europe/Berlin", 2026, 6, 1, 8, 0), p)
    assert next_allowed(local("Europe/Berlin", 2026, 6, 1, 23, 0), p) == local(
        "Europe/Berlin", 2026, 6, 2, 8, 0)
    assert next_allowed(local("Europe/Berlin", 2026, 6, 2, 3, 0), p) == local(
        "Europe/Berlin", 2026, 6, 2, 8, 0)
    noon = local("Europe/Berlin", 2026, 6, 2, 12, 0)
    assert next_allowed(noon, p) == noon
    assert not in_quiet_hours(utc(2026, 6, 1, 23), prefs("UTC", **NO_QUIET))
    day = prefs("UTC", quiet_start=13 * 60, quiet_end=14 * 60)  # a non-wrapping period
    assert next_allowed(utc(2026, 6, 1, 13, 30), day) == utc(2026, 6, 1, 14)


@pytest.mark.parametrize(
    "bad",
    [{"hour": 24}, {"checkin_hour": -1}, {"checkin_weekday": 7}, {"quiet_start": 1440},
     {"due_offsets": (3, -1)}],
)
def test_bad_prefs_are_refused(bad):
    with pytest.raises(ValueError):
        prefs(**bad)


def test_now_must_be_aware():
    with pytest.raises(ValueError):
        plan_nudges([debt()], prefs(), datetime(2026, 3, 1, 12))


# --- due --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tz", "due_day", "now", "expected"),
    [
        ("Asia/Shanghai", 10, utc(2026, 3, 1),
         {3: utc(2026, 3, 7, 1), 1: utc(2026, 3, 9, 1), 0: utc(2026, 3, 10, 1)}),
        ("Europe/Berlin", 10, utc(2026, 6, 1),
         {3: utc(2026, 6, 7, 7), 1: utc(2026, 6, 9, 7), 0: utc(2026, 6, 10, 7)}),
        ("America/New_York", 10, utc(2026, 6, 1),
         {3: utc(2026, 6, 7, 13), 1: utc(2026, 6, 9, 13), 0: utc(2026, 6, 10, 13)}),
        ("UTC+05:30", 10, utc(2026, 6, 1),
         {3: utc(2026, 6, 7, 3, 30), 1: utc(2026, 6, 9, 3, 30), 0: utc(2026, 6, 10, 3, 30)}),
        # across the changes: the offsets straddle the switch
        ("Europe/Berlin", 31, utc(2026, 3, 20),
         {3: utc(2026, 3, 28, 8), 1: utc(2026, 3, 30, 7), 0: utc(2026, 3, 31, 7)}),
        ("Europe/Berlin", 27, utc(2026, 10, 20),
         {3: utc(2026, 10, 24, 7), 1: utc(2026, 10, 26, 8), 0: utc(2026, 10, 27, 8)}),
        ("America/New_York", 10, utc(2026, 3, 1),
         {3: utc(2026, 3, 7, 14), 1: utc(2026, 3, 9, 13), 0: utc(2026, 3, 10, 13)}),
        ("America/New_York", 2, utc(2026, 10, 25),
         {3: utc(2026, 10, 30, 13), 1: utc(2026, 11, 1, 14), 0: utc(2026, 11, 2, 14)}),
        ("Europe/Berlin", 29, utc(2027, 3, 20),
         {3: utc(2027, 3, 26, 8), 1: utc(2027, 3, 28, 7), 0: utc(2027, 3, 29, 7)}),
        ("America/New_York", 8, utc(2027, 11, 1),
         {3: utc(2027, 11, 5, 13), 1: utc(2027, 11, 7, 14), 0: utc(2027, 11, 8, 14)}),
    ],
)
def test_due_nudges_3_1_0_days_before_at_9_local(tz, due_day, now, expected):
    specs = of(plan_nudges([debt(due_day=due_day)], prefs(tz), now), "due")
    first = specs[:3]
    d = min(date.fromisoformat(s.params["date"]) for s in specs)
    assert {int(s.params["days"]): s.due_at for s in first} == expected
    assert [s.key for s in first] == [f"due:1:{d}:{o}" for o in (3, 1, 0)]
    assert dict(first[0].params) == {
        "debt_id": "1", "name": "花呗", "auto_debit": "0", "amount": "500.00",
        "date": d.isoformat(), "days": "3", "last_day": (d - timedelta(days=2)).isoformat()}
    assert [s.params["last_day"] for s in first[1:]] == [(d - timedelta(days=1)).isoformat(),
                                                          d.isoformat()]
    # and the next month's due date, inside the 45-day horizon
    later = {s.params["date"] for s in specs[3:]}
    assert len(later) == 1 and later != {d.isoformat()}


def test_due_day_is_clamped_to_short_months():
    specs = of(plan_nudges([debt(due_day=31)], prefs(), utc(2026, 2, 20)), "due")
    assert {s.params["date"] for s in specs} == {"2026-02-28", "2026-03-31"}


def test_due_at_hour_2_on_the_spring_forward_sunday_moves_by_the_gap():
    p = prefs("Europe/Berlin", hour=2, **NO_QUIET)
    specs = of(plan_nudges([debt(due_day=29)], p, utc(2026, 3, 20)), "due")
    by_days = {s.params["days"]: s.due_at for s in specs if s.params["date"] == "2026-03-29"}
    assert by_days["0"] == utc(2026, 3, 29, 1)  # 02:00 doesn't exist: 03:00 CEST
    assert by_days["1"] == utc(2026, 3, 28, 1)  # 02:00 CET
    p_ny = prefs("America/New_York", hour=1, **NO_QUIET)
    specs = of(plan_nudges([debt(due_day=1)], p_ny, utc(2026, 10, 25)), "due")
    by_days = {s.params["days"]: s.due_at for s in specs if s.params["date"] == "2026-11-01"}
    assert by_days["0"] == utc(2026, 11, 1, 5)  # 01:00 happens twice: the first (EDT)


def test_one_off_due_date():
    d = debt(due_day=None, next_due=date(2026, 5, 20), auto_debit=True, planned=None)
    specs = of(plan_nudges([d], prefs(), utc(2026, 5, 1)), "due")
    assert keys(specs) == ["due:1:2026-05-20:3", "due:1:2026-05-20:1", "due:1:2026-05-20:0"]
    assert specs[0].params["auto_debit"] == "1" and "amount" not in specs[0].params
    # a one-off date far away is still planned (the next due date always is)
    far = of(plan_nudges([replace(d, next_due=date(2026, 12, 1))], prefs(), utc(2026, 5, 1)), "due")
    assert len(far) == 3
    assert of(plan_nudges([d], prefs(), utc(2026, 5, 21)), "due") == []


@pytest.mark.parametrize(
    ("hour", "offset", "expected"),
    [(7, 1, local("Europe/Berlin", 2026, 6, 9, 8)),  # 07:00 -> 08:00 the same day
     (23, 1, local("Europe/Berlin", 2026, 6, 10, 8)),  # 23:00 -> 08:00 the next day
     (22, 3, local("Europe/Berlin", 2026, 6, 8, 8)),
     (8, 3, local("Europe/Berlin", 2026, 6, 7, 8)),  # the end of quiet hours isn't quiet
     (21, 3, local("Europe/Berlin", 2026, 6, 7, 21))],
)
def test_quiet_hours_move_nudges_to_their_end(hour, offset, expected):
    specs = plan_nudges([debt()], prefs("Europe/Berlin", hour=hour), utc(2026, 6, 1))
    got = {s.params["days"]: s.due_at for s in of(specs, "due") if s.params["date"] == "2026-06-10"}
    assert got[str(offset)] == expected


def test_recorded_on_the_due_day_after_the_hour_gets_one_catch_up_now():
    now = local("Asia/Shanghai", 2026, 3, 10, 15, 0)
    specs = of(plan_nudges([debt()], prefs(), now), "due")
    march = [s for s in specs if s.params["date"] == "2026-03-10"]
    assert keys(march) == ["due:1:2026-03-10:0"]
    assert march[0].due_at == local("Asia/Shanghai", 2026, 3, 10, 9, 0) < now


def test_recorded_on_the_due_day_before_the_hour_gets_only_the_due_day_one():
    now = local("Asia/Shanghai", 2026, 3, 10, 7, 0)
    march = [s for s in of(plan_nudges([debt()], prefs(), now), "due")
             if s.params["date"] == "2026-03-10"]
    assert keys(march) == ["due:1:2026-03-10:0"] and march[0].due_at > now


def test_downtime_before_a_due_date_catches_up_once():
    # down from the 6th to the 8th at noon: the 3-day one (the 7th) missed, sent now
    now = local("Asia/Shanghai", 2026, 3, 8, 12, 0)
    march = [s for s in of(plan_nudges([debt()], prefs(), now), "due")
             if s.params["date"] == "2026-03-10"]
    assert keys(march) == ["due:1:2026-03-10:3", "due:1:2026-03-10:1", "due:1:2026-03-10:0"]
    assert march[0].due_at < now < march[1].due_at
    # down until the due day's afternoon: only the due-day one
    now = local("Asia/Shanghai", 2026, 3, 10, 12, 0)
    march = [s for s in of(plan_nudges([debt()], prefs(), now), "due")
             if s.params["date"] == "2026-03-10"]
    assert keys(march) == ["due:1:2026-03-10:0"]


def test_a_passed_due_date_is_never_returned_and_is_stale_at_send_time():
    specs = of(plan_nudges([debt()], prefs(), local("Asia/Shanghai", 2026, 3, 11, 0, 5)), "due")
    assert all(s.params["date"] != "2026-03-10" for s in specs)
    params = {"date": "2026-03-10", "days": "0"}
    assert is_stale("due", params, date(2026, 3, 11))
    assert not is_stale("due", params, date(2026, 3, 10))
    assert not is_stale("something-new", {"date": "2026-01-01"}, date(2026, 3, 11))


@pytest.mark.parametrize(
    ("kind", "key", "fresh_until"),
    [("due", "due:1:2026-03-10:3", date(2026, 3, 8)),  # the 1-day one comes on the 9th
     ("due", "due:1:2026-03-10:1", date(2026, 3, 9)),
     ("due", "due:1:2026-03-10:0", date(2026, 3, 10)),
     ("checkin", "checkin:2026-03-08", date(2026, 3, 8)),  # never a day late
     ("review", "review:2026-04", date(2026, 4, 3))],
)
def test_rows_planned_before_a_downtime_go_stale(kind, key, fresh_until):
    spec = next(s for s in plan_nudges([debt()], prefs(), utc(2026, 3, 1)) if s.key == key)
    assert not is_stale(kind, spec.params, fresh_until)
    assert is_stale(kind, spec.params, fresh_until + timedelta(days=1))


def test_an_overdue_row_goes_stale_when_the_next_one_is_due():
    specs = plan_nudges([debt(payments=PAID_FEB)], prefs(), local(SH, 2026, 3, 11, 6, 0))
    by_days = {s.params["days"]: s.params for s in of(specs, "overdue")}
    assert by_days["1"]["last_day"] == "2026-03-13"  # S+4 is the 14th
    assert by_days["13"]["last_day"] == "2026-03-29"  # S+20 is the 30th
    assert by_days["20"]["last_day"] == "2026-04-05"
    assert is_stale("overdue", by_days["1"], date(2026, 3, 14))


# --- overdue ----------------------------------------------------------------------------

SH = "Asia/Shanghai"
PAID_FEB = (date(2026, 2, 9),)  # covers the February due date, not March's


def test_missed_due_date_starts_the_overdue_series():
    now = local(SH, 2026, 3, 11, 6, 0)
    specs = of(plan_nudges([debt(payments=PAID_FEB)], prefs(), now), "overdue")
    assert keys(specs) == [f"overdue:1:2026-03-10:{n}" for n in (1, 4, 7, 10, 13, 20, 27, 34, 41)]
    assert specs[0].due_at == local(SH, 2026, 3, 11, 9, 0)
    assert specs[5].due_at == local(SH, 2026, 3, 30, 9, 0)
    assert dict(specs[1].params) == {
        "debt_id": "1", "name": "花呗", "auto_debit": "0", "since": "2026-03-10",
        "missed": "1", "days": "4", "amount": "500.00", "last_day": "2026-03-16"}


@pytest.mark.parametrize(
    ("payments", "overdue"),
    [((date(2026, 2, 9),), True),
     ((date(2026, 2, 9), date(2026, 3, 10)), False),  # paid on the due date
     ((date(2026, 2, 11),), False),  # paid early, after February's due date
     ((date(2026, 2, 10),), True),  # February's payment doesn't cover March
     ((date(2026, 2, 9), date(2026, 3, 12)), False)],  # paid late: the series ends
)
def test_what_counts_as_missed(payments, overdue):
    specs = plan_nudges([debt(payments=payments)], prefs(), local(SH, 2026, 3, 13, 12, 0))
    assert bool(of(specs, "overdue")) is overdue


def test_a_payment_after_the_start_ends_the_series():
    d = debt(payments=PAID_FEB)
    before = plan_nudges([d], prefs(), local(SH, 2026, 3, 13, 12, 0))
    assert of(before, "overdue")
    after = plan_nudges([replace(d, payments=(*PAID_FEB, date(2026, 3, 13)))], prefs(),
                        local(SH, 2026, 3, 13, 12, 0))
    assert of(after, "overdue") == []
    assert keys(after, "due") == keys(before, "due")


def test_downtime_in_an_overdue_series_sends_one_now():
    now = local(SH, 2026, 3, 22, 12, 0)  # S+12: S+1, 4, 7, 10 all missed
    specs = of(plan_nudges([debt(payments=PAID_FEB)], prefs(), now), "overdue")
    assert [s.params["days"] for s in specs][:3] == ["10", "13", "20"]
    assert specs[0].due_at < now < specs[1].due_at


def test_no_catch_up_when_the_next_one_is_later_today():
    now = local(SH, 2026, 3, 23, 7, 0)  # S+13 at 09:00 today
    specs = of(plan_nudges([debt(payments=PAID_FEB)], prefs(), now), "overdue")
    assert specs[0].params["days"] == "13" and specs[0].due_at > now


def test_stated_overdue_amount_and_start():
    d = debt(due_day=None, overdue_since=date(2026, 1, 5), overdue_amount=Decimal("1200.5"))
    now = local(SH, 2026, 2, 20, 12, 0)  # 46 days in
    specs = of(plan_nudges([d], prefs(), now), "overdue")
    assert specs[0].key == "overdue:1:2026-01-05:41" and specs[0].due_at < now
    assert [s.params["days"] for s in specs[1:3]] == ["48", "55"]
    assert specs[0].params["amount"] == "1200.5" and specs[0].params["missed"] == "0"
    # a payment after the start ends it; an inactive or muted debt gets nothing
    assert of(plan_nudges([replace(d, payments=(date(2026, 1, 6),))], prefs(), now), "overdue") == []
    assert plan_nudges([replace(d, active=False)], prefs(), now) == []
    assert of(plan_nudges([replace(d, muted=True)], prefs(), now), "overdue") == []


def test_stated_overdue_without_a_date_starts_when_tracked():
    d = debt(due_day=None, overdue_amount=Decimal(100), tracked_since=date(2026, 2, 1))
    specs = of(plan_nudges([d], prefs(), utc(2026, 2, 2)), "overdue")
    assert specs[0].key == "overdue:1:2026-02-01:1"


def test_the_earliest_running_start_wins():
    # stated since Jan 5 but paid on Jan 20; then March's due date was missed
    d = debt(overdue_since=date(2026, 1, 5), overdue_amount=Decimal(300),
             payments=(date(2026, 1, 20), date(2026, 2, 9)))
    specs = of(plan_nudges([d], prefs(), local(SH, 2026, 3, 12, 12, 0)), "overdue")
    assert {s.params["since"] for s in specs} == {"2026-03-10"}
    # no payment at all since the stated start: the stated series runs on
    d2 = replace(d, payments=())
    specs = of(plan_nudges([d2], prefs(), local(SH, 2026, 3, 12, 12, 0)), "overdue")
    assert {s.params["since"] for s in specs} == {"2026-01-05"}


def test_one_off_due_date_missed():
    d = debt(due_day=None, next_due=date(2026, 4, 1))
    now = local(SH, 2026, 4, 3, 12, 0)
    assert keys(plan_nudges([d], prefs(), now), "overdue")[:2] == [
        "overdue:1:2026-04-01:1", "overdue:1:2026-04-01:4"]
    paid = replace(d, payments=(date(2026, 3, 5),))  # within 31 days before
    assert of(plan_nudges([paid], prefs(), now), "overdue") == []
    early = replace(d, payments=(date(2026, 2, 20),))  # too early to count
    assert of(plan_nudges([early], prefs(), now), "overdue")


def test_due_dates_before_tracking_are_not_missed():
    d = debt(tracked_since=date(2026, 3, 10))  # recorded on the due day, no history
    assert of(plan_nudges([d], prefs(), local(SH, 2026, 3, 12, 12, 0)), "overdue") == []
    d = debt(tracked_since=date(2026, 3, 9))
    assert of(plan_nudges([d], prefs(), local(SH, 2026, 3, 12, 12, 0)), "overdue")


def test_no_due_date_means_no_missed_detection():
    d = debt(due_day=None)
    assert of(plan_nudges([d], prefs(), utc(2026, 3, 12)), "overdue") == []


# --- user-level, switches ----------------------------------------------------------------


def test_checkin_weekly_without_catch_up():
    p = prefs("Europe/Berlin")  # Sundays 20:00
    now = local("Europe/Berlin", 2026, 6, 7, 20, 30)  # a Sunday, just after
    specs = of(plan_nudges([debt()], p, now), "checkin")
    assert specs[0].key == "checkin:2026-06-14"
    assert specs[0].due_at == local("Europe/Berlin", 2026, 6, 14, 20, 0)
    assert specs[0].params == {"debts": "1", "date": "2026-06-14", "last_day": "2026-06-14"}
    assert all(s.due_at.astimezone(zone("Europe/Berlin")).weekday() == 6 for s in specs)
    assert [s.due_at - specs[0].due_at for s in specs[:2]] == [timedelta(0), timedelta(days=7)]
    now = local("Europe/Berlin", 2026, 6, 7, 19, 0)
    assert of(plan_nudges([debt()], p, now), "checkin")[0].key == "checkin:2026-06-07"
    # across the autumn change it stays at 20:00 local
    specs = of(plan_nudges([debt()], p, utc(2026, 10, 19)), "checkin")
    assert specs[0].due_at == utc(2026, 10, 25, 19) and specs[1].due_at == utc(2026, 11, 1, 19)
    assert of(plan_nudges([debt()], replace(p, checkin_weekday=None), now), "checkin") == []


def test_checkin_in_quiet_hours_waits_for_the_morning():
    p = prefs("Asia/Shanghai", checkin_weekday=0, checkin_hour=23)  # Mondays 23:00
    specs = of(plan_nudges([debt()], p, local(SH, 2026, 6, 2, 7, 0)), "checkin")
    # Monday Jun 1 23:00 -> Tuesday 08:00, still ahead: it's the next one
    assert specs[0].key == "checkin:2026-06-01"
    assert specs[0].due_at == local(SH, 2026, 6, 2, 8, 0)


@pytest.mark.parametrize(
    ("now", "expected"),
    [(local(SH, 2026, 3, 1, 7, 0), ["review:2026-03", "review:2026-04"]),
     (local(SH, 2026, 3, 1, 10, 0), ["review:2026-03", "review:2026-04"]),  # caught up
     (local(SH, 2026, 3, 3, 20, 0), ["review:2026-03", "review:2026-04"]),
     (local(SH, 2026, 3, 4, 10, 0), ["review:2026-04"]),  # 3 days late: skipped
     (local(SH, 2026, 3, 20, 10, 0), ["review:2026-04", "review:2026-05"])],
)
def test_monthly_review(now, expected):
    specs = of(plan_nudges([debt()], prefs(), now), "review")
    assert keys(specs) == expected
    assert specs[-1].params["date"] == specs[-1].key[7:] + "-01"
    april = next(s for s in specs if s.key == "review:2026-04")
    assert april.due_at == local(SH, 2026, 4, 1, 9, 0)


def test_muted_and_inactive_debts():
    now = utc(2026, 3, 1)
    assert plan_nudges([debt(active=False)], prefs(), now) == []
    assert plan_nudges([], prefs(), now) == []
    muted = plan_nudges([debt(muted=True)], prefs(), now)
    assert {s.kind for s in muted} == {"checkin", "review"}  # the user still has a debt
    both = plan_nudges([debt(muted=True), debt(id=2, due_day=20)], prefs(), now)
    assert {s.subject for s in both} == {"user", "debt:2"}


@pytest.mark.parametrize("kinds", [frozenset(), frozenset({"due"}), frozenset({"overdue", "review"}),
                                   frozenset({"checkin", "something-new"})])
def test_only_enabled_kinds(kinds):
    d = debt(payments=PAID_FEB)
    specs = plan_nudges([d], prefs(kinds=kinds), local(SH, 2026, 3, 11, 12, 0))
    assert {s.kind for s in specs} == kinds & set(POLICIES)
    assert {s.kind for s in plan_nudges([d], prefs(), local(SH, 2026, 3, 11, 12, 0))} == {
        "due", "overdue", "checkin", "review"}


def test_changed_data_changes_keys():
    now = utc(2026, 3, 1)
    base = set(keys(plan_nudges([debt()], prefs(), now), "due"))
    moved = set(keys(plan_nudges([debt(due_day=12)], prefs(), now), "due"))
    assert base.isdisjoint(moved)
    assert keys(plan_nudges([debt(muted=True)], prefs(), now), "due") == []
    fewer = set(keys(plan_nudges([debt()], prefs(due_offsets=(0,)), now), "due"))
    assert fewer < base
    assert keys(plan_nudges([debt()], prefs(due_offsets=()), now), "due") == []


def test_a_new_kind_plugs_in(monkeypatch):
    def nothing_to_say(inp):
        return [NudgeSpec("promise", "user", "promise:1", inp.now, {})]

    monkeypatch.setitem(POLICIES, "promise", nothing_to_say)
    p = prefs(kinds=frozenset({"promise"}))
    assert keys(plan_nudges([debt()], p, utc(2026, 3, 1))) == ["promise:1"]

    def wrong(inp):
        return [NudgeSpec("other", "user", "x", inp.now, {})]

    monkeypatch.setitem(POLICIES, "promise", wrong)
    with pytest.raises(ValueError):
        plan_nudges([debt()], p, utc(2026, 3, 1))


# --- invariants ---------------------------------------------------------------------------

ZONES = ["Asia/Shanghai", "Europe/Berlin", "America/New_York", "UTC+05:30", "UTC-03:00", "UTC"]
START = datetime(2026, 1, 1, tzinfo=UTC)


def _all_due_dates(due_day: int) -> tuple[date, ...]:
    return tuple(clamped(2025 + (m // 12), m % 12 + 1, due_day) for m in range(9, 48))


@st.composite
def scenario(draw: st.DrawFn) -> tuple[list[DebtFacts], ReminderPrefs]:
    quiet = draw(st.one_of(st.none(), st.tuples(st.integers(0, 1439), st.integers(0, 1439))))
    p = ReminderPrefs(
        tz=draw(st.sampled_from(ZONES)),
        hour=draw(st.integers(0, 23)),
        quiet_start=quiet[0] if quiet else None,
        quiet_end=quiet[1] if quiet else None,
        due_offsets=tuple(draw(st.lists(st.integers(0, 10), max_size=4))),
        checkin_weekday=draw(st.one_of(st.none(), st.integers(0, 6))),
        checkin_hour=draw(st.integers(0, 23)),
    )
    debts = []
    for i in range(draw(st.integers(0, 3))):
        day = draw(st.integers(1, 31))
        kind = draw(st.sampled_from(["monthly", "one-off", "stated"]))
        d = debt(id=i + 1, due_day=day, muted=draw(st.booleans()) and i == 0,
                 payments=_all_due_dates(day))  # always paid on time: never missed
        if kind == "one-off":
            d = replace(d, due_day=None, next_due=date(2026, 1, 1) + timedelta(days=day * 20))
        elif kind == "stated":
            d = replace(d, due_day=None, payments=(), overdue_amount=Decimal(day),
                        overdue_since=date(2025, 12, day % 28 + 1))
        debts.append(d)
    return debts, p


@settings(max_examples=150, deadline=None)
@given(scenario(), st.integers(0, 2 * 365 * 24 * 60), st.integers(1, 60 * 24 * 60),
       st.integers(0, 60))
def test_keys_are_stable_under_replanning(sc, start_min, step_min, horizon):
    debts, p = sc
    now1 = START + timedelta(minutes=start_min)
    now2 = now1 + timedelta(minutes=step_min)
    first = {s.key: s for s in plan_nudges(debts, p, now1, horizon_days=horizon)}
    second = plan_nudges(debts, p, now2, horizon_days=horizon)
    for s in second:
        if s.due_at >= now2 and s.due_at <= now1 + timedelta(days=horizon):
            assert s.key in first, s
        if s.key in first:  # a key always means the same nudge
            assert first[s.key].due_at == s.due_at
            assert first[s.key].params == s.params


@settings(max_examples=150, deadline=None)
@given(scenario(), st.integers(0, 2 * 365 * 24 * 60), st.integers(0, 60))
def test_every_nudge_is_well_formed(sc, start_min, horizon):
    debts, p = sc
    now = START + timedelta(minutes=start_min)
    specs = plan_nudges(debts, p, now, horizon_days=horizon)
    assert specs == sorted(specs, key=lambda s: (s.due_at, s.key))
    assert len({s.key for s in specs}) == len(specs)
    today = now.astimezone(zone(p.tz)).date()
    per_series: dict[str, int] = {}
    for s in specs:
        assert s.due_at.tzinfo is UTC
        assert not is_stale(s.kind, s.params, today)  # nothing planned is dropped at once
        assert all(isinstance(v, str) for v in s.params.values())
        if s.due_at >= now:
            local_t = s.due_at.astimezone(zone(p.tz)).time()
            assert not is_quiet(time(local_t.hour, local_t.minute), p.quiet_start, p.quiet_end)
        else:  # at most one catch-up per series, and never for a passed due date
            series = s.key.rsplit(":", 1)[0] if s.kind in ("due", "overdue") else s.kind
            per_series[series] = per_series.get(series, 0) + 1
            assert per_series[series] == 1
            assert s.kind != "checkin"
            if s.kind == "due":
                assert not is_stale("due", s.params, today)
        if s.subject != "user":
            assert s.subject in {f"debt:{d.id}" for d in debts if d.active and not d.muted}
    if not any(d.active for d in debts):
        assert specs == []


# --- with a billing state (coach.billing): issue 10 case 7 ------------------------------


def _billed(balance: str, due_day: int, minimum: str, stated: tuple[str, date, date],
            paid: tuple[date, str] | None, today: date) -> BillingState:  # fmt: skip

    amount, since, on = stated
    terms = Terms(Decimal(balance), due_day, minimum=MinimumRule("fixed", amount=Decimal(minimum)))
    statement = Stated(Decimal(amount), since, on, datetime.combine(on, time(9)))
    payments = [] if paid is None else [
        Payment(paid[0], Decimal(paid[1]), datetime.combine(paid[0], time(20)))
    ]
    return billing_state(terms, statement, payments, today)


def test_a_part_payment_keeps_the_overdue_follow_ups():
    # 花呗 ¥8,600 overdue since Jan 10 (stated Mar 1); ¥500 paid Mar 5: ¥8,100 still overdue.
    state = _billed("8100", 10, "600", ("8600", date(2026, 1, 10), date(2026, 3, 1)),
                    (date(2026, 3, 5), "500"), date(2026, 3, 6))  # fmt: skip
    d = debt(billing=state, payments=(date(2026, 3, 5),), planned=None)
    specs = of(plan_nudges([d], prefs(), local(SH, 2026, 3, 6, 12, 0)), "overdue")
    assert specs and specs[0].key.startswith("overdue:1:2026-01-10:")
    assert specs[0].params["amount"] == "8100.00" and specs[0].params["missed"] == "0"
    # Without the billing state the old rule ends the series at the first payment.
    assert of(plan_nudges([replace(d, billing=None, overdue_since=date(2026, 1, 10),
                                   overdue_amount=Decimal("8100"))],
                          prefs(), local(SH, 2026, 3, 6, 12, 0)), "overdue") == []  # fmt: skip


def test_clearing_an_arrear_keeps_the_next_cycles_reminders():
    # Amex: $75 overdue since Nov 15 (stated Nov 20), cleared by $75 on Nov 28. No more
    # follow-ups; Dec 15 still asks its $75 (the payment went to the arrear).
    state = _billed("2925", 15, "75", ("75", date(2026, 11, 15), date(2026, 11, 20)),
                    (date(2026, 11, 28), "75"), date(2026, 11, 29))  # fmt: skip
    d = debt(due_day=15, billing=state, payments=(date(2026, 11, 28),), planned=None,
             cycle_paid=Decimal("75"))  # fmt: skip
    specs = plan_nudges([d], prefs(), local(SH, 2026, 11, 29, 12, 0))
    assert of(specs, "overdue") == []
    due = of(specs, "due")
    assert due and due[0].params["date"] == "2026-12-15" and due[0].params["amount"] == "75.00"
    # Once Dec 15's cycle is paid, its reminders stop.
    paid = _billed("2850", 15, "75", ("75", date(2026, 11, 15), date(2026, 11, 20)),
                   (date(2026, 11, 28), "150"), date(2026, 11, 29))  # fmt: skip
    specs = plan_nudges([replace(d, billing=paid)], prefs(), local(SH, 2026, 11, 29, 12, 0))
    assert not [s for s in of(specs, "due") if s.params["date"] == "2026-12-15"]


def test_a_plan_share_below_the_cycle_names_what_the_lender_asks_too():
    # Dec 10 asks 1,000 (min 1,000 on 5,000, nothing overdue); the plan, short of money,
    # pays 905 of it: the reminder carries both, 905 planned and 1,000 required.
    state = _billed("5000", 10, "1000", ("0", None, date(2026, 11, 1)), None, date(2026, 11, 29))
    d = debt(billing=state, planned=Decimal("905.00"))
    due = of(plan_nudges([d], prefs(), local(SH, 2026, 11, 29, 12, 0)), "due")
    first = [s for s in due if s.params["date"] == "2026-12-10"]
    assert first and first[0].params["amount"] == "905.00"
    assert first[0].params["required"] == "1000.00"
    # The plan pays all of it: no second figure.
    full = of(plan_nudges([replace(d, planned=Decimal("1000.00"))], prefs(),
                          local(SH, 2026, 11, 29, 12, 0)), "due")
    assert all("required" not in s.params for s in full)


def test_a_cycle_the_plan_has_nothing_for_is_reminded_with_what_is_due():
    # The plan pays 0 toward Dec 10's 1,000 (money is short): the reminder says 1,000 is
    # due and that the plan has nothing for it; its ✅ Paid starts from the 1,000.
    state = _billed("5000", 10, "1000", ("0", None, date(2026, 11, 1)), None, date(2026, 11, 29))
    d = debt(billing=state, planned=Decimal("0"))
    due = of(plan_nudges([d], prefs(), local(SH, 2026, 11, 29, 12, 0)), "due")
    first = [s for s in due if s.params["date"] == "2026-12-10"]
    assert first and (first[0].params["amount"], first[0].params["required"]) == ("0", "1000.00")
    assert nudge_amount(first[0].params) == Decimal("1000.00")
    assert nudge_amount({"amount": "905.00", "required": "1000.00"}) == Decimal("905.00")
    assert nudge_amount({}) is None
