"""Benchmark of the update ledger (issue 8). Measured, never asserted in tests.

    python scripts/bench_ledger.py [--old 100000] [--young 20000] [--db sqlite|postgres]

Seeds ``--old`` rows older than 24 hours and ``--young`` rows from the last 24 hours,
then measures:

- the lookup-and-record of one update (what every update pays), median of 2,000;
- pruning as the service does it (``LedgerService.prune``: a page of 500 rows per
  transaction): the total, and the longest single page, which is how long the database's
  write lock is held at a time (SQLite) or the page's row locks (PostgreSQL).

PostgreSQL: TEST_DATABASE_URL (default postgresql+asyncpg://postgres@127.0.0.1:5432/test);
a scratch database is created and dropped.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert

from bot.services import UnitOfWork
from bot.services.ledger import KEEP, PRUNE_PAGE
from coach.clock import FixedClock
from scripts.bench_nudges import _pg_admin, database
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.models import ProcessedUpdate
from storage.repositories import UpdateLedger

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


async def seed(url: str, old: int, young: int) -> None:
    await asyncio.to_thread(upgrade, url)
    engine = make_engine(url)
    table = ProcessedUpdate.__table__  # type: ignore[attr-defined]
    try:
        rows = [{"update_id": i, "fingerprint": f"{i:016x}",
                 "processed_at": NOW - timedelta(days=2, seconds=i)} for i in range(old)]
        rows += [{"update_id": old + i, "fingerprint": f"{old + i:016x}",
                  "processed_at": NOW - timedelta(hours=23, seconds=-i % 3600)}
                 for i in range(young)]
        async with engine.begin() as conn:
            for start in range(0, len(rows), 5000):
                await conn.execute(insert(table), rows[start:start + 5000])
    finally:
        await engine.dispose()


async def measure(url: str, old: int, young: int) -> dict[str, float]:
    engine = make_engine(url)
    factory = make_session_factory(engine)
    try:
        # Lookup + record, as every update does (in its own transaction here).
        costs = []
        for i in range(2000):
            started = time.perf_counter()
            async with factory() as s, s.begin():
                ledger = UpdateLedger(s)
                await ledger.applied_at(10_000_000 + i, "f" * 16)
                await ledger.record(10_000_000 + i, "f" * 16, NOW)
            costs.append(time.perf_counter() - started)
        # Pruning, page by page, as LedgerService.prune does (a page per transaction);
        # each page timed with its commit.
        uow = UnitOfWork(factory, FixedClock(NOW))
        pages: list[float] = []
        removed = 0
        started = time.perf_counter()
        while True:
            t0 = time.perf_counter()
            n = await _one_page(uow)
            pages.append(time.perf_counter() - t0)
            removed += n
            if n < PRUNE_PAGE:
                break
        total = time.perf_counter() - started
        async with factory() as s:
            left = await s.run_sync(lambda ss: ss.query(ProcessedUpdate).count())
    finally:
        await engine.dispose()
    assert removed == old, (removed, old)
    assert left == young + 2000, left
    return {"record_ms": statistics.median(costs) * 1000, "prune_s": total,
            "pages": len(pages), "page_max_ms": max(pages) * 1000,
            "page_median_ms": statistics.median(pages) * 1000}


async def _one_page(uow: UnitOfWork) -> int:
    """One page of :meth:`bot.services.ledger.LedgerService.prune`, in its own transaction."""
    async with uow() as s:
        return await UpdateLedger(s).prune_page(NOW - KEEP, PRUNE_PAGE)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--old", type=int, default=100_000)
    parser.add_argument("--young", type=int, default=20_000)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    args = parser.parse_args()
    url, scratch = await database(args.db)
    try:
        await seed(url, args.old, args.young)
        r = await measure(url, args.old, args.young)
    finally:
        if scratch:
            await _pg_admin(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
    print(f"{args.db}: lookup+record median {r['record_ms']:.2f} ms; pruned {args.old:,} rows "
          f"in {r['prune_s']:.2f} s, {r['pages']} pages of {PRUNE_PAGE}, longest page "
          f"{r['page_max_ms']:.1f} ms (median {r['page_median_ms']:.1f} ms); "
          f"{args.young:,} young rows kept")


if __name__ == "__main__":
    asyncio.run(main())
