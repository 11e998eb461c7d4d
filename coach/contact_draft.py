"""The /log draft: one contact being logged, answered step by step, before it is sealed.

:class:`ContactDraft` holds every answer of the guided flow (the debt, when, direction
and channel, how many calls, who, what was said with its attachments, the outcome and
its figures, the next step with a follow-up date, the misconduct flags and the
third-party follow-up answers). :func:`next_question` says which question comes next;
every answer only fills fields, so a question answered from the confirmation card
("Change…") clears its fields and the same function asks it again, then returns to the
card. :meth:`ContactDraft.entry` builds the :class:`coach.contacts.ContactEntry` to
seal (raising :class:`coach.contacts.ContactError` for a draft that can't be one).

Prefills: :func:`hint_conducts` and :data:`HINT_CHANNELS` turn what
:func:`coach.collection_text.read_collection_text` read from free text into the
flags and channel the flow proposes; :data:`OUTCOME_FIGURES` names what each outcome
asks for. Pure: no I/O, no text (every value is a code).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from types import MappingProxyType
from typing import Any, ClassVar

from coach.collection_text import Channel as TextChannel
from coach.collection_text import Flag
from coach.contacts import (
    Attachment,
    AttachmentKind,
    Channel,
    Conduct,
    Confirmation,
    ContactEntry,
    ContactError,
    Direction,
    NextStep,
    Outcome,
    OutcomeKind,
    Party,
    ThirdPartyContact,
)

__all__ = [
    "DETAIL_FIELDS",
    "HINT_CHANNELS",
    "HINT_CONDUCTS",
    "OUTCOME_FIGURES",
    "THIRD_PARTY_QUESTIONS",
    "ContactDraft",
    "detail_fields",
    "from_entry",
    "hint_conducts",
    "next_question",
]

#: What each outcome asks for, in order: ``until``/``by`` a date (required), ``from``
#: a date (optional: the contact's day), ``schedule`` N x amount, ``amount`` (required),
#: ``waived`` an amount (optional: fees waived means all fees).
OUTCOME_FIGURES: Mapping[OutcomeKind, tuple[str, ...]] = MappingProxyType({
    OutcomeKind.NONE: (),
    OutcomeKind.REFUSED: (),
    OutcomeKind.GRACE: ("until",),
    OutcomeKind.INSTALMENTS: ("schedule",),
    OutcomeKind.PENALTY_STOPPED: ("waived",),
    OutcomeKind.FEES_WAIVED: ("waived",),
    OutcomeKind.INTEREST_STOPPED: ("from",),
    OutcomeKind.SETTLEMENT: ("amount", "by"),
    OutcomeKind.PROMISE: ("amount", "by"),
})
#: The optional figures (a Skip button answers them).
OPTIONAL_FIGURES = frozenset({"waived", "from"})

#: Which details of the caller each party is asked for, in order (each skippable).
DETAIL_FIELDS: Mapping[Party, tuple[str, ...]] = MappingProxyType({
    Party.AGENCY: ("agency", "agent", "phone"),
    Party.UNKNOWN: ("agent", "phone"),
    Party.LENDER: ("agent", "phone"),
})

#: The channel a free-text account names, as a logged channel.
HINT_CHANNELS: Mapping[TextChannel, Channel] = MappingProxyType({
    TextChannel.PHONE: Channel.CALL,
    TextChannel.SMS: Channel.SMS,
    TextChannel.WECHAT: Channel.WECHAT,
    TextChannel.VISIT: Channel.VISIT,
    TextChannel.LETTER: Channel.LETTER,
    TextChannel.EMAIL: Channel.EMAIL,
})
#: The misconduct a free-text flag proposes (a threatened visit proposes nothing: only a
#: visit that happened can be an improper one).
HINT_CONDUCTS: Mapping[Flag, Conduct] = MappingProxyType({
    Flag.NIGHT: Conduct.NIGHT_CONTACT,
    Flag.THIRD_PARTY: Conduct.THIRD_PARTY,
    Flag.MASS_CONTACTS: Conduct.CONTACTS_MASS,
    Flag.THREAT: Conduct.THREATS,
    Flag.INSULT: Conduct.THREATS,
    Flag.IMPERSONATION: Conduct.IMPERSONATION,
    Flag.FAKE_LEGAL: Conduct.FALSE_CLAIMS,
    Flag.PERSONAL_ACCOUNT: Conduct.PERSONAL_ACCOUNT,
    Flag.EXTRA_FEES: Conduct.PERSONAL_ACCOUNT,
    Flag.BORROW_TO_REPAY: Conduct.BORROW_TO_PAY,
})


def hint_conducts(flags: Iterable[Flag]) -> frozenset[Conduct]:
    """The conduct codes that free-text flags propose (see :data:`HINT_CONDUCTS`)."""
    return frozenset(HINT_CONDUCTS[f] for f in flags if f in HINT_CONDUCTS)


def detail_fields(party: Party, direction: Direction, channel: Channel) -> tuple[str, ...]:
    """The caller details asked for: the number only for a call or a text they sent."""
    out = DETAIL_FIELDS[Party(party)]
    if not (direction is Direction.INBOUND and channel in (Channel.CALL, Channel.SMS)):
        out = tuple(f for f in out if f != "phone")
    return out


def _opt(cls: Any, value: Any) -> Any:
    return None if value in (None, "") else cls(value)


@dataclass(frozen=True, slots=True)
class ContactDraft:
    """The answers of one /log flow so far (codes and plain values; ``None``: not yet).

    ``occurred_at`` is aware (UTC once stored); ``tz`` the user's zone. ``asked`` lists the
    optional questions already answered or skipped (``calls``, ``agency``, ``agent``,
    ``phone``, ``note``, ``follow``, ``conduct``, ``reachable``, ``revealed`` and the
    outcome's figures), so a skip is remembered. ``proposed``: flags proposed from the
    text or the time, shown ticked. ``corrects``: the hash of the entry this draft
    corrects (an edit); ``ask``: the ask of the call script (an ``AskKind`` value).
    """

    KIND: ClassVar[str] = "log"

    token: str
    debt_id: int | None = None
    occurred_at: datetime | None = None
    tz: str = ""
    direction: Direction | None = None
    channel: Channel | None = None
    attempts: int = 1
    connected: bool | None = None
    party: Party | None = None
    agency: str = ""
    agent: str = ""
    phone: str = ""
    note: str = ""
    attachments: tuple[Attachment, ...] = ()
    outcome: OutcomeKind | None = None
    amount: Decimal | None = None
    count: int | None = None
    on: date | None = None
    confirmation: Confirmation | None = None
    next_step: NextStep | None = None
    follow_up: date | None = None
    flags: frozenset[Conduct] = frozenset()
    proposed: frozenset[Conduct] = frozenset()
    reachable: bool | None = None
    revealed: bool | None = None
    asked: frozenset[str] = frozenset()
    corrects: str = ""
    ask: str = ""
    threat_quoted: bool = False
    from_text: bool = False
    third_who: str = ""  # who was contacted, as codes ("mother,self"), read from the text

    def with_(self, **changes: Any) -> ContactDraft:
        return replace(self, **changes)

    def answered(self, *names: str) -> ContactDraft:
        return replace(self, asked=self.asked | frozenset(names))

    def unasked(self, *names: str) -> ContactDraft:
        return replace(self, asked=self.asked - frozenset(names))

    @property
    def figures(self) -> tuple[str, ...]:
        return OUTCOME_FIGURES[self.outcome] if self.outcome is not None else ()

    @property
    def figure(self) -> str | None:
        """The outcome's next figure to ask, or None when all are in."""
        return next((f for f in self.figures if f not in self.asked), None)

    @property
    def agreed(self) -> bool:
        return self.outcome is not None and self.outcome not in (OutcomeKind.NONE,
                                                                  OutcomeKind.REFUSED)

    @property
    def with_collector(self) -> bool:
        """Whether the misconduct checks apply: anyone but the user's own contact with
        the lender's staff (as :attr:`coach.contacts.ContactEntry.with_collector`)."""
        return not (self.direction is Direction.OUTBOUND and self.party is Party.LENDER)

    @property
    def details(self) -> tuple[str, ...]:
        if self.party is None or self.direction is None or self.channel is None:
            return ()
        return detail_fields(self.party, self.direction, self.channel)

    @property
    def detail(self) -> str | None:
        """The caller detail to ask next, or None."""
        return next((f for f in self.details if f not in self.asked), None)

    def outcome_value(self) -> Outcome:
        """The outcome as the entry records it (raises ContactError when incomplete)."""
        kind = self.outcome or OutcomeKind.NONE
        wanted = {"amount", "count", "on"}
        if kind is OutcomeKind.INSTALMENTS:
            wanted = {"amount", "count"}
        elif kind in (OutcomeKind.PENALTY_STOPPED, OutcomeKind.FEES_WAIVED):
            wanted = {"amount"}
        elif kind in (OutcomeKind.GRACE, OutcomeKind.INTEREST_STOPPED):
            wanted = {"on"}
        elif kind in (OutcomeKind.NONE, OutcomeKind.REFUSED):
            wanted = set()
        values = {n: getattr(self, n) for n in ("amount", "count", "on") if n in wanted}
        return Outcome(kind, confirmation=self.confirmation or Confirmation.ORAL, **values)

    def entry(self, received_at: datetime) -> ContactEntry:
        """The entry to seal. Raises ContactError (``contact.invalid``, ``field``) when a
        required answer is missing."""
        if self.debt_id is None:
            raise ContactError("contact.invalid", field="debt_id")
        if self.occurred_at is None:
            raise ContactError("contact.invalid", field="occurred_at")
        if self.direction is None or self.channel is None:
            raise ContactError("contact.invalid", field="channel")
        third = None
        if Conduct.THIRD_PARTY in self.flags:
            third = ThirdPartyContact(self.third_who, self.reachable, self.revealed)
        return ContactEntry(
            debt_id=self.debt_id, occurred_at=self.occurred_at, tz=self.tz,
            received_at=received_at, direction=self.direction, channel=self.channel,
            party=self.party or Party.UNKNOWN, agency=self.agency, agent=self.agent,
            phone=self.phone, note=self.note, attempts=self.attempts, connected=self.connected,
            attachments=self.attachments, outcome=self.outcome_value(),
            next_step=self.next_step or NextStep.NONE,
            follow_up=self.follow_up if (self.next_step or NextStep.NONE) is not NextStep.NONE
            else None,
            flags=self.flags, third_party=third,
        )  # fmt: skip

    # -- storage -------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, datetime):
                value = value.astimezone(UTC).isoformat()
            elif isinstance(value, date | Decimal):
                value = str(value)
            elif isinstance(value, frozenset):
                value = sorted(str(v) for v in value)
            elif f.name == "attachments":
                value = [{**asdict(a), "kind": a.kind.value,
                          "sent_at": a.sent_at.isoformat() if a.sent_at else None} for a in value]
            out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ContactDraft:
        g = data.get
        occurred = g("occurred_at")
        atts = tuple(
            Attachment(AttachmentKind(a["kind"]), a.get("file_id", ""), a.get("file_unique_id", ""),
                       a.get("text", ""),
                       datetime.fromisoformat(a["sent_at"]) if a.get("sent_at") else None)
            for a in g("attachments") or ()
        )
        return cls(
            token=str(g("token") or ""), debt_id=_opt(int, g("debt_id")),
            occurred_at=datetime.fromisoformat(occurred) if occurred else None,
            tz=str(g("tz") or ""), direction=_opt(Direction, g("direction")),
            channel=_opt(Channel, g("channel")), attempts=int(g("attempts") or 1),
            connected=g("connected"), party=_opt(Party, g("party")),
            agency=str(g("agency") or ""), agent=str(g("agent") or ""),
            phone=str(g("phone") or ""), note=str(g("note") or ""), attachments=atts,
            outcome=_opt(OutcomeKind, g("outcome")), amount=_opt(Decimal, g("amount")),
            count=_opt(int, g("count")), on=_opt(date.fromisoformat, g("on")),
            confirmation=_opt(Confirmation, g("confirmation")),
            next_step=_opt(NextStep, g("next_step")),
            follow_up=_opt(date.fromisoformat, g("follow_up")),
            flags=frozenset(Conduct(c) for c in g("flags") or ()),
            proposed=frozenset(Conduct(c) for c in g("proposed") or ()),
            reachable=g("reachable"), revealed=g("revealed"),
            asked=frozenset(str(a) for a in g("asked") or ()),
            corrects=str(g("corrects") or ""), ask=str(g("ask") or ""),
            threat_quoted=bool(g("threat_quoted")), from_text=bool(g("from_text")),
            third_who=str(g("third_who") or ""),
        )  # fmt: skip


#: Every optional question that counts as answered on an existing entry.
_ALL_ASKED = frozenset({"calls", "agency", "agent", "phone", "note", "follow", "conduct",
                        "reachable", "revealed", "until", "by", "from", "schedule", "amount",
                        "waived"})


def from_entry(entry: ContactEntry, token: str) -> ContactDraft:
    """A draft that corrects ``entry`` (its current version): every answer as logged."""
    o, tp = entry.outcome, entry.third_party
    return ContactDraft(
        token=token, debt_id=entry.debt_id, occurred_at=entry.occurred_at, tz=entry.tz,
        direction=entry.direction, channel=entry.channel, attempts=entry.attempts,
        connected=entry.connected, party=entry.party, agency=entry.agency, agent=entry.agent,
        phone=entry.phone, note=entry.note, attachments=entry.attachments, outcome=o.kind,
        amount=o.amount, count=o.count, on=o.on, confirmation=o.confirmation,
        next_step=entry.next_step, follow_up=entry.follow_up, flags=entry.flags,
        reachable=tp.reachable if tp else None, revealed=tp.debt_revealed if tp else None,
        third_who=tp.who if tp else "",
        asked=_ALL_ASKED, corrects=entry.hash,
    )  # fmt: skip


#: The third-party follow-up questions by region (coach.conduct.third_party_breach):
#: China asks whether the user could be reached and whether the debt was mentioned, the
#: US only the latter (a location call is allowed), other regions nothing.
THIRD_PARTY_QUESTIONS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "cn": ("reachable", "revealed"), "us": ("revealed",), "other": (),
})


