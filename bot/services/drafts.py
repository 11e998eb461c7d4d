"""Drafts: what the user typed but has not confirmed yet, kept across restarts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from storage.repositories import DraftRepository

if TYPE_CHECKING:
    from bot.services import UnitOfWork


class DraftService:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    async def get(self, user_id: int, kind: str) -> dict[str, Any]:
        async with self.uow() as s:
            return await DraftRepository(s).get(user_id, kind) or {}

    async def update(
        self, user_id: int, kind: str, update_id: int | None = None, **fields: Any
    ) -> dict[str, Any]:
        async with self.uow(update_id) as s:
            repo = DraftRepository(s)
            data = await repo.get(user_id, kind) or {}
            data.update(fields)
            await repo.put(user_id, kind, data, self.uow.clock.now())
            return data

    async def clear(self, user_id: int, kind: str, update_id: int | None = None) -> None:
        async with self.uow(update_id) as s:
            await DraftRepository(s).remove(user_id, kind)
