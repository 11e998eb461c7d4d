"""/adddebt: record a debt, guided or in one line, confirmed on one card.

The answers wait in a :class:`coach.debts.DebtDraft`; nothing is stored as a debt before
Save, and Save acts once (the draft's token). The steps are methods of
:class:`AddDebtSteps`, which :class:`bot.services.debts.DebtsService` extends; what the
one-line form means is bot/services/adddebt_input.py. Each answer is remembered
(bot/services/answers.py) so an edited message can be read again.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from bot.services.adddebt_input import (
    OVERDUE_CHAIN,
    chain_next,
    quick_draft,
    settle_passed,
    with_schedule_minimum,
)
from bot.services.answers import LastAnswer, forget, remember
from bot.services.base import END, FeatureService, Invalid, Refusal, Step
from coach.debt_answers import apply_answer
from coach.debt_names import same_lender
from coach.debts import DebtDraft, next_due_on, next_step, quoted_to_dict, stored_due
from coach.errors import CoachError
from coach.lenders import LenderType, find_platform
from coach.masking import mask_numbers
from coach.offers import RateVerdict, VerdictLevel, assess_rate
from coach.parsing import Schedule
from coach.profile import Profile, Region
from coach.records import Debt
from storage.debts import DebtRepository
from storage.repositories import UserRepository

__all__ = [
    "CONFIRM", "EDIT", "LINE", "NAME", "AddDebtSteps", "Cancelled", "DraftCard", "EditMenu",
    "LineError", "Question", "Saved", "new_token", "rate_verdict",
]  # fmt: skip

CONFIRM, EDIT, LINE = "confirm", "edit", "line"
NAME = "adddebt"  # the conversation (and its draft's kind)


def new_token() -> str:
    return uuid.uuid4().hex[:16]


@dataclass(frozen=True)
class Question:
    """Ask ``step`` of the guided flow. ``region`` picks the lender buttons offered;
    ``draft`` gives the question its figures ("Did the full ¥10,000 arrive?", "Was the
    Nov 15 payment made?")."""

    step: str
    region: Region | None
    language: str
    note: str | None = None  # a catalog key to say first (``adddebt.spiral``)
    draft: DebtDraft | None = None
    corrected: bool = False  # asked again after an edited answer


@dataclass(frozen=True)
class DraftCard:
    """Every field as understood, with the APR, before Save. ``next_due`` is the date
    the saved debt will show everywhere (``coach.records.Debt.next_due_on``)."""

    draft: DebtDraft
    today: date
    note: str | None = None
    next_due: date | None = None
    corrected: bool = False  # shown again after an edited answer
    #: Debts already recorded under the same lender name (a new debt only): the same
    #: debt sent twice would count twice in every total.
    twins: tuple[Debt, ...] = ()

    @property
    def monthly_interest(self) -> Decimal | None:
        """The month's interest when the minimum doesn't cover it (it would never end)."""
        d, cost = self.draft, self.draft.cost()
        rule, balance = d.minimum_rule, d.balance_value
        if rule is None or balance is None or cost is None:
            return None
        return rule.below_interest(balance, cost.apr)


@dataclass(frozen=True)
class LineError:
    """A one-line /adddebt that didn't read: the error; the flow waits for the line again."""

    error: CoachError


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


def rate_verdict(debt: Debt, profile: Profile, today: date) -> RateVerdict | None:
    """A warning about the saved debt's rate, or None (fine, unknown, or not mainland China)."""
    if debt.apr is None or profile.jurisdiction is not Region.CN:
        return None
    verdict = assess_rate(debt.apr, debt.lender_type, debt.taken_on, today,
                          platform=find_platform(debt.lender),
                          contract_month_only=debt.taken_precision == "month")
    return None if verdict.level is VerdictLevel.OK else verdict


class AddDebtSteps(FeatureService):
    """The /adddebt conversation's steps (bot/services/debts.py :class:`DebtsService`)."""

    # -- /adddebt -------------------------------------------------------------------------
    async def _card(self, user_id: int, draft: DebtDraft, today: date, note: str | None = None,
                    corrected: bool = False) -> DraftCard:
        due_day, due_on = stored_due(draft)
        twins: tuple[Debt, ...] = ()
        if draft.edit_id is None and draft.lender:
            async with self.uow() as s:
                twins = tuple(same_lender(await DebtRepository(s).list(user_id), draft.lender))
        return DraftCard(draft, today, note, next_due_on(due_day, due_on, today), corrected,
                         twins)

    async def _advance(self, user_id: int, profile: Profile, draft: DebtDraft,
                       note: str | None = None, corrected: bool = False) -> Step[object]:
        """Keep the draft; ask the next unanswered question, or show the card."""
        draft = settle_passed(draft)
        await self.drafts.save(user_id, draft)
        today = self.today(profile)
        step = chain_next(draft) if draft.mode != "full" else None
        step = step or next_step(draft, today)
        if step == "rate" and draft.instalments_left and "minimum" not in draft.answered:
            step = "minimum"  # 剩12期: each instalment first; the schedule then gives the rate
        if step is None:
            return Step(await self._card(user_id, draft, today, note, corrected), CONFIRM)
        if step == "minimum" and draft.instalments_left and note is None:
            note = "adddebt.instalment_ask"
        return Step(Question(step, profile.region, profile.language, note, draft, corrected), step)

    async def start(self, user_id: int, args: str, message_id: int | None = None,
                    *, corrected: bool = False) -> Step[object]:
        """``/adddebt`` (guided) or ``/adddebt 花呗 5000 年化18% 12月10日`` (quick).

        A line that doesn't read waits in the ``line`` state for the corrected line.
        """
        profile = await self.ready(user_id)
        if isinstance(profile, Refusal):
            return Step(profile, END)
        draft = DebtDraft(token=new_token())
        if args.strip():
            await remember(self.drafts, user_id, LastAnswer(NAME, LINE, message_id))
            try:
                draft = quick_draft(args, draft.token, self.today(profile))
            except CoachError as err:
                await self.drafts.save(user_id, draft)
                return Step(LineError(err), LINE)
        else:
            await forget(self.drafts, user_id)
        return await self._advance(user_id, profile, draft, corrected=corrected)

    async def prefilled(self, user_id: int, draft: DebtDraft) -> Step[object]:
        """/adddebt with fields already known (a debt told in free text, a pasted bill):
        the missing questions, then the usual card."""
        profile = await self.ready(user_id)
        if isinstance(profile, Refusal):
            return Step(profile, END)
        await forget(self.drafts, user_id)
        return await self._advance(user_id, profile, replace(draft, token=new_token()))

    async def resume(self, user_id: int) -> Step[object]:
        """Back to a draft put aside by another command: its next question or its card."""
        profile = await self.ready(user_id)
        if isinstance(profile, Refusal):
            return Step(profile, END)
        draft = await self.drafts.load(user_id, DebtDraft)
        if draft is None:
            return Step(Refusal("gone"), END)
        if draft.mode == "edit":
            return Step(await self._card(user_id, draft, self.today(profile)), CONFIRM)
        return await self._advance(user_id, profile, draft)

    async def answer(self, user_id: int, step: str, *, text: str | None = None,
                     choice: str | None = None, message_id: int | None = None,
                     corrected: bool = False) -> Step[object]:
        """An answer to ``step``, typed (``text``) or tapped (``choice``).

        On the overdue question of a passed due date, ``paid`` / ``missed`` answer "Was
        the Nov 15 payment made?": missed means overdue since that date.
        """
        profile = await self.profile(user_id)
        draft = await self.drafts.load(user_id, DebtDraft)
        if profile is None or draft is None:
            return Step(Refusal("gone"), END)
        await remember(self.drafts, user_id, LastAnswer(NAME, step, message_id, draft.to_dict()))
        missed = step == "overdue" and choice == "missed"
        if step == "overdue" and choice in ("paid", "missed"):
            choice = "yes" if missed else "no"
        if step in ("lender", "rate") and text is not None:
            text = mask_numbers(text)
        try:
            new = apply_answer(draft, step, today=self.today(profile), text=text, choice=choice)
        except CoachError as err:
            return Step(Invalid(err), None)  # ask the same question again
        if missed and draft.due_passed:
            new = new.answer("overdue_since", overdue_since=draft.due_passed)
        new = self._follow(step, new)
        note = "adddebt.spiral" if step == "purpose" and choice == "repay" else None
        if new.mode == "edit":
            await self.drafts.save(user_id, new)
            nxt = chain_next(new) if step in OVERDUE_CHAIN[:-1] else None
            if nxt is not None:  # the overdue questions after "overdue", but not a prefilled one
                return Step(Question(nxt, profile.region, profile.language, note, new,
                                     corrected), nxt)
            return Step(await self._card(user_id, new, self.today(profile), note, corrected),
                        CONFIRM)
        return await self._advance(user_id, profile, new, note, corrected)

    @staticmethod
    def _follow(step: str, draft: DebtDraft) -> DebtDraft:
        """What one answer implies for another question, so it isn't asked."""
        if step == "rate":
            return with_schedule_minimum(draft)
        if step == "minimum" and draft.instalments_left:
            # 剩12期 and now each instalment: the schedule, and its APR if none was given.
            rule, left = draft.minimum_rule, draft.instalments_left
            draft = replace(draft, instalments_left=None)
            if draft.quoted is None and rule is not None and rule.amount:
                quote = Schedule(left, rule.amount).as_quote()
                draft = draft.answer("rate", rate=quoted_to_dict(quote), rate_unknown=False)
        return draft

    async def reread(self, user_id: int, last: LastAnswer, text: str,
                     message_id: int | None) -> Step[object]:
        """An edited answer: the draft as it was before it, answered again with ``text``."""
        if last.step == LINE:
            return await self.start(user_id, text.split(maxsplit=1)[1] if text.startswith("/")
                                    and len(text.split(maxsplit=1)) > 1 else text,
                                    message_id, corrected=True)
        if last.before is None:
            return Step(Refusal("gone"), END)
        before = DebtDraft.from_dict(last.before)
        await self.drafts.save(user_id, replace(before, token=new_token()))
        return await self.answer(user_id, last.step, text=text, message_id=message_id,
                                 corrected=True)

    async def line(self, user_id: int, text: str, message_id: int | None) -> Step[object]:
        """The one-line form sent again after it didn't read (``/adddebt`` not needed)."""
        args = text.split(maxsplit=1)[1] if text.startswith("/") and " " in text else text
        return await self.start(user_id, args, message_id)

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
            draft = replace(draft, mode="edit")
            await self.drafts.save(user_id, draft)
        return Step(Question(field, profile.region, profile.language, draft=draft), field)

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
        await self.discard(user_id)
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
        await forget(self.drafts, user_id)

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
