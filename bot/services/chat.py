"""Chat: what the bot makes of a message outside any flow, and of a pasted bill.

Free text is read after the crisis check (handlers/crisis.py runs first, always):

1. a cancel word with nothing open: nothing to cancel (a debt or payment put aside by
   another command is discarded then);
2. a pasted bill or lender message (``coach.bills.read_bill``): an offer to record it,
   or to update the debt it is about (matched by the card's last four digits, else by
   the lender), with the statement amount, minimum and due date prefilled;
3. otherwise by :func:`coach.intents.classify`: a collector's contact -> what
   collectors may and may not do where the user lives (the ``fact.*.cannot.*`` rows of
   coach/overdue.py); a debt told in a sentence -> an offer to record it, prefilled; a
   payment -> an offer to record it; greetings and 帮助 -> the help menu; thanks -> a
   short reply; anything else -> what the bot can do.

An offer is kept as a :class:`ChatOffer` draft until its button is tapped (a day at
most), so the tap starts /adddebt or /paid with the fields known. Card and ID numbers
in what is kept are masked to their last four digits (``coach.masking``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, ClassVar

from bot.services.adddebt import new_token
from bot.services.answers import LastAnswer, recall
from bot.services.base import END, Context, FeatureService, Refusal, Step
from bot.services.contact_save import Offer
from bot.services.contacts import ContactsService
from bot.services.debts import DebtsService
from bot.services.payments import PaymentsService, PayView
from coach.bills import BillFacts, read_bill
from coach.collection_text import CollectionHints, read_collection_text
from coach.debt_text import DebtFields, PaymentFields
from coach.debts import DebtDraft, minimum_to_dict, quoted_to_dict
from coach.drafts import PaymentDraft
from coach.intents import IntentKind, classify, is_cancel
from coach.lenders import LenderType, find_platform
from coach.masking import mask_numbers
from coach.overdue import Fact, overdue_facts
from coach.parsing import MinimumRule
from coach.profile import Profile
from coach.records import Debt
from coach.regions import Region
from coach.timezones import local_now
from storage.debts import DebtRepository

__all__ = [
    "BillOffer",
    "ChatOffer",
    "ChatService",
    "CollectionCard",
    "DebtOffer",
    "HelpMenu",
    "NotUnderstood",
    "NothingToCancel",
    "PaymentOffer",
    "Thanks",
    "bill_draft",
    "debt_draft",
]  # fmt: skip


@dataclass(frozen=True)
class HelpMenu:
    onboarded: bool
    greeting: bool = False


@dataclass(frozen=True)
class Thanks:
    pass


@dataclass(frozen=True)
class NotUnderstood:
    onboarded: bool


@dataclass(frozen=True)
class NothingToCancel:
    discarded: tuple[str, ...] = ()  # what was put aside and is now gone: "debt", "payment"


@dataclass(frozen=True)
class CollectionCard:
    """What collectors may and may not do in the user's region. ``hints`` is what the
    message told (who was contacted, when, the flags); ``offer``: the contact log's
    offer to log it with those filled in (None when the user has no debt to log it to)."""

    region: Region
    facts: tuple[Fact, ...]
    hints: CollectionHints
    offer: Offer | None = None


@dataclass(frozen=True)
class DebtOffer:
    fields: DebtFields
    draft: DebtDraft


@dataclass(frozen=True)
class PaymentOffer:
    fields: PaymentFields
    debt: Debt | None  # the debt it names, when exactly one matches


@dataclass(frozen=True)
class BillOffer:
    bill: BillFacts
    match: Debt | None  # the debt it is about (last four digits, else the lender)
    draft: DebtDraft


@dataclass(frozen=True, slots=True)
class ChatOffer:
    """An offer made in the chat, waiting for its button: a debt draft to record (or,
    with ``debt_id``, the update of that debt), or a payment."""

    KIND: ClassVar[str] = "chat_offer"

    kind: str  # "debt" | "bill" | "payment"
    draft: dict[str, Any] | None = None
    debt_id: int | None = None
    amount: str | None = None
    paid_on: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "draft": self.draft, "debt_id": self.debt_id,
                "amount": self.amount, "paid_on": self.paid_on, "extra": self.extra}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ChatOffer:
        debt_id = data.get("debt_id")
        return cls(str(data["kind"]), data.get("draft"),
                   int(debt_id) if debt_id is not None else None, data.get("amount"),
                   data.get("paid_on"), dict(data.get("extra") or {}))


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()


def _due_fields(due_on: date, today: date) -> dict[str, Any]:
    """A due date from a message: monthly on its day; a passed one asks "was it paid?"."""
    if due_on >= today:
        return {"due_on": due_on.isoformat(), "due_day": due_on.day, "due_passed": None}
    return {"due_on": None, "due_day": due_on.day, "due_passed": due_on.isoformat()}


def debt_draft(fields: DebtFields, today: date) -> DebtDraft:
    """A debt told in a sentence, as an /adddebt draft (the missing questions follow)."""
    draft = DebtDraft(token=new_token(), mode="quick")
    if fields.lender:
        draft = draft.with_lender(mask_numbers(fields.lender)[:60])
    if fields.balance is not None:
        draft = draft.answer("balance", balance=str(fields.balance))
    if fields.rate is not None:
        draft = draft.answer("rate", rate=quoted_to_dict(fields.rate), rate_unknown=False)
    if fields.min_payment is not None:
        rule = MinimumRule("fixed", amount=fields.min_payment)
        draft = draft.answer("minimum", minimum=minimum_to_dict(rule))
    if fields.due is not None:
        if fields.due.on is not None:
            draft = draft.answer("due", **_due_fields(fields.due.on, today))
        else:
            draft = draft.answer("due", due_day=fields.due.day_of_month)
    if fields.overdue_since is not None:
        draft = (draft.answer("overdue", overdue=True)
                 .answer("overdue_since", overdue_since=fields.overdue_since.isoformat()))
    return draft


def bill_draft(bill: BillFacts, match: Debt | None, today: date) -> DebtDraft:
    """A pasted bill as a draft: an edit of the matched debt, or a new debt."""
    if match is not None:
        draft = replace(match.draft(), token=new_token())
    else:
        draft = DebtDraft(token=new_token(), mode="quick")
        if bill.lender:
            draft = draft.with_lender(mask_numbers(bill.lender)[:60])
        if bill.platform == "credit_card" or (bill.last4 and find_platform(bill.lender or "") is None):
            draft = draft.answer("type", lender_type=LenderType.CREDIT_CARD.value)
    if bill.statement_amount is not None and bill.statement_amount > 0:
        draft = draft.answer("balance", balance=str(bill.statement_amount))
    if bill.minimum is not None and bill.minimum > 0:
        draft = draft.answer("minimum", minimum=minimum_to_dict(MinimumRule("fixed", amount=bill.minimum)))
    if bill.last4:
        draft = replace(draft, last4=bill.last4)
    overdue = bill.overdue_days or (1 if bill.overdue_amount else None)
    if overdue:
        since = today - timedelta(days=overdue)
        draft = (draft.answer("overdue", overdue=True)
                 .answer("overdue_since", overdue_since=since.isoformat()))
        if bill.overdue_amount:
            draft = draft.answer("overdue_amount", overdue_amount=str(bill.overdue_amount))
    if bill.due_on is not None:
        draft = draft.answer("due", **_due_fields(bill.due_on, today))
        if bill.due_on < today and not overdue:
            draft = replace(draft, overdue=None)  # the card asks "Was the payment made?"
    return draft


def match_bill(bill: BillFacts, debts: list[Debt]) -> Debt | None:
    """The debt a bill is about: the card's last four digits, else one debt by lender."""
    if bill.last4:
        by_digits = [d for d in debts if d.last4 == bill.last4]
        if len(by_digits) == 1:
            return by_digits[0]
        if by_digits:
            debts = by_digits
    if bill.lender:
        key = _fold(bill.lender)
        named = [d for d in debts if _fold(d.lender) == key] or [
            d for d in debts
            if (key and key in _fold(d.lender)) or (_fold(d.lender) and _fold(d.lender) in key)]
        if bill.last4:  # a card with other digits is another card
            named = [d for d in named if d.last4 in (None, bill.last4)]
        if len(named) == 1:
            return named[0]
    return None


