"""Debt and payment repositories. Every query is scoped by the user."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Debt, Payment


class DebtRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: int, debt_id: int) -> Debt | None:
        debt = await self.session.get(Debt, debt_id)
        return debt if debt is not None and debt.user_id == user_id else None

    async def by_token(self, user_id: int, token: str) -> Debt | None:
        rows = await self.session.execute(
            select(Debt).where(Debt.user_id == user_id, Debt.client_token == token)  # type: ignore[arg-type]
        )
        return rows.scalars().first()

    async def list(self, user_id: int, *, include_paid: bool = False) -> list[Debt]:
        stmt = select(Debt).where(Debt.user_id == user_id)  # type: ignore[arg-type]
        if not include_paid:
            stmt = stmt.where(Debt.status == "active")  # type: ignore[arg-type]
        rows = await self.session.execute(stmt.order_by(Debt.id))  # type: ignore[arg-type]
        return list(rows.scalars())

    async def add(self, debt: Debt) -> Debt:
        self.session.add(debt)
        await self.session.flush()
        return debt

    async def delete(self, debt: Debt) -> None:
        await self.session.delete(debt)
        await self.session.flush()


class PaymentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def for_debt(self, user_id: int, debt_id: int) -> list[Payment]:
        rows = await self.session.execute(
            select(Payment)
            .where(Payment.user_id == user_id, Payment.debt_id == debt_id)  # type: ignore[arg-type]
            .order_by(Payment.paid_on.desc(), Payment.id.desc())  # type: ignore[attr-defined,union-attr]
        )
        return list(rows.scalars())

    async def by_token(self, user_id: int, token: str) -> Payment | None:
        rows = await self.session.execute(
            select(Payment).where(Payment.user_id == user_id, Payment.client_token == token)  # type: ignore[arg-type]
        )
        return rows.scalars().first()

    async def add(self, payment: Payment) -> Payment:
        self.session.add(payment)
        await self.session.flush()
        return payment
