"""Failure injection: blocked users and flood control (HTTP 403 / 429).

These answers are what Telegram really sends, so they are recorded as *refusals*, not as
violations: the bot did nothing wrong by receiving them, it just has to cope.

* ``block(chat_id)``: every send to the chat answers
  403 "Forbidden: bot was blocked by the user";
* ``rate_limit(chat_id, retry_after, times)``: the next ``times`` sends to the chat answer
  429 "Too Many Requests: retry after N" with ``parameters.retry_after``;
* ``max_per_second`` / ``max_per_chat_per_second``: a sliding one-second window (on
  ``time.monotonic``) over accepted sends; a send beyond it answers 429 with retry_after 1.
  Telegram's real limits are fuzzier (about 30 messages/s overall, 1/s per private chat,
  20/min per group), the window makes benchmarks deterministic.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass

from .models import ApiError

__all__ = ["BLOCKED_DESCRIPTION", "Faults", "InjectedError"]

BLOCKED_DESCRIPTION = "Forbidden: bot was blocked by the user"


class InjectedError(ApiError):
    """A Telegram-correct failure caused by the test's failure injection."""


def _too_many(retry_after: int) -> InjectedError:
    return InjectedError(
        429,
        f"Too Many Requests: retry after {retry_after}",
        {"retry_after": retry_after},
    )


@dataclass
class _RateLimit:
    retry_after: int
    remaining: int


class Faults:
    """Per-bot failure-injection state; :meth:`check` raises for a refused send."""

    def __init__(
        self, max_per_second: int | None = None, max_per_chat_per_second: int | None = None
    ) -> None:
        self.blocked: set[int] = set()
        self.max_per_second = max_per_second
        self.max_per_chat_per_second = max_per_chat_per_second
        self._rate_limits: dict[int, _RateLimit] = {}
        self._window: deque[float] = deque()
        self._chat_windows: dict[int, deque[float]] = {}

    def rate_limit(self, chat_id: int, retry_after: int = 3, times: int = 1) -> None:
        self._rate_limits[chat_id] = _RateLimit(retry_after, times)

    def check(self, chat_id: int) -> None:
        """Raise :class:`InjectedError` if this send to ``chat_id`` must be refused."""
        if chat_id in self.blocked:
            raise InjectedError(403, BLOCKED_DESCRIPTION)
        limit = self._rate_limits.get(chat_id)
        if limit is not None and limit.remaining > 0:
            limit.remaining -= 1
            if limit.remaining == 0:
                del self._rate_limits[chat_id]
            raise _too_many(limit.retry_after)
        now = time.monotonic()
        chat_window = self._chat_windows.setdefault(chat_id, deque())
        for window in (self._window, chat_window):
            while window and window[0] <= now - 1.0:
                window.popleft()
        if self.max_per_second is not None and len(self._window) >= self.max_per_second:
            raise _too_many(1)
        per_chat = self.max_per_chat_per_second
        if per_chat is not None and len(chat_window) >= per_chat:
            raise _too_many(1)
        self._window.append(now)
        chat_window.append(now)
