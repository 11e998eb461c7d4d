"""Month-by-month repayment simulation: avalanche, snowball, overdue-first or custom.

Conventions (every figure can be checked by hand to the cent):

1. Interest: in each month m = 1, 2, ... every unpaid debt accrues
   ``balance x APR / 12``, rounded half-up to 0.01, added to its balance.
2. Required payment: each unpaid debt's minimum. A percentage minimum is taken of the
   balance at the start of the month, before that month's interest (the balance
   :meth:`coach.debts.MinimumRule.due` takes on the card), rounded half-up to 0.01
   (1,234.50 x 1% = 12.345 -> 12.35), and is at least its floor. It is capped at the part
   of the balance not already in arrears. In month 1 a debt's ``cycle_due`` (the billing
   cycle's remaining requirement, :mod:`coach.billing`) replaces its rule when given.
3. Arrears: month 1 starts with each debt's ``overdue`` amount (capped at its balance),
   due now and once: it is never part of a monthly figure (``Plan.monthly_gap``).
4. Paying. Available = the monthly budget (0 when negative) + that month's lump sum. When
   it covers every arrear and required payment, each is paid, and the rest (the extra)
   goes to debts in strategy order, each taking up to its remaining balance. Otherwise
   the month is short: first the required payments of debts not in arrears (keeping
   current debts current), then, for each debt in arrears, its arrears and required
   payment, both in strategy order, as far as the money goes; what is unpaid is that
   debt's arrears next month. Overdue-first does as its name says: the debts in arrears
   first, then the current ones. The first short month is ``shortfall_month``, the amount
   not covered ``shortfall``. The plan never pays more than is available.
5. The order is fixed at the start (see :func:`strategy_order`).
6. The plan ends when every balance is 0. At the horizon (``max_months``) a plan whose
   balance did not fall in its last month(s) ``never_ends`` (:class:`Growth`, from the
   first month of that run); one whose balance still falls is ``too_long``.

Implementation notes. Amounts enter and leave as ``Decimal``; inside the loop they are
held as integer cents and every rate as an exact integer ratio, so the arithmetic is
exact (no float, no rounding other than the documented half-up) and the hot loop stays
cheap. Balances, minimums and overdue amounts are rounded half-up to the cent on entry;
the budget and lump sums are rounded down to the cent, so a plan never pays more than it
was given. The schedule is recorded as integer rows and turned into ``Decimal`` rows
only when ``Plan.schedule`` is first read; ``keep_schedule=False`` skips the rows
altogether for callers that only need the totals.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, TypeAlias

from coach.errors import CoachError
from coach.money import Rounding, round_money
from coach.plan_result import (
    DebtId,
    DebtMonth,
    Growth,
    MonthRow,
    Outcome,
    Plan,
    RawRow,
    dec,
)
from coach.plan_steps import (
    Consts,
    accrue,
    accrue_and_pay,
    pay_extra,
    pay_in_full,
    pay_short,
    undo,
)

__all__ = [
    "COMPARED_STRATEGIES",
    "MAX_MONTHS",
    "STRATEGIES",
    "DebtId",
    "DebtMonth",
    "Growth",
    "MonthRow",
    "Outcome",
    "Plan",
    "PlanDebt",
    "PlanInputError",
    "Strategy",
    "compare_strategies",
    "simulate",
    "strategy_order",
]

Strategy: TypeAlias = Literal["avalanche", "snowball", "overdue_first", "custom"]
STRATEGIES: tuple[str, ...] = ("avalanche", "snowball", "overdue_first", "custom")
COMPARED_STRATEGIES: tuple[str, ...] = ("avalanche", "snowball", "overdue_first")
MAX_MONTHS = 600

_ZERO = Decimal(0)


class PlanInputError(CoachError, ValueError):
    """Invalid planner input. Codes: ``plan.both_minimum_rules``, ``plan.negative_amount``,
    ``plan.duplicate_debt``, ``plan.unknown_strategy``, ``plan.custom_needs_order``,
    ``plan.unknown_debt_in_order``, ``plan.bad_lump_month``, ``plan.bad_max_months``."""

    code = "plan.invalid"


@dataclass(frozen=True)
class PlanDebt:
    """A debt as the planner sees it. ``apr`` and ``min_percent`` are fractions.

    The minimum rule is either a fixed ``minimum`` or ``min_percent`` of the balance with
    floor ``min_floor``; neither means no minimum. ``overdue`` is the arrears now (part
    of ``balance``). ``cycle_due``, when given, is this cycle's remaining required payment
    (month 1's, instead of the rule): :func:`coach.story.plan_debt` fills it from the
    billing state so the plan asks what the card and the reminders ask.
    """

    id: DebtId
    name: str
    balance: Decimal
    apr: Decimal
    minimum: Decimal | None = None
    min_percent: Decimal | None = None
    min_floor: Decimal = _ZERO
    overdue: Decimal = _ZERO
    cycle_due: Decimal | None = None

    def __post_init__(self) -> None:
        if self.minimum is not None and self.min_percent is not None:
            raise PlanInputError("plan.both_minimum_rules", debt=self.id)
        fields = ("balance", "apr", "minimum", "min_percent", "min_floor", "overdue", "cycle_due")
        for name in fields:
            value = getattr(self, name)
            if value is not None and value < 0:
                raise PlanInputError("plan.negative_amount", debt=self.id, field=name)


def _cents(amount: Decimal, mode: Rounding = Rounding.SHOWN) -> int:
    return int(round_money(amount, mode) * 100)


def _avalanche_key(item: tuple[int, PlanDebt]) -> tuple[Decimal, Decimal, int]:
    index, debt = item
    return (-debt.apr, debt.balance, index)


def strategy_order(
    debts: Sequence[PlanDebt], strategy: str, order: Sequence[DebtId] | None = None
) -> list[int]:
    """Indices of ``debts`` in payment order (rule 5).

    avalanche: APR high to low, ties by smaller balance, then input order. snowball:
    balance small to large, ties by higher APR, then input order. overdue_first: debts
    with an overdue amount first, then the rest, each group as avalanche. custom: the
    given ids; debts it leaves out follow in avalanche order.
    """
    items = list(enumerate(debts))
    if strategy == "avalanche":
        items.sort(key=_avalanche_key)
    elif strategy == "snowball":
        items.sort(key=lambda it: (it[1].balance, -it[1].apr, it[0]))
    elif strategy == "overdue_first":
        items.sort(key=lambda it: (it[1].overdue <= 0, *_avalanche_key(it)))
    elif strategy == "custom":
        if order is None:
            raise PlanInputError("plan.custom_needs_order")
        position = {d.id: i for i, d in items}
        chosen: list[int] = []
        for debt_id in order:
            if debt_id not in position:
                raise PlanInputError("plan.unknown_debt_in_order", debt=debt_id)
            if position[debt_id] in chosen:
                raise PlanInputError("plan.duplicate_debt", debt=debt_id)
            chosen.append(position[debt_id])
        rest = sorted((it for it in items if it[0] not in chosen), key=_avalanche_key)
        return chosen + [i for i, _ in rest]
    else:
        raise PlanInputError("plan.unknown_strategy", strategy=strategy)
    return [i for i, _ in items]


def simulate(
    debts: Iterable[PlanDebt],
    monthly_budget: Decimal,
    strategy: str,
    order: Sequence[DebtId] | None = None,
    lump_sums: Mapping[int, Decimal] | None = None,
    max_months: int = MAX_MONTHS,
    *,
    keep_schedule: bool = True,
    stop_when_short: bool = False,
) -> Plan:
    """Simulate paying ``debts`` with ``monthly_budget`` (plus ``lump_sums`` by month).

    ``monthly_budget`` may be negative (essentials above income): nothing is paid from it,
    and ``Plan.monthly_gap`` counts the deficit. ``stop_when_short`` stops at the first
    short month (outcome ``stopped``), a cheap feasibility probe. Raises
    :class:`PlanInputError`. See the module doc for the rules.
    """
    debt_list = list(debts)
    if len({d.id for d in debt_list}) != len(debt_list):
        raise PlanInputError("plan.duplicate_debt")
    if max_months < 0:
        raise PlanInputError("plan.bad_max_months", max_months=max_months)
    seq = [debt_list[i] for i in strategy_order(debt_list, strategy, order)]
    late_first = strategy == "overdue_first"  # rule 4: a short month pays arrears first
    ids = tuple(d.id for d in seq)
    budget = _cents(monthly_budget, Rounding.SPLIT)
    pay_budget = max(budget, 0)
    lumps: dict[int, int] = {}
    for month, amount in (lump_sums or {}).items():
        if month < 1:
            raise PlanInputError("plan.bad_lump_month", month=month)
        if amount < 0:
            raise PlanInputError("plan.negative_amount", field="lump_sums", month=month)
        lumps[month] = lumps.get(month, 0) + _cents(amount, Rounding.SPLIT)

    bal = [_cents(d.balance) for d in seq]
    arr = [min(_cents(d.overdue), b) for d, b in zip(seq, bal, strict=True)]
    first_due = [None if d.cycle_due is None else _cents(d.cycle_due) for d in seq]
    # Per debt constants, as one tuple for fast unpacking in the loop:
    # (position, interest numerator, interest half-denominator, interest denominator,
    #  kind [0 none, 1 fixed, 2 percent], fixed cents, pct numerator, pct half-den,
    #  pct den, floor cents). interest = (b*num + half) // den is b*apr/12 half-up.
    consts: list[Consts] = []
    for k, d in enumerate(seq):
        an, ad = d.apr.as_integer_ratio()
        kind, fixed, pn, ph, pd = 0, 0, 0, 0, 1
        if d.minimum is not None:
            kind, fixed = 1, _cents(d.minimum)
        elif d.min_percent is not None:
            kind = 2
            pn, pd = d.min_percent.as_integer_ratio()
            pn, ph, pd = 2 * pn, pd, 2 * pd
        consts.append((k, 2 * an, 12 * ad, 24 * ad, kind, fixed, pn, ph, pd, _cents(d.min_floor)))

    payoff: dict[DebtId, int] = {ids[k]: 0 for k in range(len(seq)) if bal[k] == 0}
    active = [c for c in consts if bal[c[0]] > 0]
    positions = tuple(c[0] for c in active)
    rbuf = [0] * len(seq)
    has_first_due = any(x is not None for x in first_due)
    arrears_start = sum(arr)
    in_arrears = arrears_start > 0
    cleared_arrears: int | None = None if in_arrears else 0
    rows: list[RawRow] = []
    total_interest = total_paid = 0
    monthly_required = 0
    month = 0
    outcome: Outcome = "ends"
    shortfall: int | None = None
    shortfall_month: int | None = None
    stall: tuple[int, int, int] | None = None  # (month, interest, paid) of the current run
    while active:
        if month >= max_months:
            outcome = "never_ends" if stall is not None else "too_long"
            break
        month += 1
        avail = pay_budget + lumps[month] if month in lumps else pay_budget
        ints: list[int] | None = [] if keep_schedule else None
        pays: list[int] | None = None
        if in_arrears or (month == 1 and has_first_due):
            reqs, month_interest = accrue(active, bal, arr, first_due if month == 1 else None, ints)
            required = sum(reqs)
            due = required + sum(arr)
            fits = due <= avail
            if fits:
                pays = pay_in_full(active, bal, arr, reqs)
            cleared = True  # look below
        else:
            month_interest, required, cleared = accrue_and_pay(active, bal, rbuf, ints)
            due = required
            fits = due <= avail
            if not fits:
                reqs = undo(active, bal, rbuf)
            elif ints is not None:
                pays = [rbuf[k] for k in positions]
        if month == 1:
            monthly_required = required
        if fits:
            extra = avail - due
            if extra:
                extra, more = pay_extra(active, bal, extra, pays)
                cleared = cleared or more
            paid = avail - extra
            in_arrears = False
        else:
            if shortfall_month is None:
                shortfall, shortfall_month = due - avail, month
            if stop_when_short:
                month -= 1
                outcome = "stopped"
                break
            pays = pay_short(active, bal, arr, reqs, avail, late_first)
            paid = avail
            in_arrears = any(arr)
            cleared = True
        if cleared_arrears is None and not in_arrears:
            cleared_arrears = month
        total_interest += month_interest
        total_paid += paid
        if paid > month_interest:
            stall = None
        elif stall is None:
            stall = (month, month_interest, paid)
        if ints is not None and pays is not None:
            rows.append((month, avail, due, positions, ints, pays, [bal[k] for k in positions]))
        if cleared:
            done = [c for c in active if not bal[c[0]]]
            if done:
                for c in done:
                    payoff[ids[c[0]]] = month
                active = [c for c in active if bal[c[0]]]
                positions = tuple(c[0] for c in active)
    growth = None
    if outcome == "never_ends" and stall is not None:
        growth = Growth(stall[0], dec(stall[1]), dec(stall[2]))
    short = shortfall_month is not None
    feasible = outcome == "ends" and not short
    reason: Literal["shortfall", "never_ends", "too_long"] | None = None
    if short:
        reason = "shortfall"
    elif outcome in ("never_ends", "too_long"):
        reason = "never_ends" if outcome == "never_ends" else "too_long"
    return Plan(
        feasible=feasible,
        reason=reason,
        shortfall=None if shortfall is None else dec(shortfall),
        shortfall_month=shortfall_month,
        months=month,
        total_interest=dec(total_interest),
        total_paid=dec(total_paid),
        payoff_month={ids[k]: payoff[ids[k]] for k in range(len(ids)) if ids[k] in payoff},
        order=ids,
        outcome=outcome,
        money=dec(budget),
        arrears=dec(arrears_start),
        monthly_required=dec(monthly_required),
        growth=growth,
        arrears_cleared_month=cleared_arrears,
        _rows=tuple(rows),
    )


def compare_strategies(
    debts: Iterable[PlanDebt],
    budget: Decimal,
    lump_sums: Mapping[int, Decimal] | None = None,
    *,
    max_months: int = MAX_MONTHS,
    keep_schedule: bool = True,
) -> dict[str, Plan]:
    """Plans for avalanche, snowball and overdue_first, in that order."""
    debt_list = list(debts)
    return {
        s: simulate(
            debt_list,
            budget,
            s,
            lump_sums=lump_sums,
            max_months=max_months,
            keep_schedule=keep_schedule,
        )
        for s in COMPARED_STRATEGIES
    }
