"""Telegram handlers: parse the update, call one service, render the reply."""

from __future__ import annotations

from datetime import timedelta

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from handlers import (
    budget,
    calendar,
    common,
    crisis,
    debt_views,
    debts,
    flow,
    nudges,
    offers,
    payments,
    plan,
    privacy,
    reminders,
    settings,
    start,
)
from handlers import callback_data as cb
from handlers.context import BotContext

# The command menu, in the order shown; descriptions are catalog keys cmd.<name>.
COMMANDS = (
    "start", "adddebt", "debts", "paid", "budget", "plan", "reminders", "calendar", "check",
    "help", "settings", "language", "cancel", "delete_me",
)

# Persistent conversations and their timeouts (the persistence drops older states).
CONVERSATION_TIMEOUTS: dict[str, timedelta] = {
    start.NAME: start.TIMEOUT,
    settings.NAME: settings.TIMEOUT,
    budget.NAME: budget.TIMEOUT,
    debts.NAME: debts.TIMEOUT,
    payments.NAME: payments.TIMEOUT,
    debt_views.AUTO_NAME: debt_views.AUTO_TIMEOUT,
    offers.NAME: offers.TIMEOUT,
}


async def unknown_text(update: Update, context: BotContext) -> None:
    from bot.i18n import t

    user = await common.current_user(update, context)
    lang = await common.lang_of(update, context, user)
    key = "common.unknown_text" if user is not None and user.onboarded else "common.not_registered"
    await common.say(update, context, t(lang, key))


async def on_my_chat_member(update: Update, context: BotContext) -> None:
    """A private chat's user blocked (kicked) or unblocked the bot."""
    member = update.my_chat_member
    if member is None or member.chat.type != "private":
        return
    active = member.new_chat_member.status not in ("kicked", "left")
    await context.services.users.update(member.chat.id, update.update_id, active=active)
    if active:
        await context.services.nudges.resume(member.chat.id)
    else:
        await context.services.nudges.pause(member.chat.id)


def register(app: Application) -> None:  # type: ignore[type-arg]
    # Group -10 runs first: in groups and channels, answer once, leave, store nothing.
    app.add_handler(TypeHandler(Update, common.private_only), group=-10)
    # Group -5: words of self-harm get the crisis line first; the update then goes on.
    crisis.register(app)
    # Group -1: entering a conversation ends the user's other conversations.
    app.add_handler(TypeHandler(Update, flow.end_other_conversations), group=-1)
    # Conversations come before the plain commands, so /cancel inside one ends it.
    app.add_handler(start.conversation())
    app.add_handler(settings.conversation())
    debts.register(app)
    payments.register(app)
    offers.register(app)
    budget.register(app)
    plan.register(app)
    nudges.register(app)
    reminders.register(app)
    calendar.register(app)
    app.add_handler(CommandHandler("help", common.help_command))
    app.add_handler(CommandHandler("language", settings.language_command))
    app.add_handler(CommandHandler("delete_me", privacy.delete_me))
    app.add_handler(CommandHandler("cancel", common.cancel_outside))
    app.add_handler(CallbackQueryHandler(settings.on_language, pattern=cb.LANGUAGE))
    app.add_handler(CallbackQueryHandler(privacy.on_delete, pattern=cb.DELETE))
    app.add_handler(ChatMemberHandler(on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
    # Last: a tap on a stale or forged button, and text nobody was waiting for.
    app.add_handler(CallbackQueryHandler(common.expired_button))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, unknown_text))
    app.add_handler(MessageHandler(filters.COMMAND, common.help_command))
    app.add_error_handler(common.on_error)
