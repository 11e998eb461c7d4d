"""The nudge policy: which reminders should exist for a user's data at a given time.

Nudges are rows in the store, planned idempotently: the store inserts what
:func:`plan_nudges` returns (unique ``key``; a row already there is not sent
twice) and cancels pending rows whose keys are no longer returned. So the
planner is a pure function of (debts, prefs, now), and keys are stable: the same
data re-planned later gives the same keys for nudges that still apply, and each
key's ``due_at`` depends only on the key and the prefs, never on ``now``.

Rules (times are at the user's local wall clock, in ``prefs.tz``):

* ``due``: for each active, unmuted debt, the next due date D on or after the local
  today (and the monthly ones after it within the horizon); one nudge per offset o
  in ``prefs.due_offsets`` at D - o days, ``prefs.hour``. Key ``due:{id}:{D}:{o}``.
  Of the moments already past, only the latest is kept (sent at the next tick), only
  while D is today or later, and not when another offset of D is still due later
  today (recorded on the due day at 07:00 -> just the 09:00 one).
* ``overdue``: from S = ``overdue_since`` when ``overdue_amount > 0`` (else
  ``tracked_since``, else today - pass a stored date, or keys drift daily), or S =
  the most recent due date if it was missed (no payment in (previous due date, D];
  one-off: in (D - 31 days, D]); on S+1, 4, 7, 10, 13, then weekly S+20, 27, ...
  Ends with a payment dated after S, inactive, muted. Key ``overdue:{id}:{S}:{n}``.
  None on or before an agreed grace period's last day (``DebtFacts.grace_until``).
  Past ones: only the latest is kept (several missed while down -> one).
  With a billing state (``DebtFacts.billing``, :mod:`coach.billing`), S is the earliest
  unpaid due date and the series runs while any arrear is unpaid: a part payment lowers
  the amount, it doesn't end the follow-ups. The coming due date's reminders then stop
  only once its cycle is paid (payments go to arrears first).
* ``checkin`` (subject ``user``): weekly on ``checkin_weekday`` at ``checkin_hour``;
  a missed one is never sent late. Key ``checkin:{local date}``.
* ``review`` (subject ``user``): the 1st of each month at ``prefs.hour``; a missed
  one is caught up until the 3rd (local). Key ``review:{YYYY-MM}``.
* ``followup``, ``promise``, ``grace_end``: the contact log's kinds, see
  :mod:`coach.nudges.contact_log`.
* Future nudges: the next one of each series always, later ones while within
  ``horizon_days`` (the store re-plans every few hours to roll it forward).
* Only kinds in ``prefs.kinds``; nothing for inactive or muted debts; no user-level
  nudges without an active debt.
* Quiet hours: a moment in quiet hours moves to the end of that quiet period. The
  sender re-checks at send time with :func:`in_quiet_hours` / :func:`next_allowed`
  (a past catch-up goes out now, unless it's quiet now).
* Local -> UTC always goes through :func:`local_moment` (DST gap: forward by the gap;
  overlap: the first occurrence).
* :func:`is_stale` at send time drops a row planned before a downtime or pause that
  no longer applies: each nudge's ``last_day`` param is the last local date it may
  go out (a ``due`` one never after its date; the next one of a series supersedes
  it; a check-in only on its day). Series otherwise end by being re-planned away.

Adding a kind (a promise to pay, say) is a local change: give the facts a field
with a default, register one policy here, and add ``nudge.promise`` to each catalog::

    # coach/nudges/policies.py  (DebtFacts gets: promises: tuple[tuple[date, Decimal], ...] = ())
    @register("promise")
    def promise(inp: Inputs) -> list[NudgeSpec]:
        out: list[NudgeSpec] = []
        for debt in inp.nudgeable:
            for on, amount in debt.promises:
                spec = NudgeSpec("promise", f"debt:{debt.id}", f"promise:{debt.id}:{on}",
                                 inp.at(on, inp.prefs.hour * 60),
                                 {"debt_id": str(debt.id), "date": on.isoformat(),
                                  "amount": money(amount), "last_day": on.isoformat()})
                out += choose(inp, [spec], catch_up=True)  # late only on its day
        return out

and enable it in the users' ``kinds`` (``DEFAULT_KINDS`` and the settings UI).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from coach.nudges import contact_log as _contact_log  # noqa: F401  (the contact log's kinds)
from coach.nudges import policies as _policies  # noqa: F401  (registers the built-in kinds)
from coach.nudges.core import (
    DEFAULT_KINDS,
    POLICIES,
    Claimed,
    DebtFacts,
    Inputs,
    NudgeSpec,
    Policy,
    ReminderChoices,
    ReminderPrefs,
    choose,
    in_quiet_hours,
    local_moment,
    local_today,
    money,
    next_allowed,
    nudge_amount,
    one_off_at,
    register,
    shift_out_of_quiet,
)

__all__ = [
    "DEFAULT_HORIZON_DAYS",
    "DEFAULT_KINDS",
    "POLICIES",
    "Claimed",
    "DebtFacts",
    "Inputs",
    "NudgeSpec",
    "Policy",
    "ReminderChoices",
    "ReminderPrefs",
    "choose",
    "in_quiet_hours",
    "is_stale",
    "local_moment",
    "local_today",
    "money",
    "next_allowed",
    "nudge_amount",
    "one_off_at",
    "plan_nudges",
    "register",
    "shift_out_of_quiet",
]

DEFAULT_HORIZON_DAYS = 45


def plan_nudges(
    debts: Sequence[DebtFacts],
    prefs: ReminderPrefs,
    now: datetime,
    *,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
) -> list[NudgeSpec]:
    """Every nudge that should exist for this user at ``now``, by due_at then key."""
    inp = Inputs.make(debts, prefs, now, horizon_days)
    specs: list[NudgeSpec] = []
    for kind, policy in POLICIES.items():
        if kind not in prefs.kinds:
            continue
        for spec in policy(inp):
            if spec.kind != kind or spec.due_at.utcoffset() is None:
                raise ValueError(f"policy {kind!r} returned a bad spec: {spec}")
            specs.append(spec)
    if len({s.key for s in specs}) != len(specs):
        raise ValueError("nudge keys must be unique")
    return sorted(specs, key=lambda s: (s.due_at, s.key))


def is_stale(spec_kind: str, params: Mapping[str, str], local_today: date) -> bool:
    """At send time: whether a nudge no longer makes sense and should be dropped.

    A nudge is stale once the user's local today is past its ``last_day`` param
    (every built-in kind sets one; a kind without it is never stale):

    * ``due``: after its due ``date`` (the re-plan makes the overdue follow-up), or
      once the next offset's day has come (it says the same, fresher);
    * ``overdue``: once the next nudge of its series is due (its day has come);
    * ``checkin``: after the day it was meant for (a missed check-in isn't sent late);
    * ``review``: after the 3rd of its month.

    The planner never returns a stale nudge, so this only drops rows planned before
    a downtime or a pause that no re-plan has cancelled yet.
    """
    if spec_kind == "due" and date.fromisoformat(params["date"]) < local_today:
        return True
    last_day = params.get("last_day")
    return last_day is not None and date.fromisoformat(last_day) < local_today
