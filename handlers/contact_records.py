"""/contacts: each debt's logged contacts, newest first, flags marked, a page at a time;
one entry with Edit and Delete; the rights card and the complaint draft.

The figures are bot/services/contact_records.py; the texts handlers/contacts_render.py.
Editing an entry is the /log conversation (handlers/contacts.py) with its answers.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot import outbox
from bot.services.contact_records import (
    ChooseDebt,
    ComplaintView,
    ConfirmDelete,
    Deleted,
    EntryView,
    NoContacts,
    TimelineView,
)
from bot.services.contact_rights import Rights
from handlers import callback_data as cb
from handlers.contacts import say_long
from handlers.contacts_render import (
    complaint_text,
    entry_lines,
    params,
    rights,
    timeline_line,
)
from handlers.context import BotContext
from handlers.conversation import Button, Turn, columns, escape

MAX_SHOWN = 3500  # characters of a draft shown in the message (the file has all of it)


async def _timeline(turn: Turn, view: object) -> None:
    if await turn.explain(view):
        return
    if isinstance(view, NoContacts):
        key = "contacts.none_debt" if view.debt else "contacts.none"
        rows = [[(turn.t("log.btn.log"), cb.LOG_FROM_DEBT(view.debt.id))]] if view.debt else []
        await turn.say(turn.t(key, lender=view.debt.lender if view.debt else ""), rows)
        return
    if isinstance(view, ChooseDebt):
        buttons = [(turn.t("contacts.debt_button", lender=d.lender[:24], count=n), cb.CT_DEBT(d.id))
                   for d, n in view.debts]
        await turn.say(turn.t("contacts.choose"), columns(buttons, 1))
        return
    assert isinstance(view, TimelineView)
    page, debt = view.page, view.debt
    lines = [turn.t("contacts.title", lender=debt.lender, total=page.total)]
    for name, value in view.markers.items():
        lines.append("📌 " + turn.t(f"outcome.marker.{name}", **params(turn, {"date": value})))
    opened: list[Button] = []
    for i, item in page.numbered():
        e = item.entry
        lines.append(timeline_line(turn, i, e, view.found.get(e.hash, ()), item.corrected))
        opened.append((str(i), cb.CT_OPEN(e.hash[:12])))
    if page.pages > 1:
        lines.append(turn.t("contacts.page", page=page.number + 1, pages=page.pages))
    paging: list[Button] = []
    if page.has_previous:
        paging.append((turn.t("contacts.btn.newer"), cb.CT_PAGE(debt.id, page.number - 1)))
    if page.has_next:
        paging.append((turn.t("contacts.btn.older"), cb.CT_PAGE(debt.id, page.number + 1)))
    rows = [opened, paging,
            [(turn.t("contacts.btn.rights"), cb.CT_RIGHTS(debt.id, 0)),
             (turn.t("log.btn.log"), cb.LOG_FROM_DEBT(debt.id))]]
    await turn.say("\n".join(lines), rows)


async def contacts_command(update: Update, context: BotContext) -> None:
    turn = await Turn.of(update, context)
    await _timeline(turn, await turn.services.contact_records.timeline(turn.uid))


async def on_debt(update: Update, context: BotContext) -> None:
    turn = await Turn.of(update, context)
    await turn.answer()
    view = await turn.services.contact_records.timeline(turn.uid, cb.CT_DEBT.id(turn.data))
    await _timeline(turn, view)


async def on_page(update: Update, context: BotContext) -> None:
    turn = await Turn.of(update, context)
    parsed = cb.CT_PAGE.parse(turn.data)
    assert parsed is not None
    view = await turn.services.contact_records.timeline(turn.uid, int(parsed[0]), int(parsed[1]))
    if not await turn.explain(view):
        await turn.close()
        await _timeline(turn, view)


async def on_open(update: Update, context: BotContext) -> None:
    turn = await Turn.of(update, context)
    view = await turn.services.contact_records.entry(turn.uid, cb.CT_OPEN.value(turn.data) or "")
    if await turn.explain(view):
        return
    assert isinstance(view, EntryView)
    await turn.answer()
    e = view.item.entry
    lines = [turn.t("contacts.entry_title", entry=e.short_hash), "",
             *entry_lines(turn, e, view.debt.lender)]
    rows = [[(turn.t("btn.edit"), cb.LOG_EDIT(e.hash[:12])),
             (turn.t("btn.delete"), cb.CT_DELETE(e.hash[:12]))],
            [(turn.t("btn.back"), cb.CT_DEBT(view.debt.id))]]
    await turn.say("\n".join(lines), rows)


async def on_delete(update: Update, context: BotContext) -> None:
    turn = await Turn.of(update, context)
    prefix = cb.CT_DELETE.value(turn.data) or ""
    view = await turn.services.contact_records.ask_delete(turn.uid, prefix)
    if await turn.explain(view):
        return
    assert isinstance(view, ConfirmDelete)
    await turn.close()
    key = "contacts.delete_confirm_change" if view.change is not None else "contacts.delete_confirm"
    await turn.say(turn.t(key, entry=view.entry.short_hash),
                   [[(turn.t("contacts.btn.delete_yes"), cb.CT_DELETE_OK(prefix))],
                    [(turn.t("btn.back"), cb.CT_OPEN(prefix))]])


async def on_delete_ok(update: Update, context: BotContext) -> None:
    turn = await Turn.of(update, context)
    view = await turn.services.contact_records.delete(turn.uid, cb.CT_DELETE_OK.value(turn.data) or "")
    if await turn.explain(view):
        return
    assert isinstance(view, Deleted)
    await turn.close(turn.t("contacts.btn.delete_yes"))
    lines = [turn.t("contacts.deleted", entry=view.entry.corrects[:8])]
    if view.applied.reverted is not None:
        lines.append(turn.t("log.reverted"))
    await turn.say("\n".join(lines), [[(turn.t("contacts.btn.timeline"),
                                        cb.CT_DEBT(view.entry.debt_id))]])


async def on_rights(update: Update, context: BotContext) -> None:
    turn = await Turn.of(update, context)
    parsed = cb.CT_RIGHTS.parse(turn.data)
    assert parsed is not None
    view = await turn.services.contact_records.rights(turn.uid, int(parsed[0]),
                                                      licence_not_found=parsed[1] == "1")
    if await turn.explain(view):
        return
    assert isinstance(view, Rights)
    await turn.answer()
    await say_long(turn, *rights(turn, view))


async def on_complaint(update: Update, context: BotContext) -> None:
    """The complaint draft, to copy: as a message and as a .txt document."""
    turn = await Turn.of(update, context)
    parsed = cb.CT_COMPLAINT.parse(turn.data)
    assert parsed is not None
    view = await turn.services.contact_records.complaint(turn.uid, int(parsed[0]),
                                                         licence_not_found=parsed[1] == "1")
    if await turn.explain(view):
        return
    assert isinstance(view, ComplaintView)
    await turn.answer()
    text = complaint_text(turn, view.draft, view.region)
    shown = text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…"
    await turn.say(turn.t("complaint.copy_hint") + f"\n\n<pre>{escape(shown)}</pre>")
    chat = turn.update.effective_chat
    assert chat is not None
    bot = turn.context.bot
    data = text.encode("utf-8")
    name = turn.t("complaint.file_name") + ".txt"
    await outbox.emit(lambda: bot.send_document(chat.id, document=data, filename=name))


def general() -> list[BaseHandler[Any, Any, Any]]:
    return [
        CommandHandler("contacts", contacts_command),
        CallbackQueryHandler(on_debt, pattern=cb.CT_DEBT.pattern),
        CallbackQueryHandler(on_page, pattern=cb.CT_PAGE.pattern),
        CallbackQueryHandler(on_open, pattern=cb.CT_OPEN.pattern),
        CallbackQueryHandler(on_delete, pattern=cb.CT_DELETE.pattern),
        CallbackQueryHandler(on_delete_ok, pattern=cb.CT_DELETE_OK.pattern),
        CallbackQueryHandler(on_rights, pattern=cb.CT_RIGHTS.pattern),
        CallbackQueryHandler(on_complaint, pattern=cb.CT_COMPLAINT.pattern),
    ]

