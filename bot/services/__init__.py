"""Application services: one use case per method, one session and one commit each.

Every write takes the ``update_id`` of the Telegram update that caused it and
records it in the same transaction (see DESIGN.md section 2): if Telegram
delivers the update again, the write is not repeated.

The ledger row has two stages. A service's commit inserts it (``complete``
false). The update processor then saves the conversation states together with
``complete`` true, in one transaction. A redelivered update that is complete
is skipped whole. One that is not (the process died between the write and the
state) runs again so the user is not stuck at an old step, but every unit of
work inside it sees the row and rolls back: its writes are not applied twice.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from coach.clock import Clock
from storage.repositories import UpdateLedger

#: Update ids recorded during the current processing attempt (set by the update
#: processor). A unit of work that finds its update id in the ledger is a replay
#: only if an *earlier* attempt recorded it.
attempt: ContextVar[set[int] | None] = ContextVar("attempt", default=None)


class UnitOfWork:
    """Opens a session; ``commit`` also records the update id, when there is one."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._factory = session_factory
        self.clock = clock

    @property
    def session_factory(self) -> async_sessionmaker[AsyncSession]:
        return self._factory

    @asynccontextmanager
    async def __call__(self, update_id: int | None = None) -> AsyncIterator[AsyncSession]:
        async with self._factory() as session:
            ledger = UpdateLedger(session)
            mine = attempt.get()
            replay = (
                update_id is not None
                and (mine is None or update_id not in mine)
                and await ledger.seen(update_id)
            )
            session.info["replay"] = replay
            yield session
            if replay:
                await session.rollback()  # applied before: don't apply twice
                return
            if update_id is not None:
                await ledger.record(update_id, self.clock.now())
            await session.commit()
            if update_id is not None and mine is not None:
                mine.add(update_id)


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
