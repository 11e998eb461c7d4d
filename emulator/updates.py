"""The update queue behind ``getUpdates``, with Telegram's confirmation semantics.

Telegram keeps every update until the bot *confirms* it: a ``getUpdates`` call with
``offset=N`` forgets all updates with ``update_id < N`` (a negative offset ``-k`` keeps only the
last ``k``).  Unconfirmed updates are returned again by the next call, which is how a bot killed
between two polls receives them again after a restart.

Long polling: a call returns at once when something is pending, otherwise it waits up to
``timeout`` seconds for an update to arrive (woken by a :class:`Signal`, no busy loop).
Calls are numbered as they begin (:attr:`UpdateQueue.polls_begun`); while one waits with
nothing to deliver, :attr:`UpdateQueue.waiting_poll` is its number, which is how a test
knows a bot is up and idle without waiting for a long poll to time out.

Only one ``getUpdates`` may be in progress per bot: when a second one arrives, Telegram answers
the *older, still waiting* one with 409 "Conflict: terminated by other getUpdates request; make
sure that only one bot instance is running" and serves the new one.  The emulator does the
same.  A poll whose client has disconnected (PTB cancels its long poll on ``Updater.stop()``)
is cancelled by the server and does not count.

``allowed_updates`` persists between calls, as on Telegram; updates of other types are dropped
when they would be delivered.  By default ``chat_member``, ``message_reaction`` and
``message_reaction_count`` are not delivered.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["PollConflict", "Signal", "UpdateQueue", "update_type"]

_DEFAULT_EXCLUDED = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
CONFLICT_DESCRIPTION = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance "
    "is running"
)


class Signal:
    """Wake every coroutine currently waiting; safe to ``notify()`` from sync code."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, timeout: float | None) -> bool:
        """Wait for the next :meth:`notify`; False on timeout."""
        event = self._event
        try:
            async with asyncio.timeout(timeout):
                await event.wait()
        except TimeoutError:
            return False
        return True


class PollConflict(Exception):
    """This getUpdates was terminated by a newer one (HTTP 409)."""


def update_type(update: dict[str, Any]) -> str:
    """``"message"``, ``"callback_query"``, ... (the update's only non-id key)."""
    return next((key for key in update if key != "update_id"), "unknown")


@dataclass
class _Poll:
    number: int  # the how-manieth getUpdates call this is (1 for the first)
    terminated: bool = False
    waiting: bool = False  # nothing to deliver: waiting for an update or the timeout


@dataclass
class _Forced:
    update: dict[str, Any]
    delivered: bool = False


class UpdateQueue:
    """Pending updates of one bot, and the long-polling logic of ``getUpdates``."""

    def __init__(
        self, first_update_id: int = 1, on_change: Callable[[], None] | None = None
    ) -> None:
        self._on_change = on_change or (lambda: None)
        self._pending: list[dict[str, Any]] = []
        self._forced: list[_Forced] = []
        self._history: dict[int, dict[str, Any]] = {}
        self._next_id = first_update_id
        self._allowed: frozenset[str] | None = None
        self._active: _Poll | None = None
        self._signal = Signal()
        self.polls_begun = 0
        self._closing = False
        self.confirmed_offset = 0

    def set_closing(self, closing: bool) -> None:
        """While closing (server shutdown), waiting polls return at once."""
        self._closing = closing
        self._signal.notify()

    # -- producer side --------------------------------------------------------------------

    def push(self, update: dict[str, Any]) -> int:
        """Queue an update, assigning ``update_id`` if missing; returns the id."""
        update = dict(update)
        if "update_id" not in update:
            update["update_id"] = self._next_id
        update_id = int(update["update_id"])
        self._next_id = max(self._next_id, update_id + 1)
        self._history[update_id] = copy.deepcopy(update)
        self._pending.append(update)
        self._pending.sort(key=lambda u: int(u["update_id"]))
        self._signal.notify()
        return update_id

    def redeliver(self, update_id: int) -> None:
        """Deliver a copy of an earlier update (same id) again, ignoring confirmations.

        This is what a bot sees after it crashed before confirming an update and restarted;
        the copy stays until a later ``getUpdates`` confirms past it.
        """
        if update_id not in self._history:
            raise KeyError(f"no update with update_id {update_id} was ever queued")
        self._forced.append(_Forced(copy.deepcopy(self._history[update_id])))
        self._signal.notify()

    def drop_all(self) -> None:
        """``deleteWebhook(drop_pending_updates=True)``."""
        self._pending.clear()
        self._forced.clear()

    @property
    def polling(self) -> bool:
        """True while a getUpdates call waits with nothing to deliver (the bot is idle)."""
        return self.waiting_poll is not None

    @property
    def waiting_poll(self) -> int | None:
        """The number of the getUpdates call waiting with nothing to deliver, else None.

        Calls are numbered from 1 as they begin (see :attr:`polls_begun`). A call that
        returned updates at once never waits.
        """
        poll = self._active
        return poll.number if poll is not None and poll.waiting else None

    @property
    def pending(self) -> int:
        """Updates queued and not yet confirmed."""
        return len(self._pending) + len(self._forced)

    def history(self, update_id: int) -> dict[str, Any]:
        return copy.deepcopy(self._history[update_id])

    # -- consumer side --------------------------------------------------------------------

    def _confirm(self, offset: int) -> None:
        if offset < 0:
            keep = -offset
            self._pending = self._pending[-keep:] if keep else []
            self._forced.clear()
            return
        if offset == 0:
            return
        self.confirmed_offset = max(self.confirmed_offset, offset)
        self._pending = [u for u in self._pending if int(u["update_id"]) >= offset]
        self._forced = [
            f for f in self._forced if not (f.delivered and int(f.update["update_id"]) < offset)
        ]

    def _is_allowed(self, update: dict[str, Any]) -> bool:
        kind = update_type(update)
        if self._allowed is None:
            return kind not in _DEFAULT_EXCLUDED
        return kind in self._allowed

    def _take(self, limit: int) -> list[dict[str, Any]]:
        self._pending = [u for u in self._pending if self._is_allowed(u)]
        self._forced = [f for f in self._forced if self._is_allowed(f.update)]
        batch: list[dict[str, Any]] = []
        for forced in self._forced[:limit]:
            forced.delivered = True
            batch.append(copy.deepcopy(forced.update))
        batch.extend(copy.deepcopy(u) for u in self._pending[: limit - len(batch)])
        return batch

    async def get_updates(
        self,
        offset: int = 0,
        limit: int = 100,
        timeout: float = 0,
        allowed_updates: Sequence[str] | None = None,
    ) -> list[dict[str, Any]]:
        """The ``getUpdates`` method; raises :class:`PollConflict` if superseded."""
        if allowed_updates is not None:
            self._allowed = frozenset(allowed_updates) or None
        self._confirm(offset)
        limit = min(max(limit, 1), 100)
        if self._active is not None:
            self._active.terminated = True
        self.polls_begun += 1
        poll = _Poll(self.polls_begun)
        self._active = poll
        self._signal.notify()
        self._on_change()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(timeout, 0)
        try:
            while True:
                if poll.terminated:
                    raise PollConflict(CONFLICT_DESCRIPTION)
                batch = self._take(limit)
                remaining = deadline - loop.time()
                if batch or remaining <= 0 or self._closing:
                    return batch
                if not poll.waiting:
                    poll.waiting = True
                    self._on_change()
                await self._signal.wait(remaining)
        finally:
            if self._active is poll:
                self._active = None
                self._on_change()
