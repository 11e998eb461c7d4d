"""A debt's terms as agreed outcomes change them (coach.outcomes.DebtTerms), read and written.

The numeric terms are columns of ``debts``. The markers (grace until, penalty stopped
on, 0% from, settle by) have no column: they are read from the debt's changes that are
not reverted (storage/contacts.py), each marker the value the latest of them set, so
reverting a change takes its marker away with it and no migration is needed.
Repositories flush, never commit.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from coach.outcomes import MARKERS, DebtChange, DebtTerms
from storage.contacts import DebtChangeRepository
from storage.models import Debt as DebtRow

__all__ = ["COLUMNS", "DebtTermsRepository", "markers_of"]

#: The DebtTerms fields stored as ``debts`` columns.
COLUMNS = (
    "balance", "overdue_amount", "overdue_since", "fees", "apr", "penalty_apr", "rate_kind",
    "rate_value", "rate_periods", "rate_amount", "min_kind", "min_amount", "min_percent",
    "min_floor", "due_day", "next_due",
)  # fmt: skip


def markers_of(changes: list[DebtChange]) -> dict[str, Any]:
    """The markers the changes set, oldest first, each the latest change's value."""
    out: dict[str, Any] = dict.fromkeys(MARKERS)
    for change in changes:
        for f in change.fields:
            if f.field in MARKERS:
                out[f.field] = f.after
    return out


class DebtTermsRepository:
    """Terms of one of the user's debts; every query scoped by the user."""

    def __init__(self, session: Any) -> None:
        self.session = session

    async def _row(self, user_id: int, debt_id: int) -> DebtRow | None:
        row = await self.session.get(DebtRow, debt_id)
        return row if row is not None and row.user_id == user_id else None

    async def get(self, user_id: int, debt_id: int) -> DebtTerms | None:
        """The debt's terms now (None: not this user's debt)."""
        row = await self._row(user_id, debt_id)
        if row is None:
            return None
        changes = await DebtChangeRepository(self.session).active(user_id, debt_id)
        terms = DebtTerms(**{c: getattr(row, c) for c in COLUMNS})
        return replace(terms, **markers_of(changes))

    async def put(self, user_id: int, debt_id: int, terms: DebtTerms, now: datetime) -> bool:
        """Write the column fields of ``terms`` (markers live in the changes); flushes.
        A balance of 0 marks the debt paid off. False when it isn't this user's debt."""
        row = await self._row(user_id, debt_id)
        if row is None:
            return False
        restated = (row.overdue_amount, row.overdue_since) != (terms.overdue_amount,
                                                                terms.overdue_since)
        for name in COLUMNS:
            setattr(row, name, getattr(terms, name))
        if restated:  # the arrears as agreed are a new statement (coach.billing.Stated)
            row.overdue_stated_at = now
        if row.balance <= 0:
            row.status = "paid_off"
        elif row.status == "paid_off":
            row.status = "active"
        row.updated_at = now
        await self.session.flush()
        return True
