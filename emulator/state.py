"""What the emulated Telegram knows: chats, messages, files, commands, pending updates."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .models import ApiError, ChatMessage, TgChat, TgUser
from .updates import UpdateQueue

__all__ = ["BOT_FIRST_NAME", "BOT_USERNAME", "EmulatorState", "StoredFile"]

BOT_FIRST_NAME = "Debt Coach"
BOT_USERNAME = "debt_coach_test_bot"

MessageListener = Callable[[ChatMessage, bool], None]


@dataclass(frozen=True)
class StoredFile:
    """A file the bot uploaded, downloadable at ``/file/bot<token>/<file_path>``."""

    file_id: str
    file_unique_id: str
    data: bytes
    filename: str | None
    mime_type: str
    file_path: str
    width: int | None = None
    height: int | None = None

    def file_dict(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
            "file_path": self.file_path,
        }


@dataclass(frozen=True)
class CallbackRecord:
    """A callback query the emulator issued and the bot has not answered yet."""

    user: TgUser
    chat_id: int
    message_id: int
    data: str


class EmulatorState:
    """Mutable world state shared by the HTTP handlers and the test-facing API."""

    def __init__(
        self,
        token: str,
        on_change: Callable[[], None] | None = None,
        first_update_id: int = 1,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.clock = clock  # seconds since the epoch, for message dates
        prefix = token.split(":", 1)[0]
        self.token = token
        self.bot_id = int(prefix) if prefix.isdigit() else 1
        self.chats: dict[int, TgChat] = {}
        self.messages: dict[int, dict[int, ChatMessage]] = {}
        self._last_message_id: dict[int, int] = {}
        self.files: dict[str, StoredFile] = {}
        self.files_by_path: dict[str, StoredFile] = {}
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.descriptions: dict[str, str] = {}
        self.short_descriptions: dict[str, str] = {}
        self.menu_buttons: dict[int | None, dict[str, Any]] = {}
        self.left_chats: set[int] = set()
        self.blocked: set[int] = set()
        self.callbacks: dict[str, CallbackRecord] = {}
        self.webhook_url = ""
        self.closed = False
        self.updates = UpdateQueue(first_update_id, on_change=on_change)
        self.listeners: list[MessageListener] = []
        self._callback_counter = 0
        self._file_counter = 0

    # -- the bot --------------------------------------------------------------------------

    def bot_user(self, *, full: bool = False) -> dict[str, Any]:
        """The bot's ``User``; ``full`` adds the getMe-only capability fields."""
        user: dict[str, Any] = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": BOT_FIRST_NAME,
            "username": BOT_USERNAME,
        }
        if full:
            user |= {
                "can_join_groups": True,
                "can_read_all_group_messages": False,
                "supports_inline_queries": False,
                "can_connect_to_business": False,
                "has_main_web_app": False,
            }
        return user

    # -- chats ----------------------------------------------------------------------------

    def add_chat(self, chat: TgChat) -> None:
        self.chats[chat.id] = chat
        self.messages.setdefault(chat.id, {})

    def resolve_chat(self, chat_id: int | str) -> TgChat:
        """The chat a ``chat_id`` parameter designates; 400 "chat not found" otherwise."""
        if isinstance(chat_id, str):
            wanted = chat_id.removeprefix("@").lower()
            for chat in self.chats.values():
                if chat.username and chat.username.lower() == wanted:
                    return chat
        elif chat_id in self.chats:
            return self.chats[chat_id]
        raise ApiError(400, "Bad Request: chat not found")

    def chat_full_info(self, chat: TgChat) -> dict[str, Any]:
        """A minimal but spec-valid ``ChatFullInfo``."""
        return chat.to_dict() | {
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    # -- messages -------------------------------------------------------------------------

    def new_message(self, chat_id: int, *, from_bot: bool, **fields: Any) -> ChatMessage:
        """Append a message to the chat, with the chat's next message_id."""
        message_id = self._last_message_id.get(chat_id, 0) + 1
        self._last_message_id[chat_id] = message_id
        message = ChatMessage(
            chat_id=chat_id,
            message_id=message_id,
            from_bot=from_bot,
            date=int(self.clock()),
            **fields,
        )
        self.messages.setdefault(chat_id, {})[message_id] = message
        if from_bot:
            self.emit(message, edited=False)
        return message

    def emit(self, message: ChatMessage, *, edited: bool) -> None:
        for listener in list(self.listeners):
            listener(message, edited)

    def find_message(self, chat_id: int, message_id: int) -> ChatMessage | None:
        message = self.messages.get(chat_id, {}).get(message_id)
        return None if message is None or message.deleted else message

    def transcript(self, chat_id: int, *, include_deleted: bool = False) -> list[ChatMessage]:
        return [
            m for m in self.messages.get(chat_id, {}).values() if include_deleted or not m.deleted
        ]

    def message_dict(self, message: ChatMessage, *, with_reply: bool = True) -> dict[str, Any]:
        """The ``Message`` object Telegram would return/deliver for this message."""
        chat = self.chats.get(message.chat_id, TgChat(id=message.chat_id))
        data: dict[str, Any] = {"message_id": message.message_id}
        if message.from_bot:
            data["from"] = self.bot_user()
        elif message.sender is not None:
            data["from"] = message.sender.to_dict()
        data |= {"chat": chat.to_dict(), "date": message.date}
        if message.edit_date is not None:
            data["edit_date"] = message.edit_date
        if with_reply and message.reply_to_message_id is not None:
            replied = self.find_message(message.chat_id, message.reply_to_message_id)
            if replied is not None:
                data["reply_to_message"] = self.message_dict(replied, with_reply=False)
        text_key, entities_key = ("text", "entities")
        if message.kind != "text":
            text_key, entities_key = ("caption", "caption_entities")
            stored = self.files[message.file_id or ""]
            if message.kind == "document":
                data["document"] = {
                    "file_id": stored.file_id,
                    "file_unique_id": stored.file_unique_id,
                    "file_name": stored.filename or "document",
                    "mime_type": stored.mime_type,
                    "file_size": len(stored.data),
                }
            else:
                data["photo"] = self._photo_sizes(stored, stored.width or 1, stored.height or 1)
        if message.text is not None and (message.kind == "text" or message.text):
            data[text_key] = message.text
            if message.entities:
                data[entities_key] = message.entities
        markup = message.reply_markup
        if markup is not None and "inline_keyboard" in markup:
            data["reply_markup"] = markup
        return data

    @staticmethod
    def _photo_sizes(stored: StoredFile, width: int, height: int) -> list[dict[str, Any]]:
        """Telegram returns several scaled copies; the emulator gives a thumbnail + the photo."""
        sizes: list[dict[str, Any]] = []
        longest = max(width, height, 1)
        for index, side in enumerate((90, 1280)):
            scale = min(1.0, side / longest)
            sizes.append(
                {
                    "file_id": f"{stored.file_id}_{index}" if index == 0 else stored.file_id,
                    "file_unique_id": f"{stored.file_unique_id}{index}",
                    "file_size": len(stored.data) if index else min(len(stored.data), 2048),
                    "width": max(1, round(width * scale)),
                    "height": max(1, round(height * scale)),
                }
            )
        return sizes

    # -- files ----------------------------------------------------------------------------

    def store_file(
        self,
        data: bytes,
        filename: str | None,
        mime_type: str,
        folder: str,
        size: tuple[int, int] | None = None,
    ) -> StoredFile:
        self._file_counter += 1
        number = self._file_counter
        digest = hashlib.sha256(data).hexdigest()[:16]
        extension = ""
        if filename and "." in filename:
            extension = "." + filename.rsplit(".", 1)[1]
        stored = StoredFile(
            file_id=f"EMU{folder[:3].upper()}{number:06d}{digest}",
            file_unique_id=f"AgAD{digest[:8]}",
            data=data,
            filename=filename,
            mime_type=mime_type,
            file_path=f"{folder}/file_{number}{extension}",
            width=size[0] if size else None,
            height=size[1] if size else None,
        )
        self.files[stored.file_id] = stored
        self.files_by_path[stored.file_path] = stored
        return stored

    # -- callback queries -----------------------------------------------------------------

    def issue_callback(self, user: TgUser, chat_id: int, message_id: int, data: str) -> str:
        self._callback_counter += 1
        query_id = f"{self.bot_id}{self._callback_counter:010d}"
        self.callbacks[query_id] = CallbackRecord(user, chat_id, message_id, data)
        return query_id

    @staticmethod
    def chat_instance(chat_id: int) -> str:
        return str(int(hashlib.sha256(str(chat_id).encode()).hexdigest()[:15], 16))
