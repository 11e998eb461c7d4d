"""The contact log: one frozen :class:`ContactEntry` per call, message, letter or visit.

An entry records what the user tells the bot about one contact with a lender or a
collector: when it happened (the user's time and zone) and when the bot received it
(UTC), the direction and channel, who it was, what was said, attachments (Telegram
file_ids), the outcome (oral or confirmed in writing), the next step with a follow-up
date, and misconduct flags. Entries are never edited: a correction is a new entry whose
``corrects`` names the hash of the entry it corrects, and a deletion is a correction with
``withdrawn=True``. Chaining, hashing and the timeline are in :mod:`coach.contact_chain`.

Text fields are plain strings ("" when empty) so the canonical form has one spelling
for "nothing". Validation raises :class:`ContactError` (codes ``contact.invalid`` with
``field``, ``contact.too_long`` with ``field`` and ``limit``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from coach.errors import CoachError, ParseError
from coach.money import MAX_AMOUNT
from coach.timezones import zone

__all__ = [
    "HASH_HEX",
    "MAX_ATTACHMENTS",
    "MAX_ATTEMPTS",
    "MAX_NAME",
    "MAX_NOTE",
    "Attachment",
    "AttachmentKind",
    "Channel",
    "Conduct",
    "Confirmation",
    "ContactEntry",
    "ContactError",
    "Direction",
    "NextStep",
    "Outcome",
    "OutcomeKind",
    "Party",
    "ThirdPartyContact",
]

MAX_NOTE = 4000  # characters of free text (a Telegram message is at most 4096)
MAX_NAME = 100  # agency, agent, who was contacted
MAX_PHONE = 40
MAX_FILE_ID = 200
MAX_ATTACHMENTS = 20
MAX_ATTEMPTS = 500  # calls one entry may stand for ("they called 40 times today")
MAX_INSTALMENTS = 360
HASH_HEX = 64  # a SHA-256 digest in hex


class ContactError(CoachError, ValueError):
    """An entry that can't be logged as given (a bug upstream or out-of-range input)."""

    code = "contact.invalid"


class Direction(StrEnum):
    INBOUND = "inbound"  # they contacted the user
    OUTBOUND = "outbound"  # the user contacted them


class Channel(StrEnum):
    CALL = "call"
    SMS = "sms"
    APP_CHAT = "app_chat"  # the lender's in-app chat
    WECHAT = "wechat"
    LETTER = "letter"
    VISIT = "visit"
    EMAIL = "email"


class Party(StrEnum):
    LENDER = "lender"  # the lender's own customer service or collection staff
    AGENCY = "agency"  # a collection agency (a third-party debt collector in the US)
    UNKNOWN = "unknown"


class AttachmentKind(StrEnum):
    PHOTO = "photo"
    VOICE = "voice"
    DOCUMENT = "document"
    FORWARDED = "forwarded"  # a forwarded message (its text, and its file if it had one)


class OutcomeKind(StrEnum):
    NONE = "none"  # no agreement
    GRACE = "grace"  # a grace period until ``on``
    INSTALMENTS = "instalments"  # ``count`` x ``amount``, first due ``on`` (optional)
    PENALTY_STOPPED = "penalty_stopped"  # from ``on`` (optional); ``amount`` waived (optional)
    FEES_WAIVED = "fees_waived"  # ``amount`` waived (optional: all fees)
    INTEREST_STOPPED = "interest_stopped"  # all interest stopped from ``on`` (optional)
    SETTLEMENT = "settlement"  # pay ``amount`` by ``on`` and the debt is settled
    PROMISE = "promise"  # the user promised to pay ``amount`` by ``on``
    REFUSED = "refused"  # the lender refused the ask


class Confirmation(StrEnum):
    ORAL = "oral"
    WRITTEN = "written"


class NextStep(StrEnum):
    NONE = "none"
    CALL_BACK = "call_back"  # the user calls them back
    AWAIT_CALL = "await_call"  # they said they'd call
    AWAIT_WRITTEN = "await_written"  # waiting for the written confirmation
    PAY = "pay"
    SEND_DOCUMENTS = "send_documents"  # proof of hardship etc.
    COMPLAIN = "complain"
    OTHER = "other"  # see ``next_note``


