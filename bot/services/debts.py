"""Debts and payments: save a confirmed draft once, list, show, edit, delete, pay."""

from __future__ import annotations

import builtins
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from bot.services.hooks import ZonedService
from coach.debts import DebtDraft, MinimumRule, minimum_to_dict, next_due_on, quoted_to_dict
from coach.rates import QuotedRate, RateKind
from coach.timezones import local_now
from storage.debts import DebtRepository, PaymentRepository
from storage.models import Debt, Payment, User

if TYPE_CHECKING:
    pass



def new_token() -> str:
    return uuid.uuid4().hex[:16]


@dataclass(frozen=True)
class Saved:
    debt: Debt
    created: bool  # False: this draft was saved before (a double tap)


@dataclass(frozen=True)
class Paid:
    payment: Payment
    debt: Debt
    created: bool
    paid_off: bool


@dataclass(frozen=True)
class Totals:
    owed: Decimal
    overdue: Decimal
    next_debt: Debt | None
    next_on: date | None
    next_amount: Decimal | None


def minimum_due(debt: Debt) -> Decimal | None:
    """This month's minimum, capped at the balance."""
    rule = MinimumRule(debt.min_kind or "none", debt.min_amount, debt.min_percent, debt.min_floor)
    return rule.due(debt.balance)


def next_due(debt: Debt, today: date) -> date | None:
    return next_due_on(debt.due_day, debt.next_due, today)


def totals(debts: list[Debt], today: date) -> Totals:
    owed = sum((d.balance for d in debts), Decimal(0))
    overdue = sum((d.overdue_amount for d in debts), Decimal(0))
    upcoming = [(next_due(d, today), d) for d in debts]
    dated = sorted(((on, d.id or 0, d) for on, d in upcoming if on is not None), key=lambda x: x[:2])
    if not dated:
        return Totals(owed, overdue, None, None, None)
    on, _, debt = dated[0]
    return Totals(owed, overdue, debt, on, minimum_due(debt))


def draft_of(debt: Debt) -> DebtDraft:
    """An existing debt as a draft, for editing one field at a time."""
    return DebtDraft(
        token=debt.client_token,
        mode="edit",
        lender=debt.lender,
        lender_type=debt.lender_type,
        taken_on=debt.taken_on.isoformat() if debt.taken_on else None,
        taken_precision=debt.taken_precision,
        balance=str(debt.balance),
        rate=None if debt.rate_kind is None else quoted_to_dict(_quoted(debt)),
        rate_unknown=debt.rate_kind is None,
        rate_text=debt.rate_text,
        minimum=None if debt.min_kind is None else minimum_to_dict(
            MinimumRule(debt.min_kind, debt.min_amount, debt.min_percent, debt.min_floor)
        ),
        due_on=debt.next_due.isoformat() if debt.next_due else None,
        due_day=debt.due_day,
        overdue=debt.overdue_amount > 0 or debt.overdue_since is not None,
        overdue_since=debt.overdue_since.isoformat() if debt.overdue_since else None,
        overdue_amount=str(debt.overdue_amount) if debt.overdue_amount else None,
        penalty=None if debt.penalty_apr is None else quoted_to_dict(
            QuotedRate(RateKind.ANNUAL, rate=debt.penalty_apr)
        ),
        fees=str(debt.fees) if debt.fees else None,
        bureau=debt.reports_to_bureau,
        purpose=debt.purpose,
        edit_id=debt.id,
        answered=tuple(s for s in ("lender", "type", "taken", "balance", "rate", "minimum", "due",
                                   "overdue", "bureau")),
    )


def _quoted(debt: Debt) -> QuotedRate:
    return QuotedRate(
        kind=RateKind(debt.rate_kind or "annual"),
        rate=debt.rate_value or Decimal(0),
        instalments=debt.rate_periods,
        payment=debt.rate_amount,
        balance=None,
    )


def _apply(debt: Debt, draft: DebtDraft) -> None:
    cost = draft.cost()
    q = draft.quoted
    rule = draft.minimum_rule
    debt.lender = (draft.lender or "").strip()[:100]
    debt.lender_type = draft.lender_type or "unknown"
    debt.taken_on = draft.taken_date
    debt.taken_precision = draft.taken_precision
    debt.balance = draft.balance_value or Decimal(0)
    debt.rate_kind = q.kind.value if q else None
    debt.rate_value = q.rate if q else None
    debt.rate_periods = q.instalments if q else None
    debt.rate_amount = q.payment if q else None
    debt.rate_text = (draft.rate_text or "")[:100] or None
    debt.apr = cost.apr if cost else None
    debt.min_kind = rule.kind if rule and rule.kind != "none" else None
    debt.min_amount = rule.amount if rule else None
    debt.min_percent = rule.percent if rule else None
    debt.min_floor = rule.floor if rule else None
    if q is not None and q.kind is RateKind.INSTALMENTS and rule is None:
        debt.min_kind, debt.min_amount = "fixed", q.payment  # the instalment is the payment
    debt.due_day = draft.due_day
    debt.next_due = date.fromisoformat(draft.due_on) if draft.due_on else None
    if draft.due_on and not draft.due_day:
        debt.due_day = date.fromisoformat(draft.due_on).day  # a date fixes the day of month
    overdue = bool(draft.overdue)
    debt.overdue_since = date.fromisoformat(draft.overdue_since) if overdue and draft.overdue_since else None
    debt.overdue_amount = Decimal(draft.overdue_amount) if overdue and draft.overdue_amount else Decimal(0)
    penalty = draft.penalty
    debt.penalty_apr = None
    if overdue and penalty is not None:
        from coach.debts import quoted_from_dict
        from coach.rates import quoted_to_apr

        debt.penalty_apr = quoted_to_apr(quoted_from_dict(penalty))
    debt.fees = Decimal(draft.fees) if overdue and draft.fees else Decimal(0)
    debt.reports_to_bureau = draft.bureau or "unknown"
    debt.purpose = draft.purpose


