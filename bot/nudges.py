"""The nudge tick: claim due nudges, send them, record what happened.

A ``JobQueue.run_repeating`` job calls :meth:`NudgeSender.tick` every
``NUDGE_TICK_SECONDS``. Each tick pages through due rows (memory doesn't grow with
the number of users), groups them by user into one digest message, and records
``sent``, ``failed``, ``blocked`` or a retry time.

Guarantees and their one exception:

* **Never twice.** A row is claimed with a lease before sending and marked sent
  right after Telegram accepts the message, one message at a time. If the
  process dies between Telegram accepting a message and that record, the lease
  expires and the row is sent again: at most one duplicate message per process,
  the one in flight.
* **Never lost.** Rows are planned from the data and survive restarts; a claimed
  row whose process died is claimed again when its lease expires.
* **Right time.** Nothing is sent in the user's quiet hours: rows go back with
  the end of the quiet period as their new time. A "due" nudge whose date has
  passed is dropped as stale; the re-plan has the overdue follow-up instead.
* **Telegram's limits.** At most ``rate`` messages a second from this process
  (give each of several processes its share of ~30/s), one digest per user per
  tick (Telegram allows about one message a second per chat), ``RetryAfter``
  honoured by moving the row to after the delay, ``Forbidden`` (the user blocked
  the bot) pauses the user's nudges until they come back.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from telegram import Bot, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import Forbidden, RetryAfter, TelegramError

from bot.services.nudges import prefs_of
from coach.clock import Clock
from coach.nudges import Claimed, in_quiet_hours, is_stale, next_allowed
from coach.profile import Profile
from coach.timezones import local_now
from storage.nudges import NudgeRepository
from storage.repositories import UserRepository

_log = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 5


Sleep = Callable[[float], Awaitable[None]]


class RateLimiter:
    """At most ``rate`` acquisitions a second, timed by the application's clock.

    ``clock`` is the injected :class:`coach.clock.Clock` (``services.clock``); ``sleep``
    waits a number of seconds (``asyncio.sleep``; a test passes one that records the
    waits, or moves a ``FixedClock``, so pacing is checked without waiting).

    The limiter's time never goes backwards: it is the later of the clock and the end of
    its last wait. So a wall clock set back doesn't make it wait longer than one interval
    (or a RetryAfter), and a clock that stands still (``FixedClock``) still spaces the
    messages one interval apart.
    """

    def __init__(self, rate: float, clock: Clock, sleep: Sleep = asyncio.sleep) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.interval = timedelta(seconds=1.0 / rate)
        self._clock = clock
        self._sleep = sleep
        self._seen: datetime | None = None  # the latest time this limiter knows has come
        self._next: datetime | None = None  # nothing goes out before this
        self._lock = asyncio.Lock()

    def _now(self) -> datetime:
        now = self._clock.now()
        if self._seen is not None and now < self._seen:
            now = self._seen
        self._seen = now
        return now

    def pause(self, seconds: float) -> None:
        """Telegram said RetryAfter: nothing goes out from this process until it has passed."""
        until = self._now() + timedelta(seconds=seconds)
        self._next = until if self._next is None else max(self._next, until)

    async def acquire(self) -> None:
        """Wait (``sleep``) until the next message may go out, and take that turn."""
        async with self._lock:
            now = self._now()
            if self._next is not None and self._next > now:
                await self._sleep((self._next - now).total_seconds())
                self._seen = max(self._seen or self._next, self._next)  # that much has passed
                now = self._now()
            self._next = now + self.interval


@dataclass
class TickStats:
    claimed: int = 0
    sent: int = 0
    messages: int = 0
    stale: int = 0
    deferred: int = 0
    blocked: int = 0
    failed: int = 0
    retry_after: int = 0
    errors: list[str] = field(default_factory=list)


Render = Callable[[Profile, list[Claimed]], tuple[str, InlineKeyboardMarkup | None]]


class NudgeSender:
    """Sends due nudges. ``rate``: messages a second from this process, paced on
    ``services.clock`` with ``sleep`` (``asyncio.sleep``; tests inject their own)."""

    def __init__(self, services: Any, bot: Bot, render: Render, *, rate: float = 25.0,
                 page: int = 200, worker: str | None = None, concurrency: int = 4,
                 sleep: Sleep = asyncio.sleep) -> None:
        self.concurrency = concurrency
        self.services = services
        self.bot = bot
        self.render = render
        self.page = page
        self.worker = worker or f"{os.uname().nodename}:{os.getpid()}"
        self.limiter = RateLimiter(rate, services.clock, sleep)

    async def tick(self) -> TickStats:
        stats = TickStats()
        uow = self.services.uow
        while True:
            now = uow.clock.now()
            async with uow() as s:
                claimed = await NudgeRepository(s).claim(now, self.worker, self.page, now + LEASE)
            if not claimed:
                return stats
            stats.claimed += len(claimed)
            by_user: dict[int, list[Claimed]] = defaultdict(list)
            for row in claimed:
                by_user[row.user_id].append(row)
            # Users are independent: overlap one user's database writes with another's
            # request, while the limiter keeps the pace (one digest per user per tick).
            gate = asyncio.Semaphore(self.concurrency)
            await asyncio.gather(*(self._gated(gate, u, r, stats) for u, r in by_user.items()))
            if len(claimed) < self.page:
                return stats

    async def _gated(self, gate: asyncio.Semaphore, user_id: int, rows: list[Claimed],
                     stats: TickStats) -> None:
        """One user's digest; a failure here (not Telegram's) doesn't stop the others."""
        async with gate:
            try:
                await self._send_user(user_id, rows, stats)
            except Exception as exc:
                _log.exception("nudges for one user failed; they will be retried")
                stats.errors.append(repr(exc))
                try:
                    await self._retry_or_fail(rows, repr(exc), stats)
                except Exception:  # the database itself: the lease will bring them back
                    _log.exception("could not reschedule nudges %s", [r.id for r in rows])

    async def _retry_or_fail(self, rows: list[Claimed], error: str, stats: TickStats) -> None:
        """Each row on its own: given up after MAX_ATTEMPTS, else retried with a backoff."""
        now = self.services.uow.clock.now()
        done = [r.id for r in rows if r.attempts >= MAX_ATTEMPTS]
        if done:
            stats.failed += len(done)
            await self._finish(done, "failed", error=error)
        for row in rows:
            if row.attempts < MAX_ATTEMPTS:
                await self._release([row.id], now + timedelta(minutes=2 ** row.attempts), error=error)

    async def _finish(self, ids: list[int], status: str, **kw: Any) -> None:
        uow = self.services.uow
        async with uow() as s:
            await NudgeRepository(s).finish(ids, status, uow.clock.now(), **kw)

    async def _release(self, ids: list[int], when: Any, error: str | None = None) -> None:
        async with self.services.uow() as s:
            await NudgeRepository(s).release(ids, when, error=error)

    async def _enrich(self, user: Profile, row: Claimed) -> Claimed:
        """Facts only known at send time: days left to a due date, the review's progress."""
        if row.kind == "due" and row.params.get("date"):
            tz = user.zone_name(self.services.default_timezone)
            today = local_now(self.services.uow.clock.now(), tz).date()
            days = (date.fromisoformat(row.params["date"]) - today).days
            return Claimed(row.id, row.user_id, row.kind, row.subject, row.key, row.due_at,
                           row.attempts, {**row.params, "days": str(max(days, 0))})
        if row.kind != "review":
            return row
        month = row.params.get("month") or row.key.split(":", 1)[-1]
        facts = await self.services.planner.review_facts(user.id, month)
        return Claimed(row.id, row.user_id, row.kind, row.subject, row.key, row.due_at, row.attempts,
                       {**row.params, **facts})

    async def _send_user(self, user_id: int, rows: list[Claimed], stats: TickStats) -> None:
        services = self.services
        now = services.uow.clock.now()
        async with services.uow() as s:
            user = await UserRepository(s).profile(user_id)
            choices = await NudgeRepository(s).choices(user_id)
        ids = [r.id for r in rows]
        if user is None or not user.active:
            await self._finish(ids, "paused")
            return
        prefs = prefs_of(user, choices, services.default_timezone)
        if in_quiet_hours(now, prefs):
            stats.deferred += len(rows)
            await self._release(ids, next_allowed(now, prefs))
            return
        today = local_now(now, prefs.tz).date()
        stale = [r for r in rows if is_stale(r.kind, r.params, today)]
        fresh = [r for r in rows if r not in stale]
        if stale:
            stats.stale += len(stale)
            await self._finish([r.id for r in stale], "stale")
        if not fresh:
            return
        fresh_ids = [r.id for r in fresh]
        fresh = [await self._enrich(user, r) for r in fresh]
        text, markup = self.render(user, fresh)
        await self.limiter.acquire()
        try:
            message = await self.bot.send_message(user_id, text, parse_mode=ParseMode.HTML,
                                                   reply_markup=markup)
        except RetryAfter as exc:
            stats.retry_after += 1
            retry = exc.retry_after
            delay = float(retry if isinstance(retry, int | float) else retry.total_seconds())
            self.limiter.pause(delay)
            await self._release(fresh_ids, now + timedelta(seconds=delay), error="retry_after")
        except Forbidden as exc:
            stats.blocked += len(fresh)
            await self._finish(fresh_ids, "blocked", error=str(exc))
            await services.start.set_active(user_id, False)
        except TelegramError as exc:
            # (A TimedOut may still have been delivered: the one other way to a duplicate.)
            stats.errors.append(str(exc))
            await self._retry_or_fail(fresh, str(exc), stats)
        else:
            stats.sent += len(fresh)
            stats.messages += 1
            await self._finish(fresh_ids, "sent", message_id=message.message_id)


__all__ = ["NudgeSender", "RateLimiter", "Sleep", "TickStats"]
