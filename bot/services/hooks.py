"""Services that change a user's data tell whoever listens (the nudge planner)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.services import UnitOfWork

AfterChange = Callable[[int], Awaitable[None]]


class NotifiesChanges:
    """Calls ``after_change(user_id)`` after a committed change, when one was given."""

    _after: AfterChange | None = None

    async def _changed(self, user_id: int) -> None:
        if self._after is not None:
            await self._after(user_id)


class ZonedService(NotifiesChanges):
    """A service over one unit of work that knows the default time zone."""

    def __init__(
        self, uow: UnitOfWork, default_timezone: str, after_change: AfterChange | None = None
    ) -> None:
        self.uow = uow
        self.default_timezone = default_timezone
        self._after = after_change
