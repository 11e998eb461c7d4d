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


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: int) -> User | None:
        return await self.session.get(User, user_id)

    async def add(self, user: User) -> User:
        self.session.add(user)
        await self.session.flush()
        return user

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
