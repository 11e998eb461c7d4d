"""/reminders: what's coming in the next 14 days, and when and which reminders come.

Every choice is a button and saves at once (then the user's nudges are re-planned).
Quiet hours live in /settings, shared with everything else that is sent.
"""

from __future__ import annotations

import json
import re
from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.i18n import local_datetime, t
from bot.services.nudges import ALL_KINDS
from coach.timezones import format_minutes, zone
from handlers.common import close_buttons, lang_of, say
from handlers.context import BotContext
from handlers.flow import onboarded_user as _user
from handlers.keyboards import columns, keyboard

MENU = re.compile(r"^rm:(hour|offsets|checkin|kinds)$")
HOUR = re.compile(r"^rm:h:(\d{1,2})$")
OFFSETS = re.compile(r"^rm:o:([0-9,]{1,12})$")
CHECKIN = re.compile(r"^rm:w:([0-6]|off)$")
CHECKIN_HOUR = re.compile(r"^rm:ch:(\d{1,2})$")
CHECKIN_HOURS = (9, 12, 18, 20, 21)
KIND = re.compile(r"^rm:k:(due|overdue|checkin|review)$")
HOURS = (7, 8, 9, 10, 12, 18, 20)
OFFSET_PRESETS = ("3,1,0", "7,3,1,0", "1,0", "0")
MAX_LISTED = 12  # a phone screen, and well under Telegram's 4096 characters


async def show(update: Update, context: BotContext) -> None:
    user = await _user(update, context)
    if user is None:
        return
    await close_buttons(update)
    lang = user.language
    view = await context.services.nudges.reminders(user)
    prefs = view.prefs
    tz = zone(prefs.tz)
    lines = [t(lang, "reminders.title")]
    if view.upcoming:
        from handlers.nudge_render import line
        from storage.nudges import Claimed

        now = context.services.clock.now()
        for n in view.upcoming[:MAX_LISTED]:
            row = Claimed(n.id or 0, n.user_id, n.kind, n.subject, n.dedupe_key, n.due_at, n.attempts,
                          json.loads(n.params))
            when = local_datetime(max(n.due_at, now).astimezone(tz), lang)  # a catch-up: now
            lines.append(f"• <b>{when}</b> — {line(user, row)}")
        if len(view.upcoming) > MAX_LISTED:
            lines.append(t(lang, "plan.more_actions", n=len(view.upcoming) - MAX_LISTED))
    else:
        lines.append(t(lang, "reminders.none"))
    weekday = (t(lang, f"weekday.{prefs.checkin_weekday}") if prefs.checkin_weekday is not None
               else t(lang, "quiet.off"))
    quiet = (f"{format_minutes(prefs.quiet_start)}–{format_minutes(prefs.quiet_end)}"
             if prefs.quiet_start is not None and prefs.quiet_end is not None else t(lang, "quiet.off"))
    kinds = "、".join if lang == "zh_CN" else ", ".join
    lines += ["", t(lang, "reminders.settings", hour=f"{prefs.hour:02d}:00",
                    offsets="/".join(str(o) for o in prefs.due_offsets), checkin=weekday,
                    checkin_hour=f"{prefs.checkin_hour:02d}:00", quiet=quiet,
                    kinds=kinds(t(lang, f"kind.{k}") for k in ALL_KINDS if k in prefs.kinds) or "—")]
    await say(update, context, "\n".join(lines), keyboard(
        [(t(lang, "btn.rem_hour"), "rm:hour"), (t(lang, "btn.rem_offsets"), "rm:offsets")],
        [(t(lang, "btn.rem_checkin"), "rm:checkin"), (t(lang, "btn.rem_kinds"), "rm:kinds")],
    ))


