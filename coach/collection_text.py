"""What a user's account of a collector's contact shows, to propose for confirmation.

``read_collection_text(text, now_local)`` reads free text such as
``催收昨晚11点半给我姐打电话，说要上门`` and returns :class:`CollectionHints`: the
time of the contact (``coach.contact_time``), who was contacted, by which
channel, and the misconduct flags the words themselves show. Every value is a
code; the legal wording comes later from the rules table (GB/T 45251-2025 and
the China Banking Association's 2026 guideline for China; FDCPA / Reg F for the
US). The cue words are data: ``coach/data/collection_cues.json``.

Flags (:class:`Flag`):

- ``night``: a contact time between 22:00 and 08:00 that the text states (a
  guessed am/pm does not count), or words such as 半夜 / 凌晨 / "middle of the
  night". The US presumption is 21:00-08:00 (FDCPA §805(a)(1)): the caller has
  ``when`` to apply it;
- ``third_party``: family, work, friends, neighbours or phone contacts contacted;
- ``mass_contacts``: 爆通讯录, group chats, "messaged all my contacts", or the
  phone book (``contacts``) contacted;
- ``threat``, ``insult``, ``impersonation``, ``fake_legal``, ``personal_account``,
  ``extra_fees``, ``borrow_to_repay``, ``visit``: the patterns of the data file
  (``visit`` includes a threatened visit, 说要上门; the channel ``visit`` only a
  visit that happened).

Pure; never raises on a ``str``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, time
from enum import StrEnum
from functools import cache
from typing import Any

from coach.contact_time import read_contact_time
from coach.freetext import load_data, prepare

__all__ = [
    "Channel",
    "CollectionHints",
    "Contact",
    "ContactGroup",
    "Flag",
    "contact_group",
    "mentions_collection",
    "read_collection_text",
    "tells_a_contact",
]


class ContactGroup(StrEnum):
    SELF = "self"
    FAMILY = "family"
    WORK = "work"
    FRIENDS = "friends"
    OTHERS = "others"
    CONTACTS = "contacts"


class Contact(StrEnum):
    """Who was contacted (a code per person; :func:`contact_group` gives the kind)."""

    SELF = "self"
    MOTHER = "mother"
    FATHER = "father"
    PARENTS = "parents"
    ELDER_SISTER = "elder_sister"
    YOUNGER_SISTER = "younger_sister"
    SISTER = "sister"
    ELDER_BROTHER = "elder_brother"
    YOUNGER_BROTHER = "younger_brother"
    BROTHER = "brother"
    WIFE = "wife"
    HUSBAND = "husband"
    SPOUSE = "spouse"
    PARTNER = "partner"
    CHILD = "child"
    FAMILY = "family"
    RELATIVE = "relative"
    COLLEAGUE = "colleague"
    BOSS = "boss"
    WORKPLACE = "workplace"
    FRIEND = "friend"
    NEIGHBOUR = "neighbour"
    EMERGENCY_CONTACT = "emergency_contact"
    CONTACTS = "contacts"


class Channel(StrEnum):
    PHONE = "phone"
    SMS = "sms"
    WECHAT = "wechat"
    VISIT = "visit"
    LETTER = "letter"
    EMAIL = "email"


class Flag(StrEnum):
    NIGHT = "night"
    THIRD_PARTY = "third_party"
    MASS_CONTACTS = "mass_contacts"
    THREAT = "threat"
    INSULT = "insult"
    IMPERSONATION = "impersonation"
    FAKE_LEGAL = "fake_legal"
    PERSONAL_ACCOUNT = "personal_account"
    EXTRA_FEES = "extra_fees"
    BORROW_TO_REPAY = "borrow_to_repay"
    VISIT = "visit"


@dataclass(frozen=True, slots=True)
class CollectionHints:
    """What the text shows; each part is a proposal the user confirms.

    ``when``: the time of the contact in the user's local time (``None`` if not
    said); ``when_guessed``: am/pm was not said and the latest past reading was
    taken. ``contacted``, ``channels`` and ``flags`` are sets of codes.
    """

    when: datetime | None = None
    when_guessed: bool = False
    contacted: frozenset[Contact] = field(default_factory=frozenset)
    channels: frozenset[Channel] = field(default_factory=frozenset)
    flags: frozenset[Flag] = field(default_factory=frozenset)

    @property
    def groups(self) -> frozenset[ContactGroup]:
        """The kinds of people contacted (``family`` for 姐姐 ...)."""
        return frozenset(contact_group(c) for c in self.contacted)


_NIGHT_START, _NIGHT_END = time(22, 0), time(8, 0)


def _any(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@cache
def _cues() -> dict[str, Any]:
    data = load_data("collection_cues.json")
    contacts = data["contacts"]
    return {
        "words": _any(data["collection_words"]["patterns"]),
        "before": re.compile(contacts["cue_before"], re.IGNORECASE),
        "after": re.compile(contacts["cue_after"], re.IGNORECASE),
        "hiding": re.compile(contacts["hiding"], re.IGNORECASE),
        "window": int(contacts["window"]),
        "contacts": {Contact(k): _any(v["patterns"]) for k, v in contacts["codes"].items()},
        "groups": {Contact(k): ContactGroup(v["group"]) for k, v in contacts["codes"].items()},
        "channels": {Channel(k): _any(v) for k, v in data["channels"].items()},
        "flags": {Flag(k): _any(v["patterns"]) for k, v in data["flags"].items()},
        "night": _any(data["night_words"]),
    }


def contact_group(contact: Contact) -> ContactGroup:
    """The kind of person a contact code is: ``elder_sister`` -> ``family``."""
    groups: dict[Contact, ContactGroup] = _cues()["groups"]
    return groups[contact]


def _contacted(s: str) -> set[Contact]:
    cues = _cues()
    window: int = cues["window"]
    found: set[Contact] = set()
    taken: list[tuple[int, int]] = []  # spans already read as a person (我姐 in 我姐姐)
    for contact, pattern in cues["contacts"].items():
        for m in pattern.finditer(s):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            if contact is Contact.SELF:
                found.add(contact)
                break
            before = s[max(0, m.start() - window) : m.start()]
            after = s[m.end() : m.end() + window]
            if cues["hiding"].search(before):
                continue
            if cues["before"].search(before) or cues["after"].search(after):
                found.add(contact)
                taken.append(m.span())
                break
    return found


def tells_a_contact(text: str) -> bool:
    """Whether free text tells of a contact to log: collection words (催收, collector),
    someone contacted, or a channel (a call, a message, a visit). "借呗逾期了会坐牢吗"
    is a question about the rules, not a contact: it isn't offered for the log."""
    s = prepare(text)
    if _cues()["words"].search(s):
        return True
    hints = _read(s, None)
    return bool(hints.contacted or hints.channels)


