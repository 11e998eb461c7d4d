"""/calendar: the next 12 months of due dates as an iCalendar file, with alarms.

The service gathers the user's debts with the amount the reminders ask for the next
due date (what /plan pays it this month, net of what was paid; else the cycle's
remaining requirement: bot/services/portfolio.py ``cycle_amounts`` and
:mod:`coach.billing`), and their reminder choices; the handler builds the file
(bot/calendar_ics.py) with the catalog's texts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from bot.services.base import FeatureService, Refusal
from bot.services.nudges import prefs_of
from bot.services.portfolio import compute_plan, cycle_amounts, load
from coach.nudges import ReminderPrefs
from coach.records import Debt
from storage.nudges import NudgeRepository


@dataclass(frozen=True)
class CalendarData:
    """``amounts``: by debt id, what to pay by the next due date (None: nothing asked)."""

    debts: tuple[Debt, ...]
    prefs: ReminderPrefs
    today: date
    now: datetime
    amounts: dict[int, Decimal | None]


@dataclass(frozen=True)
class NoDebts:
    pass


class CalendarService(FeatureService):
    async def data(self, user_id: int) -> CalendarData | NoDebts | Refusal:
        profile = await self.registered(user_id)
        if isinstance(profile, Refusal):
            return profile
        async with self.uow() as s:
            portfolio = await load(s, user_id, self.today, self.ctx.default_timezone)
            choices = await NudgeRepository(s).choices(user_id)
        if portfolio is None or not portfolio.debts:
            return NoDebts()
        planned = cycle_amounts(compute_plan(portfolio, with_agenda=False, with_capacity=False),
                                portfolio)  # fmt: skip
        amounts: dict[int, Decimal | None] = {}
        for debt in portfolio.debts:
            cycle = portfolio.billing[debt.id].cycle
            remaining = cycle.remaining if cycle is not None and cycle.remaining > 0 else None
            amounts[debt.id] = planned.get(debt.id) or remaining
        return CalendarData(portfolio.debts, prefs_of(profile, choices, self.ctx.default_timezone),
                            portfolio.today, self.clock.now(), amounts)  # fmt: skip
