"""Care first: words that suggest self-harm get the crisis line for the user's region,
before anything else, and then the bot carries on helping (shared/domain/crisis.md).

A collector's "go and die", quoted by the user, gets a short word of care and the same
lines, and the message goes on to the other handlers."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import Application, ApplicationHandlerStop, MessageHandler, filters

from bot.i18n import t
from coach.crisis import assess, lines_for
from handlers.common import current_user, lang_of, say
from handlers.context import BotContext

_log = logging.getLogger(__name__)


async def check(update: Update, context: BotContext) -> None:
    message = update.effective_message
    text = (message.text or message.caption) if message else None
    signal = assess(text) if text else None
    if signal is None:
        return
    user = await current_user(update, context)
    lang = await lang_of(update, context, user)
    threat = signal.kind == "quoted_threat"
    lines = [t(lang, "crisis.threat_care" if threat else "crisis.care")]
    found = lines_for(user.region if user else ("cn" if lang == "zh_CN" else None))
    lines += [t(lang, "crisis.line", number=line.number, what=t(lang, line.what)) for line in found]
    if not found:
        lines.append(t(lang, "crisis.other"))
    if not threat:
        lines.append(t(lang, "crisis.after"))
    await say(update, context, "\n".join(lines))
    if threat:
        # Someone else's words: logged as a threat (not the message itself); care is
        # offered and the message still goes on to the other handlers.
        _log.warning("crisis: quoted threat (%s) from user %s", signal.category,
                     update.effective_user.id if update.effective_user else None)
        return
    # Nothing else answers this message: it is not a lender name or an amount, and a
    # conversation in progress waits at the same step for when they are ready.
    raise ApplicationHandlerStop


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    # Its own group: it answers first and lets the update go on to the normal handlers.
    app.add_handler(MessageHandler((filters.TEXT | filters.CAPTION) & filters.ChatType.PRIVATE, check),
                    group=-5)


__all__ = ["ChatType", "register"]
