"""/reminders: what's coming in the next 14 days, and when and which reminders come.

Every choice is a button and saves at once (bot/services/reminders.py). What is coming is
paged (handlers/pager.py); an hour inside quiet hours says when those reminders come.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.i18n import local_datetime
from bot.services.base import Refusal
from bot.services.nudges import ALL_KINDS
from bot.services.reminders import CHECKIN_HOURS, HOURS, OFFSET_PRESETS, Reminders
from coach.nudges import next_allowed
from coach.timezones import format_minutes, zone
from handlers import callback_data as cb
from handlers.context import BotContext
from handlers.conversation import Turn, columns
from handlers.nudge_render import line
from handlers.pager import nav_row, page_title


async def _show(turn: Turn, view: Reminders | Refusal) -> None:
    if await turn.explain(view):
        return
    assert isinstance(view, Reminders)
    lang, prefs = turn.lang, view.prefs
    tz = zone(prefs.tz)
    lines = [page_title(lang, "reminders.title", view.page)]
    if view.upcoming:
        for n in view.upcoming:
            # When it will really go: a catch-up now, and never inside quiet hours.
            at = next_allowed(max(n.due_at, view.now), prefs)
            when = local_datetime(at.astimezone(tz), lang)
            lines.append(f"• <b>{when}</b> — {line(view.profile, n)}")
    else:
        lines.append(turn.t("reminders.none"))
    weekday = (turn.t(f"weekday.{prefs.checkin_weekday}") if prefs.checkin_weekday is not None
               else turn.t("quiet.off"))
    quiet = (f"{format_minutes(prefs.quiet_start)}–{format_minutes(prefs.quiet_end)}"
             if prefs.quiet_start is not None and prefs.quiet_end is not None else turn.t("quiet.off"))
    joiner = "、" if lang == "zh_CN" else ", "
    kinds = joiner.join(turn.t(f"kind.{k}") for k in ALL_KINDS if k in prefs.kinds) or "—"
    lines += ["", turn.t("reminders.settings", hour=f"{prefs.hour:02d}:00",
                         offsets="/".join(str(o) for o in prefs.due_offsets), checkin=weekday,
                         checkin_hour=f"{prefs.checkin_hour:02d}:00", quiet=quiet, kinds=kinds)]
    if view.quiet is not None and prefs.quiet_start is not None and prefs.quiet_end is not None:
        hour = prefs.hour if view.quiet == "hour" else prefs.checkin_hour
        lines += ["", turn.t("reminders.quiet_note", hour=f"{hour:02d}:00", quiet=quiet,
                             end=format_minutes(prefs.quiet_end))]
    await turn.say("\n".join(lines), [
        nav_row(lang, view.page, cb.REM_PAGE),
        [(turn.t("btn.rem_hour"), cb.REM_MENU("hour")), (turn.t("btn.rem_offsets"), cb.REM_MENU("offsets"))],
        [(turn.t("btn.rem_checkin"), cb.REM_MENU("checkin")), (turn.t("btn.rem_kinds"), cb.REM_MENU("kinds"))],
    ])


async def show(update: Update, context: BotContext) -> None:
    """/reminders, or a page of it (Previous / Next)."""
    turn = await Turn.of(update, context)
    await turn.close()
    page = cb.REM_PAGE.id(turn.data) if cb.REM_PAGE.matches(turn.data) else 0
    await _show(turn, await turn.services.reminders.view(turn.uid, page or 0))


async def on_menu(update: Update, context: BotContext) -> None:
    turn = await Turn.of(update, context)
    item = cb.REM_MENU.value(turn.data)
    await turn.close()
    if item == "hour":
        await turn.say(turn.t("reminders.q.hour"),
                       columns([(f"{h:02d}:00", cb.REM_HOUR(h)) for h in HOURS], 4))
    elif item == "offsets":
        await turn.say(turn.t("reminders.q.offsets"), columns(
            [(turn.t("reminders.offsets", days=p.replace(",", "/")), cb.REM_OFFSETS(p))
             for p in OFFSET_PRESETS], 2))
    elif item == "checkin":
        days = [(turn.t(f"weekday.{d}"), cb.REM_CHECKIN(d)) for d in range(7)]
        await turn.say(turn.t("reminders.q.checkin"),
                       [*columns(days, 4), [(turn.t("quiet.off"), cb.REM_CHECKIN("off"))]])
    else:
        choices = await turn.services.reminders.choices(turn.uid)
        await turn.say(turn.t("reminders.q.kinds"), [
            [(("✅ " if k in choices.kinds else "⬜ ") + turn.t(f"kind.{k}"), cb.REM_KIND(k))]
            for k in ALL_KINDS])


async def on_hour(update: Update, context: BotContext) -> None:
    turn = await Turn.of(update, context)
    await turn.close()
    await _show(turn, await turn.services.reminders.set_hour(turn.uid, int(cb.REM_HOUR.value(turn.data) or 99)))


async def on_offsets(update: Update, context: BotContext) -> None:
    turn = await Turn.of(update, context)
    await turn.close()
    await _show(turn, await turn.services.reminders.set_offsets(turn.uid, cb.REM_OFFSETS.value(turn.data) or ""))


async def on_checkin(update: Update, context: BotContext) -> None:
    """The check-in day; then, unless it was turned off, its hour."""
    turn = await Turn.of(update, context)
    choice = cb.REM_CHECKIN.value(turn.data)
    if choice == "off":
        await turn.close()
        await _show(turn, await turn.services.reminders.set_checkin_day(turn.uid, None))
        return
    weekday = int(choice or 0)
    result = await turn.services.reminders.set_checkin_day(turn.uid, weekday)
    if await turn.explain(result):
        return
    await turn.close(turn.t(f"weekday.{weekday}"))
    await turn.say(turn.t("reminders.q.checkin_hour"),
                   columns([(f"{h:02d}:00", cb.REM_CHECKIN_HOUR(h)) for h in CHECKIN_HOURS], 5))


async def on_checkin_hour(update: Update, context: BotContext) -> None:
    turn = await Turn.of(update, context)
    await turn.close()
    hour = int(cb.REM_CHECKIN_HOUR.value(turn.data) or 99)
    await _show(turn, await turn.services.reminders.set_checkin_hour(turn.uid, hour))


async def on_kind(update: Update, context: BotContext) -> None:
    turn = await Turn.of(update, context)
    await turn.close()
    await _show(turn, await turn.services.reminders.toggle_kind(turn.uid, cb.REM_KIND.value(turn.data) or ""))


def general() -> list[BaseHandler[Any, Any, Any]]:
    return [
        CommandHandler("reminders", show),
        CallbackQueryHandler(show, pattern=cb.REM_PAGE.pattern),
        CallbackQueryHandler(on_menu, pattern=cb.REM_MENU.pattern),
        CallbackQueryHandler(on_hour, pattern=cb.REM_HOUR.pattern),
        CallbackQueryHandler(on_offsets, pattern=cb.REM_OFFSETS.pattern),
        CallbackQueryHandler(on_checkin, pattern=cb.REM_CHECKIN.pattern),
        CallbackQueryHandler(on_checkin_hour, pattern=cb.REM_CHECKIN_HOUR.pattern),
        CallbackQueryHandler(on_kind, pattern=cb.REM_KIND.pattern),
    ]
