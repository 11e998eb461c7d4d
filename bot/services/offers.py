"""/check: what an offer really costs, before signing. Stores nothing lasting.

The computation is :func:`coach.offers.offer_check`; this service walks the guided
flow's answers (a :class:`coach.drafts.CheckDraft`, deleted when the card is shown) and
adds what the domain cannot know: the user's local "today" and region (the thresholds
are Chinese rules: a US user sees the figures without a verdict, and isn't asked the
lender type). States are in handlers/offers.py (handlers/offer_check.mmd).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from bot.i18n import choose_language
from bot.services.base import END, FeatureService, Invalid, Step
from coach.drafts import CheckDraft
from coach.errors import CoachError, ParseError
from coach.lenders import LenderType
from coach.offers import (
    Instalments,
    OfferCheck,
    QuotedTerms,
    Schedule,
    SingleRepayment,
    offer_check,
    schedule_from_quick,
)
from coach.parsing import CheckQuick, parse_check_quick, parse_days, parse_rate
from coach.parsing._text import echo, guard, small_number
from coach.parsing.labelled import read_amount
from coach.profile import Profile, Region
from coach.rates import MAX_INSTALMENTS, NoRateError
from storage.repositories import UserRepository

__all__ = [
    "AMOUNT", "COUNT", "DAYS", "FORM", "FORMS", "LENDER", "MONTHLY_FEE", "MONTHS", "PAYMENT",
    "RATE", "REPAY", "UPFRONT", "AskAmount", "AskCount", "AskDays", "AskForm", "AskLender",
    "AskMonthlyFee", "AskText", "AskUpfront", "Below", "Card", "OfferService", "Several",
    "ensure_covers", "parse_instalment_count", "parse_lender_type", "repaid_total",
    "schedule_from_draft",
]  # fmt: skip

AMOUNT, FORM, COUNT, PAYMENT, RATE, MONTHS, UPFRONT, MONTHLY_FEE, REPAY, DAYS, LENDER = (
    "amount", "form", "count", "payment", "rate", "months", "upfront", "monthly_fee",
    "repay", "days", "lender",
)  # fmt: skip
FORMS = ("inst", "rate", "single")

_COUNT = re.compile(
    r"(?P<n>[0-9]+|[零〇一二两三四五六七八九十百]+)\s*"
    r"(?:期|个月|月|months?|mos?|instal(?:l)?ments?|payments?)?"
)


def parse_instalment_count(text: str) -> int:
    """A number of monthly instalments: ``12``, ``12期``, ``十二个月``, ``12 months``.

    Codes: ``instalments.invalid`` (``text``), ``instalments.out_of_range``
    (``instalments``, ``min``, ``max``).
    """
    m = _COUNT.fullmatch(guard(text, "instalments.invalid"))
    count = small_number(m["n"]) if m else None
    if count is None:
        raise ParseError("instalments.invalid", text=echo(text))
    if not 1 <= count <= MAX_INSTALMENTS:
        raise ParseError("instalments.out_of_range", instalments=count, min=1, max=MAX_INSTALMENTS)
    return count


def schedule_from_draft(draft: CheckDraft) -> Schedule | None:
    """The schedule the answers so far describe, or None while one is missing."""
    if draft.form == "inst":
        if draft.payment is None or draft.count is None:
            return None
        return Instalments(draft.count, draft.payment)
    if draft.form == "single":
        if draft.repay is None or draft.days is None:
            return None
        return SingleRepayment(draft.repay, draft.days)
    if draft.form == "rate":
        if draft.rate is None or draft.monthly_fee is None:
            return None
        months = draft.months or draft.rate.instalments
        if months is None:
            return None
        return QuotedTerms(draft.rate, months=months, upfront_fee=draft.upfront or Decimal(0),
                           monthly_fee=draft.monthly_fee)
    return None


def repaid_total(schedule: Schedule) -> Decimal | None:
    """What the repayments add up to, when that is known without the rate maths."""
    if isinstance(schedule, Instalments):
        return schedule.payment * schedule.count
    if isinstance(schedule, SingleRepayment):
        return schedule.amount
    return None


def ensure_covers(received: Decimal, total: Decimal) -> None:
    """Repayments below the money received are a typo: NoRateError ``payments_below_received``."""
    if total < received:
        raise NoRateError("payments_below_received")


def parse_lender_type(code: str) -> LenderType | None:
    """A lender type from its button code; ``none`` (don't know) is None."""
    return None if code == "none" else LenderType(code)


@dataclass(frozen=True)
class AskAmount:
    lead: str  # a catalog key said first: "check.start" or "check.step_by_step"


@dataclass(frozen=True)
class AskForm:
    pass


@dataclass(frozen=True)
class AskCount:
    pass


@dataclass(frozen=True)
class AskText:
    key: str  # the catalog key of a typed question (payment, rate, repay)


@dataclass(frozen=True)
class AskUpfront:
    pass


@dataclass(frozen=True)
class AskMonthlyFee:
    pass


@dataclass(frozen=True)
class AskDays:
    pass


@dataclass(frozen=True)
class AskLender:
    pass


@dataclass(frozen=True)
class Below:
    """Repayments below the money received: a typo, named."""

    repaid: Decimal
    received: Decimal


@dataclass(frozen=True)
class Card:
    result: OfferCheck
    schedule: Schedule
    region: Region | None  # verdicts only for mainland China; None: not set yet


@dataclass(frozen=True)
class Several:
    """Views shown in order (an explanation, then the question that follows)."""

    views: tuple[object, ...]


@dataclass(frozen=True)
class Expired:
    pass


class OfferService(FeatureService):
    def _verdicts(self, profile: Profile | None) -> bool:
        """The lines are mainland-China rules: a verdict only for that region."""
        return profile is not None and profile.region is Region.CN

    @staticmethod
    def _region(profile: Profile | None) -> Region | None:
        return profile.region if profile is not None else None

    async def _remember(self, user_id: int, language_code: str | None, draft: CheckDraft) -> None:
        """Keep the answers. A user who never ran /start gets a settings-only row."""
        async with self.uow() as s:
            repo = UserRepository(s)
            if await repo.profile(user_id) is None:
                await repo.create(user_id, choose_language(language_code), self.clock.now())
        await self.drafts.save(user_id, draft)

    async def _draft(self, user_id: int) -> CheckDraft:
        return await self.drafts.load(user_id, CheckDraft) or CheckDraft()

    def _check(self, received: Decimal, schedule: Schedule, profile: Profile | None,
               lender_type: LenderType | None = None) -> OfferCheck:
        total = repaid_total(schedule)
        if total is not None:
            ensure_covers(received, total)
        return offer_check(received, schedule, today=self.today(profile), lender_type=lender_type)

    def _refusal(self, err: CoachError, received: Decimal, schedule: Schedule) -> object:
        total = repaid_total(schedule)
        below = isinstance(err, NoRateError) and err.params.get("reason") == "payments_below_received"
        if below and total is not None:
            return Below(total, received)
        return Invalid(err)

    async def _problem(self, user_id: int, draft: CheckDraft) -> object | None:
        """Why the answers so far make numbers the maths refuses; None when fine (or incomplete)."""
        schedule = schedule_from_draft(draft)
        if schedule is None or draft.received is None:
            return None
        try:
            self._check(draft.received, schedule, await self.profile(user_id))
        except CoachError as err:
            return self._refusal(err, draft.received, schedule)
        return None

    async def _schedule_done(self, user_id: int) -> Step[object]:
        """Every repayment answer is in: ask the lender type, or (US) show the card."""
        if not self._verdicts(await self.profile(user_id)):
            return await self._finish(user_id, None)
        return Step(AskLender(), LENDER)

    async def _finish(self, user_id: int, lender_type: LenderType | None) -> Step[object]:
        draft = await self.drafts.load(user_id, CheckDraft)
        profile = await self.profile(user_id)
        schedule = schedule_from_draft(draft) if draft is not None else None
        if draft is None or schedule is None or draft.received is None:
            return Step(Expired(), END)  # the draft is gone: a redelivered tap
        await self.discard(user_id)
        try:
            result = self._check(draft.received, schedule, profile, lender_type)
        except CoachError as err:  # numbers that no rate solves (e.g. a forged button)
            return Step(Invalid(err), END)
        return Step(Card(result, schedule, self._region(profile)), END)

    async def _from_quick(self, user_id: int, language_code: str | None, quick: CheckQuick) -> Step[object]:
        """A parsed quick line: the card at once, or MONTHS when the quote has no term."""
        await self.discard(user_id)
        if quick.rate is not None and quick.rate.instalments is None:
            await self._remember(user_id, language_code,
                                 CheckDraft(received=quick.received, form="rate", rate=quick.rate))
            return Step(AskCount(), MONTHS)
        schedule = schedule_from_quick(quick)
        profile = await self.profile(user_id)
        try:
            result = self._check(quick.received, schedule, profile)
        except CoachError as err:
            return Step(Several((self._refusal(err, quick.received, schedule),
                                 AskAmount("check.step_by_step"))), AMOUNT)
        return Step(Card(result, schedule, self._region(profile)), END)

    async def start(self, user_id: int, language_code: str | None, line: str) -> Step[object]:
        """``/check`` (guided), ``/check 12000`` or a whole quick line."""
        await self.discard(user_id)
        if not line.strip():
            return Step(AskAmount("check.start"), AMOUNT)
        try:
            quick = parse_check_quick(line)
        except ParseError as err:
            try:
                received = read_amount(line)  # the amount alone: go on with the form
            except ParseError:
                return Step(Several((Invalid(err), AskAmount("check.step_by_step"))), AMOUNT)
            await self._remember(user_id, language_code, CheckDraft(received=received))
            return Step(AskForm(), FORM)
        return await self._from_quick(user_id, language_code, quick)

    async def amount(self, user_id: int, language_code: str | None, text: str) -> Step[object]:
        if len(text.split()) > 1:  # perhaps a whole quick line
            try:
                return await self._from_quick(user_id, language_code, parse_check_quick(text))
            except ParseError:
                pass
        try:
            received = read_amount(text)
        except ParseError as err:
            return Step(Invalid(err), None)
        await self._remember(user_id, language_code, CheckDraft(received=received))
        return Step(AskForm(), FORM)

    async def form(self, user_id: int, form: str) -> Step[object]:
        if form not in FORMS:
            return Step(Expired(), None)
        draft = (await self._draft(user_id)).with_(form=form)
        await self.drafts.save(user_id, draft)
        if form == "inst":
            return Step(AskCount(), COUNT)
        if form == "rate":
            return Step(AskText("check.ask_rate"), RATE)
        return Step(AskText("check.ask_repay"), REPAY)

    async def count(self, user_id: int, *, tapped: int | None = None, text: str = "") -> Step[object]:
        try:
            count = tapped if tapped is not None else parse_instalment_count(text)
        except ParseError as err:
            return Step(Invalid(err), None)
        draft = (await self._draft(user_id)).with_(count=count)
        await self.drafts.save(user_id, draft)
        return Step(AskText("check.ask_payment"), PAYMENT)

    async def payment(self, user_id: int, text: str) -> Step[object]:
        try:
            payment = read_amount(text)
        except ParseError as err:
            return Step(Invalid(err), None)
        draft = (await self._draft(user_id)).with_(payment=payment)
        problem = await self._problem(user_id, draft)
        if problem is not None:
            return Step(problem, None)
        await self.drafts.save(user_id, draft)
        return await self._schedule_done(user_id)

    async def rate(self, user_id: int, text: str) -> Step[object]:
        try:
            rate = parse_rate(text)
        except ParseError as err:
            return Step(Invalid(err), None)
        await self.drafts.save(user_id, (await self._draft(user_id)).with_(rate=rate))
        if rate.instalments is None:
            return Step(AskCount(), MONTHS)
        return Step(AskUpfront(), UPFRONT)

    async def months(self, user_id: int, *, tapped: int | None = None, text: str = "") -> Step[object]:
        try:
            months = tapped if tapped is not None else parse_instalment_count(text)
        except ParseError as err:
            return Step(Invalid(err), None)
        await self.drafts.save(user_id, (await self._draft(user_id)).with_(months=months))
        return Step(AskUpfront(), UPFRONT)

    async def upfront(self, user_id: int, *, none: bool = False, text: str = "") -> Step[object]:
        try:
            fee = Decimal(0) if none else read_amount(text, allow_zero=True)
        except ParseError as err:
            return Step(Invalid(err), None)
        await self.drafts.save(user_id, (await self._draft(user_id)).with_(upfront=fee))
        return Step(AskMonthlyFee(), MONTHLY_FEE)

    async def monthly_fee(self, user_id: int, *, none: bool = False, text: str = "") -> Step[object]:
        try:
            fee = Decimal(0) if none else read_amount(text, allow_zero=True)
        except ParseError as err:
            return Step(Invalid(err), None)
        draft = (await self._draft(user_id)).with_(monthly_fee=fee)
        problem = await self._problem(user_id, draft)
        if problem is not None:
            return Step(problem, None)
        await self.drafts.save(user_id, draft)
        return await self._schedule_done(user_id)

    async def repay(self, user_id: int, text: str) -> Step[object]:
        try:
            repay = read_amount(text)
        except ParseError as err:
            return Step(Invalid(err), None)
        draft = (await self._draft(user_id)).with_(repay=repay)
        # Checked against the money received now (with a placeholder term), so that a
        # typo is caught on this step rather than after the days.
        problem = await self._problem(user_id, draft.with_(days=30))
        if problem is not None:
            return Step(problem, None)
        await self.drafts.save(user_id, draft)
        return Step(AskDays(), DAYS)

    async def days(self, user_id: int, *, tapped: int | None = None, text: str = "") -> Step[object]:
        try:
            days = tapped if tapped is not None else parse_days(text)
        except ParseError as err:
            return Step(Invalid(err), None)
        await self.drafts.save(user_id, (await self._draft(user_id)).with_(days=days))
        return await self._schedule_done(user_id)

    async def lender(self, user_id: int, code: str) -> Step[object]:
        try:
            lender_type = parse_lender_type(code)
        except ValueError:
            return Step(Expired(), None)
        return await self._finish(user_id, lender_type)

    async def discard(self, user_id: int) -> None:
        await self.drafts.clear(user_id, CheckDraft)

    async def unsaved(self, user_id: int) -> bool:
        return False  # a /check keeps nothing worth mentioning