class ChatService(FeatureService):
    """Free text and pasted bills; the offers' buttons start /adddebt and /paid."""

    def __init__(self, ctx: Context, debts: DebtsService, payments: PaymentsService,
                 contacts: ContactsService) -> None:
        super().__init__(ctx)
        self.debt_steps = debts
        self.payment_steps = payments
        self.contacts = contacts

    async def _debts(self, user_id: int) -> list[Debt]:
        async with self.uow() as s:
            return await DebtRepository(s).list(user_id)

    async def message(self, user_id: int, text: str) -> object:
        """What a message outside any flow gets (see the module docstring)."""
        profile = await self.profile(user_id)
        onboarded = profile is not None and profile.onboarded
        if is_cancel(text):
            return NothingToCancel(await self._discard_kept(user_id))
        today = self.today(profile)
        if profile is not None and profile.onboarded:
            bill = read_bill(text, today)
            if bill is not None:
                return await self._bill(user_id, profile, bill, today)
        intent = classify(text, today)
        kind = intent.kind
        if kind in (IntentKind.GREETING, IntentKind.HELP):
            return HelpMenu(onboarded, greeting=kind is IntentKind.GREETING)
        if kind is IntentKind.THANKS:
            return Thanks()
        if not onboarded or profile is None:
            return NotUnderstood(onboarded)
        if kind is IntentKind.COLLECTION:
            return await self._collection(user_id, profile, text, today)
        if kind is IntentKind.DEBT and intent.debt is not None:
            draft = debt_draft(intent.debt, today)
            await self.drafts.save(user_id, ChatOffer("debt", draft.to_dict()))
            return DebtOffer(intent.debt, draft)
        if kind is IntentKind.PAYMENT and intent.payment is not None:
            return await self._payment(user_id, intent.payment, today)
        return NotUnderstood(onboarded)

    async def _collection(self, user_id: int, profile: Profile, text: str,
                          today: date) -> CollectionCard:
        region = profile.jurisdiction
        facts = overdue_facts(1, None, LenderType.CONSUMER_FINANCE, region, today=today)
        shown = tuple(f for f in facts if ".cannot." in f.code or f.code == "fact.other.rules_differ"
                      or f.code == "fact.help.keep_records")
        now = local_now(self.clock.now(), profile.zone_name(self.ctx.default_timezone))
        offer = await self.contacts.offer_from_text(user_id, text)
        hints = offer.hints if offer is not None else read_collection_text(text, now)
        return CollectionCard(region, shown, hints, offer)

    async def _bill(self, user_id: int, profile: Profile, bill: BillFacts,
                    today: date) -> BillOffer:
        match = match_bill(bill, await self._debts(user_id))
        draft = bill_draft(bill, match, today)
        await self.drafts.save(user_id, ChatOffer("bill", draft.to_dict(),
                                                  match.id if match else None))
        return BillOffer(bill, match, draft)

    async def _payment(self, user_id: int, fields: PaymentFields, today: date) -> PaymentOffer:
        debts = await self._debts(user_id)
        debt = None
        if fields.lender:
            key = _fold(fields.lender)
            named = [d for d in debts if key in _fold(d.lender) or _fold(d.lender) in key]
            debt = named[0] if len(named) == 1 else None
        elif len(debts) == 1:
            debt = debts[0]
        await self.drafts.save(user_id, ChatOffer(
            "payment", None, debt.id if debt else None,
            str(fields.amount) if fields.amount is not None else None,
            (fields.paid_on or today).isoformat()))
        return PaymentOffer(fields, debt)

    async def cancel_outside(self, user_id: int) -> NothingToCancel:
        """/cancel with no flow open."""
        return NothingToCancel(await self._discard_kept(user_id))

    async def _discard_kept(self, user_id: int) -> tuple[str, ...]:
        """A cancel word with no flow open: drop what another command put aside."""
        gone = []
        if await self.drafts.exists(user_id, DebtDraft.KIND):
            await self.drafts.clear(user_id, DebtDraft)
            gone.append("debt")
        if await self.drafts.exists(user_id, PaymentDraft.KIND):
            await self.drafts.clear(user_id, PaymentDraft)
            gone.append("payment")
        return tuple(gone)

    # -- the offers' buttons --------------------------------------------------------------
    async def offer(self, user_id: int, kind: str) -> ChatOffer | None:
        offer = await self.drafts.load(user_id, ChatOffer)
        if offer is None or offer.kind not in kind.split("|"):
            return None
        await self.drafts.clear(user_id, ChatOffer)
        return offer

    async def adddebt(self, user_id: int, *, bill_target: str | None = None) -> Step[object]:
        """The "Record it" of a debt told or a bill pasted: /adddebt, prefilled."""
        offer = await self.offer(user_id, "bill" if bill_target is not None else "debt")
        if offer is None or offer.draft is None:
            return Step(Refusal("expired"), END)
        draft = DebtDraft.from_dict(offer.draft)
        return await self.debt_steps.prefilled(user_id, draft)

    async def paid(self, user_id: int) -> Step[PayView]:
        """The "Record it" of a payment told: /paid, prefilled."""
        offer = await self.offer(user_id, "payment")
        if offer is None:
            return Step(Refusal("expired"), END)
        amount = Decimal(offer.amount) if offer.amount else None
        paid_on = date.fromisoformat(offer.paid_on) if offer.paid_on else None
        return await self.payment_steps.prefilled(user_id, offer.debt_id, amount, paid_on)

    # -- edits ----------------------------------------------------------------------------
    async def last_answer(self, user_id: int) -> LastAnswer | None:
        """The open flow's last answer (handlers/chat.py applies an edit of it)."""
        return await recall(self.drafts, user_id)
