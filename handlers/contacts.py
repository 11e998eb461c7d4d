"""/log: a call, message, letter or visit with a lender or collector, logged in under a minute.

The steps are bot/services/contacts.py; the state diagram is handlers/log.mmd; the texts
handlers/contacts_render.py. Entry points: /log; 📝 Log this call under a call script
(/negotiate: the debt, an outbound call and the ask filled in); 📝 on a debt's card or
a follow-up reminder; 📝 Log it under the offer made for free text about a collector
(handlers/chat.py, under what collectors may not do); ✏️ Edit on a
logged entry (a correction). At "what was said", photos, voice notes, documents and
forwarded messages are kept with the entry by Telegram file_id. Save shows the entry's
short hash and, when the contact broke a rule, which rule and where to complain.
"""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

from telegram import (
    Audio,
    Document,
    InlineKeyboardMarkup,
    Message,
    PhotoSize,
    Update,
    Video,
    Voice,
)
from telegram.error import BadRequest
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot import outbox
from bot.services import Services
from bot.services.base import Step
from bot.services.contact_save import Saved
from bot.services.contacts import STATES, Cancelled, NoDebts, Noted, Question
from coach.contacts import Attachment, AttachmentKind
from handlers import callback_data as cb
from handlers.contacts_render import chunks, question, rights, saved
from handlers.context import BotContext
from handlers.conversation import (
    Flow,
    State,
    Turn,
    conversation,
    escape,
    keyboard,
    state,
    tap,
    typed_or,
)
from handlers.nudges import of_nudge

NAME = "log"
__all__ = ["NAME", "STATES", "TIMEOUT", "build", "entry_points", "general"]
TIMEOUT = timedelta(hours=6)
MEDIA = filters.PHOTO | filters.VOICE | filters.AUDIO | filters.Document.ALL | filters.VIDEO


def _chosen(turn: Turn) -> str:
    """The label of the button just tapped (shown under the question it answered)."""
    return escape(turn.tapped_label)


async def _replace(turn: Turn, text: str, rows: list[list[tuple[str, str]]]) -> None:
    """Redraw the tapped message (a ticked check) instead of sending a new one."""
    query = turn.update.callback_query
    if query is None:
        await turn.say(text, rows)
        return
    markup: InlineKeyboardMarkup | None = keyboard(*rows)

    async def edit() -> None:
        await query.answer()
        try:
            await query.edit_message_text(text, reply_markup=markup)
        except BadRequest:  # the same text and buttons: nothing to redraw
            pass

    await outbox.emit(edit)


async def show(turn: Turn, step: Step[Any]) -> State:
    """Render a /log step's view and go where the step says."""
    view = step.view
    if await turn.explain(view):
        pass
    elif isinstance(view, NoDebts):
        await turn.say(turn.t("debts.empty"), [[(turn.t("btn.add_debt"), cb.DEBTS_ADD())]])
    elif isinstance(view, Question):
        await turn.say(*question(turn, view))
    elif isinstance(view, Noted):
        key = "log.noted_file" if view.attachment else "log.noted"
        lines = [turn.t(key, count=len(view.draft.attachments))]
        if view.threat:
            lines.append(turn.t("log.noted_threat"))
        await turn.say("\n".join(lines), [[(turn.t("log.btn.next"), cb.LOG_NOTE_DONE())]])
    elif isinstance(view, Saved):
        await turn.say(*saved(turn, view))
        if view.rights is not None:
            await say_long(turn, *rights(turn, view.rights))
    elif isinstance(view, Cancelled):
        await turn.say(turn.t("cancel.done"))
    return state(step)


async def say_long(turn: Turn, text: str, rows: list[list[tuple[str, str]]]) -> None:
    """A long card in several messages (Telegram's limit), the buttons under the last."""
    parts = chunks(text)
    for part in parts[:-1]:
        await turn.say(part)
    await turn.say(parts[-1], rows)


async def _tapped(turn: Turn, step: Step[Any]) -> State:
    """A tap answered the question: keep the choice on its message, then go on."""
    if not await turn.explain(step.view):
        await turn.close(_chosen(turn))
        return await show(turn, step)
    return state(step)


# --- entry points ---------------------------------------------------------------------------


