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


async def test_logging_a_contact_is_one_transaction_per_update(any_bot):
    """/log's Save seals the entry, applies its outcome, recomputes the plan and re-plans
    reminders: all in the update's one transaction, as every step before it."""
    bot = any_bot
    # Many counted steps: the jobs (the re-plan of everyone runs 1 s after start, and a
    # run held back by the pause goes at the resume) would land in one of them.
    for job in bot.app.job_queue.jobs():
        job.schedule_removal()
    chat = bot.chat(EN)
    await onboard(chat)
    await add_debt(chat, "Visa 3000 18% Dec 10 min 150")
    for text in ("/log", "/contacts", "/negotiate"):
        assert await _one_update(bot, chat, text) == Counter(begin=1, commit=1), text
    await chat.send("/log")
    for label in ("Just now", "I contacted them", "Phone call", "The lender's staff",
                  "Skip the rest", "Next ›", "I promised to pay"):
        with counted(bot) as seen:
            await chat.tap(label)
        assert seen == Counter(begin=1, commit=1), label
    for text in ("100", "Dec 5"):
        assert await _one_update(bot, chat, text) == Counter(begin=1, commit=1), text
    await chat.tap("Only by phone")
    await chat.tap("Nothing for now")
    with counted(bot) as seen:
        await chat.tap("Save")  # seal, append, the promise, the plan, reminders re-planned
    assert seen == Counter(begin=1, commit=1)
    assert "Saved ✓" in chat.last.text


async def _one_tap(bot, chat, label: str) -> Counter[str]:
    with counted(bot) as seen:
        replies = await chat.tap(label)
    assert replies or label in ("Save",), f"{label!r} got no answer"
    return seen


async def test_each_plan_button_is_one_transaction(any_bot):
    bot = any_bot
    chat = bot.chat(EN)
    await onboard(chat)
    await add_debt(chat, "Visa 3000 18% Dec 10 min 1500")
    await chat.send("/budget income 3000 essentials 1700 optional 100")
    await chat.tap("Save")
    assert await _one_update(bot, chat, "/plan") == Counter(begin=1, commit=1)
    for label in ("Compare orders", "📈 Chart", "How is this calculated", "more each month",
                  "+$500.00", "a one-off now", "Highest rate first"):
        assert await _one_tap(bot, chat, label) == Counter(begin=1, commit=1), label
    await chat.tap("more each month")
    assert await _one_update(bot, chat, "250") == Counter(begin=1, commit=1)  # a typed amount


async def test_i_did_pay_this_is_one_transaction(any_bot):
    from datetime import UTC, datetime

    bot = any_bot
    chat = bot.chat(EN)
    await onboard(chat)
    bot.clock.set(datetime(2027, 2, 1, 15, 0, tzinfo=UTC))
    await add_debt(chat, "Visa 3000 18% 10th min 150")
    bot.clock.set(datetime(2027, 2, 11, 15, 0, tzinfo=UTC))  # Feb 10 missed
    await chat.send("/debts")
    await chat.tap("1. Visa")
    for label in ("I did pay the Feb 10, 2027 payment", "Another date"):
        assert await _one_tap(bot, chat, label) == Counter(begin=1, commit=1), label
    assert await _one_update(bot, chat, "Feb 10") == Counter(begin=1, commit=1)
    with counted(bot) as seen:
        await chat.tap("Save")  # records the payment and re-plans the reminders
    assert seen == Counter(begin=1, commit=1)
    assert "Nothing is overdue on Visa now" in chat.last.text


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
