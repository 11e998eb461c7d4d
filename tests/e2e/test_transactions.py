"""One update, one database transaction: counted with SQLAlchemy's engine events.

The ledger lookup, every service step, the re-planning of nudges, the conversation
state and the ledger row all commit together (bot/services/__init__.py). Background
jobs are paused while counting, so only the update's own work is seen.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from tests.e2e.conftest import EN, add_debt, onboard


@contextmanager
def counted(bot) -> Iterator[Counter[str]]:
    engine = bot.services.engine.sync_engine
    seen: Counter[str] = Counter()
    listeners = {name: (lambda *_a, _n=name, **_k: seen.update([_n]))
                 for name in ("begin", "commit", "rollback")}
    bot.app.job_queue.scheduler.pause()
    for name, fn in listeners.items():
        event.listen(engine, name, fn)
    try:
        yield seen
    finally:
        for name, fn in listeners.items():
            event.remove(engine, name, fn)
        bot.app.job_queue.scheduler.resume()


async def _one_update(bot, chat, text: str) -> Counter[str]:
    with counted(bot) as seen:
        replies = await chat.send(text)
    assert replies, f"{text!r} got no answer"
    return seen


async def test_each_update_is_one_transaction(any_bot):
    bot = any_bot
    chat = bot.chat(EN)
    await onboard(chat)
    await add_debt(chat, "Visa 3000 18% Dec 10 min 150")
    for text in ("/debts", "/paid Visa 100", "/plan", "/reminders", "/help"):
        assert await _one_update(bot, chat, text) == Counter(begin=1, commit=1), text
    with counted(bot) as seen:
        await chat.tap("Save")  # the /paid confirmation: a write and a re-plan
    assert seen == Counter(begin=1, commit=1)


async def _one_tap(bot, chat, label: str) -> Counter[str]:
    with counted(bot) as seen:
        replies = await chat.tap(label)
    assert replies, f"{label!r} got no answer"
    return seen


async def test_issue_12s_flows_are_one_transaction_per_update(any_bot):
    bot = any_bot
    chat = bot.chat(EN)
    await onboard(chat)
    await add_debt(chat, "Visa 3000 18% Dec 10 min 150")
    one = Counter(begin=1, commit=1)
    # A passed due date asks on the card; "⚠️ No" goes on to the overdue questions.
    assert await _one_update(bot, chat, "/adddebt Amex 2300.50 24.99% Nov 15 min 75") == one
    assert await _one_tap(bot, chat, "⚠️ No") == one
    assert await _one_update(bot, chat, "cancel") == one  # a cancel word: asks first
    assert await _one_tap(bot, chat, "Yes, stop") == one
    # An edited answer, read again.
    await chat.send("/paid Visa")
    assert await _one_update(bot, chat, "5000") == one
    amount = [m for m in bot.emu.transcript(EN.id) if not m.from_bot][-1].message_id
    with counted(bot) as seen:
        await bot.deliver(bot.emu.edit_text(EN, amount, "50"))
    assert seen == one
    # A date to come: remind me then (a nudge written in the same transaction).
    assert await _one_update(bot, chat, "tomorrow") == one
    assert await _one_tap(bot, chat, "Remind me tomorrow") == one
    # Free text, a pasted bill and its offer, the help menu, media, and the pager.
    for text in ("hello", "a collector called my sister", "just paid 20 to Visa",
                 "Your Chase card ending in 4321: statement balance $2,300.50, minimum payment "
                 "due $35.00, payment due date Dec 15."):
        assert await _one_update(bot, chat, text) == one, text
    assert await _one_tap(bot, chat, "Record it") == one
    with counted(bot) as seen:
        await bot.deliver(bot.emu.send_media(EN, "voice"))
    assert seen == one
    await chat.send("/cancel")
    await chat.send("/debts")
    assert await _one_tap(bot, chat, "1. Visa") == one