def mentions_collection(text: str) -> bool:
    """Whether free text is about a collector: collection words (催收, collector,
    "keep calling", 起诉我 ...), a strong flag (threat, impersonation, fake legal,
    mass contacts, personal account, visit) or a third party contacted."""
    s = prepare(text)
    if _cues()["words"].search(s):
        return True
    hints = _read(s, None)
    strong = {Flag.THREAT, Flag.IMPERSONATION, Flag.FAKE_LEGAL, Flag.MASS_CONTACTS,
              Flag.PERSONAL_ACCOUNT, Flag.THIRD_PARTY, Flag.VISIT}  # fmt: skip
    return bool(hints.flags & strong)


def _is_night(t: time) -> bool:
    return t >= _NIGHT_START or t < _NIGHT_END


def _read(s: str, now_local: datetime | None) -> CollectionHints:
    cues = _cues()
    contacted = _contacted(s)
    channels = {c for c, p in cues["channels"].items() if p.search(s)}
    flags = {f for f, p in cues["flags"].items() if p.search(s)}
    if any(contact_group(c) is not ContactGroup.SELF for c in contacted):
        flags.add(Flag.THIRD_PARTY)
    if Contact.CONTACTS in contacted:
        flags.add(Flag.MASS_CONTACTS)
    if channels and not contacted:
        contacted.add(Contact.SELF)
    when, guessed = None, False
    if now_local is not None:
        told = read_contact_time(s, now_local)
        when, guessed = told.when, told.guessed
    if cues["night"].search(s) or (when is not None and not guessed and _is_night(when.time())):
        flags.add(Flag.NIGHT)
    return CollectionHints(
        when, guessed, frozenset(contacted), frozenset(channels), frozenset(flags)
    )


def read_collection_text(text: str, now_local: datetime) -> CollectionHints:
    """Hints from a user's account of a collector's contact (see the module doc).

    ``now_local`` is the user's current local time; relative words (昨晚, 刚才,
    "last night") are read against it and ``when`` carries its ``tzinfo``.
    Example: ``"催收昨晚11点半给我姐打电话，说要上门"`` at 2026-06-15 09:30 ->
    ``when`` 2026-06-14 23:30, ``contacted`` {elder_sister}, ``channels`` {phone},
    ``flags`` {night, third_party, visit}.
    """
    s = prepare(text)
    try:
        return _read(s, now_local)
    except (ValueError, OverflowError):  # a date at the ends of the calendar
        return _read(s, None)
