"""The buttons on nudges: Paid (in handlers/payments.py), Snooze, Can't pay, Mute; check-ins.

Every button names a nudge id; the service looks it up for the tapping user only.
Each acts once: snoozing twice moves the same row; muting twice mutes once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler

from bot import outbox
from bot.i18n import local_datetime, money, t
from handlers.common import close_buttons, close_rows, current_user, lang_of, say
from handlers.context import BotContext
from handlers.plan_render import agenda_lines
from storage.models import Nudge, User

SNOOZE = re.compile(r"^nu:s:(\d{1,9}):(h|d)$")
CANT = re.compile(r"^nu:c:(\d{1,9})$")
MUTE = re.compile(r"^nu:m:(\d{1,9})$")
CHECKIN = re.compile(r"^nu:ci:(\d{1,9}):(less|same|more)$")
PLAN = re.compile(r"^nu:plan$")
UNMUTE = re.compile(r"^debt:unmute:(\d{1,9})$")


def of_nudge(nudge_id: int) -> Callable[[str], bool]:
    """Selects the buttons of one nudge (``nu:<action>:<id>[:...]``) in a digest."""
    pattern = re.compile(rf"^nu:[a-z]+:{nudge_id}(:|$)")
    return lambda data: bool(pattern.match(data))


async def _owned(update: Update, context: BotContext, pattern: re.Pattern[str]) -> tuple[User, Nudge, re.Match[str]] | None:
    query = update.callback_query
    assert query is not None
    user = await current_user(update, context)
    m = pattern.match(query.data or "")
    nudge = await context.services.nudges.nudge(user.id, int(m.group(1))) if user and m else None
    if user is None or nudge is None or m is None:
        lang = await lang_of(update, context, user)
        await query.answer(t(lang, "nudge.gone"), show_alert=True)
        return None
    return user, nudge, m


async def on_snooze(update: Update, context: BotContext) -> None:
    found = await _owned(update, context, SNOOZE)
    if found is None:
        return
    user, nudge, m = found
    until = await context.services.nudges.snooze(user, nudge.id or 0, m.group(2) == "d", update.update_id)
    if until is None:
        return
    when = local_datetime(until, user.language)
    await close_rows(update, of_nudge(nudge.id or 0), t(user.language, "nudge.snoozed", when=when))


async def on_cant_pay(update: Update, context: BotContext) -> None:
    """What to say to the lender, built from the plan's agenda when money falls short."""
    found = await _owned(update, context, CANT)
    if found is None:
        return
    user, nudge, _ = found
    lang = user.language
    params: dict[str, Any] = nudge_params(nudge)
    await outbox.emit(update.callback_query.answer)  # type: ignore[union-attr]
    lender = params.get("name", "")
    lines = [t(lang, "nudge.cant_title", lender=lender)]
    view = await context.services.plans.view(user)
    debt_id = int(params.get("debt_id", 0) or 0)
    if view is not None and view.agenda is not None and any(i.debt_id == debt_id for i in view.agenda.items):
        from dataclasses import replace

        mine = replace(view.agenda, items=tuple(i for i in view.agenda.items if i.debt_id == debt_id))
        lines += agenda_lines(lang, user, view, mine)[1:]
    else:
        amount = money(Decimal(params["amount"]), user.currency, lang) if params.get("amount") else "—"
        lines.append(t(lang, "nudge.cant_generic", lender=lender, amount=amount))
    lines.append(t(lang, "nudge.cant_no_new_loan"))
    await say(update, context, "\n".join(lines))


def nudge_params(nudge: Nudge) -> dict[str, Any]:
    import json

    data: dict[str, Any] = json.loads(nudge.params or "{}")
    return data


async def on_mute(update: Update, context: BotContext) -> None:
    found = await _owned(update, context, MUTE)
    if found is None:
        return
    user, nudge, _ = found
    params = nudge_params(nudge)
    await context.services.nudges.mute_debt(user.id, int(params.get("debt_id", 0) or 0), True, update.update_id)
    await close_rows(update, of_nudge(nudge.id or 0), t(user.language, "nudge.muted", name=params.get("name", "")))


async def on_unmute(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    user = await current_user(update, context)
    m = UNMUTE.match(query.data or "")
    if user is None or m is None:
        await query.answer()
        return
    debt = await context.services.debts.get(user.id, int(m.group(1)))
    if debt is None:
        await query.answer(t(user.language, "debts.not_found"), show_alert=True)
        return
    await context.services.nudges.mute_debt(user.id, debt.id or 0, False, update.update_id)
    await close_buttons(update, t(user.language, "nudge.unmuted", name=debt.lender))


async def on_checkin(update: Update, context: BotContext) -> None:
    found = await _owned(update, context, CHECKIN)
    if found is None:
        return
    user, nudge, m = found
    await context.services.nudges.answer(user.id, nudge.id or 0, m.group(2), update.update_id)
    await close_rows(update, of_nudge(nudge.id or 0), t(user.language, f"btn.checkin_{m.group(2)}"))
    await say(update, context, t(user.language, f"checkin.noted_{m.group(2)}"))


async def on_plan(update: Update, context: BotContext) -> None:
    from handlers.plan import show_plan

    if update.callback_query:
        await outbox.emit(update.callback_query.answer)
    await show_plan(update, context)


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    app.add_handler(CallbackQueryHandler(on_snooze, pattern=SNOOZE))
    app.add_handler(CallbackQueryHandler(on_cant_pay, pattern=CANT))
    app.add_handler(CallbackQueryHandler(on_mute, pattern=MUTE))
    app.add_handler(CallbackQueryHandler(on_unmute, pattern=UNMUTE))
    app.add_handler(CallbackQueryHandler(on_checkin, pattern=CHECKIN))
    app.add_handler(CallbackQueryHandler(on_plan, pattern=PLAN))


__all__ = ["datetime", "register"]
