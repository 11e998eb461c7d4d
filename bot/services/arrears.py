""""I did pay this": a missed payment the bot detected, recorded as paid after all.

On a debt's card each detected arrears item (a due date with no payment recorded,
:mod:`coach.billing`) has a one-tap correction. It proposes the payment
:func:`coach.billing.correction` gives (the missed amount, dated on its due date); the
user saves it, or gives the day they paid first. Save records it once (its token) like
any payment (bot/services/payments.py ``record_payment``) and re-plans the reminders.
The conversation is ``correction`` (handlers/arrears.py, handlers/correction.mmd); the
answers wait in a :class:`coach.story_drafts.CorrectionDraft`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bot.services.base import END, FeatureService, Invalid, Refusal, Step
from bot.services.payments import record_payment
from bot.services.portfolio import billing_of
from coach.billing import Arrears, correction
from coach.errors import CoachError
from coach.parsing.past import parse_past_date
from coach.profile import Profile
from coach.records import Debt, Payment
from coach.story_drafts import CorrectionDraft
from storage.debts import DebtRepository, PaymentRepository

__all__ = [
    "CONFIRM", "DATE", "ArrearsService", "AskPaidDate", "Cancelled", "ConfirmCorrection",
    "Corrected",
]  # fmt: skip

CONFIRM, DATE = "confirm", "date"


@dataclass(frozen=True)
class ConfirmCorrection:
    """Record ``amount`` paid to ``debt`` on ``paid_on`` for the payment due ``due``?"""

    debt: Debt
    due: date
    amount: Decimal
    paid_on: date
    token: str


@dataclass(frozen=True)
class AskPaidDate:
    """On which day was it paid? (a button for ``due``, or a typed date)"""

    debt: Debt
    due: date


@dataclass(frozen=True)
class Corrected:
    """Recorded (``created`` False: saved before, a double tap); ``arrears``: what is
    still overdue on the debt after it."""

    debt: Debt
    payment: Payment
    arrears: Arrears
    created: bool


@dataclass(frozen=True)
class Cancelled:
    pass


class ArrearsService(FeatureService):
    async def _tz(self, profile: Profile | None) -> str:
        return profile.zone_name(self.ctx.default_timezone) if profile else self.ctx.default_timezone

    async def start(self, user_id: int, debt_id: int, due: date) -> Step[object]:
        """"I did pay this" on the item due ``due`` of the debt ``debt_id`` (this user's)."""
        profile = await self.ready(user_id)
        if isinstance(profile, Refusal):
            return Step(profile, END)
        today, tz = self.today(profile), await self._tz(profile)
        async with self.uow() as s:
            debt = await DebtRepository(s).get(user_id, debt_id)
            payments = await PaymentRepository(s).for_debt(user_id, debt_id) if debt else []
        if debt is None:
            return Step(Refusal("not_found"), END)
        state = billing_of(debt, payments, today, tz)
        item = next((i for i in state.arrears.items if i.due == due and i.origin == "detected"),
                    None)  # fmt: skip
        if item is None:  # paid or corrected since the card was shown
            return Step(Refusal("expired"), END)
        fix = correction(item)
        draft = CorrectionDraft(uuid.uuid4().hex[:16], debt.id, item.due, fix.amount, fix.paid_on)
        await self.drafts.save(user_id, draft)
        return Step(ConfirmCorrection(debt, draft.due, draft.amount, draft.paid_on, draft.token),
                    CONFIRM)  # fmt: skip

    async def _draft(self, user_id: int) -> tuple[CorrectionDraft, Debt] | None:
        draft = await self.drafts.load(user_id, CorrectionDraft)
        if draft is None:
            return None
        async with self.uow() as s:
            debt = await DebtRepository(s).get(user_id, draft.debt_id)
        return None if debt is None else (draft, debt)

    async def other_date(self, user_id: int) -> Step[object]:
        found = await self._draft(user_id)
        if found is None:
            return Step(Refusal("gone"), END)
        draft, debt = found
        return Step(AskPaidDate(debt, draft.due), DATE)

    async def paid_on(self, user_id: int, *, text: str = "", on_due: bool = False) -> Step[object]:
        """The day it was paid: the due date (a tap) or a typed date, never a future one."""
        found = await self._draft(user_id)
        profile = await self.profile(user_id)
        if found is None or profile is None:
            return Step(Refusal("gone"), END)
        draft, debt = found
        if on_due:
            day = draft.due
        else:
            try:
                day = parse_past_date(text, today=self.today(profile), form="paid").on
            except CoachError as err:
                return Step(Invalid(err), None)
        draft = CorrectionDraft(draft.token, draft.debt_id, draft.due, draft.amount, day)
        await self.drafts.save(user_id, draft)
        return Step(ConfirmCorrection(debt, draft.due, draft.amount, draft.paid_on, draft.token),
                    CONFIRM)  # fmt: skip

    async def save(self, user_id: int, token: str) -> Step[object]:
        """Record the payment once; re-plan the reminders."""
        draft = await self.drafts.load(user_id, CorrectionDraft)
        profile = await self.profile(user_id)
        if draft is None or profile is None:
            return Step(Refusal("gone"), END)
        if token != draft.token:
            return Step(Refusal("expired"), None)
        today, tz = self.today(profile), await self._tz(profile)
        async with self.uow() as s:
            debt = await DebtRepository(s).get(user_id, draft.debt_id)
            if debt is None:
                await self.drafts.clear(user_id, CorrectionDraft)
                return Step(Refusal("not_found"), END)
            done = await PaymentRepository(s).by_token(user_id, draft.token)
            created = done is None
            if done is None:
                debt, done = await record_payment(s, user_id, debt, draft.amount, draft.paid_on,
                                                  draft.token, self.clock.now(), today, tz)
            payments = await PaymentRepository(s).for_debt(user_id, debt.id)
        await self.drafts.clear(user_id, CorrectionDraft)
        if created:
            await self.changed(user_id)
        state = billing_of(debt, payments, today, tz)
        return Step(Corrected(debt, done, state.arrears, created), END)

    async def cancel(self, user_id: int) -> Step[object]:
        await self.discard(user_id)
        return Step(Cancelled(), END)

    async def discard(self, user_id: int) -> None:
        await self.drafts.clear(user_id, CorrectionDraft)

    async def unsaved(self, user_id: int) -> bool:
        return False
