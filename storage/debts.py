"""Debt and payment repositories: every query scoped by the user, rows mapped to coach types.

Reads return :class:`coach.records.Debt` and :class:`coach.records.Payment`; writes take
coach values (a confirmed :class:`coach.debts.DebtDraft`, an amount). Nothing outside
this module sees a ``storage.models.Debt`` row. Repositories flush, never commit.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from coach.debts import DebtDraft, quoted_from_dict, stored_due
from coach.lenders import LenderType
from coach.parsing.minimum import MinimumRule
from coach.rates import QuotedRate, RateKind, quoted_to_apr
from coach.records import Debt, Payment
from storage.models import Debt as DebtRow
from storage.models import Payment as PaymentRow

__all__ = ["DebtRepository", "PaymentRepository", "to_debt", "to_payment"]

#: The fields that state a debt's arrears (``DebtRepository.update`` restates them).
_ARREARS = ("overdue_amount", "overdue_since", "penalty_apr")


def _lender_type(code: str) -> LenderType:
    try:
        return LenderType(code)
    except ValueError:
        return LenderType.UNKNOWN


def to_debt(row: DebtRow) -> Debt:
    quote = None
    if row.rate_kind is not None:
        quote = QuotedRate(
            kind=RateKind(row.rate_kind),
            rate=row.rate_value or Decimal(0),
            instalments=row.rate_periods,
            payment=row.rate_amount,
        )
    minimum = None
    if row.min_kind is not None:
        minimum = MinimumRule(row.min_kind, row.min_amount, row.min_percent, row.min_floor)
    return Debt(
        id=row.id or 0, lender=row.lender, balance=row.balance,
        lender_type=_lender_type(row.lender_type), taken_on=row.taken_on,
        taken_precision=row.taken_precision, quote=quote, rate_text=row.rate_text, apr=row.apr,
        minimum=minimum, due_day=row.due_day, next_due=row.next_due,
        overdue_since=row.overdue_since, overdue_amount=row.overdue_amount,
        stated_at=row.overdue_stated_at or row.updated_at or row.created_at,
        penalty_apr=row.penalty_apr, fees=row.fees, bureau=row.reports_to_bureau,
        purpose=row.purpose, auto_debit=row.auto_debit,
        auto_debit_account=row.auto_debit_account, muted=row.muted, status=row.status,
        token=row.client_token, created_at=row.created_at, last4=row.last4,
        principal=row.principal, received=row.received,
    )  # fmt: skip


def to_payment(row: PaymentRow) -> Payment:
    return Payment(
        id=row.id or 0, debt_id=row.debt_id, amount=row.amount, paid_on=row.paid_on,
        to_overdue=row.to_overdue, token=row.client_token, created_at=row.created_at,
    )  # fmt: skip


def _apply(row: DebtRow, draft: DebtDraft) -> None:
    """Write a confirmed draft's fields onto a row."""
    cost = draft.cost()
    q = draft.quoted
    rule = draft.minimum_rule
    row.lender = (draft.lender or "").strip()[:100]
    row.lender_type = draft.lender_type or LenderType.UNKNOWN.value
    row.taken_on = draft.taken_date
    row.taken_precision = draft.taken_precision
    row.balance = draft.balance_value or Decimal(0)
    row.rate_kind = q.kind.value if q else None
    row.rate_value = q.rate if q else None
    row.rate_periods = q.instalments if q else None
    row.rate_amount = q.payment if q else None
    row.rate_text = (draft.rate_text or "")[:100] or None
    row.apr = cost.apr if cost else None
    row.min_kind = rule.kind if rule and rule.kind != "none" else None
    row.min_amount = rule.amount if rule else None
    row.min_percent = rule.percent if rule else None
    row.min_floor = rule.floor if rule else None
    if q is not None and q.kind is RateKind.INSTALMENTS and rule is None:
        row.min_kind, row.min_amount = "fixed", q.payment  # the instalment is the payment
    row.due_day, row.next_due = stored_due(draft)  # a private loan's date is one-off
    row.principal = draft.principal_value
    row.received = draft.received_value
    row.last4 = draft.last4 if draft.last4 and len(draft.last4) == 4 else None
    overdue = bool(draft.overdue)
    row.overdue_since = (
        date.fromisoformat(draft.overdue_since) if overdue and draft.overdue_since else None
    )
    row.overdue_amount = (
        Decimal(draft.overdue_amount) if overdue and draft.overdue_amount else Decimal(0)
    )
    row.penalty_apr = (
        quoted_to_apr(quoted_from_dict(draft.penalty))
        if overdue and draft.penalty is not None else None
    )
    row.fees = Decimal(draft.fees) if overdue and draft.fees else Decimal(0)
    row.reports_to_bureau = draft.bureau or "unknown"
    row.purpose = draft.purpose


class DebtRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _row(self, user_id: int, debt_id: int) -> DebtRow | None:
        row = await self.session.get(DebtRow, debt_id)
        return row if row is not None and row.user_id == user_id else None

    async def get(self, user_id: int, debt_id: int) -> Debt | None:
        row = await self._row(user_id, debt_id)
        return to_debt(row) if row is not None else None

    async def by_token(self, user_id: int, token: str) -> Debt | None:
        rows = await self.session.execute(
            select(DebtRow).where(DebtRow.user_id == user_id, DebtRow.client_token == token)  # type: ignore[arg-type]
        )
        row = rows.scalars().first()
        return to_debt(row) if row is not None else None

    async def list(self, user_id: int, *, include_paid: bool = False) -> list[Debt]:
        """The user's debts, oldest first (active only unless ``include_paid``)."""
        stmt = select(DebtRow).where(DebtRow.user_id == user_id)  # type: ignore[arg-type]
        if not include_paid:
            stmt = stmt.where(DebtRow.status == "active")  # type: ignore[arg-type]
        rows = await self.session.execute(stmt.order_by(DebtRow.id))  # type: ignore[arg-type]
        return [to_debt(r) for r in rows.scalars()]

    async def save(self, user_id: int, draft: DebtDraft, now: datetime) -> tuple[Debt, bool] | None:
        """Save a confirmed draft: update the debt it edits, or add a new one.

        Returns (debt, created); created is False when this draft's token was saved
        before (a double tap). None when the edited debt isn't this user's.
        """
        if draft.edit_id is not None:
            row = await self._row(user_id, draft.edit_id)
            if row is None:
                return None
            stated = (row.overdue_amount, row.overdue_since)
            _apply(row, draft)
            if (row.overdue_amount, row.overdue_since) != stated:
                row.overdue_stated_at = now  # the overdue answers changed: a new statement
            row.updated_at = now
            await self.session.flush()
            return to_debt(row), True
        existing = await self.by_token(user_id, draft.token)
        if existing is not None:
            return existing, False
        row = DebtRow(user_id=user_id, lender="", balance=Decimal(0), client_token=draft.token,
                      created_at=now, updated_at=now, overdue_stated_at=now)
        _apply(row, draft)
        self.session.add(row)
        await self.session.flush()
        return to_debt(row), True

    async def delete(self, user_id: int, debt_id: int) -> Debt | None:
        """Delete a debt (its payments go with it); the deleted debt, or None."""
        row = await self._row(user_id, debt_id)
        if row is None:
            return None
        gone = to_debt(row)
        await self.session.delete(row)
        await self.session.flush()
        return gone

    async def update(self, user_id: int, debt_id: int, now: datetime, **fields: object) -> Debt | None:
        """Set plain fields (``auto_debit``, ``auto_debit_account``, ``muted``, ``lender_type``)
        or restate the arrears (``overdue_amount``, ``overdue_since``, ``penalty_apr``):
        a change to the first two is a new statement, made ``now`` (coach.billing)."""
        allowed = {"auto_debit", "auto_debit_account", "muted", "lender_type", *_ARREARS}
        if not fields.keys() <= allowed:
            raise TypeError(f"not an updatable debt field: {sorted(fields.keys() - allowed)}")
        row = await self._row(user_id, debt_id)
        if row is None:
            return None
        stated = (row.overdue_amount, row.overdue_since)
        for key, value in fields.items():
            setattr(row, key, value.value if isinstance(value, LenderType) else value)
        if (row.overdue_amount, row.overdue_since) != stated:
            row.overdue_stated_at = now
        row.updated_at = now
        await self.session.flush()
        return to_debt(row)

    async def apply_payment(
        self, user_id: int, debt_id: int, after: Debt, now: datetime
    ) -> Debt | None:
        """Store a debt's balance and status after a payment (computed in coach).

        The arrears stay as stated: payments replay against them (coach.billing)."""
        row = await self._row(user_id, debt_id)
        if row is None:
            return None
        row.balance, row.status = after.balance, after.status
        row.updated_at = now
        await self.session.flush()
        return to_debt(row)


class PaymentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def for_debt(self, user_id: int, debt_id: int) -> list[Payment]:
        """A debt's payments, newest first."""
        rows = await self.session.execute(
            select(PaymentRow)
            .where(PaymentRow.user_id == user_id, PaymentRow.debt_id == debt_id)  # type: ignore[arg-type]
            .order_by(PaymentRow.paid_on.desc(), PaymentRow.id.desc())  # type: ignore[attr-defined,union-attr]
        )
        return [to_payment(r) for r in rows.scalars()]

    async def since(self, user_id: int, since: date) -> list[Payment]:
        """The user's payments paid on or after ``since``, oldest first."""
        rows = await self.session.execute(
            select(PaymentRow)
            .where(PaymentRow.user_id == user_id, PaymentRow.paid_on >= since)  # type: ignore[arg-type]
            .order_by(PaymentRow.paid_on, PaymentRow.id)  # type: ignore[arg-type]
        )
        return [to_payment(r) for r in rows.scalars()]

    async def recorded_since(self, user_id: int, since: datetime) -> list[Payment]:
        """The user's payments recorded at or after ``since`` (the oldest statement of
        arrears among their debts), oldest first: what the billing model replays."""
        rows = await self.session.execute(
            select(PaymentRow)
            .where(PaymentRow.user_id == user_id, PaymentRow.created_at >= since)  # type: ignore[arg-type]
            .order_by(PaymentRow.paid_on, PaymentRow.id)  # type: ignore[arg-type]
        )
        return [to_payment(r) for r in rows.scalars()]

    async def by_token(self, user_id: int, token: str) -> Payment | None:
        rows = await self.session.execute(
            select(PaymentRow).where(PaymentRow.user_id == user_id, PaymentRow.client_token == token)  # type: ignore[arg-type]
        )
        row = rows.scalars().first()
        return to_payment(row) if row is not None else None

    async def add(
        self, user_id: int, debt_id: int, amount: Decimal, paid_on: date, to_overdue: Decimal,
        token: str, now: datetime,
    ) -> Payment:
        row = PaymentRow(user_id=user_id, debt_id=debt_id, amount=amount, to_overdue=to_overdue,
                         paid_on=paid_on, client_token=token, created_at=now)
        self.session.add(row)
        await self.session.flush()
        return to_payment(row)
