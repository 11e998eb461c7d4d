"""End-to-end harness: the real Application, polling over real HTTP, against the emulator.

A test reads like the user's chat::

    chat = bot.chat(user)
    await chat.send("/start")
    await chat.tap("Yes, I agree")
    assert "Which time zone" in chat.last.text

Every test fails if the emulator recorded a request Telegram would refuse.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from telegram import Update

from bot.app import build_application
from bot.config import Settings
from coach.clock import FixedClock
from emulator import BotApiEmulator, ChatMessage, TgUser
from tests.factories import Look

TOKEN = "123456:TEST-TOKEN"
ZH = TgUser(id=1001, first_name="李雷", language_code="zh-hans")
EN = TgUser(id=2002, first_name="Ann", language_code="en")


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(token=TOKEN) as emu:
        yield emu
        assert emu.violations == [], f"requests Telegram would refuse: {emu.violations}"


def settings_for(emu: BotApiEmulator, database_url: str) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_bot_token=TOKEN,
        telegram_api_url=emu.base_url,
        database_url=database_url,
        nudge_tick_seconds=0,  # no scheduled tick: tests call it themselves, with an injected clock
    )


@dataclass
class Chat:
    """One user's private chat with the bot."""

    harness: BotHarness
    user: TgUser
    seen: int = 0
    last_update_id: int = 0

    @property
    def emu(self) -> BotApiEmulator:
        return self.harness.emu

    @property
    def messages(self) -> list[ChatMessage]:
        return self.emu.bot_messages(self.user.id)

    @property
    def last(self) -> ChatMessage:
        msg = self.emu.last_bot_message(self.user.id)
        assert msg is not None, "the bot has not said anything"
        return msg

    def _new(self) -> list[ChatMessage]:
        msgs = self.messages
        new, self.seen = msgs[self.seen :], len(msgs)
        return new

    async def send(self, text: str) -> list[ChatMessage]:
        self._new()
        self.last_update_id = self.emu.send_text(self.user, text)
        await self.harness.deliver(self.last_update_id)
        return self._new()

    def find_button(self, label: str) -> tuple[ChatMessage, str]:
        """The newest bot message with a button whose text contains ``label``."""
        for msg in reversed(self.messages):
            for text, data in self.emu.buttons(msg):
                if label in text:
                    return msg, data
        raise AssertionError(f"no button {label!r} in the chat; last: {self.last.text!r}")

    async def tap(self, label: str) -> list[ChatMessage]:
        msg, data = self.find_button(label)
        return await self.press(msg.message_id, data)

    async def press(self, message_id: int, data: str, *, strict: bool = True) -> list[ChatMessage]:
        """Tap a button; ``strict=False`` taps one that is no longer shown (a double tap)."""
        self._new()
        self.last_update_id = self.emu.press(self.user, message_id, data, strict=strict)
        await self.harness.deliver(self.last_update_id)
        return self._new()

    def texts(self, msgs: list[ChatMessage] | None = None) -> str:
        return "\n---\n".join(m.text or "" for m in (msgs if msgs is not None else self.messages))


@dataclass
class BotHarness:
    emu: BotApiEmulator
    app: Any
    clock: FixedClock
    database_url: str
    chats: dict[int, Chat] = field(default_factory=dict)

    @property
    def processor(self) -> Any:
        return self.app.update_processor

    @property
    def services(self) -> Any:
        return self.app.bot_data.services

    @property
    def look(self) -> Look:
        return Look(self.services.uow.session_factory)

    @property
    def sender(self) -> Any:
        return self.app.bot_data.nudge_sender

    async def tick(self) -> Any:
        """Run the nudge tick now (the job's interval is an hour in tests)."""
        return await self.sender.tick()

    def chat(self, user: TgUser) -> Chat:
        return self.chats.setdefault(user.id, Chat(self, user))

    async def deliver(self, update_id: int) -> None:
        await self.processor.wait_processed(update_id)


async def start_bot(emu: BotApiEmulator, database_url: str, clock: FixedClock) -> Any:
    app = build_application(settings_for(emu, database_url), clock=clock)
    await app.initialize()
    if app.post_init:
        await app.post_init(app)
    await app.start()
    await app.updater.start_polling(poll_interval=0, timeout=5, allowed_updates=Update.ALL_TYPES)
    return app


async def stop_bot(app: Any) -> None:
    if app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    if app.post_stop:
        await app.post_stop(app)
    await app.shutdown()
    if app.post_shutdown:
        await app.post_shutdown(app)


@pytest.fixture
async def bot(emulator, sqlite_url, clock) -> AsyncIterator[BotHarness]:
    app = await start_bot(emulator, sqlite_url, clock)
    try:
        yield BotHarness(emulator, app, clock, sqlite_url)
    finally:
        await stop_bot(app)


@pytest.fixture
async def pg_bot(emulator, pg_url, clock) -> AsyncIterator[BotHarness]:
    app = await start_bot(emulator, pg_url, clock)
    try:
        yield BotHarness(emulator, app, clock, pg_url)
    finally:
        await stop_bot(app)


@pytest.fixture
async def any_bot(emulator, db_url, clock) -> AsyncIterator[BotHarness]:
    """The bot on SQLite, then on PostgreSQL (``db_url`` is parametrised)."""
    app = await start_bot(emulator, db_url, clock)
    try:
        yield BotHarness(emulator, app, clock, db_url)
    finally:
        await stop_bot(app)


async def onboard(chat: Chat, *, consent: bool = True, region: str | None = None) -> None:
    """Go through /start with the defaults of the user's language, or in ``region``
    ("cn" or "us"): whose rules apply follows the region, never the language."""
    zh = chat.user.language_code.startswith("zh")
    region = region or ("cn" if zh else "us")
    labels = {"cn": ("中国大陆", "Mainland China"), "us": ("美国", "United States")}[region]
    await chat.send("/start")
    await chat.tap(("同意" if zh else "Yes, I agree") if consent else ("暂不同意" if zh else "Not now"))
    await chat.tap(labels[0] if zh else labels[1])
    await chat.tap("Asia/Shanghai" if region == "cn" else "America/New_York")
    await chat.tap("CNY" if region == "cn" else "USD")


async def add_weilidai_overdue(chat: Chat) -> None:
    """Guided, in Chinese: 微粒贷 ¥8,000 at 日息万五, ¥800 a month on the 5th, ¥800 overdue
    since Nov 5 with 日息万五 penalty interest, reported to the credit bureau; saved."""
    await chat.send("/adddebt")
    await chat.send("微粒贷")
    await chat.tap("不清楚")  # when it was taken
    for answer in ("8000", "日息万五", "800", "每月5号"):
        await chat.send(answer)
    await chat.tap("是")  # overdue
    for answer in ("11月5日", "800", "日息万五"):
        await chat.send(answer)
    await chat.tap("是")  # reported to the credit bureau
    await chat.tap("保存")


async def add_debt(chat: Chat, line: str) -> None:
    """``/adddebt <line>`` and Save (for lenders whose type is known, e.g. 花呗, Visa)."""
    await chat.send(f"/adddebt {line}")
    await chat.tap("保存" if chat.user.language_code.startswith("zh") else "Save")
