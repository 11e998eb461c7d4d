"""/reminders: what is coming in the next 14 days, and when and which reminders come.

Every choice saves at once and re-plans the user's nudges in the same transaction.
Quiet hours live in /settings, shared with everything else that is sent.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta

from bot.services.base import FeatureService, Refusal
from bot.services.nudges import ALL_KINDS, prefs_of
from bot.services.pages import Page, page_of
from coach.nudges import Claimed, ReminderChoices, ReminderPrefs
from coach.profile import Profile
from coach.timezones import is_quiet
from storage.nudges import NudgeRepository

__all__ = ["CHECKIN_HOURS", "HOURS", "OFFSET_PRESETS", "ReminderService", "Reminders"]

HOURS = (7, 8, 9, 10, 12, 18, 20)
CHECKIN_HOURS = (9, 12, 18, 20, 21)
OFFSET_PRESETS = ("3,1,0", "7,3,1,0", "1,0", "0")
WINDOW = timedelta(days=14)
PER_PAGE = 10
#: At most this many coming reminders are read for the list (it is paged).
MAX_UPCOMING = 500


@dataclass(frozen=True)
class Reminders:
    """/reminders: the choices, and one page of what is coming in the next 14 days.

    ``quiet``: after choosing an hour inside quiet hours, which one (``"hour"`` or
    ``"checkin_hour"``): those reminders go out when quiet hours end."""

    profile: Profile
    prefs: ReminderPrefs
    page: Page[Claimed]
    now: datetime
    quiet: str | None = None

    @property
    def upcoming(self) -> tuple[Claimed, ...]:
        return self.page.items


class ReminderService(FeatureService):
    async def view(self, user_id: int, page: int = 0, quiet: str | None = None,
                   ) -> Reminders | Refusal:
        """The choices and page ``page`` of the next 14 days' reminders."""
        profile = await self.registered(user_id)
        if isinstance(profile, Refusal):
            return profile
        now = self.clock.now()
        async with self.uow() as s:
            repo = NudgeRepository(s)
            choices = await repo.choices(user_id)
            upcoming = await repo.upcoming(user_id, now + WINDOW, limit=MAX_UPCOMING)
        prefs = prefs_of(profile, choices, self.ctx.default_timezone)
        if quiet is not None:
            hour = prefs.hour if quiet == "hour" else prefs.checkin_hour
            if not is_quiet(time(hour), prefs.quiet_start, prefs.quiet_end):
                quiet = None
        return Reminders(profile, prefs, page_of(upcoming, page, PER_PAGE), now, quiet)

    async def choices(self, user_id: int) -> ReminderChoices:
        async with self.uow() as s:
            return await NudgeRepository(s).choices(user_id)

    async def _change(self, user_id: int, **changes: object) -> Reminders | Refusal:
        async with self.uow() as s:
            repo = NudgeRepository(s)
            choices = replace(await repo.choices(user_id), **changes)  # type: ignore[arg-type]
            await repo.save_choices(user_id, choices, self.clock.now())
        await self.changed(user_id)
        hour_set = next((k for k in ("hour", "checkin_hour") if k in changes), None)
        return await self.view(user_id, quiet=hour_set)

    async def set_hour(self, user_id: int, hour: int) -> Reminders | Refusal:
        if not 0 <= hour <= 23:
            return Refusal("expired")
        return await self._change(user_id, hour=hour)

    async def set_offsets(self, user_id: int, preset: str) -> Reminders | Refusal:
        if preset not in OFFSET_PRESETS:
            return Refusal("expired")
        return await self._change(user_id, due_offsets=tuple(int(x) for x in preset.split(",")))

    async def set_checkin_day(self, user_id: int, weekday: int | None) -> Reminders | Refusal:
        """The weekly check-in day (0 Monday ... 6 Sunday), or None to turn it off."""
        if weekday is not None and not 0 <= weekday <= 6:
            return Refusal("expired")
        return await self._change(user_id, checkin_weekday=weekday)

    async def set_checkin_hour(self, user_id: int, hour: int) -> Reminders | Refusal:
        if not 0 <= hour <= 23:
            return Refusal("expired")
        return await self._change(user_id, checkin_hour=hour)

    async def toggle_kind(self, user_id: int, kind: str) -> Reminders | Refusal:
        if kind not in ALL_KINDS:
            return Refusal("expired")
        current = await self.choices(user_id)
        return await self._change(user_id, kinds=frozenset(current.kinds ^ {kind}))
