"""Free text, pasted bills and media outside any flow (issue 12), both languages."""

from __future__ import annotations

import json
import logging
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from storage.models import Draft
from tests.e2e.conftest import EN, ZH, add_debt, onboard

ZH_BILL = ("【招商银行】您尾号1234的信用卡本期账单金额15,000.00元，最低还款1,500.00元，"
           "到期还款日12月05日")
EN_BILL = ("Your Chase card ending in 4321: statement balance $2,300.50, minimum payment due "
           "$35.00, payment due date Dec 15.")


@pytest.mark.parametrize(("user", "text", "expected"), [
    (ZH, "你好", "我能做的事"), (ZH, "帮助", "我能做的事"), (ZH, "在吗？", "我能做的事"),
    (EN, "hello", "Here's what I can do"), (EN, "help", "Here's what I can do"),
])
async def test_greetings_and_help_open_the_help_menu_with_buttons(bot, user, text, expected):
    chat = bot.chat(user)
    await onboard(chat)
    await chat.send(text)
    assert expected in chat.last.text
    labels = [b for b, _ in bot.emu.buttons(chat.last)]
    assert len(labels) == 5
    await chat.tap(labels[1])  # my debts
    assert "debt" in chat.last.text.lower() or "债务" in chat.last.text


async def test_help_buttons_start_the_commands(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await add_debt(chat, "Visa 3000 18% Dec 10 min 100")
    await chat.send("/help")
    await chat.tap("Record a payment")
    assert "How much did you pay to Visa" in chat.last.text
    await chat.send("/help")
    await chat.tap("Reminders")
    assert "Reminder" in chat.last.text or "coming" in chat.last.text.lower()


async def test_thanks_gets_a_short_reply(bot):
    for user, text, reply in ((ZH, "谢谢！", "不客气"), (EN, "thanks so much", "welcome")):
        chat = bot.chat(user)
        await onboard(chat)
        await chat.send(text)
        assert reply in chat.last.text and "/help" not in chat.last.text


async def test_collector_text_opens_what_collectors_may_not_do_in_the_users_region(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await chat.send("催收昨晚11点半给我姐打电话，说要上门")
    text = chat.last.text
    assert "催收可以做什么、不能做什么" in text
    assert "《刑法》第一百九十六条" in text or "刑法" in text  # no arrest for a debt, cited
    assert "12348" in text  # the legal line of mainland China
    en = bot.chat(EN)
    await onboard(en)
    await en.send("a collector called my sister at work")
    text = en.last.text
    assert "What collectors may and may not do" in text and "FDCPA" in text
    assert "刑法" not in text
    # No debt recorded yet: nothing to log the contact to, so no "Log it" button.
    assert bot.emu.buttons(en.last) == [] and bot.emu.buttons(chat.last) == []


async def test_a_debt_told_in_a_sentence_is_offered_with_its_fields_prefilled(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await chat.send("花呗欠了8600，逾期20天")
    offer = chat.last.text
    assert "花呗" in offer and "¥8,600.00" in offer and "2026年11月8日" in offer
    await chat.tap("记下来")
    # 花呗 is known (type filled), the balance and overdue-since too: the rest is asked.
    for _ in range(8):
        if "请核对" in chat.last.text:
            break
        labels = [b for b, _ in bot.emu.buttons(chat.last)]
        if "全部逾期" in labels:
            await chat.tap("全部逾期")
        elif "跳过" in labels:
            await chat.tap("跳过")
        elif "不清楚" in labels:
            await chat.tap("不清楚")
        else:
            await chat.send("每月10号")
    card = chat.last.text
    assert "¥8,600.00" in card and "2026年11月8日" in card
    await chat.tap("保存")
    [debt] = await bot.look.debts(ZH.id)
    assert debt.overdue_since == date(2026, 11, 8) and debt.balance == Decimal("8600.00")


async def test_a_payment_told_in_a_sentence_is_offered_prefilled(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await add_debt(chat, "Visa 3000 18% Dec 10 min 100")
    await chat.send("just paid 200 to Visa")
    assert "paid $200.00 to Visa" in chat.last.text
    await chat.tap("Record it")
    assert "$3,000.00 → $2,800.00" in chat.last.text
    await chat.tap("Save")
    [debt] = await bot.look.debts(EN.id)
    assert debt.balance == Decimal("2800.00")


async def test_the_fallback_never_mentions_buttons_that_are_not_there(bot):
    for user in (ZH, EN):
        chat = bot.chat(user)
        await onboard(chat)
        await chat.send("qwerty")
        assert "/help" in chat.last.text
        assert "button" not in chat.last.text and "按钮" not in chat.last.text
        assert bot.emu.buttons(chat.last) == []


async def test_a_pasted_bill_is_offered_as_a_new_debt_then_updates_it_by_its_last_digits(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await chat.send(ZH_BILL)
    offer = chat.last.text
    assert "招商银行" in offer and "尾号1234" in offer and "¥15,000.00" in offer
    assert "¥1,500.00" in offer and "2026年12月5日" in offer
    await chat.tap("记下来")
    await chat.tap("不清楚")  # a bill doesn't say the rate: the one question left
    card = chat.last.text
    assert "¥15,000.00" in card and "¥1,500.00" in card and "每月5号" in card
    await chat.tap("保存")
    [debt] = await bot.look.debts(ZH.id)
    assert debt.last4 == "1234" and debt.lender_type.value == "credit_card"
    await chat.send(ZH_BILL.replace("15,000.00", "12,000.00").replace("1,500.00", "1,200.00"))
    assert "要用它更新你的“招商银行”吗" in chat.last.text
    await chat.tap("更新这笔债务")
    assert "¥12,000.00" in chat.last.text
    await chat.tap("保存")
    [debt] = await bot.look.debts(ZH.id)
    assert debt.balance == Decimal("12000.00") and debt.minimum.amount == Decimal("1200.00")


async def test_a_pasted_english_bill_is_offered_with_its_figures(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await chat.send(EN_BILL)
    assert "Chase (card ending 4321)" in chat.last.text and "$2,300.50" in chat.last.text
    await chat.tap("Record it")
    await chat.tap("Don't know")  # the rate
    assert "$35.00" in chat.last.text and "Dec 15, 2026" in chat.last.text
    await chat.tap("Save")
    [debt] = await bot.look.debts(EN.id)
    assert (debt.last4, debt.balance, debt.due_day) == ("4321", Decimal("2300.50"), 15)


async def test_card_numbers_in_pasted_text_are_never_stored_nor_logged(bot, caplog):
    chat = bot.chat(ZH)
    await onboard(chat)
    caplog.set_level(logging.DEBUG)
    number = "6222021234567890123"
    await chat.send(f"【招商银行】您卡号{number}的信用卡本期账单金额3,000.00元，最低还款300.00元，"
                    "到期还款日12月05日")
    await chat.tap("记下来")
    await chat.tap("不清楚")
    await chat.tap("保存")
    async with bot.services.uow.session_factory() as s:
        stored = [d.data for d in (await s.execute(select(Draft))).scalars()]
    [debt] = await bot.look.debts(ZH.id)
    assert all(number not in json.dumps(d, ensure_ascii=False) for d in stored)
    assert number not in debt.lender
    assert number not in caplog.text


@pytest.mark.parametrize(("kind", "zh", "en"), [
    ("voice", "听不了语音", "can't listen to voice"),
    ("sticker", "/help", "/help"),
    ("photo", "看不了图片", "can't read pictures"),
    ("document", "打不开文件", "can't open files"),
])
async def test_media_outside_a_flow_says_what_the_bot_can_do_with_it(bot, kind, zh, en):
    for user, expected in ((ZH, zh), (EN, en)):
        chat = bot.chat(user)
        await onboard(chat)
        chat.last_update_id = bot.emu.send_media(user, kind)
        await bot.deliver(chat.last_update_id)
        assert expected in chat.last.text


async def test_a_bill_pasted_after_its_due_date_asks_whether_it_was_paid(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await chat.send("/adddebt Chase 2000 24% Dec 15 min 35")
    await chat.tap("Credit card")
    await chat.tap("Save")
    late = EN_BILL.replace("Dec 15", "Nov 15")  # pasted twelve days late (today is Nov 27)
    await chat.send(late)
    assert "Update your debt “Chase” with it?" in chat.last.text
    await chat.tap("Update it")
    card = chat.last.text
    assert "Was the Nov 15, 2026 payment made?" in card and "next Dec 15, 2026" in card
    await chat.tap("⚠️ No")
    assert "How much is overdue?" in chat.last.text  # since Nov 15: not asked again
    await chat.send("35")
    await chat.tap("Skip")
    await chat.tap("Save")
    [debt] = await bot.look.debts(EN.id)
    assert debt.overdue_since == date(2026, 11, 15) and debt.overdue_amount == Decimal("35.00")
    assert debt.balance == Decimal("2300.50") and debt.last4 == "4321"
