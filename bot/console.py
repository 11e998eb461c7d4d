"""``debt-coach console``: chat with the real bot in this terminal, offline.

The bot runs unchanged: the same Application, over loopback HTTP, against the
project's Bot API emulator. Bot messages are printed as they arrive (pushed
reminders included); inline buttons are shown as numbered choices.
"""

from __future__ import annotations

import asyncio
import getpass
import html
import os
import re
import sys
import threading
from typing import Any, TextIO

from pydantic import SecretStr
from telegram import Update

from bot.app import build_application
from bot.config import Settings
from bot.i18n import choose_language, t
from emulator import BotApiEmulator, ChatMessage, TgUser
from storage.db import make_engine, make_session_factory
from storage.repositories import UpdateLedger

CONSOLE_TOKEN = "100000:CONSOLE"
CONSOLE_USER_ID = 1
_TAG = re.compile(r"<[^>]+>")
_BOLD = re.compile(r"<(b|strong)>(.*?)</\1>", re.S)


def to_terminal(text: str, *, color: bool) -> str:
    """Telegram HTML to terminal text: bold stays bold on a colour terminal."""
    if color:
        text = _BOLD.sub(lambda m: f"\033[1m{m.group(2)}\033[0m", text)
    return html.unescape(_TAG.sub("", text))


class ConsoleView:
    def __init__(self, emu: BotApiEmulator, out: TextIO, chat_id: int) -> None:
        self.emu = emu
        self.out = out
        self.chat_id = chat_id
        self.color = out.isatty()
        self.choices: list[tuple[int, str]] = []  # (message_id, callback_data) by number

    def on_bot_message(self, chat_id: int, msg: ChatMessage, edited: bool) -> None:
        if chat_id != self.chat_id:
            return
        buttons = self.emu.buttons(msg)
        if edited:
            # Buttons taken off after a tap: forget them; show only what was added.
            self.choices = [c for c in self.choices if c[0] != msg.message_id]
            return
        body = msg.text or msg.caption or ""
        if msg.kind != "text":
            name = msg.filename or msg.kind
            body = f"[{msg.kind}: {name}] {body}"
        self.out.write("\n" + to_terminal(body, color=self.color) + "\n")
        if buttons:
            self.choices = [(msg.message_id, data) for _, data in buttons]
            for i, (label, _) in enumerate(buttons, 1):
                self.out.write(f"  [{i}] {label}\n")
        self.out.flush()


def _reader(loop: asyncio.AbstractEventLoop, queue: asyncio.Queue[str | None], inp: TextIO) -> None:
    while True:
        line = inp.readline()
        loop.call_soon_threadsafe(queue.put_nowait, line if line else None)
        if not line:
            return


async def _next_update_id(database_url: str) -> int:
    """One past the highest update id this database has seen, as Telegram would go on."""
    engine = make_engine(database_url)
    try:
        async with make_session_factory(engine)() as session:
            return (await UpdateLedger(session).highest_id() or 0) + 1
    finally:
        await engine.dispose()


async def run_console(
    settings: Settings,
    *,
    lang: str | None = None,
    inp: TextIO | None = None,
    out: TextIO | None = None,
) -> None:
    inp = inp or sys.stdin
    out = out or sys.stdout
    code = {"zh": "zh-hans", "en": "en"}.get(lang or "", None) or (
        "zh-hans" if os.environ.get("LANG", "").lower().startswith("zh") else "en"
    )
    user = TgUser(id=CONSOLE_USER_ID, first_name=getpass.getuser() or "you", language_code=code)
    first_update_id = await _next_update_id(settings.database_url)
    async with BotApiEmulator(token=CONSOLE_TOKEN, first_update_id=first_update_id) as emu:
        local = settings.model_copy(
            update={
                "telegram_bot_token": SecretStr(CONSOLE_TOKEN),
                "telegram_api_url": emu.base_url,
            }
        )
        app: Any = build_application(local)
        view = ConsoleView(emu, out, user.id)
        emu.on_bot_message = view.on_bot_message
        await app.initialize()
        await app.post_init(app)
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=10, allowed_updates=Update.ALL_TYPES)
        ui = choose_language(code)
        out.write(t(ui, "console.banner") + "\n")
        out.flush()
        queue: asyncio.Queue[str | None] = asyncio.Queue()
        threading.Thread(
            target=_reader, args=(asyncio.get_running_loop(), queue, inp), daemon=True
        ).start()
        try:
            while (line := await queue.get()) is not None:
                text = line.strip()
                if not text:
                    continue
                if text == "/quit":  # "quit" or "exit" alone go to the bot (a cancel word)
                    break
                if text.isdigit() and 1 <= int(text) <= len(view.choices):
                    message_id, data = view.choices[int(text) - 1]
                    update_id = emu.press(user, message_id, data)
                else:
                    update_id = emu.send_text(user, text)
                await app.update_processor.wait_processed(update_id, timeout=30)
        finally:
            await app.updater.stop()
            await app.stop()
            await app.shutdown()
            await app.post_shutdown(app)
