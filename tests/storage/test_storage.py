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


async def test_the_ledger_matches_an_update_by_id_and_fingerprint(factory):
    async with factory() as s:
        ledger = UpdateLedger(s)
        assert await ledger.applied_at(1001, "aa") is None
        assert await ledger.record(1001, "aa", NOW) is True
        assert await ledger.record(1001, "aa", NOW) is False  # recorded once
        assert await ledger.applied_at(1001, "aa") == NOW  # the same update, redelivered
        assert await ledger.applied_at(1001, "bb") is None  # another update reusing the id
        assert await ledger.record(1001, "bb", NOW) is True
        await s.commit()


async def test_a_row_from_before_fingerprints_matches_on_the_id_alone(factory):
    async with factory() as s:
        await UpdateLedger(s).record(7, "", NOW)  # what migration 0006 makes of old rows
        await s.commit()
    async with factory() as s:
        assert await UpdateLedger(s).applied_at(7, "any-fingerprint") == NOW


async def test_pruning_goes_by_page_and_keeps_younger_rows(factory):
    async with factory() as s:
        for i in range(5):
            await UpdateLedger(s).record(i, "f", NOW - timedelta(hours=30 + i))
        await UpdateLedger(s).record(99, "f", NOW - timedelta(hours=2))
        await s.commit()
    async with factory() as s:
        cutoff = NOW - timedelta(hours=24)
        assert await UpdateLedger(s).prune_page(cutoff, 2) == 2
        assert await UpdateLedger(s).prune_page(cutoff, 2) == 2
        assert await UpdateLedger(s).prune_page(cutoff, 2) == 1
        assert await UpdateLedger(s).prune_page(cutoff, 2) == 0
        await s.commit()
    async with factory() as s:
        assert await UpdateLedger(s).applied_at(99, "f") is not None
        assert await UpdateLedger(s).highest_id() == 99


async def test_an_update_commits_whole_or_not_at_all(factory, clock):
    uow = UnitOfWork(factory, clock)
    await _add_user(factory)
    with pytest.raises(RuntimeError):
        async with uow.transaction():
            async with uow() as s:
                await DraftRepository(s).put(42, "x", {"a": 1}, NOW)
            raise RuntimeError("crash before commit")
    async with uow.transaction():
        async with uow() as s:
            await DraftRepository(s).put(42, "x", {"a": 2}, NOW)
        uow.fail()  # what the error handler does
    async with factory() as s:
        assert await DraftRepository(s).get(42, "x") is None
    async with uow.transaction():
        async with uow() as s:
            await DraftRepository(s).put(42, "x", {"a": 3}, NOW)
        async with uow() as s:  # a second step of the same update sees the first's write
            assert await DraftRepository(s).get(42, "x") == {"a": 3}
    async with factory() as s:
        assert await DraftRepository(s).get(42, "x") == {"a": 3}


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
    assert await services.privacy.erase(42) is True
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
