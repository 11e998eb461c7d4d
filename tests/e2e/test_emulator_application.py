"""A real ``telegram.ext.Application`` polling the emulator.

What these tests pin down about PTB 22's polling (see the emulator's report):

* PTB confirms updates when it *fetches the next batch* (``offset = last + 1`` on the next
  getUpdates), not when handlers finish.  On ``Updater.stop()`` it cancels the in-flight long
  poll and then makes one last ``getUpdates(offset=last + 1, timeout=0)`` purely to confirm
  what it fetched, so a graceful stop never leaves fetched updates unconfirmed.
* Hence only a bot that dies between fetching and its next getUpdates (crash, SIGKILL) gets
  an update again, and PTB does not de-duplicate update_ids: a redelivered update is handled
  twice.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot, Update
from telegram.ext import Application, ApplicationBuilder, CommandHandler, ContextTypes

from emulator import BotApiEmulator, TgChat, TgUser

TOKEN = "123456:TEST-TOKEN"
LI = TgUser(id=1001, first_name="Li", language_code="zh-hans")


def build_app(emu: BotApiEmulator, handled: list[int]) -> Application:  # type: ignore[type-arg]
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        handled.append(update.update_id)
        assert update.effective_message is not None
        await update.effective_message.reply_text("hi")

    app = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(f"{emu.base_url}/bot")
        .base_file_url(f"{emu.base_url}/file/bot")
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    return app


def his(emu: BotApiEmulator) -> list[str | None]:
    return [m.text for m in emu.bot_messages(LI.id)]


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(token=TOKEN) as emulator:
        yield emulator


async def test_application_answers_start_and_confirms_on_stop(emu: BotApiEmulator) -> None:
    handled: list[int] = []
    app = build_app(emu, handled)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling()
        update_id = emu.send_text(LI, "/start")
        await emu.wait_for(lambda: his(emu) == ["hi"])
        await emu.wait_for(lambda: emu.polling)  # PTB is long-polling again
        await app.updater.stop()
        await app.stop()

    assert handled == [update_id]
    assert emu.pending_updates == 0
    cleanup = emu.calls_to("getUpdates")[-1]
    # PTB's final, non-blocking getUpdates that confirms everything it fetched:
    assert (cleanup.params["offset"], cleanup.params["timeout"]) == (update_id + 1, 0)
    # The cancelled long poll did not collide with it (no 409), nothing else was refused.
    assert emu.violations == []
    reply = emu.last_bot_message(LI.id)
    assert reply is not None and reply.reply_to_message_id is None and reply.text == "hi"


async def test_unconfirmed_update_is_redelivered_to_the_next_instance(
    emu: BotApiEmulator,
) -> None:
    update_id = emu.send_text(LI, "/start")
    # A first bot instance fetches the update and dies before its next getUpdates, i.e.
    # without confirming it (a graceful PTB stop would have confirmed it, see above).
    async with Bot(TOKEN, base_url=f"{emu.base_url}/bot") as crashed:
        fetched = await crashed.get_updates(timeout=0)
    assert [u.update_id for u in fetched] == [update_id]
    assert emu.pending_updates == 1

    handled: list[int] = []
    app = build_app(emu, handled)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling()
        await emu.wait_for(lambda: his(emu) == ["hi"])
        await app.updater.stop()
        await app.stop()
    assert handled == [update_id]
    assert emu.pending_updates == 0

    # A third start gets nothing: the graceful stop confirmed it.
    again: list[int] = []
    app = build_app(emu, again)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling()
        await emu.wait_for(lambda: emu.polling)
        await app.updater.stop()
        await app.stop()
    assert again == []
    assert emu.violations == []


async def test_ptb_handles_a_redelivered_update_twice(emu: BotApiEmulator) -> None:
    handled: list[int] = []
    app = build_app(emu, handled)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling()
        update_id = emu.send_text(LI, "/start")
        await emu.wait_for(lambda: his(emu) == ["hi"])
        emu.redeliver(update_id)
        await emu.wait_for(lambda: his(emu) == ["hi", "hi"])
        await app.updater.stop()
        await app.stop()
    assert handled == [update_id, update_id]
    assert emu.pending_updates == 0
    assert emu.violations == []


async def test_group_command_addressed_to_the_bot(emu: BotApiEmulator) -> None:
    group = TgChat(id=-100123, type="supergroup", title="G")
    handled: list[int] = []
    app = build_app(emu, handled)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling()
        emu.send_text(LI, "/start@other_bot", chat=group)  # PTB ignores other bots' commands
        wanted = emu.send_text(LI, "/start@debt_coach_test_bot", chat=group)
        await emu.wait_for(lambda: [m.text for m in emu.bot_messages(group.id)] == ["hi"])
        await app.updater.stop()
        await app.stop()
    assert handled == [wanted]
    assert emu.violations == []
