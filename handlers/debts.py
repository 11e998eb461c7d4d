"""/debts: the list, each debt's card and payment history, edit, delete, auto-debit; and
the /adddebt conversation (handlers/adddebt.py), re-exported as ``NAME`` and ``build``.

The steps are bot/services/debts.py. Every callback naming a debt is looked up for the
tapping user only. Long lists are paged (handlers/pager.py). Auto-debit's one question
is the "autodebit" conversation (handlers/autodebit.mmd).
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

from bot.i18n import fmt_date, money
from bot.services import Services
from bot.services.base import Refusal, Step
from bot.services.debts import (
    ACCOUNT,
    AskAccount,
    AutoDebitChanged,
    ConfirmDelete,
    DebtCard,
    DebtList,
    Deleted,
    PaymentHistory,
    Rights,
)
from coach.lenders import LenderType
from coach.regions import Region
from handlers import adddebt
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
)
from handlers.debts_render import (
    arrears_lines,
    debt_card,
    debt_line,
    fact_lines,
    payment_lines,
)
from handlers.pager import nav_row, page_title

#: The /adddebt conversation (handlers/adddebt.py), registered as this module's.
NAME, TIMEOUT, STATES, build = adddebt.NAME, adddebt.TIMEOUT, adddebt.STATES, adddebt.build
AUTO_NAME, AUTO_TIMEOUT = "autodebit", timedelta(hours=6)
AUTO_STATES = (ACCOUNT,)


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
    lines += [debt_line(lang, i, d, view.billing[d.id], cur, view.today)
              for i, d in view.page.numbered()]
    lines += ["", turn.t("debts.total", amount=money(tot.owed, cur, lang)) if not tot.penalty
              else turn.t("debts.total_penalty", amount=money(tot.owed, cur, lang),
                          penalty=money(tot.penalty, cur, lang))]
    if tot.overdue > 0:
        lines.append(turn.t("debts.total_overdue", amount=money(tot.overdue, cur, lang)))
    if tot.next_debt is not None and tot.next_on is not None:
        amount = money(tot.next_amount, cur, lang) if tot.next_amount else None
        key = "debts.next_payment" if amount else "debts.next_payment_date"
        lines.append(turn.t(key, lender=tot.next_debt.lender, amount=amount or "",
                            date=fmt_date(tot.next_on, lang)))
    buttons: list[Button] = [(f"{i}. {d.lender[:20]}", cb.DEBT_OPEN(d.id))
                             for i, d in view.page.numbered()]
    nav = nav_row(lang, view.page, cb.DEBTS_PAGE)
    await turn.say("\n".join(lines), [*columns(buttons, 2), nav, add])


#: "I did pay this" is offered for the oldest detected item: a payment goes to the oldest
#: arrears first (coach.billing), so correcting a later one would clear an earlier one.
MAX_FIXES = 1


async def _card(turn: Turn, view: DebtCard | Refusal) -> None:
    if await turn.explain(view):
        return
    assert isinstance(view, DebtCard)
    lang, cur, debt, state = turn.lang, turn.currency, view.debt, view.billing
    await turn.close()
    region = turn.profile.jurisdiction if turn.profile else Region.OTHER
    lines = debt_card(lang, debt, state, cur, view.today, view.monthly_interest, region)
    overdue = state.arrears.unpaid > 0
    if overdue:
        lines += ["", turn.t("debts.overdue_title"), *arrears_lines(lang, state, cur)]
        since = state.arrears.since
        if view.penalty_so_far is not None and since is not None:
            lines.append(turn.t("debts.penalty_so_far", amount=money(view.penalty_so_far, cur, lang),
                                since=fmt_date(since, lang)))
        lines += fact_lines(lang, view.facts, cur, region)
    lines += payment_lines(lang, view.payments, cur)
    marks = await turn.services.contact_records.markers(turn.uid, debt.id)  # grace until ...
    lines += ["📌 " + turn.t(f"outcome.marker.{k}", date=fmt_date(v, lang)) for k, v in marks.items()]
    rows: list[list[Button]] = []
    detected = [i for i in state.arrears.items if i.origin == "detected"][:MAX_FIXES]
    for item in detected:
        rows.append([(turn.t("btn.fix", date=fmt_date(item.due, lang)),
                      cb.DEBT_CORRECT(debt.id, f"{item.due:%Y%m%d}"))])
    if debt.lender_type is LenderType.BANK_UNSPLIT:
        lines += ["", turn.t("debts.kind_question", lender=debt.lender)]
        rows.append([(turn.t("lender_type.credit_card"), cb.DEBT_KIND(debt.id, "credit_card")),
                     (turn.t("lender_type.bank_loan"), cb.DEBT_KIND(debt.id, "bank_loan"))])
    auto = turn.t("btn.auto_debit_on" if debt.auto_debit else "btn.auto_debit")
    rows += [
        [(turn.t("btn.pay"), cb.PAY_FROM_CARD(debt.id)), (turn.t("btn.edit"), cb.DEBT_EDIT(debt.id))],
        [(auto, cb.DEBT_AUTO(debt.id)), (turn.t("btn.delete"), cb.DEBT_DELETE(debt.id))],
        [(turn.t("btn.rights"), cb.DEBT_RIGHTS(debt.id))] if overdue or debt.is_overdue else [],
        [(turn.t("btn.prepare_call", lender=debt.lender[:20]), cb.NEG_DEBT(debt.id))],
        [(turn.t("log.btn.log"), cb.LOG_FROM_DEBT(debt.id)),
         (turn.t("contacts.btn.timeline"), cb.CT_DEBT(debt.id))],
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


def _auto_flow(services: Services) -> Flow:
    return Flow(services.debts.discard_auto, services.debts.no_unsaved)


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
        *adddebt.general(),
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

