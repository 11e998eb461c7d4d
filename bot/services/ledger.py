"""The update ledger as a service: seen before? record it."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from storage.repositories import UpdateLedger

if TYPE_CHECKING:
    from bot.services import UnitOfWork

KEEP = timedelta(days=7)


class LedgerService:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    async def complete(self, update_id: int) -> bool:
        """Whether the update was applied and its conversation state saved."""
        async with self.uow() as s:
            return await UpdateLedger(s).complete(update_id)

    async def prune(self) -> None:
        """Forget update ids older than Telegram would ever redeliver (it keeps 24 h)."""
        async with self.uow() as s:
            await UpdateLedger(s).prune(self.uow.clock.now() - KEEP)
