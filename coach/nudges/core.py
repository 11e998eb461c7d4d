"""The nudge planner's types, its clock arithmetic, and the policy registry.

Everything here is pure: the time is passed in (aware UTC), nothing is read or
written. See :mod:`coach.nudges` for the rules and how to add a kind.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import Decimal

from coach.billing import BillingState
from coach.nudges.contact_facts import FollowUpFact, PromiseFact
from coach.timezones import is_quiet, zone

__all__ = [
    "DEFAULT_KINDS",
    "POLICIES",
    "DebtFacts",
    "Inputs",
    "NudgeSpec",
    "Policy",
    "ReminderPrefs",
    "choose",
    "in_quiet_hours",
    "local_moment",
    "local_today",
    "money",
    "next_allowed",
    "one_off_at",
    "register",
    "shift_out_of_quiet",
]

#: The kinds a user gets unless they switch some off.
DEFAULT_KINDS: frozenset[str] = frozenset({"due", "overdue", "checkin", "review"})
_DAY = 24 * 60


@dataclass(frozen=True)
class ReminderPrefs:
    """A user's reminder settings. Invalid values raise ValueError (a bug upstream)."""

    tz: str  # canonical zone name, see coach.timezones.zone()
    hour: int = 9  # local hour for due/overdue/review nudges (0-23)
    quiet_start: int | None = 22 * 60  # minutes after midnight, local; None = no quiet hours
    quiet_end: int | None = 8 * 60
    due_offsets: tuple[int, ...] = (3, 1, 0)  # days before the due date (0-60)
    checkin_weekday: int | None = 6  # 0=Mon..6=Sun; None = weekly check-in off
    checkin_hour: int = 20
    kinds: frozenset[str] = DEFAULT_KINDS  # enabled kinds

    def __post_init__(self) -> None:
        if not 0 <= self.hour <= 23 or not 0 <= self.checkin_hour <= 23:
            raise ValueError(f"reminder hour out of range: {self.hour}, {self.checkin_hour}")
        if self.checkin_weekday is not None and not 0 <= self.checkin_weekday <= 6:
            raise ValueError(f"check-in weekday out of range: {self.checkin_weekday}")
        for m in (self.quiet_start, self.quiet_end):
            if m is not None and not 0 <= m < _DAY:
                raise ValueError(f"quiet hours out of range: {m}")
        if any(not 0 <= o <= 60 for o in self.due_offsets):
            raise ValueError(f"due offsets out of range: {self.due_offsets}")


@dataclass(frozen=True)
class Claimed:
    """A planned reminder as stored: sent by the tick, listed by /reminders, acted on by
    its buttons. ``params`` are the strings the renderer reads (name, amount, date...)."""

    id: int
    user_id: int
    kind: str
    subject: str
    key: str
    due_at: datetime
    attempts: int
    params: dict[str, str]

    @property
    def review_actions(self) -> tuple[tuple[str, Decimal], ...]:
        """A monthly review's actions: (lender name, amount) pairs, stored as JSON in
        ``params["actions"]`` (empty for other kinds or when none)."""
        raw = json.loads(self.params.get("actions") or "[]")
        return tuple((str(name), Decimal(str(amount))) for name, amount in raw)


@dataclass(frozen=True)
class ReminderChoices:
    """What the user chose in /reminders (the rest of :class:`ReminderPrefs` comes from
    their profile: zone and quiet hours)."""

    hour: int = 9
    due_offsets: tuple[int, ...] = (3, 1, 0)
    checkin_weekday: int | None = 6
    checkin_hour: int = 20
    kinds: frozenset[str] = DEFAULT_KINDS

    def prefs(self, tz: str, quiet_start: int | None, quiet_end: int | None) -> ReminderPrefs:
        """The full preferences for a user in zone ``tz`` with those quiet hours."""
        return ReminderPrefs(
            tz=tz, hour=self.hour, quiet_start=quiet_start, quiet_end=quiet_end,
            due_offsets=self.due_offsets, checkin_weekday=self.checkin_weekday,
            checkin_hour=self.checkin_hour, kinds=self.kinds,
        )  # fmt: skip


