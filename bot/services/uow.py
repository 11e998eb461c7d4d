"""The unit of work: one transaction per update (or per background job step).

The update processor (bot/processing.py) opens one transaction for each Telegram
update (:meth:`UnitOfWork.transaction`): the ledger lookup, every read and write of
the service steps the handlers call, the re-planning of the user's nudges, the
conversation state and the ledger row all happen in it, and it commits once. A
redelivered update finds its ledger row and is skipped whole; an update that fails
rolls back whole. Outside a transaction (the nudge tick, expiry) each ``uow()`` block
is its own transaction.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.clock import Clock


@dataclass
class UpdateScope:
    """The transaction of the update being processed, owned by the task processing it.

    Context variables are copied into tasks and timer callbacks created while the update
    runs (PTB schedules a conversation's timeout job then, and APScheduler's wake-up timer
    keeps that context): a job must not find the update's session there. So a scope
    counts only in the task that opened it.
    """

    session: AsyncSession
    task: asyncio.Task[Any] | None = None
    failed: bool = False


class UnitOfWork:
    """Where services get their session: the update's, or (outside one) their own."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._factory = session_factory
        self.clock = clock
        self._scope: ContextVar[UpdateScope | None] = ContextVar("update_scope", default=None)

    @property
    def session_factory(self) -> async_sessionmaker[AsyncSession]:
        return self._factory

    @asynccontextmanager
    async def __call__(self, update_id: int | None = None) -> AsyncIterator[AsyncSession]:
        """A session for one service step.

        Inside an update this is the update's session: the step's writes are flushed and
        committed by the update processor, together with everything else of the update.
        Outside one (background jobs) the session is new and committed at the end.
        ``update_id`` is accepted for older callers and not used: the processor records it.
        """
        scope = self._current()
        if scope is not None:
            yield scope.session
            await scope.session.flush()
            return
        async with self._factory() as session:
            yield session
            await session.commit()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[UpdateScope]:
        """One transaction for everything in the block: one Telegram update (the update
        processor), or one user's re-plan (a background job). Commits at the end unless
        it failed.

        An exception out of the block, or :meth:`fail` called during it (the error
        handler does), rolls everything back. Inside a transaction already, the block
        simply joins it.
        """
        current = self._current()
        if current is not None:
            yield current
            return
        async with self._factory() as session:
            scope = UpdateScope(session, asyncio.current_task())
            token = self._scope.set(scope)
            try:
                yield scope
            finally:
                self._scope.reset(token)
            if scope.failed:
                await session.rollback()
            else:
                await session.commit()

    def _current(self) -> UpdateScope | None:
        scope = self._scope.get()
        if scope is None or scope.task is not asyncio.current_task():
            return None
        return scope

    def fail(self) -> None:
        """Mark the current update failed: none of its writes will be committed."""
        scope = self._current()
        if scope is not None:
            scope.failed = True
