"""Repositories and column types, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, select
from sqlalchemy.exc import StatementError
from sqlmodel import SQLModel

from bot.services import Services, UnitOfWork
from storage.db import make_engine, make_session_factory
from storage.models import NON_PERSONAL_TABLES, User
from storage.repositories import ConversationRepository, DraftRepository, UpdateLedger
from storage.types import ExactDecimal, Money, UTCDateTime

NOW = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


@pytest.fixture
async def factory(db_url):
    engine = make_engine(db_url)
    yield make_session_factory(engine)
    await engine.dispose()


async def _add_user(factory, uid=42):
    async with factory() as s:
        s.add(User(id=uid, language="zh_CN", created_at=NOW, updated_at=NOW))
        await s.commit()


async def test_telegram_ids_beyond_32_bits_round_trip(factory):
    big = 7_999_999_999
    await _add_user(factory, big)
    async with factory() as s:
        user = await s.get(User, big)
    assert user is not None and user.id == big and user.language == "zh_CN"
    assert user.created_at == NOW and user.created_at.tzinfo is not None


async def test_datetimes_are_stored_as_utc_and_come_back_aware(factory):
    shanghai = timezone(timedelta(hours=8))
    async with factory() as s:
        s.add(User(id=1, created_at=datetime(2026, 12, 10, 9, 0, tzinfo=shanghai), updated_at=NOW))
        await s.commit()
    async with factory() as s:
        user = await s.get(User, 1)
    assert user.created_at == datetime(2026, 12, 10, 1, 0, tzinfo=UTC)
    assert user.created_at.utcoffset() == timedelta(0)


async def test_naive_datetimes_are_refused(factory):
    async with factory() as s:
        s.add(User(id=2, created_at=datetime(2026, 1, 1), updated_at=NOW))
        with pytest.raises(Exception, match="naive"):
            await s.commit()


MONEY = ["0.01", "5000.50", "123456789012.34", "0.1234", "99999999.99", "1.10"]


async def test_money_and_rates_round_trip_exactly(db_url):
    meta = MetaData()
    table = Table(
        "t_exact", meta,
        Column("id", Integer, primary_key=True),
        Column("amount", Money()),
        Column("rate", ExactDecimal()),
        Column("at", UTCDateTime()),
    )
    engine = make_engine(db_url)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(meta.create_all)
            rate = Decimal("0.109044123456789")
            for i, text in enumerate(MONEY):
                await conn.execute(table.insert().values(id=i, amount=Decimal(text), rate=rate, at=NOW))
            rows = (await conn.execute(select(table).order_by(table.c.id))).all()
            assert [r.amount for r in rows] == [Decimal(x) for x in MONEY]
            assert all(isinstance(r.amount, Decimal) for r in rows)
            assert str(rows[1].amount) == "5000.50"
            assert all(r.rate == rate for r in rows)
            with pytest.raises(StatementError, match="money must be Decimal"):
                await conn.execute(table.insert().values(id=99, amount=5000.5))
            await conn.run_sync(meta.drop_all)
    finally:
        await engine.dispose()


async def test_the_ledger_records_an_update_once_then_completes_it(factory):
    async with factory() as s:
        ledger = UpdateLedger(s)
        assert not await ledger.seen(1001)
        assert await ledger.record(1001, NOW) is True
        assert not await ledger.complete(1001)
        assert await ledger.record(1001, NOW) is False
        assert await ledger.record(1001, NOW, complete=True) is False
        assert await ledger.complete(1001)
        await s.commit()
    async with factory() as s:
        assert await UpdateLedger(s).seen(1001)
        await UpdateLedger(s).prune(NOW + timedelta(seconds=1))
        await s.commit()
    async with factory() as s:
        assert not await UpdateLedger(s).seen(1001)


async def test_a_write_and_its_update_id_commit_together(factory, clock):
    uow = UnitOfWork(factory, clock)
    await _add_user(factory)
    with pytest.raises(RuntimeError):
        async with uow(555) as s:
            await DraftRepository(s).put(42, "x", {"a": 1}, NOW)
            raise RuntimeError("crash before commit")
    async with factory() as s:
        assert not await UpdateLedger(s).seen(555)
        assert await DraftRepository(s).get(42, "x") is None
    async with uow(555) as s:
        await DraftRepository(s).put(42, "x", {"a": 1}, NOW)
    async with factory() as s:
        assert await UpdateLedger(s).seen(555)
        assert await DraftRepository(s).get(42, "x") == {"a": 1}
    # The same update again (a redelivery): its writes are not applied twice.
    async with uow(555) as s:
        assert s.info["replay"] is True
        await DraftRepository(s).put(42, "x", {"a": 2}, NOW)
    async with factory() as s:
        assert await DraftRepository(s).get(42, "x") == {"a": 1}


async def test_conversation_states_are_written_and_expired(factory):
    async with factory() as s:
        repo = ConversationRepository(s)
        await repo.put("onboarding", "[42, 42]", 42, '"region"', NOW - timedelta(days=3))
        await repo.put("onboarding", "[7, 7]", 7, '"consent"', NOW)
        await repo.put("onboarding", "[7, 7]", 7, '"timezone"', NOW)
        await s.commit()
    async with factory() as s:
        repo = ConversationRepository(s)
        await repo.delete_older_than("onboarding", NOW - timedelta(days=2))
        rows = await repo.load("onboarding")
        await s.commit()
    assert [(r.key, r.state) for r in rows] == [("[7, 7]", '"timezone"')]


async def test_erasing_a_user_removes_every_row_about_them(factory, clock):
    await _add_user(factory, 42)
    await _add_user(factory, 43)
    async with factory() as s:
        await DraftRepository(s).put(42, "onboarding", {"region": "cn"}, NOW)
        await DraftRepository(s).put(43, "onboarding", {"region": "us"}, NOW)
        await ConversationRepository(s).put("onboarding", "[42, 42]", 42, '"x"', NOW)
        await s.commit()
    services = Services(engine=None, uow=UnitOfWork(factory, clock), clock=clock,
                        default_timezone="Asia/Shanghai")
    assert await services.users.erase(42, update_id=9) is True
    async with factory() as s:
        for table in SQLModel.metadata.sorted_tables:
            if table.name in NON_PERSONAL_TABLES:
                continue
            col = table.c.get("user_id")
            if col is None:
                col = table.c.id
            remaining = (await s.execute(select(table).where(col == 42))).all()
            assert remaining == [], table.name
        assert await s.get(User, 43) is not None
        assert await DraftRepository(s).get(43, "onboarding") == {"region": "us"}


def test_every_table_is_erasable_or_declared_non_personal():
    import storage.models  # noqa: F401

    for table in SQLModel.metadata.sorted_tables:
        if table.name in NON_PERSONAL_TABLES:
            continue
        assert "user_id" in table.c or table.name == "users", (
            f"{table.name} has no user_id column: /delete_me could not erase it"
        )


def test_migrations_match_the_models(sqlite_url):
    """Autogenerate against a migrated database finds nothing to add."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine

    engine = create_engine(sqlite_url.replace("+aiosqlite", ""))
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    engine.dispose()
    assert [d for d in diff if d[0] not in ("remove_table",)] == []
