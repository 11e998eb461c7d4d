"""A loopback Telegram Bot API server for tests and the interactive console.

The real python-telegram-bot ``Application`` talks to it over HTTP
(``base_url=f"{emu.base_url}/bot"``); every call is validated against the official Bot API
spec (bundled subset in ``spec/``), answered like Telegram would, and recorded.

    async with BotApiEmulator(token="123456:TEST-TOKEN") as emu:
        user = TgUser(id=1001, first_name="Li", language_code="zh-hans")
        emu.send_text(user, "/start")
        await emu.wait_for(lambda: emu.last_bot_message(user.id) is not None)
        assert not emu.violations
"""

from .emulator import BotApiEmulator
from .html import EntityParseError, ParsedText, parse_html, utf16_len
from .models import ApiCall, ChatMessage, Refusal, TgChat, TgUser, UploadedFile, Violation
from .spec import Spec, ValidationError

__all__ = [
    "ApiCall",
    "BotApiEmulator",
    "ChatMessage",
    "EntityParseError",
    "ParsedText",
    "Refusal",
    "Spec",
    "TgChat",
    "TgUser",
    "UploadedFile",
    "ValidationError",
    "Violation",
    "parse_html",
    "utf16_len",
]
