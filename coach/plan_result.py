"""What the planner returns: the plan, its month rows, and why a plan doesn't end.

Split from :mod:`coach.planner` (which re-exports every name here) so the simulation and
the shape of its result can each be read on their own.

Three figures every screen reads from one :class:`Plan` and never recomputes:

* ``arrears``: what is overdue now, a one-off (month 1), never part of a monthly figure;
* ``monthly_required``: this cycle's required payments (each minimum or instalment,
  capped at the part of the balance not already in arrears), without the arrears;
* ``monthly_gap``: ``monthly_required - money`` when positive, where ``money`` is the plan
  money a month as given (it may be negative: capacity -50 with a 50 minimum is a gap of
  100). A lump sum never changes it: a one-off does not close a monthly gap.

The outcome says whether paying ``money`` a month (all of it, arrears first) clears the
debts: ``ends`` (in ``months``), ``never_ends`` (the balance stops falling: what is paid a
month is at or below the monthly interest, see :class:`Growth`), ``too_long`` (it falls,
but is not cleared within the horizon) or ``stopped`` (``stop_when_short``: simulation
stopped at the first month that could not pay what was due).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Literal, NamedTuple, TypeAlias

__all__ = ["DebtId", "DebtMonth", "Growth", "MonthRow", "Outcome", "Plan", "RawRow"]

DebtId: TypeAlias = int | str
Outcome: TypeAlias = Literal["ends", "never_ends", "too_long", "stopped"]
# A raw row: month, available, due, debt positions, interest, payment, balance (cents).
RawRow: TypeAlias = tuple[int, int, int, tuple[int, ...], list[int], list[int], list[int]]

_CENT = Decimal("0.01")
_ZERO = Decimal(0)


def dec(cents: int, _cent: Decimal = _CENT) -> Decimal:
    """Integer cents as a Decimal with two places (exact)."""
    return Decimal(cents) * _cent


class DebtMonth(NamedTuple):
    """One debt in one month: interest accrued, amount paid, balance after payment."""

    debt_id: DebtId
    interest: Decimal
    payment: Decimal
    balance: Decimal


class MonthRow(NamedTuple):
    """One month of a plan. ``available`` = the plan money (0 if negative) + lump sum;
    ``required`` = arrears carried in + the month's required payments; ``payment`` is what
    was actually paid (less than ``required`` in a short month; the rest of ``available``
    is unused once every debt is cleared)."""

    month: int
    available: Decimal
    required: Decimal
    interest: Decimal
    payment: Decimal
    balance: Decimal
    debts: tuple[DebtMonth, ...]


@dataclass(frozen=True)
class Growth:
    """Why a plan never ends, from ``month`` on (month 1 unless a lump sum or a cleared
    debt kept the balance falling for a while): each month the debts accrue ``interest``,
    the plan pays ``paid`` (<= interest), and the balance grows by ``grows`` =
    interest - paid, the least extra a month that would stop it growing.

    $100,000 at 36% with $250 a month: interest 100,000 x 0.36 / 12 = 3,000, paid 250,
    grows 2,750.
    """

    month: int
    interest: Decimal
    paid: Decimal

    @property
    def grows(self) -> Decimal:
        return self.interest - self.paid


@dataclass(frozen=True)
class Plan:
    """The result of :func:`coach.planner.simulate`.

    ``months``: months simulated (the debt-free month when ``outcome == "ends"``; the
    horizon for never_ends / too_long; the months before ``shortfall_month`` when
    ``stopped``). ``total_interest`` and ``total_paid`` cover those months.
    ``payoff_month`` holds only the debts cleared (month 0 for a debt at zero).

    ``shortfall_month`` is the first month whose money did not cover what was due (the
    arrears carried in plus that month's required payments) and ``shortfall`` that month's
    uncovered amount; both None when every month was covered. ``feasible`` means the plan
    ends and no month fell short. ``reason`` (kept for older callers): None when feasible,
    else ``"shortfall"`` when a month fell short, else the outcome.

    ``arrears_cleared_month``: the first month at whose end nothing is in arrears (0 when
    nothing is overdue at the start; None if arrears remain when the simulation stops).
    """

    feasible: bool
    reason: Literal["shortfall", "never_ends", "too_long"] | None
    shortfall: Decimal | None
    shortfall_month: int | None
    months: int
    total_interest: Decimal
    total_paid: Decimal
    payoff_month: dict[DebtId, int]
    order: tuple[DebtId, ...]
    outcome: Outcome = "ends"
    money: Decimal = _ZERO
    arrears: Decimal = _ZERO
    monthly_required: Decimal = _ZERO
    growth: Growth | None = None
    arrears_cleared_month: int | None = 0
    _rows: tuple[RawRow, ...] = field(default=(), repr=False, compare=False)

    @property
    def monthly_gap(self) -> Decimal:
        """``monthly_required - money`` when positive, else 0 (never includes arrears)."""
        return max(self.monthly_required - self.money, _ZERO)

    @property
    def debt_free_month(self) -> int | None:
        """The month the last debt is cleared, or None when the plan doesn't end.

        A plan that ends while some month fell short still has one: it is the month the
        debts would be cleared if the lenders accepted what the plan pays.
        """
        return self.months if self.outcome == "ends" else None

    @cached_property
    def schedule(self) -> tuple[MonthRow, ...]:
        """Month-by-month rows (empty when simulated with ``keep_schedule=False``)."""
        return tuple(self._row(raw) for raw in self._rows)

    @property
    def month_one(self) -> MonthRow | None:
        """Month 1's row without building the whole schedule (None without rows)."""
        return self._row(self._rows[0]) if self._rows else None

    def _row(self, raw: RawRow) -> MonthRow:
        month, avail, required, pos, ints, pays, bals = raw
        order, cent = self.order, _CENT
        lines = tuple(
            DebtMonth(order[k], Decimal(i) * cent, Decimal(p) * cent, Decimal(b) * cent)
            for k, i, p, b in zip(pos, ints, pays, bals, strict=True)
        )
        return MonthRow(
            month=month,
            available=dec(avail),
            required=dec(required),
            interest=dec(sum(ints)),
            payment=dec(sum(pays)),
            balance=dec(sum(bals)),
            debts=lines,
        )
