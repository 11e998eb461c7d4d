"""The emulator says when a bot is long polling: a numbered poll waiting for updates.

Nothing here waits for a long poll to time out: the polls are given 30 s and the tests
finish as soon as the flag is seen (or cancel them).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from telegram import Bot

from emulator import BotApiEmulator, TgUser
from emulator.updates import PollConflict, UpdateQueue

TOKEN = "123456:TEST-TOKEN"
LI = TgUser(id=1001, first_name="Li", language_code="zh-hans")


class Watched:
    """An UpdateQueue whose changes wake the test (as the emulator's do)."""

    def __init__(self) -> None:
        self.changed = asyncio.Event()
        self.queue = UpdateQueue(on_change=self.changed.set)

    async def until(self, predicate: Callable[[], bool]) -> None:
        async with asyncio.timeout(5):
            while not predicate():
                self.changed.clear()
                await self.changed.wait()


async def test_a_poll_that_delivers_at_once_never_waits():
    w = Watched()
    w.queue.push({"message": {"text": "hi"}})
    batch = await w.queue.get_updates(timeout=30)
    assert [u["update_id"] for u in batch] == [1]
    assert (w.queue.polls_begun, w.queue.waiting_poll, w.queue.polling) == (1, None, False)


async def test_polls_are_numbered_and_the_waiting_one_is_known():
    w = Watched()
    assert (w.queue.polls_begun, w.queue.waiting_poll) == (0, None)
    first = asyncio.create_task(w.queue.get_updates(timeout=30))
    await w.until(lambda: w.queue.polling)
    assert (w.queue.polls_begun, w.queue.waiting_poll) == (1, 1)
    w.queue.push({"message": {"text": "wake up"}})
    assert [u["update_id"] for u in await first] == [1]
    assert w.queue.waiting_poll is None  # it delivered and returned
    older = asyncio.create_task(w.queue.get_updates(offset=2, timeout=30))
    await w.until(lambda: w.queue.waiting_poll == 2)
    newer = asyncio.create_task(w.queue.get_updates(offset=2, timeout=30))
    await w.until(lambda: w.queue.waiting_poll == 3)
    with pytest.raises(PollConflict):
        await older  # Telegram's 409 for the older of two polls
    newer.cancel()  # a client that went away: its poll stops waiting
    with pytest.raises(asyncio.CancelledError):
        await newer
    assert (w.queue.polls_begun, w.queue.waiting_poll) == (3, None)


async def test_wait_for_poll_returns_when_the_bot_waits_and_ignores_older_polls():
    async with BotApiEmulator(token=TOKEN) as emu, Bot(TOKEN, base_url=f"{emu.base_url}/bot") as bot:
        before = emu.polls_begun
        with pytest.raises(TimeoutError, match="getUpdates calls: 0"):
            await emu.wait_for_poll(after=before, timeout=0)  # no bot polls yet
        poll = asyncio.create_task(bot.get_updates(timeout=30))
        await emu.wait_for_poll(after=before)  # long before the 30 s are up
        assert (emu.polling, emu.polls_begun) == (True, before + 1)
        await emu.wait_for_poll()  # any poll: it is waiting now
        # A poll begun before a new process started doesn't stand for that process.
        with pytest.raises(TimeoutError):
            await emu.wait_for_poll(after=emu.polls_begun, timeout=0)
        update_id = emu.send_text(LI, "/start")
        assert [u.update_id for u in await poll] == [update_id]
        assert emu.polling is False
