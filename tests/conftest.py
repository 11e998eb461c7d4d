"""Shared fixtures: a fake clock, and databases (a SQLite file, a PostgreSQL database)."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy.engine import make_url

from coach.clock import FixedClock
from storage.migrate import upgrade

DEFAULT_PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 28, 1, 0, tzinfo=UTC))


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'coach.db'}"
    upgrade(url)
    return url


def _pg_admin(url: str) -> tuple[str, dict[str, object]]:
    u = make_url(url)
    return u.database or "test", {
        "user": u.username or "postgres",
        "password": u.password,
        "host": u.host or "127.0.0.1",
        "port": u.port or 5432,
    }


async def _pg_exec(url: str, sql: str) -> None:
    import asyncpg

    db, kw = _pg_admin(url)
    conn = await asyncpg.connect(database=db, timeout=5, **kw)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def pg_base_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test run, migrated, dropped at the end."""
    base = os.environ.get("TEST_DATABASE_URL", DEFAULT_PG)
    name = f"dc_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    try:
        asyncio.run(_pg_exec(base, f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        if os.environ.get("REQUIRE_POSTGRES"):
            raise
        pytest.skip(f"PostgreSQL not reachable at {base}: {exc}")
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    yield url
    asyncio.run(_pg_exec(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def pg_url(pg_base_url: str) -> str:
    """The run's PostgreSQL database, emptied before each test."""
    from sqlmodel import SQLModel

    import storage.models  # noqa: F401

    tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    asyncio.run(_pg_exec(pg_base_url, f"TRUNCATE {tables} CASCADE"))
    return pg_base_url


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request) -> str:
    """Run a storage test against SQLite and against PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("pg_url")
