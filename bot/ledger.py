"""What identifies one Telegram update, for the update ledger.

Telegram may deliver an update again (a crash before the next ``getUpdates`` confirmed
it), with the same ``update_id`` and the same content. It may also reuse an id for a
*different* update: after a week without updates the next id is chosen at random, and
the console's emulator numbered from 1 on every run. So the ledger keys each row by the
id *and* a fingerprint of what the update is about: its kind, chat, sender, message id
or callback query id, date (the edit date for an edited message) and content (the text,
caption or button data). Two deliveries of one update share the fingerprint; two
different updates practically never do.

The fingerprint is a SHA-256 hash (hex, 32 characters): the ledger stores no raw ids of
users, chats or messages.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from telegram import Update

FINGERPRINT_LENGTH = 32


@dataclass(frozen=True, slots=True)
class UpdateKey:
    """``update_id`` and the update's fingerprint (hex)."""

    update_id: int
    fingerprint: str


def _kind(update: Update) -> str:
    data = update.to_dict()
    return next((key for key in data if key != "update_id"), "unknown")


def update_key(update: Update) -> UpdateKey:
    """The ledger key of ``update`` (see the module docstring)."""
    message = update.effective_message
    query = update.callback_query
    member = update.my_chat_member or update.chat_member
    when = None
    if message is not None:
        when = message.edit_date or message.date
    elif member is not None:
        when = member.date
    parts = (
        _kind(update),
        update.effective_chat.id if update.effective_chat else "",
        update.effective_user.id if update.effective_user else "",
        message.message_id if message is not None else "",
        query.id if query is not None else "",
        int(when.timestamp()) if when is not None else "",
        (message.text or message.caption or "") if message is not None else "",
        (query.data or "") if query is not None else "",
    )
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()
    return UpdateKey(update.update_id, digest[:FINGERPRINT_LENGTH])
