"""Care first: words that suggest self-harm get the crisis line for the user's region,
before anything else, and then the bot carries on helping (shared/domain/crisis.md)."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import Application, ApplicationHandlerStop, MessageHandler, filters

from bot.i18n import t
from coach.crisis import lines_for, suggests_self_harm
from handlers.common import current_user, lang_of, say
from handlers.context import BotContext


async def check(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None or not message.text or not suggests_self_harm(message.text):
        return
    user = await current_user(update, context)
    lang = await lang_of(update, context, user)
    lines = [t(lang, "crisis.care")]
    found = lines_for(user.region if user else ("cn" if lang == "zh_CN" else None))
    lines += [t(lang, "crisis.line", number=line.number, what=t(lang, line.what)) for line in found]
    if not found:
        lines.append(t(lang, "crisis.other"))
    lines.append(t(lang, "crisis.after"))
    await say(update, context, "\n".join(lines))
    # Nothing else answers this message: it is not a lender name or an amount, and a
    # conversation in progress waits at the same step for when they are ready.
    raise ApplicationHandlerStop


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    # Its own group: it answers first and lets the update go on to the normal handlers.
    app.add_handler(MessageHandler(filters.TEXT & filters.ChatType.PRIVATE, check), group=-5)


__all__ = ["ChatType", "register"]
