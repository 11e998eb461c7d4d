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


# Commands that don't leave the conversation in progress (the first two end it themselves).
KEEPS_CONVERSATION = frozenset({"/cancel", "/delete_me", "/help"})


def _conversations(app: Any) -> list[ConversationHandler[Any]]:
    return [h for h in app.handlers.get(0, []) if isinstance(h, ConversationHandler)]


async def end_other_conversations(update: Update, context: BotContext) -> None:
    """Starting one conversation ends the user's others.

    PTB runs one handler per group, and every conversation sits in group 0, so a
    conversation left open (say /adddebt, abandoned at the lender question) would
    otherwise keep taking the text meant for a newer one (/budget). This runs first
    (group -1) and ends the others, the way /cancel would, without a message.
    Uses ConversationHandler's ``_get_key``/``_update_state`` (PTB 22): there is no
    public way to end a conversation from outside it.
    """
    convs = _conversations(context.application)
    entering = [
        c for c in convs
        if any(h.check_update(update) not in (None, False) for h in c.entry_points)
    ]
    message = update.message
    command = (message.text or "").split(maxsplit=1)[0].split("@")[0] if message and message.text else ""
    switching = command.startswith("/") and command not in KEEPS_CONVERSATION
    if not entering and not switching:
        return
    for conv in convs:
        if conv in entering:
            continue
        try:
            key = conv._get_key(update)
        except RuntimeError:
            continue
        if key in conv._conversations:
            conv._update_state(ConversationHandler.END, key)


async def expire_conversations(context: BotContext) -> None:
    """End conversations idle for longer than their timeout (a job, every 10 minutes).

    PTB schedules a conversation's timeout when a step is taken, but not for states it
    restores from the database at startup; this covers those too, from ``updated_at``.
    """
    import json

    from handlers import CONVERSATION_TIMEOUTS
    from storage.repositories import ConversationRepository

    now = context.services.clock.now()
    for conv in _conversations(context.application):
        timeout = CONVERSATION_TIMEOUTS.get(conv.name or "")
        if timeout is None:
            continue
        async with context.services.uow() as s:
            rows = await ConversationRepository(s).load(conv.name or "")
        for row in rows:
            if row.updated_at < now - timeout:
                key = tuple(json.loads(row.key))
                if key in conv._conversations:
                    conv._update_state(ConversationHandler.END, key)
        async with context.services.uow() as s:
            await ConversationRepository(s).delete_older_than(conv.name or "", now - timeout)
