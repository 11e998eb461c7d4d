"""Application services: one use case per method, one transaction per update.

The update processor (bot/processing.py) opens one transaction for each Telegram
update (:meth:`UnitOfWork.update`): the ledger lookup, every read and write of the
service steps the handlers call, the re-planning of the user's nudges, the
conversation state and the ledger row all happen in it, and it commits once. A
redelivered update finds its ledger row and is skipped whole; an update that fails
rolls back whole. Outside an update (the nudge tick, the periodic re-plan, expiry)
each unit of work is its own transaction.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from coach.clock import Clock


@dataclass
class UpdateScope:
    """The transaction of the update being processed."""

    session: AsyncSession
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
        scope = self._scope.get()
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
        current = self._scope.get()
        if current is not None:
            yield current
            return
        async with self._factory() as session:
            scope = UpdateScope(session)
            token = self._scope.set(scope)
            try:
                yield scope
            finally:
                self._scope.reset(token)
            if scope.failed:
                await session.rollback()
            else:
                await session.commit()

    def fail(self) -> None:
        """Mark the current update failed: none of its writes will be committed."""
        scope = self._scope.get()
        if scope is not None:
            scope.failed = True


@dataclass
class Services:
    """Everything the handlers may call, built once in ``build_application``."""

    engine: AsyncEngine
    uow: UnitOfWork
    clock: Clock
    default_timezone: str

    async def replan(self, user_id: int) -> None:
        """Re-plan a user's nudges after a change (see bot/services/nudges.py)."""
        await self.nudges.replan(user_id)

    @property
    def users(self) -> UserService:
        return UserService(self.uow, self.default_timezone, after_change=self.replan)

    @property
    def ledger(self) -> LedgerService:
        return LedgerService(self.uow)

    @property
    def drafts(self) -> DraftService:
        return DraftService(self.uow)

    @property
    def debts(self) -> DebtService:
        return DebtService(self.uow, self.default_timezone, after_change=self.replan)

    @property
    def plans(self) -> PlanService:
        return PlanService(self.uow, self.debts, after_change=self.replan)

    @property
    def nudges(self) -> NudgeService:
        reader = DebtService(self.uow, self.default_timezone)
        return NudgeService(self.uow, self.default_timezone, PlanService(self.uow, reader))


from bot.services.debts import DebtService  # noqa: E402
from bot.services.drafts import DraftService  # noqa: E402
from bot.services.hooks import AfterChange  # noqa: E402, F401
from bot.services.ledger import LedgerService  # noqa: E402
from bot.services.nudges import NudgeService  # noqa: E402
from bot.services.plans import PlanService  # noqa: E402
from bot.services.users import UserService  # noqa: E402
