"""Care first: words that suggest self-harm get the crisis line for the user's region,
before anything else, and then the bot carries on helping (shared/domain/crisis.md).

A collector's "go and die", quoted by the user, gets a short word of care and the same
lines, and the message goes on to the other handlers. This runs before every other
handler (group -5), in and out of conversations, on text and captions.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, MessageHandler, filters

from handlers.context import BotContext
from handlers.conversation import Turn

_log = logging.getLogger(__name__)
GROUP = -5


async def check(update: Update, context: BotContext) -> None:
    message = update.effective_message
    text = (message.text or message.caption) if message else None
    if not text:
        return
    turn = await Turn.of(update, context)
    care = await turn.services.crisis.care(turn.uid, text, turn.lang)
    if care is None:
        return
    lines = [turn.t("crisis.threat_care" if care.quoted_threat else "crisis.care")]
    lines += [turn.t("crisis.line", number=line.number, what=turn.t(line.what)) for line in care.lines]
    if not care.lines:
        lines.append(turn.t("crisis.other"))
    if not care.quoted_threat:
        lines.append(turn.t("crisis.after"))
    await turn.say("\n".join(lines))
    if care.quoted_threat:
        # Someone else's words: logged as a threat (not the message itself); care is
        # offered and the message still goes on to the other handlers.
        _log.warning("crisis: quoted threat (%s) from user %s", care.category, turn.uid)
        return
    # Nothing else answers this message: it is not a lender name or an amount, and a
    # conversation in progress waits at the same step for when they are ready.
    raise ApplicationHandlerStop


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    private = filters.ChatType.PRIVATE
    app.add_handler(MessageHandler((filters.TEXT | filters.CAPTION) & private, check), group=GROUP)
