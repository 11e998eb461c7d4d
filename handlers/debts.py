"""/adddebt and /debts: record a debt, the list, each debt's card, edit, delete, auto-debit.

The steps are bot/services/adddebt.py and bot/services/debts.py. Answers are kept in a
draft, so a restart resumes at the same question; another command puts the draft aside
with a button back; an edited answer is read again (handlers/chat.py). Every callback
naming a debt is looked up for the tapping user only. Long lists are paged
(handlers/pager.py).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.i18n import fmt_date, money, render_error
from bot.services import Services
from bot.services.answers import LastAnswer
from bot.services.base import Invalid, Refusal, Step
from bot.services.debts import (
    ACCOUNT,
    CONFIRM,
    EDIT,
    LINE,
    AskAccount,
    AutoDebitChanged,
    Cancelled,
    ConfirmDelete,
    DebtCard,
    DebtList,
    Deleted,
    DraftCard,
    EditMenu,
    LineError,
    PaymentHistory,
    Question,
    Rights,
    Saved,
)
from coach.debts import EDITABLE, STEPS
from coach.lenders import LenderType
from coach.regions import Region
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
from handlers.debts_render import (
    LENDER_PICKS,
    choice_label,
    debt_card,
    debt_line,
    draft_card,
    fact_lines,
    passed_buttons,
    payment_lines,
    question,
    render_verdict,
)
from handlers.pager import nav_row, page_title

NAME = "adddebt"
TIMEOUT = timedelta(days=1)
STATES = (*STEPS, CONFIRM, EDIT, LINE)
AUTO_NAME, AUTO_TIMEOUT = "autodebit", timedelta(hours=6)
AUTO_STATES = (ACCOUNT,)


async def show(turn: Turn, step: Step[Any]) -> State:
    """Render an /adddebt step's view."""
    view, lang, cur = step.view, turn.lang, turn.currency
    if await turn.explain(view):
        pass
    elif isinstance(view, LineError):
        await turn.say("\n".join([render_error(lang, view.error), turn.t("adddebt.line_again")]))
    elif isinstance(view, Question):
        if view.corrected:
            await turn.say(turn.t("edit.reread"))
        if view.note:
            n = view.draft.instalments_left if view.draft is not None else None
            await turn.say(turn.t(view.note, n=n or ""))
        text, rows = question(lang, view.step, view.region, view.draft, cur)
        await turn.say(text, rows)
    elif isinstance(view, DraftCard):
        if view.note:
            await turn.say(turn.t(view.note))
        draft = view.draft
        if draft.overdue is None and draft.due_passed:
            overdue = passed_buttons(lang)  # "Was the Nov 15 payment made?" on the card
        elif draft.overdue is None:
            # The one-line form doesn't ask about being overdue: one tap away on the card.
            overdue = [(turn.t("btn.its_overdue"), cb.AD_ANSWER("overdue", "yes"))]
        else:
            overdue = []
        region = turn.profile.jurisdiction if turn.profile else None
        await turn.say(draft_card(lang, view, cur, region),
                       [[(turn.t("btn.save"), cb.AD_SAVE(draft.token))], overdue,
                        [(turn.t("btn.edit"), cb.AD_EDIT()), (turn.t("btn.cancel"), cb.AD_CANCEL())]])
    elif isinstance(view, EditMenu):
        fields = [(turn.t(f"field.{f}"), cb.AD_FIELD(f)) for f in EDITABLE]
        await turn.say(turn.t("adddebt.edit_which"), columns(fields, 3))
    elif isinstance(view, Saved):
        if not view.created:
            await turn.say(turn.t("adddebt.already_saved"))
        else:
            key = "adddebt.updated" if view.edited else "adddebt.saved"
            text = turn.t(key, lender=view.debt.lender, amount=money(view.debt.balance, cur, lang))
            warnings = ["\n".join(render_verdict(lang, view.verdict, view.today))] if view.verdict else []
            await turn.say("\n\n".join([text, *warnings]))
    elif isinstance(view, Cancelled):
        await turn.say(turn.t("cancel.done"))
    return state(step)


# --- /adddebt -----------------------------------------------------------------------------