class DebtService(ZonedService):
    def today(self, user: User | None) -> date:
        tz = (user.timezone if user else None) or self.default_timezone
        return local_now(self.uow.clock.now(), tz).date()

    async def save(self, user_id: int, draft: DebtDraft, update_id: int) -> Saved | None:
        """Save a confirmed draft. The draft's token makes a second Save a no-op."""
        saved = await self._save(user_id, draft, update_id)
        if saved is not None and saved.created:
            await self._changed(user_id)
        return saved

    async def _save(self, user_id: int, draft: DebtDraft, update_id: int) -> Saved | None:
        async with self.uow(update_id) as s:
            repo = DebtRepository(s)
            now = self.uow.clock.now()
            if draft.edit_id is not None:
                debt = await repo.get(user_id, draft.edit_id)
                if debt is None:
                    return None
                _apply(debt, draft)
                debt.updated_at = now
                s.add(debt)
                return Saved(debt, True)
            existing = await repo.by_token(user_id, draft.token)
            if existing is not None:
                return Saved(existing, False)
            debt = Debt(user_id=user_id, lender="", balance=Decimal(0), client_token=draft.token,
                        created_at=now, updated_at=now)
            _apply(debt, draft)
            await repo.add(debt)
            return Saved(debt, True)

    async def list(self, user_id: int) -> list[Debt]:
        async with self.uow() as s:
            return await DebtRepository(s).list(user_id)

    async def get(self, user_id: int, debt_id: int) -> Debt | None:
        async with self.uow() as s:
            return await DebtRepository(s).get(user_id, debt_id)

    async def find(self, user_id: int, name: str) -> builtins.list[Debt]:
        """Active debts whose lender matches a name (exact first, then contains)."""
        debts = await self.list(user_id)

        def norm(text: str) -> str:  # full-width ＶＩＳＡ and visa match Visa
            return unicodedata.normalize("NFKC", text).strip().casefold()

        key = norm(name)
        exact = [d for d in debts if norm(d.lender) == key]
        return exact or [d for d in debts if key and key in norm(d.lender)]

    async def delete(self, user_id: int, debt_id: int, update_id: int) -> bool:
        async with self.uow(update_id) as s:
            repo = DebtRepository(s)
            debt = await repo.get(user_id, debt_id)
            if debt is None:
                return False
            await repo.delete(debt)
        await self._changed(user_id)
        return True

    async def set_auto_debit(
        self, user_id: int, debt_id: int, account: str | None, update_id: int
    ) -> Debt | None:
        async with self.uow(update_id) as s:
            debt = await DebtRepository(s).get(user_id, debt_id)
            if debt is None:
                return None
            debt.auto_debit = account is not None
            debt.auto_debit_account = account.strip()[:64] if account else None
            debt.updated_at = self.uow.clock.now()
            s.add(debt)
        await self._changed(user_id)
        return debt

    async def payment_recorded(self, user_id: int, token: str) -> bool:
        async with self.uow() as s:
            return await PaymentRepository(s).by_token(user_id, token) is not None

    async def payments(self, user_id: int, debt_id: int) -> builtins.list[Payment]:
        async with self.uow() as s:
            return await PaymentRepository(s).for_debt(user_id, debt_id)

    async def pay(
        self, user_id: int, debt_id: int, amount: Decimal, paid_on: date, token: str, update_id: int
    ) -> Paid | None:
        """Record a payment once (by token): overdue first, then the balance."""
        if amount <= 0:
            raise ValueError("a payment must be positive")
        paid = await self._pay(user_id, debt_id, amount, paid_on, token, update_id)
        if paid is not None and paid.created:
            await self._changed(user_id)
        return paid

    async def _pay(
        self, user_id: int, debt_id: int, amount: Decimal, paid_on: date, token: str, update_id: int
    ) -> Paid | None:
        async with self.uow(update_id) as s:
            debts, payments = DebtRepository(s), PaymentRepository(s)
            debt = await debts.get(user_id, debt_id)
            if debt is None:
                return None
            existing = await payments.by_token(user_id, token)
            if existing is not None:
                return Paid(existing, debt, False, debt.status == "paid_off")
            to_overdue = min(amount, debt.overdue_amount)
            debt.overdue_amount -= to_overdue
            if debt.overdue_amount == 0:
                debt.overdue_since = None
            debt.balance = max(debt.balance - amount, Decimal(0))
            if debt.balance == 0:
                debt.status = "paid_off"
                debt.overdue_amount, debt.overdue_since = Decimal(0), None
            debt.updated_at = self.uow.clock.now()
            s.add(debt)
            payment = await payments.add(
                Payment(user_id=user_id, debt_id=debt_id, amount=amount, to_overdue=to_overdue,
                        paid_on=paid_on, client_token=token, created_at=self.uow.clock.now())
            )
            return Paid(payment, debt, True, debt.status == "paid_off")
