"""Replies are sent after the update's state is saved.

PTB confirms an update to Telegram when it fetches the next batch, usually before
the handlers finish, so a crash mid-update is usually not redelivered (when it is,
the update ledger keeps its writes from applying twice). If replies went out first
and the process died before the conversation state was saved, the user would see
the next question while the bot still waited on the old one. So handlers queue
their replies here, and the update processor sends them only after committing the
state. A crash before the commit sends nothing: the user still sees the last
question and simply taps again.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any

_log = logging.getLogger(__name__)

Send = Callable[[], Awaitable[Any]]
current: ContextVar[list[Send] | None] = ContextVar("outbox", default=None)


async def emit(send: Send) -> None:
    """Queue a Bot API call while an update is being processed; outside one, call it now."""
    box = current.get()
    if box is None:
        await send()
    else:
        box.append(send)


async def flush(box: list[Send]) -> None:
    """Send queued calls in order. A failed call is logged and does not stop the rest."""
    for send in box:
        try:
            await send()
        except Exception as exc:
            _log.warning("a reply could not be sent: %r", exc)


def discard() -> None:
    """Drop what a failed update queued: the error message replaces it."""
    box = current.get()
    if box is not None:
        box.clear()
