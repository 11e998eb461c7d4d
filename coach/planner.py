"""Month-by-month repayment simulation: avalanche, snowball, overdue-first or custom.

Conventions (every figure can be checked by hand to the cent):

1. Interest: in each month m = 1, 2, ... every unpaid debt accrues
   ``balance x APR / 12``, rounded half-up to 0.01, added to its balance.
2. Required payment: each unpaid debt's minimum, capped at its balance. A percentage
   minimum is taken of the balance after interest (rounded half-up to 0.01) and is at
   least its floor. In month 1 the overdue amount is added, still capped at the balance.
3. If the required payments exceed budget + that month's lump sum, the plan is
   infeasible: ``reason="shortfall"`` with the month and the excess.
4. Extra = budget + lump sum - required payments. It goes to debts in strategy order,
   each taking up to its remaining balance; the rest rolls on the same month.
5. The order is fixed at the start (see :func:`strategy_order`).
6. The plan ends when every balance is 0; beyond ``max_months`` it is infeasible with
   ``reason="too_long"``.

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
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Literal, NamedTuple, TypeAlias

from coach.errors import CoachError
from coach.money import Rounding, round_money

DebtId: TypeAlias = int | str
Strategy: TypeAlias = Literal["avalanche", "snowball", "overdue_first", "custom"]
STRATEGIES: tuple[str, ...] = ("avalanche", "snowball", "overdue_first", "custom")
COMPARED_STRATEGIES: tuple[str, ...] = ("avalanche", "snowball", "overdue_first")
MAX_MONTHS = 600

_CENT = Decimal("0.01")
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
    floor ``min_floor``; neither means no minimum.
    """

    id: DebtId
    name: str
    balance: Decimal
    apr: Decimal
    minimum: Decimal | None = None
    min_percent: Decimal | None = None
    min_floor: Decimal = _ZERO
    overdue: Decimal = _ZERO

    def __post_init__(self) -> None:
        if self.minimum is not None and self.min_percent is not None:
            raise PlanInputError("plan.both_minimum_rules", debt=self.id)
        for name in ("balance", "apr", "minimum", "min_percent", "min_floor", "overdue"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise PlanInputError("plan.negative_amount", debt=self.id, field=name)


class DebtMonth(NamedTuple):
    """One debt in one month: interest accrued, amount paid, balance after payment."""

    debt_id: DebtId
    interest: Decimal
    payment: Decimal
    balance: Decimal


class MonthRow(NamedTuple):
    """One month of a plan. ``available`` = budget + lump sum; ``payment`` is what was
    actually paid (the rest of ``available`` is unused once every debt is cleared)."""

    month: int
    available: Decimal
    required: Decimal
    interest: Decimal
    payment: Decimal
    balance: Decimal
    debts: tuple[DebtMonth, ...]


# Per debt loop constants, see simulate().
_Consts: TypeAlias = tuple[int, int, int, int, int, int, int, int, int, int]
# A raw row: month, available, required, debt positions, interest, payment, balance (cents).
_RawRow: TypeAlias = tuple[int, int, int, tuple[int, ...], list[int], list[int], list[int]]


@dataclass(frozen=True)
class Plan:
    """The result of :func:`simulate`.

    ``months`` counts the months simulated to completion (for a shortfall, the months
    before ``shortfall_month``; for too_long, ``max_months``). ``total_interest`` and
    ``total_paid`` cover those months. ``payoff_month`` holds only the debts cleared
    (month 0 for a debt that starts at zero).
    """

    feasible: bool
    reason: Literal["shortfall", "too_long"] | None
    shortfall: Decimal | None
    shortfall_month: int | None
    months: int
    total_interest: Decimal
    total_paid: Decimal
    payoff_month: dict[DebtId, int]
    order: tuple[DebtId, ...]
    _rows: tuple[_RawRow, ...] = field(default=(), repr=False, compare=False)

    @cached_property
    def schedule(self) -> tuple[MonthRow, ...]:
        """Month-by-month rows (empty when simulated with ``keep_schedule=False``)."""
        order = self.order
        rows: list[MonthRow] = []
        cent = _CENT
        for month, avail, required, pos, ints, pays, bals in self._rows:
            lines = tuple(
                DebtMonth(order[k], Decimal(i) * cent, Decimal(p) * cent, Decimal(b) * cent)
                for k, i, p, b in zip(pos, ints, pays, bals, strict=True)
            )
            rows.append(
                MonthRow(
                    month=month,
                    available=_dec(avail),
                    required=_dec(required),
                    interest=_dec(sum(ints)),
                    payment=_dec(sum(pays)),
                    balance=_dec(sum(bals)),
                    debts=lines,
                )
            )
        return tuple(rows)

    @property
    def debt_free_month(self) -> int | None:
        """The month the last debt is cleared, or None for an infeasible plan."""
        return self.months if self.feasible else None


def _dec(cents: int, _cent: Decimal = _CENT) -> Decimal:
    return Decimal(cents) * _cent  # exact: keeps two decimal places


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
) -> Plan:
    """Simulate paying ``debts`` with ``monthly_budget`` (plus ``lump_sums`` by month)."""
    debt_list = list(debts)
    if len({d.id for d in debt_list}) != len(debt_list):
        raise PlanInputError("plan.duplicate_debt")
    if max_months < 0:
        raise PlanInputError("plan.bad_max_months", max_months=max_months)
    seq = [debt_list[i] for i in strategy_order(debt_list, strategy, order)]
    ids = tuple(d.id for d in seq)
    budget = _cents(monthly_budget, Rounding.SPLIT)
    lumps: dict[int, int] = {}
    for month, amount in (lump_sums or {}).items():
        if month < 1:
            raise PlanInputError("plan.bad_lump_month", month=month)
        if amount < 0:
            raise PlanInputError("plan.negative_amount", field="lump_sums", month=month)
        lumps[month] = lumps.get(month, 0) + _cents(amount, Rounding.SPLIT)

    bal = [_cents(d.balance) for d in seq]
    overdue = [_cents(d.overdue) for d in seq]
    # Per debt constants, as one tuple for fast unpacking in the loop:
    # (position, interest numerator, interest half-denominator, interest denominator,
    #  kind [0 none, 1 fixed, 2 percent], fixed cents, pct numerator, pct half-den,
    #  pct den, floor cents). interest = (b*num + half) // den is b*apr/12 half-up.
    consts: list[_Consts] = []
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
    rows: list[_RawRow] = []
    total_interest = 0
    total_paid = 0
    month = 0
    reason: Literal["shortfall", "too_long"] | None = None
    shortfall: int | None = None
    shortfall_month: int | None = None
    while active:
        if month >= max_months:
            reason = "too_long"
            break
        month += 1
        avail = budget + lumps[month] if month in lumps else budget
        ints: list[int] | None = [] if keep_schedule else None
        reqs: list[int] | None = [] if keep_schedule else None
        month_interest, required, cleared = _accrue(active, bal, ints, reqs)
        if month == 1 and any(overdue):
            added, cleared_overdue = _add_overdue(active, bal, overdue, reqs)
            required += added
            cleared = cleared or cleared_overdue
        if required > avail:
            reason, shortfall, shortfall_month = "shortfall", required - avail, month
            month -= 1
            break
        extra = avail - required
        if extra:
            j = 0
            for c in active:
                k = c[0]
                b = bal[k]
                if b:
                    take = extra if extra < b else b
                    bal[k] = b - take
                    if reqs is not None:
                        reqs[j] += take
                    extra -= take
                    if not extra:
                        cleared = cleared or take == b
                        break
                    cleared = True
                j += 1
        total_interest += month_interest
        total_paid += avail - extra
        if ints is not None and reqs is not None:
            rows.append(
                (month, avail, required, positions, ints, reqs, [bal[k] for k in positions])
            )
        if cleared:
            for c in active:
                if bal[c[0]] == 0:
                    payoff[ids[c[0]]] = month
            active = [c for c in active if bal[c[0]] > 0]
            positions = tuple(c[0] for c in active)
    return Plan(
        feasible=reason is None,
        reason=reason,
        shortfall=None if shortfall is None else _dec(shortfall),
        shortfall_month=shortfall_month,
        months=month,
        total_interest=_dec(total_interest),
        total_paid=_dec(total_paid),
        payoff_month={ids[k]: payoff[ids[k]] for k in range(len(ids)) if ids[k] in payoff},
        order=ids,
        _rows=tuple(rows),
    )


