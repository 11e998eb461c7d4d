"""The budget and the plan for a user: which APR to plan with, what to pay, what to ask.

The planner (coach.planner) is pure; this service picks its inputs:
- the APR: the penalty APR while a debt is overdue and penalised, else the debt's APR,
  else :data:`ASSUMED_APR`, an assumption the user sees and can correct;
- the monthly budget: capacity (income − essentials − safety margin) minus the optional
  spending the user still has (``coach.budget.available_for_debts``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from bot.services.hooks import NotifiesChanges
from coach.agenda import Agenda, AgendaDebt, build_agenda
from coach.budget import Budget, CutEffect, available_for_debts, capacity, cut_candidates
from coach.budget_input import BudgetDraft
from coach.lenders import LenderType
from coach.parsing import add_months
from coach.planner import Plan, PlanDebt, compare_strategies, simulate
from storage.budgets import BudgetRepository
from storage.debts import DebtRepository
from storage.models import BudgetItem, BudgetSettings, Debt, User

if TYPE_CHECKING:
    from bot.services import UnitOfWork
    from bot.services.debts import DebtService
    from bot.services.hooks import AfterChange

ASSUMED_APR = Decimal("0.24")
STRATEGIES = ("overdue_first", "avalanche", "snowball")


@dataclass(frozen=True)
class PlanView:
    debts: list[Debt]
    budget: Budget
    capacity: Decimal
    available: Decimal
    strategy: str
    plan: Plan
    start: date  # the first day of month 1 (the current calendar month)
    today: date
    assumed: list[Debt] = field(default_factory=list)  # debts planned at ASSUMED_APR
    agenda: Agenda | None = None

    @property
    def names(self) -> dict[int | str, str]:
        return {d.id or 0: d.lender for d in self.debts}


def planning_apr(debt: Debt) -> Decimal:
    if debt.overdue_amount > 0 and debt.penalty_apr is not None:
        return max(debt.penalty_apr, debt.apr or Decimal(0))
    return debt.apr if debt.apr is not None else ASSUMED_APR


def plan_debt(debt: Debt) -> PlanDebt:
    minimum = min_percent = None
    floor = Decimal(0)
    if debt.min_kind == "fixed":
        minimum = debt.min_amount
    elif debt.min_kind == "percent":
        min_percent, floor = debt.min_percent, debt.min_floor or Decimal(0)
    return PlanDebt(id=debt.id or 0, name=debt.lender, balance=debt.balance,
                    apr=planning_apr(debt), minimum=minimum, min_percent=min_percent,
                    min_floor=floor, overdue=debt.overdue_amount)


def agenda_debt(debt: Debt) -> AgendaDebt:
    card = debt.lender_type == LenderType.CREDIT_CARD
    p = plan_debt(debt)
    return AgendaDebt(
        id=p.id, name=p.name, balance=p.balance,
        contract_apr=debt.apr if debt.apr is not None else ASSUMED_APR,
        lender_type=LenderType(debt.lender_type), is_credit_card=card,
        penalty_apr=debt.penalty_apr if debt.overdue_amount > 0 else None,
        overdue=debt.overdue_amount, minimum=p.minimum, min_percent=p.min_percent,
        min_floor=p.min_floor,
    )


def budget_from_rows(settings: BudgetSettings | None, items: list[BudgetItem]) -> BudgetDraft | None:
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


def first_payment_month(debts: list[Debt], today: date) -> date:
    """The calendar month that plan month 1 stands for.

    The current month, unless every debt's next payment falls in a later month (it is
    the 28th and everything is due on the 10th): then month 1 is that month, so the
    debt-free date isn't shown a month early. Overdue money is due now.
    """
    from bot.services.debts import next_due

    this_month = today.replace(day=1)
    if any(d.overdue_amount > 0 for d in debts):
        return this_month
    dues = [next_due(d, today) for d in debts]
    if any(due is None or due < add_months(this_month, 1) for due in dues):
        return this_month
    return add_months(this_month, 1)


class PlanService(NotifiesChanges):
    def __init__(
        self, uow: UnitOfWork, debts: DebtService, after_change: AfterChange | None = None
    ) -> None:
        self.uow = uow
        self.debt_service = debts
        self._after = after_change

    async def budget(self, user_id: int) -> tuple[BudgetDraft | None, str]:
        async with self.uow() as s:
            repo = BudgetRepository(s)
            settings = await repo.settings(user_id)
            items = await repo.items(user_id)
        strategy = settings.strategy if settings else "overdue_first"
        return budget_from_rows(settings, items), strategy

    async def save_budget(self, user_id: int, draft: BudgetDraft, update_id: int) -> None:
        """Replace the user's budget with the confirmed draft, in one transaction."""
        budget = draft.to_budget()  # validates
        async with self.uow(update_id) as s:
            repo = BudgetRepository(s)
            settings = await repo.settings(user_id)
            now = self.uow.clock.now()
            await repo.put_settings(BudgetSettings(
                user_id=user_id,
                margin_percent=budget.margin.percent,
                margin_fixed=budget.margin.fixed,
                strategy=settings.strategy if settings else "overdue_first",
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
            await repo.replace_items(user_id, rows)
        await self._changed(user_id)

    async def set_strategy(self, user_id: int, strategy: str, update_id: int) -> None:
        if strategy not in STRATEGIES:
            raise ValueError(f"unknown strategy {strategy!r}")
        async with self.uow(update_id) as s:
            repo = BudgetRepository(s)
            settings = await repo.settings(user_id)
            if settings is None:
                return
            settings.strategy = strategy
            settings.updated_at = self.uow.clock.now()
            s.add(settings)
        await self._changed(user_id)

    async def view(
        self,
        user: User,
        *,
        strategy: str | None = None,
        extra: Decimal = Decimal(0),
        lump_sums: dict[int, Decimal] | None = None,
        with_agenda: bool = True,
    ) -> PlanView | None:
        """The plan for the user's debts and budget; None without a budget or debts."""
        draft, saved_strategy = await self.budget(user.id)
        async with self.uow() as s:
            debts = await DebtRepository(s).list(user.id)
        if draft is None or not debts:
            return None
        budget = draft.to_budget()
        strategy = strategy or saved_strategy
        available = available_for_debts(budget) + extra
        plan = simulate([plan_debt(d) for d in debts], max(available, Decimal(0)), strategy,
                        lump_sums=lump_sums)
        today = self.debt_service.today(user)
        start = first_payment_month(debts, today)
        agenda = None
        if with_agenda and not plan.feasible:
            agenda = build_agenda([agenda_debt(d) for d in debts], max(available, Decimal(0)), strategy)
        return PlanView(
            debts=debts, budget=budget, capacity=capacity(budget), available=available,
            strategy=strategy, plan=plan, start=start, today=today,
            assumed=[d for d in debts if d.apr is None], agenda=agenda,
        )

    @staticmethod
    def compare(view: PlanView) -> dict[str, Plan]:
        debts = [plan_debt(d) for d in view.debts]
        return compare_strategies(debts, max(view.available, Decimal(0)), keep_schedule=False)

    @staticmethod
    def cuts(view: PlanView) -> list[CutEffect]:
        return cut_candidates(view.budget, [plan_debt(d) for d in view.debts], view.strategy,
                              view.start)
