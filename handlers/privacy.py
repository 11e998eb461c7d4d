"""/delete_me: erase the user and everything stored about them, after a confirmation."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from handlers import callback_data as cb
from handlers.context import BotContext
from handlers.conversation import Turn


async def delete_me(update: Update, context: BotContext) -> None:
    """Ask for confirmation (a conversation in progress is ended by its switch fallback)."""
    turn = await Turn.of(update, context)
    await turn.say(turn.t("delete.confirm"), [[(turn.t("btn.delete_yes"), cb.DELETE("yes"))],
                                               [(turn.t("btn.delete_no"), cb.DELETE("no"))]])


async def on_delete(update: Update, context: BotContext) -> None:
    turn = await Turn.of(update, context)
    if cb.DELETE.value(turn.data) != "yes":
        await turn.close(turn.t("btn.delete_no"))
        await turn.say(turn.t("delete.kept"))
        return
    await turn.close(turn.t("btn.delete_yes"))
    erased = await turn.services.privacy.erase(turn.uid)
    await turn.say(turn.t("delete.done" if erased else "delete.nothing"))


def general() -> list[BaseHandler[Any, Any, Any]]:
    return [CommandHandler("delete_me", delete_me),
            CallbackQueryHandler(on_delete, pattern=cb.DELETE.pattern)]
