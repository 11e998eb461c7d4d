"""/debts: the list with totals, each debt's card, delete, auto-debit.

Every callback names a debt id; the service looks it up *for the tapping user*,
so a forged id finds nothing and changes nothing.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.i18n import legal_footer, money, t, with_citation
from coach.lenders import LenderType
from coach.overdue import overdue_facts, penalty_accrued
from coach.regions import region_of
from handlers.common import END, close_buttons, current_user, say
from handlers.context import BotContext
from handlers.debt_cards import debt_card, debt_line, fmt_date
from handlers.flow import cancel_handler, conversation
from handlers.flow import onboarded_user as _user
from handlers.keyboards import Button, columns, keyboard
from storage.models import Debt, User

OPEN = re.compile(r"^debt:(\d{1,9})$")
DELETE = re.compile(r"^debt:del:(\d{1,9})$")
DELETE_OK = re.compile(r"^debt:delok:(\d{1,9})$")
AUTO = re.compile(r"^debt:auto:(\d{1,9})$")
AUTO_OFF = re.compile(r"^debt:autooff:(\d{1,9})$")
LIST = re.compile(r"^debts:list$")
AUTO_NAME, AUTO_TIMEOUT, ACCOUNT = "autodebit", timedelta(hours=6), "account"


def _fmt(value: Any, lang: str, currency: str | None) -> Any:
    if isinstance(value, Decimal):
        return money(value, currency, lang) if value >= 1 else str(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date):
        return fmt_date(value, lang)
    return value


# The facts shown on the card, most important first; "Your rights" shows them all.
KEY_FACTS = (
    "report.kept_5_years", "report.kept_7_years", "other.rules_differ", "cannot.arrest_for_debt",
    "cannot.fdcpa_scope", "can.sue", "help.ask_for_time_or_instalments", "help.keep_records",
)
RIGHTS = re.compile(r"^debt:rights:(\d{1,9})$")


def _facts(lang: str, user: User, debt: Debt, today: date, *, short: bool) -> list[str]:
    """The facts for the user's region (never their language), each with the rule it
    rests on, and the region's legal line last."""
    days = (today - debt.overdue_since).days if debt.overdue_since else 1
    bureau = {"yes": True, "no": False}.get(debt.reports_to_bureau)
    region = region_of(user.region)
    facts = overdue_facts(max(days, 1), bureau, LenderType(debt.lender_type), region, today=today)
    if short:
        rank = {suffix: i for i, suffix in enumerate(KEY_FACTS)}
        picked = [f for f in facts if any(f.code.endswith(k) for k in rank)]
        facts = sorted(picked, key=lambda f: next(v for k, v in rank.items() if f.code.endswith(k)))[:4]
    lines = []
    for fact in facts:
        params = {k: _fmt(v, lang, user.currency) for k, v in fact.params.items()}
        lines.append(with_citation(lang, f"• {t(lang, fact.code, **params)}", fact.citation))
    lines.append(legal_footer(lang, region))
    return lines


def overdue_section(lang: str, user: User, debt: Debt, today: date) -> list[str]:
    """What being overdue costs and risks for this debt, and what helps most (rules.md §5–6)."""
    if debt.overdue_amount <= 0:
        return []
    lines = ["", t(lang, "debts.overdue_title")]
    if debt.penalty_apr is not None and debt.overdue_since is not None:
        accrued = penalty_accrued(debt.overdue_amount, debt.penalty_apr, debt.overdue_since, today)
        lines.append(t(lang, "debts.penalty_so_far", amount=money(accrued, user.currency, lang),
                       since=fmt_date(debt.overdue_since, lang)))
    lines += _facts(lang, user, debt, today, short=True)
    return lines


async def show_rights(update: Update, context: BotContext) -> None:
    """Everything being overdue means for this debt: the credit report, the law, what helps."""
    found = await _owned(update, context, RIGHTS)
    if found is None:
        return
    user, debt = found
    await close_buttons(update)
    today = context.services.debts.today(user)
    lines = [t(user.language, "debts.rights_title", lender=debt.lender)]
    lines += _facts(user.language, user, debt, today, short=False)
    lines.append(t(user.language, "debts.rights_lawyer"))
    await say(update, context, "\n".join(lines),
              keyboard([(t(user.language, "btn.back"), f"debt:{debt.id}")]))


async def show_list(update: Update, context: BotContext) -> None:
    user = await _user(update, context)
    if user is None:
        return
    await close_buttons(update)
    lang, services = user.language, context.services
    debts = await services.debts.list(user.id)
    add = [(t(lang, "btn.add_debt"), "debts:add")]
    if not debts:
        await say(update, context, t(lang, "debts.empty"), keyboard(add))
        return
    from bot.services.debts import totals

    today = services.debts.today(user)
    lines = [t(lang, "debts.title")]
    lines += [debt_line(lang, i, d, user.currency, today) for i, d in enumerate(debts, 1)]
    tot = totals(debts, today)
    lines += ["", t(lang, "debts.total", amount=money(tot.owed, user.currency, lang))]
    if tot.overdue > 0:
        lines.append(t(lang, "debts.total_overdue", amount=money(tot.overdue, user.currency, lang)))
    if tot.next_debt is not None and tot.next_on is not None:
        amount = money(tot.next_amount, user.currency, lang) if tot.next_amount else "—"
        lines.append(t(lang, "debts.next_payment", lender=tot.next_debt.lender, amount=amount,
                       date=fmt_date(tot.next_on, lang)))
    buttons: list[Button] = [(f"{i}. {d.lender[:20]}", f"debt:{d.id}") for i, d in enumerate(debts, 1)]
    await say(update, context, "\n".join(lines), keyboard(*columns(buttons, 2), add))


