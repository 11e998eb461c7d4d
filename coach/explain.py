"""The "how is this calculated" screen: the arithmetic behind the story's figures, as data.

:func:`explain` returns one screen of lines, each a catalog code (``plan.explain.*``) and
its params, in this order:

* ``capacity``: income - essentials - safety margin = capacity (with a budget);
* ``plan_money``: capacity - optional spending kept = plan money (with a budget);
* ``arrears_item`` per unpaid item (``debt_id``, ``due``, ``amount``, ``origin``
  ``stated``/``detected``), ``penalty`` per debt with penalty interest (``debt_id``,
  ``amount``, ``apr``, ``since``), then ``arrears`` (the total);
* ``required_item`` per debt with a requirement this cycle (``debt_id``, ``amount``,
  ``due``), then ``required`` (the total);
* ``gap``: required - plan money = gap, or ``no_gap`` when the money covers it;
* ``interest_item`` per debt (``debt_id``, ``balance``, ``apr``, ``amount`` = balance x
  APR / 12, half-up), then ``interest`` (the month's total);
* ``growth``: interest - paid = growth, for a plan that never ends.

Every figure is the story's (the plan's month 1 for interest), so the explanation adds
up to exactly what the screens show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from coach.budget import Capacity
from coach.story import Story, StoryDebt, plan_debt

__all__ = ["Line", "explain"]

_ZERO = Decimal(0)
Value = Decimal | date | int | str


@dataclass(frozen=True)
class Line:
    code: str
    params: dict[str, Value]


def explain(
    story: Story, debts: Sequence[StoryDebt], capacity: Capacity | None = None
) -> tuple[Line, ...]:
    """The lines for one "how is this calculated" screen (see module doc). ``debts`` are
    the ones the story was told from; ``capacity`` adds the budget lines."""
    lines: list[Line] = []
    if capacity is not None:
        lines.append(Line("plan.explain.capacity", {
            "income": capacity.income, "essentials": capacity.essentials,
            "margin": capacity.margin, "capacity": capacity.capacity,
        }))  # fmt: skip
        lines.append(Line("plan.explain.plan_money", {
            "capacity": capacity.capacity, "optional": capacity.optional_kept,
            "money": capacity.plan_money,
        }))  # fmt: skip
    if story.overdue.amount > 0:
        for d in debts:
            arrears = d.billing.arrears
            for item in arrears.items:
                lines.append(Line("plan.explain.arrears_item", {
                    "debt_id": d.id, "due": item.due, "amount": item.remaining,
                    "origin": item.origin,
                }))  # fmt: skip
            if arrears.penalty and d.billing.arrears.since is not None:
                lines.append(Line("plan.explain.penalty", {
                    "debt_id": d.id, "amount": arrears.penalty,
                    "apr": d.penalty_apr or _ZERO, "since": d.billing.arrears.since,
                }))  # fmt: skip
        lines.append(Line("plan.explain.arrears", {"amount": story.overdue.amount}))
    for d in debts:
        cycle = d.billing.cycle
        if cycle is not None and cycle.remaining > 0:
            lines.append(Line("plan.explain.required_item", {
                "debt_id": d.id, "amount": cycle.remaining, "due": cycle.due,
            }))  # fmt: skip
    lines.append(Line("plan.explain.required", {"amount": story.monthly_required}))
    gap_params: dict[str, Value] = {
        "required": story.monthly_required, "money": story.money, "gap": story.gap,
    }  # fmt: skip
    lines.append(Line("plan.explain.gap" if story.gap > 0 else "plan.explain.no_gap", gap_params))
    row = story.plan.month_one
    interest = {dm.debt_id: dm.interest for dm in row.debts} if row is not None else {}
    for d in debts:
        if d.id in interest:
            lines.append(Line("plan.explain.interest_item", {
                "debt_id": d.id, "balance": plan_debt(d).balance, "apr": d.planning_apr,
                "amount": interest[d.id],
            }))  # fmt: skip
    lines.append(Line("plan.explain.interest", {"amount": sum(interest.values(), _ZERO)}))
    growth = story.ending.growth
    if story.ending.kind == "never_ends" and growth is not None:
        lines.append(Line("plan.explain.growth", {
            "interest": growth.interest, "paid": growth.paid, "grows": growth.grows,
        }))  # fmt: skip
    return tuple(lines)
