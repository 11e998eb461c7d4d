"""Repositories: they query and flush, and never commit (services own the transaction)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Table, delete, func, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel

from coach.profile import Profile, Region, region_of
from storage.models import NON_PERSONAL_TABLES, ConversationState, Draft, ProcessedUpdate, User


async def insert_ignore(
    session: AsyncSession, table: Table, values: Mapping[str, Any], conflict: Sequence[str]
) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING; True when a row was inserted."""
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    ins = pg_insert(table) if dialect == "postgresql" else sqlite_insert(table)
    stmt = ins.values(**values).on_conflict_do_nothing(index_elements=list(conflict))
    result = await session.execute(stmt)
    return bool(getattr(result, "rowcount", 0))


def to_profile(row: User) -> Profile:
    return Profile(
        id=row.id, language=row.language, region=region_of(row.region) if row.region else None,
        timezone=row.timezone, currency=row.currency, quiet_start=row.quiet_start,
        quiet_end=row.quiet_end, consent=row.consent, onboarded=row.onboarded, active=row.active,
    )  # fmt: skip


#: User settings a service may change (``UserRepository.update``).
SETTABLE = frozenset({"language", "region", "timezone", "currency", "quiet_start", "quiet_end",
                      "consent", "active", "onboarded"})


class UserRepository:
    """Users, as :class:`coach.profile.Profile` values."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def profile(self, user_id: int) -> Profile | None:
        row = await self.session.get(User, user_id)
        return to_profile(row) if row is not None else None

    async def create(self, user_id: int, language: str, now: datetime) -> Profile:
        """A new user with only a language (no financial data, no consent yet)."""
        row = User(id=user_id, language=language, created_at=now, updated_at=now)
        self.session.add(row)
        await self.session.flush()
        return to_profile(row)

    async def update(self, user_id: int, now: datetime, **fields: object) -> Profile | None:
        """Set settings (already validated); consent also stamps ``consent_at``."""
        unknown = set(fields) - SETTABLE
        if unknown:
            raise TypeError(f"not a user setting: {sorted(unknown)}")
        row = await self.session.get(User, user_id)
        if row is None:
            return None
        if "consent" in fields and bool(fields["consent"]) != row.consent:
            row.consent_at = now if fields["consent"] else None
        for key, value in fields.items():
            setattr(row, key, value.code if isinstance(value, Region) else value)
        row.updated_at = now
        await self.session.flush()
        return to_profile(row)

    async def lock(self, user_id: int) -> None:
        """Serialise work on one user's data across transactions and processes.

        PostgreSQL: ``SELECT ... FOR UPDATE`` on the user's row. SQLite: a no-op write to
        the row, which takes the database's write lock now rather than at the first real
        write, so what is read next cannot change before this transaction commits.
        """
        table = User.__table__  # type: ignore[attr-defined]
        if self.session.bind is not None and self.session.bind.dialect.name == "postgresql":
            await self.session.execute(
                select(table.c.id).where(table.c.id == user_id).with_for_update()
            )
        else:
            await self.session.execute(
                update(table).where(table.c.id == user_id).values(id=table.c.id)
            )


class UpdateLedger:
    """Updates already applied, recorded in the same transaction as their writes.

    A row matches an update when the id is the same and the fingerprint is the same, or
    the row's fingerprint is empty (a row from before fingerprints: id alone).
    """

    _table = ProcessedUpdate.__table__  # type: ignore[attr-defined]

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def applied_at(self, update_id: int, fingerprint: str) -> datetime | None:
        """When this update was applied, or None if it never was."""
        c = self._table.c
        row = await self.session.execute(
            select(c.processed_at)
            .where(c.update_id == update_id, c.fingerprint.in_((fingerprint, "")))
            .limit(1)
        )
        found: datetime | None = row.scalar_one_or_none()
        return found

    async def record(self, update_id: int, fingerprint: str, now: datetime) -> bool:
        """Record an applied update; False when it was already there."""
        return await insert_ignore(
            self.session,
            self._table,
            {"update_id": update_id, "fingerprint": fingerprint, "processed_at": now},
            ["update_id", "fingerprint"],
        )

    async def prune_page(self, before: datetime, limit: int) -> int:
        """Delete up to ``limit`` rows older than ``before``; returns how many went."""
        c = self._table.c
        page = (
            select(c.update_id, c.fingerprint)
            .where(c.processed_at < before)
            .order_by(c.processed_at)
            .limit(limit)
        )
        keys = [tuple(r) for r in (await self.session.execute(page)).all()]
        if not keys:
            return 0
        await self.session.execute(
            delete(self._table).where(tuple_(c.update_id, c.fingerprint).in_(keys))
        )
        return len(keys)

    async def highest_id(self) -> int | None:
        """The largest update id recorded (the console continues after it)."""
        found: int | None = (
            await self.session.execute(select(func.max(self._table.c.update_id)))
        ).scalar_one_or_none()
        return found


class ConversationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def load(self, name: str) -> list[ConversationState]:
        rows = await self.session.execute(
            select(ConversationState).where(ConversationState.name == name)  # type: ignore[arg-type]
        )
        return list(rows.scalars())

    async def keys_older_than(self, name: str, before: datetime) -> list[str]:
        """The keys of ``name``'s states last written before ``before``."""
        c = ConversationState.__table__.c  # type: ignore[attr-defined]
        rows = await self.session.execute(
            select(c.key).where(c.name == name, c.updated_at < before)
        )
        return [str(k) for k in rows.scalars()]

    async def delete_older_than(self, name: str, before: datetime) -> None:
        await self.session.execute(
            delete(ConversationState).where(
                ConversationState.name == name,  # type: ignore[arg-type]
                ConversationState.updated_at < before,  # type: ignore[arg-type]
            )
        )

    async def put(
        self, name: str, key: str, user_id: int | None, state: str, now: datetime
    ) -> None:
        row = await self.session.get(ConversationState, (name, key))
        if row is None:
            self.session.add(
                ConversationState(name=name, key=key, user_id=user_id, state=state, updated_at=now)
            )
        else:
            row.state, row.updated_at = state, now
            if user_id is not None:
                row.user_id = user_id
        await self.session.flush()

    async def remove(self, name: str, key: str) -> None:
        await self.session.execute(
            delete(ConversationState).where(
                ConversationState.name == name,  # type: ignore[arg-type]
                ConversationState.key == key,  # type: ignore[arg-type]
            )
        )


class DraftRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: int, kind: str) -> dict[str, Any] | None:
        row = await self.session.get(Draft, (user_id, kind))
        if row is None:
            return None
        data: dict[str, Any] = json.loads(row.data)
        return data

    async def put(self, user_id: int, kind: str, data: Mapping[str, Any], now: datetime) -> None:
        text = json.dumps(dict(data), ensure_ascii=False, sort_keys=True)
        row = await self.session.get(Draft, (user_id, kind))
        if row is None:
            self.session.add(Draft(user_id=user_id, kind=kind, data=text, updated_at=now))
        else:
            row.data, row.updated_at = text, now
        await self.session.flush()

    async def remove(self, user_id: int, kind: str) -> None:
        await self.session.execute(
            delete(Draft).where(Draft.user_id == user_id, Draft.kind == kind)  # type: ignore[arg-type]
        )

    async def delete_older_than(self, kind: str, before: datetime) -> int:
        """Delete every ``kind`` draft last written before ``before``; returns how many."""
        result = await self.session.execute(
            delete(Draft).where(Draft.kind == kind, Draft.updated_at < before)  # type: ignore[arg-type]
        )
        return int(getattr(result, "rowcount", 0) or 0)


def personal_tables() -> list[Table]:
    """Every table holding data about a person, children before parents."""
    tables = [
        t
        for t in reversed(SQLModel.metadata.sorted_tables)
        if t.name not in NON_PERSONAL_TABLES
    ]
    return tables


async def erase_user(session: AsyncSession, user_id: int) -> dict[str, int]:
    """Delete every row about a user, in every table. Returns rows deleted per table."""
    counts: dict[str, int] = {}
    for table in personal_tables():
        column = table.c.get("user_id")
        if column is None:
            column = table.c.id if table.name == "users" else None
        if column is None:
            raise RuntimeError(f"table {table.name} has no user_id column; /delete_me can't erase it")
        result = await session.execute(delete(table).where(column == user_id))
        counts[table.name] = int(getattr(result, "rowcount", 0) or 0)
    return counts
