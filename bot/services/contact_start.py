"""/log's start: where a contact's draft comes from, and which question comes next.

The entry points of the "log" conversation (handlers/contacts.py): /log, a debt's card or
a follow-up reminder, a call script (the debt, an outbound call to the lender's staff
and the ask filled in), the offer made for free text about a collector
(:meth:`ContactStart.offer_from_text`: the time, who was contacted and the flags the text
shows), and Edit on a logged entry (its answers, for a correction). Every one fills a
:class:`coach.contact_draft.ContactDraft` and asks :meth:`ContactStart._next`, which
saves it and returns the first unanswered question (coach.contact_draft.next_question).
The steps that answer them are bot/services/contacts.py.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from bot.services.base import END, Refusal, Step
from bot.services.contact_save import ContactSave, Offer
from coach.collection_text import Contact, read_collection_text, tells_a_contact
from coach.conduct import ConductOffer, Region, checks_for, is_night, region_of
from coach.contact_draft import (
    HINT_CHANNELS,
    THIRD_PARTY_QUESTIONS,
    ContactDraft,
    from_entry,
    hint_conducts,
    next_question,
)
from coach.contacts import MAX_NOTE, Channel, Conduct, Direction, OutcomeKind, Party
from coach.crisis import assess
from coach.negotiation import ASK_OUTCOMES, AskKind
from coach.profile import Profile
from coach.records import Debt
from coach.timezones import local_now
from storage.contacts import ContactRepository
from storage.debts import DebtRepository
from storage.nudges import NudgeRepository

__all__ = ["ContactStart", "NoDebts", "Question", "new_token"]

#: Which channel a free-text account is logged as when it names several.
#: (A call first: "said they'd come to my house" is a threatened visit, not one.)
_CHANNEL_ORDER = (Channel.CALL, Channel.SMS, Channel.WECHAT, Channel.VISIT, Channel.LETTER,
                  Channel.EMAIL)


def new_token() -> str:
    return uuid.uuid4().hex[:16]


@dataclass(frozen=True)
class NoDebts:
    pass


@dataclass(frozen=True)
class Question:
    """The next question (``name`` is its state), with what it needs to be asked:
    the debts to pick from, the debt, the region's misconduct checks, the outcome
    suggested by the call script, whether the user chose to type an earlier time."""

    name: str
    draft: ContactDraft
    debt: Debt | None = None
    debts: tuple[Debt, ...] = ()
    region: Region = Region.OTHER
    offer: ConductOffer | None = None
    suggested: OutcomeKind | None = None
    earlier: bool = False


def _checks(d: ContactDraft, region: Region) -> ConductOffer | None:
    if d.party is None or d.channel is None:
        return None
    return checks_for(region, d.party, d.channel)


class ContactStart(ContactSave):
    async def _next(self, user_id: int, draft: ContactDraft, *,
                    earlier: bool = False) -> Step[object]:
        profile = await self.profile(user_id)
        if profile is None:
            return Step(Refusal("gone"), END)
        region = region_of(profile.jurisdiction.code)
        draft = self._propose(draft, region)
        await self.drafts.save(user_id, draft)
        offer = _checks(draft, region)
        name = next_question(draft, checks=bool(offer and offer.checks),
                             third=THIRD_PARTY_QUESTIONS[region.value])
        async with self.uow() as s:
            repo = DebtRepository(s)
            debt = await repo.get(user_id, draft.debt_id) if draft.debt_id else None
            debts = tuple(await repo.list(user_id)) if name == "debt" else ()
        if draft.debt_id is not None and debt is None:
            await self.discard(user_id)
            return Step(Refusal("not_found"), END)
        suggested = ASK_OUTCOMES[AskKind(draft.ask)] if draft.ask in set(AskKind) else None
        return Step(Question(name, draft, debt, debts, region, offer, suggested, earlier), name)

    @staticmethod
    def _propose(d: ContactDraft, region: Region) -> ContactDraft:
        """Tick the night flag once when the time shows it (the user may untick it), and
        keep only proposals the region checks for this caller: a US lender collecting its
        own debt is not under the FDCPA (rules.md §7a), so nothing is proposed for it but
        a quoted threat, which stays in the record without a rule."""
        if d.party is None or d.channel is None or "conduct" in d.asked:
            return d
        offered = {r.conduct for r in checks_for(region, d.party, d.channel).checks}
        keep = offered | ({Conduct.THREATS} if d.threat_quoted else set())
        d = d.with_(flags=d.flags - (d.proposed - keep))
        night = Conduct.NIGHT_CONTACT
        if (night in d.proposed or night not in offered or region is Region.OTHER
                or d.occurred_at is None or d.direction is not Direction.INBOUND
                or not is_night(local_now(d.occurred_at, d.tz), region)):
            return d
        return d.with_(flags=d.flags | {night}, proposed=d.proposed | {night})

    async def _draft(self, user_id: int) -> ContactDraft | None:
        return await self.drafts.load(user_id, ContactDraft)

    async def _new(self, user_id: int, **prefill: object) -> Step[object] | ContactDraft:
        profile = await self.ready(user_id)
        if isinstance(profile, Refusal):
            return Step(profile, END)
        async with self.uow() as s:
            debts = await DebtRepository(s).list(user_id)
        if not debts:
            await self.discard(user_id)
            return Step(NoDebts(), END)
        draft = ContactDraft(new_token(), tz=profile.zone_name(self.ctx.default_timezone))
        if len(debts) == 1:
            draft = draft.with_(debt_id=debts[0].id)
        return draft.with_(**prefill)

    # -- entry points ---------------------------------------------------------------------
    async def start(self, user_id: int) -> Step[object]:
        """/log: which debt (when there are several), then the questions."""
        draft = await self._new(user_id)
        return draft if isinstance(draft, Step) else await self._next(user_id, draft)

    async def from_debt(self, user_id: int, debt_id: int) -> Step[object]:
        """📝 Log a contact on a debt's card or a follow-up reminder."""
        draft = await self._new(user_id, debt_id=debt_id)
        return draft if isinstance(draft, Step) else await self._next(user_id, draft)

    async def from_nudge(self, user_id: int, nudge_id: int) -> Step[object]:
        async with self.uow() as s:
            nudge = await NudgeRepository(s).get(user_id, nudge_id)
        debt_id = int(nudge.params.get("debt_id", 0) or 0) if nudge is not None else 0
        if not debt_id:
            return Step(Refusal("gone"), END)
        return await self.from_debt(user_id, debt_id)

    async def from_script(self, user_id: int, debt_id: int, ask: str) -> Step[object]:
        """📝 Log this call under a call script: the debt, an outbound call to the lender's
        staff and the ask are filled in."""
        if ask not in set(AskKind):
            return Step(Refusal("expired"), END)
        draft = await self._new(user_id, debt_id=debt_id, direction=Direction.OUTBOUND,
                                channel=Channel.CALL, party=Party.LENDER, ask=ask)
        return draft if isinstance(draft, Step) else await self._next(user_id, draft)

    async def from_text(self, user_id: int, token: str) -> Step[object]:
        """Log it, under the offer made for free text about a collector (its draft)."""
        draft = await self._draft(user_id)
        if draft is None or draft.token != token or not draft.from_text:
            return Step(Refusal("gone"), END)
        return await self._next(user_id, draft)

    async def offer_from_text(self, user_id: int, text: str) -> Offer | None:
        """Free text about a collector outside any flow: propose to log it, with the time,
        who was contacted and the flags the text shows (kept as the "log" draft, which the
        offer's button picks up). None when the user can't log (not set up, no debts)."""
        if not tells_a_contact(text):  # a question about the rules: nothing to log
            return None
        profile = await self.ready(user_id)
        if not isinstance(profile, Profile):
            return None
        draft = await self._new(user_id)
        if isinstance(draft, Step):
            return None
        now_local = local_now(self.clock.now(), draft.tz)
        hints = read_collection_text(text, now_local)
        region = region_of(profile.jurisdiction.code)
        named = {HINT_CHANNELS[c] for c in hints.channels}
        channel = next((c for c in _CHANNEL_ORDER if c in named), None)
        flags = hint_conducts(hints.flags)
        signal = assess(text)
        if signal is not None and signal.kind == "quoted_threat":
            flags |= {Conduct.THREATS}
        if hints.contacted and Contact.SELF not in hints.contacted:
            draft = draft.answered("calls")  # they called someone else: not a call to answer
        draft = draft.with_(
            occurred_at=hints.when if hints.when is not None and not hints.when_guessed else None,
            direction=Direction.INBOUND if channel else None, channel=channel,
            note=text.strip()[:MAX_NOTE], flags=flags, proposed=flags, from_text=True,
            # Who was contacted, as codes ("self" too when the user was): the complaint
            # then says whom they called, never "called me" when they called the mother.
            third_who=",".join(sorted(c.value for c in hints.contacted)),
        )
        draft = self._propose(draft, region)
        await self.drafts.save(user_id, draft)
        return Offer(draft.token, hints, draft.flags, region)

    async def edit_entry(self, user_id: int, prefix: str) -> Step[object]:
        """Edit on a logged entry: its answers, straight to the card (Save appends a
        correction; the original stays in the chain)."""
        profile = await self.ready(user_id)
        if isinstance(profile, Refusal):
            return Step(profile, END)
        async with self.uow() as s:
            entry = await ContactRepository(s).by_hash(user_id, prefix)
            latest = await self._latest(s, user_id, entry) if entry else None
        if latest is None:
            return Step(Refusal("not_found"), END)
        return await self._next(user_id, from_entry(latest, new_token()))

    # -- the questions ----------------------------------------------------------------------

    async def discard(self, user_id: int) -> None:
        await self.drafts.clear(user_id, ContactDraft)

    async def unsaved(self, user_id: int) -> bool:
        draft = await self._draft(user_id)
        return draft is not None and (draft.occurred_at is not None or bool(draft.note))
