"""Budget repository, scoped by user."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import BudgetItem, BudgetSettings


class BudgetRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def settings(self, user_id: int) -> BudgetSettings | None:
        return await self.session.get(BudgetSettings, user_id)

    async def items(self, user_id: int) -> list[BudgetItem]:
        rows = await self.session.execute(
            select(BudgetItem).where(BudgetItem.user_id == user_id).order_by(BudgetItem.id)  # type: ignore[arg-type]
        )
        return list(rows.scalars())

    async def put_settings(self, settings: BudgetSettings) -> None:
        await self.session.merge(settings)
        await self.session.flush()

    async def replace_items(self, user_id: int, items: list[BudgetItem]) -> None:
        await self.session.execute(delete(BudgetItem).where(BudgetItem.user_id == user_id))  # type: ignore[arg-type]
        self.session.add_all(items)
        await self.session.flush()
