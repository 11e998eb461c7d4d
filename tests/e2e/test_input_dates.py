"""Dates as people type them, end to end (issue 12): a passed due date is this cycle, a
payment date is never in the future nor a year back, and an invalid date gets the same
answer, with its own question's example, at every step. Both languages.

The clock: 2026-11-28 01:00 UTC, which is Nov 28 in Shanghai and Nov 27 in New York.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from tests.e2e.conftest import EN, ZH, add_debt, onboard


async def test_a_passed_due_day_means_this_cycle_and_asks_once_whether_it_was_paid(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await chat.send("/adddebt Amex 2300.50 24.99% Nov 15 min 75")
    card = chat.last.text
    # Nov 15 has passed: the next due date is Dec 15, 2026, never Nov 15, 2027.
    assert "next Dec 15, 2026" in card and "2027" not in card
    assert "Was the Nov 15, 2026 payment made?" in card
    assert "It's overdue" not in str(bot.emu.buttons(chat.last))
    await chat.tap("⚠️ No")
    # Overdue since the date typed: not asked again; the amount is.
    assert "How much is overdue?" in chat.last.text
    await chat.tap("All of it")
    await chat.tap("Skip")  # penalty interest
    card = chat.last.text
    assert "Overdue since Nov 15, 2026" in card and "$2,300.50" in card
    await chat.tap("Save")
    [debt] = await bot.look.debts(EN.id)
    assert debt.overdue_since == date(2026, 11, 15) and debt.overdue_amount == Decimal("2300.50")
    assert debt.due_day == 15 and debt.next_due_on(date(2026, 11, 27)) == date(2026, 12, 15)
    await chat.send("/debts")
    assert "overdue since Nov 15, 2026" in chat.last.text
    # The whole balance is overdue: nothing more falls due on Dec 15 (no "Next:" line).
    assert "Overdue: $2,300.50" in chat.last.text and "Next:" not in chat.last.text
    await chat.tap("1. Amex")
    # The card and the list agree: overdue since Nov 15, and no "next" due date.
    assert "Nov 15, 2026" in chat.last.text and "next Dec 15" not in chat.last.text


async def test_a_passed_day_answered_yes_is_not_overdue(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await chat.send("/adddebt 花呗 5000 年化18% 11月9号 最低 300")
    card = chat.last.text
    assert "下次2026年12月9日" in card.replace(" ", "") and "2027" not in card
    assert "2026年11月9日那一期还上了吗" in card
    await chat.tap("是")
    assert "逾期：否" in chat.last.text
    await chat.tap("保存")
    [debt] = await bot.look.debts(ZH.id)
    assert debt.due_day == 9 and debt.overdue_amount == 0
    # The list, the reminders and the calendar show the same next due date: Dec 9, 2026.
    await chat.send("/debts")
    assert "2026年12月9日" in chat.last.text
    await chat.send("/reminders")
    assert "2026年12月9日" in chat.last.text  # 3 days before: Dec 6, within 14 days
    from icalendar import Calendar

    ics = Calendar.from_ical((await chat.send("/calendar"))[-1].file_bytes)
    first = min(e.decoded("DTSTART") for e in ics.walk("VEVENT"))
    assert first == date(2026, 12, 9)


async def test_the_guided_due_step_with_a_passed_date_asks_was_it_paid_instead_of_is_it_overdue(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await chat.send("/adddebt")
    for answer in ("借呗", "2026年3月", "8000", "日息万五"):
        await chat.send(answer)
    await chat.tap("跳过")  # minimum
    await chat.send("11月9号")
    assert "2026年11月9日那一期还上了吗" in chat.last.text
    assert "现在逾期了吗" not in chat.texts()
    await chat.tap("没有")
    assert "逾期了多少" in chat.last.text or "逾期金额" in chat.last.text
    await chat.send("2702")
    await chat.tap("跳过")  # penalty
    await chat.tap("不清楚")  # bureau
    card = chat.last.text
    assert "2026年11月9日" in card and "下次2026年12月9日" in card.replace(" ", "")
    await chat.tap("保存")
    [debt] = await bot.look.debts(ZH.id)
    assert debt.overdue_since == date(2026, 11, 9) and debt.overdue_amount == Decimal("2702.00")


async def test_a_one_off_private_loan_past_its_date_is_overdue_since_that_date(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await chat.send("/adddebt 老王 10000 免息 2026-11-01")
    await chat.tap("个人")
    # One-off: overdue since Nov 1, not "was the payment made", nor a monthly day.
    assert "逾期了多少" in chat.last.text or "逾期金额" in chat.last.text
    await chat.tap("全部逾期")
    await chat.tap("跳过")  # penalty
    await chat.tap("没有最低还款")
    card = chat.last.text
    assert "2026年11月1日" in card and "每月" not in card
    await chat.tap("保存")
    [debt] = await bot.look.debts(ZH.id)
    assert debt.due_day is None and debt.next_due == date(2026, 11, 1)
    assert debt.overdue_since == date(2026, 11, 1) and debt.overdue_amount == Decimal("10000.00")


async def test_quick_and_guided_forms_store_the_same_due_date(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await chat.send("/adddebt Visa 1000 18% Dec 10 min 50")
    await chat.tap("Save")
    await chat.send("/adddebt")
    for answer in ("Visa Two",):
        await chat.send(answer)
    await chat.tap("Credit card")
    await chat.tap("Don't know")
    for answer in ("1000", "18%", "50", "Dec 10"):
        await chat.send(answer)
    await chat.tap("No")  # overdue
    await chat.tap("Don't know")  # bureau
    await chat.tap("Save")
    first, second = await bot.look.debts(EN.id)
    assert (first.due_day, first.next_due) == (second.due_day, second.next_due) == (
        10, date(2026, 12, 10))


async def test_a_future_payment_date_is_never_saved_nor_moved_back_a_year(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await add_debt(chat, "花呗 5000 年化18% 12月10日 最低 300")
    await chat.send("/paid")
    await chat.send("三百")
    await chat.send("11月29日")  # tomorrow in Shanghai
    text = chat.last.text
    assert "那是明天" in text and "2025" not in text
    assert {"按今天记下", "⏰ 明天提醒我"} <= {b for b, _ in bot.emu.buttons(chat.last)}
    assert await bot.look.payments(ZH.id, (await bot.look.debts(ZH.id))[0].id) == []
    await chat.tap("按今天记下")
    assert "2026年11月28日" in chat.last.text
    await chat.tap("保存")
    [debt] = await bot.look.debts(ZH.id)
    [payment] = await bot.look.payments(ZH.id, debt.id)
    assert payment.paid_on == date(2026, 11, 28) and payment.amount == Decimal("300.00")


async def test_remind_me_tomorrow_sends_one_reminder_whose_paid_records_the_payment(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await add_debt(chat, "Visa 3000 18% Dec 10 min 100")
    await chat.send("/paid Visa")
    await chat.send("250")
    await chat.send("tomorrow")
    assert "That's tomorrow" in chat.last.text
    await chat.tap("Remind me tomorrow")
    assert "nothing recorded yet" in chat.last.text and "Nov 28, 2026" in chat.last.text
    [debt] = await bot.look.debts(EN.id)
    assert await bot.look.payments(EN.id, debt.id) == []
    await chat.send("/reminders")
    assert "You planned to pay $250.00 to Visa" in chat.last.text
    # Tomorrow at the reminder hour (09:00 New York): the reminder, with ✅ Paid.
    bot.clock.advance(timedelta(hours=20))
    await bot.tick()
    await bot.emu.wait_for(lambda: "You planned to pay" in (chat.last.text or ""))
    await chat.tap("✅ Paid")
    assert "$250.00" in chat.last.text and "Nov 28, 2026" in chat.last.text
    await chat.tap("Save")
    [payment] = await bot.look.payments(EN.id, debt.id)
    assert payment.paid_on == date(2026, 11, 28) and payment.amount == Decimal("250.00")


async def test_a_deleted_debts_remind_me_reminder_is_never_sent(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await add_debt(chat, "Visa 3000 18% Dec 10 min 100")
    await chat.send("/paid Visa")
    await chat.send("250")
    await chat.send("tomorrow")
    await chat.tap("Remind me tomorrow")
    await chat.send("/debts")
    await chat.tap("1. Visa")
    await chat.tap("🗑 Delete")
    await chat.tap("🗑 Yes, delete it")
    await chat.send("/reminders")
    assert "You planned to pay" not in chat.last.text
    bot.clock.advance(timedelta(hours=20))  # tomorrow at the reminder hour
    n = len(chat.messages)
    await bot.tick()
    assert not any("You planned to pay" in (m.text or "") for m in chat.messages[n:])


async def test_the_same_invalid_date_gets_the_same_answer_with_its_own_example_at_every_step(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await add_debt(chat, "花呗 5000 年化18% 12月10日 最低 300")
    answers = {}
    await chat.send("/adddebt")
    await chat.send("借呗")
    await chat.send("2月30日")  # when was the loan taken
    answers["loan"] = chat.last.text
    await chat.tap("不清楚")
    await chat.send("8000")
    await chat.send("日息万五")
    await chat.tap("跳过")
    await chat.send("2月30日")  # the due date
    answers["due"] = chat.last.text
    await chat.send("每月10号")
    await chat.tap("是")
    await chat.send("2月30日")  # overdue since
    answers["since"] = chat.last.text
    await chat.send("/paid 花呗 100")
    await chat.tap("保存")  # a quick /paid asks no date; the guided one does:
    await chat.send("/paid 花呗")
    await chat.send("100")
    await chat.send("2月30日")  # the day paid
    answers["paid"] = chat.last.text
    for form, text in answers.items():
        assert "这个日期不存在" in text and "没能识别" not in text, (form, text)
        assert "/cancel" in text, form
    assert "每月28号" in answers["due"] and "昨天" in answers["paid"]
    assert "2026年2月" in answers["loan"] and "从哪天开始逾期" in answers["since"]


async def test_a_one_line_form_that_does_not_read_waits_for_the_line_again(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await chat.send("/adddebt 花呗 -5000 年化18% 12月10日 最低 300")
    text = chat.last.text
    assert "负数" in text and "重新发给我" in text and "/cancel" in text
    await chat.send("花呗 5000 年化18% 12月10日 最低 300")
    assert "请核对" in chat.last.text and "¥5,000.00" in chat.last.text
    en = bot.chat(EN)
    await onboard(en)
    await en.send("/adddebt Visa 5000 18% Feb 30")
    assert "send the line again" in en.last.text.lower()
    await en.send("Visa 5000 20% Dec 10 min 100")
    assert "Please check this debt" in en.last.text


async def test_a_remind_me_reminder_follows_a_new_time_zone(bot):
    chat = bot.chat(EN)
    await onboard(chat)  # New York
    await add_debt(chat, "Visa 3000 18% Dec 10 min 100")
    await chat.send("/paid Visa")
    await chat.send("250")
    await chat.send("tomorrow")
    await chat.tap("Remind me tomorrow")  # Nov 28, 09:00 in New York
    await chat.send("/settings")
    await chat.tap("Time zone")
    await chat.send("America/Los_Angeles")
    await chat.send("/reminders")
    # The same day at the reminder hour where the user is now: 09:00 in Los Angeles, never
    # 06:00 (09:00 New York seen from Los Angeles, inside quiet hours until 08:00).
    assert "Nov 28, 2026 09:00" in chat.last.text and "06:00" not in chat.last.text
    [nudge] = await bot.look.one_offs(EN.id)
    assert nudge.due_at == datetime(2026, 11, 28, 17, 0, tzinfo=UTC)  # 09:00 PST = 17:00 UTC
