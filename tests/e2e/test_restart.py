"""A bot killed with SIGKILL resumes every user at the step they were on."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import timedelta

from bot.i18n import t
from handlers import expire_conversations
from handlers.context import BotContext
from tests.e2e.conftest import EN, TOKEN, BotHarness, start_bot, stop_bot


async def _start_process(emu, database_url: str, tmp_path) -> asyncio.subprocess.Process:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": emu.base_url,
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
    }
    polls_before = emu.polls_begun
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )
    # Up when its first long poll waits (not when one returns, 10 s later); a poll of a
    # process killed before doesn't count.
    await emu.wait_for_poll(after=polls_before, timeout=30)
    return proc


def _last_answer(emu) -> str | None:
    """The text of the bot's last answer to a button tap."""
    return emu.calls_to("answerCallbackQuery")[-1].params.get("text")


def _last_text(emu) -> str:
    msg = emu.last_bot_message(EN.id)
    return msg.text if msg else ""


async def test_sigkill_mid_start_resumes_at_the_same_step(emulator, sqlite_url, tmp_path):
    emu = emulator
    proc = await _start_process(emu, sqlite_url, tmp_path)
    try:
        emu.send_text(EN, "/start")
        await emu.wait_for(lambda: "sensitive financial" in _last_text(emu), timeout=15)
        consent = emu.last_bot_message(EN.id)
        emu.press(EN, consent.message_id, "ob:consent:y")
        await emu.wait_for(lambda: "Where are your loans" in _last_text(emu), timeout=15)
        region_question = emu.last_bot_message(EN.id)
    finally:
        proc.send_signal(signal.SIGKILL)
        await proc.wait()
    assert proc.returncode == -signal.SIGKILL

    proc = await _start_process(emu, sqlite_url, tmp_path)
    try:
        emu.press(EN, region_question.message_id, "ob:region:us")
        await emu.wait_for(lambda: "Which time zone" in _last_text(emu), timeout=15)
        assert emu.buttons(emu.last_bot_message(EN.id))[0][0] == "America/New_York"
        # The consent given before the kill was kept in the draft and lands at the end.
        emu.press(EN, emu.last_bot_message(EN.id).message_id, "ob:tz:America/Chicago")
        await emu.wait_for(lambda: "Which currency" in _last_text(emu), timeout=15)
        emu.press(EN, emu.last_bot_message(EN.id).message_id, "ob:cur:USD")
        await emu.wait_for(lambda: "All set" in _last_text(emu), timeout=15)
        # Exactly one consent question and one region question: nothing was replayed.
        texts = [m.text or "" for m in emu.bot_messages(EN.id)]
        assert sum("sensitive financial" in t for t in texts) == 1
        assert sum("Where are your loans" in t for t in texts) == 1
    finally:
        proc.send_signal(signal.SIGTERM)
        await proc.wait()
    from sqlalchemy import create_engine, text

    engine = create_engine(sqlite_url.replace("+aiosqlite", ""))
    with engine.connect() as conn:
        row = conn.execute(text("select consent, region, timezone, currency from users")).one()
    engine.dispose()
    assert tuple(row) == (1, "us", "America/Chicago", "USD")


async def test_a_conversation_restored_after_a_restart_still_times_out(emulator, sqlite_url, clock):

    app = await start_bot(emulator, sqlite_url, clock)
    bot = BotHarness(emulator, app, clock, sqlite_url)
    chat = bot.chat(EN)
    await chat.send("/start")
    await chat.tap("Yes, I agree")  # waiting at the region question
    await stop_bot(app)
    app = await start_bot(emulator, sqlite_url, clock)  # restored, no timeout job scheduled
    bot.app = app
    try:
        clock.advance(timedelta(days=3))  # past the 2-day onboarding timeout
        await expire_conversations(BotContext(app))
        replies = await chat.tap("United States")  # the old question's button no longer acts
        assert replies == []  # no time-zone question: the tap is only answered
        assert _last_answer(emulator) == t("en", "common.expired")
    finally:
        await stop_bot(app)
