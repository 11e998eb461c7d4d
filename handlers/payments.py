"""/paid: record a payment, guided or quick (``/paid 花呗 500``), confirmed before saving.

State diagram::

    /paid [name] [amount] ─> PICK (which debt; only when unclear) ─> AMOUNT (unless given)
        ─> DATE (today by default; only in the guided form) ─> CONFIRM ─ Save ─> END
    debt card ─ Record payment ─> AMOUNT ─> ...                   └ Cancel ─> END
    More than the balance: the confirmation says so, and Save marks the debt paid off.
"""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
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

from bot.i18n import money, render_error, t
from bot.services.debts import new_token
from coach.errors import CoachError
from coach.parsing import parse_amount, parse_date, parse_paid_quick
from handlers.common import END, close_buttons, close_rows, current_user, lang_of, say
from handlers.context import BotContext
from handlers.debt_cards import fmt_date
from handlers.flow import cancel_handler, conversation
from handlers.keyboards import columns, keyboard
from storage.models import Debt, User

NAME = "paid"
TIMEOUT = timedelta(hours=6)
DRAFT = "paid"
PICK, AMOUNT, DATE, CONFIRM = "pick", "amount", "date", "confirm"
FROM_CARD = re.compile(r"^pay:(\d{1,9})$")
PICKED = re.compile(r"^pay:pick:(\d{1,9})$")
DAY = re.compile(r"^pay:day:(today|yesterday)$")
CONFIRM_DATA = re.compile(r"^pay:(save:[0-9a-f]{1,16}|cancel)$")
SAVE = re.compile(r"^pay:save:([0-9a-f]{1,16})$")
FROM_NUDGE = re.compile(r"^nu:p:(\d{1,9})$")
OTHER = re.compile(r"^pay:other$")


def nudge_token(nudge_id: int) -> str:
    """One payment per nudge however often its Paid is tapped (hex, like other tokens)."""
    return "e" + format(nudge_id, "x")


async def _ready(update: Update, context: BotContext) -> User | None:
    from handlers.debts import ready_user

    return await ready_user(update, context)


async def _draft(context: BotContext, user: User, update_id: int, **fields: Any) -> dict[str, Any]:
    return await context.services.drafts.update(user.id, DRAFT, update_id, **fields)


async def ask_pick(update: Update, context: BotContext, user: User, debts: list[Debt], key: str) -> str | int:
    lang = user.language
    if not debts:
        await say(update, context, t(lang, "debts.empty"), keyboard([(t(lang, "btn.add_debt"), "debts:add")]))
        return END
    buttons = [(f"{d.lender[:20]} · {money(d.balance, user.currency, lang)}", f"pay:pick:{d.id}") for d in debts]
    await say(update, context, t(lang, key), keyboard(*columns(buttons, 1)))
    return PICK


async def ask_amount(update: Update, context: BotContext, user: User, debt: Debt) -> str:
    lang = user.language
    await say(update, context, t(lang, "paid.q.amount", lender=debt.lender,
                                 balance=money(debt.balance, user.currency, lang)))
    return AMOUNT


async def ask_date(update: Update, context: BotContext, user: User) -> str:
    lang = user.language
    await say(update, context, t(lang, "paid.q.date"), keyboard(
        [(t(lang, "btn.today"), "pay:day:today"), (t(lang, "btn.yesterday"), "pay:day:yesterday")]))
    return DATE


async def show_confirm(update: Update, context: BotContext, user: User, draft: dict[str, Any]) -> str | int:
    lang = user.language
    debt = await context.services.debts.get(user.id, int(draft["debt_id"]))
    if debt is None:
        await say(update, context, t(lang, "debts.not_found"))
        return END
    amount = Decimal(draft["amount"])
    paid_on = date.fromisoformat(draft["paid_on"])
    cur = user.currency
    if amount > debt.balance:
        text = t(lang, "paid.confirm_over", amount=money(amount, cur, lang), lender=debt.lender,
                 balance=money(debt.balance, cur, lang), date=fmt_date(paid_on, lang))
        save = t(lang, "btn.paid_off")
    else:
        text = t(lang, "paid.confirm", amount=money(amount, cur, lang), lender=debt.lender,
                 date=fmt_date(paid_on, lang), before=money(debt.balance, cur, lang),
                 after=money(debt.balance - amount, cur, lang))
        if debt.overdue_amount > 0:
            text += "\n" + t(lang, "paid.covers_overdue", amount=money(min(amount, debt.overdue_amount), cur, lang))
        save = t(lang, "btn.save")
    await say(update, context, text, keyboard(
        [(save, f"pay:save:{draft['token']}")],
        [(t(lang, "btn.other_amount"), "pay:other"), (t(lang, "btn.cancel"), "pay:cancel")]))
    return CONFIRM


