"""/adddebt and /debts: record a debt (guided or in one line, confirmed on one card),
the list, each debt's card, editing, deleting, auto-debit, and what being overdue means.

The answers wait in a :class:`coach.debts.DebtDraft`; nothing is stored as a debt before
Save, and Save acts once (the draft's token); the /adddebt steps are
bot/services/adddebt.py. Long lists come a page at a time (bot/services/pages.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bot.services.adddebt import (
    CONFIRM,
    EDIT,
    LINE,
    NAME,
    AddDebtSteps,
    Cancelled,
    DraftCard,
    EditMenu,
    LineError,
    Question,
    Saved,
    new_token,
    rate_verdict,
)
from bot.services.base import END, Invalid, Refusal, Step
from bot.services.pages import Page, page_of
from coach.drafts import AutoDebitDraft
from coach.errors import CoachError
from coach.lenders import LenderType
from coach.masking import mask_numbers
from coach.overdue import Fact, overdue_facts, penalty_accrued
from coach.profile import Profile
from coach.records import Debt, Payment
from storage.debts import DebtRepository, PaymentRepository

__all__ = [
    "ACCOUNT", "CONFIRM", "EDIT", "LINE", "NAME", "AskAccount", "AutoDebitChanged", "Cancelled",
    "ConfirmDelete", "DebtCard", "DebtList", "DebtsService", "Deleted", "DraftCard", "EditMenu",
    "LineError", "PaymentHistory", "Question", "Rights", "Saved", "Totals", "new_token",
    "rate_verdict",
]  # fmt: skip

ACCOUNT = "account"
#: The card's short list of facts for an overdue debt, most important first.
KEY_FACTS = (
    "report.kept_5_years", "report.kept_7_years", "other.rules_differ", "cannot.arrest_for_debt",
    "cannot.fdcpa_scope", "can.sue", "help.ask_for_time_or_instalments", "help.keep_records",
)
#: Lines per page: /debts (each line and its button), a debt's payment history.
DEBTS_PER_PAGE = 10
PAYMENTS_PER_PAGE = 10


@dataclass(frozen=True)
class Totals:
    owed: Decimal
    overdue: Decimal
    next_debt: Debt | None
    next_on: date | None
    next_amount: Decimal | None


@dataclass(frozen=True)
class DebtList:
    """One page of /debts; the totals are of every debt."""

    page: Page[Debt]
    totals: Totals
    today: date

    @property
    def debts(self) -> tuple[Debt, ...]:
        return self.page.items


@dataclass(frozen=True)
class DebtCard:
    """A debt's card: ``payments`` is the first page of its history (newest first)."""

    debt: Debt
    payments: Page[Payment]
    today: date
    penalty_so_far: Decimal | None
    facts: tuple[Fact, ...]  # the short list, for an overdue debt


@dataclass(frozen=True)
class PaymentHistory:
    """A page of a debt's payments, newest first."""

    debt: Debt
    payments: Page[Payment]


@dataclass(frozen=True)
class Rights:
    debt: Debt
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class ConfirmDelete:
    debt: Debt


@dataclass(frozen=True)
class Deleted:
    debt: Debt


@dataclass(frozen=True)
class AskAccount:
    debt: Debt


@dataclass(frozen=True)
class AutoDebitChanged:
    debt: Debt


def totals(debts: tuple[Debt, ...], today: date) -> Totals:
    owed = sum((d.balance for d in debts), Decimal(0))
    overdue = sum((d.overdue_amount for d in debts), Decimal(0))
    dated = sorted(((on, d.id, d) for d in debts if (on := d.next_due_on(today)) is not None),
                   key=lambda x: x[:2])
    if not dated:
        return Totals(owed, overdue, None, None, None)
    on, _, debt = dated[0]
    return Totals(owed, overdue, debt, on, debt.minimum_due())


def facts_for(debt: Debt, profile: Profile, today: date, *, short: bool) -> tuple[Fact, ...]:
    """What being overdue means for this debt, by the user's region (never their language)."""
    days = (today - debt.overdue_since).days if debt.overdue_since else 1
    bureau = {"yes": True, "no": False}.get(debt.bureau)
    facts = overdue_facts(max(days, 1), bureau, debt.lender_type, profile.jurisdiction, today=today)
    if short:
        rank = {suffix: i for i, suffix in enumerate(KEY_FACTS)}
        picked = [f for f in facts if any(f.code.endswith(k) for k in rank)]
        facts = sorted(picked, key=lambda f: next(v for k, v in rank.items()
                                                  if f.code.endswith(k)))[:4]
    return tuple(facts)


