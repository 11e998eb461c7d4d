"""/log: record one contact with a lender or a collector, fast on a phone, then seal it.

One method per step of the "log" conversation (handlers/contacts.py, handlers/log.mmd).
The answers wait in a :class:`coach.contact_draft.ContactDraft`; which question comes
next is :func:`coach.contact_draft.next_question`, so prefilled answers (from the call
script, a reminder, a debt's card, free text about a collector, or an entry being
corrected) are simply skipped, and "Change…" on the confirmation card clears one
answer and asks it again. Save (bot/services/contact_save.py) seals the entry into the
user's chain, applies its outcome to the debt and re-plans the reminders.

Every note is read by the crisis detector: a collector's threat quoted in it ("不还就去死")
ticks the threat flag and keeps the note (the crisis handler has already offered care
and let the message through); the user's own words of crisis never reach this step,
the care message comes first and the flow waits at the same question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date, timedelta

from bot.services.base import END, Invalid, Refusal, Step
from bot.services.contact_save import Offer, Saved
from bot.services.contact_start import ContactStart, NoDebts, Question
from coach.collection_text import read_collection_text
from coach.conduct import region_of
from coach.contact_draft import (
    OPTIONAL_FIGURES,
    THIRD_PARTY_QUESTIONS,
    ContactDraft,
    hint_conducts,
)
from coach.contact_time import read_contact_time
from coach.contacts import (
    MAX_ATTACHMENTS,
    MAX_ATTEMPTS,
    MAX_NAME,
    MAX_NOTE,
    MAX_PHONE,
    Attachment,
    AttachmentKind,
    Channel,
    Conduct,
    Confirmation,
    ContactError,
    Direction,
    NextStep,
    OutcomeKind,
    Party,
)
from coach.crisis import assess
from coach.errors import CoachError, ParseError
from coach.freetext import prepare
from coach.parsing import next_due_date, parse_date, parse_schedule
from coach.parsing.labelled import read_amount
from coach.timezones import local_now

__all__ = [
    "FIELDS", "STATES", "Cancelled", "ContactsService", "NoDebts", "Noted", "Offer", "Question",
    "Saved",
]  # fmt: skip

#: The conversation's states (coach.contact_draft.next_question names them).
STATES = ("debt", "when", "channel", "calls", "who", "details", "note", "outcome", "figure",
          "written", "next", "follow", "conduct", "third", "confirm", "edit")
#: What "Change…" on the card can ask again, and the answers (draft fields, and the
#: optional questions of ``ContactDraft.asked``) each one clears.
FIELDS = {
    "when": ("occurred_at",),
    "channel": ("channel", "attempts", "connected", "calls"),
    "who": ("party", "agency", "agent", "phone"),
    "note": ("note",),
    "outcome": ("outcome", "confirmation", "amount", "count", "on"),
    "next": ("next_step", "follow_up", "follow"),
    "flags": ("conduct", "reachable", "revealed"),
}
#: "How many times did they call?": 8, 8次, 8 times, 8 calls.
_ATTEMPTS = re.compile(r"(\d{1,3})\s*(?:次|个|通|times?|calls?)?")
_FIGURES = ("until", "by", "from", "schedule", "amount", "waived")
#: Answers kept when their group is asked again from the card (typed details).
_KEPT = frozenset({"agency", "agent", "phone"})


@dataclass(frozen=True)
class Noted:
    """Text or a file taken for "what was said"; the step waits for more or Next."""

    draft: ContactDraft
    attachment: bool
    threat: bool  # a collector's threat was quoted: the threat flag is now ticked


@dataclass(frozen=True)
class Cancelled:
    pass


def _future(text: str, today: date, form: str) -> date:
    """A date on or after today (a day of the month: its next one)."""
    due = parse_date(text, today=today, form=form)
    if due.on is not None:
        return due.on
    assert due.day_of_month is not None
    return next_due_date(due.day_of_month, today)


def _any_date(text: str, today: date) -> date:
    """A date before or after today (when interest stopped: it may have already)."""
    try:
        return _future(text, today, "outcome")
    except ParseError as err:
        on = err.params.get("on")
        if err.code == "date.past" and isinstance(on, date):
            return on
        raise


class ContactsService(ContactStart):
    async def pick(self, user_id: int, debt_id: int) -> Step[object]:
        draft = await self._draft(user_id)
        if draft is None:
            return Step(Refusal("gone"), END)
        return await self._next(user_id, draft.with_(debt_id=debt_id))

    async def when(self, user_id: int, *, now: bool = False, earlier: bool = False,
                   text: str = "") -> Step[object]:
        """Just now; Earlier (then a typed time); or a typed time (昨晚11点半, 14:30)."""
        draft = await self._draft(user_id)
        if draft is None:
            return Step(Refusal("gone"), END)
        if earlier:
            return await self._next(user_id, draft, earlier=True)
        at = self.clock.now()
        if not now:
            told = read_contact_time(prepare(text), local_now(at, draft.tz))
            if told.when is None:
                return Step(Invalid(ParseError("contact.time_invalid", text=text[:40])), None)
            at = told.when
        return await self._next(user_id, draft.with_(occurred_at=at))

    async def direction(self, user_id: int, direction: str) -> Step[object]:
        draft = await self._draft(user_id)
        if draft is None:
            return Step(Refusal("gone"), END)
        return await self._next(user_id, draft.with_(direction=Direction(direction)))

    async def channel(self, user_id: int, channel: str) -> Step[object]:
        draft = await self._draft(user_id)
        if draft is None:
            return Step(Refusal("gone"), END)
        direction = draft.direction or Direction.INBOUND
        return await self._next(user_id, draft.with_(channel=Channel(channel), direction=direction))

    async def calls(self, user_id: int, *, answered: bool | None = None,
                    text: str = "") -> Step[object]:
        """An inbound call: answered, missed, or how many times they called (typed)."""
        draft = await self._draft(user_id)
        if draft is None:
            return Step(Refusal("gone"), END)
        if answered is not None:
            draft = draft.with_(connected=answered, attempts=1)
        else:
            count = _ATTEMPTS.fullmatch(prepare(text).lower())
            if count is None or not 1 <= int(count[1]) <= MAX_ATTEMPTS:
                return Step(Invalid(ParseError("contact.attempts_invalid", text=text[:40])), None)
            draft = draft.with_(attempts=int(count[1]), connected=False)
        return await self._next(user_id, draft.answered("calls"))

    async def who(self, user_id: int, party: str) -> Step[object]:
        draft = await self._draft(user_id)
        if draft is None:
            return Step(Refusal("gone"), END)
        return await self._next(user_id, draft.with_(party=Party(party)).unasked(
            "agency", "agent", "phone"))

    async def detail(self, user_id: int, *, text: str = "", skip: str = "") -> Step[object]:
        """The agency, the agent's name or ID, the number: typed, Skip, or Skip the rest."""
        draft = await self._draft(user_id)
        if draft is None or draft.detail is None:
            return Step(Refusal("gone"), END)
        name = draft.detail
        if skip == "rest":
            return await self._next(user_id, draft.answered(*draft.details))
        if not skip:
            value = text.strip()
            limit = MAX_PHONE if name == "phone" else MAX_NAME
            if len(value) > limit:
                return Step(Invalid(ContactError("contact.too_long", field=name, limit=limit)),
                            None)
            draft = draft.with_(**{name: value})
        return await self._next(user_id, draft.answered(name))

    async def note(self, user_id: int, text: str) -> Step[object]:
        """What was said (added to the note); a quoted threat ticks the threat flag."""
        draft = await self._draft(user_id)
        if draft is None:
            return Step(Refusal("gone"), END)
        note = (draft.note + "\n" + text.strip()) if draft.note else text.strip()
        if len(note) > MAX_NOTE:
            return Step(Invalid(ContactError("contact.too_long", field="note", limit=MAX_NOTE)),
                        None)
        draft, threat = self._read(draft.with_(note=note), text, theirs=False)
        await self.drafts.save(user_id, draft)
        return Step(Noted(draft, attachment=False, threat=threat), None)

    def _read(self, draft: ContactDraft, text: str, *, theirs: bool) -> tuple[ContactDraft, bool]:
        """Flags the words propose: a quoted threat (coach.crisis.assess; in a forwarded
        message, ``theirs``, any such words are the collector's), and the misconduct the
        text shows (coach.collection_text; the time alone decides "at night")."""
        signal = assess(text)
        threat = signal is not None and (theirs or signal.kind == "quoted_threat")
        if threat:
            draft = draft.with_(flags=draft.flags | {Conduct.THREATS}, threat_quoted=True,
                                proposed=draft.proposed | {Conduct.THREATS})
        hints = hint_conducts(read_collection_text(text, local_now(self.clock.now(),
                                                                   draft.tz)).flags)
        new = hints - draft.proposed - {Conduct.NIGHT_CONTACT}
        return draft.with_(flags=draft.flags | new, proposed=draft.proposed | new), threat

    async def attach(self, user_id: int, attachment: Attachment, caption: str = "") -> Step[object]:
        """A photo, voice note, document or forwarded message sent while at the note (a
        forwarded message's words are read for flags like a note's)."""
        draft = await self._draft(user_id)
        if draft is None:
            return Step(Refusal("gone"), END)
        if len(draft.attachments) >= MAX_ATTACHMENTS:
            return Step(Invalid(ContactError("contact.too_long", field="attachments",
                                             limit=MAX_ATTACHMENTS)), None)
        draft = draft.with_(attachments=(*draft.attachments, attachment))
        threat = False
        if attachment.kind is AttachmentKind.FORWARDED and attachment.text:
            draft, threat = self._read(draft, attachment.text, theirs=True)
        await self.drafts.save(user_id, draft)
        if caption.strip():
            return await self.note(user_id, caption)
        return Step(Noted(draft, attachment=True, threat=threat), None)

    async def note_done(self, user_id: int) -> Step[object]:
        draft = await self._draft(user_id)
        if draft is None:
            return Step(Refusal("gone"), END)
        return await self._next(user_id, draft.answered("note"))

    async def outcome(self, user_id: int, kind: str) -> Step[object]:
        draft = await self._draft(user_id)
        if draft is None or kind not in set(OutcomeKind):
            return Step(Refusal("gone"), END)
        cleared = draft.with_(outcome=OutcomeKind(kind), amount=None, count=None, on=None,
                              confirmation=None)
        return await self._next(user_id, cleared.unasked(*_FIGURES))

    async def figure(self, user_id: int, *, text: str = "", skip: bool = False) -> Step[object]:
        """The outcome's figures: a date (until, by, from), N x amount, an amount."""
        draft = await self._draft(user_id)
        profile = await self.profile(user_id)
        if draft is None or profile is None or draft.figure is None:
            return Step(Refusal("gone"), END)
        name, today = draft.figure, self.today(profile)
        if skip:
            if name not in OPTIONAL_FIGURES:
                return Step(Refusal("expired"), None)
            return await self._next(user_id, draft.answered(name))
        try:
            if name in ("until", "by"):
                draft = draft.with_(on=_future(text, today, "outcome"))
            elif name == "from":
                draft = draft.with_(on=_any_date(text, today))
            elif name == "schedule":
                schedule = parse_schedule(text)
                if schedule is None:
                    raise ParseError("contact.schedule_invalid", text=text[:40])
                draft = draft.with_(count=schedule.instalments, amount=schedule.payment)
            else:
                draft = draft.with_(amount=read_amount(text))
            draft = draft.answered(name)
            if draft.figure is None:
                draft.outcome_value()  # the figures together make a valid outcome
        except CoachError as err:
            return Step(Invalid(err), None)
        return await self._next(user_id, draft)

    async def written(self, user_id: int, written: bool) -> Step[object]:
        draft = await self._draft(user_id)
        if draft is None:
            return Step(Refusal("gone"), END)
        return await self._next(user_id, draft.with_(
            confirmation=Confirmation.WRITTEN if written else Confirmation.ORAL))

    async def next_step(self, user_id: int, step: str) -> Step[object]:
        draft = await self._draft(user_id)
        if draft is None or step not in set(NextStep):
            return Step(Refusal("gone"), END)
        return await self._next(user_id, draft.with_(next_step=NextStep(step),
                                                     follow_up=None).unasked("follow"))

    async def follow(self, user_id: int, *, days: int | None = None, none: bool = False,
                     text: str = "") -> Step[object]:
        """The follow-up date: in N days, no date, or a typed date."""
        draft = await self._draft(user_id)
        profile = await self.profile(user_id)
        if draft is None or profile is None:
            return Step(Refusal("gone"), END)
        today = self.today(profile)
        on: date | None = None
        if days is not None:
            on = today + timedelta(days=days)
        elif not none:
            try:
                on = _future(text, today, "follow_up")
            except CoachError as err:
                return Step(Invalid(err), None)
        return await self._next(user_id, draft.with_(follow_up=on).answered("follow"))

    async def toggle(self, user_id: int, conduct: str) -> Step[object]:
        """Tick or untick one misconduct check; the step stays."""
        draft = await self._draft(user_id)
        if draft is None or conduct not in set(Conduct):
            return Step(Refusal("gone"), END)
        c = Conduct(conduct)
        flags = draft.flags - {c} if c in draft.flags else draft.flags | {c}
        draft = draft.with_(flags=flags).unasked("reachable", "revealed")
        await self.drafts.save(user_id, draft)
        step = await self._next(user_id, draft.unasked("conduct"))
        return Step(step.view, None) if isinstance(step.view, Question) else step

    async def checks_done(self, user_id: int) -> Step[object]:
        draft = await self._draft(user_id)
        if draft is None:
            return Step(Refusal("gone"), END)
        return await self._next(user_id, draft.answered("conduct"))

    async def third(self, user_id: int, answer: str) -> Step[object]:
        """Could they reach you / did they mention the debt: yes, no or not sure."""
        draft = await self._draft(user_id)
        profile = await self.profile(user_id)
        if draft is None or profile is None:
            return Step(Refusal("gone"), END)
        asks = THIRD_PARTY_QUESTIONS[region_of(profile.jurisdiction.code).value]
        question = next((q for q in asks if q not in draft.asked), None)
        if question is None:
            return await self._next(user_id, draft)
        value = {"yes": True, "no": False}.get(answer)
        return await self._next(user_id, draft.with_(**{question: value}).answered(question))

    async def edit_menu(self, user_id: int) -> Step[object]:
        draft = await self._draft(user_id)
        if draft is None:
            return Step(Refusal("gone"), END)
        return Step(Question("edit", draft), "edit")

    async def change(self, user_id: int, name: str) -> Step[object]:
        """Ask one answer again from the card (then back to the card)."""
        draft = await self._draft(user_id)
        if draft is None or name not in FIELDS:
            return Step(Refusal("gone"), END)
        defaults = {f.name: f.default for f in fields(ContactDraft)}
        # The choice is asked afresh; typed details stay, so Skip keeps them.
        values = {f: defaults[f] for f in FIELDS[name] if f in defaults and f not in _KEPT}
        draft = draft.with_(**values).unasked(*FIELDS[name])  # a note's files stay
        if name == "outcome":
            draft = draft.unasked(*_FIGURES)
        return await self._next(user_id, draft)

    async def cancel(self, user_id: int) -> Step[object]:
        await self.discard(user_id)
        return Step(Cancelled(), END)
