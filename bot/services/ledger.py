"""The update ledger as a service: is this update applied already, record it, prune it."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from storage.repositories import UpdateLedger

if TYPE_CHECKING:
    from bot.ledger import UpdateKey
    from bot.services import UnitOfWork

#: Telegram keeps an unconfirmed update for 24 hours; a row only needs to outlive that.
KEEP = timedelta(hours=24)
#: Rows deleted per transaction when pruning, so the write lock is held briefly.
PRUNE_PAGE = 500


class LedgerService:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    async def applied_at(self, key: UpdateKey) -> datetime | None:
        """When this update (same id, same fingerprint) was applied; None if never."""
        async with self.uow() as s:
            return await UpdateLedger(s).applied_at(key.update_id, key.fingerprint)

    async def record(self, key: UpdateKey) -> None:
        """Record the update as applied (in the update's own transaction)."""
        async with self.uow() as s:
            await UpdateLedger(s).record(key.update_id, key.fingerprint, self.uow.clock.now())

    async def prune(self, page: int = PRUNE_PAGE) -> int:
        """Forget updates older than :data:`KEEP`, a page per transaction; returns the count."""
        before = self.uow.clock.now() - KEEP
        total = 0
        while True:
            async with self.uow() as s:
                removed = await UpdateLedger(s).prune_page(before, page)
            total += removed
            if removed < page:
                return total
            await asyncio.sleep(0)  # let other writers in between pages

    async def highest_id(self) -> int:
        """The largest update id recorded, 0 when none."""
        async with self.uow() as s:
            return await UpdateLedger(s).highest_id() or 0
