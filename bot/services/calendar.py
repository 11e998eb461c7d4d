"""/calendar: the next 12 months of due dates as an iCalendar file, with alarms.

The service gathers the user's debts (with this cycle's amount, the same
``MinimumRule.due`` as every screen) and their reminder choices; the handler builds
the file (bot/calendar_ics.py) with the catalog's texts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.services.base import FeatureService, Refusal
from bot.services.nudges import prefs_of
from coach.nudges import ReminderPrefs
from coach.records import Debt
from storage.debts import DebtRepository
from storage.nudges import NudgeRepository


@dataclass(frozen=True)
class CalendarData:
    debts: tuple[Debt, ...]
    prefs: ReminderPrefs
    today: date
    now: datetime


@dataclass(frozen=True)
class NoDebts:
    pass


class CalendarService(FeatureService):
    async def data(self, user_id: int) -> CalendarData | NoDebts | Refusal:
        profile = await self.registered(user_id)
        if isinstance(profile, Refusal):
            return profile
        async with self.uow() as s:
            debts = tuple(await DebtRepository(s).list(user_id))
            choices = await NudgeRepository(s).choices(user_id)
        if not debts:
            return NoDebts()
        return CalendarData(debts, prefs_of(profile, choices, self.ctx.default_timezone),
                            self.today(profile), self.clock.now())
