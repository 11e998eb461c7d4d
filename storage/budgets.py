"""Budget repository, scoped by user: the budget as a :class:`coach.budget_input.BudgetDraft`.

The stored rows (``budgets`` settings and ``budget_items``) map to and from the same
draft type the /budget flow edits, so the screens never see a row.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from coach.budget_input import BudgetDraft
from storage.models import BudgetItem, BudgetSettings

DEFAULT_STRATEGY = "overdue_first"


def to_draft(settings: BudgetSettings | None, items: list[BudgetItem]) -> BudgetDraft | None:
    """The stored budget as a draft; None when there is none. No margin set: 5%."""
    if settings is None and not items:
        return None
    draft = BudgetDraft(
        incomes=tuple((i.label, str(i.amount)) for i in items if i.kind == "income"),
        essentials={i.category: str(i.amount) for i in items if i.kind == "essential"},
        optionals={i.category: str(i.amount) for i in items if i.kind == "optional"},
        assets={i.category: str(i.amount) for i in items if i.kind == "asset"},
        margin_percent=None if settings is None or settings.margin_percent is None
        else str(settings.margin_percent),
        margin_fixed=None if settings is None or settings.margin_fixed is None
        else str(settings.margin_fixed),
    )
    if draft.margin_percent is None and draft.margin_fixed is None:
        draft = BudgetDraft.from_dict({**draft.to_dict(), "margin_percent": "0.05"})
    return draft


class BudgetRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def load(self, user_id: int) -> tuple[BudgetDraft | None, str]:
        """The saved budget (None if never saved) and the plan strategy chosen."""
        settings = await self.session.get(BudgetSettings, user_id)
        rows = await self.session.execute(
            select(BudgetItem).where(BudgetItem.user_id == user_id).order_by(BudgetItem.id)  # type: ignore[arg-type]
        )
        strategy = settings.strategy if settings is not None else DEFAULT_STRATEGY
        return to_draft(settings, list(rows.scalars())), strategy

    async def save(self, user_id: int, draft: BudgetDraft, now: datetime) -> None:
        """Replace the user's budget with a confirmed draft (validated by ``to_budget``)."""
        budget = draft.to_budget()
        settings = await self.session.get(BudgetSettings, user_id)
        await self.session.merge(BudgetSettings(
            user_id=user_id,
            margin_percent=budget.margin.percent,
            margin_fixed=budget.margin.fixed,
            strategy=settings.strategy if settings else DEFAULT_STRATEGY,
            updated_at=now,
        ))
        rows = [BudgetItem(user_id=user_id, kind="income", category="income", label=i.label,
                           amount=i.amount) for i in budget.incomes]
        rows += [BudgetItem(user_id=user_id, kind="essential", category=e.category, amount=e.amount)
                 for e in budget.essentials]
        rows += [BudgetItem(user_id=user_id, kind="optional", category=e.category, amount=e.amount)
                 for e in budget.optionals]
        rows += [BudgetItem(user_id=user_id, kind="asset", category=a.kind, amount=a.amount)
                 for a in budget.assets]
        await self.session.execute(delete(BudgetItem).where(BudgetItem.user_id == user_id))  # type: ignore[arg-type]
        self.session.add_all(rows)
        await self.session.flush()

    async def set_strategy(self, user_id: int, strategy: str, now: datetime) -> bool:
        """Keep the chosen plan strategy; False when there is no budget yet."""
        settings = await self.session.get(BudgetSettings, user_id)
        if settings is None:
            return False
        settings.strategy = strategy
        settings.updated_at = now
        await self.session.flush()
        return True


__all__ = ["DEFAULT_STRATEGY", "BudgetRepository", "to_draft"]
