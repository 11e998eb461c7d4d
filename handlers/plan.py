"""/plan: what to pay, to whom, until when; a chart; strategies; what-if; the agenda.

The figures are bot/services/plan.py; the texts handlers/plan_render.py.
"""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot import outbox
from bot.charts import render_plan_chart
from bot.i18n import money
from bot.services.plan import Comparison, NeedBudget, NeedDebts, WhatIf
from bot.services.portfolio import STRATEGIES, PlanView
from handlers import callback_data as cb
from handlers.context import BotContext
from handlers.conversation import Turn
from handlers.negotiate import call_buttons
from handlers.plan_render import agenda_lines, comparison, summary, what_if, ym

EXTRA, LUMP = Decimal(500), Decimal(3000)  # what-ifs: more each month, a one-off now


def _buttons(turn: Turn, strategy: str) -> list[list[tuple[str, str]]]:
    strategies = [((("✓ " if s == strategy else "") + turn.t(f"strategy.{s}")), cb.PLAN_STRATEGY(s))
                  for s in STRATEGIES]
    cur, lang = turn.currency, turn.lang
    return [
        strategies,
        [(turn.t("btn.plan_compare"), cb.PLAN_COMPARE()), (turn.t("btn.plan_chart"), cb.PLAN_CHART())],
        [(turn.t("btn.whatif_monthly", amount=money(EXTRA, cur, lang)), cb.PLAN_WHAT_IF("m", EXTRA)),
         (turn.t("btn.whatif_lump", amount=money(LUMP, cur, lang)), cb.PLAN_WHAT_IF("l", LUMP))],
    ]


async def _missing(turn: Turn, view: object) -> bool:
    """Say what is missing for a plan; True when something was."""
    if isinstance(view, NeedBudget):
        await turn.say(turn.t("plan.need_budget"))
        return True
    if isinstance(view, NeedDebts):
        await turn.say(turn.t("plan.need_debts"))
        return True
    return await turn.explain(view)


async def _send_chart(turn: Turn, view: PlanView) -> None:
    lang = turn.lang
    note = None if view.plan.feasible else turn.t("chart.note_short")
    # Rendering takes ~0.1-0.2 s of CPU: keep it off the event loop (it is thread-safe).
    png = await asyncio.to_thread(
        render_plan_chart, view.plan, view.names, start=view.start, lang=lang,
        currency=turn.currency, title=turn.t("chart.title"), note=note,
    )
    if view.plan.feasible:
        caption = turn.t("chart.caption", date=ym(view, view.plan.months, lang))
    else:
        caption = turn.t("chart.caption_short",
                         gap=money(view.plan.shortfall or Decimal(0), turn.currency, lang),
                         month=ym(view, view.plan.shortfall_month or 1, lang))
    chat = turn.update.effective_chat
    assert chat is not None
    bot = turn.context.bot
    await outbox.emit(lambda: bot.send_photo(chat.id, photo=png, caption=caption, filename="plan.png"))


async def show_plan(turn: Turn, view: object, *, chart: bool = True) -> None:
    if await _missing(turn, view):
        return
    assert isinstance(view, PlanView)
    await turn.say(summary(turn, view), _buttons(turn, view.strategy))
    if view.agenda is not None:
        lenders = dict.fromkeys((int(i.debt_id), view.names.get(i.debt_id, ""))
                                for i in view.agenda.items if i.debt_id is not None)
        await turn.say("\n".join(agenda_lines(turn, view, view.agenda)),
                       call_buttons(turn, lenders))
    if chart:
        await _send_chart(turn, view)


async def plan_command(update: Update, context: BotContext) -> None:
    turn = await Turn.of(update, context)
    await turn.answer()
    await show_plan(turn, await turn.services.plan.view(turn.uid))


async def on_strategy(update: Update, context: BotContext) -> None:
    turn = await Turn.of(update, context)
    strategy = cb.PLAN_STRATEGY.value(turn.data) or ""
    await turn.close()
    await show_plan(turn, await turn.services.plan.set_strategy(turn.uid, strategy), chart=False)


async def on_compare(update: Update, context: BotContext) -> None:
    turn = await Turn.of(update, context)
    await turn.answer()
    result = await turn.services.plan.compare(turn.uid)
    if await _missing(turn, result):
        return
    assert isinstance(result, Comparison)
    await turn.say(comparison(turn, result.view, result.plans))


async def on_chart(update: Update, context: BotContext) -> None:
    turn = await Turn.of(update, context)
    await turn.answer()
    view = await turn.services.plan.view(turn.uid, with_agenda=False)
    if not await _missing(turn, view):
        assert isinstance(view, PlanView)
        await _send_chart(turn, view)


async def on_what_if(update: Update, context: BotContext) -> None:
    """Change the dates shown, without saving anything."""
    turn = await Turn.of(update, context)
    await turn.answer()
    parsed = cb.PLAN_WHAT_IF.parse(turn.data)
    assert parsed is not None
    kind, amount = parsed[0], Decimal(parsed[1])
    result = await turn.services.plan.what_if(turn.uid, kind, amount)
    if await _missing(turn, result):
        return
    assert isinstance(result, WhatIf)
    shown = money(amount, turn.currency, turn.lang)
    if kind == "m":
        label = turn.t("plan.whatif_monthly", amount=shown)
    else:
        label = turn.t("plan.whatif_lump", amount=shown, month=ym(result.base, 1, turn.lang))
    await turn.say(what_if(turn, result.base, result.new, label))


def general() -> list[BaseHandler[Any, Any, Any]]:
    return [
        CommandHandler("plan", plan_command),
        CallbackQueryHandler(plan_command, pattern=cb.NUDGE_PLAN.pattern),
        CallbackQueryHandler(on_strategy, pattern=cb.PLAN_STRATEGY.pattern),
        CallbackQueryHandler(on_compare, pattern=cb.PLAN_COMPARE.pattern),
        CallbackQueryHandler(on_chart, pattern=cb.PLAN_CHART.pattern),
        CallbackQueryHandler(on_what_if, pattern=cb.PLAN_WHAT_IF.pattern),
    ]
