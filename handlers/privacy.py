"""/delete_me: erase the user and everything stored about them, after a confirmation."""

from __future__ import annotations

from telegram import Update

from bot.i18n import t
from handlers import callback_data as cb
from handlers.common import END, close_buttons, current_user, lang_of, say
from handlers.context import BotContext
from handlers.keyboards import keyboard


async def delete_me(update: Update, context: BotContext) -> int:
    """Ask for confirmation. Also a fallback of every conversation, which it ends."""
    lang = await lang_of(update, context)
    await say(
        update,
        context,
        t(lang, "delete.confirm"),
        keyboard(
            [(t(lang, "btn.delete_yes"), cb.data("del", "yes"))],
            [(t(lang, "btn.delete_no"), cb.data("del", "no"))],
        ),
    )
    return END


async def on_delete(update: Update, context: BotContext) -> None:
    assert update.callback_query is not None and update.effective_user is not None
    m = cb.DELETE.match(update.callback_query.data or "")
    assert m
    user = await current_user(update, context)
    lang = await lang_of(update, context, user)
    if m.group(1) == "no":
        await close_buttons(update, t(lang, "btn.delete_no"))
        await say(update, context, t(lang, "delete.kept"))
        return
    await close_buttons(update, t(lang, "btn.delete_yes"))
    erased = await context.services.users.erase(update.effective_user.id, update.update_id)
    await say(update, context, t(lang, "delete.done" if erased else "delete.nothing"))
