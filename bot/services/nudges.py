"""Nudges: planning them from the data, and what their buttons do.

:class:`NudgePlanner` re-plans one user's nudges after every change to their debts,
payments, budget or settings (the feature services call it through their context, in
the same transaction), and everyone's every few hours to roll the horizon forward. The
policy is pure (coach.nudges); this feeds it and writes its result idempotently.

:class:`NudgeService` is the /nudges feature: the buttons on a sent reminder (snooze,
mute, can't pay, the weekly check-in). ✅ Paid is a payment (bot/services/payments.py).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from bot.services.base import Context, FeatureService, Refusal
from bot.services.contact_effects import ContactFacts, contact_facts
from bot.services.portfolio import PlanView, Portfolio, compute_plan, cycle_amounts, load
from bot.services.uow import UnitOfWork
from coach.agenda import LenderAsks
from coach.nudges import (
    Claimed,
    DebtFacts,
    ReminderChoices,
    ReminderPrefs,
    local_moment,
    next_allowed,
    nudge_amount,
    one_off_at,
)
from coach.nudges import plan_nudges as plan_specs
from coach.nudges.contact_log import CONTACT_KINDS
from coach.parsing import add_months
from coach.profile import Profile
from coach.records import Debt
from coach.timezones import local_now, zone
from storage.debts import DebtRepository
from storage.models import User
from storage.nudges import NudgeRepository, PlannedNudge, SnapshotRepository
from storage.repositories import UserRepository

__all__ = ["ALL_KINDS", "CantPayView", "NudgePlanner", "NudgeService", "debt_facts", "prefs_of"]

ALL_KINDS = ("due", "overdue", "checkin", "review")
_USERS = User.__table__  # type: ignore[attr-defined]
def prefs_of(profile: Profile, choices: ReminderChoices, default_tz: str) -> ReminderPrefs:
    """Everything that decides when a user's reminders go out."""
    return choices.prefs(profile.zone_name(default_tz), profile.quiet_start, profile.quiet_end)


def debt_facts(
    portfolio: Portfolio, planned: Mapping[int, Decimal | None], now: datetime,
    log: Mapping[int, ContactFacts] | None = None,
) -> list[DebtFacts]:
    """What the nudge policies read of each debt: its billing state (arrears, this cycle,
    what was paid), ``planned``, what /plan asks by the next due date net of what was
    paid toward it (bot/services/portfolio.py ``cycle_amounts``), and from the contact log
    its follow-up dates, promises to pay and an agreed grace period."""
    facts = []
    for d in portfolio.debts:
        state = portfolio.billing[d.id]
        contacts = (log or {}).get(d.id, ContactFacts())
        facts.append(DebtFacts(
            id=d.id, name=d.lender, balance=d.balance, due_day=d.due_day,
            next_due=None if d.due_day else d.next_due,
            overdue_since=state.arrears.since, overdue_amount=state.arrears.total,
            active=d.active, muted=d.muted,
            payments=tuple(sorted(p.paid_on for p in portfolio.payments.get(d.id, ()))),
            planned=planned.get(d.id), auto_debit=d.auto_debit,
            tracked_since=local_now(d.created_at or now, portfolio.tz).date(), billing=state,
            follow_ups=contacts.follow_ups, promises=contacts.promises,
            grace_until=contacts.grace_until,
        ))  # fmt: skip
    return facts


def _month_one(view: PlanView | None) -> dict[int, Decimal]:
    """What the story pays each debt this month (the monthly review's actions)."""
    row = view.story.plan.month_one if view is not None else None
    if row is None:
        return {}
    return {int(dm.debt_id): dm.payment for dm in row.debts}