async def adddebt(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    await turn.close()
    args = turn.command_args if update.message is not None else ""
    return await show(turn, await turn.services.debts.start(turn.uid, args, turn.message_id))


async def resume(update: Update, context: BotContext) -> State:
    """Back to a debt put aside by another command."""
    turn = await Turn.of(update, context)
    step = await turn.services.debts.resume(turn.uid)
    if not isinstance(step.view, Refusal):
        await turn.close(turn.t("btn.resume", what=turn.t("flow.noun.debt")))
    return await show(turn, step)


async def from_chat(update: Update, context: BotContext) -> State:
    """Record the debt a message told, or a pasted bill's: /adddebt, prefilled."""
    turn = await Turn.of(update, context)
    target = cb.CHAT_BILL.value(turn.data) if cb.CHAT_BILL.matches(turn.data) else None
    step = await turn.services.chat.adddebt(turn.uid, bill_target=target)
    if not isinstance(step.view, Refusal):
        await turn.close()
    return await show(turn, step)


async def on_line(update: Update, context: BotContext) -> State:
    """The one-line form again, after it didn't read."""
    turn = await Turn.of(update, context)
    return await show(turn, await turn.services.debts.line(turn.uid, turn.typed, turn.message_id))


async def reread(turn: Turn, last: LastAnswer, text: str) -> State:
    """An edited answer: read again, and the corrected question or card shown."""
    return await show(turn, await turn.services.debts.reread(turn.uid, last, text, turn.message_id))


def answer_handler(step: str) -> Any:
    async def on_answer(update: Update, context: BotContext) -> State:
        turn = await Turn.of(update, context)
        debts = turn.services.debts
        if turn.data is not None:
            pick = cb.AD_PICK.value(turn.data)
            if pick is not None:
                idx = int(pick)
                card = idx >= len(LENDER_PICKS)
                name = turn.t("btn.credit_card") if card else LENDER_PICKS[idx]
                result = await debts.pick_lender(turn.uid, name, card)
                note = name
            else:
                parsed = cb.AD_ANSWER.parse(turn.data)
                if parsed is None or parsed[0] != step:  # a button of an earlier question
                    await turn.answer(turn.t("common.expired"))
                    return None
                result = await debts.answer(turn.uid, step, choice=parsed[1])
                note = choice_label(turn.lang, parsed[1]) if parsed[0] != "type" else turn.t(
                    f"lender_type.{parsed[1]}")
            if not isinstance(result.view, Invalid | Refusal):
                await turn.close(note)
            return await show(turn, result)
        return await show(turn, await debts.answer(turn.uid, step, text=turn.typed,
                                                   message_id=turn.message_id))

    on_answer.__name__ = f"on_{step}"
    return on_answer


async def on_card_overdue(update: Update, context: BotContext) -> State:
    """On the card: "⚠️ It's overdue", or "Was the Nov 15 payment made?" Yes / ⚠️ No."""
    turn = await Turn.of(update, context)
    parsed = cb.AD_ANSWER.parse(turn.data)
    if parsed is None or parsed[0] != "overdue":
        await turn.answer(turn.t("common.expired"))
        return None
    result = await turn.services.debts.answer(turn.uid, "overdue", choice=parsed[1])
    if not isinstance(result.view, Invalid | Refusal):
        await turn.close(choice_label(turn.lang, parsed[1]) if parsed[1] != "yes"
                         else turn.t("btn.its_overdue"))
    return await show(turn, result)


async def on_confirm(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    debts = turn.services.debts
    if cb.AD_CANCEL.matches(turn.data):
        await turn.close(turn.t("btn.cancel"))
        return await show(turn, await debts.cancel(turn.uid))
    if cb.AD_EDIT.matches(turn.data):
        await turn.close(turn.t("btn.edit"))
        return await show(turn, await debts.edit_menu(turn.uid))
    step = await debts.save(turn.uid, cb.AD_SAVE.value(turn.data) or "")
    if isinstance(step.view, Saved):
        await turn.close(turn.t("btn.save"))
    return await show(turn, step)


async def on_field(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    field = cb.AD_FIELD.value(turn.data) or ""
    if field not in EDITABLE:
        await turn.close()
        return ConversationHandler.END
    await turn.close(turn.t(f"field.{field}"))
    return await show(turn, await turn.services.debts.edit_field(turn.uid, field))


async def edit_existing(update: Update, context: BotContext) -> State:
    """Edit on a debt card: the debt becomes a draft; Save updates it in place."""
    turn = await Turn.of(update, context)
    debt_id = cb.DEBT_EDIT.id(turn.data)
    assert debt_id is not None
    step = await turn.services.debts.edit_existing(turn.uid, debt_id)
    if isinstance(step.view, EditMenu):
        await turn.close()
    return await show(turn, step)


async def on_consent(update: Update, context: BotContext) -> None:
    turn = await Turn.of(update, context)
    result = await turn.services.debts.give_consent(turn.uid)
    if await turn.explain(result):
        return
    await turn.close(turn.t("btn.give_consent"))
    await turn.say(turn.t("adddebt.consent_thanks"))


async def already_saved(update: Update, context: BotContext) -> None:
    """A second tap on Save, after the conversation ended: act once, say so."""
    turn = await Turn.of(update, context)
    await turn.answer(turn.t("adddebt.already_saved"))


# --- /debts and the card --------------------------------------------------------------------


async def show_list(update: Update, context: BotContext) -> None:
    """/debts, a page at a time: the page's debts, each a button to its card; the totals
    of every debt; Previous / Next."""
    turn = await Turn.of(update, context)
    page = cb.DEBTS_PAGE.id(turn.data) if cb.DEBTS_PAGE.matches(turn.data) else 0
    view = await turn.services.debts.list(turn.uid, page or 0)
    await turn.close()
    if await turn.explain(view):
        return
    assert isinstance(view, DebtList)
    lang, cur = turn.lang, turn.currency
    add = [(turn.t("btn.add_debt"), cb.DEBTS_ADD())]
    if not view.page.total:
        await turn.say(turn.t("debts.empty"), [add])
        return
    tot = view.totals
    lines = [page_title(lang, "debts.title", view.page)]
    lines += [debt_line(lang, i, d, cur, view.today) for i, d in view.page.numbered()]
    lines += ["", turn.t("debts.total", amount=money(tot.owed, cur, lang))]
    if tot.overdue > 0:
        lines.append(turn.t("debts.total_overdue", amount=money(tot.overdue, cur, lang)))
    if tot.next_debt is not None and tot.next_on is not None:
        amount = money(tot.next_amount, cur, lang) if tot.next_amount else "—"
        lines.append(turn.t("debts.next_payment", lender=tot.next_debt.lender, amount=amount,
                            date=fmt_date(tot.next_on, lang)))
    buttons: list[Button] = [(f"{i}. {d.lender[:20]}", cb.DEBT_OPEN(d.id))
                             for i, d in view.page.numbered()]
    nav = nav_row(lang, view.page, cb.DEBTS_PAGE)
    await turn.say("\n".join(lines), [*columns(buttons, 2), nav, add])


async def _card(turn: Turn, view: DebtCard | Refusal) -> None:
    if await turn.explain(view):
        return
    assert isinstance(view, DebtCard)
    lang, cur, debt = turn.lang, turn.currency, view.debt
    await turn.close()
    region = turn.profile.jurisdiction if turn.profile else Region.OTHER
    lines = debt_card(lang, debt, cur, view.today, region)
    if debt.is_overdue:
        lines += ["", turn.t("debts.overdue_title")]
        if view.penalty_so_far is not None and debt.overdue_since is not None:
            lines.append(turn.t("debts.penalty_so_far", amount=money(view.penalty_so_far, cur, lang),
                                since=fmt_date(debt.overdue_since, lang)))
        lines += fact_lines(lang, view.facts, cur, region)
    lines += payment_lines(lang, view.payments, cur)
    rows: list[list[Button]] = []
    if debt.lender_type is LenderType.BANK_UNSPLIT:
        lines += ["", turn.t("debts.kind_question", lender=debt.lender)]
        rows.append([(turn.t("lender_type.credit_card"), cb.DEBT_KIND(debt.id, "credit_card")),
                     (turn.t("lender_type.bank_loan"), cb.DEBT_KIND(debt.id, "bank_loan"))])
    auto = turn.t("btn.auto_debit_on" if debt.auto_debit else "btn.auto_debit")
    rows += [
        [(turn.t("btn.pay"), cb.PAY_FROM_CARD(debt.id)), (turn.t("btn.edit"), cb.DEBT_EDIT(debt.id))],
        [(auto, cb.DEBT_AUTO(debt.id)), (turn.t("btn.delete"), cb.DEBT_DELETE(debt.id))],
        [(turn.t("btn.rights"), cb.DEBT_RIGHTS(debt.id))] if debt.is_overdue else [],
        [(turn.t("btn.unmute"), cb.DEBT_UNMUTE(debt.id))] if debt.muted else [],
        [(turn.t("btn.payment_history"), cb.DEBT_PAYMENTS(debt.id, 1))]
        if view.payments.has_next else [],
        [(turn.t("btn.back_list"), cb.DEBTS_LIST())],
    ]
    await turn.say("\n".join(lines), rows)


async def show_payments(update: Update, context: BotContext) -> None:
    """A debt's payment history, a page at a time (newest first)."""
    turn = await Turn.of(update, context)
    parsed = cb.DEBT_PAYMENTS.parse(turn.data)
    assert parsed is not None
    view = await turn.services.debts.payments(turn.uid, int(parsed[0]), int(parsed[1]))
    if await turn.explain(view):
        return
    assert isinstance(view, PaymentHistory)
    await turn.close()
    lang, debt = turn.lang, view.debt
    lines = [turn.t("card.title_saved", lender=debt.lender)]
    lines += payment_lines(lang, view.payments, turn.currency) or ["", turn.t("debts.no_payments")]
    nav = nav_row(lang, view.payments, lambda n: cb.DEBT_PAYMENTS(debt.id, n))
    await turn.say("\n".join(lines), [nav, [(turn.t("btn.back"), cb.DEBT_OPEN(debt.id))]])


async def show_card(update: Update, context: BotContext) -> None:
    turn = await Turn.of(update, context)
    await _card(turn, await turn.services.debts.card(turn.uid, cb.DEBT_OPEN.id(turn.data) or 0))


async def on_kind(update: Update, context: BotContext) -> None:
    turn = await Turn.of(update, context)
    parsed = cb.DEBT_KIND.parse(turn.data)
    assert parsed is not None
    await _card(turn, await turn.services.debts.set_kind(turn.uid, int(parsed[0]), parsed[1]))


async def show_rights(update: Update, context: BotContext) -> None:
    """Everything being overdue means for this debt: the credit report, the law, what helps."""
    turn = await Turn.of(update, context)
    view = await turn.services.debts.rights(turn.uid, cb.DEBT_RIGHTS.id(turn.data) or 0)
    if await turn.explain(view):
        return
    assert isinstance(view, Rights)
    await turn.close()
    lines = [turn.t("debts.rights_title", lender=view.debt.lender)]
    lines += fact_lines(turn.lang, view.facts, turn.currency,
                        turn.profile.jurisdiction if turn.profile else Region.OTHER)
    lines.append(turn.t("debts.rights_lawyer"))
    await turn.say("\n".join(lines), [[(turn.t("btn.back"), cb.DEBT_OPEN(view.debt.id))]])


async def ask_delete(update: Update, context: BotContext) -> None:
    turn = await Turn.of(update, context)
    view = await turn.services.debts.ask_delete(turn.uid, cb.DEBT_DELETE.id(turn.data) or 0)
    if await turn.explain(view):
        return
    assert isinstance(view, ConfirmDelete)
    await turn.close()
    await turn.say(turn.t("debts.delete_confirm", lender=view.debt.lender),
                   [[(turn.t("btn.delete_debt_yes"), cb.DEBT_DELETE_OK(view.debt.id))],
                    [(turn.t("btn.cancel"), cb.DEBT_OPEN(view.debt.id))]])


async def do_delete(update: Update, context: BotContext) -> None:
    turn = await Turn.of(update, context)
    view = await turn.services.debts.delete(turn.uid, cb.DEBT_DELETE_OK.id(turn.data) or 0)
    if await turn.explain(view):
        return
    assert isinstance(view, Deleted)
    await turn.close(turn.t("btn.delete_debt_yes"))
    await turn.say(turn.t("debts.deleted", lender=view.debt.lender))


# --- auto-debit -------------------------------------------------------------------------


async def show_auto(turn: Turn, step: Step[Any]) -> State:
    view = step.view
    if await turn.explain(view):
        pass
    elif isinstance(view, AskAccount):
        rows = [[(turn.t("btn.auto_off"), cb.DEBT_AUTO_OFF(view.debt.id))]] if view.debt.auto_debit else []
        await turn.say(turn.t("debts.auto_q", lender=view.debt.lender), rows)
    elif isinstance(view, AutoDebitChanged):
        debt = view.debt
        if debt.auto_debit:
            await turn.say(turn.t("debts.auto_on", lender=debt.lender, account=debt.auto_debit_account or ""))
        else:
            await turn.say(turn.t("debts.auto_off", lender=debt.lender))
    return state(step)


async def ask_account(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    step = await turn.services.debts.ask_account(turn.uid, cb.DEBT_AUTO.id(turn.data) or 0)
    if isinstance(step.view, AskAccount):
        await turn.close()
    return await show_auto(turn, step)


async def on_account(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    return await show_auto(turn, await turn.services.debts.set_account(turn.uid, turn.typed))


async def auto_off(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    step = await turn.services.debts.auto_debit_off(turn.uid, cb.DEBT_AUTO_OFF.id(turn.data) or 0)
    if isinstance(step.view, AutoDebitChanged):
        await turn.close(turn.t("btn.auto_off"))
    return await show_auto(turn, step)


# --- registration -----------------------------------------------------------------------


def _flow(services: Services) -> Flow:
    return Flow(services.debts.discard, services.debts.unsaved, "flow.noun.debt",
                resume=cb.AD_RESUME(), reread=reread)


def _auto_flow(services: Services) -> Flow:
    return Flow(services.debts.discard_auto, services.debts.no_unsaved)


def entry_points() -> list[BaseHandler[Any, Any, Any]]:
    return [CommandHandler("adddebt", adddebt),
            CallbackQueryHandler(edit_existing, pattern=cb.DEBT_EDIT.pattern),
            CallbackQueryHandler(adddebt, pattern=cb.DEBTS_ADD.pattern),
            CallbackQueryHandler(resume, pattern=cb.AD_RESUME.pattern),
            CallbackQueryHandler(from_chat, pattern=cb.CHAT_ADD.pattern),
            CallbackQueryHandler(from_chat, pattern=cb.CHAT_BILL.pattern)]


def build(others: Any) -> ConversationHandler[BotContext]:
    states: dict[object, list[BaseHandler[Any, Any, Any]]] = {}
    for step in STEPS:
        kinds = (cb.AD_PICK, cb.AD_ANSWER) if step == "lender" else (cb.AD_ANSWER,)
        states[step] = typed_or(answer_handler(step), *kinds)
    states[CONFIRM] = (tap(on_confirm, cb.AD_SAVE, cb.AD_EDIT, cb.AD_CANCEL)
                       + tap(on_field, cb.AD_FIELD) + tap(on_card_overdue, cb.AD_ANSWER))
    states[LINE] = [MessageHandler(filters.TEXT & ~filters.COMMAND, on_line)]
    states[EDIT] = tap(on_field, cb.AD_FIELD)
    return conversation(NAME, entry_points(), states, timeout=TIMEOUT, flow=_flow, others=others)


def auto_entry_points() -> list[BaseHandler[Any, Any, Any]]:
    return [CallbackQueryHandler(ask_account, pattern=cb.DEBT_AUTO.pattern)]


def build_auto(others: Any) -> ConversationHandler[BotContext]:
    return conversation(
        AUTO_NAME,
        auto_entry_points(),
        {ACCOUNT: [MessageHandler(filters.TEXT & ~filters.COMMAND, on_account),
                   *tap(auto_off, cb.DEBT_AUTO_OFF)]},
        timeout=AUTO_TIMEOUT, flow=_auto_flow, others=others,
    )


def general() -> list[BaseHandler[Any, Any, Any]]:
    return [
        CallbackQueryHandler(on_consent, pattern=cb.AD_CONSENT.pattern),
        CallbackQueryHandler(already_saved, pattern=cb.AD_SAVE.pattern),
        CommandHandler("debts", show_list),
        CallbackQueryHandler(show_list, pattern=cb.DEBTS_LIST.pattern),
        CallbackQueryHandler(show_list, pattern=cb.DEBTS_PAGE.pattern),
        CallbackQueryHandler(show_payments, pattern=cb.DEBT_PAYMENTS.pattern),
        CallbackQueryHandler(show_card, pattern=cb.DEBT_OPEN.pattern),
        CallbackQueryHandler(on_kind, pattern=cb.DEBT_KIND.pattern),
        CallbackQueryHandler(show_rights, pattern=cb.DEBT_RIGHTS.pattern),
        CallbackQueryHandler(ask_delete, pattern=cb.DEBT_DELETE.pattern),
        CallbackQueryHandler(do_delete, pattern=cb.DEBT_DELETE_OK.pattern),
        CallbackQueryHandler(auto_off, pattern=cb.DEBT_AUTO_OFF.pattern),
    ]

