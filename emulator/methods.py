"""Bot API method implementations, acting on :class:`EmulatorState` like Telegram would.

Each handler receives already validated, decoded parameters and raises :class:`ApiError` with
Telegram's own wording when Telegram would refuse the call for a semantic reason ("message to
edit not found", "message is not modified", "query is too old ...").

Not emulated: inline mode (``inline_message_id``), rich messages, webhook delivery (setWebhook
is stored and makes getUpdates answer 409, as on Telegram, but updates are not POSTed), and
fetching files by URL (a URL ``document`` is accepted and stored empty).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from .html import ParsedText
from .media import checked_photo_size, guess_mime
from .models import ApiError, ChatMessage, TgChat, UploadedFile
from .state import EmulatorState, StoredFile
from .updates import PollConflict

__all__ = ["CHAT_SEND_METHODS", "HANDLERS", "Call", "commands_key"]

#: Methods that send or change messages: affected by blocks, flood limits and left chats.
CHAT_SEND_METHODS = frozenset(
    {
        "sendMessage",
        "sendDocument",
        "sendPhoto",
        "sendChatAction",
        "editMessageText",
        "editMessageCaption",
        "editMessageReplyMarkup",
    }
)


@dataclass
class Call:
    """A validated call: decoded params, parsed formatted text, and the target chat."""

    state: EmulatorState
    method: str
    params: dict[str, Any]
    parsed: dict[str, ParsedText]
    chat: TgChat | None


Handler = Callable[[Call], Awaitable[Any]]
HANDLERS: dict[str, Handler] = {}


def handler(name: str) -> Callable[[Handler], Handler]:
    def register(func: Handler) -> Handler:
        HANDLERS[name] = func
        return func

    return register


def commands_key(scope: dict[str, Any] | None, language_code: str | None) -> tuple[str, str]:
    """Storage key for setMyCommands: (scope type + ids, language code)."""
    scope = scope or {"type": "default"}
    ids = ",".join(f"{k}={scope[k]}" for k in ("chat_id", "user_id") if k in scope)
    return (f"{scope['type']}:{ids}" if ids else scope["type"], language_code or "")


def _text_and_entities(
    call: Call, name: str, entities_name: str
) -> tuple[str, list[dict[str, Any]]]:
    parsed = call.parsed[name]
    explicit = call.params.get(entities_name)
    return parsed.text, explicit if explicit is not None else parsed.entity_dicts()


def _reply_to(call: Call, chat_id: int) -> int | None:
    reply = call.params.get("reply_parameters")
    if reply is None:
        return None
    if reply.get("chat_id") not in (None, chat_id):
        return None
    if call.state.find_message(chat_id, reply["message_id"]) is None:
        if reply.get("allow_sending_without_reply"):
            return None
        raise ApiError(400, "Bad Request: message to be replied not found")
    return int(reply["message_id"])


def _send(call: Call, **fields: Any) -> dict[str, Any]:
    assert call.chat is not None
    message = call.state.new_message(
        call.chat.id,
        from_bot=True,
        reply_markup=call.params.get("reply_markup"),
        reply_to_message_id=_reply_to(call, call.chat.id),
        parse_mode=call.params.get("parse_mode"),
        **fields,
    )
    return call.state.message_dict(message)


@handler("getMe")
async def get_me(call: Call) -> dict[str, Any]:
    return call.state.bot_user(full=True)


@handler("getUpdates")
async def get_updates(call: Call) -> list[dict[str, Any]]:
    if call.state.webhook_url:
        raise ApiError(
            409,
            "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook "
            "to delete the webhook first",
        )
    params = call.params
    try:
        return await call.state.updates.get_updates(
            offset=params.get("offset", 0),
            limit=params.get("limit", 100),
            timeout=params.get("timeout", 0),
            allowed_updates=params.get("allowed_updates"),
        )
    except PollConflict as exc:
        raise ApiError(409, str(exc)) from None


@handler("deleteWebhook")
async def delete_webhook(call: Call) -> bool:
    call.state.webhook_url = ""
    if call.params.get("drop_pending_updates"):
        call.state.updates.drop_all()
    return True


@handler("setWebhook")
async def set_webhook(call: Call) -> bool:
    call.state.webhook_url = call.params["url"]
    if call.params.get("drop_pending_updates"):
        call.state.updates.drop_all()
    return True


@handler("getWebhookInfo")
async def get_webhook_info(call: Call) -> dict[str, Any]:
    return {
        "url": call.state.webhook_url,
        "has_custom_certificate": False,
        "pending_update_count": call.state.updates.pending,
    }


@handler("close")
@handler("logOut")
async def close(call: Call) -> bool:
    call.state.closed = True
    return True


@handler("sendMessage")
async def send_message(call: Call) -> dict[str, Any]:
    text, entities = _text_and_entities(call, "text", "entities")
    return _send(call, kind="text", text=text, entities=entities, source_text=call.params["text"])


def _upload(call: Call, field: str, folder: str) -> StoredFile:
    value = call.params[field]
    state = call.state
    if isinstance(value, UploadedFile):
        if not value.data:
            raise ApiError(400, "Bad Request: file must be non-empty")
        size = checked_photo_size(value.data) if folder == "photos" else None
        mime = guess_mime(value.filename, value.content_type)
        return state.store_file(value.data, value.filename, mime, folder, size)
    if value in state.files:
        return state.files[value]
    if value.startswith(("http://", "https://")):
        name = value.rsplit("/", 1)[-1] or None
        return state.store_file(b"", name, guess_mime(name, None), folder, (1, 1))
    raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")


def _caption(call: Call) -> tuple[str | None, list[dict[str, Any]]]:
    if "caption" not in call.params:
        return None, []
    return _text_and_entities(call, "caption", "caption_entities")


@handler("sendDocument")
async def send_document(call: Call) -> dict[str, Any]:
    stored = _upload(call, "document", "documents")
    caption, entities = _caption(call)
    return _send(
        call,
        kind="document",
        text=caption,
        entities=entities,
        source_text=call.params.get("caption"),
        file_bytes=stored.data,
        filename=stored.filename,
        mime_type=stored.mime_type,
        file_id=stored.file_id,
    )


@handler("sendPhoto")
async def send_photo(call: Call) -> dict[str, Any]:
    stored = _upload(call, "photo", "photos")
    caption, entities = _caption(call)
    return _send(
        call,
        kind="photo",
        text=caption,
        entities=entities,
        source_text=call.params.get("caption"),
        file_bytes=stored.data,
        filename=stored.filename,
        mime_type=stored.mime_type,
        file_id=stored.file_id,
    )


def _editable(call: Call, *, want_text: bool | None) -> ChatMessage:
    params = call.params
    if "inline_message_id" in params:
        raise ApiError(400, "Bad Request: inline messages are not supported by the emulator")
    if call.chat is None or "message_id" not in params:
        raise ApiError(400, "Bad Request: message identifier is not specified")
    message = call.state.find_message(call.chat.id, params["message_id"])
    if message is None:
        raise ApiError(400, "Bad Request: message to edit not found")
    if not message.from_bot:
        raise ApiError(400, "Bad Request: message can't be edited")
    if want_text is True and message.kind != "text":
        raise ApiError(400, "Bad Request: there is no text in the message to edit")
    if want_text is False and message.kind == "text":
        raise ApiError(400, "Bad Request: there is no caption in the message to edit")
    return message


def _apply_edit(
    call: Call,
    message: ChatMessage,
    text: str | None,
    entities: list[dict[str, Any]],
    source_text: str | None,
) -> dict[str, Any]:
    markup = call.params.get("reply_markup")
    if (text, entities, markup) == (message.text, message.entities, message.reply_markup):
        raise ApiError(
            400,
            "Bad Request: message is not modified: specified new message content and reply "
            "markup are exactly the same as a current content and reply markup of the message",
        )
    message.text, message.entities, message.source_text = text, entities, source_text
    message.reply_markup = markup
    message.edited = True
    message.edit_date = int(time.time())
    if "parse_mode" in call.params:
        message.parse_mode = call.params["parse_mode"]
    call.state.emit(message, edited=True)
    return call.state.message_dict(message)


@handler("editMessageText")
async def edit_message_text(call: Call) -> dict[str, Any]:
    message = _editable(call, want_text=True)
    if "text" not in call.params:
        raise ApiError(400, "Bad Request: text is empty (rich_message is not emulated)")
    text, entities = _text_and_entities(call, "text", "entities")
    return _apply_edit(call, message, text, entities, call.params["text"])


@handler("editMessageCaption")
async def edit_message_caption(call: Call) -> dict[str, Any]:
    message = _editable(call, want_text=False)
    caption, entities = _caption(call)
    return _apply_edit(call, message, caption, entities, call.params.get("caption"))


@handler("editMessageReplyMarkup")
async def edit_message_reply_markup(call: Call) -> dict[str, Any]:
    message = _editable(call, want_text=None)
    return _apply_edit(call, message, message.text, message.entities, message.source_text)


@handler("deleteMessage")
async def delete_message(call: Call) -> bool:
    assert call.chat is not None
    message = call.state.find_message(call.chat.id, call.params["message_id"])
    if message is None:
        raise ApiError(400, "Bad Request: message to delete not found")
    message.deleted = True
    return True


@handler("answerCallbackQuery")
async def answer_callback_query(call: Call) -> bool:
    if call.state.callbacks.pop(call.params["callback_query_id"], None) is None:
        raise ApiError(
            400,
            "Bad Request: query is too old and response timeout expired or query ID is invalid",
        )
    return True


@handler("sendChatAction")
async def send_chat_action(call: Call) -> bool:
    return True


@handler("setMyCommands")
async def set_my_commands(call: Call) -> bool:
    key = commands_key(call.params.get("scope"), call.params.get("language_code"))
    call.state.commands[key] = [dict(c) for c in call.params["commands"]]
    return True


@handler("getMyCommands")
async def get_my_commands(call: Call) -> list[dict[str, Any]]:
    key = commands_key(call.params.get("scope"), call.params.get("language_code"))
    return [dict(c) for c in call.state.commands.get(key, [])]


@handler("deleteMyCommands")
async def delete_my_commands(call: Call) -> bool:
    key = commands_key(call.params.get("scope"), call.params.get("language_code"))
    call.state.commands.pop(key, None)
    return True


@handler("setMyDescription")
async def set_my_description(call: Call) -> bool:
    call.state.descriptions[call.params.get("language_code", "")] = call.params.get(
        "description", ""
    )
    return True


@handler("getMyDescription")
async def get_my_description(call: Call) -> dict[str, str]:
    lang = call.params.get("language_code", "")
    return {"description": call.state.descriptions.get(lang, "")}


@handler("setMyShortDescription")
async def set_my_short_description(call: Call) -> bool:
    call.state.short_descriptions[call.params.get("language_code", "")] = call.params.get(
        "short_description", ""
    )
    return True


@handler("getMyShortDescription")
async def get_my_short_description(call: Call) -> dict[str, str]:
    lang = call.params.get("language_code", "")
    return {"short_description": call.state.short_descriptions.get(lang, "")}


@handler("setChatMenuButton")
async def set_chat_menu_button(call: Call) -> bool:
    button = call.params.get("menu_button", {"type": "default"})
    call.state.menu_buttons[call.params.get("chat_id")] = button
    return True


@handler("getChatMenuButton")
async def get_chat_menu_button(call: Call) -> dict[str, Any]:
    buttons = call.state.menu_buttons
    chat_id = call.params.get("chat_id")
    return buttons.get(chat_id) or buttons.get(None) or {"type": "default"}


@handler("leaveChat")
async def leave_chat(call: Call) -> bool:
    assert call.chat is not None
    if call.chat.type == "private":
        raise ApiError(400, "Bad Request: chat member status can't be changed in private chats")
    call.state.left_chats.add(call.chat.id)
    return True


@handler("getChat")
async def get_chat(call: Call) -> dict[str, Any]:
    assert call.chat is not None
    return call.state.chat_full_info(call.chat)


@handler("getFile")
async def get_file(call: Call) -> dict[str, Any]:
    file_id: str = call.params["file_id"]
    stored = call.state.files.get(file_id) or call.state.files.get(file_id.removesuffix("_0"))
    if stored is None:
        raise ApiError(400, "Bad Request: invalid file_id")
    return stored.file_dict() | {"file_id": file_id}
