"""Shared test factories: users, debts, payments and budgets, and a look into the database.

Writes go through the same repositories and services the bot uses (one transaction
each, as an update would); reads return the coach value types the services see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services import Services
from bot.services.uow import UnitOfWork
from coach.budget_input import BudgetDraft
from coach.clock import Clock
from coach.debts import DebtDraft
from coach.drafts import PaymentDraft
from coach.nudges import Claimed
from coach.profile import Profile
from coach.records import Debt, Payment
from storage.budgets import BudgetRepository
from storage.debts import DebtRepository, PaymentRepository
from storage.models import User
from storage.nudges import NudgeRepository
from storage.repositories import DraftRepository, UserRepository

NOW = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
DEFAULT_TZ = "Asia/Shanghai"

Factory = async_sessionmaker[AsyncSession]


def services_for(factory: Factory, clock: Clock, engine: Any = None) -> Services:
    """The bot's services over ``factory`` (no Telegram)."""
    return Services(engine=engine, uow=UnitOfWork(factory, clock), clock=clock,
                    default_timezone=DEFAULT_TZ)


async def add_user(factory: Factory, uid: int, *, language: str = "zh_CN", onboarded: bool = True,
                   consent: bool = True, region: str | None = "cn", when: datetime = NOW) -> None:
    """A user as /start leaves them (onboarded, consenting, in mainland China by default)."""
    async with factory() as s:
        s.add(User(id=uid, language=language, region=region, timezone=DEFAULT_TZ, currency="CNY",
                   consent=consent, onboarded=onboarded, created_at=when, updated_at=when))
        await s.commit()


def draft(token: str, lender: str = "花呗", balance: str = "5000", **fields: Any) -> DebtDraft:
    """A confirmed-looking /adddebt draft (lender, type and balance answered)."""
    return DebtDraft(token=token, lender=lender, lender_type=fields.pop("lender_type", "online_platform"),
                     balance=balance, answered=("lender", "type", "balance"), **fields)


async def save_debt(services: Services, uid: int, d: DebtDraft) -> Any:
    """Save a debt draft through /adddebt's Save step; returns the step's view."""
    async with services.uow.transaction():
        await services.debts.drafts.save(uid, d)
        step = await services.debts.save(uid, d.token)
    return step.view


async def pay(services: Services, uid: int, debt_id: int, amount: Decimal | str,
              paid_on: date = date(2026, 11, 28), token: str = "p") -> Any:
    """Record a payment through /paid's Save step; returns the step's view."""
    async with services.uow.transaction():
        d = PaymentDraft(token, paid_on, debt_id=debt_id, amount=Decimal(amount), quick=True)
        await services.payments.drafts.save(uid, d)
        step = await services.payments.confirm(uid, token)
    return step.view


@dataclass
class Look:
    """Reads for assertions: what is stored, as the services see it."""

    factory: Factory

    async def user(self, uid: int) -> Profile | None:
        async with self.factory() as s:
            return await UserRepository(s).profile(uid)

    async def user_row(self, uid: int) -> User | None:
        """The stored row, for what a profile doesn't carry (``consent_at``)."""
        async with self.factory() as s:
            return await s.get(User, uid)

    async def debts(self, uid: int, *, include_paid: bool = False) -> list[Debt]:
        async with self.factory() as s:
            return await DebtRepository(s).list(uid, include_paid=include_paid)

    async def debt(self, uid: int, debt_id: int) -> Debt | None:
        async with self.factory() as s:
            return await DebtRepository(s).get(uid, debt_id)

    async def payments(self, uid: int, debt_id: int) -> list[Payment]:
        async with self.factory() as s:
            return await PaymentRepository(s).for_debt(uid, debt_id)

    async def budget(self, uid: int) -> tuple[BudgetDraft | None, str]:
        """The saved budget (None if never saved) and the plan strategy."""
        async with self.factory() as s:
            return await BudgetRepository(s).load(uid)

    async def draft(self, uid: int, kind: str) -> dict[str, Any]:
        async with self.factory() as s:
            return await DraftRepository(s).get(uid, kind) or {}

    async def one_offs(self, uid: int) -> list[Claimed]:
        """The user's pending reminders they asked for ("remind me tomorrow")."""
        async with self.factory() as s:
            return await NudgeRepository(s).one_offs(uid)

    async def count(self, model: Any) -> int:
        async with self.factory() as s:
            return int((await s.execute(select(func.count()).select_from(model))).scalar_one())
