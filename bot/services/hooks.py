"""Services that change a user's data tell whoever listens (the nudge planner)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

AfterChange = Callable[[int], Awaitable[None]]


class NotifiesChanges:
    """Calls ``after_change(user_id)`` after a committed change, when one was given."""

    _after: AfterChange | None = None

    async def _changed(self, user_id: int) -> None:
        if self._after is not None:
            await self._after(user_id)
