"""/budget: income, essential and optional spending, assets and a safety margin.

The steps are bot/services/budget.py; the state diagram is handlers/budget.mmd.
Re-running /budget starts from the saved budget, so each item can be changed later.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, ConversationHandler

from bot.i18n import money, percent
from bot.services import Services
from bot.services.base import Step
from bot.services.budget import (
    AMOUNT,
    CATEGORY,
    INCOME,
    MARGIN,
    MENU,
    AskAmount,
    AskCategory,
    AskIncome,
    AskMargin,
    BudgetMenu,
    BudgetSaved,
    Cancelled,
)
from coach.budget import available_for_debts, capacity
from coach.budget_input import BudgetDraft
from handlers import callback_data as cb
from handlers.context import BotContext
from handlers.conversation import (
    Button,
    Flow,
    State,
    Turn,
    columns,
    conversation,
    state,
    tap,
    typed_or,
)
from handlers.plan_render import cut_lines

NAME = "budget"
TIMEOUT = timedelta(days=1)
STATES = (MENU, INCOME, CATEGORY, AMOUNT, MARGIN)


def cat_label(turn: Turn, group: str, category: str) -> str:
    return turn.t(f"budget.{group}.{category}")


def summary(turn: Turn, draft: BudgetDraft) -> str:
    b = draft.to_budget()
    m = partial(money, currency=turn.currency, lang=turn.lang)
    if b.margin.percent is not None:
        margin_line = turn.t("budget.margin", rule=percent(b.margin.percent, turn.lang),
                             amount=m(b.margin_amount))
    else:
        margin_line = turn.t("budget.margin_fixed", amount=m(b.margin_amount))
    lines = [turn.t("budget.title"),
             turn.t("budget.income", amount=m(b.income), n=len(b.incomes)),
             turn.t("budget.essentials", amount=m(b.essential_total)),
             turn.t("budget.optional", amount=m(b.optional_total)),
             margin_line]
    if b.assets_total() > 0:
        lines.append(turn.t("budget.assets", amount=m(b.assets_total())))
    lines.append(turn.t("budget.capacity", amount=m(capacity(b))))
    if capacity(b) < 0:
        lines.append(turn.t("budget.negative", amount=m(-capacity(b))))
    elif b.optional_total > 0:
        plan_money = available_for_debts(b)
        if plan_money < 0:
            lines.append(turn.t("budget.plan_money_short", optional=m(b.optional_total),
                                deficit=m(-plan_money)))
        else:
            lines.append(turn.t("budget.plan_money", optional=m(b.optional_total), money=m(plan_money)))
    return "\n".join(lines)


async def show(turn: Turn, step: Step[Any]) -> State:
    view, lang, cur = step.view, turn.lang, turn.currency
    if await turn.explain(view):
        pass
    elif isinstance(view, BudgetMenu):
        def item(key: str, choice: str) -> Button:
            return turn.t(key), cb.BU_MENU(choice)

        text = summary(turn, view.draft)
        if view.replaces:  # the quick form's totals over an itemised budget: say so first
            text += "\n\n" + turn.t("budget.replaces_items", count=view.replaces)
        await turn.say(text, [
            [item("btn.budget_income", "income"), item("btn.budget_essentials", "essentials")],
            [item("btn.budget_optional", "optionals"), item("btn.budget_assets", "assets")],
            [item("btn.budget_margin", "margin")],
            [item("btn.save", "save"), item("btn.cancel", "cancel")],
        ])
    elif isinstance(view, AskIncome):
        if view.intro:
            await turn.say(turn.t("budget.intro"))
        listed = "\n".join(
            turn.t("budget.income_line", label=label or turn.t("budget.income_source"),
                   amount=money(Decimal(a), cur, lang))
            for label, a in view.draft.incomes
        )
        if len(view.draft.incomes) > 1:  # the sum, so a total sent again is seen as one
            total = sum((Decimal(a) for _, a in view.draft.incomes), Decimal(0))
            listed += "\n" + turn.t("budget.income_total", amount=money(total, cur, lang))
        rows: list[list[Button]] = [[(turn.t("btn.done"), cb.BU_DONE())]]
        if view.draft.incomes:
            rows[0].append((turn.t("btn.clear"), cb.BU_CLEAR()))
        await turn.say(turn.t("budget.q.income") + (f"\n\n{listed}" if listed else ""), rows)
    elif isinstance(view, AskCategory):
        values = getattr(view.draft, view.group)
        buttons = [
            (cat_label(turn, view.group, c)
             + (f" · {money(Decimal(values[c]), cur, lang)}" if c in values else ""),
             cb.BU_CATEGORY(c))
            for c in view.categories
        ]
        text = turn.t(f"budget.q.{view.group}")
        if view.typed:
            sep = "、" if lang == "zh_CN" else ", "
            got = sep.join(f"{cat_label(turn, view.group, c)} {money(a, cur, lang)}"
                           for c, a in view.typed)
            text = turn.t("budget.typed_set", items=got) + "\n" + turn.t("budget.typed_more")
        await turn.say(text, [*columns(buttons, 2), [(turn.t("btn.done"), cb.BU_DONE())]])
    elif isinstance(view, AskAmount):
        ask = "budget.q.amount_total" if view.group == "assets" else "budget.q.amount"  # savings: a total
        await turn.say(turn.t(ask, category=cat_label(turn, view.group, view.category)))
    elif isinstance(view, AskMargin):
        await turn.say(turn.t("budget.q.margin"), [[(f"{p}%", cb.BU_MARGIN(p)) for p in view.choices]])
    elif isinstance(view, BudgetSaved):
        b = view.draft.to_budget()
        m = partial(money, currency=cur, lang=lang)
        plan_money = available_for_debts(b)
        both = b.optional_total > 0 and capacity(b) > 0  # the next line says the capacity
        lines = [turn.t("budget.saved_short") if both
                 else turn.t("budget.saved", amount=m(capacity(b)))]
        if both:
            key = "budget.capacity_plan" if plan_money >= 0 else "budget.capacity_plan_short"
            lines.append(turn.t(key, capacity=m(capacity(b)), optional=m(b.optional_total),
                                money=m(plan_money), deficit=m(-plan_money)))
        cap = view.capacity
        if cap is not None and cap.short:
            cuts = cut_lines(cap.cuts, lang, cur)
            lines += [turn.t("budget.short_cuts"), *cuts] if cuts else [turn.t("budget.short")]
        lines.append(turn.t("budget.next"))
        await turn.say("\n".join(lines))
    elif isinstance(view, Cancelled):
        await turn.say(turn.t("cancel.done"))
    return state(step)


async def budget(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    args = turn.command_args if update.message is not None else ""
    return await show(turn, await turn.services.budget.start(turn.uid, args))


async def on_menu(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    choice = cb.BU_MENU.value(turn.data) or "cancel"
    note = {"cancel": turn.t("btn.cancel"), "save": turn.t("btn.save")}.get(choice)
    await turn.close(note)
    return await show(turn, await turn.services.budget.menu(turn.uid, choice))


async def on_income(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    budget = turn.services.budget
    if cb.BU_CLEAR.matches(turn.data):
        await turn.close()
        return await show(turn, await budget.clear_income(turn.uid))
    if cb.BU_DONE.matches(turn.data):
        await turn.close()
        return await show(turn, await budget.done(turn.uid, "income"))
    return await show(turn, await budget.income(turn.uid, turn.typed))


async def on_category(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    budget = turn.services.budget
    if cb.BU_DONE.matches(turn.data):
        await turn.close()
        return await show(turn, await budget.section_done(turn.uid))
    if not cb.BU_CATEGORY.matches(turn.data):  # typed: 房租2500，吃饭1500
        return await show(turn, await budget.items(turn.uid, turn.typed))
    category = cb.BU_CATEGORY.value(turn.data) or ""
    step = await budget.category(turn.uid, category)
    if isinstance(step.view, AskAmount):
        await turn.close(cat_label(turn, step.view.group, category))
    else:
        await turn.close()
    return await show(turn, step)


async def on_amount(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    return await show(turn, await turn.services.budget.amount(turn.uid, turn.typed))


async def on_margin(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    tapped = cb.BU_MARGIN.value(turn.data)
    if tapped is not None:
        await turn.close(f"{tapped}%")
    text = f"{tapped}%" if tapped is not None else turn.typed
    return await show(turn, await turn.services.budget.margin(turn.uid, text))


def _flow(services: Services) -> Flow:
    return Flow(services.budget.discard, services.budget.unsaved, "flow.noun.budget")


def entry_points() -> list[BaseHandler[Any, Any, Any]]:
    return [CommandHandler("budget", budget)]


def build(others: Any) -> ConversationHandler[BotContext]:
    return conversation(
        NAME,
        entry_points(),
        {
            MENU: tap(on_menu, cb.BU_MENU),
            INCOME: typed_or(on_income, cb.BU_DONE, cb.BU_CLEAR),
            CATEGORY: typed_or(on_category, cb.BU_DONE, cb.BU_CATEGORY),
            AMOUNT: typed_or(on_amount),
            MARGIN: typed_or(on_margin, cb.BU_MARGIN),
        },
        timeout=TIMEOUT,
        flow=_flow,
        others=others,
    )


def general() -> list[BaseHandler[Any, Any, Any]]:
    return []