def next_question(d: ContactDraft, *, checks: bool, third: tuple[str, ...] = ()) -> str:
    """The flow's next question (a state name), ``"confirm"`` when everything is in.

    ``checks``: whether misconduct checks are offered for this contact (the region's
    table, :func:`coach.conduct.checks_for`); ``third``: the third-party follow-up
    questions of the region (:data:`THIRD_PARTY_QUESTIONS`), asked when that flag is on.
    """
    if d.debt_id is None:
        return "debt"
    if d.occurred_at is None:
        return "when"
    if d.channel is None or d.direction is None:
        return "channel"
    if (d.channel is Channel.CALL and d.direction is Direction.INBOUND
            and "calls" not in d.asked):
        return "calls"
    if d.party is None:
        return "who"
    if d.detail is not None:
        return "details"
    if "note" not in d.asked:
        return "note"
    if d.outcome is None:
        return "outcome"
    if d.figure is not None:
        return "figure"
    if d.agreed and d.confirmation is None:
        return "written"
    if d.next_step is None:
        return "next"
    if d.next_step is not NextStep.NONE and "follow" not in d.asked:
        return "follow"
    if checks and d.with_collector and "conduct" not in d.asked:
        return "conduct"
    if Conduct.THIRD_PARTY in d.flags and any(q not in d.asked for q in third):
        return "third"
    return "confirm"
