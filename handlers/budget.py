"""/budget: income, essential and optional spending, assets and a safety margin.

State diagram::

    /budget [quick form] ─> MENU (the budget so far, with its capacity)
    MENU ─ Income ─> INCOME (one source per message; Done) ─> MENU
         ├ Essentials | Optional | Assets ─> CATEGORY (tap one) ─> AMOUNT ─> CATEGORY ─ Done ─> MENU
         ├ Safety margin ─> MARGIN (tap or type) ─> MENU
         ├ Save ─> END (replaces the saved budget, shows what cutting each optional item changes)
         └ Cancel ─> END (nothing saved)

Re-running /budget starts from the saved budget, so each item can be changed later.
"""

from __future__ import annotations

import html
import re
from datetime import timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.i18n import money, percent, render_error, t
from coach.budget import ESSENTIAL_CATEGORIES, OPTIONAL_CATEGORIES, capacity
from coach.budget_input import BudgetDraft, parse_budget_quick
from coach.errors import CoachError
from handlers.common import END, close_buttons, current_user, say
from handlers.context import BotContext
from handlers.flow import cancel_handler, conversation
from handlers.keyboards import Button, columns, keyboard
from storage.models import User

NAME = "budget"
TIMEOUT = timedelta(days=1)
DRAFT = "budget"
MENU, INCOME, CATEGORY, AMOUNT, MARGIN = "menu", "income", "category", "amount", "margin"
GROUPS = {"essentials": ESSENTIAL_CATEGORIES, "optionals": OPTIONAL_CATEGORIES,
          "assets": ("savings", "sellable")}
MENU_DATA = re.compile(r"^bu:(income|essentials|optionals|assets|margin|save|cancel)$")
DONE = re.compile(r"^bu:done$")
CLEAR = re.compile(r"^bu:clear$")
CAT = re.compile(r"^bu:cat:([a-z_]{1,20})$")
MARGIN_DATA = re.compile(r"^bu:m:(\d{1,2})$")


def cat_label(lang: str, group: str, category: str) -> str:
    return t(lang, f"budget.{group}.{category}")


def summary(lang: str, draft: BudgetDraft, currency: str | None) -> str:
    b = draft.to_budget()
    m = partial(money, currency=currency, lang=lang)
    margin_line = (t(lang, "budget.margin", rule=percent(b.margin.percent, lang), amount=m(b.margin_amount))
                   if b.margin.percent is not None else t(lang, "budget.margin_fixed", amount=m(b.margin_amount)))
    lines = [t(lang, "budget.title"),
             t(lang, "budget.income", amount=m(b.income), n=len(b.incomes)),
             t(lang, "budget.essentials", amount=m(b.essential_total)),
             t(lang, "budget.optional", amount=m(b.optional_total)),
             margin_line]
    if b.assets_total() > 0:
        lines.append(t(lang, "budget.assets", amount=m(b.assets_total())))
    lines.append(t(lang, "budget.capacity", amount=m(capacity(b))))
    if capacity(b) < 0:
        lines.append(t(lang, "budget.negative", amount=m(-capacity(b))))
    return "\n".join(lines)


async def _draft(context: BotContext, user_id: int) -> tuple[BudgetDraft, dict[str, Any]]:
    data = await context.services.drafts.get(user_id, DRAFT)
    return BudgetDraft.from_dict(data.get("draft", {})), data


async def _save_draft(context: BotContext, user: User, update_id: int, draft: BudgetDraft,
                      **extra: Any) -> None:
    await context.services.drafts.update(user.id, DRAFT, update_id, draft=draft.to_dict(), **extra)


async def show_menu(update: Update, context: BotContext, user: User, draft: BudgetDraft) -> str:
    lang = user.language
    def b(key: str, data: str) -> Button:
        return t(lang, key), f"bu:{data}"

    await say(update, context, summary(lang, draft, user.currency), keyboard(
        [b("btn.budget_income", "income"), b("btn.budget_essentials", "essentials")],
        [b("btn.budget_optional", "optionals"), b("btn.budget_assets", "assets")],
        [b("btn.budget_margin", "margin")],
        [b("btn.save", "save"), b("btn.cancel", "cancel")],
    ))
    return MENU


