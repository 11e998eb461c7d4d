"""/paid: record a payment, guided or quick (``/paid 花呗 500``), confirmed before saving.

The steps are bot/services/payments.py; the state diagram is handlers/paid.mmd.
More than the balance: the confirmation says so, and Save marks the debt paid off.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, ConversationHandler

from bot.i18n import fmt_date, local_datetime, money, render_error
from bot.services import Services
from bot.services.answers import LastAnswer
from bot.services.base import Refusal, Step
from bot.services.payments import (
    AMOUNT,
    CONFIRM,
    DATE,
    PICK,
    AskAmount,
    AskDate,
    Cancelled,
    ChooseDebt,
    ConfirmPayment,
    FutureDate,
    NoDebts,
    PaymentsService,
    Recorded,
    RemindLater,
)
from handlers import callback_data as cb
from handlers.context import BotContext
from handlers.conversation import (
    Flow,
    State,
    Turn,
    columns,
    conversation,
    escape,
    state,
    tap,
    typed_or,
)
from handlers.nudges import of_nudge

NAME = "paid"
TIMEOUT = timedelta(hours=6)
STATES = (PICK, AMOUNT, DATE, CONFIRM)


def _service(turn: Turn) -> PaymentsService:
    return turn.services.payments


async def show(turn: Turn, step: Step[Any]) -> State:
    """Render a /paid step's view and go where the step says."""
    view, lang, cur = step.view, turn.lang, turn.currency
    if await turn.explain(view):
        pass
    elif isinstance(view, NoDebts):
        await turn.say(turn.t("debts.empty"), [[(turn.t("btn.add_debt"), cb.DEBTS_ADD())]])
    elif isinstance(view, ChooseDebt):
        if view.no_match:
            await turn.say(turn.t("paid.no_match", name=view.no_match))
        key = "paid.q.which_of" if view.of_name else "paid.q.which"
        buttons = [(f"{d.lender[:20]} · {money(d.balance, cur, lang)}", cb.PAY_PICK(d.id))
                   for d in view.debts]
        await turn.say(turn.t(key), columns(buttons, 1))
    elif isinstance(view, AskAmount):
        question = turn.t("paid.q.amount", lender=view.debt.lender,
                          balance=money(view.debt.balance, cur, lang))
        if view.error is not None:  # /paid 花呗 0: why, then the question; the reply is the amount
            question = "\n".join([render_error(lang, view.error), question,
                                  turn.t("flow.reask_cancel")])
        await turn.say(question)
    elif isinstance(view, AskDate):
        await turn.say(turn.t("paid.q.date"), [[(turn.t("btn.today"), cb.PAY_DAY("today")),
                                                (turn.t("btn.yesterday"), cb.PAY_DAY("yesterday"))]])
    elif isinstance(view, FutureDate):
        days = (view.on - view.today).days
        when = fmt_date(view.on, lang)
        key = "paid.future_tomorrow" if days == 1 else "paid.future"
        later = turn.t("btn.remind_tomorrow" if days == 1 else "btn.remind_on", date=when)
        await turn.say(turn.t(key, date=when),
                       [[(turn.t("btn.record_today"), cb.PAY_DAY("today"))],
                        [(later, cb.PAY_LATER())]])
    elif isinstance(view, RemindLater):
        await turn.say(turn.t("paid.remind_set", lender=view.debt.lender,
                              when=local_datetime(view.at, lang)))
    elif isinstance(view, ConfirmPayment):
        await turn.say(*_confirmation(turn, view))
    elif isinstance(view, Recorded):
        await turn.say(_recorded(turn, view))
    elif isinstance(view, Cancelled):
        await turn.say(turn.t("cancel.done"))
    return state(step)


def _confirmation(turn: Turn, view: ConfirmPayment) -> tuple[str, list[list[tuple[str, str]]]]:
    lang, cur, debt = turn.lang, turn.currency, view.debt
    when = fmt_date(view.paid_on, lang)
    if view.over_balance:
        text = turn.t("paid.confirm_over", amount=money(view.amount, cur, lang), lender=debt.lender,
                      balance=money(view.owed, cur, lang), date=when)
        save = turn.t("btn.paid_off")
    elif view.clears_penalty:
        text = turn.t("paid.confirm_clears", amount=money(view.amount, cur, lang),
                      lender=debt.lender, balance=money(debt.balance, cur, lang),
                      penalty=money(view.penalty, cur, lang), date=when)
        save = turn.t("btn.paid_off")
    else:
        # What is owed (the penalty so far included) before and after: they differ by the
        # amount paid, as the user counts.
        text = turn.t("paid.confirm", amount=money(view.amount, cur, lang), lender=debt.lender,
                      date=when, before=money(view.owed, cur, lang),
                      after=money(max(view.owed - view.amount, Decimal(0)), cur, lang))
        if view.to_penalty > 0:
            text += "\n" + turn.t("paid.covers_penalty", amount=money(view.to_penalty, cur, lang))
        if view.to_overdue > 0:
            text += "\n" + turn.t("paid.covers_overdue", amount=money(view.to_overdue, cur, lang))
        save = turn.t("btn.save")
    rows = [[(save, cb.PAY_SAVE(view.token))],
            [(turn.t("btn.other_amount"), cb.PAY_OTHER()), (turn.t("btn.cancel"), cb.PAY_CANCEL())]]
    return text, rows


