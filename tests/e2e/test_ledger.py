"""The update ledger skips a redelivered update, never a different one that reuses its id.

The console's emulator used to number updates from 1 on every run, and Telegram picks a
random next id after a week without updates: either way a live message can carry the id
of an old ledger row. Each test runs the real bot over HTTP against the emulator.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from coach.clock import FixedClock
from emulator import BotApiEmulator
from storage.models import ProcessedUpdate
from tests.e2e.conftest import EN, TOKEN, BotHarness, start_bot, stop_bot

MESSAGES = ("/help", "/start", "/help")


async def _run(url: str, clock: FixedClock, first_update_id: int = 1) -> list[tuple[int, int]]:
    """One bot run on ``url``: send MESSAGES; return (update id, replies) for each."""
    emulator = BotApiEmulator(
        token=TOKEN, first_update_id=first_update_id, clock=lambda: clock.now().timestamp()
    )
    async with emulator as emu:
        app = await start_bot(emu, url, clock)
        try:
            harness = BotHarness(emu, app, clock, url)
            chat = harness.chat(EN)
            answered = []
            for text in MESSAGES:
                replies = await chat.send(text)
                answered.append((chat.last_update_id, len(replies)))
            assert emu.violations == []
            return answered
        finally:
            await stop_bot(app)


async def test_a_second_run_numbering_from_one_answers_every_message(db_url, clock):
    url = db_url  # SQLite, then PostgreSQL
    first = await _run(url, clock)
    clock.advance(timedelta(minutes=5))
    second = await _run(url, clock)  # a new emulator: ids 1, 2, 3 again
    assert [i for i, _ in second] == [i for i, _ in first] == [1, 2, 3]
    assert all(n >= 1 for _, n in first + second), (first, second)


async def test_a_random_id_that_equals_an_old_rows_id_is_processed(sqlite_url, clock):
    await _run(sqlite_url, clock)
    clock.advance(timedelta(days=8))  # a quiet week: Telegram starts from a random id
    again = await _run(sqlite_url, clock, first_update_id=2)  # 2 and 3 are in the ledger
    assert [i for i, _ in again] == [2, 3, 4]
    assert all(n >= 1 for _, n in again)


async def test_pruning_keeps_rows_younger_than_a_day(bot):
    chat = bot.chat(EN)
    await chat.send("/help")
    old = chat.last_update_id
    bot.clock.advance(timedelta(hours=23))
    await chat.send("/help")
    young = chat.last_update_id
    bot.clock.advance(timedelta(hours=2))  # the first is now 25 h old, the second 2 h
    assert await bot.services.ledger.prune(page=1) == 1
    async with bot.services.uow() as s:
        rows = (await s.execute(select(ProcessedUpdate.update_id))).scalars().all()  # type: ignore[call-overload]
    assert sorted(rows) == [young] and old != young


async def test_the_console_continues_after_the_highest_id_it_has_seen(tmp_path):
    import asyncio
    import os
    import sys

    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    env.update({"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'c.db'}", "LOG_LEVEL": "WARNING"})
    outputs = []
    for _ in range(2):  # make run, /quit, make run again
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "console", "--lang", "en", cwd=tmp_path, env=env,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(proc.communicate(b"/help\n/help\n/quit\n"), 60)
        assert proc.returncode == 0, err.decode()
        outputs.append(out.decode())
    assert [o.count("Here's what I can do") for o in outputs] == [2, 2]
    from sqlalchemy import create_engine, text

    engine = create_engine(f"sqlite:///{tmp_path / 'c.db'}")
    with engine.connect() as conn:
        ids = [r[0] for r in conn.execute(text("select update_id from processed_updates order by 1"))]
    engine.dispose()
    assert ids == [1, 2, 3, 4]  # the second run went on from 3, never reusing 1 and 2
