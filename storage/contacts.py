"""The contact log and the debt changes it caused. Every query is scoped by the user.

Repositories query and flush, never commit (services own the transaction), and speak
the coach's value types: :class:`coach.contacts.ContactEntry` (sealed by
:func:`coach.contact_chain.seal` before it comes here) and
:class:`coach.outcomes.DebtChange`. Rows are append-only; a debt change is only ever
marked reverted.

Appending: read the head (``head(user_id, lock=True)`` locks the user's row on
PostgreSQL so two appends for one user queue up), seal the draft after it, ``append``.
A stale head raises :class:`ChainConflict`; a race the lock didn't cover (SQLite has a
single writer, so none there) fails on the unique ``(user_id, seq)``: roll back and retry.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from coach.contact_chain import GENESIS, TimelineItem, timeline
from coach.contacts import (
    Attachment,
    Conduct,
    ContactEntry,
    Outcome,
    ThirdPartyContact,
)
from coach.errors import CoachError
from coach.outcomes import DebtChange, Effect, FieldChange, FieldValue
from storage.models import ContactAttachment, ContactLogEntry, DebtChangeRecord, User

__all__ = ["ChainConflict", "ContactRepository", "DebtChangeRepository"]

_E = ContactLogEntry.__table__  # type: ignore[attr-defined]
_A = ContactAttachment.__table__  # type: ignore[attr-defined]
_C = DebtChangeRecord.__table__  # type: ignore[attr-defined]
_U = User.__table__  # type: ignore[attr-defined]


class ChainConflict(CoachError):
    """The entry wasn't sealed after the user's current head (another one came first)."""

    code = "contact.chain_conflict"


# --- rows <-> values ------------------------------------------------------------------------


def _entry_values(user_id: int, e: ContactEntry) -> dict[str, Any]:
    o, tp = e.outcome, e.third_party
    return {
        "user_id": user_id, "seq": e.seq, "debt_id": e.debt_id, "occurred_at": e.occurred_at,
        "tz": e.tz, "received_at": e.received_at, "direction": e.direction.value,
        "channel": e.channel.value, "party": e.party.value, "agency": e.agency,
        "agent": e.agent, "phone": e.phone, "note": e.note, "attempts": e.attempts,
        "connected": e.connected, "outcome_kind": o.kind.value, "outcome_amount": o.amount,
        "outcome_count": o.count, "outcome_on": o.on, "confirmation": o.confirmation.value,
        "next_step": e.next_step.value, "next_note": e.next_note, "follow_up": e.follow_up,
        "flags": ",".join(sorted(f.value for f in e.flags)),
        "has_third_party": tp is not None, "third_party_who": tp.who if tp else "",
        "third_party_reachable": tp.reachable if tp else None,
        "third_party_revealed": tp.debt_revealed if tp else None,
        "corrects": e.corrects, "withdrawn": e.withdrawn, "prev_hash": e.prev_hash,
        "hash": e.hash,
    }


def _entry(row: Any, attachments: Sequence[Any]) -> ContactEntry:
    return ContactEntry(
        debt_id=row.debt_id, occurred_at=row.occurred_at, tz=row.tz,
        received_at=row.received_at, direction=row.direction, channel=row.channel,
        party=row.party, agency=row.agency, agent=row.agent, phone=row.phone, note=row.note,
        attempts=row.attempts, connected=row.connected,
        attachments=tuple(
            Attachment(a.kind, a.file_id, a.file_unique_id, a.text, a.sent_at)
            for a in sorted(attachments, key=lambda a: a.position)
        ),
        outcome=Outcome(row.outcome_kind, row.outcome_amount, row.outcome_count, row.outcome_on,
                        row.confirmation),
        next_step=row.next_step, next_note=row.next_note, follow_up=row.follow_up,
        flags=frozenset(Conduct(f) for f in row.flags.split(",") if f),
        third_party=ThirdPartyContact(row.third_party_who, row.third_party_reachable,
                                      row.third_party_revealed) if row.has_third_party else None,
        corrects=row.corrects, withdrawn=row.withdrawn, seq=row.seq, prev_hash=row.prev_hash,
        hash=row.hash,
    )


def _encode(value: FieldValue) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return {"t": "bool", "v": value}
    if isinstance(value, int):
        return {"t": "int", "v": value}
    if isinstance(value, Decimal):
        return {"t": "dec", "v": str(value)}
    if isinstance(value, date):
        return {"t": "date", "v": value.isoformat()}
    return {"t": "str", "v": value}


def _decode(data: Any) -> FieldValue:
    if data is None:
        return None
    kind, raw = data["t"], data["v"]
    if kind == "bool":
        return bool(raw)
    if kind == "int":
        return int(raw)
    if kind == "dec":
        return Decimal(raw)
    if kind == "date":
        return date.fromisoformat(raw)
    return str(raw)


def _change(row: Any) -> DebtChange:
    fields = tuple(FieldChange(f["f"], _decode(f["b"]), _decode(f["a"]))
                   for f in json.loads(row.changed_fields))
    return DebtChange(
        entry=row.entry_hash, debt_id=row.debt_id,
        outcome=Outcome(row.outcome_kind, row.outcome_amount, row.outcome_count, row.outcome_on,
                        row.confirmation),
        effective_on=row.effective_on, fields=fields,
        effects=frozenset(Effect(e) for e in row.effects.split(",") if e),
    )


# --- the log ------------------------------------------------------------------------------------


class ContactRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    @property
    def _dialect(self) -> str:
        return self.session.bind.dialect.name if self.session.bind else "sqlite"

    async def _load(self, stmt: Any) -> list[ContactEntry]:
        rows = (await self.session.execute(stmt)).all()
        if not rows:
            return []
        ids = [r.id for r in rows]
        atts: dict[int, list[Any]] = {i: [] for i in ids}
        for a in (await self.session.execute(select(_A).where(_A.c.entry_id.in_(ids)))).all():
            atts[a.entry_id].append(a)
        return [_entry(r, atts[r.id]) for r in rows]

    async def head(self, user_id: int, *, lock: bool = False) -> ContactEntry | None:
        """The user's latest entry (None before the first). ``lock``: on PostgreSQL, lock
        the user's row until the transaction ends, so appends for one user queue up."""
        if lock and self._dialect == "postgresql":
            await self.session.execute(select(_U.c.id).where(_U.c.id == user_id).with_for_update())
        entries = await self._load(
            select(_E).where(_E.c.user_id == user_id).order_by(_E.c.seq.desc()).limit(1)
        )
        return entries[0] if entries else None

    async def append(self, user_id: int, entry: ContactEntry) -> ContactEntry:
        """Store a sealed entry after the user's head, with its attachments; flushes.

        Raises :class:`ChainConflict` when ``entry`` wasn't sealed after the current head
        (or isn't sealed at all)."""
        current = await self.head(user_id)
        expected = (current.seq + 1, current.hash) if current else (1, GENESIS)
        if not entry.hash or (entry.seq, entry.prev_hash) != expected:
            raise ChainConflict(seq=entry.seq)
        entry_id = (await self.session.execute(
            _E.insert().values(**_entry_values(user_id, entry)).returning(_E.c.id)
        )).scalar_one()
        if entry.attachments:
            await self.session.execute(_A.insert(), [
                {"user_id": user_id, "entry_id": entry_id, "position": i, "kind": a.kind.value,
                 "file_id": a.file_id, "file_unique_id": a.file_unique_id, "text": a.text,
                 "sent_at": a.sent_at}
                for i, a in enumerate(entry.attachments)
            ])
        await self.session.flush()
        return entry

    async def chain(self, user_id: int) -> list[ContactEntry]:
        """Every entry of the user, in chain order (``seq``), for verification or export."""
        return await self._load(select(_E).where(_E.c.user_id == user_id).order_by(_E.c.seq))

    async def by_hash(self, user_id: int, prefix: str) -> ContactEntry | None:
        """The entry whose hash is ``prefix`` or starts with it (the 8-character short hash
        at least); None when there is none, or more than one."""
        prefix = prefix.strip().lower()
        if len(prefix) < 8 or prefix.strip("0123456789abcdef"):
            return None
        found = await self._load(
            select(_E).where(_E.c.user_id == user_id, _E.c.hash.startswith(prefix, autoescape=True))
            .order_by(_E.c.seq).limit(2)
        )
        return found[0] if len(found) == 1 else None

    async def timeline(
        self, user_id: int, *, debt_id: int | None = None, offset: int = 0, limit: int | None = None
    ) -> tuple[list[TimelineItem], int]:
        """The log as the user sees it (coach.contact_chain.timeline: latest versions,
        withdrawn ones left out, newest first), one page, and how many items in all."""
        items = timeline(await self.chain(user_id), debt_id=debt_id)
        end = None if limit is None else offset + limit
        return items[offset:end], len(items)

    async def count(self, user_id: int) -> int:
        """How many entries the user's chain holds (corrections included)."""
        total = await self.session.scalar(
            select(func.count()).select_from(_E).where(_E.c.user_id == user_id)
        )
        return int(total or 0)


