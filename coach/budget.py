"""The monthly budget: income, essential and optional spending, assets, safety margin.

``capacity(budget)`` = income - essentials - safety margin: what could go to debts each
month if all optional spending stopped. ``available_for_debts(budget)`` additionally takes
off the optional spending the user still has; it is the budget the planner gets today.
Both may be negative; callers decide what to do with that (see ``coach.agenda``).

``repayment_capacity`` returns both figures and, when money is short, the cuts to
suggest. ``cut_candidates`` shows, for each optional item, the debt-free month with and
without cutting it. The "without" plan runs on ``available_for_debts`` (the item is still being
spent) and the "with" plan on that plus the item, so an item is never counted twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from coach.errors import CoachError
from coach.money import round_money
from coach.planner import PlanDebt, simulate

ESSENTIAL_CATEGORIES: tuple[str, ...] = (
    "rent_mortgage",
    "food",
    "utilities",
    "transport",
    "medical",
    "family_support",
    "insurance",
    "other",
)
OPTIONAL_CATEGORIES: tuple[str, ...] = (
    "eating_out",
    "subscriptions",
    "shopping",
    "entertainment",
    "phone_extra",
    "other",
)
DEFAULT_MARGIN_PERCENT = Decimal("0.05")
_ZERO = Decimal(0)


class BudgetError(CoachError, ValueError):
    """Invalid budget input. Codes: ``budget.negative_amount``, ``budget.unknown_category``,
    ``budget.margin_rule`` (give exactly one of percent or fixed)."""

    code = "budget.invalid"


def _non_negative(amount: Decimal, what: str) -> None:
    if amount < 0:
        raise BudgetError("budget.negative_amount", field=what)


@dataclass(frozen=True)
class IncomeSource:
    """An income. For an irregular income, ``amount`` is a typical month."""

    amount: Decimal
    label: str = ""
    irregular: bool = False

    def __post_init__(self) -> None:
        _non_negative(self.amount, "income")


@dataclass(frozen=True)
class Expense:
    """One spending item in a category (several items may share a category)."""

    category: str
    amount: Decimal
    label: str = ""

    def __post_init__(self) -> None:
        _non_negative(self.amount, self.category)


@dataclass(frozen=True)
class Asset:
    """Money the user holds (``savings``) or could raise once by selling (``sellable``)."""

    kind: Literal["savings", "sellable"]
    amount: Decimal
    label: str = ""

    def __post_init__(self) -> None:
        _non_negative(self.amount, self.kind)


@dataclass(frozen=True)
class SafetyMargin:
    """Money kept back each month: a fraction of income, or a fixed amount (exactly one)."""

    percent: Decimal | None = DEFAULT_MARGIN_PERCENT
    fixed: Decimal | None = None

    def __post_init__(self) -> None:
        if (self.percent is None) == (self.fixed is None):
            raise BudgetError("budget.margin_rule")
        _non_negative(self.percent if self.percent is not None else _ZERO, "margin_percent")
        _non_negative(self.fixed if self.fixed is not None else _ZERO, "margin_fixed")

    @classmethod
    def of_amount(cls, amount: Decimal) -> SafetyMargin:
        return cls(percent=None, fixed=amount)

    def amount(self, income: Decimal) -> Decimal:
        """The margin in money for ``income`` (a percentage is rounded half-up to 0.01)."""
        if self.fixed is not None:
            return self.fixed
        percent = self.percent if self.percent is not None else _ZERO
        return round_money(income * percent)


@dataclass(frozen=True)
class Budget:
    """A typical month. Categories are checked against the lists above."""

    incomes: tuple[IncomeSource, ...] = ()
    essentials: tuple[Expense, ...] = ()
    optionals: tuple[Expense, ...] = ()
    assets: tuple[Asset, ...] = ()
    margin: SafetyMargin = SafetyMargin()

    def __post_init__(self) -> None:
        for items, allowed in (
            (self.essentials, ESSENTIAL_CATEGORIES),
            (self.optionals, OPTIONAL_CATEGORIES),
        ):
            for item in items:
                if item.category not in allowed:
                    raise BudgetError("budget.unknown_category", category=item.category)

    @property
    def income(self) -> Decimal:
        return sum((s.amount for s in self.incomes), _ZERO)

    @property
    def essential_total(self) -> Decimal:
        return sum((e.amount for e in self.essentials), _ZERO)

    @property
    def optional_total(self) -> Decimal:
        return sum((e.amount for e in self.optionals), _ZERO)

    @property
    def margin_amount(self) -> Decimal:
        return self.margin.amount(self.income)

    def assets_total(self, kind: Literal["savings", "sellable"] | None = None) -> Decimal:
        return sum((a.amount for a in self.assets if kind in (None, a.kind)), _ZERO)


def capacity(budget: Budget) -> Decimal:
    """Income - essentials - safety margin. May be negative."""
    return budget.income - budget.essential_total - budget.margin_amount


def available_for_debts(budget: Budget) -> Decimal:
    """Capacity minus the optional spending the user still has. May be negative."""
    return capacity(budget) - budget.optional_total


def month_label(start: date, month_number: int) -> tuple[int, int]:
    """(year, month) of plan month ``month_number``; month 1 is ``start``'s month."""
    index = start.year * 12 + (start.month - 1) + (month_number - 1)
    return index // 12, index % 12 + 1