async def log_command(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    return await show(turn, await turn.services.contacts.start(turn.uid))


async def from_script(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    parsed = cb.LOG_FROM_SCRIPT.parse(turn.data)
    assert parsed is not None
    step = await turn.services.contacts.from_script(turn.uid, int(parsed[0]), parsed[1])
    await turn.answer()
    return await show(turn, step)


async def from_debt(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    step = await turn.services.contacts.from_debt(turn.uid, cb.LOG_FROM_DEBT.id(turn.data) or 0)
    await turn.answer()
    return await show(turn, step)


async def from_nudge(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    nudge_id = cb.LOG_FROM_NUDGE.id(turn.data) or 0
    step = await turn.services.contacts.from_nudge(turn.uid, nudge_id)
    if not await turn.explain(step.view):
        await turn.close_rows(of_nudge(nudge_id), turn.t("btn.nudge_log"))
        return await show(turn, step)
    return state(step)


async def from_text(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    step = await turn.services.contacts.from_text(turn.uid, cb.LOG_FROM_TEXT.value(turn.data) or "")
    return await _tapped(turn, step)


async def edit_entry(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    step = await turn.services.contacts.edit_entry(turn.uid, cb.LOG_EDIT.value(turn.data) or "")
    return await _tapped(turn, step)


# --- the steps ----------------------------------------------------------------------------


async def on_pick(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    return await _tapped(turn, await turn.services.contacts.pick(turn.uid, cb.LOG_PICK.id(turn.data) or 0))


async def on_when(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    service = turn.services.contacts
    tapped = cb.LOG_WHEN.value(turn.data)
    if tapped is None:
        return await show(turn, await service.when(turn.uid, text=turn.typed))
    step = await service.when(turn.uid, now=tapped == "now", earlier=tapped == "earlier")
    return await _tapped(turn, step)


async def on_direction(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    step = await turn.services.contacts.direction(turn.uid, cb.LOG_DIRECTION.value(turn.data) or "")
    if isinstance(step.view, Question) and step.view.name == "channel":
        await _replace(turn, *question(turn, step.view))
        return state(step)
    return await _tapped(turn, step)


async def on_channel(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    step = await turn.services.contacts.channel(turn.uid, cb.LOG_CHANNEL.value(turn.data) or "")
    return await _tapped(turn, step)


async def on_calls(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    tapped = cb.LOG_CALLS.value(turn.data)
    if tapped is None:
        return await show(turn, await turn.services.contacts.calls(turn.uid, text=turn.typed))
    step = await turn.services.contacts.calls(turn.uid, answered=tapped == "answered")
    return await _tapped(turn, step)


async def on_who(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    return await _tapped(turn, await turn.services.contacts.who(turn.uid, cb.LOG_PARTY.value(turn.data) or ""))


async def on_detail(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    skip = cb.LOG_SKIP.value(turn.data)
    if skip is None:
        return await show(turn, await turn.services.contacts.detail(turn.uid, text=turn.typed))
    return await _tapped(turn, await turn.services.contacts.detail(turn.uid, skip=skip))


async def on_note(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    return await show(turn, await turn.services.contacts.note(turn.uid, turn.typed))


def attachment_of(message: Message) -> Attachment | None:
    """A photo, voice note, audio, document or video (by Telegram file_id), or a
    forwarded message (its text, and its file if it has one)."""
    file: PhotoSize | Voice | Audio | Document | Video | None = None
    kind = AttachmentKind.DOCUMENT
    if message.photo:
        file, kind = message.photo[-1], AttachmentKind.PHOTO
    elif message.voice or message.audio:
        file, kind = message.voice or message.audio, AttachmentKind.VOICE
    elif message.document or message.video:
        file = message.document or message.video
    origin = message.forward_origin
    if origin is not None:
        text = message.text or message.caption or ""  # the text is the evidence
        return Attachment(AttachmentKind.FORWARDED, file.file_id if file else "",
                          file.file_unique_id if file else "", text,
                          origin.date.astimezone(UTC) if origin.date else None)
    if file is None:
        return None
    return Attachment(kind, file.file_id, file.file_unique_id)


async def on_attachment(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    message = turn.update.effective_message
    found = attachment_of(message) if message is not None else None
    if found is None or message is None:
        return None
    caption = "" if message.forward_origin is not None else (message.caption or "")
    return await show(turn, await turn.services.contacts.attach(turn.uid, found, caption))


async def on_note_done(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    return await _tapped(turn, await turn.services.contacts.note_done(turn.uid))


async def on_outcome(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    kind = cb.LOG_OUTCOME.value(turn.data) or ""
    return await _tapped(turn, await turn.services.contacts.outcome(turn.uid, kind))


async def on_figure(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    if cb.LOG_FIGURE_SKIP.matches(turn.data):
        return await _tapped(turn, await turn.services.contacts.figure(turn.uid, skip=True))
    return await show(turn, await turn.services.contacts.figure(turn.uid, text=turn.typed))


async def on_written(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    written = cb.LOG_WRITTEN.value(turn.data) == "written"
    return await _tapped(turn, await turn.services.contacts.written(turn.uid, written))


async def on_next(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    step = await turn.services.contacts.next_step(turn.uid, cb.LOG_NEXT.value(turn.data) or "")
    return await _tapped(turn, step)


async def on_follow(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    tapped = cb.LOG_FOLLOW.value(turn.data)
    service = turn.services.contacts
    if tapped is None:
        return await show(turn, await service.follow(turn.uid, text=turn.typed))
    if tapped == "none":
        return await _tapped(turn, await service.follow(turn.uid, none=True))
    return await _tapped(turn, await service.follow(turn.uid, days=int(tapped)))


async def on_flag(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    step = await turn.services.contacts.toggle(turn.uid, cb.LOG_FLAG.value(turn.data) or "")
    if isinstance(step.view, Question):
        await _replace(turn, *question(turn, step.view))
        return state(step)
    return await show(turn, step)


async def on_flags_done(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    return await _tapped(turn, await turn.services.contacts.checks_done(turn.uid))


async def on_third(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    answer = cb.LOG_THIRD.value(turn.data) or "unknown"
    return await _tapped(turn, await turn.services.contacts.third(turn.uid, answer))


async def on_confirm(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    service = turn.services.contacts
    if cb.LOG_CANCEL.matches(turn.data):
        await turn.close(turn.t("btn.cancel"))
        return await show(turn, await service.cancel(turn.uid))
    if cb.LOG_CHANGE.matches(turn.data):
        return await _tapped(turn, await service.edit_menu(turn.uid))
    step = await service.confirm(turn.uid, cb.LOG_SAVE.value(turn.data) or "")
    if isinstance(step.view, Saved):
        await turn.close(turn.t("btn.save"))
    return await show(turn, step)


async def on_field(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    step = await turn.services.contacts.change(turn.uid, cb.LOG_FIELD.value(turn.data) or "")
    return await _tapped(turn, step)


async def already_saved(update: Update, context: BotContext) -> None:
    """A second tap on Save after the conversation ended: saved once, say so."""
    turn = await Turn.of(update, context)
    await turn.answer(turn.t("log.already"))


# --- free text about a collector, outside any flow ---------------------------------------------


# --- wiring -------------------------------------------------------------------------------------


def _flow(services: Services) -> Flow:
    return Flow(services.contacts.discard, services.contacts.unsaved, "flow.noun.contact")


def entry_points() -> list[BaseHandler[Any, Any, Any]]:
    return [CommandHandler("log", log_command),
            CallbackQueryHandler(from_script, pattern=cb.LOG_FROM_SCRIPT.pattern),
            CallbackQueryHandler(from_debt, pattern=cb.LOG_FROM_DEBT.pattern),
            CallbackQueryHandler(from_nudge, pattern=cb.LOG_FROM_NUDGE.pattern),
            CallbackQueryHandler(from_text, pattern=cb.LOG_FROM_TEXT.pattern),
            CallbackQueryHandler(edit_entry, pattern=cb.LOG_EDIT.pattern)]


def build(others: Any) -> ConversationHandler[BotContext]:
    text = filters.TEXT & ~filters.COMMAND
    return conversation(
        NAME,
        entry_points(),
        {
            "debt": tap(on_pick, cb.LOG_PICK),
            "when": typed_or(on_when, cb.LOG_WHEN),
            "channel": tap(on_direction, cb.LOG_DIRECTION) + tap(on_channel, cb.LOG_CHANNEL),
            "calls": typed_or(on_calls, cb.LOG_CALLS),
            "who": tap(on_who, cb.LOG_PARTY),
            "details": typed_or(on_detail, cb.LOG_SKIP),
            # "下一步" / "next" typed is the button (handlers/typed_taps.py), never a note.
            "note": [MessageHandler(filters.FORWARDED & (text | MEDIA), on_attachment),
                     MessageHandler(MEDIA, on_attachment),
                     *tap(on_note_done, cb.LOG_NOTE_DONE),
                     MessageHandler(text, on_note)],
            "outcome": tap(on_outcome, cb.LOG_OUTCOME),
            "figure": typed_or(on_figure, cb.LOG_FIGURE_SKIP),
            "written": tap(on_written, cb.LOG_WRITTEN),
            "next": tap(on_next, cb.LOG_NEXT),
            "follow": typed_or(on_follow, cb.LOG_FOLLOW),
            "conduct": tap(on_flag, cb.LOG_FLAG) + tap(on_flags_done, cb.LOG_FLAGS_DONE),
            "third": tap(on_third, cb.LOG_THIRD),
            "confirm": tap(on_confirm, cb.LOG_SAVE, cb.LOG_CANCEL, cb.LOG_CHANGE),
            "edit": tap(on_field, cb.LOG_FIELD),
        },
        timeout=TIMEOUT,
        flow=_flow,
        others=others,
    )


def general() -> list[BaseHandler[Any, Any, Any]]:
    """Outside the conversation: a late Save. (Free text about a collector is offered for
    logging by the chat handler, handlers/chat.py, under what collectors may not do.)"""
    return [CallbackQueryHandler(already_saved, pattern=cb.LOG_SAVE.pattern)]

