"""Benchmarks for reminders (issue: nudges). Measured, never asserted in tests.

    python scripts/bench_nudges.py claim  [--rows 20000] [--db sqlite|postgres]
        claim-and-record throughput of the nudge store, no network
    python scripts/bench_nudges.py drain  [--rows 5000] [--rate 29]
        a backlog drained through the real sender against the emulator limited to 30 msg/s

PostgreSQL: TEST_DATABASE_URL (default postgresql+asyncpg://postgres@127.0.0.1:5432/test);
a scratch database is created and dropped.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy.engine import make_url

from bot.services import Services, UnitOfWork
from coach.clock import FixedClock, SystemClock
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.models import User
from storage.nudges import NudgeRepository, PlannedNudge

NOW = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai: not quiet hours


async def _pg_admin(sql: str) -> None:
    import asyncpg

    url = make_url(os.environ.get("TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"))
    conn = await asyncpg.connect(database=url.database, user=url.username, host=url.host, port=url.port)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def database(kind: str) -> tuple[str, str | None]:
    if kind == "sqlite":
        return f"sqlite+aiosqlite:///{tempfile.mkdtemp()}/bench.db", None
    name = f"dc_bench_{uuid.uuid4().hex[:8]}"
    await _pg_admin(f'CREATE DATABASE "{name}"')
    base = make_url(os.environ.get("TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"))
    return base.set(database=name).render_as_string(hide_password=False), name


async def seed(url: str, users: int, per_user: int) -> None:
    await asyncio.to_thread(upgrade, url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    async with factory() as s:
        for uid in range(1, users + 1):
            s.add(User(id=uid, language="zh_CN", timezone="Asia/Shanghai", currency="CNY",
                       onboarded=True, consent=True, created_at=NOW, updated_at=NOW))
        await s.commit()
    async with factory() as s:
        repo = NudgeRepository(s)
        for uid in range(1, users + 1):
            await repo.plan(uid, [PlannedNudge("due", "debt:1", f"due:{uid}:{i}", NOW - timedelta(minutes=i),
                                               {"debt_id": "1", "name": "花呗", "date": "2026-12-01",
                                                "days": "3", "amount": "300"})
                                  for i in range(per_user)], NOW)
        await s.commit()
    await engine.dispose()


async def bench_claim(kind: str, rows: int, page: int) -> None:
    url, pg_name = await database(kind)
    try:
        await seed(url, users=rows // 10, per_user=10)
        engine = make_engine(url)
        factory = make_session_factory(engine)
        done = 0
        start = time.perf_counter()
        while True:
            async with factory() as s:
                repo = NudgeRepository(s)
                claimed = await repo.claim(NOW, "bench", page, NOW + timedelta(minutes=5))
                await s.commit()
            if not claimed:
                break
            for i in range(0, len(claimed), 10):  # record per user digest, as the sender does
                async with factory() as s:
                    await NudgeRepository(s).finish([c.id for c in claimed[i:i + 10]], "sent", NOW,
                                                    message_id=1)
                    await s.commit()
            done += len(claimed)
        elapsed = time.perf_counter() - start
        await engine.dispose()
        print(f"claim-and-record on {kind}: {done} nudges in {elapsed:.2f} s = {done / elapsed:,.0f}/s "
              f"(page {page}, recorded per user digest of 10)")
    finally:
        if pg_name:
            await _pg_admin(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')


async def bench_drain(rows: int, rate: float) -> None:
    from telegram import Bot

    from bot.nudges import NudgeSender, RateLimiter
    from emulator import BotApiEmulator, TgChat
    from handlers.nudge_render import render as render_nudges

    url, _ = await database("sqlite")
    await seed(url, users=rows, per_user=1)
    engine = make_engine(url)
    clock = FixedClock(NOW)
    services = Services(engine=engine, uow=UnitOfWork(make_session_factory(engine), clock), clock=clock,
                        default_timezone="Asia/Shanghai")

    async with BotApiEmulator(token="1:BENCH", max_per_second=30) as emu:
        for uid in range(1, rows + 1):  # users who have talked to the bot
            emu.add_chat(TgChat(id=uid, type="private", first_name=f"u{uid}"))
        bot = Bot("1:BENCH", base_url=f"{emu.base_url}/bot")
        await bot.initialize()
        sender = NudgeSender(services, bot, render_nudges, rate=rate)
        # The rows are due by the fixed clock; the pacing runs on real time, as in production.
        sender.limiter = RateLimiter(rate, SystemClock())
        start = time.perf_counter()
        stats = await sender.tick()
        elapsed = time.perf_counter() - start
        await bot.shutdown()
        too_many = sum(1 for c in emu.calls if c.http_status == 429)
        print(f"drain: {stats.messages} messages in {elapsed:.1f} s = {stats.messages / elapsed:.1f}/s "
              f"(sender rate {rate}/s, emulator limit 30/s); 429s: {too_many}; sent rows {stats.sent}; "
              f"errors {len(stats.errors)} {stats.errors[:1]}")
    await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["claim", "drain"])
    parser.add_argument("--rows", type=int, default=None)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--page", type=int, default=500)
    parser.add_argument("--rate", type=float, default=29.0)
    args = parser.parse_args()
    if args.what == "claim":
        asyncio.run(bench_claim(args.db, args.rows or 20000, args.page))
    else:
        asyncio.run(bench_drain(args.rows or 5000, args.rate))


if __name__ == "__main__":
    main()
