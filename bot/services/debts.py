"""/adddebt and /debts: record a debt (guided or in one line, confirmed on one card),
the list, each debt's card, editing, deleting, auto-debit, and what being overdue means.

The answers wait in a :class:`coach.debts.DebtDraft`; nothing is stored as a debt before
Save, and Save acts once (the draft's token). The conversations and their states are in
handlers/debts.py (handlers/adddebt.mmd, handlers/autodebit.mmd).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date

from bot.services.base import END, FeatureService, Invalid, Refusal, Step
from bot.services.debt_cards import (
    MAX_PAYMENTS_SHOWN,
    DebtCard,
    DebtList,
    Rights,
    Totals,
    facts_for,
    monthly_interest,
    totals,
)
from bot.services.portfolio import billing_of, load
from coach.billing import BillingState
from coach.debt_answers import apply_answer
from coach.debts import DebtDraft, minimum_to_dict, next_step, quoted_to_dict
from coach.drafts import AutoDebitDraft
from coach.errors import CoachError
from coach.lenders import LenderType, find_platform
from coach.offers import RateVerdict, VerdictLevel, assess_rate
from coach.parsing import parse_adddebt_quick
from coach.profile import Profile, Region
from coach.records import Debt, Payment
from storage.debts import DebtRepository, PaymentRepository
from storage.repositories import UserRepository

__all__ = [
    "ACCOUNT", "CONFIRM", "EDIT", "AskAccount", "AutoDebitChanged", "Cancelled", "ConfirmDelete",
    "DebtCard", "DebtList", "DebtsService", "Deleted", "DraftCard", "EditMenu", "Question",
    "Rights", "Saved", "Totals", "facts_for", "totals",
]  # fmt: skip

CONFIRM, EDIT, ACCOUNT = "confirm", "edit", "account"
OVERDUE_CHAIN = ("overdue", "overdue_since", "overdue_amount", "penalty")


def new_token() -> str:
    return uuid.uuid4().hex[:16]


@dataclass(frozen=True)
class Question:
    """Ask ``step`` of the guided flow. ``region`` picks the lender buttons offered."""

    step: str
    region: Region | None
    language: str
    note: str | None = None  # a catalog key to say first (``adddebt.spiral``)


@dataclass(frozen=True)
class DraftCard:
    """Every field as understood, with the APR, before Save."""

    draft: DebtDraft
    today: date
    note: str | None = None


@dataclass(frozen=True)
class EditMenu:
    pass


@dataclass(frozen=True)
class Saved:
    debt: Debt
    created: bool  # False: saved before (a double tap)
    edited: bool
    verdict: RateVerdict | None  # a rate worth a warning (mainland China only)
    today: date


@dataclass(frozen=True)
class Cancelled:
    pass


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


def rate_verdict(debt: Debt, profile: Profile, today: date) -> RateVerdict | None:
    """A warning about the saved debt's rate, or None (fine, unknown, or not mainland China)."""
    if debt.apr is None or profile.jurisdiction is not Region.CN:
        return None
    verdict = assess_rate(debt.apr, debt.lender_type, debt.taken_on, today,
                          platform=find_platform(debt.lender),
                          contract_month_only=debt.taken_precision == "month")
    return None if verdict.level is VerdictLevel.OK else verdict