@dataclass(frozen=True)
class DebtFacts:
    """What the planner needs to know about one debt (dates are the user's local dates)."""

    id: int
    name: str
    balance: Decimal
    due_day: int | None  # monthly due day (1-31), or None
    next_due: date | None  # a one-off due date (when due_day is None)
    overdue_since: date | None  # user-stated overdue start (None = current, unless a due date was missed)
    overdue_amount: Decimal
    active: bool  # False once paid off
    muted: bool  # the user muted this debt's nudges
    payments: tuple[date, ...]  # dates of payments recorded in the last ~70 days
    planned: Decimal | None  # this cycle's amount per the plan (for the message), or None
    auto_debit: bool
    #: The local date the debt was recorded. Due dates on or before it are never
    #: "missed" (there is no payment history before it). None = no such limit.
    tracked_since: date | None = None
    #: Paid toward the coming due date (since the previous one). Once it covers the planned
    #: amount, that due date gets no more reminders; a part payment lowers the amount asked.
    cycle_paid: Decimal = Decimal(0)
    #: The debt's billing state (coach.billing), when the caller has one. It then decides
    #: alone what is overdue and since when (follow-ups run while any arrear is unpaid, a
    #: part payment doesn't end them) and whether the coming due date is paid (payments
    #: go to arrears first, so clearing an arrear doesn't silence the next cycle);
    #: ``overdue_*``, ``payments`` and ``cycle_paid`` are not used for that, and
    #: ``planned`` is read as already net of what was paid toward the cycle.
    billing: BillingState | None = None
    #: From the contact log (coach.nudges.contact_log): follow-up dates of logged contacts,
    #: promises to pay, and an agreed grace period on the arrears (last day, inclusive;
    #: overdue nudges pause until it ends).
    follow_ups: tuple[FollowUpFact, ...] = ()
    promises: tuple[PromiseFact, ...] = ()
    grace_until: date | None = None


@dataclass(frozen=True)
class NudgeSpec:
    """One nudge that should exist. ``due_at`` is aware UTC; past = send at the next tick."""

    kind: str
    subject: str  # "debt:<id>" or "user"
    key: str  # unique dedupe key, stable across re-plans
    due_at: datetime
    params: Mapping[str, str] = field(default_factory=dict)


# --- time -----------------------------------------------------------------------------


def local_moment(d: date, minutes: int, tz: str) -> datetime:
    """``minutes`` after local midnight of ``d`` in zone ``tz``, as aware UTC.

    A wall time that doesn't exist (the spring-forward gap) moves forward by the
    gap: 02:30 on the Berlin spring-forward day is 03:30 CEST. A wall time that
    happens twice (the autumn overlap) is its first occurrence (fold=0).
    """
    naive = datetime.combine(d, time()) + timedelta(minutes=minutes)
    # PEP 495: fold=0 in a gap uses the offset from before the transition, which
    # lands the instant exactly "gap" later on the wall clock; in an overlap it
    # picks the first occurrence.
    return naive.replace(tzinfo=zone(tz), fold=0).astimezone(UTC)


def local_today(now: datetime, tz: str) -> date:
    """The user's local date at ``now``."""
    return now.astimezone(zone(tz)).date()


def in_quiet_hours(now: datetime, prefs: ReminderPrefs) -> bool:
    """Whether ``now`` (aware) falls in the user's quiet hours."""
    local = now.astimezone(zone(prefs.tz))
    return is_quiet(local.time(), prefs.quiet_start, prefs.quiet_end)


def shift_out_of_quiet(at: datetime, prefs: ReminderPrefs) -> datetime:
    """``at`` (as UTC) if it isn't in quiet hours, else the end of that quiet period (UTC)."""
    local = at.astimezone(zone(prefs.tz))
    start, end = prefs.quiet_start, prefs.quiet_end
    if start is None or end is None or not is_quiet(local.time(), start, end):
        return at.astimezone(UTC)
    day = local.date()
    if start > end and local.hour * 60 + local.minute >= start:
        day += timedelta(days=1)  # before midnight in a period that wraps: ends tomorrow
    return local_moment(day, end, prefs.tz)


def next_allowed(now: datetime, prefs: ReminderPrefs) -> datetime:
    """``now`` (UTC) if not in quiet hours, else when the quiet period ends (UTC)."""
    return shift_out_of_quiet(now, prefs)


def one_off_at(on: date, prefs: ReminderPrefs, now: datetime) -> datetime:
    """When a reminder the user asked for on day ``on`` goes: their reminder hour that
    day, out of quiet hours, never before ``now`` (all in ``prefs``' zone; UTC out).
    Re-planned with the prefs when they change (a new zone or quiet hours)."""
    at = next_allowed(local_moment(on, prefs.hour * 60, prefs.tz), prefs)
    return max(at, now)


