"""The buttons on reminders: Paid (handlers/payments.py), Snooze, Can't pay, Mute; check-ins.

Every button names a reminder; the service looks it up for the tapping user only. Each
acts once: snoozing twice moves the same reminder; muting twice mutes once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.i18n import local_datetime, money
from bot.services.nudges import CantPayView
from coach.nudges import Claimed
from coach.records import Debt
from handlers import callback_data as cb
from handlers.agenda_render import lender_lines
from handlers.context import BotContext
from handlers.conversation import Turn
from handlers.negotiate import call_buttons


def of_nudge(nudge_id: int) -> Callable[[str], bool]:
    """Selects the buttons of one reminder (``nu:<action>:<id>[:...]``) in a digest."""
    pattern = re.compile(rf"^nu:[a-z]+:{nudge_id}(:|$)")
    return lambda data: bool(pattern.match(data))


async def on_snooze(update: Update, context: BotContext) -> None:
    turn = await Turn.of(update, context)
    parsed = cb.NUDGE_SNOOZE.parse(turn.data)
    assert parsed is not None
    nudge_id = int(parsed[0])
    until = await turn.services.nudges.snooze(turn.uid, nudge_id, parsed[1] == "d")
    if await turn.explain(until):
        return
    assert isinstance(until, datetime)
    when = local_datetime(until, turn.lang)
    await turn.close_rows(of_nudge(nudge_id), turn.t("nudge.snoozed", when=when))


async def on_cant_pay(update: Update, context: BotContext) -> None:
    """What to say to the lender, built from the plan's agenda when money falls short."""
    turn = await Turn.of(update, context)
    nudge_id = cb.NUDGE_CANT.id(turn.data) or 0
    view = await turn.services.nudges.cant_pay(turn.uid, nudge_id)
    if await turn.explain(view):
        return
    assert isinstance(view, CantPayView)
    await turn.answer()
    lines = [turn.t("nudge.cant_title", lender=view.lender)]
    if view.asks is not None:
        region = turn.profile.jurisdiction if turn.profile else None
        lines += lender_lines(view.asks, view.lender, turn.lang, turn.currency, region)
        lines.append(turn.t("agenda.may_refuse"))
    else:
        amount = money(view.amount, turn.currency, turn.lang) if view.amount else "—"
        lines.append(turn.t("nudge.cant_generic", lender=view.lender, amount=amount))
    lines.append(turn.t("nudge.cant_no_new_loan"))
    await turn.say("\n".join(lines), call_buttons(turn, [(view.debt_id, view.lender)]))


async def on_mute(update: Update, context: BotContext) -> None:
    turn = await Turn.of(update, context)
    nudge_id = cb.NUDGE_MUTE.id(turn.data) or 0
    nudge = await turn.services.nudges.nudge(turn.uid, nudge_id)
    if await turn.explain(nudge):
        return
    assert isinstance(nudge, Claimed)
    debt_id = int(nudge.params.get("debt_id", 0) or 0)
    debt = await turn.services.nudges.mute(turn.uid, debt_id, True)
    if await turn.explain(debt):
        return
    assert isinstance(debt, Debt)
    await turn.close_rows(of_nudge(nudge_id), turn.t("nudge.muted", name=debt.lender))


async def on_unmute(update: Update, context: BotContext) -> None:
    turn = await Turn.of(update, context)
    debt = await turn.services.nudges.mute(turn.uid, cb.DEBT_UNMUTE.id(turn.data) or 0, False)
    if await turn.explain(debt):
        return
    assert isinstance(debt, Debt)
    await turn.close(turn.t("nudge.unmuted", name=debt.lender))


async def on_checkin(update: Update, context: BotContext) -> None:
    turn = await Turn.of(update, context)
    parsed = cb.NUDGE_CHECKIN.parse(turn.data)
    assert parsed is not None
    nudge_id, answer = int(parsed[0]), parsed[1]
    if not await turn.services.nudges.answer_checkin(turn.uid, nudge_id, answer):
        await turn.answer(turn.t("refusal.gone"), alert=True)
        return
    await turn.close_rows(of_nudge(nudge_id), turn.t(f"btn.checkin_{answer}"))
    await turn.say(turn.t(f"checkin.noted_{answer}"))


def general() -> list[BaseHandler[Any, Any, Any]]:
    return [
        CallbackQueryHandler(on_snooze, pattern=cb.NUDGE_SNOOZE.pattern),
        CallbackQueryHandler(on_cant_pay, pattern=cb.NUDGE_CANT.pattern),
        CallbackQueryHandler(on_mute, pattern=cb.NUDGE_MUTE.pattern),
        CallbackQueryHandler(on_unmute, pattern=cb.DEBT_UNMUTE.pattern),
        CallbackQueryHandler(on_checkin, pattern=cb.NUDGE_CHECKIN.pattern),
    ]
