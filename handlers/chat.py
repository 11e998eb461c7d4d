"""Chat outside the flows: free text, pasted bills, edited messages, voice and photos.

- Text nobody was waiting for goes to bot/services/chat.py: the help menu, a short
  reply to thanks, what collectors may and may not do, an offer to record a debt, a
  payment or a pasted bill (one tap starts /adddebt or /paid prefilled).
- An edited message (Telegram's ``edited_message``, how people fix a typo) is taken
  here, before any conversation sees it (group -4; the crisis check at -5 runs first):
  the open flow's last answer is read again (its ``Flow.reread``) and the corrected
  question or card shown; any other edit is not applied, and the user is told so.
- Voice notes, stickers, photos and files: what the bot can do with them today.

Text about a collector gets what collectors may and may not do where the user lives,
and under it the contact log's "log it?" offer (handlers/contacts.py), what the
message told (when, who was contacted, the flags) filled in.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    BaseHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.i18n import Safe, fmt_date, money, percent, render_error, t
from bot.services.chat import (
    BillOffer,
    CollectionCard,
    DebtOffer,
    HelpMenu,
    NothingToCancel,
    NotUnderstood,
    PaymentOffer,
    Thanks,
)
from coach.debts import DebtDraft
from coach.errors import ParseError
from handlers import callback_data as cb
from handlers.contacts_render import offer
from handlers.context import BotContext
from handlers.conversation import FLOWS, Button, Turn, escape
from handlers.debts_render import fact_lines
from handlers.ptb_adapter import active_keys, set_state

__all__ = ["EDIT_GROUP", "catch_alls", "general", "help_command", "help_rows", "on_text",
           "register", "show_cancel"]

EDIT_GROUP = -4


def help_rows(lang: str) -> list[list[Button]]:
    """The help menu's buttons: the main commands, one tap each."""
    return [
        [(t(lang, "btn.add_debt"), cb.DEBTS_ADD()), (t(lang, "btn.my_debts"), cb.DEBTS_LIST())],
        [(t(lang, "btn.record_payment"), cb.PAY_START()), (t(lang, "btn.see_plan"), cb.NUDGE_PLAN())],
        [(t(lang, "btn.reminders"), cb.REM_PAGE(0))],
    ]


def _draft_summary(lang: str, draft: DebtDraft, currency: str | None) -> str:
    """One line of what was understood: lender · balance · rate · due · overdue."""
    parts = [escape(draft.lender) if draft.lender else t(lang, "chat.no_lender")]
    if draft.balance_value is not None:
        parts.append(money(draft.balance_value, currency, lang))
    cost = draft.cost()
    if cost is not None:
        parts.append(t(lang, "debts.apr", apr=percent(cost.apr, lang)))
    rule = draft.minimum_rule
    if rule is not None and rule.amount is not None:
        parts.append(t(lang, "chat.minimum", amount=money(rule.amount, currency, lang)))
    if draft.due_day and not draft.due_on:
        parts.append(t(lang, "chat.due_day", day=draft.due_day))
    elif draft.due_on:
        parts.append(t(lang, "debts.due", date=fmt_date(date.fromisoformat(draft.due_on), lang)))
    if draft.overdue_since:
        since = fmt_date(date.fromisoformat(draft.overdue_since), lang)
        parts.append(t(lang, "debts.overdue_since", date=since))
    return " · ".join(parts)


async def _show(turn: Turn, view: object) -> None:
    lang, cur = turn.lang, turn.currency
    if isinstance(view, HelpMenu):
        if not view.onboarded:
            await turn.say(turn.t("common.not_registered"))
            return
        intro = turn.t("chat.hello") + "\n\n" if view.greeting else ""
        await turn.say(intro + turn.t("help.text"), help_rows(lang))
    elif isinstance(view, Thanks):
        await turn.say(turn.t("chat.thanks"))
    elif isinstance(view, NothingToCancel):
        if view.discarded:
            joiner = "、" if lang == "zh_CN" else ", "
            what = joiner.join(turn.t(f"flow.noun.{w}") for w in view.discarded)
            await turn.say(turn.t("cancel.kept_discarded", what=what))
        else:
            await turn.say(turn.t("cancel.nothing"))
    elif isinstance(view, CollectionCard):
        lines = [turn.t("chat.collection_title")]
        lines += fact_lines(lang, view.facts, cur, view.region)
        if view.offer is None:
            await turn.say("\n".join(lines))
        else:  # and the contact log's "log it?", with what the message told filled in
            text, rows = offer(turn, view.offer)
            await turn.say("\n".join([*lines, "", text]), rows)
    elif isinstance(view, DebtOffer):
        text = turn.t("chat.debt_offer", summary=Safe(_draft_summary(lang, view.draft, cur)))
        await turn.say(text, [[(turn.t("btn.record_it"), cb.CHAT_ADD())]])
    elif isinstance(view, PaymentOffer):
        fields = view.fields
        amount = money(fields.amount, cur, lang) if fields.amount is not None else "—"
        lender = view.debt.lender if view.debt is not None else (fields.lender or "—")
        await turn.say(turn.t("chat.payment_offer", amount=amount, lender=lender),
                       [[(turn.t("btn.record_it"), cb.CHAT_PAID())]])
    elif isinstance(view, BillOffer):
        await turn.say(*_bill(turn, view))
    elif isinstance(view, NotUnderstood):
        await turn.say(turn.t("common.unknown_text" if view.onboarded else "common.not_registered"))


