"""A user's whole financial picture, loaded once, and the plan computed from it.

Several features need the same inputs (the profile, the active debts, the budget and
the chosen strategy) and the same plan: /plan, /budget's cut suggestions, the nudge
planner (this month's amounts), the monthly review. :func:`load` reads them in the
current transaction; :func:`compute_plan` runs the pure planner (coach.planner) and,
when money falls short, the negotiation agenda (coach.agenda).

The planning APR: the penalty APR while a debt is overdue and penalised, else the
debt's APR, else :data:`ASSUMED_APR`, an assumption the user sees and can correct.
The monthly budget: capacity (income - essentials - safety margin) minus the optional
spending the user still has (``coach.budget.available_for_debts``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from coach.agenda import Agenda, AgendaDebt, build_agenda
from coach.budget import Budget, CutEffect, available_for_debts, capacity, cut_candidates
from coach.budget_input import BudgetDraft
from coach.lenders import LenderType
from coach.parsing import add_months
from coach.planner import Plan, PlanDebt, compare_strategies, simulate
from coach.profile import Profile
from coach.rates import RateKind
from coach.records import Debt
from storage.budgets import BudgetRepository
from storage.debts import DebtRepository
from storage.repositories import UserRepository

__all__ = [
    "ASSUMED_APR", "STRATEGIES", "PlanView", "Portfolio", "agenda_debt", "compare", "compute_plan",
    "cuts", "first_payment_month", "load", "plan_debt", "planning_apr",
]  # fmt: skip

ASSUMED_APR = Decimal("0.24")
STRATEGIES = ("overdue_first", "avalanche", "snowball")


@dataclass(frozen=True)
class Portfolio:
    """What one user owes and earns, as of ``today`` (their local date)."""

    profile: Profile
    debts: tuple[Debt, ...]
    budget: BudgetDraft | None
    strategy: str
    today: date


async def load(
    session: AsyncSession, user_id: int, today_of: Callable[[Profile], date]
) -> Portfolio | None:
    """The user's portfolio read in ``session``; None when the user doesn't exist."""
    profile = await UserRepository(session).profile(user_id)
    if profile is None:
        return None
    debts = await DebtRepository(session).list(user_id)
    budget, strategy = await BudgetRepository(session).load(user_id)
    return Portfolio(profile, tuple(debts), budget, strategy, today_of(profile))


@dataclass(frozen=True)
class PlanView:
    """The plan for a portfolio: the budget it used and what it achieves."""

    debts: tuple[Debt, ...]
    budget: Budget
    capacity: Decimal
    available: Decimal
    strategy: str
    plan: Plan
    start: date  # the first day of plan month 1
    today: date
    assumed: tuple[Debt, ...] = ()  # debts planned at ASSUMED_APR (their APR unknown)
    agenda: Agenda | None = None
    names: dict[int | str, str] = field(default_factory=dict)


def planning_apr(debt: Debt) -> Decimal:
    if debt.overdue_amount > 0 and debt.penalty_apr is not None:
        return max(debt.penalty_apr, debt.apr or Decimal(0))
    return debt.apr if debt.apr is not None else ASSUMED_APR


def plan_debt(debt: Debt) -> PlanDebt:
    """The planner's view of a debt. A loan with an up-front fee (``received``) and a
    schedule is planned as what it requires: its balance is the schedule left to pay
    (12 x ¥1,000 = ¥12,000), paid an instalment a month, with no interest on top (the
    interest is in the schedule), not balance x APR."""
    minimum = min_percent = None
    floor = Decimal(0)
    apr = planning_apr(debt)
    rule = debt.minimum
    if rule is not None and rule.kind == "fixed":
        minimum = rule.amount
    elif rule is not None and rule.kind == "percent":
        min_percent, floor = rule.percent, rule.floor or Decimal(0)
    q = debt.quote
    if debt.received is not None and q is not None and q.kind is RateKind.INSTALMENTS and q.payment:
        minimum, min_percent, floor = q.payment, None, Decimal(0)
        if not (debt.overdue_amount > 0 and debt.penalty_apr is not None):
            apr = Decimal(0)
    return PlanDebt(id=debt.id, name=debt.lender, balance=debt.balance,
                    apr=apr, minimum=minimum, min_percent=min_percent,
                    min_floor=floor, overdue=debt.overdue_amount)


def agenda_debt(debt: Debt) -> AgendaDebt:
    p = plan_debt(debt)
    return AgendaDebt(
        id=p.id, name=p.name, balance=p.balance,
        contract_apr=debt.apr if debt.apr is not None else ASSUMED_APR,
        lender_type=debt.lender_type, is_credit_card=debt.lender_type is LenderType.CREDIT_CARD,
        penalty_apr=debt.penalty_apr if debt.overdue_amount > 0 else None,
        overdue=debt.overdue_amount, minimum=p.minimum, min_percent=p.min_percent,
        min_floor=p.min_floor,
    )


def first_payment_month(debts: tuple[Debt, ...], today: date) -> date:
    """The calendar month that plan month 1 stands for.

    The current month, unless every debt's next payment falls in a later month (it is
    the 28th and everything is due on the 10th): then month 1 is that month, so the
    debt-free date isn't shown a month early. Overdue money is due now.
    """
    this_month = today.replace(day=1)
    if any(d.overdue_amount > 0 for d in debts):
        return this_month
    dues = [d.next_due_on(today) for d in debts]
    if any(due is None or due < add_months(this_month, 1) for due in dues):
        return this_month
    return add_months(this_month, 1)


def compute_plan(
    portfolio: Portfolio,
    *,
    strategy: str | None = None,
    extra: Decimal = Decimal(0),
    lump_sums: dict[int, Decimal] | None = None,
    with_agenda: bool = True,
) -> PlanView | None:
    """The plan for the portfolio's debts and budget; None without a budget or debts."""
    if portfolio.budget is None or not portfolio.debts:
        return None
    debts = portfolio.debts
    budget = portfolio.budget.to_budget()
    strategy = strategy or portfolio.strategy
    available = available_for_debts(budget) + extra
    plan = simulate([plan_debt(d) for d in debts], max(available, Decimal(0)), strategy,
                    lump_sums=lump_sums)
    agenda = None
    if with_agenda and not plan.feasible:
        agenda = build_agenda([agenda_debt(d) for d in debts], max(available, Decimal(0)), strategy)
    return PlanView(
        debts=debts, budget=budget, capacity=capacity(budget), available=available,
        strategy=strategy, plan=plan, start=first_payment_month(debts, portfolio.today),
        today=portfolio.today, assumed=tuple(d for d in debts if d.apr is None), agenda=agenda,
        names={d.id: d.lender for d in debts},
    )


def compare(view: PlanView) -> dict[str, Plan]:
    debts = [plan_debt(d) for d in view.debts]
    return compare_strategies(debts, max(view.available, Decimal(0)), keep_schedule=False)


def cuts(view: PlanView) -> list[CutEffect]:
    return cut_candidates(view.budget, [plan_debt(d) for d in view.debts], view.strategy,
                          view.start)
