"""/adddebt and /debts: record a debt (guided or in one line, confirmed on one card),
the list, each debt's card, editing, deleting, auto-debit, and what being overdue means.

The answers wait in a :class:`coach.debts.DebtDraft`; nothing is stored as a debt before
Save, and Save acts once (the draft's token); the /adddebt steps are
bot/services/adddebt.py. Long lists come a page at a time (bot/services/pages.py).
"""

from __future__ import annotations

from dataclasses import dataclass

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
from bot.services.debt_cards import (
    DEBTS_PER_PAGE,
    PAYMENTS_PER_PAGE,
    DebtCard,
    DebtList,
    PaymentHistory,
    Rights,
    Totals,
    facts_for,
    monthly_interest,
    totals,
)
from bot.services.pages import page_of
from bot.services.portfolio import billing_of, load
from coach.billing import BillingState
from coach.drafts import AutoDebitDraft
from coach.errors import CoachError
from coach.lenders import LenderType
from coach.masking import mask_numbers
from coach.profile import Profile
from coach.records import Debt, Payment
from storage.debts import DebtRepository, PaymentRepository

__all__ = [
    "ACCOUNT", "CONFIRM", "EDIT", "LINE", "NAME", "AskAccount", "AutoDebitChanged", "Cancelled",
    "ConfirmDelete", "DebtCard", "DebtList", "DebtsService", "Deleted", "DraftCard", "EditMenu",
    "LineError", "PaymentHistory", "Question", "Rights", "Saved", "Totals", "facts_for",
    "new_token", "rate_verdict", "totals",
]  # fmt: skip

ACCOUNT = "account"


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


class DebtsService(AddDebtSteps):
    # -- /debts and the card -----------------------------------------------------------------
    async def list(self, user_id: int, page: int = 0) -> DebtList | Refusal:
        """/debts: page ``page`` (0-based) of the user's debts; the totals are of all,
        from their billing states."""
        profile = await self.registered(user_id)
        if isinstance(profile, Refusal):
            return profile
        async with self.uow() as s:
            portfolio = await load(s, user_id, self.today, self.ctx.default_timezone)
        if portfolio is None:
            return Refusal("not_registered")
        states = dict(portfolio.billing)
        return DebtList(page_of(portfolio.debts, page, DEBTS_PER_PAGE),
                        totals(portfolio.debts, states), portfolio.today, states)

    async def payments(self, user_id: int, debt_id: int, page: int) -> PaymentHistory | Refusal:
        """Page ``page`` of a debt's payments (the user's own debt only)."""
        async with self.uow() as s:
            debt = await DebtRepository(s).get(user_id, debt_id)
            payments = await PaymentRepository(s).for_debt(user_id, debt_id) if debt else []
        if debt is None:
            return Refusal("not_found")
        return PaymentHistory(debt, page_of(payments, page, PAYMENTS_PER_PAGE))

    async def _billing(self, user_id: int, profile: Profile, debt_id: int
                       ) -> tuple[Debt, tuple[Payment, ...], BillingState] | None:
        async with self.uow() as s:
            debt = await DebtRepository(s).get(user_id, debt_id)
            payments = await PaymentRepository(s).for_debt(user_id, debt_id) if debt else []
        if debt is None:
            return None
        tz = profile.zone_name(self.ctx.default_timezone)
        return debt, tuple(payments), billing_of(debt, payments, self.today(profile), tz)

    async def card(self, user_id: int, debt_id: int) -> DebtCard | Refusal:
        profile = await self.registered(user_id)
        if isinstance(profile, Refusal):
            return profile
        found = await self._billing(user_id, profile, debt_id)
        if found is None:
            return Refusal("not_found")
        debt, payments, state = found
        today = self.today(profile)
        since = state.arrears.since
        facts = facts_for(debt, since, profile, today, short=True) if since else ()
        return DebtCard(debt, page_of(payments, 0, PAYMENTS_PER_PAGE), today, state, facts,
                        monthly_interest(debt))

    async def rights(self, user_id: int, debt_id: int) -> Rights | Refusal:
        profile = await self.registered(user_id)
        if isinstance(profile, Refusal):
            return profile
        found = await self._billing(user_id, profile, debt_id)
        if found is None:
            return Refusal("not_found")
        debt, _, state = found
        since = state.arrears.since or debt.overdue_since
        return Rights(debt, facts_for(debt, since, profile, self.today(profile), short=False))

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