async def from_nudge(update: Update, context: BotContext) -> str | int:
    """✅ Paid on a reminder: the planned amount, ready to confirm or change."""
    import json

    assert update.callback_query is not None
    user = await _ready(update, context)
    if user is None:
        return END
    m = FROM_NUDGE.match(update.callback_query.data or "")
    nudge = await context.services.nudges.nudge(user.id, int(m.group(1))) if m else None
    params = json.loads(nudge.params) if nudge else {}
    debt = await context.services.debts.get(user.id, int(params.get("debt_id", 0) or 0)) if nudge else None
    if nudge is None or debt is None:
        await update.callback_query.answer(t(user.language, "nudge.gone"), show_alert=True)
        return END
    from handlers.nudges import of_nudge

    await close_rows(update, of_nudge(nudge.id or 0), t(user.language, "btn.nudge_paid"))
    services = context.services
    if await services.debts.payment_recorded(user.id, nudge_token(nudge.id or 0)):
        await say(update, context, t(user.language, "paid.already"))  # this reminder was paid
        return END
    await services.drafts.clear(user.id, DRAFT, update.update_id)
    fields: dict[str, Any] = {"token": nudge_token(nudge.id or 0), "quick": True, "debt_id": debt.id,
                              "paid_on": services.debts.today(user).isoformat()}
    if params.get("amount"):
        fields["amount"] = params["amount"]
    draft = await _draft(context, user, update.update_id, **fields)
    if "amount" not in draft:
        return await ask_amount(update, context, user, debt)
    return await show_confirm(update, context, user, draft)


async def other_amount(update: Update, context: BotContext) -> str | int:
    user = await current_user(update, context)
    if user is None:
        return END
    draft = await context.services.drafts.get(user.id, DRAFT)
    debt = await context.services.debts.get(user.id, int(draft.get("debt_id", 0) or 0))
    if debt is None:
        return END
    await close_buttons(update, t(user.language, "btn.other_amount"))
    return await ask_amount(update, context, user, debt)


async def paid(update: Update, context: BotContext) -> str | int:
    user = await _ready(update, context)
    if user is None:
        return END
    services = context.services
    await services.drafts.clear(user.id, DRAFT, update.update_id)
    token, today = new_token(), services.debts.today(user)
    text = update.effective_message.text if update.effective_message else ""
    quick = (text or "").split(maxsplit=1)[1] if len((text or "").split(maxsplit=1)) > 1 else ""
    try:
        name, amount = parse_paid_quick(quick) if quick else (None, None)
    except CoachError as err:
        await say(update, context, render_error(user.language, err))
        return END
    debts = await services.debts.find(user.id, name) if name else await services.debts.list(user.id)
    fields: dict[str, Any] = {"token": token, "paid_on": today.isoformat(), "quick": bool(quick)}
    if amount is not None:
        fields["amount"] = str(amount)
    await _draft(context, user, update.update_id, **fields)
    if name and not debts:
        await say(update, context, t(user.language, "paid.no_match", name=name))
        return await ask_pick(update, context, user, await services.debts.list(user.id), "paid.q.which")
    if len(debts) != 1:
        return await ask_pick(update, context, user, debts, "paid.q.which_of" if name else "paid.q.which")
    return await _picked(update, context, user, debts[0])


async def _picked(update: Update, context: BotContext, user: User, debt: Debt) -> str | int:
    draft = await _draft(context, user, update.update_id, debt_id=debt.id)
    if "amount" not in draft:
        return await ask_amount(update, context, user, debt)
    return await show_confirm(update, context, user, draft)