# --- debt changes -------------------------------------------------------------------------------


class DebtChangeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, user_id: int, change: DebtChange, now: datetime) -> None:
        """Record a change (one per entry hash; a second for the same entry fails)."""
        o = change.outcome
        await self.session.execute(_C.insert().values(
            user_id=user_id, debt_id=change.debt_id, entry_hash=change.entry,
            outcome_kind=o.kind.value, outcome_amount=o.amount, outcome_count=o.count,
            outcome_on=o.on, confirmation=o.confirmation.value, effective_on=change.effective_on,
            changed_fields=json.dumps(
                [{"f": f.field, "b": _encode(f.before), "a": _encode(f.after)} for f in change.fields],
                ensure_ascii=False, sort_keys=True),
            effects=",".join(sorted(e.value for e in change.effects)),
            created_at=now, reverted_at=None, reverted_by="",
        ))
        await self.session.flush()

    async def for_entry(self, user_id: int, entry_hash: str) -> DebtChange | None:
        """The change caused by an entry, unless it was reverted."""
        row = (await self.session.execute(
            select(_C).where(_C.c.user_id == user_id, _C.c.entry_hash == entry_hash,
                             _C.c.reverted_at.is_(None))
        )).first()
        return None if row is None else _change(row)

    async def active(self, user_id: int, debt_id: int | None = None) -> list[DebtChange]:
        """Changes not reverted, oldest first (for one debt, or all the user's)."""
        stmt = select(_C).where(_C.c.user_id == user_id, _C.c.reverted_at.is_(None))
        if debt_id is not None:
            stmt = stmt.where(_C.c.debt_id == debt_id)
        rows = (await self.session.execute(stmt.order_by(_C.c.id))).all()
        return [_change(r) for r in rows]

    async def revert(self, user_id: int, entry_hash: str, *, by: str, now: datetime) -> bool:
        """Mark the change caused by ``entry_hash`` reverted by the correction ``by``;
        False when there was none (or it was reverted already)."""
        result = await self.session.execute(
            update(_C).where(_C.c.user_id == user_id, _C.c.entry_hash == entry_hash,
                             _C.c.reverted_at.is_(None))
            .values(reverted_at=now, reverted_by=by)
        )
        return bool(getattr(result, "rowcount", 0))