class Conduct(StrEnum):
    """Misconduct a user can flag on a contact (which apply where: :mod:`coach.conduct`)."""

    NIGHT_CONTACT = "night_contact"
    MANY_ATTEMPTS = "many_attempts"  # CN: > 6 unanswered attempts a day
    MANY_CALLS = "many_calls"  # CN: > 3 connected calls a day
    CALL_FREQUENCY = "call_frequency"  # US: > 7 calls in 7 days, or within 7 days of a talk
    CONTACTS_MASS = "contacts_mass"  # 爆通讯录
    THIRD_PARTY = "third_party"  # family, friends or colleagues contacted
    THREATS = "threats"  # threats, insults or abuse
    IMPERSONATION = "impersonation"  # police, a court, a government body (US: also a lawyer)
    FALSE_CLAIMS = "false_claims"  # fake blacklist, arrest, lawyer's letter, summons, case no.
    PERSONAL_ACCOUNT = "personal_account"  # pay into a personal account, or extra fees
    BORROW_TO_PAY = "borrow_to_pay"  # pressure to borrow elsewhere
    IMPROPER_VISIT = "improper_visit"  # entered without consent, or not >= 2 collectors with ID


def _check_text(name: str, value: str, limit: int) -> None:
    if not isinstance(value, str):
        raise ContactError("contact.invalid", field=name)
    if len(value) > limit:
        raise ContactError("contact.too_long", field=name, limit=limit)


def _check_aware(name: str, value: datetime | None) -> None:
    if value is not None and (not isinstance(value, datetime) or value.utcoffset() is None):
        raise ContactError("contact.invalid", field=name)


def _check_money(name: str, value: Decimal | None) -> None:
    if value is None:
        return
    if (
        not isinstance(value, Decimal)
        or not value.is_finite()
        or value <= 0
        or value > MAX_AMOUNT
        or value != value.quantize(Decimal("0.01"))
    ):
        raise ContactError("contact.invalid", field=name)


@dataclass(frozen=True)
class Attachment:
    """A file kept by Telegram file_id (and file_unique_id, stable across bots), or the
    text of a forwarded message; ``sent_at`` is when the forwarded original was sent."""

    kind: AttachmentKind
    file_id: str = ""
    file_unique_id: str = ""
    text: str = ""
    sent_at: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", AttachmentKind(self.kind))
        _check_text("attachment.file_id", self.file_id, MAX_FILE_ID)
        _check_text("attachment.file_unique_id", self.file_unique_id, MAX_FILE_ID)
        _check_text("attachment.text", self.text, MAX_NOTE)
        _check_aware("attachment.sent_at", self.sent_at)
        if self.kind is AttachmentKind.FORWARDED:
            if not (self.file_id or self.text):
                raise ContactError("contact.invalid", field="attachment.file_id")
        elif not self.file_id:
            raise ContactError("contact.invalid", field="attachment.file_id")


#: Which outcome fields each kind needs (required, allowed).
_OUTCOME_FIELDS: dict[OutcomeKind, tuple[frozenset[str], frozenset[str]]] = {
    OutcomeKind.NONE: (frozenset(), frozenset()),
    OutcomeKind.REFUSED: (frozenset(), frozenset()),
    OutcomeKind.GRACE: (frozenset({"on"}), frozenset({"on"})),
    OutcomeKind.INSTALMENTS: (frozenset({"count", "amount"}), frozenset({"count", "amount", "on"})),
    OutcomeKind.PENALTY_STOPPED: (frozenset(), frozenset({"amount", "on"})),
    OutcomeKind.FEES_WAIVED: (frozenset(), frozenset({"amount", "on"})),
    OutcomeKind.INTEREST_STOPPED: (frozenset(), frozenset({"on"})),
    OutcomeKind.SETTLEMENT: (frozenset({"amount", "on"}), frozenset({"amount", "on"})),
    OutcomeKind.PROMISE: (frozenset({"amount", "on"}), frozenset({"amount", "on"})),
}


@dataclass(frozen=True)
class Outcome:
    """What came of the contact, and whether it is only oral or confirmed in writing.

    ``on`` is the kind's date: grace until (inclusive), first instalment, stop from,
    settle by, pay by. ``amount`` is money (> 0, cents); ``count`` the instalments.
    """

    kind: OutcomeKind = OutcomeKind.NONE
    amount: Decimal | None = None
    count: int | None = None
    on: date | None = None
    confirmation: Confirmation = Confirmation.ORAL

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", OutcomeKind(self.kind))
        object.__setattr__(self, "confirmation", Confirmation(self.confirmation))
        required, allowed = _OUTCOME_FIELDS[self.kind]
        present = {n for n in ("amount", "count", "on") if getattr(self, n) is not None}
        if not required <= present:
            raise ContactError("contact.invalid", field=f"outcome.{min(required - present)}")
        if not present <= allowed:
            raise ContactError("contact.invalid", field=f"outcome.{min(present - allowed)}")
        _check_money("outcome.amount", self.amount)
        if self.count is not None and (
            isinstance(self.count, bool) or not 1 <= self.count <= MAX_INSTALMENTS
        ):
            raise ContactError("contact.invalid", field="outcome.count")

    @property
    def agreed(self) -> bool:
        """Whether anything was agreed (everything but none and refused)."""
        return self.kind not in (OutcomeKind.NONE, OutcomeKind.REFUSED)


