"""The contact log's hash chain, corrections, and the timeline they make.

Each user's entries form one chain. An entry's hash is SHA-256 over its canonical
serialisation (:func:`canonical`), which includes the previous entry's hash, so changing
or removing any entry breaks every later link. The bot shows the first 8 hex characters
(:func:`short_hash`) in the confirmation message, so Telegram's own message time anchors
the entry.

**The canonical form** (version 1) is the UTF-8 encoding of one JSON object written with
``sort_keys=True``, ``separators=(",", ":")``, ``ensure_ascii=False``, no NaN, holding
every field of the entry except ``hash``:

* ``v``: 1; ``seq``: int; ``prev``: the previous hash (64 lowercase hex; the genesis value
  :data:`GENESIS`, 64 zeros, for the first entry);
* times as UTC ISO 8601 with microseconds and ``Z``: ``2026-11-27T15:30:00.000000Z``;
  dates as ``YYYY-MM-DD``; ``null`` for a missing value;
* ``Decimal`` as a string without exponent or trailing zeros (``format(d.normalize(),
  "f")``: ``500``, ``1234.5``), so ``500.00`` from the database hashes like ``500``;
* enums as their values; ``flags`` as a sorted list; ``attachments`` as a list in the
  order given, each an object; text exactly as stored (sealing NFC-normalises it, drops
  NUL characters and masks card and ID numbers first).

Changing the form would change every hash: bump ``v`` and keep the old one to verify old
chains.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Literal

from coach.contacts import ContactEntry, ContactError
from coach.masking import mask_numbers

__all__ = [
    "CANONICAL_VERSION",
    "GENESIS",
    "ChainCheck",
    "ChainProblem",
    "TimelineItem",
    "canonical",
    "compute_hash",
    "correction",
    "mask_numbers",
    "root_of",
    "seal",
    "short_hash",
    "timeline",
    "verify_chain",
    "withdrawal",
]

CANONICAL_VERSION = 1
GENESIS = "0" * 64
SHORT = 8

# Card, account and ID numbers in notes are masked before hashing and storing
# (coach.masking): the chain never holds them.

# --- canonical form and hash -------------------------------------------------------------


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _plain(value: Any) -> Any:
    """A value as JSON data in the canonical spelling (see the module doc)."""
    if isinstance(value, Enum):
        return value.value
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, datetime):
        return _utc(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return "0" if text in ("-0", "0") else text
    if isinstance(value, frozenset):
        return sorted(_plain(v) for v in value)
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    raise TypeError(f"no canonical form for {type(value).__name__}")


def canonical(entry: ContactEntry) -> bytes:
    """The canonical serialisation of ``entry`` (every field but ``hash``), as bytes."""
    obj: dict[str, Any] = {"v": CANONICAL_VERSION}
    for f in fields(entry):
        if f.name == "hash":
            continue
        key = "prev" if f.name == "prev_hash" else f.name
        obj[key] = _plain(getattr(entry, f.name))
    text = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)
    return text.encode("utf-8")


def compute_hash(entry: ContactEntry) -> str:
    """SHA-256 of :func:`canonical` as 64 lowercase hex characters."""
    return hashlib.sha256(canonical(entry)).hexdigest()


def short_hash(full: str) -> str:
    """The first 8 hex characters of a hash, as shown to users."""
    return full[:SHORT]


# --- sealing ----------------------------------------------------------------------------


def _clean(text: str) -> str:
    return mask_numbers(unicodedata.normalize("NFC", text).replace("\x00", ""))


def seal(draft: ContactEntry, prev: ContactEntry | None) -> ContactEntry:
    """``draft`` ready to store: free text cleaned and masked, chained after ``prev``.

    ``prev`` is the user's last entry (None for their first). Sets ``seq`` (prev's + 1,
    else 1), ``prev_hash`` (prev's hash, else :data:`GENESIS`) and ``hash``. Raises
    ``ContactError`` (``contact.invalid``, field ``prev``) when ``prev`` isn't sealed.
    """
    if prev is not None and (not prev.hash or prev.seq < 1):
        raise ContactError("contact.invalid", field="prev")
    attachments = tuple(replace(a, text=_clean(a.text)) for a in draft.attachments)
    third = draft.third_party
    if third is not None:
        third = replace(third, who=_clean(third.who))
    body = replace(
        draft,
        agency=_clean(draft.agency), agent=_clean(draft.agent), phone=_clean(draft.phone),
        note=_clean(draft.note), next_note=_clean(draft.next_note),
        attachments=attachments, third_party=third,
        seq=prev.seq + 1 if prev else 1, prev_hash=prev.hash if prev else GENESIS, hash="",
    )
    return replace(body, hash=compute_hash(body))


# --- verification -------------------------------------------------------------------------

ProblemKind = Literal["hash_mismatch", "broken_link", "seq_gap", "head_mismatch"]


@dataclass(frozen=True)
class ChainProblem:
    """``seq`` of the entry where the chain breaks, and how:

    * ``hash_mismatch``: the entry's content doesn't match its hash (it was changed);
    * ``broken_link``: its ``prev_hash`` isn't the hash of the entry before it (one was
      removed, inserted or reordered; for the first entry: it isn't :data:`GENESIS`);
    * ``seq_gap``: its ``seq`` doesn't follow the one before (an entry is missing);
    * ``head_mismatch``: the last entry isn't the expected head (the end was cut off).
    """

    seq: int
    kind: ProblemKind


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    checked: int
    problems: tuple[ChainProblem, ...]


def verify_chain(entries: Sequence[ContactEntry], *, head: str | None = None) -> ChainCheck:
    """Check a user's whole chain, in ``seq`` order, from their first entry.

    ``head``: a hash (or short hash) known to be the latest, e.g. from the last
    confirmation message; then cutting entries off the end is detected too. Without it
    the chain alone can't tell that its last entries were removed.
    """
    problems: list[ChainProblem] = []
    prev: ContactEntry | None = None
    for entry in entries:
        if compute_hash(entry) != entry.hash:
            problems.append(ChainProblem(entry.seq, "hash_mismatch"))
        if entry.prev_hash != (prev.hash if prev else GENESIS):
            problems.append(ChainProblem(entry.seq, "broken_link"))
        if entry.seq != (prev.seq + 1 if prev else 1):
            problems.append(ChainProblem(entry.seq, "seq_gap"))
        prev = entry
    if head is not None and (prev is None or len(head) < SHORT
                             or not prev.hash.startswith(head.lower())):
        problems.append(ChainProblem(prev.seq if prev else 0, "head_mismatch"))
    return ChainCheck(not problems, len(entries), tuple(problems))


# --- corrections and the timeline -----------------------------------------------------------


def correction(original: ContactEntry, received_at: datetime, **changes: Any) -> ContactEntry:
    """A draft that corrects ``original`` (seal it to store it): the original's content
    with ``changes`` applied, ``corrects`` pointing at it, received at ``received_at``.
    Raises ``ContactError`` when ``original`` isn't sealed or ``changes`` touch the chain
    fields (``seq``, ``prev_hash``, ``hash``, ``corrects``)."""
    if not original.hash:
        raise ContactError("contact.invalid", field="corrects")
    bad = set(changes) & {"seq", "prev_hash", "hash", "corrects", "received_at"}
    if bad:
        raise ContactError("contact.invalid", field=min(bad))
    changes.setdefault("withdrawn", False)
    return replace(original, **changes, received_at=received_at, corrects=original.hash,
                   seq=0, prev_hash="", hash="")


def withdrawal(original: ContactEntry, received_at: datetime) -> ContactEntry:
    """A draft that withdraws ``original`` (a deletion that keeps history)."""
    return correction(original, received_at, withdrawn=True)


def root_of(entry: ContactEntry, by_hash: dict[str, ContactEntry]) -> str:
    """The hash of the original entry a correction (of a correction ...) goes back to."""
    seen: set[str] = set()
    current = entry
    while current.corrects:
        if current.corrects not in by_hash or current.hash in seen:
            return current.corrects  # corrects an entry not given (or a cycle: impossible)
        seen.add(current.hash)
        current = by_hash[current.corrects]
    return current.hash


@dataclass(frozen=True)
class TimelineItem:
    """The current version of one logged contact: ``entry`` (the latest correction, or
    the original), ``root`` (the original's hash) and how many versions it has."""

    entry: ContactEntry
    root: str
    versions: int

    @property
    def corrected(self) -> bool:
        return self.versions > 1


def timeline(entries: Iterable[ContactEntry], *, debt_id: int | None = None) -> list[TimelineItem]:
    """The log as the user sees it: one item per contact, its latest version, withdrawn
    ones left out, newest ``occurred_at`` first (ties: the later ``seq`` first). With
    ``debt_id``, only that debt's contacts (a correction may move a contact to another
    debt; the latest version decides)."""
    ordered = sorted(entries, key=lambda e: e.seq)
    by_hash = {e.hash: e for e in ordered}
    latest: dict[str, ContactEntry] = {}
    versions: dict[str, int] = {}
    for e in ordered:
        root = root_of(e, by_hash)
        latest[root] = e
        versions[root] = versions.get(root, 0) + 1
    items = [
        TimelineItem(e, root, versions[root])
        for root, e in latest.items()
        if not e.withdrawn and (debt_id is None or e.debt_id == debt_id)
    ]
    items.sort(key=lambda i: (i.entry.occurred_at, i.entry.seq), reverse=True)
    return items
