"""The nudge store on SQLite and PostgreSQL: idempotent planning, claims, leases."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from storage.db import make_engine, make_session_factory
from storage.models import Nudge, User
from storage.nudges import NudgeRepository, PlannedNudge

NOW = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


@pytest.fixture
async def factory(db_url):
    engine = make_engine(db_url, pool_size=5) if db_url.startswith("postgresql") else make_engine(db_url)
    factory = make_session_factory(engine)
    async with factory() as s:
        for uid in (1, 2):
            s.add(User(id=uid, onboarded=True, created_at=NOW, updated_at=NOW))
        await s.commit()
    yield factory
    await engine.dispose()


def spec(key: str, minutes: int = 0, kind: str = "due") -> PlannedNudge:
    return PlannedNudge(kind, "debt:1", key, NOW + timedelta(minutes=minutes), {"name": "花呗"})


async def _plan(factory, uid, specs):
    async with factory() as s:
        await NudgeRepository(s).plan(uid, specs, NOW)
        await s.commit()


async def _rows(factory, uid=1):
    async with factory() as s:
        rows = await s.execute(select(Nudge).where(Nudge.user_id == uid).order_by(Nudge.dedupe_key))
        return list(rows.scalars())


async def test_planning_twice_keeps_one_row_per_key(factory):
    await _plan(factory, 1, [spec("a"), spec("b", 60)])
    await _plan(factory, 1, [spec("a"), spec("b", 90)])
    rows = await _rows(factory)
    assert [(r.dedupe_key, r.status) for r in rows] == [("a", "pending"), ("b", "pending")]
    assert rows[1].due_at == NOW + timedelta(minutes=90)  # a pending row follows the new plan


async def test_keys_no_longer_planned_are_cancelled_and_can_come_back(factory):
    await _plan(factory, 1, [spec("a"), spec("b")])
    await _plan(factory, 1, [spec("a")])
    assert [(r.dedupe_key, r.status) for r in await _rows(factory)] == [("a", "pending"), ("b", "cancelled")]
    await _plan(factory, 1, [spec("a"), spec("b")])
    assert [r.status for r in await _rows(factory)] == ["pending", "pending"]


async def test_a_sent_nudge_is_never_planned_again(factory):
    await _plan(factory, 1, [spec("a")])
    async with factory() as s:
        repo = NudgeRepository(s)
        [claimed] = await repo.claim(NOW, "w1", 10, NOW + timedelta(minutes=5))
        await repo.finish([claimed.id], "sent", NOW, message_id=7)
        await s.commit()
    await _plan(factory, 1, [spec("a", 30)])
    [row] = await _rows(factory)
    assert (row.status, row.message_id, row.due_at) == ("sent", 7, NOW)


async def test_claim_takes_only_due_rows_oldest_first_with_a_lease(factory):
    await _plan(factory, 1, [spec("late", 10), spec("first", -5), spec("second", 0)])
    async with factory() as s:
        claimed = await NudgeRepository(s).claim(NOW, "w1", 10, NOW + timedelta(minutes=5))
        await s.commit()
    assert [c.key for c in claimed] == ["first", "second"]
    assert all(c.attempts == 1 and c.params == {"name": "花呗"} for c in claimed)
    rows = {r.dedupe_key: r for r in await _rows(factory)}
    assert rows["first"].status == "sending" and rows["first"].lease_until == NOW + timedelta(minutes=5)
    assert rows["late"].status == "pending"


async def test_an_expired_lease_is_claimed_again(factory):
    await _plan(factory, 1, [spec("a")])
    async with factory() as s:
        await NudgeRepository(s).claim(NOW, "dead-worker", 10, NOW + timedelta(minutes=5))
        await s.commit()
    async with factory() as s:
        assert await NudgeRepository(s).claim(NOW + timedelta(minutes=4), "w2", 10, NOW) == []
        [again] = await NudgeRepository(s).claim(NOW + timedelta(minutes=6), "w2", 10,
                                                 NOW + timedelta(minutes=11))
        await s.commit()
    assert again.key == "a" and again.attempts == 2


async def test_snoozed_rows_keep_their_time_through_a_replan(factory):
    await _plan(factory, 1, [spec("a")])
    async with factory() as s:
        repo = NudgeRepository(s)
        [row] = await repo.claim(NOW, "w", 10, NOW + timedelta(minutes=5))
        assert await repo.snooze(2, row.id, NOW + timedelta(hours=1)) is False  # not theirs
        assert await repo.snooze(1, row.id, NOW + timedelta(hours=1)) is True
        await s.commit()
    await _plan(factory, 1, [spec("a")])
    [row] = await _rows(factory)
    assert (row.status, row.due_at, row.snoozed) == ("pending", NOW + timedelta(hours=1), True)


async def test_nudges_are_scoped_by_user(factory):
    await _plan(factory, 1, [spec("a")])
    async with factory() as s:
        [row] = await _rows(factory)
        assert await NudgeRepository(s).get(2, row.id) is None
        assert await NudgeRepository(s).get(1, row.id) is not None


async def test_pausing_and_resuming_a_user(factory):
    await _plan(factory, 1, [spec("a"), spec("b")])
    await _plan(factory, 2, [spec("a")])
    async with factory() as s:
        await NudgeRepository(s).pause_user(1)
        await s.commit()
    async with factory() as s:
        claimed = await NudgeRepository(s).claim(NOW, "w", 10, NOW + timedelta(minutes=5))
        await s.commit()
    assert [c.user_id for c in claimed] == [2]
    async with factory() as s:
        await NudgeRepository(s).resume_user(1)
        await s.commit()
    assert {r.status for r in await _rows(factory)} == {"pending"}


async def test_two_ticks_claiming_together_never_share_a_row(pg_url):
    """Two processes' ticks against one PostgreSQL database: each row goes to one of them."""
    engine = make_engine(pg_url, pool_size=10)
    factory = make_session_factory(engine)
    async with factory() as s:
        s.add(User(id=1, onboarded=True, created_at=NOW, updated_at=NOW))
        await s.commit()
    await _plan(factory, 1, [spec(f"k{i:04d}", -(i % 7)) for i in range(600)])

    async def tick(worker: str) -> list[int]:
        got: list[int] = []
        while True:
            async with factory() as s:
                rows = await NudgeRepository(s).claim(NOW, worker, 25, NOW + timedelta(minutes=5))
                await s.commit()
            if not rows:
                return got
            got += [r.id for r in rows]
            await asyncio.sleep(0)

    try:
        a, b = await asyncio.gather(tick("A"), tick("B"))
        assert len(a) + len(b) == 600
        assert set(a).isdisjoint(b)
        assert a and b  # both did work
    finally:
        await engine.dispose()