async def on_menu(update: Update, context: BotContext) -> None:
    assert update.callback_query is not None
    user = await _user(update, context)
    if user is None:
        return
    lang = user.language
    item = (update.callback_query.data or "").split(":")[1]
    await close_buttons(update)
    if item == "hour":
        await say(update, context, t(lang, "reminders.q.hour"),
                  keyboard(*columns([(f"{h:02d}:00", f"rm:h:{h}") for h in HOURS], 4)))
    elif item == "offsets":
        await say(update, context, t(lang, "reminders.q.offsets"), keyboard(
            *columns([(t(lang, "reminders.offsets", days=p.replace(",", "/")), f"rm:o:{p}")
                      for p in OFFSET_PRESETS], 2)))
    elif item == "checkin":
        days = [(t(lang, f"weekday.{d}"), f"rm:w:{d}") for d in range(7)]
        await say(update, context, t(lang, "reminders.q.checkin"),
                  keyboard(*columns(days, 4), [(t(lang, "quiet.off"), "rm:w:off")]))
    else:
        view = await context.services.nudges.reminders(user)
        await say(update, context, t(lang, "reminders.q.kinds"), keyboard(*[
            [(("✅ " if k in view.prefs.kinds else "⬜ ") + t(lang, f"kind.{k}"), f"rm:k:{k}")] for k in ALL_KINDS]))


async def _save(update: Update, context: BotContext, **fields: Any) -> None:
    assert update.effective_user is not None
    await context.services.nudges.update_settings(update.effective_user.id, update.update_id, **fields)
    await show(update, context)


async def on_hour(update: Update, context: BotContext) -> None:
    m = HOUR.match(update.callback_query.data or "") if update.callback_query else None
    if m and int(m.group(1)) < 24:
        await _save(update, context, hour=int(m.group(1)))


async def on_offsets(update: Update, context: BotContext) -> None:
    m = OFFSETS.match(update.callback_query.data or "") if update.callback_query else None
    if m and m.group(1) in OFFSET_PRESETS:
        await _save(update, context, due_offsets=m.group(1))


async def on_checkin(update: Update, context: BotContext) -> None:
    """The check-in day; then, unless it was turned off, its hour."""
    m = CHECKIN.match(update.callback_query.data or "") if update.callback_query else None
    if not m:
        return
    if m.group(1) == "off":
        await _save(update, context, checkin_weekday=None)
        return
    assert update.effective_user is not None
    await context.services.nudges.update_settings(update.effective_user.id, update.update_id,
                                                  checkin_weekday=int(m.group(1)))
    lang = await lang_of(update, context)
    await close_buttons(update, t(lang, f"weekday.{m.group(1)}"))
    await say(update, context, t(lang, "reminders.q.checkin_hour"),
              keyboard(*columns([(f"{h:02d}:00", f"rm:ch:{h}") for h in CHECKIN_HOURS], 5)))


async def on_checkin_hour(update: Update, context: BotContext) -> None:
    m = CHECKIN_HOUR.match(update.callback_query.data or "") if update.callback_query else None
    if m and int(m.group(1)) < 24:
        await _save(update, context, checkin_hour=int(m.group(1)))


async def on_kind(update: Update, context: BotContext) -> None:
    user = await _user(update, context)
    m = KIND.match(update.callback_query.data or "") if update.callback_query else None
    if user is None or m is None:
        return
    view = await context.services.nudges.reminders(user)
    kinds = set(view.prefs.kinds) ^ {m.group(1)}
    await _save(update, context, kinds=",".join(k for k in ALL_KINDS if k in kinds))


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    app.add_handler(CommandHandler("reminders", show))
    app.add_handler(CallbackQueryHandler(on_menu, pattern=MENU))
    app.add_handler(CallbackQueryHandler(on_hour, pattern=HOUR))
    app.add_handler(CallbackQueryHandler(on_offsets, pattern=OFFSETS))
    app.add_handler(CallbackQueryHandler(on_checkin, pattern=CHECKIN))
    app.add_handler(CallbackQueryHandler(on_checkin_hour, pattern=CHECKIN_HOUR))
    app.add_handler(CallbackQueryHandler(on_kind, pattern=KIND))
