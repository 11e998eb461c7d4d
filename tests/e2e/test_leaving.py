"""Leaving a flow, switching away from it, and fixing a typo by editing (issue 12):
cancel words as /cancel (after the crisis check), a draft put aside with a way back,
re-asks that say how to stop, and edited answers read again. Both languages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.e2e.conftest import EN, ZH, add_debt, onboard


@pytest.mark.parametrize("word", ["取消", "算了", "不要了", "退出", "算了吧！"])
async def test_a_chinese_cancel_word_with_answers_asks_once_then_leaves(bot, word):
    chat = bot.chat(ZH)
    await onboard(chat)
    await chat.send("/adddebt")
    await chat.send("借呗")
    await chat.send(word)
    assert "要在这里停下吗" in chat.last.text and "债务" in chat.last.text
    await chat.tap("是的，停下")
    assert "已取消" in chat.last.text
    assert await bot.look.draft(ZH.id, "adddebt") == {}
    await chat.send("8000")  # no flow: this is free text now, not a balance
    assert "欠款" not in chat.last.text or "没太明白" in chat.last.text


@pytest.mark.parametrize("word", ["cancel", "stop", "Cancel."])
async def test_an_english_cancel_word_without_answers_leaves_at_once(bot, word):
    chat = bot.chat(EN)
    await onboard(chat)
    await chat.send("/adddebt")
    await chat.send(word)
    assert "Cancelled" in chat.last.text


async def test_carry_on_keeps_the_flow_at_its_step(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await add_debt(chat, "Visa 3000 18% Dec 10 min 100")
    await chat.send("/paid Visa")
    await chat.send("200")
    await chat.send("stop")
    await chat.tap("No, carry on")
    assert "carry on" in chat.last.text
    await chat.tap("Today")
    await chat.tap("Save")
    [debt] = await bot.look.debts(EN.id)
    assert debt.balance == Decimal("2800.00")


async def test_a_crisis_message_with_a_cancel_word_in_it_gets_care_and_the_flow_waits(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await chat.send("/adddebt")
    await chat.send("借呗")
    replies = await chat.send("死了算了")
    text = chat.texts(replies)
    assert "12356" in text and "要在这里停下吗" not in text and "已取消" not in text
    await chat.tap("不清楚")  # the flow is still waiting: when was the loan taken
    assert "还欠多少" in chat.last.text


async def test_every_re_ask_says_how_to_stop(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await chat.send("/adddebt")
    await chat.send("Chase")
    await chat.tap("Bank loan")
    await chat.tap("Don't know")
    await chat.send("lots")
    assert "/cancel" in chat.last.text
    await chat.send("5000")
    await chat.send("fast")
    assert "/cancel" in chat.last.text
    zh = bot.chat(ZH)
    await onboard(zh)
    await add_debt(zh, "花呗 5000 年化18% 12月10日 最低 300")
    await zh.send("/paid 花呗")
    await zh.send("很多")
    assert "/cancel" in zh.last.text


async def test_another_command_puts_the_debt_aside_with_a_button_back(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await chat.send("/adddebt")
    await chat.send("Chase")
    await chat.tap("Bank loan")
    await chat.send("/debts")
    texts = chat.texts()
    assert "put your unsaved debt aside" in texts
    await chat.tap("Back to the debt")
    assert "When did you take this loan" in chat.last.text
    await chat.tap("Don't know")
    await chat.send("5000")
    assert "rate" in chat.last.text


async def test_another_command_puts_the_payment_aside_in_chinese(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await add_debt(chat, "花呗 5000 年化18% 12月10日 最低 300")
    await chat.send("/paid 花呗")
    await chat.send("500")
    await chat.send("/plan")
    assert "还款记录先帮你留着" in chat.texts()
    await chat.tap("回到刚才的还款记录")
    await chat.tap("今天")
    await chat.tap("保存")
    [debt] = await bot.look.debts(ZH.id)
    assert debt.balance == Decimal("4500.00")


async def test_cancel_outside_a_flow_drops_what_was_put_aside(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await chat.send("/adddebt")
    await chat.send("Chase")
    await chat.send("/help")  # /help keeps the flow
    await chat.send("/debts")
    await chat.send("cancel")
    assert "was discarded" in chat.last.text
    assert await bot.look.draft(EN.id, "adddebt") == {}


async def test_an_edited_answer_is_read_again_and_the_card_shows_it(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await chat.send("/adddebt")
    await chat.send("Chase")
    await chat.tap("Bank loan")
    await chat.tap("Don't know")
    await chat.send("50000")
    balance_message = chat.emu.transcript(EN.id)[-2].message_id
    assert "rate" in chat.last.text
    chat.last_update_id = bot.emu.edit_text(EN, balance_message, "5000")  # the typo fixed
    await bot.deliver(chat.last_update_id)
    assert "read your edited answer again" in chat.texts(chat.messages[-2:])
    assert "rate" in chat.last.text
    await chat.send("18%")
    await chat.tap("No minimum")
    await chat.tap("Skip")
    await chat.tap("No")
    await chat.tap("Don't know")
    assert "$5,000.00" in chat.last.text and "$50,000.00" not in chat.last.text


async def test_an_edited_one_line_command_shows_the_corrected_card(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await chat.send("/adddebt 花呗 50000 年化18% 12月10日 最低 300")
    line = [m for m in bot.emu.transcript(ZH.id) if not m.from_bot][-1].message_id
    update = bot.emu.edit_text(ZH, line, "/adddebt 花呗 5000 年化18% 12月10日 最低 300")
    await bot.deliver(update)
    card = chat.last.text
    assert "已更正" in card and "¥5,000.00" in card
    await chat.tap("保存")
    [debt] = await bot.look.debts(ZH.id)
    assert debt.balance == Decimal("5000.00")


async def test_an_edit_of_an_older_answer_or_outside_a_flow_is_not_applied(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await chat.send("/adddebt")
    await chat.send("Chase")
    lender = [m for m in bot.emu.transcript(EN.id) if not m.from_bot][-1].message_id
    await chat.tap("Bank loan")  # a later answer: the typed name is no longer the last one
    await bot.deliver(bot.emu.edit_text(EN, lender, "Chase Bank"))
    assert "edits aren't applied" in chat.last.text
    await chat.send("/cancel")
    await chat.send("hello")
    hello = [m for m in bot.emu.transcript(EN.id) if not m.from_bot][-1].message_id
    await bot.deliver(bot.emu.edit_text(EN, hello, "/debts"))
    assert "edits aren't applied" in chat.last.text
    zh = bot.chat(ZH)
    await onboard(zh)
    await zh.send("你好")
    mine = [m for m in bot.emu.transcript(ZH.id) if not m.from_bot][-1].message_id
    await bot.deliver(bot.emu.edit_text(ZH, mine, "谢谢"))
    assert "修改不会生效" in zh.last.text


async def test_an_edited_payment_amount_is_read_again(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await add_debt(chat, "花呗 5000 年化18% 12月10日 最低 300")
    await chat.send("/paid 花呗")
    await chat.send("5000")
    amount = [m for m in bot.emu.transcript(ZH.id) if not m.from_bot][-1].message_id
    await bot.deliver(bot.emu.edit_text(ZH, amount, "500"))
    await chat.tap("今天")
    assert "¥500.00" in chat.last.text
    await chat.tap("保存")
    [debt] = await bot.look.debts(ZH.id)
    assert debt.balance == Decimal("4500.00")
