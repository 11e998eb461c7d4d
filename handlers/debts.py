"""/adddebt: record a debt, guided or in one line, confirmed on one card; editing a debt.

State diagram::

    /adddebt [quick form] ─> the next unanswered question (lender, type, taken, balance,
        rate, minimum, due, overdue [since, amount, penalty], bureau, [purpose]) ─> ... ─> CONFIRM
    CONFIRM ─ Save ─> END (saved once, however often tapped)
            ├ Edit ─> EDIT (pick a field) ─> that question ─> CONFIRM
            └ Cancel ─> END (nothing saved)
    debt card ─ Edit ─> EDIT ─> question ─> CONFIRM ─ Save ─> END (the debt is updated)

Answers are kept in a draft in the database, so a restart resumes at the same question.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.i18n import render_error, t
from bot.services.debts import draft_of, new_token
from coach.debt_answers import apply_answer
from coach.debts import EDITABLE, STEPS, DebtDraft, next_step
from coach.errors import CoachError
from coach.lenders import LenderType
from handlers.common import END, close_buttons, current_user, lang_of, say
from handlers.context import BotContext
from handlers.debt_cards import draft_card
from handlers.debt_warnings import rate_warnings
from handlers.flow import cancel_handler
from handlers.flow import conversation as make_conversation
from handlers.keyboards import Button, columns, keyboard
from storage.models import User

NAME = "adddebt"
TIMEOUT = timedelta(days=1)
DRAFT = "adddebt"
CONFIRM, EDIT = "confirm", "edit"
LENDER_PICKS = ("花呗", "借呗", "微粒贷", "京东白条")
OVERDUE_CHAIN = ("overdue", "overdue_since", "overdue_amount", "penalty")

ANSWER = re.compile(r"^ad:c:([a-z_]{1,20}):([a-z_]{1,24})$")
PICK = re.compile(r"^ad:pick:(\d)$")
CONFIRM_DATA = re.compile(r"^ad:(save:[0-9a-f]{1,16}|edit|cancel)$")
FIELD = re.compile(r"^ad:field:([a-z_]{1,20})$")
SAVE = re.compile(r"^ad:save:([0-9a-f]{1,16})$")
EDIT_DEBT = re.compile(r"^debt:edit:(\d{1,9})$")
CONSENT = re.compile(r"^ad:consent$")


def _c(step: str, value: str) -> str:
    """A button's data names its question, so an old button can't answer a newer one."""
    return f"ad:c:{step}:{value}"


def question(lang: str, step: str, region: str | None = None) -> tuple[str, list[list[Button]]]:
    """The text and buttons of one question."""
    skip = [(t(lang, "btn.skip"), _c(step, "skip"))]
    if step == "lender":
        # Chinese platforms for users in (or writing from) mainland China; a card for all.
        cn = region == "cn" or (region is None and lang == "zh_CN")
        picks = [(name, f"ad:pick:{i}") for i, name in enumerate(LENDER_PICKS)] if cn else []
        picks.append((t(lang, "btn.credit_card"), f"ad:pick:{len(LENDER_PICKS)}"))
        return t(lang, "adddebt.q.lender"), columns(picks, 3)
    if step == "type":
        types = [(t(lang, f"lender_type.{lt.value}"), _c(step, lt.value)) for lt in LenderType.choices()]
        return t(lang, "adddebt.q.type"), columns(types, 2)
    if step == "taken":
        return t(lang, "adddebt.q.taken"), [[(t(lang, "btn.this_month"), _c(step, "this_month")),
                                              (t(lang, "btn.dont_know"), _c(step, "unknown"))]]
    if step in ("balance", "overdue_since"):
        return t(lang, f"adddebt.q.{step}"), []
    if step == "rate":
        return t(lang, "adddebt.q.rate"), [[(t(lang, "btn.dont_know"), _c(step, "unknown"))]]
    if step == "minimum":
        return t(lang, "adddebt.q.minimum"), [[(t(lang, "btn.no_minimum"), _c(step, "none")), *skip]]
    if step == "overdue":
        return t(lang, "adddebt.q.overdue"), [[(t(lang, "btn.yes"), _c(step, "yes")), (t(lang, "btn.no"), _c(step, "no"))]]
    if step == "overdue_amount":
        return t(lang, "adddebt.q.overdue_amount"), [[(t(lang, "btn.all_of_it"), _c(step, "all"))]]
    if step == "bureau":
        return t(lang, "adddebt.q.bureau"), [[(t(lang, "btn.yes"), _c(step, "yes")), (t(lang, "btn.no"), _c(step, "no")),
                                              (t(lang, "btn.dont_know"), _c(step, "unknown"))]]
    if step == "purpose":
        return t(lang, "adddebt.q.purpose"), [[(t(lang, "btn.purpose_repay"), _c(step, "repay"))],
                                               [(t(lang, "btn.purpose_other"), _c(step, "other"))]]
    return t(lang, f"adddebt.q.{step}"), [skip]  # due, penalty


async def _load(context: BotContext, user_id: int) -> DebtDraft | None:
    data = await context.services.drafts.get(user_id, DRAFT)
    return DebtDraft.from_dict(data) if data else None


async def _store(context: BotContext, user_id: int, draft: DebtDraft, update_id: int) -> None:
    await context.services.drafts.update(user_id, DRAFT, update_id, **draft.to_dict())


async def ready_user(update: Update, context: BotContext) -> User | None:
    """The user, if onboarded and consenting to store financial data; otherwise say why."""
    user = await current_user(update, context)
    lang = await lang_of(update, context, user)
    if user is None or not user.onboarded:
        await say(update, context, t(lang, "common.not_registered"))
        return None
    if not user.consent:
        await say(update, context, t(lang, "adddebt.need_consent"),
                  keyboard([(t(lang, "btn.give_consent"), "ad:consent")]))
        return None
    return user


async def on_consent(update: Update, context: BotContext) -> None:
    assert update.effective_user is not None
    user = await context.services.users.update(update.effective_user.id, update.update_id, consent=True)
    lang = await lang_of(update, context, user)
    await close_buttons(update, t(lang, "btn.give_consent"))
    await say(update, context, t(lang, "adddebt.consent_thanks"))


async def ask(update: Update, context: BotContext, lang: str, step: str) -> str:
    user = await current_user(update, context)
    text, rows = question(lang, step, user.region if user else None)
    await say(update, context, text, keyboard(*rows) if rows else None)
    return step


async def show_confirm(update: Update, context: BotContext, user: User, draft: DebtDraft) -> str:
    lang = user.language
    today = context.services.debts.today(user)
    # The one-line form doesn't ask about being overdue: one tap away on the card.
    overdue = [(t(lang, "btn.its_overdue"), "ad:field:overdue")] if draft.overdue is None else []
    await say(update, context, draft_card(lang, draft, user.currency, today), keyboard(
        [(t(lang, "btn.save"), f"ad:save:{draft.token}")],
        overdue,
        [(t(lang, "btn.edit"), "ad:edit"), (t(lang, "btn.cancel"), "ad:cancel")],
    ))
    return CONFIRM


async def advance(update: Update, context: BotContext, user: User, draft: DebtDraft) -> str:
    step = next_step(draft, context.services.debts.today(user))
    if step is None:
        return await show_confirm(update, context, user, draft)
    return await ask(update, context, user.language, step)


def _quick_text(update: Update) -> str:
    text = update.effective_message.text if update.effective_message else ""
    parts = (text or "").split(maxsplit=1)
    return parts[1] if len(parts) > 1 else ""


async def adddebt(update: Update, context: BotContext) -> str | int:
    user = await ready_user(update, context)
    if user is None:
        return END
    draft = DebtDraft(token=new_token())
    quick = _quick_text(update) if update.message is not None else ""
    if quick:
        from coach.parsing import parse_adddebt_quick

        try:
            parsed = parse_adddebt_quick(quick, today=context.services.debts.today(user))
        except CoachError as err:
            await say(update, context, render_error(user.language, err))
            return END
        draft = DebtDraft(token=draft.token, mode="quick")
        if parsed.lender:
            draft = draft.with_lender(parsed.lender)
        if parsed.balance is not None:
            draft = draft.answer("balance", balance=str(parsed.balance))
        if parsed.rate is not None:
            from coach.debts import quoted_to_dict

            draft = draft.answer("rate", rate=quoted_to_dict(parsed.rate), rate_text=None)
        if parsed.min_payment is not None:  # a MinimumRule: fixed, or a percent with a floor
            from coach.debts import minimum_to_dict

            draft = draft.answer("minimum", minimum=minimum_to_dict(parsed.min_payment))
        if parsed.due is not None:
            due = parsed.due
            draft = draft.answer("due", due_on=due.on.isoformat() if due.on else None,
                                 due_day=due.on.day if due.on else due.day_of_month)
    await _store(context, user.id, draft, update.update_id)
    return await advance(update, context, user, draft)


def answer_handler(step: str) -> Any:
    async def on_answer(update: Update, context: BotContext) -> str | int | None:
        user = await current_user(update, context)
        if user is None:
            return END
        draft = await _load(context, user.id)
        if draft is None:
            await say(update, context, t(user.language, "common.expired"))
            return END
        lang, text, choice = user.language, None, None
        query = update.callback_query
        if query is not None:
            pick = PICK.match(query.data or "")
            if pick:
                idx = int(pick.group(1))
                text = LENDER_PICKS[idx] if idx < len(LENDER_PICKS) else t(lang, "btn.credit_card")
            else:
                m = ANSWER.match(query.data or "")
                if m is None or m.group(1) != step:  # a button from an earlier question
                    await query.answer(t(lang, "common.expired"))
                    return None
                choice = m.group(2)
        else:
            text = update.effective_message.text if update.effective_message else ""
        today = context.services.debts.today(user)
        try:
            new = apply_answer(draft, step, today=today, text=text, choice=choice)
            if step == "lender" and text == t(lang, "btn.credit_card"):
                new = new.answer("type", lender_type=LenderType.CREDIT_CARD.value)
        except CoachError as err:
            await say(update, context, render_error(lang, err))
            return None  # ask the same question again
        await close_buttons(update, (text or t(lang, f"btn.{_label(choice)}")) if query else None)
        await _store(context, user.id, new, update.update_id)
        if step == "purpose" and choice == "repay":
            await say(update, context, t(lang, "adddebt.spiral"))
        if new.mode == "edit":
            if step in OVERDUE_CHAIN[:-1] and new.overdue:
                return await ask(update, context, lang, OVERDUE_CHAIN[OVERDUE_CHAIN.index(step) + 1])
            return await show_confirm(update, context, user, new)
        return await advance(update, context, user, new)

    return on_answer


_LABELS = {"skip": "skip", "unknown": "dont_know", "this_month": "this_month", "yes": "yes", "no": "no",
           "none": "no_minimum", "all": "all_of_it", "repay": "purpose_repay", "other": "purpose_other"}


def _label(choice: str | None) -> str:
    return _LABELS.get(choice or "", "skip")


async def on_confirm(update: Update, context: BotContext) -> str | int | None:
    assert update.callback_query is not None
    user = await current_user(update, context)
    if user is None:
        return END
    lang = user.language
    data = update.callback_query.data or ""
    draft = await _load(context, user.id)
    if data == "ad:cancel" or draft is None:
        await close_buttons(update, t(lang, "btn.cancel"))
        await context.services.drafts.clear(user.id, DRAFT, update.update_id)
        await say(update, context, t(lang, "cancel.done"))
        return END
    if data == "ad:edit":
        await close_buttons(update, t(lang, "btn.edit"))
        return await edit_menu(update, context, user, draft)
    if data != f"ad:save:{draft.token}":  # the Save of an older card: it saves nothing
        await update.callback_query.answer(t(lang, "common.expired"))
        return None
    saved = await context.services.debts.save(user.id, draft, update.update_id)
    await close_buttons(update, t(lang, "btn.save"))
    await context.services.drafts.clear(user.id, DRAFT, update.update_id)
    if saved is None:
        await say(update, context, t(lang, "debts.not_found"))
        return END
    from bot.i18n import money

    key = "adddebt.updated" if draft.edit_id else "adddebt.saved"
    text = t(lang, key, lender=saved.debt.lender, amount=money(saved.debt.balance, user.currency, lang))
    warnings = rate_warnings(lang, user, saved.debt, context.services.debts.today(user))
    await say(update, context, "\n\n".join([text, *warnings]))
    return END


async def edit_menu(update: Update, context: BotContext, user: User, draft: DebtDraft) -> str:
    lang = user.language
    draft = replace(draft, mode="edit")
    await _store(context, user.id, draft, update.update_id)
    fields = [(t(lang, f"field.{f}"), f"ad:field:{f}") for f in EDITABLE]
    await say(update, context, t(lang, "adddebt.edit_which"), keyboard(*columns(fields, 3)))
    return EDIT


async def on_field(update: Update, context: BotContext) -> str | int:
    assert update.callback_query is not None
    user = await current_user(update, context)
    if user is None:
        return END
    m = FIELD.match(update.callback_query.data or "")
    step = m.group(1) if m else ""
    if step not in EDITABLE:
        await close_buttons(update)
        return END
    await close_buttons(update, t(user.language, f"field.{step}"))
    draft = await _load(context, user.id)
    if draft is not None and draft.mode != "edit":  # answering it brings the card back
        await _store(context, user.id, replace(draft, mode="edit"), update.update_id)
    return await ask(update, context, user.language, step)


async def edit_existing(update: Update, context: BotContext) -> str | int:
    """Edit on a debt card: the debt becomes a draft; Save updates it in place."""
    assert update.callback_query is not None
    user = await ready_user(update, context)
    if user is None:
        return END
    m = EDIT_DEBT.match(update.callback_query.data or "")
    debt = await context.services.debts.get(user.id, int(m.group(1))) if m else None
    if debt is None:
        await update.callback_query.answer(t(user.language, "debts.not_found"))
        return END
    await close_buttons(update)
    return await edit_menu(update, context, user, draft_of(debt))


async def already_saved(update: Update, context: BotContext) -> None:
    """A second tap on Save, after the conversation ended: act once, say so."""
    query = update.callback_query
    assert query is not None
    lang = await lang_of(update, context)
    await query.answer(t(lang, "adddebt.already_saved"))


def conversation() -> ConversationHandler[BotContext]:
    text = filters.TEXT & ~filters.COMMAND
    states: dict[object, list[Any]] = {}
    for step in STEPS:
        handler = answer_handler(step)
        states[step] = [
            CallbackQueryHandler(handler, pattern=ANSWER if step != "lender" else PICK),
            MessageHandler(text, handler),
        ]
    states[CONFIRM] = [CallbackQueryHandler(on_confirm, pattern=CONFIRM_DATA),
                       CallbackQueryHandler(on_field, pattern=FIELD)]
    states[EDIT] = [CallbackQueryHandler(on_field, pattern=FIELD)]
    return make_conversation(
        NAME,
        [CommandHandler("adddebt", adddebt),
         CallbackQueryHandler(edit_existing, pattern=EDIT_DEBT),
         CallbackQueryHandler(adddebt, pattern=re.compile(r"^debts:add$"))],
        states,
        timeout=TIMEOUT,
        cancel=cancel_handler(DRAFT),
    )


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    from handlers import debt_views

    app.add_handler(conversation())
    app.add_handler(CallbackQueryHandler(on_consent, pattern=CONSENT))
    app.add_handler(CallbackQueryHandler(already_saved, pattern=SAVE))
    debt_views.register(app)