def _bill(turn: Turn, view: BillOffer) -> tuple[str, list[list[Button]]]:
    lang, cur, bill = turn.lang, turn.currency, view.bill
    currency = bill.currency or cur
    parts = []
    if bill.statement_amount is not None:
        parts.append(turn.t("chat.bill_amount", amount=money(bill.statement_amount, currency, lang)))
    if bill.minimum is not None:
        parts.append(turn.t("chat.minimum", amount=money(bill.minimum, currency, lang)))
    if bill.due_on is not None:
        parts.append(turn.t("debts.due", date=fmt_date(bill.due_on, lang)))
    if bill.overdue_days:
        parts.append(turn.t("chat.bill_overdue", days=bill.overdue_days))
    if bill.overdue_amount:
        parts.append(turn.t("chat.bill_overdue_amount",
                            amount=money(bill.overdue_amount or Decimal(0), currency, lang)))
    who = bill.lender or turn.t("chat.no_lender")
    if bill.last4:
        who = turn.t("chat.card_ending", lender=who, last4=bill.last4)
    lines = [turn.t("chat.bill_title", lender=who), " · ".join(parts)]
    if view.match is not None:
        lines.append(turn.t("chat.bill_update", lender=view.match.lender))
        rows = [[(turn.t("btn.bill_update"), cb.CHAT_BILL(view.match.id))]]
    else:
        lines.append(turn.t("chat.bill_new"))
        rows = [[(turn.t("btn.record_it"), cb.CHAT_BILL("new"))]]
    return "\n".join(lines), rows


async def show_cancel(turn: Turn, view: NothingToCancel) -> None:
    """/cancel or a cancel word with no flow open."""
    await _show(turn, view)


# --- text and media nobody was waiting for -------------------------------------------------


async def on_text(update: Update, context: BotContext) -> None:
    """Text no handler took (the crisis check has run). Inside a flow, at a question
    answered by a button, it is asked again (never read as free text, which could start
    something else over the unsaved answers); outside, it goes to the chat service."""
    turn = await Turn.of(update, context)
    if _in_a_flow(update, context):
        await turn.say("\n".join([render_error(turn.lang, ParseError("choice.tap_a_button")),
                                   turn.t("flow.reask_cancel")]))
        return
    await _show(turn, await turn.services.chat.message(turn.uid, turn.typed))


def _in_a_flow(update: Update, context: BotContext) -> bool:
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return False
    key = (chat.id, user.id)
    return any(key in active_keys(h) for group in context.application.handlers.values()
               for h in group if isinstance(h, ConversationHandler))


async def help_command(update: Update, context: BotContext) -> None:
    """/help, or the help button: what the bot does, with the main commands as buttons."""
    turn = await Turn.of(update, context)
    onboarded = turn.profile is not None and turn.profile.onboarded
    await turn.say(turn.t("help.text"), help_rows(turn.lang) if onboarded else [])


async def on_media(update: Update, context: BotContext) -> None:
    """A voice note, sticker, photo, file or video: what the bot can do with it today."""
    turn = await Turn.of(update, context)
    message = update.effective_message
    kind = "file"
    if message is not None:
        if message.voice or message.audio or message.video_note:
            kind = "voice"
        elif message.sticker:
            kind = "sticker"
        elif message.photo:
            kind = "photo"
    await turn.say(turn.t(f"media.{kind}"))


# --- edited messages ------------------------------------------------------------------------


def _conversation(context: BotContext, name: str) -> ConversationHandler[Any] | None:
    for group in context.application.handlers.values():
        for handler in group:
            if isinstance(handler, ConversationHandler) and handler.name == name:
                return handler
    return None


async def on_edited(update: Update, context: BotContext) -> None:
    """An edited message: read again if it was the open flow's last answer; else say
    edits aren't applied. No other handler sees an edit."""
    message = update.edited_message
    if message is None or update.effective_user is None or update.effective_chat is None:
        raise ApplicationHandlerStop
    turn = await Turn.of(update, context)
    last = await turn.services.chat.last_answer(turn.uid)
    conv = _conversation(context, last.flow) if last is not None else None
    key = (update.effective_chat.id, update.effective_user.id)
    hooks = FLOWS[last.flow](context.services) if last is not None and last.flow in FLOWS else None
    if (last is None or conv is None or hooks is None or hooks.reread is None
            or not last.answers(message.message_id) or key not in active_keys(conv)
            or not message.text):
        await turn.say(turn.t("edit.not_applied"))
        raise ApplicationHandlerStop
    new_state = await hooks.reread(turn, last, message.text)
    if new_state is not None:
        set_state(conv, key, new_state)
    raise ApplicationHandlerStop


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Edits, before the conversations (after the crisis check)."""
    app.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE & filters.ChatType.PRIVATE,
                                   on_edited), group=EDIT_GROUP)


def general() -> list[BaseHandler[Any, Any, Any]]:
    return []


_MEDIA = (filters.VOICE | filters.AUDIO | filters.VIDEO_NOTE | filters.Sticker.ALL
          | filters.PHOTO | filters.Document.ALL | filters.VIDEO)


def catch_alls() -> list[BaseHandler[Any, Any, Any]]:
    """Text and media nobody took (the last group)."""
    return [MessageHandler(filters.TEXT & ~filters.COMMAND, on_text),
            MessageHandler(_MEDIA, on_media)]
