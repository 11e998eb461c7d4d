"""/calendar: an iCalendar file of the next 12 months of due dates, with alarms.

Each event has a stable UID, so importing the file again updates the events
instead of duplicating them.
"""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot import outbox
from bot.calendar_ics import CalendarDebt, CalendarTexts, build_calendar
from bot.i18n import money, t
from bot.services.debts import minimum_due
from handlers.common import current_user, lang_of, say
from handlers.context import BotContext


def texts(lang: str) -> CalendarTexts:
    return CalendarTexts(
        calendar_name=t(lang, "calendar.name"),
        due_title=t(lang, "calendar.due_title"),
        due_title_amount=t(lang, "calendar.due_title_amount"),
        description=t(lang, "calendar.description"),
        alarm=t(lang, "calendar.alarm"),
    )


async def calendar(update: Update, context: BotContext) -> None:
    user = await current_user(update, context)
    lang = await lang_of(update, context, user)
    if user is None or not user.onboarded:
        await say(update, context, t(lang, "common.not_registered"))
        return
    services = context.services
    debts = await services.debts.list(user.id)
    if not debts:
        await say(update, context, t(lang, "plan.need_debts"))
        return
    view = await services.nudges.reminders(user)
    entries = []
    for debt in debts:
        amount = minimum_due(debt)
        text = money(amount, user.currency, lang) if amount else None
        entries.append(CalendarDebt.from_debt(debt, amount=amount, amount_text=text))
    ics = await asyncio.to_thread(
        build_calendar, entries, today=services.debts.today(user), tz=view.prefs.tz,
        lang_texts=texts(lang), reminder_offsets=view.prefs.due_offsets,
        reminder_hour=view.prefs.hour, now=services.clock.now(),
    )
    assert update.effective_chat is not None
    chat_id = update.effective_chat.id
    await outbox.emit(lambda: context.bot.send_document(
        chat_id, document=ics, filename="debt-coach.ics", caption=t(lang, "calendar.caption")))


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    app.add_handler(CommandHandler("calendar", calendar))
