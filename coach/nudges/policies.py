"""The built-in nudge kinds: due, overdue, checkin, review (rules in :mod:`coach.nudges`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

from coach.nudges.core import DebtFacts, Inputs, NudgeSpec, choose, money, register
from coach.parsing.calendar import add_months, next_due_date, prev_due_date

__all__ = ["due", "missed_due_date", "overdue", "overdue_start", "review", "weekly_checkin"]

_ONE_DAY = timedelta(days=1)
_ZERO = Decimal(0)
#: Overdue nudges: the day after, then every 3 days for two weeks, then weekly.
OVERDUE_EARLY = (1, 4, 7, 10, 13)
OVERDUE_WEEKLY_FROM = 20
ONE_OFF_WINDOW = timedelta(days=31)
REVIEW_CATCH_UP = timedelta(days=3)  # sent late on the 1st to the 3rd, not after


def _debt_params(debt: DebtFacts) -> dict[str, str]:
    return {"debt_id": str(debt.id), "name": debt.name, "auto_debit": "1" if debt.auto_debit else "0"}


def _due_dates(debt: DebtFacts, today: date, last: date) -> Iterator[date]:
    """The next due date on or after ``today``, then the monthly ones up to ``last``."""
    if debt.due_day is not None:
        d = next_due_date(debt.due_day, today)
        yield d
        while (d := next_due_date(debt.due_day, d + _ONE_DAY)) <= last:
            yield d
    elif debt.next_due is not None and debt.next_due >= today:
        yield debt.next_due


@register("due")
def due(inp: Inputs) -> list[NudgeSpec]:
    """Offsets before each due date at prefs.hour; one catch-up for a date not yet passed."""
    offsets = sorted(set(inp.prefs.due_offsets))
    if not offsets:
        return []
    out: list[NudgeSpec] = []
    for debt in inp.nudgeable:
        # a moment is at most a day after its local date (quiet hours), so this covers the horizon
        last = inp.horizon_day + timedelta(days=offsets[-1] + 1)
        for i, d in enumerate(_due_dates(debt, inp.today, last)):
            base = _debt_params(debt)
            planned = debt.planned if debt.planned is not None and debt.planned > 0 else None
            cycle = None if debt.billing is None else debt.billing.cycle
            if i == 0 and debt.billing is not None:
                if cycle is not None and cycle.due == d:
                    if cycle.remaining <= 0 and planned is None:
                        continue  # this cycle is paid: no more reminders for it
                    if planned is None and cycle.remaining > 0:
                        planned = cycle.remaining
            elif i == 0 and debt.cycle_paid > 0:
                if planned is None or debt.cycle_paid >= planned:
                    continue  # this due date is paid: no more reminders for it
                planned -= debt.cycle_paid
            this_cycle = i == 0 and cycle is not None and cycle.due == d
            if (this_cycle and cycle is not None and debt.planned is not None
                    and debt.planned <= 0 < cycle.remaining):
                # The plan has nothing for it this month: say what is due, and that.
                base["amount"], base["required"] = money(_ZERO), money(cycle.remaining)
            elif planned is not None:
                base["amount"] = money(planned)
                # The plan pays less than the lender asks (money is short): say both, so
                # the plan's share is never read as enough.
                if this_cycle and cycle is not None and cycle.remaining > planned:
                    base["required"] = money(cycle.remaining)
            at = {o: inp.at(d - timedelta(days=o), inp.prefs.hour * 60) for o in offsets}
            series = []
            for j, o in enumerate(offsets):
                # superseded once the next offset's day comes; never after the due date
                until = d if j == 0 else min(d, inp.local_date(at[offsets[j - 1]]) - _ONE_DAY)
                series.append(NudgeSpec(
                    "due", f"debt:{debt.id}", f"due:{debt.id}:{d.isoformat()}:{o}", at[o],
                    {**base, "date": d.isoformat(), "days": str(o), "last_day": until.isoformat()},
                ))
            out += choose(inp, series, catch_up=True, unbounded=i == 0)
    return out


def missed_due_date(debt: DebtFacts, today: date) -> date | None:
    """The most recent due date before ``today`` if no payment covered it, else None.

    Monthly: no payment dated in (previous due date, D]. One-off: none in
    (D - 31 days, D]. Due dates on or before ``tracked_since`` don't count.
    A debt paid by auto-debit is never "missed" here: those payments are not recorded
    by the user, so only an overdue amount they state makes it overdue.
    """
    if debt.auto_debit:
        return None
    if debt.due_day is not None:
        d = prev_due_date(debt.due_day, today - _ONE_DAY)
        window_start = prev_due_date(debt.due_day, d - _ONE_DAY)
    elif debt.next_due is not None and debt.next_due < today:
        d = debt.next_due
        window_start = d - ONE_OFF_WINDOW
    else:
        return None
    if debt.tracked_since is not None and d <= debt.tracked_since:
        return None
    if any(window_start < p <= d for p in debt.payments):
        return None
    return d


def overdue_start(debt: DebtFacts, today: date) -> tuple[date, bool] | None:
    """Where the current overdue series starts, and whether it's a missed due date.

    Candidates: the stated start when ``overdue_amount > 0`` (``overdue_since``, else
    ``tracked_since``, else today) and a missed due date. A candidate ends once a
    payment is dated after it; the earliest one still running wins. None = current.
    With a billing state (:mod:`coach.billing`): its earliest unpaid item, while any
    arrear is unpaid (a part payment doesn't end the series), detected or stated.
    """
    if debt.billing is not None:
        arrears = debt.billing.arrears
        if arrears.unpaid <= 0 or not arrears.items:
            return None
        return arrears.items[0].due, arrears.items[0].origin == "detected"
    starts: list[tuple[date, bool]] = []
    if debt.overdue_amount > 0:
        stated = debt.overdue_since or debt.tracked_since or today
        starts.append((min(stated, today), False))
    missed = missed_due_date(debt, today)
    if missed is not None:
        starts.append((missed, True))
    running = [(s, m) for s, m in starts if not any(p > s for p in debt.payments)]
    return min(running, key=lambda sm: (sm[0], not sm[1])) if running else None


def _next_overdue_day(n: int) -> int:
    later = [m for m in OVERDUE_EARLY if m > n]
    return later[0] if later else max(OVERDUE_WEEKLY_FROM, n + 7)


def _overdue_days(since: date, today: date, last: date) -> Iterator[int]:
    """Day offsets n of the series from ``since``: near ``today`` and up to ``last``."""
    yield from OVERDUE_EARLY
    elapsed = (today - since).days
    k = max(0, (elapsed - OVERDUE_WEEKLY_FROM) // 7 - 2)  # skip long-past weeks
    end = (max(last, today + timedelta(days=7)) - since).days + 1  # at least the next one
    while (n := OVERDUE_WEEKLY_FROM + 7 * k) <= end:
        yield n
        k += 1


@register("overdue")
def overdue(inp: Inputs) -> list[NudgeSpec]:
    """S+1, S+4 ... S+13, then weekly, at prefs.hour; one catch-up for missed ones."""
    out: list[NudgeSpec] = []
    for debt in inp.nudgeable:
        found = overdue_start(debt, inp.today)
        if found is None:
            continue
        since, missed = found
        params = {**_debt_params(debt), "since": since.isoformat(), "missed": "1" if missed else "0"}
        if debt.billing is not None:
            params["amount"] = money(debt.billing.arrears.total)
        elif debt.overdue_amount > 0:
            params["amount"] = money(debt.overdue_amount)
        elif debt.planned is not None and debt.planned > 0:
            params["amount"] = money(debt.planned)
        series = []
        for n in _overdue_days(since, inp.today, inp.horizon_day):
            successor = inp.at(since + timedelta(days=_next_overdue_day(n)), inp.prefs.hour * 60)
            until = inp.local_date(successor) - _ONE_DAY  # superseded by the next one
            series.append(NudgeSpec(
                "overdue", f"debt:{debt.id}", f"overdue:{debt.id}:{since.isoformat()}:{n}",
                inp.at(since + timedelta(days=n), inp.prefs.hour * 60),
                {**params, "days": str(n), "last_day": until.isoformat()},
            ))
        if debt.grace_until is not None:  # an agreed grace period pauses them until it ends
            series = [s for s in series if inp.local_date(s.due_at) > debt.grace_until]
        out += choose(inp, series, catch_up=True)
    return out


@register("checkin")
def weekly_checkin(inp: Inputs) -> list[NudgeSpec]:
    """Weekly on prefs.checkin_weekday at prefs.checkin_hour; a missed one is not sent late."""
    weekday = inp.prefs.checkin_weekday
    if weekday is None or not inp.has_active_debt:
        return []
    first = inp.today - _ONE_DAY  # yesterday's, moved past midnight by quiet hours, may be next
    first += timedelta(days=(weekday - first.weekday()) % 7)
    params = {"debts": str(sum(d.active for d in inp.debts))}
    series = []
    d = first
    while d <= inp.horizon_day + timedelta(days=7):
        at = inp.at(d, inp.prefs.checkin_hour * 60)
        series.append(NudgeSpec("checkin", "user", f"checkin:{d.isoformat()}", at, {
            **params, "date": d.isoformat(), "last_day": inp.local_date(at).isoformat()}))
        d += timedelta(days=7)
    return choose(inp, series, catch_up=False)


@register("review")
def review(inp: Inputs) -> list[NudgeSpec]:
    """The 1st of each month at prefs.hour; a missed one is caught up until the 3rd."""
    if not inp.has_active_debt:
        return []
    params = {"debts": str(sum(d.active for d in inp.debts))}
    series = []
    d = add_months(inp.today.replace(day=1), -1)
    while d <= inp.horizon_day + timedelta(days=31):
        at = inp.at(d, inp.prefs.hour * 60)
        until = inp.local_date(at) + REVIEW_CATCH_UP - _ONE_DAY
        series.append(NudgeSpec("review", "user", f"review:{d:%Y-%m}", at, {
            **params, "month": f"{d:%Y-%m}", "date": d.isoformat(), "last_day": until.isoformat()}))
        d = add_months(d, 1)
    return choose(inp, series, catch_up=True)