class DebtsService(AddDebtSteps):
    # -- /debts and the card -----------------------------------------------------------------
    async def list(self, user_id: int, page: int = 0) -> DebtList | Refusal:
        """/debts: page ``page`` (0-based) of the user's debts, and the totals of all."""
        profile = await self.registered(user_id)
        if isinstance(profile, Refusal):
            return profile
        async with self.uow() as s:
            debts = tuple(await DebtRepository(s).list(user_id))
        today = self.today(profile)
        return DebtList(page_of(debts, page, DEBTS_PER_PAGE), totals(debts, today), today)

    async def payments(self, user_id: int, debt_id: int, page: int) -> PaymentHistory | Refusal:
        """Page ``page`` of a debt's payments (the user's own debt only)."""
        async with self.uow() as s:
            debt = await DebtRepository(s).get(user_id, debt_id)
            payments = await PaymentRepository(s).for_debt(user_id, debt_id) if debt else []
        if debt is None:
            return Refusal("not_found")
        return PaymentHistory(debt, page_of(payments, page, PAYMENTS_PER_PAGE))

    async def card(self, user_id: int, debt_id: int) -> DebtCard | Refusal:
        profile = await self.registered(user_id)
        if isinstance(profile, Refusal):
            return profile
        async with self.uow() as s:
            debt = await DebtRepository(s).get(user_id, debt_id)
            payments = await PaymentRepository(s).for_debt(user_id, debt_id) if debt else []
        if debt is None:
            return Refusal("not_found")
        today = self.today(profile)
        penalty = None
        if debt.is_overdue and debt.penalty_apr is not None and debt.overdue_since is not None:
            penalty = penalty_accrued(debt.overdue_amount, debt.penalty_apr, debt.overdue_since,
                                      today)
        facts = facts_for(debt, profile, today, short=True) if debt.is_overdue else ()
        return DebtCard(debt, page_of(payments, 0, PAYMENTS_PER_PAGE), today, penalty, facts)

    async def rights(self, user_id: int, debt_id: int) -> Rights | Refusal:
        profile = await self.registered(user_id)
        if isinstance(profile, Refusal):
            return profile
        async with self.uow() as s:
            debt = await DebtRepository(s).get(user_id, debt_id)
        if debt is None:
            return Refusal("not_found")
        return Rights(debt, facts_for(debt, profile, self.today(profile), short=False))

    async def ask_delete(self, user_id: int, debt_id: int) -> ConfirmDelete | Refusal:
        async with self.uow() as s:
            debt = await DebtRepository(s).get(user_id, debt_id)
        return ConfirmDelete(debt) if debt is not None else Refusal("not_found")

    async def delete(self, user_id: int, debt_id: int) -> Deleted | Refusal:
        async with self.uow() as s:
            gone = await DebtRepository(s).delete(user_id, debt_id)
        if gone is None:
            return Refusal("not_found")
        await self.changed(user_id)
        return Deleted(gone)

    async def set_kind(self, user_id: int, debt_id: int, kind: str) -> DebtCard | Refusal:
        """Answer "credit card or bank loan?" for a debt stored before the two were apart."""
        if kind not in (LenderType.CREDIT_CARD.value, LenderType.BANK_LOAN.value):
            return Refusal("expired")
        async with self.uow() as s:
            debt = await DebtRepository(s).update(user_id, debt_id, self.clock.now(),
                                                  lender_type=LenderType(kind))
        if debt is None:
            return Refusal("not_found")
        await self.changed(user_id)
        return await self.card(user_id, debt_id)

    # -- auto-debit ------------------------------------------------------------------------
    async def ask_account(self, user_id: int, debt_id: int) -> Step[object]:
        async with self.uow() as s:
            debt = await DebtRepository(s).get(user_id, debt_id)
        if debt is None:
            return Step(Refusal("not_found"), END)
        await self.drafts.save(user_id, AutoDebitDraft(debt_id))
        return Step(AskAccount(debt), ACCOUNT)

    async def set_account(self, user_id: int, text: str) -> Step[object]:
        """The account auto-debit takes from; a card or account number keeps its last 4."""
        account = " ".join(mask_numbers(text).split())
        if not account or len(account) > 64:
            return Step(Invalid(CoachError("auto_debit.invalid")), None)
        return await self._auto(user_id, None, account)

    async def auto_debit_off(self, user_id: int, debt_id: int) -> Step[object]:
        return await self._auto(user_id, debt_id, None)

    async def _auto(self, user_id: int, debt_id: int | None, account: str | None) -> Step[object]:
        if debt_id is None:
            draft = await self.drafts.load(user_id, AutoDebitDraft)
            if draft is None:
                return Step(Refusal("gone"), END)
            debt_id = draft.debt_id
        async with self.uow() as s:
            debt = await DebtRepository(s).update(
                user_id, debt_id, self.clock.now(), auto_debit=account is not None,
                auto_debit_account=account[:64] if account else None,
            )
        await self.drafts.clear(user_id, AutoDebitDraft)
        if debt is None:
            return Step(Refusal("not_found"), END)
        await self.changed(user_id)
        return Step(AutoDebitChanged(debt), END)

    async def discard_auto(self, user_id: int) -> None:
        await self.drafts.clear(user_id, AutoDebitDraft)

    async def no_unsaved(self, user_id: int) -> bool:
        return False
