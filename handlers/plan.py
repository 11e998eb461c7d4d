"""/plan: what to pay, to whom, until when; a chart; strategies; what-if; the agenda."""

from __future__ import annotations

import asyncio
import re
from decimal import Decimal
from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot import outbox
from bot.i18n import money, t
from bot.services.plans import STRATEGIES
from handlers.common import close_buttons, say
from handlers.context import BotContext
from handlers.flow import onboarded_user as _ready
from handlers.keyboards import keyboard
from handlers.plan_render import agenda_lines, comparison, summary, what_if, ym
from storage.models import User

STRATEGY = re.compile(r"^plan:s:(overdue_first|avalanche|snowball)$")
COMPARE = re.compile(r"^plan:cmp$")
CHART = re.compile(r"^plan:chart$")
WHAT_IF = re.compile(r"^plan:wi:(m|l):(\d{1,7})$")
EXTRA, LUMP, LUMP_MONTH = Decimal(500), Decimal(3000), 1  # a one-off now


def _buttons(lang: str, user: User, strategy: str) -> Any:
    strategies = [((("✓ " if s == strategy else "") + t(lang, f"strategy.{s}")), f"plan:s:{s}")
                  for s in STRATEGIES]
    return keyboard(
        strategies,
        [(t(lang, "btn.plan_compare"), "plan:cmp"), (t(lang, "btn.plan_chart"), "plan:chart")],
        [(t(lang, "btn.whatif_monthly", amount=money(EXTRA, user.currency, lang)), f"plan:wi:m:{EXTRA}"),
         (t(lang, "btn.whatif_lump", amount=money(LUMP, user.currency, lang)), f"plan:wi:l:{LUMP}")],
    )


async def _send_chart(update: Update, context: BotContext, user: User, view: Any) -> None:
    from bot.charts import render_plan_chart

    lang = user.language
    note = None if view.plan.feasible else t(lang, "chart.note_short")
    # Rendering takes ~0.1-0.2 s of CPU: keep it off the event loop (it is thread-safe).
    png = await asyncio.to_thread(
        render_plan_chart, view.plan, view.names, start=view.start, lang=lang,
        currency=user.currency, title=t(lang, "chart.title"), note=note,
    )
    assert update.effective_chat is not None
    chat_id = update.effective_chat.id
    if view.plan.feasible:
        caption = t(lang, "chart.caption", date=ym(view, view.plan.months, lang))
    else:
        caption = t(lang, "chart.caption_short", gap=money(view.plan.shortfall or Decimal(0), user.currency, lang),
                    month=ym(view, view.plan.shortfall_month or 1, lang))
    await outbox.emit(lambda: context.bot.send_photo(chat_id, photo=png, caption=caption,
                                                     filename="plan.png"))


async def show_plan(update: Update, context: BotContext, *, strategy: str | None = None,
                    chart: bool = True) -> None:
    user = await _ready(update, context)
    if user is None:
        return
    lang, plans = user.language, context.services.plans
    view = await plans.view(user, strategy=strategy)
    if view is None:
        budget, _ = await plans.budget(user.id)
        await say(update, context, t(lang, "plan.need_budget" if budget is None else "plan.need_debts"))
        return
    await say(update, context, summary(lang, user, view), _buttons(lang, user, view.strategy))
    if view.agenda is not None:
        await say(update, context, "\n".join(agenda_lines(lang, user, view, view.agenda)))
    if chart:
        await _send_chart(update, context, user, view)


async def plan_command(update: Update, context: BotContext) -> None:
    await show_plan(update, context)


async def on_strategy(update: Update, context: BotContext) -> None:
    assert update.callback_query is not None and update.effective_user is not None
    m = STRATEGY.match(update.callback_query.data or "")
    assert m
    await close_buttons(update)
    await context.services.plans.set_strategy(update.effective_user.id, m.group(1), update.update_id)
    await show_plan(update, context, strategy=m.group(1), chart=False)


async def on_compare(update: Update, context: BotContext) -> None:
    user = await _ready(update, context)
    if user is None:
        return
    await update.callback_query.answer() if update.callback_query else None
    view = await context.services.plans.view(user, with_agenda=False)
    if view is None:
        return
    await say(update, context, comparison(user.language, user, view, context.services.plans.compare(view)))


async def on_chart(update: Update, context: BotContext) -> None:
    user = await _ready(update, context)
    if user is None:
        return
    if update.callback_query:
        await outbox.emit(update.callback_query.answer)
    view = await context.services.plans.view(user, with_agenda=False)
    if view is not None:
        await _send_chart(update, context, user, view)


async def on_what_if(update: Update, context: BotContext) -> None:
    """Change the dates shown, without saving anything."""
    assert update.callback_query is not None
    user = await _ready(update, context)
    if user is None:
        return
    await outbox.emit(update.callback_query.answer)
    m = WHAT_IF.match(update.callback_query.data or "")
    assert m
    amount = Decimal(m.group(2))
    plans, lang = context.services.plans, user.language
    base = await plans.view(user, with_agenda=False)
    if base is None:
        return
    if m.group(1) == "m":
        new = await plans.view(user, extra=amount, with_agenda=False)
        label = t(lang, "plan.whatif_monthly", amount=money(amount, user.currency, lang))
    else:
        new = await plans.view(user, lump_sums={LUMP_MONTH: amount}, with_agenda=False)
        label = t(lang, "plan.whatif_lump", amount=money(amount, user.currency, lang),
                  month=ym(base, LUMP_MONTH, lang))
    if new is not None:
        await say(update, context, what_if(lang, user, base, new, label))


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    app.add_handler(CommandHandler("plan", plan_command))
    app.add_handler(CallbackQueryHandler(on_strategy, pattern=STRATEGY))
    app.add_handler(CallbackQueryHandler(on_compare, pattern=COMPARE))
    app.add_handler(CallbackQueryHandler(on_chart, pattern=CHART))
    app.add_handler(CallbackQueryHandler(on_what_if, pattern=WHAT_IF))
