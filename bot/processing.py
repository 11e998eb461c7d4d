"""Update processing: one user in order, different users concurrently, each update once.

PTB warns that plain ``concurrent_updates`` breaks ``ConversationHandler``; a
lock per chat keeps one chat's updates in order while other chats proceed.

Each update is one database transaction (bot/services/__init__.py): the ledger
lookup (by id and fingerprint, bot/ledger.py), the handlers' service steps, the
conversation states and the ledger row commit together; only then are the replies
sent (bot/outbox.py). A redelivered update is skipped and logged at WARNING.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot import outbox
from bot.ledger import update_key

if TYPE_CHECKING:
    from telegram.ext import Application

    from bot.persistence import DbPersistence
    from bot.services import Services

_log = logging.getLogger(__name__)


def _chat_key(update: object) -> int | None:
    if isinstance(update, Update):
        if update.effective_chat is not None:
            return update.effective_chat.id
        if update.effective_user is not None:
            return update.effective_user.id
    return None


class PerChatUpdateProcessor(BaseUpdateProcessor):
    def __init__(
        self, services: Services, persistence: DbPersistence, workers: int = 64,
        max_waiting: int = 4096,
    ) -> None:
        super().__init__(max_waiting)
        self._workers = asyncio.Semaphore(workers)
        self._services = services
        self._persistence = persistence
        self._locks: dict[int | None, asyncio.Lock] = {}
        self._holders: dict[int | None, int] = {}
        self.application: Application[Any, Any, Any, Any, Any, Any] | None = None
        self._done: deque[int] = deque(maxlen=10_000)
        self._done_set: set[int] = set()
        self._cond: asyncio.Condition | None = None

    async def initialize(self) -> None:
        self._cond = asyncio.Condition()

    async def shutdown(self) -> None:
        return None

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Skip an update applied before; else run it in one transaction, then send replies.

        The chat's lock is taken *before* one of the ``workers`` slots, so one chat's burst
        queues on its own lock instead of filling every slot. (PTB's own semaphore, taken
        before this is called, is set high: it only bounds how many updates wait.)
        """
        key = _chat_key(update)
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._holders[key] = self._holders.get(key, 0) + 1
        try:
            async with lock, self._workers:
                await self._process(update, coroutine, key)
        finally:
            self._holders[key] -= 1
            if not self._holders[key]:
                del self._holders[key]
                self._locks.pop(key, None)

    async def _process(self, update: object, coroutine: Awaitable[Any], chat: int | None) -> None:
        if not isinstance(update, Update):
            await coroutine
            return
        try:
            await self._in_transaction(update, coroutine, chat)
        finally:
            await self._mark_done(update.update_id)

    async def _in_transaction(self, update: Update, coroutine: Awaitable[Any], chat: int | None) -> None:
        ukey = update_key(update)
        box: list[outbox.Send] = []
        token = outbox.current.set(box)
        written: dict[Any, Any] = {}
        try:
            async with self._services.uow.transaction() as scope:
                ledger = self._services.ledger
                applied = await ledger.applied_at(ukey)
                if applied is not None:
                    age = self._services.clock.now() - applied
                    _log.warning("update %s was applied %s ago; skipping its redelivery",
                                 ukey.update_id, age)
                    if hasattr(coroutine, "close"):
                        coroutine.close()
                    return
                await coroutine
                if scope.failed:
                    return
                if self.application is not None:
                    await self.application.update_persistence()
                written = await self._persistence.write(scope.session, chat)
                await ledger.record(ukey)
        except Exception:
            self._persistence.restore(written)
            raise
        finally:
            outbox.current.reset(token)
        await outbox.flush(box)

    async def _mark_done(self, update_id: int) -> None:
        if len(self._done) == self._done.maxlen:
            self._done_set.discard(self._done[0])
        self._done.append(update_id)
        self._done_set.add(update_id)
        if self._cond is not None:
            async with self._cond:
                self._cond.notify_all()

    async def wait_processed(self, update_id: int, timeout: float = 10.0) -> None:
        """Wait until an update has been fully processed (used by tests and the console)."""
        assert self._cond is not None, "processor not initialised"
        async with self._cond:
            await asyncio.wait_for(
                self._cond.wait_for(lambda: update_id in self._done_set), timeout
            )
