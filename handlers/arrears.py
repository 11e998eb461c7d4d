""""I did pay this": a missed payment the bot detected, recorded as paid after all.

The steps are bot/services/arrears.py; the state diagram is handlers/correction.mmd.
The card of a debt (handlers/debts.py) has one button per detected item; the
confirmation proposes the missed amount paid on its due date, with "another date".
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, ConversationHandler

from bot.i18n import fmt_date, money
from bot.services import Services
from bot.services.arrears import (
    CONFIRM,
    DATE,
    AskPaidDate,
    Cancelled,
    ConfirmCorrection,
    Corrected,
)
from bot.services.base import Step
from handlers import callback_data as cb
from handlers.context import BotContext
from handlers.conversation import Flow, State, Turn, conversation, state, tap, typed_or

NAME = "correction"
TIMEOUT = timedelta(hours=6)
STATES = (CONFIRM, DATE)


async def show(turn: Turn, step: Step[Any]) -> State:
    view, lang, cur = step.view, turn.lang, turn.currency
    if await turn.explain(view):
        pass
    elif isinstance(view, ConfirmCorrection):
        text = turn.t("fix.confirm", amount=money(view.amount, cur, lang), lender=view.debt.lender,
                      due=fmt_date(view.due, lang), date=fmt_date(view.paid_on, lang))
        await turn.say(text, [[(turn.t("btn.save"), cb.FIX_SAVE(view.token))],
                              [(turn.t("btn.fix_other_date"), cb.FIX_DATE()),
                               (turn.t("btn.cancel"), cb.FIX_CANCEL())]])
    elif isinstance(view, AskPaidDate):
        await turn.say(turn.t("fix.q.date"),
                       [[(turn.t("btn.fix_on_due", date=fmt_date(view.due, lang)), cb.FIX_DUE())]])
    elif isinstance(view, Corrected):
        if not view.created:
            await turn.say(turn.t("paid.already"))
        else:
            lines = [turn.t("fix.recorded", amount=money(view.payment.amount, cur, lang),
                            lender=view.debt.lender, date=fmt_date(view.payment.paid_on, lang))]
            arrears = view.arrears
            if arrears.unpaid > 0 and arrears.since is not None:
                lines.append(turn.t("fix.still_overdue", amount=money(arrears.total, cur, lang),
                                    since=fmt_date(arrears.since, lang)))
            else:
                lines.append(turn.t("fix.nothing_overdue", lender=view.debt.lender))
            await turn.say("\n".join(lines), [[(turn.t("btn.see_plan"), cb.NUDGE_PLAN()),
                                               (turn.t("btn.back"), cb.DEBT_OPEN(view.debt.id))]])
    elif isinstance(view, Cancelled):
        await turn.say(turn.t("cancel.done"))
    return state(step)


async def start(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    parsed = cb.DEBT_CORRECT.parse(turn.data)
    assert parsed is not None
    due = date(int(parsed[1][:4]), int(parsed[1][4:6]), int(parsed[1][6:]))
    step = await turn.services.arrears.start(turn.uid, int(parsed[0]), due)
    if isinstance(step.view, ConfirmCorrection):
        await turn.answer()
    return await show(turn, step)


async def on_confirm(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    service = turn.services.arrears
    if cb.FIX_CANCEL.matches(turn.data):
        await turn.close(turn.t("btn.cancel"))
        return await show(turn, await service.cancel(turn.uid))
    if cb.FIX_DATE.matches(turn.data):
        await turn.close(turn.t("btn.fix_other_date"))
        return await show(turn, await service.other_date(turn.uid))
    step = await service.save(turn.uid, cb.FIX_SAVE.value(turn.data) or "")
    if isinstance(step.view, Corrected):
        await turn.close(turn.t("btn.save"))
    return await show(turn, step)


async def on_date(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    service = turn.services.arrears
    if cb.FIX_DUE.matches(turn.data):
        step = await service.paid_on(turn.uid, on_due=True)
        if isinstance(step.view, ConfirmCorrection):
            await turn.close(fmt_date(step.view.paid_on, turn.lang))
        return await show(turn, step)
    return await show(turn, await service.paid_on(turn.uid, text=turn.typed))


async def already_saved(update: Update, context: BotContext) -> None:
    """A second tap on Save after the conversation ended: act once, say so."""
    turn = await Turn.of(update, context)
    await turn.answer(turn.t("paid.already"))


def _flow(services: Services) -> Flow:
    return Flow(services.arrears.discard, services.arrears.unsaved)


def entry_points() -> list[BaseHandler[Any, Any, Any]]:
    return [CallbackQueryHandler(start, pattern=cb.DEBT_CORRECT.pattern)]


def build(others: Any) -> ConversationHandler[BotContext]:
    return conversation(
        NAME,
        entry_points(),
        {CONFIRM: tap(on_confirm, cb.FIX_SAVE, cb.FIX_DATE, cb.FIX_CANCEL),
         DATE: typed_or(on_date, cb.FIX_DUE)},
        timeout=TIMEOUT, flow=_flow, others=others,
    )


def general() -> list[BaseHandler[Any, Any, Any]]:
    return [CallbackQueryHandler(already_saved, pattern=cb.FIX_SAVE.pattern)]