async def budget(update: Update, context: BotContext) -> str | int:
    from handlers.debts import ready_user

    user = await ready_user(update, context)
    if user is None:
        return END
    text = update.effective_message.text if update.message and update.effective_message else ""
    parts = (text or "").split(maxsplit=1)
    saved, _ = await context.services.plans.budget(user.id)
    if len(parts) > 1:
        try:
            draft = parse_budget_quick(parts[1])
        except CoachError as err:
            await say(update, context, render_error(user.language, err))
            return END
        if saved is not None:  # the quick form sets totals; keep the saved assets
            draft = BudgetDraft.from_dict({**draft.to_dict(), "assets": saved.assets})
        await _save_draft(context, user, update.update_id, draft)
        return await show_menu(update, context, user, draft)
    draft = saved or BudgetDraft()
    await _save_draft(context, user, update.update_id, draft)
    if saved is None:
        await say(update, context, t(user.language, "budget.intro"))
        return await ask_income(update, context, user, draft)
    return await show_menu(update, context, user, draft)


async def ask_income(update: Update, context: BotContext, user: User, draft: BudgetDraft) -> str:
    lang = user.language
    listed = "\n".join(
        f"• {html.escape(label, quote=False) if label else t(lang, 'budget.income_source')}: "
        f"{money(Decimal(a), user.currency, lang)}"
        for label, a in draft.incomes
    )
    text = t(lang, "budget.q.income") + (f"\n\n{listed}" if listed else "")
    rows: list[list[Button]] = [[(t(lang, "btn.done"), "bu:done")]]
    if draft.incomes:
        rows[0].append((t(lang, "btn.clear"), "bu:clear"))
    await say(update, context, text, keyboard(*rows))
    return INCOME


async def ask_category(update: Update, context: BotContext, user: User, draft: BudgetDraft, group: str) -> str:
    lang = user.language
    values = getattr(draft, group)
    buttons = [(f"{cat_label(lang, group, c)}{' · ' + money(Decimal(values[c]), user.currency, lang) if c in values else ''}",
                f"bu:cat:{c}") for c in GROUPS[group]]
    await say(update, context, t(lang, f"budget.q.{group}"),
              keyboard(*columns(buttons, 2), [(t(lang, "btn.done"), "bu:done")]))
    return CATEGORY


async def on_menu(update: Update, context: BotContext) -> str | int:
    assert update.callback_query is not None
    user = await current_user(update, context)
    if user is None:
        return END
    lang = user.language
    choice = (update.callback_query.data or "").split(":")[1]
    draft, _ = await _draft(context, user.id)
    if choice == "cancel":
        await close_buttons(update, t(lang, "btn.cancel"))
        await context.services.drafts.clear(user.id, DRAFT, update.update_id)
        await say(update, context, t(lang, "cancel.done"))
        return END
    if choice == "save":
        return await save(update, context, user, draft)
    await close_buttons(update)
    if choice == "income":
        return await ask_income(update, context, user, draft)
    if choice == "margin":
        await say(update, context, t(lang, "budget.q.margin"), keyboard(
            [(f"{p}%", f"bu:m:{p}") for p in (0, 5, 10, 15)]))
        return MARGIN
    await _save_draft(context, user, update.update_id, draft, group=choice)
    return await ask_category(update, context, user, draft, choice)


async def on_income(update: Update, context: BotContext) -> str | int | None:
    user = await current_user(update, context)
    if user is None:
        return END
    draft, _ = await _draft(context, user.id)
    if update.callback_query is not None:
        if CLEAR.match(update.callback_query.data or ""):
            await close_buttons(update)
            draft = BudgetDraft.from_dict({**draft.to_dict(), "incomes": []})
            await _save_draft(context, user, update.update_id, draft)
            return await ask_income(update, context, user, draft)
        await close_buttons(update)
        if not draft.incomes:
            await _save_draft(context, user, update.update_id, draft, group="essentials")
            return await ask_category(update, context, user, draft, "essentials")
        return await _next_after(update, context, user, draft, "income")
    try:
        draft = draft.add_income(update.effective_message.text or "" if update.effective_message else "")
    except CoachError as err:
        await say(update, context, render_error(user.language, err))
        return None
    await _save_draft(context, user, update.update_id, draft)
    return await ask_income(update, context, user, draft)


