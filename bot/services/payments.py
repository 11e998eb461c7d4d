"""/paid: record a payment, guided or quick (``/paid 花呗 500``), confirmed before saving.

One method per step of the conversation (handlers/payments.py, handlers/paid.mmd).
The answers wait in a :class:`coach.drafts.PaymentDraft`; Save records the payment once
(its token) with :func:`record_payment`: the billing model's replay says where it goes
(:func:`bot.services.portfolio.split_payment`: the penalty so far first, then the
arrears, oldest first, then the cycle), the balance goes down by all but the penalty part,
the stated arrears stay as stated, and the part that went to arrears is kept
(``Payment.to_overdue``); then the reminders are re-planned.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.answers import LastAnswer, forget, remember
from bot.services.base import END, FeatureService, Invalid, Refusal, Step
from bot.services.nudges import prefs_of
from bot.services.payment_views import (
    AskAmount,
    AskDate,
    Cancelled,
    ChooseDebt,
    ConfirmPayment,
    FutureDate,
    NoDebts,
    PayView,
    Recorded,
    RemindLater,
)
from bot.services.portfolio import split_payment
from coach.debt_names import find_debts
from coach.drafts import PaymentDraft
from coach.errors import CoachError
from coach.nudges import nudge_amount, one_off_at
from coach.parsing import looks_like_money, parse_paid_quick, split_paid_day
from coach.parsing.labelled import read_amount
from coach.parsing.past import parse_past_date
from coach.records import Debt, Payment
from coach.timezones import zone
from storage.debts import DebtRepository, PaymentRepository
from storage.nudges import NudgeRepository, PlannedNudge

__all__ = [
    "AMOUNT", "CONFIRM", "DATE", "NAME", "PICK", "AskAmount", "AskDate", "Cancelled",
    "ChooseDebt", "ConfirmPayment", "FutureDate", "NoDebts", "PayView", "PaymentsService",
    "Recorded",
    "RemindLater", "new_token", "nudge_token", "record_payment",
]  # fmt: skip

PICK, AMOUNT, DATE, CONFIRM = "pick", "amount", "date", "confirm"


def new_token() -> str:
    return uuid.uuid4().hex[:16]


def nudge_token(nudge_id: int) -> str:
    """One payment per reminder however often its ✅ Paid is tapped (hex, like other tokens)."""
    return "e" + format(nudge_id, "x")


async def record_payment(
    session: AsyncSession, user_id: int, debt: Debt, amount: Decimal, paid_on: date,
    token: str, now: datetime, today: date, tz: str,
) -> tuple[Debt, Payment]:
    """Record ``amount`` paid on ``paid_on`` toward ``debt`` (in ``session``): the balance
    lower (paid off at zero), the payment stored with the part that went to arrears as
    the billing model replays it. Returns the debt after it and the payment."""
    payments = PaymentRepository(session)
    past = await payments.for_debt(user_id, debt.id)
    new = Payment(0, debt.id, amount, paid_on, created_at=now)
    split = split_payment(debt, past, new, today, tz)
    stored = await DebtRepository(session).apply_payment(user_id, debt.id, split.after, now)
    payment = await payments.add(user_id, debt.id, amount, paid_on, split.to_overdue, token, now)
    return stored or split.after, payment


NAME = "paid"  # the conversation (and its draft's kind)
#: Tokens of a /paid line; an amount that didn't read is not part of the name.
_TOKENS = re.compile(r"[\s,，、；;。]+")


def _name_without_amount(args: str) -> str | None:
    """The debt's name in a /paid line whose amount didn't read (``花呗 0`` -> 花呗)."""
    words = [w for w in _TOKENS.split(args.strip()) if w and not w.startswith("/")]
    name = " ".join(w for w in words if not looks_like_money(w))
    return name or None


class PaymentsService(FeatureService):
    async def _debts(self, user_id: int) -> list[Debt]:
        async with self.uow() as s:
            return await DebtRepository(s).list(user_id)

    async def _debt(self, user_id: int, debt_id: int | None) -> Debt | None:
        if debt_id is None:
            return None
        async with self.uow() as s:
            return await DebtRepository(s).get(user_id, debt_id)

    async def _next(self, user_id: int, draft: PaymentDraft) -> Step[PayView]:
        """After any answer: the next question, or the confirmation card."""
        await self.drafts.save(user_id, draft)
        debt = await self._debt(user_id, draft.debt_id)
        if debt is None:
            return Step(Refusal("not_found"), END)
        if draft.amount is None:
            return Step(AskAmount(debt), AMOUNT)
        profile = await self.profile(user_id)
        today = self.today(profile)
        if draft.paid_on > today:  # a day to come, said in the line: never saved as paid
            return Step(FutureDate(draft.paid_on, today), DATE)
        tz = profile.zone_name(self.ctx.default_timezone) if profile else self.ctx.default_timezone
        async with self.uow() as s:
            past = await PaymentRepository(s).for_debt(user_id, debt.id)
        new = Payment(0, debt.id, draft.amount, draft.paid_on, created_at=self.clock.now())
        split = split_payment(debt, past, new, self.today(profile), tz)
        return Step(ConfirmPayment(debt, draft.amount, draft.paid_on, draft.token,
                                   split.to_overdue, split.penalty_before, split.to_penalty),
                    CONFIRM)  # fmt: skip

    async def _choose(self, user_id: int, draft: PaymentDraft, name: str | None,
                      error: CoachError | None = None) -> Step[PayView]:
        """Which debt: the one ``name`` matches, else a choice."""
        debts = await self._debts(user_id)
        if not debts:
            await self.drafts.clear(user_id, PaymentDraft)
            return Step(NoDebts(), END)
        await self.drafts.save(user_id, draft)
        matches = find_debts(debts, name) if name else debts
        if name and not matches:
            return Step(ChooseDebt(tuple(debts), no_match=name), PICK)
        if len(matches) != 1:
            return Step(ChooseDebt(tuple(matches), of_name=name), PICK)
        draft = draft.with_(debt_id=matches[0].id)
        if error is not None:
            await self.drafts.save(user_id, draft)
            return Step(AskAmount(matches[0], error), AMOUNT)
        return await self._next(user_id, draft)

    async def start(self, user_id: int, args: str, message_id: int | None = None,
                    ) -> Step[PayView]:
        """``/paid [name] [amount]``: which debt, then what is missing.

        An amount that doesn't read (``/paid 花呗 0``) is explained and asked for: the
        next message is the amount, never a dead end.
        """
        profile = await self.ready(user_id)
        if isinstance(profile, Refusal):
            return Step(profile, END)
        await remember(self.drafts, user_id, LastAnswer(NAME, "start", message_id))
        today = self.today(profile)
        draft = PaymentDraft(new_token(), today)
        rest, day = split_paid_day(args)
        if day is not None:  # "/paid amex 50 tomorrow": the day said, read as the date step does
            try:
                draft = draft.with_(paid_on=parse_past_date(day, today=today, form="paid").on)
                args = rest
            except CoachError as err:
                on = err.params.get("on")
                if err.code == "date.future" and isinstance(on, date):
                    draft, args = draft.with_(paid_on=on), rest  # asked about in _next
        try:
            name, amount = parse_paid_quick(args) if args.strip() else (None, None)
        except CoachError as err:
            if not err.code.startswith("amount."):
                return Step(Invalid(err), END)
            # The amount comes next, typed as in the command: no date asked either.
            draft = draft.with_(quick=True)
            return await self._choose(user_id, draft, _name_without_amount(args), err)
        # Quick when the amount came with the command: the date is today, not asked.
        return await self._choose(user_id, draft.with_(amount=amount, quick=amount is not None),
                                  name)

    async def prefilled(self, user_id: int, debt_id: int | None, amount: Decimal | None,
                        paid_on: date | None) -> Step[PayView]:
        """/paid with what a message told (the debt, the amount, the day)."""
        profile = await self.ready(user_id)
        if isinstance(profile, Refusal):
            return Step(profile, END)
        await forget(self.drafts, user_id)
        today = self.today(profile)
        draft = PaymentDraft(new_token(), min(paid_on or today, today), amount=amount, quick=True)
        if debt_id is not None and await self._debt(user_id, debt_id) is not None:
            return await self._next(user_id, draft.with_(debt_id=debt_id))
        return await self._choose(user_id, draft, None)

    async def resume(self, user_id: int) -> Step[PayView]:
        """Back to a payment put aside by another command."""
        draft = await self.drafts.load(user_id, PaymentDraft)
        if draft is None:
            return Step(Refusal("gone"), END)
        if draft.debt_id is None:
            return await self._choose(user_id, draft, None)
        return await self._next(user_id, draft)

    async def from_card(self, user_id: int, debt_id: int) -> Step[PayView]:
        """Record payment on a debt's card: a new payment for that debt."""
        profile = await self.ready(user_id)
        if isinstance(profile, Refusal):
            return Step(profile, END)
        if await self._debt(user_id, debt_id) is None:
            return Step(Refusal("not_found"), END)
        await forget(self.drafts, user_id)
        draft = PaymentDraft(new_token(), self.today(profile), debt_id=debt_id)
        return await self._next(user_id, draft)

    async def pick(self, user_id: int, debt_id: int) -> Step[PayView]:
        draft = await self.drafts.load(user_id, PaymentDraft)
        if draft is None:
            return Step(Refusal("gone"), END)
        if await self._debt(user_id, debt_id) is None:
            return Step(Refusal("not_found"), None)
        await remember(self.drafts, user_id, LastAnswer(NAME, PICK, None, draft.to_dict()))
        return await self._next(user_id, draft.with_(debt_id=debt_id))

    async def from_nudge(self, user_id: int, nudge_id: int) -> Step[PayView]:
        """✅ Paid on a reminder: the planned amount, ready to confirm or change."""
        profile = await self.ready(user_id)
        if isinstance(profile, Refusal):
            return Step(profile, END)
        token = nudge_token(nudge_id)
        async with self.uow() as s:
            nudge = await NudgeRepository(s).get(user_id, nudge_id)
            done = await PaymentRepository(s).by_token(user_id, token)
        debt_id = int(nudge.params.get("debt_id", 0) or 0) if nudge is not None else None
        debt = await self._debt(user_id, debt_id)
        if nudge is None or debt is None:
            return Step(Refusal("gone"), END)
        if done is not None:
            return Step(Recorded(debt, done, created=False), END)
        draft = PaymentDraft(token, self.today(profile), debt_id=debt.id,
                             amount=nudge_amount(nudge.params), quick=True)
        return await self._next(user_id, draft)

    async def amount(self, user_id: int, text: str, message_id: int | None = None,
                     ) -> Step[PayView]:
        """The amount paid: any form of :func:`coach.parsing.parse_amount`, also with a
        label (``还了500``)."""
        draft = await self.drafts.load(user_id, PaymentDraft)
        if draft is None:
            return Step(Refusal("gone"), END)
        await remember(self.drafts, user_id, LastAnswer(NAME, AMOUNT, message_id, draft.to_dict()))
        try:
            amount = read_amount(text)
        except CoachError as err:
            return Step(Invalid(err), None)
        draft = draft.with_(amount=amount)
        if draft.quick:
            return await self._next(user_id, draft)
        await self.drafts.save(user_id, draft)
        return Step(AskDate(), DATE)

    async def other_amount(self, user_id: int) -> Step[PayView]:
        draft = await self.drafts.load(user_id, PaymentDraft)
        debt = await self._debt(user_id, draft.debt_id if draft else None)
        if draft is None or debt is None:
            return Step(Refusal("gone"), END)
        return Step(AskAmount(debt), AMOUNT)

    async def date(self, user_id: int, *, text: str = "", yesterday: bool | None = None,
                   message_id: int | None = None) -> Step[PayView]:
        """The day paid: a tap (today / yesterday) or a typed date.

        A date still to come is never saved nor moved a year back: "That's tomorrow.
        Record it for today, or remind me tomorrow?" (:class:`FutureDate`).
        """
        draft = await self.drafts.load(user_id, PaymentDraft)
        profile = await self.profile(user_id)
        if draft is None or profile is None:
            return Step(Refusal("gone"), END)
        today = self.today(profile)
        if yesterday is not None:
            paid_on = today - timedelta(days=1) if yesterday else today
        else:
            await remember(self.drafts, user_id, LastAnswer(NAME, DATE, message_id, draft.to_dict()))
            try:
                paid_on = parse_past_date(text, today=today, form="paid").on
            except CoachError as err:
                on = err.params.get("on")
                if err.code == "date.future" and isinstance(on, date):
                    await self.drafts.save(user_id, draft.with_(paid_on=on))
                    return Step(FutureDate(on, today), DATE)
                return Step(Invalid(err), None)
        return await self._next(user_id, draft.with_(paid_on=paid_on))

    async def remind_later(self, user_id: int) -> Step[PayView]:
        """"Remind me then": a one-off reminder on the day given, at the reminder hour
        (after quiet hours), whose ✅ Paid records this payment. Nothing is saved now."""
        draft = await self.drafts.load(user_id, PaymentDraft)
        profile = await self.profile(user_id)
        debt = await self._debt(user_id, draft.debt_id if draft else None)
        if draft is None or profile is None or debt is None or draft.amount is None:
            return Step(Refusal("gone"), END)
        today = self.today(profile)
        on = max(draft.paid_on, today)
        async with self.uow() as s:
            repo = NudgeRepository(s)
            prefs = prefs_of(profile, await repo.choices(user_id), self.ctx.default_timezone)
            at = one_off_at(on, prefs, self.clock.now())
            await repo.add_one_off(user_id, PlannedNudge(
                "paid_later", f"debt:{debt.id}", f"paid_later:{draft.token}", at,
                {"debt_id": str(debt.id), "name": debt.lender, "amount": format(draft.amount, "f"),
                 "date": on.isoformat(),
                 # not sent more than 3 days late (after a long downtime): coach.nudges.is_stale
                 "last_day": (on + timedelta(days=3)).isoformat()}), self.clock.now())
        await self.discard(user_id)
        return Step(RemindLater(debt, on, at.astimezone(zone(prefs.tz))), END)

    async def reread(self, user_id: int, last: LastAnswer, text: str,
                     message_id: int | None) -> Step[PayView]:
        """An edited answer: the draft as it was before it, answered again with ``text``."""
        if last.step == "start":
            args = text.split(maxsplit=1)[1] if text.startswith("/") and " " in text.strip() else (
                "" if text.startswith("/") else text)
            return await self.start(user_id, args, message_id)
        if last.before is None:
            return Step(Refusal("gone"), END)
        await self.drafts.save(user_id, PaymentDraft.from_dict(last.before).with_(token=new_token()))
        if last.step == AMOUNT:
            return await self.amount(user_id, text, message_id)
        if last.step == DATE:
            return await self.date(user_id, text=text, message_id=message_id)
        return Step(Refusal("gone"), END)

    async def confirm(self, user_id: int, token: str) -> Step[PayView]:
        """Save: record the payment once (its token), arrears first; re-plan reminders."""
        draft = await self.drafts.load(user_id, PaymentDraft)
        profile = await self.profile(user_id)
        if draft is None or draft.amount is None or draft.debt_id is None:
            return Step(Refusal("gone"), END)
        if token != draft.token:  # the Save of an older card: it saves nothing
            return Step(Refusal("expired"), None)
        async with self.uow() as s:
            debts, payments = DebtRepository(s), PaymentRepository(s)
            debt = await debts.get(user_id, draft.debt_id)
            if debt is None:
                await self.drafts.clear(user_id, PaymentDraft)
                return Step(Refusal("not_found"), END)
            existing = await payments.by_token(user_id, draft.token)
            if existing is not None:
                await self.drafts.clear(user_id, PaymentDraft)
                return Step(Recorded(debt, existing, created=False), END)
            tz = profile.zone_name(self.ctx.default_timezone) if profile else self.ctx.default_timezone
            after, payment = await record_payment(s, user_id, debt, draft.amount, draft.paid_on,
                                                  draft.token, self.clock.now(),
                                                  self.today(profile), tz)  # fmt: skip
        await self.drafts.clear(user_id, PaymentDraft)
        await self.changed(user_id)
        return Step(Recorded(after, payment, created=True), END)

    async def cancel(self, user_id: int) -> Step[PayView]:
        await self.discard(user_id)
        return Step(Cancelled(), END)

    async def discard(self, user_id: int) -> None:
        await self.drafts.clear(user_id, PaymentDraft)
        await forget(self.drafts, user_id)

    async def unsaved(self, user_id: int) -> bool:
        draft = await self.drafts.load(user_id, PaymentDraft)
        return draft is not None and draft.amount is not None
