"""Planning nudges from the data, and what the nudge buttons do.

``replan(user_id)`` runs after every change to a user's debts, payments, budget or
settings (the other services call it after their commit), at startup and every
few hours for everyone (to roll the horizon forward). The policy is pure
(coach.nudges); this service feeds it and writes its result idempotently.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import select

from coach.nudges import DebtFacts, ReminderPrefs, plan_nudges
from coach.timezones import local_now
from storage.debts import DebtRepository, PaymentRepository
from storage.models import Debt, Nudge, Payment, ReminderSettings, User
from storage.nudges import NudgeRepository, PlannedNudge
from storage.repositories import UserRepository

if TYPE_CHECKING:
    from bot.services import UnitOfWork
    from bot.services.plans import PlanService

ALL_KINDS = ("due", "overdue", "checkin", "review")
_PAYMENTS = Payment.__table__  # type: ignore[attr-defined]
_USERS = User.__table__  # type: ignore[attr-defined]
DEFAULT_OFFSETS = "3,1,0"


def prefs_for(user: User, settings: ReminderSettings | None, default_tz: str) -> ReminderPrefs:
    s = settings
    offsets = tuple(int(x) for x in (s.due_offsets if s else DEFAULT_OFFSETS).split(",") if x.strip())
    kinds = frozenset((s.kinds if s else ",".join(ALL_KINDS)).split(",")) - {""}
    return ReminderPrefs(
        tz=user.timezone or default_tz,
        hour=s.hour if s else 9,
        quiet_start=user.quiet_start,
        quiet_end=user.quiet_end,
        due_offsets=offsets,
        checkin_weekday=s.checkin_weekday if s else 6,
        checkin_hour=s.checkin_hour if s else 20,
        kinds=kinds,
    )


@dataclass(frozen=True)
class ReminderView:
    prefs: ReminderPrefs
    settings: ReminderSettings | None
    upcoming: list[Nudge]


def _cycle_paid(debt: Debt, payments: list[tuple[date, Decimal]], today: date) -> Decimal:
    """What was paid toward the coming due date: since the previous due date."""
    from bot.services.debts import next_due
    from coach.parsing import prev_due_date

    due = next_due(debt, today)
    if due is None:
        return Decimal(0)
    start = prev_due_date(debt.due_day, due - timedelta(days=1)) if debt.due_day else due - timedelta(days=31)
    return sum((a for on, a in payments if start < on <= today), Decimal(0))


class NudgeService:
    def __init__(self, uow: UnitOfWork, default_timezone: str, plans: PlanService) -> None:
        self.uow = uow
        self.default_timezone = default_timezone
        self.plans = plans

    async def _planned_amounts(self, user: User) -> dict[int, Decimal]:
        """This cycle's amount per debt, from the plan when there is a budget."""
        try:
            view = await self.plans.view(user, with_agenda=False)
        except Exception:  # a plan that can't be computed must not stop reminders
            return {}
        if view is None or not view.plan.schedule:
            return {}
        return {int(dm.debt_id): dm.payment for dm in view.plan.schedule[0].debts}

    async def replan(self, user_id: int) -> int:
        """Re-plan one user's nudges. Returns how many are planned.

        Inside an update this runs in the update's transaction; the periodic re-plan runs
        in its own. Either way it first locks the user (``UserRepository.lock``), so an
        older plan can't be written after a newer one, in this process or another.
        """
        now = self.uow.clock.now()
        async with self.uow() as s:
            await UserRepository(s).lock(user_id)
            user = await s.get(User, user_id)
            if user is None or not user.onboarded:
                return 0
            repo = NudgeRepository(s)
            settings = await repo.settings(user_id)
            debts = await DebtRepository(s).list(user_id)
            since = now.date() - timedelta(days=70)
            pay = _PAYMENTS.c
            rows = await s.execute(
                select(pay.debt_id, pay.paid_on, pay.amount)
                .where(pay.user_id == user_id, pay.paid_on >= since)
            )
            paid: dict[int, list[date]] = {}
            paid_amounts: dict[int, list[tuple[date, Decimal]]] = {}
            for debt_id, paid_on, amount in rows.all():
                paid.setdefault(debt_id, []).append(paid_on)
                paid_amounts.setdefault(debt_id, []).append((paid_on, amount))
        from bot.services.debts import minimum_due

        local_today = local_now(now, user.timezone or self.default_timezone).date()
        paid_this_cycle = any(
            _cycle_paid(d, paid_amounts.get(d.id or 0, []), local_today) > 0 for d in debts
        )
        # The plan's amounts, as /plan shows them, until something is paid this cycle: the
        # plan re-spreads the month's money from today's balances and would ask again for
        # what was just paid. Then each debt's minimum, less what was paid toward it.
        planned = {} if paid_this_cycle else await self._planned_amounts(user)

        tz = user.timezone or self.default_timezone
        facts = [
            DebtFacts(
                id=d.id or 0, name=d.lender, balance=d.balance, due_day=d.due_day,
                next_due=None if d.due_day else d.next_due, overdue_since=d.overdue_since,
                overdue_amount=d.overdue_amount, active=d.status == "active", muted=d.muted,
                payments=tuple(sorted(paid.get(d.id or 0, []))),
                planned=planned.get(d.id or 0, minimum_due(d)), auto_debit=d.auto_debit,
                tracked_since=local_now(d.created_at, tz).date(),
                cycle_paid=_cycle_paid(d, paid_amounts.get(d.id or 0, []), local_now(now, tz).date()),
            )
            for d in debts
        ]
        prefs = prefs_for(user, settings, self.default_timezone)
        # No reminders for a user who blocked the bot or withdrew consent (PIPL: stop processing).
        specs = plan_nudges(facts, prefs, now) if user.active and user.consent else []
        async with self.uow() as s:
            await NudgeRepository(s).plan(
                user_id,
                [PlannedNudge(x.kind, x.subject, x.key, x.due_at, x.params) for x in specs],
                now,
            )
        return len(specs)

    async def replan_all(self, page: int = 500) -> int:
        """Re-plan every active user, a page at a time (memory doesn't grow with users)."""
        last, total = -(2**63), 0
        while True:
            async with self.uow() as s:
                u = _USERS.c
                ids = list((await s.execute(
                    select(u.id).where(u.id > last, u.onboarded.is_(True), u.active.is_(True))
                    .order_by(u.id).limit(page)
                )).scalars())
            for uid in ids:
                async with self.uow.transaction():  # one user, one transaction
                    total += await self.replan(uid)
            if len(ids) < page:
                return total
            last = ids[-1]

    async def reminders(self, user: User, days: int = 14) -> ReminderView:
        async with self.uow() as s:
            repo = NudgeRepository(s)
            settings = await repo.settings(user.id)
            upcoming = await repo.upcoming(user.id, self.uow.clock.now() + timedelta(days=days))
        return ReminderView(prefs_for(user, settings, self.default_timezone), settings, upcoming)

    async def update_settings(self, user_id: int, update_id: int, **fields: object) -> None:
        async with self.uow(update_id) as s:
            repo = NudgeRepository(s)
            settings = await repo.settings(user_id) or ReminderSettings(
                user_id=user_id, updated_at=self.uow.clock.now()
            )
            for key, value in fields.items():
                if key not in ("hour", "due_offsets", "checkin_weekday", "checkin_hour", "kinds"):
                    raise TypeError(f"not a reminder setting: {key}")
                setattr(settings, key, value)
            settings.updated_at = self.uow.clock.now()
            await repo.put_settings(settings)
        await self.replan(user_id)

    async def nudge(self, user_id: int, nudge_id: int) -> Nudge | None:
        async with self.uow() as s:
            return await NudgeRepository(s).get(user_id, nudge_id)

    async def snooze(
        self, user: User, nudge_id: int, for_a_day: bool, update_id: int
    ) -> datetime | None:
        """Send it again in an hour, or tomorrow at the reminder hour (never in quiet hours).

        Returns the new time in the user's zone, or None when the nudge isn't theirs.
        """
        from coach.nudges import local_moment, next_allowed
        from coach.timezones import zone

        now = self.uow.clock.now()
        async with self.uow(update_id) as s:
            repo = NudgeRepository(s)
            nudge = await repo.get(user.id, nudge_id)
            if nudge is None:
                return None
            prefs = prefs_for(user, await repo.settings(user.id), self.default_timezone)
            if for_a_day:
                tomorrow = local_now(now, prefs.tz).date() + timedelta(days=1)
                until = local_moment(tomorrow, prefs.hour * 60, prefs.tz)
            else:
                until = now + timedelta(hours=1)
            until = next_allowed(until, prefs)
            await repo.snooze(nudge, until)
        return until.astimezone(zone(prefs.tz))

    async def answer(self, user_id: int, nudge_id: int, answer: str, update_id: int) -> bool:
        """Keep a check-in answer on its nudge (the week's optional spending vs the budget)."""
        import json

        async with self.uow(update_id) as s:
            nudge = await NudgeRepository(s).get(user_id, nudge_id)
            if nudge is None:
                return False
            params = json.loads(nudge.params or "{}")
            params["answer"] = answer
            nudge.params = json.dumps(params, ensure_ascii=False, sort_keys=True)
            s.add(nudge)
            return True

    async def review_facts(self, user: User, month: str) -> dict[str, str]:
        """The monthly review: this month's actions, and progress since last month.

        The total owed is kept per month when the review goes out; ``streak`` counts the
        months in a row, up to this one, in which the total went down.
        """
        import json

        from coach.parsing import add_months
        from storage.models import BalanceSnapshot

        async with self.uow() as s:
            debts = await DebtRepository(s).list(user.id)
            total = sum((d.balance for d in debts), Decimal(0))
            if await s.get(BalanceSnapshot, (user.id, month)) is None:
                s.add(BalanceSnapshot(user_id=user.id, month=month, total=total,
                                      created_at=self.uow.clock.now()))
            rows = await s.execute(select(BalanceSnapshot).where(BalanceSnapshot.user_id == user.id))  # type: ignore[arg-type]
            by_month = {r.month: r.total for r in rows.scalars()}
            by_month[month] = by_month.get(month, total)
        facts: dict[str, str] = {"total": str(by_month[month])}
        first = datetime.strptime(month + "-01", "%Y-%m-%d").date()
        prev = f"{add_months(first, -1):%Y-%m}"
        if prev in by_month:
            facts["change"] = str(by_month[month] - by_month[prev])
            streak, cur = 0, first
            while True:
                a, b = f"{cur:%Y-%m}", f"{add_months(cur, -1):%Y-%m}"
                if a in by_month and b in by_month and by_month[a] < by_month[b]:
                    streak, cur = streak + 1, add_months(cur, -1)
                else:
                    break
            facts["streak"] = str(streak)
        from bot.services.debts import minimum_due

        planned = await self._planned_amounts(user) or {
            d.id or 0: minimum_due(d) or Decimal(0) for d in debts
        }
        names = {d.id: d.lender for d in debts}
        actions = [[names[i], str(a)] for i, a in planned.items() if a > 0 and i in names][:3]
        facts["actions"] = json.dumps(actions, ensure_ascii=False)
        return facts

    async def pause(self, user_id: int) -> None:
        async with self.uow() as s:
            await NudgeRepository(s).pause_user(user_id)

    async def resume(self, user_id: int) -> None:
        async with self.uow() as s:
            await NudgeRepository(s).resume_user(user_id)
        await self.replan(user_id)

    async def mute_debt(self, user_id: int, debt_id: int, muted: bool, update_id: int) -> bool:
        async with self.uow(update_id) as s:
            debt = await DebtRepository(s).get(user_id, debt_id)
            if debt is None:
                return False
            debt.muted = muted
            s.add(debt)
        await self.replan(user_id)
        return True


__all__ = ["ALL_KINDS", "NudgeService", "PaymentRepository", "ReminderView", "prefs_for"]
