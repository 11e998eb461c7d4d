"""The contact log's nudges: follow-ups, promises, the end of a grace period, and the
overdue reminders a grace period pauses."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from coach.nudges import DebtFacts, ReminderPrefs, is_stale, plan_nudges
from coach.nudges.contact_facts import FollowUpFact, PromiseFact
from coach.nudges.contact_log import CONTACT_KINDS
from coach.timezones import zone

SH = "Asia/Shanghai"
H1 = "1" * 64
H2 = "2" * 64
ALL = frozenset({"due", "overdue", "checkin", "review"}) | CONTACT_KINDS


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=zone(SH)).astimezone(UTC)


def debt(**kw: object) -> DebtFacts:
    base: dict[str, object] = {
        "id": 4, "name": "花呗", "balance": Decimal("5000"), "due_day": 10, "next_due": None,
        "overdue_since": None, "overdue_amount": Decimal(0), "active": True, "muted": False,
        "payments": (), "planned": None, "auto_debit": False,
    }
    base.update(kw)
    return DebtFacts(**base)  # type: ignore[arg-type]


def plan(d: DebtFacts, now: datetime, kinds: frozenset[str] = CONTACT_KINDS):
    return plan_nudges([d], ReminderPrefs(tz=SH, kinds=kinds), now)


def brief(specs):
    return [(s.kind, s.key, s.due_at) for s in specs]


# --- follow-ups --------------------------------------------------------------------------


def test_a_follow_up_comes_on_its_date_at_the_reminder_hour():
    d = debt(follow_ups=(FollowUpFact(H1, date(2026, 12, 5), "call_back"),))
    (spec,) = plan(d, local(2026, 12, 1, 12, 0))
    assert (spec.kind, spec.key, spec.due_at) == (
        "followup", f"followup:4:{H1[:16]}", local(2026, 12, 5, 9, 0))
    assert spec.subject == "debt:4"
    assert dict(spec.params) == {"debt_id": "4", "name": "花呗", "entry": H1[:8],
                                 "step": "call_back", "date": "2026-12-05",
                                 "last_day": "2026-12-07"}


@pytest.mark.parametrize(("now", "sent"), [
    (local(2026, 12, 5, 8, 59), True),  # still to come
    (local(2026, 12, 6, 12, 0), True),  # missed while down: sent late ...
    (local(2026, 12, 7, 23, 0), True),
    (local(2026, 12, 8, 9, 0), False),  # ... for 2 days, not after
])
def test_a_missed_follow_up_is_caught_up_for_two_days(now, sent):
    d = debt(follow_ups=(FollowUpFact(H1, date(2026, 12, 5)),))
    assert bool(plan(d, now)) is sent


def test_keys_are_stable_and_unique_per_entry():
    one = FollowUpFact(H1, date(2026, 12, 5))
    two = FollowUpFact(H2, date(2026, 12, 5))
    d = debt(follow_ups=(one, two))
    first = plan(d, local(2026, 12, 1, 12, 0))
    again = plan(d, local(2026, 12, 2, 18, 0))
    assert [s.key for s in first] == [s.key for s in again]
    assert len({s.key for s in first}) == 2
    # the same hash prefix on another debt is another key
    assert plan(debt(id=5, follow_ups=(one,)), local(2026, 12, 1))[0].key == f"followup:5:{H1[:16]}"


# --- promises ----------------------------------------------------------------------------


def test_a_promise_is_reminded_the_day_before_it_is_due():
    d = debt(promises=(PromiseFact(H1, date(2026, 12, 5), Decimal("500.00")),))
    (spec,) = plan(d, local(2026, 12, 1, 12, 0))
    assert (spec.kind, spec.key, spec.due_at) == (
        "promise", f"promise:4:{H1[:16]}", local(2026, 12, 4, 9, 0))
    assert spec.params["amount"] == "500.00" and spec.params["date"] == "2026-12-05"
    # it is not a due date: no due reminder for the 5th, the debt's own due day stays
    specs = plan(d, local(2026, 12, 1, 12, 0), ALL)
    assert not any(s.kind == "due" and "2026-12-05" in s.key for s in specs)
    assert any(s.kind == "due" and "2026-12-10" in s.key for s in specs)


@pytest.mark.parametrize(("now", "sent"), [
    (local(2026, 12, 4, 10, 0), True),  # promised after the reminder's moment: sent at once
    (local(2026, 12, 5, 20, 0), True),  # on the day itself
    (local(2026, 12, 6, 8, 0), False),  # past the date
])
def test_a_late_promise_reminder_goes_out_until_the_date(now, sent):
    d = debt(promises=(PromiseFact(H1, date(2026, 12, 5), Decimal("500")),))
    assert bool(plan(d, now)) is sent
    if sent:
        (spec,) = plan(d, now)
        assert not is_stale("promise", spec.params, now.astimezone(zone(SH)).date())


# --- grace periods -----------------------------------------------------------------------


def test_the_end_of_a_grace_period_is_announced_the_day_before():
    d = debt(grace_until=date(2027, 1, 31))
    (spec,) = plan(d, local(2027, 1, 20, 12, 0))
    assert (spec.kind, spec.key, spec.due_at) == (
        "grace_end", "grace_end:4:2027-01-31", local(2027, 1, 30, 9, 0))
    assert plan(d, local(2027, 2, 1, 9, 0)) == []


def overdue_days(specs) -> list[date]:
    return [s.due_at.astimezone(zone(SH)).date() for s in specs if s.kind == "overdue"]


def test_a_grace_period_pauses_overdue_reminders_until_it_ends():
    base = debt(overdue_amount=Decimal("800"), overdue_since=date(2026, 11, 20),
                payments=(), due_day=None, next_due=None)
    now = local(2026, 11, 22, 12, 0)
    without = plan(base, now, frozenset({"overdue"}))
    # S+1 (Nov 21, missed: caught up), then S+4, S+7, ...
    assert overdue_days(without)[:3] == [date(2026, 11, 21), date(2026, 11, 24), date(2026, 11, 27)]
    graced = debt(**{**base.__dict__, "grace_until": date(2026, 12, 10)})
    paused = plan(graced, now, frozenset({"overdue"}))
    # S+20 = Dec 10 is still in the grace; the next one, S+27 = Dec 17, comes after it
    assert all(day > date(2026, 12, 10) for day in overdue_days(paused))
    assert overdue_days(paused)[0] == date(2026, 12, 17)
    # the keys are those of the plan without grace: nothing drifts when it ends
    assert {s.key for s in paused} <= {s.key for s in plan(base, local(2026, 12, 16, 12, 0),
                                                           frozenset({"overdue"}))}


def test_the_contact_kinds_follow_the_users_kinds():
    d = debt(follow_ups=(FollowUpFact(H1, date(2026, 12, 5)),),
             promises=(PromiseFact(H2, date(2026, 12, 6), Decimal("1")),),
             grace_until=date(2026, 12, 20))
    now = local(2026, 12, 1, 12, 0)
    assert {s.kind for s in plan(d, now)} == CONTACT_KINDS
    assert {s.kind for s in plan(d, now, frozenset({"promise"}))} == {"promise"}
    assert plan(debt(muted=True, follow_ups=d.follow_ups), now) == []
    assert plan(debt(active=False, promises=d.promises), now) == []
