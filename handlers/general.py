"""What every chat gets outside the flows: /help, /cancel with nothing open, the last
word on text, media and buttons nobody was waiting for (handlers/chat.py), groups,
blocking, and errors.

The catch-alls run in the last group and only when nothing else took the update
(``handlers.conversation.handled``).
"""

from __future__ import annotations

import html
import logging
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.error import Forbidden
from telegram.ext import (
    ApplicationHandlerStop,
    BaseHandler,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot import outbox
from bot.i18n import choose_language, t
from handlers import chat
from handlers.context import BotContext
from handlers.conversation import Turn

_log = logging.getLogger(__name__)


async def cancel_outside(update: Update, context: BotContext) -> None:
    """/cancel with nothing open: as the cancel words (a debt put aside is dropped)."""
    turn = await Turn.of(update, context)
    await chat.show_cancel(turn, await turn.services.chat.cancel_outside(turn.uid))


async def expired_button(update: Update, context: BotContext) -> None:
    """A tap on a button whose step is over (or forged data)."""
    turn = await Turn.of(update, context)
    await turn.answer(turn.t("common.expired"))


async def on_my_chat_member(update: Update, context: BotContext) -> None:
    """A private chat's user blocked (kicked) or unblocked the bot."""
    member = update.my_chat_member
    if member is None or member.chat.type != "private":
        return
    active = member.new_chat_member.status not in ("kicked", "left")
    await context.services.start.set_active(member.chat.id, active)


async def private_only(update: Update, context: BotContext) -> None:
    """In a group or channel: answer the first command once, leave, store nothing."""
    chat = update.effective_chat
    if chat is None or chat.type == ChatType.PRIVATE:
        return
    message = update.effective_message
    is_command = bool(message is not None and message.text and message.text.startswith("/"))
    if update.channel_post is not None or is_command:
        lang = choose_language(update.effective_user.language_code if update.effective_user else None)
        try:
            await context.bot.send_message(chat.id, t(lang, "group.private_only"))
        except Forbidden:
            pass
        await context.bot.leave_chat(chat.id)
    raise ApplicationHandlerStop


async def on_error(update: object, context: BotContext) -> None:
    """The one global error handler: log with context, tell the user kindly, no traceback."""
    err = context.error
    info: dict[str, Any] = {}
    if isinstance(update, Update):
        info = {
            "update_id": update.update_id,
            "user_id": update.effective_user.id if update.effective_user else None,
            "chat_type": update.effective_chat.type if update.effective_chat else None,
        }
    _log.error("error while handling %s: %r", info or type(update).__name__, err, exc_info=err)
    # Nothing of a failed update is committed: its writes roll back together.
    context.services.uow.fail()
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if update.effective_chat.type != ChatType.PRIVATE or isinstance(err, Forbidden):
        return
    outbox.discard()
    lang = choose_language(update.effective_user.language_code if update.effective_user else None)
    try:
        profile = await context.services.start.profile(update.effective_chat.id)
        lang = profile.language if profile is not None else lang
    except Exception:  # the database itself may be what failed
        pass
    try:
        if update.callback_query is not None:
            await update.callback_query.answer()
        await context.bot.send_message(update.effective_chat.id, t(lang, "error.generic"))
    except Exception as exc:  # never let the error handler raise
        _log.warning("could not tell the user about the error: %s", html.escape(str(exc)))


def general() -> list[BaseHandler[Any, Any, Any]]:
    return [CommandHandler("help", chat.help_command),
            ChatMemberHandler(on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER)]


def catch_alls() -> list[BaseHandler[Any, Any, Any]]:
    """Last: /cancel with nothing open, stale buttons, text, media and commands nobody
    took (text and media: handlers/chat.py)."""
    return [CommandHandler("cancel", cancel_outside),
            CallbackQueryHandler(expired_button),
            *chat.catch_alls(),
            MessageHandler(filters.COMMAND, chat.help_command)]
