"""/check: what an offer really costs, before signing. Nothing is kept.

The steps are bot/services/offers.py; the state diagram is handlers/offer_check.mmd.
``/check 12000 12x1060`` or ``/check 1000 1010 7d`` answer at once; ``/check`` alone,
or a line that is only an amount, walks the form. Without a lender type the card shows
both thresholds; the thresholds are Chinese rules, so a US user sees the figures
without a verdict (and is not asked the lender type).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, ConversationHandler

from bot.i18n import money
from bot.services import Services
from bot.services.base import Step
from bot.services.offers import (
    AMOUNT,
    COUNT,
    DAYS,
    FORM,
    FORMS,
    LENDER,
    MONTHLY_FEE,
    MONTHS,
    PAYMENT,
    RATE,
    REPAY,
    UPFRONT,
    AskAmount,
    AskCount,
    AskDays,
    AskForm,
    AskLender,
    AskMonthlyFee,
    AskText,
    AskUpfront,
    Below,
    Card,
    Expired,
    OfferService,
    Several,
)
from coach.lenders import LenderType
from handlers import callback_data as cb
from handlers.context import BotContext
from handlers.conversation import Flow, State, Turn, columns, conversation, state, tap, typed_or
from handlers.offer_card import render_card

NAME = "offer_check"
TIMEOUT = timedelta(hours=1)
STATES = (AMOUNT, FORM, COUNT, PAYMENT, RATE, MONTHS, UPFRONT, MONTHLY_FEE, REPAY, DAYS, LENDER)
MONTH_CHOICES = (3, 6, 12, 24, 36)
DAY_CHOICES = (7, 14, 30)
LENDER_CHOICES = (*(lt.value for lt in LenderType.choices()), "none")


def _service(turn: Turn) -> OfferService:
    return turn.services.offers


def _language_code(turn: Turn) -> str | None:
    tg = turn.update.effective_user
    return tg.language_code if tg is not None else None


async def _render(turn: Turn, view: object) -> None:
    if await turn.explain(view):
        return
    if isinstance(view, Several):
        for part in view.views:
            await _render(turn, part)
    elif isinstance(view, AskAmount):
        await turn.say(turn.t(view.lead) + "\n\n" + turn.t("check.ask_amount"))
    elif isinstance(view, AskForm):
        await turn.say(turn.t("check.ask_form"),
                       [[(turn.t(f"btn.check_form_{f}"), cb.CHK_FORM(f))] for f in FORMS])
    elif isinstance(view, AskCount):
        buttons = [(turn.t("btn.check_months", n=n), cb.CHK_COUNT(n)) for n in MONTH_CHOICES]
        await turn.say(turn.t("check.ask_count"), columns(buttons, 3))
    elif isinstance(view, AskText):
        await turn.say(turn.t(view.key))
    elif isinstance(view, AskUpfront):
        await turn.say(turn.t("check.ask_upfront"), [[(turn.t("btn.check_no_upfront"), cb.CHK_NO_UPFRONT("up"))]])
    elif isinstance(view, AskMonthlyFee):
        await turn.say(turn.t("check.ask_monthly_fee"),
                       [[(turn.t("btn.check_no_monthly_fee"), cb.CHK_NO_MONTHLY_FEE("mo"))]])
    elif isinstance(view, AskDays):
        buttons = [(turn.t("btn.check_days", n=n), cb.CHK_DAYS(n)) for n in DAY_CHOICES]
        await turn.say(turn.t("check.ask_days"), columns(buttons, 3))
    elif isinstance(view, AskLender):
        buttons = [(turn.t(f"btn.check_lt_{c}"), cb.CHK_LENDER(c)) for c in LENDER_CHOICES]
        await turn.say(turn.t("check.ask_lender"), columns(buttons, 2))
    elif isinstance(view, Below):
        cur, lang = turn.currency, turn.lang
        await turn.say(turn.t("check.below_received", repaid=money(view.repaid, cur, lang),
                              received=money(view.received, cur, lang)))
    elif isinstance(view, Card):
        await turn.say(render_card(turn.lang, view.result, view.schedule, turn.currency,
                                   region=view.region))
    elif isinstance(view, Expired):
        await turn.say(turn.t("check.expired"))


async def show(turn: Turn, step: Step[Any]) -> State:
    await _render(turn, step.view)
    return state(step)


async def check(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    return await show(turn, await _service(turn).start(turn.uid, _language_code(turn), turn.command_args))


async def on_amount(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    return await show(turn, await _service(turn).amount(turn.uid, _language_code(turn), turn.typed))


async def on_form(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    form = cb.CHK_FORM.value(turn.data) or ""
    await turn.close(turn.t(f"btn.check_form_{form}"))
    return await show(turn, await _service(turn).form(turn.uid, form))


def _tapped_number(turn: Turn, kind: cb.Cb) -> int | None:
    value = kind.value(turn.data)
    return int(value) if value is not None else None


async def on_count(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    n = _tapped_number(turn, cb.CHK_COUNT)
    if n is not None:
        await turn.close(turn.t("btn.check_months", n=n))
    return await show(turn, await _service(turn).count(turn.uid, tapped=n, text=turn.typed))


async def on_payment(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    return await show(turn, await _service(turn).payment(turn.uid, turn.typed))


async def on_rate(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    return await show(turn, await _service(turn).rate(turn.uid, turn.typed))


async def on_months(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    n = _tapped_number(turn, cb.CHK_COUNT)
    if n is not None:
        await turn.close(turn.t("btn.check_months", n=n))
    return await show(turn, await _service(turn).months(turn.uid, tapped=n, text=turn.typed))


async def on_upfront(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    none = cb.CHK_NO_UPFRONT.matches(turn.data)
    if none:
        await turn.close(turn.t("btn.check_no_upfront"))
    return await show(turn, await _service(turn).upfront(turn.uid, none=none, text=turn.typed))


async def on_monthly_fee(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    none = cb.CHK_NO_MONTHLY_FEE.matches(turn.data)
    if none:
        await turn.close(turn.t("btn.check_no_monthly_fee"))
    return await show(turn, await _service(turn).monthly_fee(turn.uid, none=none, text=turn.typed))


async def on_repay(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    return await show(turn, await _service(turn).repay(turn.uid, turn.typed))


async def on_days(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    n = _tapped_number(turn, cb.CHK_DAYS)
    if n is not None:
        await turn.close(turn.t("btn.check_days", n=n))
    return await show(turn, await _service(turn).days(turn.uid, tapped=n, text=turn.typed))


async def on_lender(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    code = cb.CHK_LENDER.value(turn.data) or ""
    await turn.close(turn.t(f"btn.check_lt_{code}") if code in LENDER_CHOICES else None)
    return await show(turn, await _service(turn).lender(turn.uid, code))


def _flow(services: Services) -> Flow:
    return Flow(services.offers.discard, services.offers.unsaved, "flow.noun.offer")


def entry_points() -> list[Any]:
    return [CommandHandler("check", check)]


def build(others: Any) -> ConversationHandler[BotContext]:
    return conversation(
        NAME,
        entry_points(),
        {
            AMOUNT: typed_or(on_amount),
            FORM: tap(on_form, cb.CHK_FORM),
            COUNT: typed_or(on_count, cb.CHK_COUNT),
            PAYMENT: typed_or(on_payment),
            RATE: typed_or(on_rate),
            MONTHS: typed_or(on_months, cb.CHK_COUNT),
            UPFRONT: typed_or(on_upfront, cb.CHK_NO_UPFRONT),
            MONTHLY_FEE: typed_or(on_monthly_fee, cb.CHK_NO_MONTHLY_FEE),
            REPAY: typed_or(on_repay),
            DAYS: typed_or(on_days, cb.CHK_DAYS),
            LENDER: tap(on_lender, cb.CHK_LENDER),
        },
        timeout=TIMEOUT,
        flow=_flow,
        others=others,
    )


def general() -> list[BaseHandler[Any, Any, Any]]:
    return []
