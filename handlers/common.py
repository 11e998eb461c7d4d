"""Shared handler helpers: the user's language, replying, and the cross-cutting handlers."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden
from telegram.ext import ApplicationHandlerStop, ConversationHandler

from bot import outbox
from bot.i18n import choose_language, t
from handlers.context import BotContext
from storage.models import User

_log = logging.getLogger(__name__)
END = ConversationHandler.END


async def current_user(update: Update, context: BotContext) -> User | None:
    assert update.effective_user is not None
    return await context.services.users.get(update.effective_user.id)


async def lang_of(update: Update, context: BotContext, user: User | None = None) -> str:
    if user is None and update.effective_user is not None:
        user = await context.services.users.get(update.effective_user.id)
    if user is not None:
        return user.language
    code = update.effective_user.language_code if update.effective_user else None
    return choose_language(code)


async def say(
    update: Update,
    context: BotContext,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> None:
    """Send a new message to the chat of the update (after the update is saved)."""
    assert update.effective_chat is not None
    chat_id = update.effective_chat.id
    await outbox.emit(lambda: context.bot.send_message(chat_id, text, reply_markup=markup))


async def close_buttons(update: Update, note: str | None = None) -> None:
    """Answer a button tap and take the buttons off its message, so it can't be tapped again.

    ``note`` (HTML, as ``t()`` returns it: escape raw user text first) is appended to the
    message to show the choice made.
    """
    query = update.callback_query
    if query is None:
        return
    await outbox.emit(query.answer)
    message = query.message
    if not isinstance(message, Message):
        return

    async def edit() -> None:
        # editMessageText, not editMessageReplyMarkup: PTB adds the default parse_mode to
        # the latter, a parameter that method doesn't have.
        if message.text_html is None or (not note and message.reply_markup is None):
            return
        text = message.text_html
        if note:
            text += f"\n\n<i>{note}</i>"
        try:
            await query.edit_message_text(text, reply_markup=None)
        except BadRequest as exc:  # the message was already edited: harmless
            _log.debug("could not close buttons: %s", exc)

    await outbox.emit(edit)


async def close_rows(update: Update, drop: Callable[[str], bool], note: str | None = None) -> None:
    """Answer a tap and remove only the buttons ``drop`` selects (by callback data).

    For a digest of several reminders: acting on one leaves the others' buttons.
    """
    query = update.callback_query
    if query is None:
        return
    await outbox.emit(query.answer)
    message = query.message
    if not isinstance(message, Message) or message.text_html is None:
        return
    rows = [
        [b for b in row if not (b.callback_data and drop(str(b.callback_data)))]
        for row in (message.reply_markup.inline_keyboard if message.reply_markup else ())
    ]
    rows = [r for r in rows if r]
    markup = InlineKeyboardMarkup(rows) if rows else None
    text = message.text_html + (f"\n\n<i>{note}</i>" if note else "")

    async def edit() -> None:
        try:
            await query.edit_message_text(text, reply_markup=markup)
        except BadRequest as exc:
            _log.debug("could not update the buttons: %s", exc)

    await outbox.emit(edit)


async def help_command(update: Update, context: BotContext) -> None:
    await say(update, context, t(await lang_of(update, context), "help.text"))


async def cancel_outside(update: Update, context: BotContext) -> None:
    await say(update, context, t(await lang_of(update, context), "cancel.nothing"))


async def expired_button(update: Update, context: BotContext) -> None:
    """A tap on a button whose conversation step is over (or forged data)."""
    query = update.callback_query
    assert query is not None
    await query.answer(t(await lang_of(update, context), "common.expired"))


async def private_only(update: Update, context: BotContext) -> None:
    """In a group or channel: answer the first command once, leave, store nothing."""
    chat = update.effective_chat
    if chat is None or chat.type == ChatType.PRIVATE:
        return
    message = update.effective_message
    is_command = bool(
        message is not None
        and message.text
        and message.text.startswith("/")
    )
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
    try:
        lang = await lang_of(update, context)
    except Exception:  # the database itself may be what failed
        lang = choose_language(
            update.effective_user.language_code if update.effective_user else None
        )
    try:
        if update.callback_query is not None:
            await update.callback_query.answer()
        await context.bot.send_message(update.effective_chat.id, t(lang, "error.generic"))
    except Exception as exc:  # never let the error handler raise
        _log.warning("could not tell the user about the error: %s", html.escape(str(exc)))
