"""The nudge sender's pacing runs on the injected clock: decisions checked without waiting.

The sleep is injected too: it records each wait (and, where a test says so, moves the
FixedClock by it, as real time would move during a real sleep).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from bot.nudges import NudgeSender, RateLimiter
from coach.clock import FixedClock

T0 = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


class Sleeps:
    """A sleep that returns at once and records how long it was asked to wait."""

    def __init__(self, clock: FixedClock | None = None) -> None:
        self.waits: list[float] = []
        self.clock = clock  # moved by each wait, when given

    async def __call__(self, seconds: float) -> None:
        self.waits.append(round(seconds, 6))
        if self.clock is not None:
            self.clock.advance(timedelta(seconds=seconds))


async def acquire(limiter: RateLimiter, times: int) -> None:
    for _ in range(times):
        await limiter.acquire()


@pytest.mark.parametrize(
    ("rate", "times", "waits"),
    [
        # 2 a second = one every 0.5 s; the first goes at once, each next one 0.5 s later.
        (2, 3, [0.5, 0.5]),
        # 25 a second = one every 1/25 = 0.04 s.
        (25, 4, [0.04, 0.04, 0.04]),
        (1, 1, []),
    ],
)
async def test_messages_are_spaced_one_interval_apart_on_a_clock_that_stands_still(rate, times, waits):
    sleeps = Sleeps()
    await acquire(RateLimiter(rate, FixedClock(T0), sleeps), times)
    assert sleeps.waits == waits


async def test_time_that_passed_on_the_clock_is_not_waited_again():
    clock, sleeps = FixedClock(T0), Sleeps()
    limiter = RateLimiter(2, clock, sleeps)
    await limiter.acquire()
    clock.advance(timedelta(seconds=0.2))
    await limiter.acquire()  # 0.5 - 0.2 = 0.3 s left of the interval
    clock.advance(timedelta(seconds=5))
    await limiter.acquire()  # long past: at once
    assert sleeps.waits == [0.3]


async def test_a_retry_after_holds_everything_until_it_has_passed():
    clock = FixedClock(T0)
    sleeps = Sleeps(clock)  # the clock moves as the waits pass
    limiter = RateLimiter(25, clock, sleeps)
    await limiter.acquire()
    limiter.pause(3)
    await acquire(limiter, 2)  # 3 s from the pause, then the usual 0.04 s
    assert sleeps.waits == [3.0, 0.04]
    assert clock.now() == T0 + timedelta(seconds=3.04)


async def test_a_retry_after_that_the_clock_has_passed_costs_nothing():
    clock, sleeps = FixedClock(T0), Sleeps()
    limiter = RateLimiter(25, clock, sleeps)
    limiter.pause(3)
    clock.advance(timedelta(seconds=3))
    await limiter.acquire()
    assert sleeps.waits == []


async def test_a_clock_set_back_costs_at_most_one_interval():
    clock, sleeps = FixedClock(T0), Sleeps()
    limiter = RateLimiter(2, clock, sleeps)
    await limiter.acquire()
    clock.set(T0 - timedelta(hours=1))  # the wall clock corrected backwards
    await acquire(limiter, 2)
    assert sleeps.waits == [0.5, 0.5]  # not an hour and a half


def test_a_rate_must_be_positive():
    with pytest.raises(ValueError, match="positive"):
        RateLimiter(0, FixedClock(T0))


async def test_the_sender_paces_on_the_application_clock_with_the_sleep_it_is_given():
    clock, sleeps = FixedClock(T0), Sleeps()
    services = SimpleNamespace(clock=clock)
    sender = NudgeSender(services, bot=None, render=lambda *_: ("", None), rate=4,  # type: ignore[arg-type]
                         sleep=sleeps)
    await acquire(sender.limiter, 2)  # 1/4 = 0.25 s apart: the second waits 0.25 s
    sender.limiter.pause(10)  # at T0 + 0.25 s (that wait has passed): until T0 + 10.25 s
    clock.advance(timedelta(seconds=4))
    await sender.limiter.acquire()  # 10.25 - 4 = 6.25 s still to go
    assert sleeps.waits == [0.25, 6.25]