async def _owned(update: Update, context: BotContext, pattern: re.Pattern[str]) -> tuple[User, Debt] | None:
    """The tapping user's debt named by the callback, or a 'not found' answer."""
    query = update.callback_query
    assert query is not None
    user = await _user(update, context)
    if user is None:
        await query.answer()
        return None
    m = pattern.match(query.data or "")
    debt = await context.services.debts.get(user.id, int(m.group(1))) if m else None
    if debt is None:
        await query.answer(t(user.language, "debts.not_found"), show_alert=True)
        return None
    return user, debt


async def show_card(update: Update, context: BotContext) -> None:
    found = await _owned(update, context, OPEN)
    if found is None:
        return
    user, debt = found
    lang = user.language
    await close_buttons(update)
    today = context.services.debts.today(user)
    lines = debt_card(lang, debt, user.currency, today)
    lines += overdue_section(lang, user, debt, today)
    payments = await context.services.debts.payments(user.id, debt.id or 0)
    if payments:
        lines += ["", t(lang, "debts.payments_title")]
        lines += [t(lang, "debts.payment_line", date=fmt_date(p.paid_on, lang),
                    amount=money(p.amount, user.currency, lang)) for p in payments[:10]]
    auto = t(lang, "btn.auto_debit_on" if debt.auto_debit else "btn.auto_debit")
    await say(update, context, "\n".join(lines), keyboard(
        [(t(lang, "btn.pay"), f"pay:{debt.id}"), (t(lang, "btn.edit"), f"debt:edit:{debt.id}")],
        [(auto, f"debt:auto:{debt.id}"), (t(lang, "btn.delete"), f"debt:del:{debt.id}")],
        [(t(lang, "btn.rights"), f"debt:rights:{debt.id}")] if debt.overdue_amount > 0 else [],
        [(t(lang, "btn.unmute"), f"debt:unmute:{debt.id}")] if debt.muted else [],
        [(t(lang, "btn.back_list"), "debts:list")],
    ))


async def ask_delete(update: Update, context: BotContext) -> None:
    found = await _owned(update, context, DELETE)
    if found is None:
        return
    user, debt = found
    lang = user.language
    await close_buttons(update)
    await say(update, context, t(lang, "debts.delete_confirm", lender=debt.lender), keyboard(
        [(t(lang, "btn.delete_debt_yes"), f"debt:delok:{debt.id}")],
        [(t(lang, "btn.cancel"), f"debt:{debt.id}")],
    ))


async def do_delete(update: Update, context: BotContext) -> None:
    found = await _owned(update, context, DELETE_OK)
    if found is None:
        return
    user, debt = found
    await close_buttons(update, t(user.language, "btn.delete_debt_yes"))
    await context.services.debts.delete(user.id, debt.id or 0, update.update_id)
    await say(update, context, t(user.language, "debts.deleted", lender=debt.lender))


async def ask_account(update: Update, context: BotContext) -> str | int:
    found = await _owned(update, context, AUTO)
    if found is None:
        return END
    user, debt = found
    lang = user.language
    await close_buttons(update)
    await context.services.drafts.update(user.id, AUTO_NAME, update.update_id, debt_id=debt.id)
    rows = [[(t(lang, "btn.auto_off"), f"debt:autooff:{debt.id}")]] if debt.auto_debit else []
    await say(update, context, t(lang, "debts.auto_q", lender=debt.lender), keyboard(*rows) if rows else None)
    return ACCOUNT


async def on_account(update: Update, context: BotContext) -> int | None:
    user = await current_user(update, context)
    if user is None:
        return END
    lang = user.language
    draft = await context.services.drafts.get(user.id, AUTO_NAME)
    account = (update.effective_message.text or "").strip() if update.effective_message else ""
    if not account or len(account) > 64:
        await say(update, context, t(lang, "debts.auto_invalid"))
        return None
    debt = await context.services.debts.set_auto_debit(user.id, int(draft.get("debt_id", 0)), account,
                                                       update.update_id)
    await context.services.drafts.clear(user.id, AUTO_NAME, update.update_id)
    await say(update, context, t(lang, "debts.auto_on", lender=debt.lender, account=account) if debt
              else t(lang, "debts.not_found"))
    return END


async def auto_off(update: Update, context: BotContext) -> int:
    found = await _owned(update, context, AUTO_OFF)
    if found is None:
        return END
    user, debt = found
    await close_buttons(update, t(user.language, "btn.auto_off"))
    await context.services.debts.set_auto_debit(user.id, debt.id or 0, None, update.update_id)
    await context.services.drafts.clear(user.id, AUTO_NAME, update.update_id)
    await say(update, context, t(user.language, "debts.auto_off", lender=debt.lender))
    return END


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    app.add_handler(conversation(
        AUTO_NAME,
        [CallbackQueryHandler(ask_account, pattern=AUTO)],
        {ACCOUNT: [MessageHandler(filters.TEXT & ~filters.COMMAND, on_account),
                   CallbackQueryHandler(auto_off, pattern=AUTO_OFF)]},
        timeout=AUTO_TIMEOUT, cancel=cancel_handler(AUTO_NAME),
    ))
    app.add_handler(CommandHandler("debts", show_list))
    app.add_handler(CallbackQueryHandler(show_list, pattern=LIST))
    app.add_handler(CallbackQueryHandler(show_card, pattern=OPEN))
    app.add_handler(CallbackQueryHandler(show_rights, pattern=RIGHTS))
    app.add_handler(CallbackQueryHandler(ask_delete, pattern=DELETE))
    app.add_handler(CallbackQueryHandler(do_delete, pattern=DELETE_OK))
    app.add_handler(CallbackQueryHandler(auto_off, pattern=AUTO_OFF))