def _accrue(
    active: list[_Consts], bal: list[int], ints: list[int] | None, reqs: list[int] | None
) -> tuple[int, int, bool]:
    """Rules 1-2 for one month: add interest, take the required payments off the balances.

    Returns (interest, required, some debt cleared). This is the hot loop: it is written
    twice, with and without the per-debt rows, so the lean path does no list appends.
    """
    month_interest = 0
    required = 0
    cleared = False
    if ints is None or reqs is None:
        for k, inum, ihalf, iden, kind, fixed, pn, ph, pd, floor in active:
            b = bal[k]
            if inum:
                interest = (b * inum + ihalf) // iden
                b += interest
                month_interest += interest
            if kind == 1:
                r = fixed
            elif kind == 2:
                r = (b * pn + ph) // pd
                if r < floor:
                    r = floor
            else:
                r = 0
            if r >= b:
                r = b
                cleared = True
            bal[k] = b - r
            required += r
        return month_interest, required, cleared
    for k, inum, ihalf, iden, kind, fixed, pn, ph, pd, floor in active:
        b = bal[k]
        interest = (b * inum + ihalf) // iden if inum else 0
        b += interest
        month_interest += interest
        if kind == 1:
            r = fixed
        elif kind == 2:
            r = (b * pn + ph) // pd
            if r < floor:
                r = floor
        else:
            r = 0
        if r >= b:
            r = b
            cleared = True
        bal[k] = b - r
        required += r
        ints.append(interest)
        reqs.append(r)
    return month_interest, required, cleared


def _add_overdue(
    active: list[_Consts], bal: list[int], overdue: list[int], reqs: list[int] | None
) -> tuple[int, bool]:
    """Month 1: add each debt's overdue amount to its required payment, capped at the
    balance (rule 2). Returns (amount added, some debt cleared)."""
    added = 0
    cleared = False
    for j, c in enumerate(active):
        k = c[0]
        more = min(overdue[k], bal[k])
        if more:
            bal[k] -= more
            added += more
            cleared = cleared or bal[k] == 0
            if reqs is not None:
                reqs[j] += more
    return added, cleared


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
