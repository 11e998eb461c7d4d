"""/adddebt: record a debt, guided or in one line, confirmed on one card.

The steps are bot/services/adddebt.py; the texts and buttons handlers/debts_render.py.
Answers are kept in a draft, so a restart resumes at the same question; another command
puts the draft aside with a button back; an edited answer is read again
(handlers/chat.py); a line that didn't read waits for the line again (``line``).
The state diagram is handlers/adddebt.mmd.
handlers/debts.py re-exports the conversation (``NAME``, ``build``) with the list.
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

from bot.i18n import money, render_error
from bot.services import Services
from bot.services.answers import LastAnswer
from bot.services.base import Invalid, Refusal, Step
from bot.services.debts import (
    CONFIRM,
    EDIT,
    LINE,
    Cancelled,
    DraftCard,
    EditMenu,
    LineError,
    Question,
    Saved,
)
from coach.debts import EDITABLE, STEPS
from handlers import callback_data as cb
from handlers.context import BotContext
from handlers.conversation import (
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
    draft_card,
    passed_buttons,
    question,
    render_verdict,
)

__all__ = ["NAME", "STATES", "TIMEOUT", "build", "entry_points", "general", "show"]

NAME = "adddebt"
TIMEOUT = timedelta(days=1)
STATES = (*STEPS, CONFIRM, EDIT, LINE)


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


def _flow(services: Services) -> Flow:
    return Flow(services.debts.discard, services.debts.unsaved, "flow.noun.debt",
                resume=cb.AD_RESUME(), reread=reread)


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
    states[EDIT] = tap(on_field, cb.AD_FIELD)
    states[LINE] = [MessageHandler(filters.TEXT & ~filters.COMMAND, on_line)]
    return conversation(NAME, entry_points(), states, timeout=TIMEOUT, flow=_flow, others=others)


def general() -> list[BaseHandler[Any, Any, Any]]:
    """Outside the conversation: consent, and a Save tapped twice."""
    return [CallbackQueryHandler(on_consent, pattern=cb.AD_CONSENT.pattern),
            CallbackQueryHandler(already_saved, pattern=cb.AD_SAVE.pattern)]
