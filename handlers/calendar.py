"""/calendar: an iCalendar file of the next 12 months of due dates, with alarms.

Each event has a stable UID, so importing the file again updates the events instead of
duplicating them.
"""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from bot import outbox
from bot.calendar_ics import CalendarDebt, CalendarTexts, build_calendar
from bot.i18n import money
from bot.services.calendar import CalendarData, NoDebts
from handlers.context import BotContext
from handlers.conversation import Turn


def texts(turn: Turn) -> CalendarTexts:
    return CalendarTexts(
        calendar_name=turn.t("calendar.name"),
        due_title=turn.t("calendar.due_title"),
        due_title_amount=turn.t("calendar.due_title_amount"),
        description=turn.t("calendar.description"),
        alarm=turn.t("calendar.alarm"),
    )


async def calendar(update: Update, context: BotContext) -> None:
    turn = await Turn.of(update, context)
    data = await turn.services.calendar.data(turn.uid)
    if await turn.explain(data):
        return
    if isinstance(data, NoDebts):
        await turn.say(turn.t("plan.need_debts"))
        return
    assert isinstance(data, CalendarData)
    entries = []
    for debt in data.debts:
        amount = data.amounts.get(debt.id)
        text = money(amount, turn.currency, turn.lang) if amount else None
        regular = debt.minimum_due()  # each later month: the minimum or instalment
        later = money(regular, turn.currency, turn.lang) if regular else None
        entries.append(CalendarDebt.from_debt(debt, amount=amount, amount_text=text,
                                              later_text=later))
    ics = await asyncio.to_thread(
        build_calendar, entries, today=data.today, tz=data.prefs.tz, lang_texts=texts(turn),
        reminder_offsets=data.prefs.due_offsets, reminder_hour=data.prefs.hour, now=data.now,
    )
    chat = turn.update.effective_chat
    assert chat is not None
    bot, caption = turn.context.bot, turn.t("calendar.caption")
    await outbox.emit(lambda: bot.send_document(chat.id, document=ics, filename="debt-coach.ics",
                                                caption=caption))


def general() -> list[BaseHandler[Any, Any, Any]]:
    return [CommandHandler("calendar", calendar)]
