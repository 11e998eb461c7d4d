"""Plain data objects of the emulator's public API (users, chats, transcript, call records)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ApiCall",
    "ApiError",
    "ChatMessage",
    "Refusal",
    "TgChat",
    "TgUser",
    "UploadedFile",
    "Violation",
]


@dataclass(frozen=True)
class TgUser:
    """A human Telegram user talking to the bot."""

    id: int
    first_name: str
    language_code: str | None = None
    username: str | None = None
    last_name: str | None = None
    is_premium: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        """The ``User`` object as Telegram puts it in updates."""
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code", "is_premium"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data

    def private_chat(self) -> TgChat:
        """The private chat between this user and the bot (chat id == user id)."""
        return TgChat(
            id=self.id,
            type="private",
            first_name=self.first_name,
            last_name=self.last_name,
            username=self.username,
        )


@dataclass(frozen=True)
class TgChat:
    """A chat: ``type`` is "private", "group", "supergroup" or "channel"."""

    id: int
    type: str = "private"
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The ``Chat`` object as Telegram puts it in messages."""
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        for key in ("title", "username", "first_name", "last_name"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart/form-data request."""

    part_name: str
    filename: str | None
    content_type: str | None
    data: bytes


@dataclass
class ChatMessage:
    """One message of a chat transcript, in its current state.

    ``text`` is the plain text the user sees (entities parsed out) or, for documents and
    photos, the caption.  ``source_text`` is what the bot sent (e.g. the HTML source) and
    ``parse_mode`` how it asked Telegram to parse it.  Objects are live: edits update them.
    """

    chat_id: int
    message_id: int
    from_bot: bool
    date: int
    kind: str = "text"  # "text" | "document" | "photo"
    text: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    source_text: str | None = None
    parse_mode: str | None = None
    reply_markup: dict[str, Any] | None = None
    reply_to_message_id: int | None = None
    sender: TgUser | None = None
    file_bytes: bytes | None = None
    filename: str | None = None
    mime_type: str | None = None
    file_id: str | None = None
    edited: bool = False
    edit_date: int | None = None
    deleted: bool = False

    @property
    def caption(self) -> str | None:
        """The caption of a document/photo (same as ``text`` for those kinds)."""
        return self.text if self.kind != "text" else None


@dataclass(frozen=True)
class ApiCall:
    """One Bot API request the bot made and what the emulator answered."""

    method: str
    params: dict[str, Any]
    http_status: int
    response: dict[str, Any]

    @property
    def ok(self) -> bool:
        return self.http_status == 200

    @property
    def result(self) -> Any:
        return self.response.get("result")


@dataclass(frozen=True)
class Violation:
    """A request real Telegram would refuse (or the emulator refuses as a sure bug)."""

    method: str
    params: dict[str, Any]
    description: str
    error_code: int = 400


@dataclass(frozen=True)
class Refusal:
    """An injected, Telegram-correct failure (403 blocked, 429 flood control)."""

    method: str
    params: dict[str, Any]
    description: str
    error_code: int
    chat_id: int | None = None


class ApiError(Exception):
    """Raised by method handlers; becomes Telegram's ``{"ok": false, ...}`` answer."""

    def __init__(
        self, error_code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body