class NudgePlanner:
    """Plans nudges from the data. Built once; runs in the caller's transaction."""

    def __init__(self, uow: UnitOfWork, default_timezone: str) -> None:
        self.uow = uow
        self.default_timezone = default_timezone

    def _today(self, profile: Profile) -> date:
        return profile.today(self.uow.clock.now(), self.default_timezone)

    async def replan(self, user_id: int) -> int:
        """Re-plan one user's nudges. Returns how many are planned.

        Inside an update this runs in the update's transaction; the periodic re-plan runs
        in its own. Either way it first locks the user (``UserRepository.lock``), so an
        older plan can't be written after a newer one, in this process or another.
        """
        now = self.uow.clock.now()
        async with self.uow() as s:
            await UserRepository(s).lock(user_id)
            portfolio = await load(s, user_id, self._today, self.default_timezone)
            if portfolio is None or not portfolio.profile.onboarded:
                return 0
            profile = portfolio.profile
            choices = await NudgeRepository(s).choices(user_id)
            # What /plan asks by each due date, net of what was paid toward it; arrears,
            # the cycle and what was paid come from each debt's billing state.
            log = await contact_facts(s, user_id)  # follow-ups, promises, grace (/log)
            facts = debt_facts(portfolio, cycle_amounts(self._plan(portfolio), portfolio), now, log)
            prefs = prefs_of(profile, choices, self.default_timezone)
            # The contact log's reminders are appointments the user set: always on.
            prefs = replace(prefs, kinds=prefs.kinds | CONTACT_KINDS)
            # No reminders for a user who blocked the bot or withdrew consent (PIPL art. 47).
            specs = plan_specs(facts, prefs, now) if profile.active and profile.consent else []
            # A one-off reminder the user asked for lives as long as its debt (and consent).
            live = [f"debt:{d.id}" for d in portfolio.debts] if profile.consent else []
            repo = NudgeRepository(s)
            await repo.plan(
                user_id,
                [PlannedNudge(x.kind, x.subject, x.key, x.due_at, x.params) for x in specs],
                now, subjects=live,
            )
            # A reminder the user asked for follows their prefs: a new zone or quiet hours
            # move it to that day's reminder hour there, out of quiet hours.
            for one in await repo.one_offs(user_id):
                day = one.params.get("date")
                at = one_off_at(date.fromisoformat(day), prefs, now) if day else one.due_at
                if at != one.due_at:
                    await repo.move(user_id, one.id, at)
        return len(specs)

    @staticmethod
    def _plan(portfolio: Portfolio) -> PlanView | None:
        try:
            return compute_plan(portfolio, with_agenda=False, with_capacity=False)
        except Exception:  # a plan that can't be computed must not stop reminders
            return None

    async def replan_all(self, page: int = 500) -> int:
        """Re-plan every active user, one transaction each, a page of ids at a time."""
        last, total = -(2**63), 0
        while True:
            async with self.uow() as s:
                u = _USERS.c
                ids = list((await s.execute(
                    select(u.id).where(u.id > last, u.onboarded.is_(True), u.active.is_(True))
                    .order_by(u.id).limit(page)
                )).scalars())
            for uid in ids:
                async with self.uow.transaction():
                    total += await self.replan(uid)
            if len(ids) < page:
                return total
            last = ids[-1]

    async def pause(self, user_id: int) -> None:
        """The user blocked the bot: hold their pending nudges."""
        async with self.uow() as s:
            await NudgeRepository(s).pause_user(user_id)

    async def resume(self, user_id: int) -> None:
        async with self.uow() as s:
            await NudgeRepository(s).resume_user(user_id)
        await self.replan(user_id)

    async def review_facts(self, user_id: int, month: str) -> dict[str, str]:
        """The monthly review: this month's actions, and progress since last month.

        The total owed is kept per month when the review goes out; ``streak`` counts the
        months in a row, up to this one, in which the total went down.
        """
        async with self.uow() as s:
            portfolio = await load(s, user_id, self._today, self.default_timezone)
            if portfolio is None:
                return {}
            total = sum((d.balance for d in portfolio.debts), Decimal(0))
            by_month = await SnapshotRepository(s).keep(user_id, month, total,
                                                        self.uow.clock.now())
        facts: dict[str, str] = {"total": str(by_month.get(month, total))}
        first = datetime.strptime(month + "-01", "%Y-%m-%d").date()
        prev = f"{add_months(first, -1):%Y-%m}"
        if prev in by_month:
            facts["change"] = str(by_month.get(month, total) - by_month[prev])
            streak, cur = 0, first
            while True:
                a, b = f"{cur:%Y-%m}", f"{add_months(cur, -1):%Y-%m}"
                if a in by_month and b in by_month and by_month[a] < by_month[b]:
                    streak, cur = streak + 1, add_months(cur, -1)
                else:
                    break
            facts["streak"] = str(streak)
        planned = _month_one(self._plan(portfolio)) or {
            d.id: (c.remaining if (c := portfolio.billing[d.id].cycle) else Decimal(0))
            for d in portfolio.debts
        }
        names = {d.id: d.lender for d in portfolio.debts}
        actions = [[names[i], str(a)] for i, a in planned.items() if a > 0 and i in names][:3]
        facts["actions"] = json.dumps(actions, ensure_ascii=False)
        return facts


