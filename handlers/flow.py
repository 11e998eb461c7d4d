"""What every conversation shares: /cancel and /delete_me fallbacks, re-entry,
persistence with a timeout, and the "set up first" check."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, ConversationHandler

from bot.i18n import t
from handlers.common import END, current_user, lang_of, say
from handlers.context import BotContext
from handlers.privacy import delete_me
from storage.models import User

Callback = Callable[[Update, BotContext], Coroutine[Any, Any, Any]]


def cancel_handler(draft: str | None, message: str = "cancel.done") -> Callback:
    """/cancel inside a conversation: drop its draft (nothing unconfirmed is kept) and say so."""

    async def cancel(update: Update, context: BotContext) -> int:
        assert update.effective_user is not None
        if draft is not None:
            await context.services.drafts.clear(update.effective_user.id, draft, update.update_id)
        await say(update, context, t(await lang_of(update, context), message))
        return END

    return cancel


def conversation(
    name: str,
    entry_points: Sequence[BaseHandler[Any, Any, Any]],
    states: dict[object, list[BaseHandler[Any, Any, Any]]],
    *,
    timeout: timedelta,
    cancel: Callback,
) -> ConversationHandler[BotContext]:
    return ConversationHandler(
        entry_points=list(entry_points),
        states=states,
        fallbacks=[CommandHandler("cancel", cancel), CommandHandler("delete_me", delete_me)],
        allow_reentry=True,
        name=name,
        persistent=True,
        conversation_timeout=timeout,
    )


async def onboarded_user(update: Update, context: BotContext) -> User | None:
    """The user when set up (/start done); otherwise ask them to /start and return None."""
    user = await current_user(update, context)
    if user is None or not user.onboarded:
        await say(update, context, t(await lang_of(update, context, user), "common.not_registered"))
        return None
    return user
