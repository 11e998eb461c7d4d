"""The one place that uses python-telegram-bot's private API, because nothing public exists.

PTB schedules a conversation's timeout when a step is taken, but not for states it
restores from persistence at startup; and there is no public way to end a conversation,
or move it to another state, from outside it. The expiry job (handlers/__init__.py) ends such stale conversations
with :func:`end_conversation`. tests/unit/test_ptb_adapter.py fails if PTB changes the
attributes used here.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import ConversationHandler


def active_keys(conversation: ConversationHandler[Any]) -> set[tuple[int | str, ...]]:
    """The keys (chat id, user id) of the conversation's open states."""
    return set(conversation._conversations)


def end_conversation(conversation: ConversationHandler[Any], key: tuple[int | str, ...]) -> None:
    """End one open state, as a timeout would (PTB persists the change)."""
    conversation._update_state(ConversationHandler.END, key)


def set_state(conversation: ConversationHandler[Any], key: tuple[int | str, ...], state: object,
              ) -> None:
    """Move one open conversation to ``state`` (``END`` ends it), as its own step would:
    an edited answer is handled outside the conversation (handlers/chat.py)."""
    conversation._update_state(state, key)