@dataclass(frozen=True)
class ThirdPartyContact:
    """Someone other than the user who was contacted, with the follow-up answers:
    could the collector reach the user, and did they mention the debt (None: unknown)."""

    who: str = ""
    reachable: bool | None = None
    debt_revealed: bool | None = None

    def __post_init__(self) -> None:
        _check_text("third_party.who", self.who, MAX_NAME)


@dataclass(frozen=True)
class ContactEntry:
    """One logged contact. Build it with ``seq``/``prev_hash``/``hash`` left empty and
    seal it with :func:`coach.contact_chain.seal`, which masks card and ID numbers in the
    free text and chains it to the user's previous entry.

    ``occurred_at`` is aware (the user's time; ``tz`` is their zone name, so local times
    can be shown again); ``received_at`` is when the bot received it (aware, UTC).
    ``attempts`` is how many calls or messages the entry stands for; ``connected`` whether
    a call was answered (a conversation), None when not a call or unknown.
    """

    debt_id: int
    occurred_at: datetime
    tz: str
    received_at: datetime
    direction: Direction
    channel: Channel
    party: Party = Party.UNKNOWN
    agency: str = ""
    agent: str = ""  # the agent's name or staff ID
    phone: str = ""  # the number that called (or that the user called)
    note: str = ""  # what was said
    attempts: int = 1
    connected: bool | None = None
    attachments: tuple[Attachment, ...] = ()
    outcome: Outcome = field(default_factory=Outcome)
    next_step: NextStep = NextStep.NONE
    next_note: str = ""
    follow_up: date | None = None
    flags: frozenset[Conduct] = frozenset()
    third_party: ThirdPartyContact | None = None
    corrects: str = ""  # hash of the entry this one corrects ("" = an original entry)
    withdrawn: bool = False  # a correction that withdraws the entry it corrects
    seq: int = 0  # position in the user's chain, from 1 (0 = not sealed yet)
    prev_hash: str = ""
    hash: str = ""

    def __post_init__(self) -> None:
        for name, enum in (("direction", Direction), ("channel", Channel), ("party", Party),
                           ("next_step", NextStep)):
            try:
                object.__setattr__(self, name, enum(getattr(self, name)))
            except ValueError:
                raise ContactError("contact.invalid", field=name) from None
        try:
            object.__setattr__(self, "flags", frozenset(Conduct(f) for f in self.flags))
        except ValueError:
            raise ContactError("contact.invalid", field="flags") from None
        object.__setattr__(self, "attachments", tuple(self.attachments))
        if isinstance(self.debt_id, bool) or not isinstance(self.debt_id, int) or self.debt_id < 1:
            raise ContactError("contact.invalid", field="debt_id")
        _check_aware("occurred_at", self.occurred_at)
        _check_aware("received_at", self.received_at)
        _check_text("tz", self.tz, 64)
        try:
            zone(self.tz)  # a zone coach.timezones knows, so local times can be shown again
        except ParseError:
            raise ContactError("contact.invalid", field="tz") from None
        for name, limit in (("agency", MAX_NAME), ("agent", MAX_NAME), ("phone", MAX_PHONE),
                            ("note", MAX_NOTE), ("next_note", MAX_NOTE)):
            _check_text(name, getattr(self, name), limit)
        if isinstance(self.attempts, bool) or not 1 <= self.attempts <= MAX_ATTEMPTS:
            raise ContactError("contact.invalid", field="attempts")
        if len(self.attachments) > MAX_ATTACHMENTS:
            raise ContactError("contact.too_long", field="attachments", limit=MAX_ATTACHMENTS)
        if self.withdrawn and not self.corrects:
            raise ContactError("contact.invalid", field="withdrawn")
        for name in ("corrects", "prev_hash", "hash"):
            value = getattr(self, name)
            if value and (len(value) != HASH_HEX or value.strip("0123456789abcdef")):
                raise ContactError("contact.invalid", field=name)
        if self.seq < 0:
            raise ContactError("contact.invalid", field="seq")

    @property
    def short_hash(self) -> str:
        """The first 8 hex characters of the hash: what the confirmation message shows."""
        return self.hash[:8]

    @property
    def is_correction(self) -> bool:
        return bool(self.corrects)

    @property
    def with_collector(self) -> bool:
        """Whether the other side was collecting (anyone but the user's own outbound call
        to customer service counts; the bot offers the misconduct checks then)."""
        return not (self.direction is Direction.OUTBOUND and self.party is Party.LENDER)
