"""Issue 10, case 6: missed payments the bot detects add up, show in /debts and /plan like
stated ones (marked as detected), and "I did pay this" records one and re-plans.

A debt due on the 10th with a 150 minimum is recorded on Feb 1, 2027 and nothing is
paid: on Mar 11 both Feb 10 and Mar 10 are missed, 150 + 150 = 300 overdue since Feb 10,
and Apr 10 asks 150 more. The plan money is exactly 450 (1000 - 500 - 5% x 1000 = 450),
so this month's steps are 300 now, then 150 by Apr 10 (nothing left over for extra).
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from tests.e2e.conftest import EN, ZH, add_debt, onboard

# 15:00 UTC is 10:00 in New York and 23:00 in Shanghai: the same local date in both.
FEB_1 = datetime(2027, 2, 1, 15, 0, tzinfo=UTC)
MAR_11 = datetime(2027, 3, 11, 15, 0, tzinfo=UTC)


async def _two_missed(bot, chat, zh: bool) -> None:
    await onboard(chat)
    bot.clock.set(FEB_1)
    if zh:
        await add_debt(chat, "花呗 3000 年化18% 每月10号 最低 150")
        await chat.send("/budget 收入 1000 必要 500")
        await chat.tap("保存")
    else:
        await add_debt(chat, "Visa 3000 18% 10th min 150")
        await chat.send("/budget income 1000 essentials 500")
        await chat.tap("Save")
    bot.clock.set(MAR_11)


async def test_case_6_two_missed_due_dates_add_up_in_english(bot):
    chat = bot.chat(EN)
    await _two_missed(bot, chat, zh=False)
    summary = (await chat.send("/plan"))[0].text
    # Feb 10 150 + Mar 10 150 = 300 overdue since Feb 10; then Apr 10's 150.
    assert ("→ Visa: $300.00 overdue since Feb 10, 2027: pay it as soon as you can; "
            "then $150.00 by Apr 10, 2027") in summary
    assert "$350" not in summary
    listing = (await chat.send("/debts"))[0].text
    assert "⚠️ Visa" in listing and "overdue since Feb 10, 2027 (no payment recorded)" in listing
    assert "Overdue: $300.00" in listing
    card = (await chat.tap("1. Visa"))[0].text
    assert "Overdue since Feb 10, 2027: $300.00" in card
    assert "– Feb 10, 2027: $150.00 unpaid (no payment recorded)" in card
    assert "– Mar 10, 2027: $150.00 unpaid (no payment recorded)" in card
    # "I did pay this" on Feb 10's: the missed amount, dated on its due date (editable).
    await chat.tap("I did pay the Feb 10, 2027 payment")
    assert "Record $150.00 paid to Visa on Feb 10, 2027" in chat.last.text
    await chat.tap("Another date")
    await chat.send("Feb 12")
    assert "on Feb 12, 2027, for the payment due Feb 10, 2027" in chat.last.text
    await chat.tap("Save")
    # Paid on Feb 12: it goes to the oldest arrears first (Feb 10's); Mar 10's 150 is left.
    assert "Recorded ✓ $150.00 paid to Visa on Feb 12, 2027" in chat.last.text
    assert "Still overdue: $150.00 since Mar 10, 2027" in chat.last.text
    [debt] = await bot.look.debts(EN.id)
    assert debt.balance == Decimal("2850.00")  # 3,000 - 150
    [payment] = await bot.look.payments(EN.id, debt.id)
    assert payment.paid_on.isoformat() == "2027-02-12" and payment.to_overdue == Decimal("150.00")
    # Re-planned: 150 overdue now, and 450 - 150 = 300 toward Apr 10 (its 150 and 150 extra).
    summary = (await chat.send("/plan"))[0].text
    assert "$150.00 overdue since Mar 10, 2027" in summary and "$300.00 by Apr 10, 2027" in summary


async def test_case_6_two_missed_due_dates_add_up_in_chinese(bot):
    chat = bot.chat(ZH)
    await _two_missed(bot, chat, zh=True)
    summary = (await chat.send("/plan"))[0].text
    # 2月10日 150 + 3月10日 150 = 300，自2月10日起逾期；然后4月10日前还 150。
    assert "→ 花呗：2027年2月10日起逾期 ¥300.00：尽快还上；然后2027年4月10日前还 ¥150.00" in summary
    listing = (await chat.send("/debts"))[0].text
    assert "⚠️ 花呗" in listing and "自2027年2月10日逾期（未见还款记录）" in listing
    assert "其中逾期：¥300.00" in listing
    await chat.tap("1. 花呗")
    # The due date as it is: one tap.
    await chat.tap("2027年2月10日那期我已经还了")
    assert "记录：2027年2月10日还了花呗 ¥150.00" in chat.last.text
    await chat.tap("保存")
    assert "仍逾期 ¥150.00（自2027年3月10日起）" in chat.last.text
    [debt] = await bot.look.debts(ZH.id)
    assert debt.balance == Decimal("2850.00")


async def test_a_correction_is_recorded_once_and_a_stale_button_records_nothing(bot):
    chat = bot.chat(EN)
    await _two_missed(bot, chat, zh=False)
    await chat.send("/debts")
    await chat.tap("1. Visa")
    # Only the oldest missed payment is offered: a payment clears the oldest first.
    labels = [b for b, _ in bot.emu.buttons(chat.last)]
    assert "✅ I did pay the Feb 10, 2027 payment" in labels
    assert not any("Mar 10" in b for b in labels)
    card_msg, data = chat.find_button("I did pay the Feb 10, 2027 payment")
    await chat.tap("I did pay the Feb 10, 2027 payment")
    save_msg, save = chat.find_button("Save")
    await chat.tap("Save")
    assert "Still overdue: $150.00 since Mar 10, 2027" in chat.last.text
    await chat.press(save_msg.message_id, save, strict=False)  # a double tap
    [debt] = await bot.look.debts(EN.id)
    assert len(await bot.look.payments(EN.id, debt.id)) == 1
    # The old card's button: Feb 10's is paid now, so it records nothing.
    await chat.press(card_msg.message_id, data, strict=False)
    assert len(await bot.look.payments(EN.id, debt.id)) == 1
    # The new card offers Mar 10's.
    await chat.send("/debts")
    await chat.tap("1. Visa")
    assert "✅ I did pay the Mar 10, 2027 payment" in [b for b, _ in bot.emu.buttons(chat.last)]


async def test_a_detected_arrear_needs_no_statement_and_auto_debit_never_detects(bot):
    chat = bot.chat(EN)
    await _two_missed(bot, chat, zh=False)
    await chat.send("/debts")
    await chat.tap("1. Visa")
    await chat.tap("Auto-debit")
    await chat.send("Chase checking")
    listing = (await chat.send("/debts"))[0].text
    # Paid by the bank: the bot can't see those payments, so nothing is "detected".
    assert "⚠️" not in listing and "overdue" not in listing.lower()