class DebtsService(FeatureService):
    # -- /adddebt -------------------------------------------------------------------------
    async def _advance(self, user_id: int, profile: Profile, draft: DebtDraft,
                       note: str | None = None) -> Step[object]:
        """Keep the draft; ask the next unanswered question, or show the card."""
        await self.drafts.save(user_id, draft)
        today = self.today(profile)
        step = next_step(draft, today)
        if step is None:
            return Step(DraftCard(draft, today, note), CONFIRM)
        return Step(Question(step, profile.region, profile.language, note), step)

    async def start(self, user_id: int, args: str) -> Step[object]:
        """``/adddebt`` (guided) or ``/adddebt 花呗 5000 年化18% 12月10日`` (quick)."""
        profile = await self.ready(user_id)
        if isinstance(profile, Refusal):
            return Step(profile, END)
        draft = DebtDraft(token=new_token())
        if args.strip():
            try:
                parsed = parse_adddebt_quick(args, today=self.today(profile))
            except CoachError as err:
                return Step(Invalid(err), END)
            draft = DebtDraft(token=draft.token, mode="quick")
            if parsed.lender:
                draft = draft.with_lender(parsed.lender)
            if parsed.balance is not None:
                draft = draft.answer("balance", balance=str(parsed.balance))
            if parsed.rate is not None:
                draft = draft.answer("rate", rate=quoted_to_dict(parsed.rate), rate_text=None)
            if parsed.min_payment is not None:
                draft = draft.answer("minimum", minimum=minimum_to_dict(parsed.min_payment))
            if parsed.due is not None:
                due = parsed.due
                draft = draft.answer("due", due_on=due.on.isoformat() if due.on else None,
                                     due_day=due.on.day if due.on else due.day_of_month)
        return await self._advance(user_id, profile, draft)

    async def answer(self, user_id: int, step: str, *, text: str | None = None,
                     choice: str | None = None) -> Step[object]:
        """An answer to ``step``, typed (``text``) or tapped (``choice``)."""
        profile = await self.profile(user_id)
        draft = await self.drafts.load(user_id, DebtDraft)
        if profile is None or draft is None:
            return Step(Refusal("gone"), END)
        try:
            new = apply_answer(draft, step, today=self.today(profile), text=text, choice=choice)
        except CoachError as err:
            return Step(Invalid(err), None)  # ask the same question again
        note = "adddebt.spiral" if step == "purpose" and choice == "repay" else None
        if new.mode == "edit":
            await self.drafts.save(user_id, new)
            if step in OVERDUE_CHAIN[:-1] and new.overdue:
                nxt = OVERDUE_CHAIN[OVERDUE_CHAIN.index(step) + 1]
                return Step(Question(nxt, profile.region, profile.language, note), nxt)
            return Step(DraftCard(new, self.today(profile), note), CONFIRM)
        return await self._advance(user_id, profile, new, note)

    async def pick_lender(self, user_id: int, name: str, credit_card: bool) -> Step[object]:
        """A lender button: a platform name, or "credit card" (which also sets the type)."""
        step = await self.answer(user_id, "lender", text=name)
        if credit_card and not isinstance(step.view, Invalid | Refusal):
            draft = await self.drafts.load(user_id, DebtDraft)
            profile = await self.profile(user_id)
            if draft is not None and profile is not None:
                draft = draft.answer("type", lender_type=LenderType.CREDIT_CARD.value)
                return await self._advance(user_id, profile, draft)
        return step

    async def edit_menu(self, user_id: int) -> Step[object]:
        draft = await self.drafts.load(user_id, DebtDraft)
        if draft is None:
            return Step(Refusal("gone"), END)
        await self.drafts.save(user_id, replace(draft, mode="edit"))
        return Step(EditMenu(), EDIT)

    async def edit_field(self, user_id: int, field: str) -> Step[object]:
        """Edit one field of the draft: its question (answering brings the card back)."""
        profile = await self.profile(user_id)
        draft = await self.drafts.load(user_id, DebtDraft)
        if profile is None or draft is None:
            return Step(Refusal("gone"), END)
        if draft.mode != "edit":
            await self.drafts.save(user_id, replace(draft, mode="edit"))
        return Step(Question(field, profile.region, profile.language), field)

    async def edit_existing(self, user_id: int, debt_id: int) -> Step[object]:
        """Edit on a debt card: the debt becomes a draft; Save updates it in place."""
        profile = await self.ready(user_id)
        if isinstance(profile, Refusal):
            return Step(profile, END)
        async with self.uow() as s:
            debt = await DebtRepository(s).get(user_id, debt_id)
        if debt is None:
            return Step(Refusal("not_found"), END)
        await self.drafts.save(user_id, debt.draft())
        return Step(EditMenu(), EDIT)

    async def save(self, user_id: int, token: str) -> Step[object]:
        """Save the draft once; an older card's Save saves nothing."""
        draft = await self.drafts.load(user_id, DebtDraft)
        profile = await self.profile(user_id)
        if draft is None or profile is None:
            return Step(Refusal("gone"), END)
        if token != draft.token:
            return Step(Refusal("expired"), None)
        async with self.uow() as s:
            saved = await DebtRepository(s).save(user_id, draft, self.clock.now())
        await self.drafts.clear(user_id, DebtDraft)
        if saved is None:
            return Step(Refusal("not_found"), END)
        debt, created = saved
        if created:
            await self.changed(user_id)
        today = self.today(profile)
        return Step(Saved(debt, created, draft.edit_id is not None,
                          rate_verdict(debt, profile, today), today), END)

    async def cancel(self, user_id: int) -> Step[object]:
        await self.discard(user_id)
        return Step(Cancelled(), END)

    async def discard(self, user_id: int) -> None:
        await self.drafts.clear(user_id, DebtDraft)

    async def unsaved(self, user_id: int) -> bool:
        draft = await self.drafts.load(user_id, DebtDraft)
        return draft is not None and bool(draft.lender or draft.balance)

    async def give_consent(self, user_id: int) -> Profile | Refusal:
        async with self.uow() as s:
            profile = await UserRepository(s).update(user_id, self.clock.now(), consent=True)
        if profile is None:
            return Refusal("not_registered")
        await self.changed(user_id)
        return profile

    # -- /debts and the card -----------------------------------------------------------------
    async def list(self, user_id: int) -> DebtList | Refusal:
        profile = await self.registered(user_id)
        if isinstance(profile, Refusal):
            return profile
        async with self.uow() as s:
            portfolio = await load(s, user_id, self.today, self.ctx.default_timezone)
        if portfolio is None:
            return Refusal("not_registered")
        states = dict(portfolio.billing)
        return DebtList(portfolio.debts, totals(portfolio.debts, states), portfolio.today, states)

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
        return DebtCard(debt, tuple(payments[:MAX_PAYMENTS_SHOWN]), today, state, facts,
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
        account = " ".join(text.split())
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