@dataclass(frozen=True)
class CutEffect:
    """What cutting one optional item does to the plan.

    ``index`` is the item's position in ``Budget.optionals``. A ``*_month`` field is the
    plan month of debt freedom and ``*_label`` its (year, month); both are None when that
    plan never ends (or takes too long). ``months_saved`` is None unless both plans end.
    ``interest_saved`` compares plans that both end (zero otherwise). ``gap_without`` and
    ``gap_with`` are the monthly gaps (:attr:`coach.planner.Plan.monthly_gap`).
    """

    index: int
    category: str
    label: str
    amount: Decimal
    feasible_without: bool
    feasible_with: bool
    debt_free_month_without: int | None
    debt_free_month_with: int | None
    debt_free_label_without: tuple[int, int] | None
    debt_free_label_with: tuple[int, int] | None
    months_saved: int | None
    interest_saved: Decimal
    gap_without: Decimal = _ZERO
    gap_with: Decimal = _ZERO

    @property
    def rescues_plan(self) -> bool:
        """Cutting this item alone turns an infeasible plan into a feasible one."""
        return self.feasible_with and not self.feasible_without


def cut_candidates(
    budget: Budget, debts: Sequence[PlanDebt], strategy: str, today_month: date
) -> list[CutEffect]:
    """For each optional item > 0, the plan with and without cutting it, most helpful first.

    Ranking: items that rescue an infeasible plan first, then the most monthly gap
    closed, then most months saved, then most interest saved, then the larger amount,
    then the order in the budget.
    """
    base_budget = available_for_debts(budget)
    base = simulate(debts, base_budget, strategy, keep_schedule=False)
    effects: list[CutEffect] = []
    for index, item in enumerate(budget.optionals):
        if item.amount <= 0:
            continue
        cut = simulate(debts, base_budget + item.amount, strategy, keep_schedule=False)
        without_month = base.debt_free_month
        with_month = cut.debt_free_month
        both = without_month is not None and with_month is not None
        effects.append(
            CutEffect(
                index=index,
                category=item.category,
                label=item.label,
                amount=item.amount,
                feasible_without=base.feasible,
                feasible_with=cut.feasible,
                debt_free_month_without=without_month,
                debt_free_month_with=with_month,
                debt_free_label_without=(
                    None if without_month is None else month_label(today_month, without_month)
                ),
                debt_free_label_with=(
                    None if with_month is None else month_label(today_month, with_month)
                ),
                months_saved=(
                    without_month - with_month
                    if without_month is not None and with_month is not None
                    else None
                ),
                interest_saved=base.total_interest - cut.total_interest if both else _ZERO,
                gap_without=base.monthly_gap,
                gap_with=cut.monthly_gap,
            )
        )
    effects.sort(
        key=lambda e: (
            not e.rescues_plan,
            e.gap_with - e.gap_without,
            -(e.months_saved or 0),
            -e.interest_saved,
            -e.amount,
            e.index,
        )
    )
    return effects


@dataclass(frozen=True)
class Capacity:
    """Capacity means one thing, and the plan money is said next to it.

    ``capacity`` = income - essentials - safety margin: what could go to debts each month
    if all optional spending stopped (may be negative). ``plan_money`` = capacity -
    ``optional_kept``: what the plan uses. ``short``: the plan on ``plan_money`` is not
    feasible (a monthly gap, arrears it cannot pay now, or no end); then ``cuts`` lists
    the optional items to cut, largest effect first (:func:`cut_candidates`), else it is
    empty.
    """

    income: Decimal
    essentials: Decimal
    margin: Decimal
    capacity: Decimal
    optional_kept: Decimal
    plan_money: Decimal
    short: bool
    cuts: tuple[CutEffect, ...]


def repayment_capacity(
    budget: Budget, debts: Sequence[PlanDebt], strategy: str, start: date
) -> Capacity:
    """Both figures /budget and /plan show, and the cuts to suggest when money is short.

    ``debts``: as planned (:func:`coach.story.plan_debt`); ``start``: month 1's first day.
    Case 5 of issue 10: capacity 975, optional spending kept 480, plan money 495.
    """
    plan_money = available_for_debts(budget)
    plan = simulate(debts, plan_money, strategy, keep_schedule=False)
    short = not plan.feasible
    cuts = tuple(cut_candidates(budget, debts, strategy, start)) if short else ()
    return Capacity(
        income=budget.income,
        essentials=budget.essential_total,
        margin=budget.margin_amount,
        capacity=capacity(budget),
        optional_kept=budget.optional_total,
        plan_money=plan_money,
        short=short,
        cuts=cuts,
    )