def _recorded(turn: Turn, view: Recorded) -> str:
    if not view.created:
        return turn.t("paid.already")
    if view.paid_off:
        return turn.t("paid.paid_off", lender=view.debt.lender)
    cur, lang = turn.currency, turn.lang
    return turn.t("paid.recorded", amount=money(view.payment.amount, cur, lang),
                  lender=view.debt.lender, balance=money(view.debt.balance, cur, lang))


# --- the steps --------------------------------------------------------------------------


async def paid(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    await turn.close()
    return await show(turn, await _service(turn).start(turn.uid, turn.command_args,
                                                       turn.message_id))


async def resume(update: Update, context: BotContext) -> State:
    """Back to a payment put aside by another command."""
    turn = await Turn.of(update, context)
    step = await _service(turn).resume(turn.uid)
    if not isinstance(step.view, Refusal):
        await turn.close(turn.t("btn.resume", what=turn.t("flow.noun.payment")))
    return await show(turn, step)


async def from_chat(update: Update, context: BotContext) -> State:
    """Record the payment a message told: /paid, prefilled."""
    turn = await Turn.of(update, context)
    step = await turn.services.chat.paid(turn.uid)
    if not isinstance(step.view, Refusal):
        await turn.close()
    return await show(turn, step)


async def reread(turn: Turn, last: LastAnswer, text: str) -> State:
    """An edited answer: read again; the corrected question or confirmation shown."""
    return await show(turn, await _service(turn).reread(turn.uid, last, text, turn.message_id))


async def from_card(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    debt_id = cb.PAY_FROM_CARD.id(turn.data)
    assert debt_id is not None
    step = await _service(turn).from_card(turn.uid, debt_id)
    if isinstance(step.view, AskAmount):
        await turn.close(escape(step.view.debt.lender))
    return await show(turn, step)


async def from_nudge(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    nudge_id = cb.PAY_FROM_NUDGE.id(turn.data)
    assert nudge_id is not None
    step = await _service(turn).from_nudge(turn.uid, nudge_id)
    if not await turn.explain(step.view):
        await turn.close_rows(of_nudge(nudge_id), turn.t("btn.nudge_paid"))
        return await show(turn, step)
    return state(step)


async def on_pick(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    debt_id = cb.PAY_PICK.id(turn.data)
    assert debt_id is not None
    step = await _service(turn).pick(turn.uid, debt_id)
    if isinstance(step.view, AskAmount | ConfirmPayment):
        await turn.close(escape(step.view.debt.lender))
    return await show(turn, step)


async def on_amount(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    return await show(turn, await _service(turn).amount(turn.uid, turn.typed, turn.message_id))


async def on_date(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    tapped = cb.PAY_DAY.value(turn.data)
    if tapped is not None:
        step = await _service(turn).date(turn.uid, yesterday=tapped == "yesterday")
        if isinstance(step.view, ConfirmPayment):
            await turn.close(fmt_date(step.view.paid_on, turn.lang))
    elif cb.PAY_LATER.matches(turn.data):
        step = await _service(turn).remind_later(turn.uid)
        if isinstance(step.view, RemindLater):
            await turn.close(turn.t("btn.remind_later_done"))
    else:
        step = await _service(turn).date(turn.uid, text=turn.typed, message_id=turn.message_id)
    return await show(turn, step)


async def on_confirm(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    if cb.PAY_CANCEL.matches(turn.data):
        await turn.close(turn.t("btn.cancel"))
        return await show(turn, await _service(turn).cancel(turn.uid))
    token = cb.PAY_SAVE.value(turn.data) or ""
    step = await _service(turn).confirm(turn.uid, token)
    if isinstance(step.view, Recorded):
        await turn.close(turn.t("btn.save"))
    return await show(turn, step)


async def other_amount(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    step = await _service(turn).other_amount(turn.uid)
    if isinstance(step.view, AskAmount):
        await turn.close(turn.t("btn.other_amount"))
    return await show(turn, step)


async def already_recorded(update: Update, context: BotContext) -> None:
    """A second tap on Save after the conversation ended: act once, say so."""
    turn = await Turn.of(update, context)
    await turn.answer(turn.t("paid.already"))


def _flow(services: Services) -> Flow:
    return Flow(services.payments.discard, services.payments.unsaved, "flow.noun.payment",
                resume=cb.PAY_RESUME(), reread=reread)


def entry_points() -> list[BaseHandler[Any, Any, Any]]:
    return [CommandHandler("paid", paid),
            CallbackQueryHandler(paid, pattern=cb.PAY_START.pattern),
            CallbackQueryHandler(resume, pattern=cb.PAY_RESUME.pattern),
            CallbackQueryHandler(from_chat, pattern=cb.CHAT_PAID.pattern),
            CallbackQueryHandler(from_card, pattern=cb.PAY_FROM_CARD.pattern),
            CallbackQueryHandler(from_nudge, pattern=cb.PAY_FROM_NUDGE.pattern)]


def build(others: Any) -> ConversationHandler[BotContext]:
    return conversation(
        NAME,
        entry_points(),
        {
            PICK: tap(on_pick, cb.PAY_PICK),
            AMOUNT: typed_or(on_amount),
            DATE: typed_or(on_date, cb.PAY_DAY, cb.PAY_LATER),
            CONFIRM: tap(on_confirm, cb.PAY_SAVE, cb.PAY_CANCEL) + tap(other_amount, cb.PAY_OTHER),
        },
        timeout=TIMEOUT,
        flow=_flow,
        others=others,
    )


def general() -> list[BaseHandler[Any, Any, Any]]:
    """Handlers outside the conversation."""
    return [CallbackQueryHandler(already_recorded, pattern=cb.PAY_SAVE.pattern)]
