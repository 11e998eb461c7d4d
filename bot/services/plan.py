"""/plan: what to pay, to whom, until when; strategies, comparisons, what-ifs, the agenda.

The plan is computed from the user's portfolio (bot/services/portfolio.py); nothing
here writes except the chosen strategy.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from bot.services.base import FeatureService, Refusal
from bot.services.portfolio import STRATEGIES, PlanView, compare, compute_plan, load
from coach.planner import Plan
from storage.budgets import BudgetRepository

__all__ = ["Comparison", "NeedBudget", "NeedDebts", "PlanService", "WhatIf"]


@dataclass(frozen=True)
class NeedBudget:
    pass


@dataclass(frozen=True)
class NeedDebts:
    pass


@dataclass(frozen=True)
class Comparison:
    view: PlanView
    plans: dict[str, Plan]


@dataclass(frozen=True)
class WhatIf:
    base: PlanView
    new: PlanView
    kind: str  # "m": more each month; "l": a one-off now
    amount: Decimal


Missing = NeedBudget | NeedDebts | Refusal


class PlanService(FeatureService):
    async def view(
        self, user_id: int, *, strategy: str | None = None, extra: Decimal = Decimal(0),
        lump_sums: dict[int, Decimal] | None = None, with_agenda: bool = True,
    ) -> PlanView | Missing:
        """The plan for the user's debts and budget, or what is missing for one."""
        profile = await self.registered(user_id)
        if isinstance(profile, Refusal):
            return profile
        async with self.uow() as s:
            portfolio = await load(s, user_id, self.today)
        if portfolio is None:
            return Refusal("not_registered")
        view = compute_plan(portfolio, strategy=strategy, extra=extra, lump_sums=lump_sums,
                            with_agenda=with_agenda)
        if view is None:
            return NeedBudget() if portfolio.budget is None else NeedDebts()
        return view

    async def set_strategy(self, user_id: int, strategy: str) -> PlanView | Missing:
        if strategy not in STRATEGIES:
            return Refusal("expired")
        async with self.uow() as s:
            await BudgetRepository(s).set_strategy(user_id, strategy, self.clock.now())
        await self.changed(user_id)
        return await self.view(user_id, strategy=strategy)

    async def compare(self, user_id: int) -> Comparison | Missing:
        view = await self.view(user_id, with_agenda=False)
        if not isinstance(view, PlanView):
            return view
        return Comparison(view, compare(view))

    async def what_if(self, user_id: int, kind: str, amount: Decimal) -> WhatIf | Missing:
        """The plan with ``amount`` more a month (``m``) or once now (``l``); nothing saved."""
        base = await self.view(user_id, with_agenda=False)
        if not isinstance(base, PlanView):
            return base
        if kind == "m":
            new = await self.view(user_id, extra=amount, with_agenda=False)
        else:
            new = await self.view(user_id, lump_sums={1: amount}, with_agenda=False)
        if not isinstance(new, PlanView):
            return new
        return WhatIf(base, new, kind, amount)