async def from_card(update: Update, context: BotContext) -> str | int:
    assert update.callback_query is not None
    user = await _ready(update, context)
    if user is None:
        return END
    m = FROM_CARD.match(update.callback_query.data or "") or PICKED.match(update.callback_query.data or "")
    debt = await context.services.debts.get(user.id, int(m.group(1))) if m else None
    if debt is None:
        await update.callback_query.answer(t(user.language, "debts.not_found"), show_alert=True)
        return END
    await close_buttons(update, html.escape(debt.lender, quote=False))
    if FROM_CARD.match(update.callback_query.data or ""):
        await context.services.drafts.clear(user.id, DRAFT, update.update_id)
        await _draft(context, user, update.update_id, token=new_token(),
                     paid_on=context.services.debts.today(user).isoformat(), quick=False)
    return await _picked(update, context, user, debt)


async def on_amount(update: Update, context: BotContext) -> str | int | None:
    user = await current_user(update, context)
    if user is None:
        return END
    try:
        amount = parse_amount(update.effective_message.text or "" if update.effective_message else "")
    except CoachError as err:
        await say(update, context, render_error(user.language, err))
        return None
    draft = await _draft(context, user, update.update_id, amount=str(amount))
    if draft.get("quick"):
        return await show_confirm(update, context, user, draft)
    return await ask_date(update, context, user)


async def on_date(update: Update, context: BotContext) -> str | int | None:
    user = await current_user(update, context)
    if user is None:
        return END
    today = context.services.debts.today(user)
    query = update.callback_query
    if query is not None:
        m = DAY.match(query.data or "")
        day = today if m and m.group(1) == "today" else today - timedelta(days=1)
        await close_buttons(update, fmt_date(day, user.language))
    else:
        try:
            parsed = parse_date(update.effective_message.text or "" if update.effective_message else "",
                                today=today, past_ok=True)
        except CoachError as err:
            await say(update, context, render_error(user.language, err))
            return None
        day = parsed.on or parsed.last_on_or_before(today)
    draft = await _draft(context, user, update.update_id, paid_on=day.isoformat())
    return await show_confirm(update, context, user, draft)


async def on_confirm(update: Update, context: BotContext) -> int | None:
    assert update.callback_query is not None
    user = await current_user(update, context)
    if user is None:
        return END
    lang, services = user.language, context.services
    draft = await services.drafts.get(user.id, DRAFT)
    if (update.callback_query.data or "") == "pay:cancel" or not draft.get("amount") or "debt_id" not in draft:
        await close_buttons(update, t(lang, "btn.cancel"))
        await services.drafts.clear(user.id, DRAFT, update.update_id)
        await say(update, context, t(lang, "cancel.done"))
        return END
    if (update.callback_query.data or "") != f"pay:save:{draft.get('token')}":
        await update.callback_query.answer(t(lang, "common.expired"))  # an older card's Save
        return None
    await close_buttons(update, t(lang, "btn.save"))
    result = await services.debts.pay(user.id, int(draft["debt_id"]), Decimal(draft["amount"]),
                                      date.fromisoformat(draft["paid_on"]), draft["token"], update.update_id)
    await services.drafts.clear(user.id, DRAFT, update.update_id)
    if result is None:
        await say(update, context, t(lang, "debts.not_found"))
        return END
    debt = result.debt
    if not result.created:
        await say(update, context, t(lang, "paid.already"))
    elif result.paid_off:
        await say(update, context, t(lang, "paid.paid_off", lender=debt.lender))
    else:
        await say(update, context, t(lang, "paid.recorded", amount=money(result.payment.amount, user.currency, lang),
                                     lender=debt.lender, balance=money(debt.balance, user.currency, lang)))
    return END


async def already_recorded(update: Update, context: BotContext) -> None:
    assert update.callback_query is not None
    await update.callback_query.answer(t(await lang_of(update, context), "paid.already"))


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    text = filters.TEXT & ~filters.COMMAND
    app.add_handler(conversation(
        NAME,
        [CommandHandler("paid", paid), CallbackQueryHandler(from_card, pattern=FROM_CARD),
         CallbackQueryHandler(from_nudge, pattern=FROM_NUDGE)],
        {
            PICK: [CallbackQueryHandler(from_card, pattern=PICKED)],
            AMOUNT: [MessageHandler(text, on_amount)],
            DATE: [CallbackQueryHandler(on_date, pattern=DAY), MessageHandler(text, on_date)],
            CONFIRM: [CallbackQueryHandler(on_confirm, pattern=CONFIRM_DATA),
                      CallbackQueryHandler(other_amount, pattern=OTHER)],
        },
        timeout=TIMEOUT, cancel=cancel_handler(DRAFT),
    ))
    app.add_handler(CallbackQueryHandler(already_recorded, pattern=SAVE))
