"""/plan: the story (what is overdue, what is short each month, how it ends, this month's
steps), a chart, strategies, compare, what-ifs with the user's own amount, the agenda,
and "how is this calculated".

The figures are bot/services/plan.py; the texts handlers/plan_render.py and
handlers/agenda_render.py. "More each month" and "one-off now" ask for an amount: a tap
on one of the currency's usual steps, or a typed amount, the one answer of the
``whatif`` conversation (handlers/whatif.mmd).
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from decimal import Decimal
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, ConversationHandler

from bot import outbox
from bot.chart_fonts import cjk_font_available
from bot.charts import render_plan_chart
from bot.i18n import money
from bot.services import Services
from bot.services.base import Step
from bot.services.plan import (
    AMOUNT,
    AskWhatIf,
    Comparison,
    Explanation,
    NeedBudget,
    NeedDebts,
    WhatIfView,
)
from bot.services.portfolio import STRATEGIES, PlanView
from bot.splitting import fit_caption
from coach.regions import Region
from handlers import callback_data as cb
from handlers.agenda_render import agenda_lines
from handlers.context import BotContext
from handlers.conversation import Button, Flow, State, Turn, columns, conversation, state, typed_or
from handlers.negotiate import call_buttons
from handlers.plan_render import ask_what_if, caption, comparison, explanation, summary, what_if

NAME = "whatif"
TIMEOUT = timedelta(hours=1)
STATES = (AMOUNT,)
#: A what-if button carries a whole amount of at most 7 digits (callback data).
_MAX_BUTTON = Decimal(9_999_999)


def _buttons(turn: Turn, strategy: str) -> list[list[Button]]:
    strategies = [((("✓ " if s == strategy else "") + turn.t(f"strategy.{s}")), cb.PLAN_STRATEGY(s))
                  for s in STRATEGIES]
    return [
        strategies,
        [(turn.t("btn.plan_compare"), cb.PLAN_COMPARE()), (turn.t("btn.plan_chart"), cb.PLAN_CHART())],
        [(turn.t("btn.whatif_monthly"), cb.PLAN_WHATIF_ASK("m")),
         (turn.t("btn.whatif_lump"), cb.PLAN_WHATIF_ASK("l"))],
        [(turn.t("btn.plan_explain"), cb.PLAN_EXPLAIN())],
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


def _region(turn: Turn) -> Region:
    return turn.profile.jurisdiction if turn.profile else Region.OTHER


async def _send_chart(turn: Turn, view: PlanView) -> None:
    lang, cur = turn.lang, turn.currency
    story = view.story
    notes = {"never_ends": "chart.note_never_ends", "too_long": "chart.note_too_long"}
    note = turn.t(notes.get(story.ending.kind, "chart.note_short")) if not story.feasible else None
    growth = story.ending.growth
    label = None
    if growth is not None and story.ending.kind == "never_ends" and (lang != "zh_CN" or cjk_font_available()):
        label = turn.t("chart.growth", amount=money(growth.grows, cur, lang))
    # Rendering takes ~0.1-0.2 s of CPU: keep it off the event loop (it is thread-safe).
    png = await asyncio.to_thread(
        render_plan_chart, story.plan, view.names, start=story.start, lang=lang, currency=cur,
        title=turn.t("chart.title"), note=note, growth_label=label,
    )
    # Telegram's caption limit (1,024 characters): the rest follows as text, never cut.
    text, rest = fit_caption(caption(view, lang, cur))
    chat = turn.update.effective_chat
    assert chat is not None
    bot = turn.context.bot
    await outbox.emit(lambda: bot.send_photo(chat.id, photo=png, caption=text, filename="plan.png"))
    for part in rest:
        await turn.say(part)


async def show_plan(turn: Turn, view: object, *, chart: bool = True) -> None:
    if await _missing(turn, view):
        return
    assert isinstance(view, PlanView)
    lang, cur = turn.lang, turn.currency
    await turn.say(summary(view, lang, cur), _buttons(turn, view.strategy))
    agenda = view.story.agenda
    if agenda is not None and agenda.needed:
        lenders = [(int(la.debt_id), view.names.get(la.debt_id, "")) for la in agenda.lenders]
        await turn.say("\n".join(agenda_lines(agenda, view.names, lang, cur, _region(turn))),
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
    await turn.say(comparison(result.stories, turn.lang, turn.currency))


async def on_chart(update: Update, context: BotContext) -> None:
    turn = await Turn.of(update, context)
    await turn.answer()
    view = await turn.services.plan.view(turn.uid, with_capacity=False)
    if not await _missing(turn, view):
        assert isinstance(view, PlanView)
        await _send_chart(turn, view)


async def on_explain(update: Update, context: BotContext) -> None:
    """How is this calculated: every figure of the story, worked out, in one screen."""
    turn = await Turn.of(update, context)
    await turn.answer()
    result = await turn.services.plan.explain(turn.uid)
    if await _missing(turn, result):
        return
    assert isinstance(result, Explanation)
    await turn.say(explanation(result, turn.lang, turn.currency))


# --- what-ifs: tap "more each month" or "one-off now", then tap or type an amount ----------


async def show_what_if(turn: Turn, step: Step[Any]) -> State:
    view = step.view
    if await _missing(turn, view):
        pass
    elif isinstance(view, AskWhatIf):
        lang, cur = turn.lang, turn.currency
        sign = "+" if view.kind == "m" else ""
        amounts = [a for a in view.amounts if 0 < a <= _MAX_BUTTON and a == a.to_integral_value()]
        buttons = [(sign + money(a, cur, lang), cb.PLAN_WHAT_IF(view.kind, int(a))) for a in amounts]
        await turn.say(ask_what_if(view, lang, cur), columns(buttons, 4))
    elif isinstance(view, WhatIfView):
        await turn.say(what_if(view.result, turn.lang, turn.currency))
    return state(step)


async def ask_amount(update: Update, context: BotContext) -> State:
    """More each month / one-off now: which amount? (the conversation's entry)"""
    turn = await Turn.of(update, context)
    await turn.answer()
    kind = cb.PLAN_WHATIF_ASK.value(turn.data) or ""
    return await show_what_if(turn, await turn.services.plan.ask_amount(turn.uid, kind, turn.currency))


async def on_amount(update: Update, context: BotContext) -> State:
    """A tapped amount (in the conversation or on an older message), or a typed one."""
    turn = await Turn.of(update, context)
    parsed = cb.PLAN_WHAT_IF.parse(turn.data) if turn.data is not None else None
    plan = turn.services.plan
    if parsed is not None:
        await turn.answer()
        step = await plan.tapped_amount(turn.uid, parsed[0], Decimal(parsed[1]))
    else:
        step = await plan.typed_amount(turn.uid, turn.typed)
    return await show_what_if(turn, step)


async def on_what_if(update: Update, context: BotContext) -> None:
    """An amount button outside the conversation (an older message): the what-if."""
    await on_amount(update, context)


def _flow(services: Services) -> Flow:
    return Flow(services.plan.discard, services.plan.unsaved)


def entry_points() -> list[BaseHandler[Any, Any, Any]]:
    return [CallbackQueryHandler(ask_amount, pattern=cb.PLAN_WHATIF_ASK.pattern)]


def build(others: Any) -> ConversationHandler[BotContext]:
    return conversation(NAME, entry_points(), {AMOUNT: typed_or(on_amount, cb.PLAN_WHAT_IF)},
                        timeout=TIMEOUT, flow=_flow, others=others)


def general() -> list[BaseHandler[Any, Any, Any]]:
    return [
        CommandHandler("plan", plan_command),
        CallbackQueryHandler(plan_command, pattern=cb.NUDGE_PLAN.pattern),
        CallbackQueryHandler(on_strategy, pattern=cb.PLAN_STRATEGY.pattern),
        CallbackQueryHandler(on_compare, pattern=cb.PLAN_COMPARE.pattern),
        CallbackQueryHandler(on_chart, pattern=cb.PLAN_CHART.pattern),
        CallbackQueryHandler(on_explain, pattern=cb.PLAN_EXPLAIN.pattern),
        CallbackQueryHandler(on_what_if, pattern=cb.PLAN_WHAT_IF.pattern),
    ]