@dataclass(frozen=True)
class CantPayView:
    """🤝 Can't pay: this lender's asks from the story's agenda, or the generic ask."""

    lender: str
    debt_id: int
    amount: Decimal | None
    view: PlanView | None
    asks: LenderAsks | None


class NudgeService(FeatureService):
    """The buttons on a sent reminder. Each names a nudge; only its owner finds it."""

    def __init__(self, ctx: Context, planner: NudgePlanner) -> None:
        super().__init__(ctx)
        self.planner = planner

    async def nudge(self, user_id: int, nudge_id: int) -> Claimed | Refusal:
        async with self.uow() as s:
            found = await NudgeRepository(s).get(user_id, nudge_id)
        return found if found is not None else Refusal("gone")

    async def snooze(self, user_id: int, nudge_id: int, for_a_day: bool) -> datetime | Refusal:
        """Send it again in an hour, or tomorrow at the reminder hour (never in quiet hours).

        Returns the new time in the user's zone.
        """
        now = self.uow.clock.now()
        async with self.uow() as s:
            profile = await UserRepository(s).profile(user_id)
            repo = NudgeRepository(s)
            if profile is None or await repo.get(user_id, nudge_id) is None:
                return Refusal("gone")
            prefs = prefs_of(profile, await repo.choices(user_id), self.ctx.default_timezone)
            if for_a_day:
                tomorrow = local_now(now, prefs.tz).date() + timedelta(days=1)
                until = local_moment(tomorrow, prefs.hour * 60, prefs.tz)
            else:
                until = now + timedelta(hours=1)
            until = next_allowed(until, prefs)
            await repo.snooze(user_id, nudge_id, until)
        return until.astimezone(zone(prefs.tz))

    async def answer_checkin(self, user_id: int, nudge_id: int, answer: str) -> bool:
        """Keep a check-in answer (``less | same | more`` optional spending than planned)."""
        if answer not in ("less", "same", "more"):
            return False
        async with self.uow() as s:
            return await NudgeRepository(s).set_param(user_id, nudge_id, "answer", answer)

    async def mute(self, user_id: int, debt_id: int, muted: bool) -> Debt | Refusal:
        """Stop (or restart) a debt's reminders."""
        async with self.uow() as s:
            debt = await DebtRepository(s).update(user_id, debt_id, self.uow.clock.now(),
                                                  muted=muted)
        if debt is None:
            return Refusal("not_found")
        await self.changed(user_id)
        return debt

    async def cant_pay(self, user_id: int, nudge_id: int) -> CantPayView | Refusal:
        """What to say to the lender of this reminder, from the plan's agenda."""
        async with self.uow() as s:
            nudge = await NudgeRepository(s).get(user_id, nudge_id)
            portfolio = await load(s, user_id, self.today, self.ctx.default_timezone)
        if nudge is None or portfolio is None:
            return Refusal("gone")
        debt_id = int(nudge.params.get("debt_id", 0) or 0)
        view = compute_plan(portfolio, with_capacity=False)
        amount = nudge_amount(nudge.params)
        agenda = view.story.agenda if view is not None else None
        mine = next((a for a in agenda.lenders if a.debt_id == debt_id), None) if agenda else None
        return CantPayView(nudge.params.get("name", ""), debt_id, amount, view, mine)