async def _next_after(update: Update, context: BotContext, user: User, draft: BudgetDraft, done: str) -> str:
    """The first time through, walk the sections in order; afterwards, back to the menu."""
    _, data = await _draft(context, user.id)
    if data.get("walked"):
        return await show_menu(update, context, user, draft)
    order = ["income", "essentials", "optionals", "assets"]
    nxt = order[order.index(done) + 1] if done in order[:-1] else None
    if nxt is None:
        await _save_draft(context, user, update.update_id, draft, walked=True)
        return await show_menu(update, context, user, draft)
    await _save_draft(context, user, update.update_id, draft, group=nxt)
    return await ask_category(update, context, user, draft, nxt)


async def on_category(update: Update, context: BotContext) -> str | int:
    assert update.callback_query is not None
    user = await current_user(update, context)
    if user is None:
        return END
    draft, data = await _draft(context, user.id)
    group = data.get("group", "essentials")
    if DONE.match(update.callback_query.data or ""):
        await close_buttons(update)
        return await _next_after(update, context, user, draft, group)
    m = CAT.match(update.callback_query.data or "")
    category = m.group(1) if m else ""
    if category not in GROUPS.get(group, ()):
        await close_buttons(update)
        return await ask_category(update, context, user, draft, group)
    await close_buttons(update, cat_label(user.language, group, category))
    await _save_draft(context, user, update.update_id, draft, category=category)
    ask = "budget.q.amount_total" if group == "assets" else "budget.q.amount"  # savings: a total
    await say(update, context, t(user.language, ask, category=cat_label(user.language, group, category)))
    return AMOUNT


async def on_amount(update: Update, context: BotContext) -> str | int | None:
    user = await current_user(update, context)
    if user is None:
        return END
    draft, data = await _draft(context, user.id)
    group, category = data.get("group", "essentials"), data.get("category", "other")
    try:
        draft = draft.set_amount(group, category, update.effective_message.text or "" if update.effective_message else "")
    except CoachError as err:
        await say(update, context, render_error(user.language, err))
        return None
    await _save_draft(context, user, update.update_id, draft)
    return await ask_category(update, context, user, draft, group)


async def on_margin(update: Update, context: BotContext) -> str | int | None:
    user = await current_user(update, context)
    if user is None:
        return END
    draft, _ = await _draft(context, user.id)
    try:
        if update.callback_query is not None:
            m = MARGIN_DATA.match(update.callback_query.data or "")
            text = f"{m.group(1) if m else 5}%"
            await close_buttons(update, text)
        else:
            text = update.effective_message.text or "" if update.effective_message else ""
        draft = draft.set_margin(text)
    except CoachError as err:
        await say(update, context, render_error(user.language, err))
        return None
    await _save_draft(context, user, update.update_id, draft)
    return await show_menu(update, context, user, draft)


async def save(update: Update, context: BotContext, user: User, draft: BudgetDraft) -> int:
    lang, plans = user.language, context.services.plans
    await close_buttons(update, t(lang, "btn.save"))
    await plans.save_budget(user.id, draft, update.update_id)
    await context.services.drafts.clear(user.id, DRAFT, update.update_id)
    b = draft.to_budget()
    lines = [t(lang, "budget.saved", amount=money(capacity(b), user.currency, lang))]
    view = await plans.view(user, with_agenda=False)
    if view is not None:
        from handlers.plan_render import cut_lines

        lines += cut_lines(lang, user, view, plans.cuts(view)[:3])
    lines.append(t(lang, "budget.next"))
    await say(update, context, "\n".join(lines))
    return END


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    text = filters.TEXT & ~filters.COMMAND
    app.add_handler(conversation(
        NAME,
        [CommandHandler("budget", budget)],
        {
            MENU: [CallbackQueryHandler(on_menu, pattern=MENU_DATA)],
            INCOME: [MessageHandler(text, on_income),
                     CallbackQueryHandler(on_income, pattern=re.compile(r"^bu:(done|clear)$"))],
            CATEGORY: [CallbackQueryHandler(on_category, pattern=re.compile(r"^bu:(done|cat:[a-z_]+)$"))],
            AMOUNT: [MessageHandler(text, on_amount)],
            MARGIN: [CallbackQueryHandler(on_margin, pattern=MARGIN_DATA), MessageHandler(text, on_margin)],
        },
        timeout=TIMEOUT, cancel=cancel_handler(DRAFT),
    ))