def nudge_amount(params: Mapping[str, str]) -> Decimal | None:
    """The amount a debt reminder is about: what the plan pays toward it, or, when the
    plan has nothing for it this month (``amount`` 0), what the lender asks
    (``required``); None when neither was said."""
    raw = params.get("amount")
    amount = Decimal(raw) if raw else None
    if (amount is None or amount <= 0) and params.get("required"):
        return Decimal(params["required"])
    return amount if amount is None or amount > 0 else None


def money(amount: Decimal) -> str:
    """A Decimal as a plain string for params (never exponent notation)."""
    return format(amount, "f")


# --- what a policy gets, and how it picks -------------------------------------------------


@dataclass(frozen=True)
class Inputs:
    """Everything a policy may look at. Build with :meth:`make`."""

    debts: tuple[DebtFacts, ...]
    prefs: ReminderPrefs
    now: datetime  # aware UTC
    today: date  # the user's local date at ``now``
    horizon_end: datetime  # future nudges after this are left to a later re-plan
    tz: tzinfo

    @classmethod
    def make(
        cls, debts: Sequence[DebtFacts], prefs: ReminderPrefs, now: datetime, horizon_days: int
    ) -> Inputs:
        if now.tzinfo is None or now.utcoffset() is None:
            raise ValueError("now must be timezone-aware")
        if horizon_days < 0:
            raise ValueError("horizon_days must be >= 0")
        now = now.astimezone(UTC)
        tz = zone(prefs.tz)
        return cls(
            tuple(debts), prefs, now, now.astimezone(tz).date(),
            now + timedelta(days=horizon_days), tz,
        )

    @property
    def nudgeable(self) -> list[DebtFacts]:
        """Debts that may get nudges: active and not muted."""
        return [d for d in self.debts if d.active and not d.muted]

    @property
    def has_active_debt(self) -> bool:
        """User-level nudges exist only while the user has an active debt."""
        return any(d.active for d in self.debts)

    @property
    def horizon_day(self) -> date:
        """The last local date the horizon reaches."""
        return self.horizon_end.astimezone(self.tz).date()

    def at(self, d: date, minutes: int) -> datetime:
        """When to send a nudge meant for local ``d`` at ``minutes``: UTC, out of quiet hours."""
        return shift_out_of_quiet(local_moment(d, minutes, self.prefs.tz), self.prefs)

    def local_date(self, at: datetime) -> date:
        return at.astimezone(self.tz).date()


def choose(
    inp: Inputs,
    candidates: Iterable[NudgeSpec],
    *,
    catch_up: bool,
    unbounded: bool = False,
) -> list[NudgeSpec]:
    """Pick from one series of candidate nudges (e.g. one due date's offsets).

    Future ones (``due_at >= now``): the first always, the rest while within the
    horizon (all of them when ``unbounded``). Past ones: none, or with
    ``catch_up`` only the latest, if it isn't stale yet (its ``last_day`` param,
    the last local date it may go out, isn't before today) and no other one of
    the series is due later today (it says the same thing, fresher).
    """
    cands = sorted(candidates, key=lambda s: (s.due_at, s.key))
    future = [c for c in cands if c.due_at >= inp.now]
    kept = [c for i, c in enumerate(future) if i == 0 or unbounded or c.due_at <= inp.horizon_end]
    past = [c for c in cands if c.due_at < inp.now]
    if catch_up and past and not any(inp.local_date(c.due_at) == inp.today for c in future):
        last_day = past[-1].params.get("last_day")
        if last_day is None or date.fromisoformat(last_day) >= inp.today:
            kept.insert(0, past[-1])
    return kept


# --- the registry ----------------------------------------------------------------------

Policy = Callable[[Inputs], list[NudgeSpec]]

#: kind -> policy. plan_nudges runs the ones whose kind is in ``prefs.kinds``.
POLICIES: dict[str, Policy] = {}


def register(kind: str) -> Callable[[Policy], Policy]:
    """Decorator: make ``fn`` the policy for ``kind`` (each kind once)."""

    def wrap(fn: Policy) -> Policy:
        if kind in POLICIES:
            raise ValueError(f"nudge kind registered twice: {kind}")
        POLICIES[kind] = fn
        return fn

    return wrap
