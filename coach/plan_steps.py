"""One month of the planner's loop, on integer cents (private to :mod:`coach.planner`).

Each debt is a tuple of loop constants (see ``simulate``): position, interest numerator,
half-denominator and denominator, rule kind (0 none, 1 fixed, 2 percent), fixed cents,
percent numerator, half-denominator and denominator, floor cents. ``bal`` and ``arr`` are
the balances and arrears by position, changed in place. The rules are in the planner's
module doc; the functions are split so the common month (no arrears, money enough) runs
one tight loop and nothing else.
"""

from __future__ import annotations

from typing import TypeAlias

Consts: TypeAlias = tuple[int, int, int, int, int, int, int, int, int, int]

__all__ = ["Consts", "accrue", "accrue_and_pay", "pay_extra", "pay_in_full", "pay_short", "undo"]


def accrue_and_pay(
    active: list[Consts], bal: list[int], rbuf: list[int], ints: list[int] | None
) -> tuple[int, int, bool]:
    """The common month (no arrears, rule from month 2 or without ``cycle_due``): add
    interest, take each required payment off its balance (kept in ``rbuf`` by position
    for :func:`undo`). Returns (interest, required, some debt cleared)."""
    month_interest = 0
    required = 0
    cleared = False
    for k, inum, ihalf, iden, kind, fixed, pn, ph, pd, floor in active:
        start = bal[k]
        interest = (start * inum + ihalf) // iden if inum else 0
        b = start + interest
        month_interest += interest
        if kind == 1:
            r = fixed
        elif kind == 2:
            r = (start * pn + ph) // pd
            if r < floor:
                r = floor
        else:
            r = 0
        if r >= b:
            r = b
            cleared = True
        bal[k] = b - r
        rbuf[k] = r
        required += r
        if ints is not None:
            ints.append(interest)
    return month_interest, required, cleared


def undo(active: list[Consts], bal: list[int], rbuf: list[int]) -> list[int]:
    """Put back what :func:`accrue_and_pay` took (the month is short); the required
    payments in ``active`` order."""
    reqs = []
    for c in active:
        k = c[0]
        bal[k] += rbuf[k]
        reqs.append(rbuf[k])
    return reqs


def accrue(
    active: list[Consts],
    bal: list[int],
    arr: list[int],
    first_due: list[int | None] | None,
    ints: list[int] | None,
) -> tuple[list[int], int]:
    """Any month: add interest; each debt's required payment (``first_due`` replaces the
    rule where given), capped at the balance not in arrears, not yet paid. Returns
    (required payments in ``active`` order, interest)."""
    reqs: list[int] = []
    month_interest = 0
    for k, inum, ihalf, iden, kind, fixed, pn, ph, pd, floor in active:
        start = bal[k]
        interest = (start * inum + ihalf) // iden if inum else 0
        b = start + interest
        bal[k] = b
        month_interest += interest
        given = None if first_due is None else first_due[k]
        if given is not None:
            r = given
        elif kind == 1:
            r = fixed
        elif kind == 2:
            r = (start * pn + ph) // pd
            if r < floor:
                r = floor
        else:
            r = 0
        room = b - arr[k]
        reqs.append(r if r < room else room)
        if ints is not None:
            ints.append(interest)
    return reqs, month_interest


def pay_in_full(active: list[Consts], bal: list[int], arr: list[int], reqs: list[int]) -> list[int]:
    """Money enough: pay every debt's arrears and required payment."""
    pays = []
    for j, c in enumerate(active):
        k = c[0]
        p = reqs[j] + arr[k]
        arr[k] = 0
        bal[k] -= p
        pays.append(p)
    return pays


def pay_short(
    active: list[Consts], bal: list[int], arr: list[int], reqs: list[int], avail: int,
    late_first: bool = False,
) -> list[int]:
    """A short month: current debts' required payments first, then each debt in arrears
    its arrears and required payment, in strategy order; what is unpaid becomes arrears.
    ``late_first`` (the overdue-first strategy, as its name promises): the debts in
    arrears first, then the current ones."""
    pays = [0] * len(active)
    late = [j for j, c in enumerate(active) if arr[c[0]]]
    current = [j for j, c in enumerate(active) if not arr[c[0]]]
    for j in (late + current if late_first else current + late):
        k = active[j][0]
        due = arr[k] + reqs[j]
        p = due if due < avail else avail
        avail -= p
        bal[k] -= p
        arr[k] = due - p
        pays[j] = p
    return pays


def pay_extra(
    active: list[Consts], bal: list[int], extra: int, pays: list[int] | None
) -> tuple[int, bool]:
    """The extra in strategy order, each debt taking up to its balance. Returns (extra
    left over, some debt cleared)."""
    cleared = False
    j = 0
    for c in active:
        k = c[0]
        b = bal[k]
        if b:
            take = extra if extra < b else b
            bal[k] = b - take
            if pays is not None:
                pays[j] += take
            extra -= take
            if take == b:
                cleared = True
            if not extra:
                break
        j += 1
    return extra, cleared
