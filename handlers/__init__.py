"""Telegram handlers: parse the update, call one service step, render the result.

One module per feature, named as its service (handlers/<feature>.py ->
bot/services/<feature>.py). The order of registration matters and is set here:

* group -10: groups and channels get one message and the bot leaves (stores nothing);
* group -5: words of self-harm get the crisis line first (handlers/crisis.py);
* group -4: an edited message: the open flow's last answer read again, or "edits
  aren't applied" (handlers/chat.py); nothing else sees an edit;
* groups 1..n: one conversation each, so every conversation sees each update (a
  command or another flow's button ends the one in progress, handlers/conversation.py);
* group 50: the commands and buttons outside conversations;
* group 99: the catch-alls, only for what nothing else took.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.ext import Application, BaseHandler, ConversationHandler, TypeHandler

from handlers import (
    arrears,
    budget,
    calendar,
    chat,
    contact_records,
    contacts,
    crisis,
    debts,
    general,
    negotiate,
    nudges,
    offers,
    payments,
    plan,
    privacy,
    reminders,
    settings,
    start,
)
from handlers.context import BotContext
from handlers.conversation import unless_handled
from handlers.ptb_adapter import active_keys, end_conversation

# The command menu, in the order shown; descriptions are catalog keys cmd.<name>.
COMMANDS = (
    "start", "adddebt", "debts", "paid", "budget", "plan", "negotiate", "log", "contacts",
    "reminders", "calendar", "check", "help", "settings", "language", "cancel", "delete_me",
)
GENERAL_GROUP, CATCH_ALL_GROUP = 50, 99


@dataclass(frozen=True)
class Conversation:
    """One flow: its name (the persistence key and its draft's kind), timeout, states."""

    name: str
    timeout: timedelta
    states: tuple[str, ...]
    build: Callable[[Callable[[], Sequence[BaseHandler[Any, Any, Any]]]], ConversationHandler[BotContext]]
    draft: str | None


CONVERSATIONS: tuple[Conversation, ...] = (
    Conversation(start.NAME, start.TIMEOUT, start.STATES, start.build, "onboarding"),
    Conversation(settings.NAME, settings.TIMEOUT, settings.STATES, settings.build, None),
    Conversation(debts.NAME, debts.TIMEOUT, debts.STATES, debts.build, "adddebt"),
    Conversation(debts.AUTO_NAME, debts.AUTO_TIMEOUT, debts.AUTO_STATES, debts.build_auto,
                 "autodebit"),
    Conversation(payments.NAME, payments.TIMEOUT, payments.STATES, payments.build, "paid"),
    Conversation(offers.NAME, offers.TIMEOUT, offers.STATES, offers.build, "offer_check"),
    Conversation(budget.NAME, budget.TIMEOUT, budget.STATES, budget.build, "budget"),
    Conversation(negotiate.NAME, negotiate.TIMEOUT, negotiate.STATES, negotiate.build,
                 "negotiate"),
    Conversation(contacts.NAME, contacts.TIMEOUT, contacts.STATES, contacts.build, "log"),
    Conversation(plan.NAME, plan.TIMEOUT, plan.STATES, plan.build, "whatif"),
    Conversation(arrears.NAME, arrears.TIMEOUT, arrears.STATES, arrears.build, "correction"),
)
# Persistent conversations and their timeouts (the persistence drops older states).
CONVERSATION_TIMEOUTS: dict[str, timedelta] = {c.name: c.timeout for c in CONVERSATIONS}
#: What each conversation's stored state may be (anything else is dropped at load).
CONVERSATION_STATES: dict[str, frozenset[str]] = {c.name: frozenset(c.states) for c in CONVERSATIONS}
#: Drafts and how long they may live: as long as their conversation; the last answer
#: (for an edit) and an offer made in the chat, a day.
DRAFT_TIMEOUTS: dict[str, timedelta] = {
    **{c.draft: c.timeout for c in CONVERSATIONS if c.draft},
    "last_answer": timedelta(days=1),
    "chat_offer": timedelta(days=1),
}
#: Each conversation's draft kind.
CONVERSATION_DRAFTS: dict[str, str] = {c.name: c.draft for c in CONVERSATIONS if c.draft}


def conversations(app: Application[Any, Any, Any, Any, Any, Any]) -> list[ConversationHandler[Any]]:
    return [h for group in app.handlers.values() for h in group if isinstance(h, ConversationHandler)]


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    app.add_handler(TypeHandler(Update, general.private_only), group=-10)
    crisis.register(app)
    chat.register(app)
    built: list[ConversationHandler[BotContext]] = []
    for i, conv in enumerate(CONVERSATIONS, start=1):

        def others(mine: int = i - 1) -> list[BaseHandler[Any, Any, Any]]:
            return [h for j, c in enumerate(built) if j != mine for h in c.entry_points]

        handler = conv.build(others)
        built.append(handler)
        app.add_handler(handler, group=i)
    for module in (general, start, settings, privacy, debts, payments, budget, plan, nudges,
                   reminders, calendar, offers, negotiate, contacts, contact_records, arrears,
                   chat):
        for h in module.general():
            app.add_handler(unless_handled(h), group=GENERAL_GROUP)
    for h in general.catch_alls():
        app.add_handler(unless_handled(h), group=CATCH_ALL_GROUP)
    app.add_error_handler(general.on_error)


async def expire_conversations(context: BotContext) -> None:
    """End conversations idle for longer than their timeout, and delete their drafts.

    A job, every 10 minutes. PTB schedules a conversation's timeout when a step is taken,
    but not for states restored from the database at startup; this covers those too,
    from the stored ``updated_at``, and any draft left older than its conversation's
    timeout (nothing unconfirmed outlives its conversation).
    """
    services = context.services
    stale = await services.drafts_janitor.expire(CONVERSATION_TIMEOUTS, DRAFT_TIMEOUTS)
    for conv in conversations(context.application):
        keys = {tuple(json.loads(k)) for k in stale.get(conv.name or "", ())}
        for key in keys & active_keys(conv):
            end_conversation(conv, key)
