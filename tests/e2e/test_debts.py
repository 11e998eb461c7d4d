"""Recording debts, seeing them, editing, deleting; in both languages."""

from __future__ import annotations

from decimal import Decimal

from bot.i18n import render_error, t
from coach.errors import ParseError
from storage.models import Debt
from tests.e2e.conftest import EN, ZH, add_debt, onboard


async def _debts(bot, uid) -> list[Debt]:
    return await bot.look.debts(uid)


async def test_quick_adddebt_in_chinese_asks_what_is_missing_then_saves(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await chat.send("/adddebt 花呗 5000 年化18% 12月10日")
    # Known platform: the type is filled in; the minimum is the only missing field.
    assert "最低还款" in chat.last.text
    await chat.tap("跳过")
    card = chat.last.text
    assert "请核对" in card and "花呗" in card and "18.00%" in card and "19.56%" in card
    assert "2026年12月10日" in card  # the full date, in mainland style
    assert await _debts(bot, ZH.id) == []  # nothing stored before Save
    await chat.tap("保存")
    assert "已保存" in chat.last.text
    [debt] = await _debts(bot, ZH.id)
    assert (debt.lender, debt.balance, debt.lender_type) == ("花呗", Decimal("5000.00"), "online_platform")
    assert debt.apr == Decimal("0.18") and debt.due_day == 10


async def test_quick_adddebt_in_english_with_minimum(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await chat.send("/adddebt Chase 5000 18% Dec 10 min 200")
    assert "What kind of lender" in chat.last.text  # not a known platform
    await chat.tap("Bank")
    assert "Please check this debt" in chat.last.text
    assert "$200.00" in chat.last.text
    await chat.tap("Save")
    [debt] = await _debts(bot, EN.id)
    assert debt.minimum.kind == "fixed" and debt.minimum.amount == Decimal("200.00")


async def test_guided_adddebt_with_overdue_and_daily_rate(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await chat.send("/adddebt")
    await chat.send("360借条")
    await chat.send("2026年3月")
    await chat.send("1.2万")
    await chat.send("日息万五")
    await chat.send("10% 最低50")
    await chat.send("每月10号")
    await chat.tap("是")
    await chat.send("11月1日")
    await chat.send("lots")  # not an amount: re-asked with an example
    assert chat.last.source_text == "\n".join([
        render_error("zh_CN", ParseError("amount.invalid", text="lots")), t("zh_CN", "flow.reask_cancel")])
    await chat.send("1200")
    await chat.send("日息0.05%")
    await chat.tap("是")
    card = chat.last.text
    assert "18.25%" in card and "¥12,000.00" in card and "逾期" in card
    await chat.tap("保存")
    [debt] = await _debts(bot, ZH.id)
    assert debt.overdue_amount == Decimal("1200.00") and debt.bureau == "yes"
    assert debt.minimum.kind == "percent" and debt.minimum.floor == Decimal("50.00")
    assert debt.penalty_apr == Decimal("0.1825")


async def test_recent_loan_to_repay_another_gets_the_spiral_warning(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await chat.send("/adddebt")
    await chat.send("QuickCash")
    await chat.tap("Not sure")
    await chat.tap("This month")
    await chat.send("3000")
    await chat.tap("Don't know")
    await chat.tap("No minimum")
    await chat.tap("Skip")
    await chat.tap("No")
    await chat.tap("Don't know")
    assert "What was it for" in chat.last.text
    replies = await chat.tap("To repay another debt")
    assert any("usually makes the total grow" in (m.text or "") for m in replies)
    assert not any("rules.md" in (m.text or "") for m in replies)
    await chat.tap("Save")
    [debt] = await _debts(bot, EN.id)
    assert debt.purpose == "repay" and debt.apr is None


async def test_a_usurious_private_loan_is_warned_on_save(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await chat.send("/adddebt 老王 10000 月息3%")
    await chat.tap("个人")
    await chat.tap("跳过")
    await chat.tap("跳过")
    replies = await chat.tap("保存")
    text = replies[-1].text
    assert "36.00%" in text and "《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》第二十五条" in text
    assert "rules.md" not in text and "行动前请核对官方原文" in text
    assert "36%" not in text.replace("36.00%", "")  # no outdated 24%/36% rule


async def test_lender_name_is_shown_literally(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await chat.send("/adddebt <b>Acme & Co</b> 5000 18%")
    await chat.tap("Online lending app")
    await chat.tap("No minimum")
    await chat.tap("Skip")
    assert "<b>Acme & Co</b>" in chat.last.text
    await chat.tap("Save")
    await chat.send("/debts")
    assert "<b>Acme & Co</b>" in chat.last.text
    assert bot.emu.violations == []


async def test_double_tapped_save_saves_once(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await chat.send("/adddebt Visa 5000 18% Dec 10 min 200")
    card, data = chat.find_button("Save")
    await chat.press(card.message_id, data)
    await chat.press(card.message_id, data, strict=False)
    assert len(await _debts(bot, EN.id)) == 1
    answers = [c for c in bot.emu.calls_to("answerCallbackQuery") if c.params.get("text")]
    assert "Already saved" in answers[-1].params["text"]


async def test_debts_list_totals_card_edit_and_delete(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    for line in ("Visa 5000 18% Dec 10 min 200", "Amex 3000 24% Dec 5 min 100"):
        await chat.send(f"/adddebt {line}")  # Visa and Amex are known cards: no type question
        await chat.tap("Save")
    await chat.send("/debts")
    text = chat.last.text
    assert "Visa" in text and "Amex" in text and "$8,000.00" in text
    assert "Next: $100.00 to Amex" in text
    await chat.tap("1. Visa")
    assert "APR 18.00%" in chat.last.text
    await chat.tap("Edit")
    await chat.tap("Balance")
    await chat.send("4500")
    assert "$4,500.00" in chat.last.text
    await chat.tap("Save")
    debts = await _debts(bot, EN.id)
    assert [d.balance for d in debts] == [Decimal("4500.00"), Decimal("3000.00")]
    await chat.send("/debts")
    await chat.tap("2. Amex")
    await chat.tap("Delete")
    await chat.tap("Yes, delete it")
    assert [d.lender for d in await _debts(bot, EN.id)] == ["Visa"]


async def test_overdue_card_explains_cost_and_rights(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await chat.send("/adddebt")
    await chat.send("借呗")
    await chat.tap("不清楚")
    await chat.send("8000")
    await chat.send("日息万五")
    await chat.tap("跳过")
    await chat.tap("跳过")
    await chat.tap("是")
    await chat.send("2026-10-28")
    await chat.send("2000")
    await chat.send("日息0.05%")
    await chat.tap("是")
    await chat.tap("保存")
    await chat.send("/debts")
    await chat.tap("1. 借呗")
    card = chat.last.text
    # 2000 × 0.0005 × 31 days = 31.00
    assert "¥31.00" in card
    assert "5" in card and "《征信业管理条例》第十六条" in card  # five years on the report, cited
    assert card.count("•") <= 4  # short on the phone; the rest is one tap away
    await chat.tap("查看全部权利")
    full = chat.last.text
    assert full.count("•") > 4 and "12348" in full and "《民事诉讼法》" in full
    assert "rules.md" not in full


async def test_a_tampered_callback_for_another_users_debt_finds_nothing(bot):
    owner, other = bot.chat(EN), bot.chat(ZH)
    await onboard(owner)
    await onboard(other)
    await owner.send("/adddebt Visa 5000 18% Dec 10 min 200")
    await owner.tap("Save")
    [debt] = await _debts(bot, EN.id)
    await other.send("/help")
    msg = other.last
    for data in (f"debt:{debt.id}", f"debt:del:{debt.id}", f"debt:delok:{debt.id}", f"pay:{debt.id}"):
        await other.press(msg.message_id, data, strict=False)
    assert len(await _debts(bot, EN.id)) == 1
    answers = [c.params.get("text", "") for c in bot.emu.calls_to("answerCallbackQuery")]
    assert sum("没有找到" in a for a in answers) == 4


async def test_adddebt_needs_consent_first(bot):
    chat = bot.chat(EN)
    await onboard(chat, consent=False)
    await chat.send("/adddebt Visa 5000")
    assert "consent" in chat.last.text
    await chat.tap("I agree")
    await chat.send("/adddebt Chase 5000 18% Dec 10 min 200")
    assert "What kind of lender" in chat.last.text


async def test_adddebt_on_postgresql(pg_bot):
    chat = pg_bot.chat(ZH)
    await onboard(chat)
    await chat.send("/adddebt 花呗 5000.50 年化18% 12月10日 最低 300")
    await chat.tap("保存")
    [debt] = await pg_bot.look.debts(ZH.id)
    assert debt.balance == Decimal("5000.50") and debt.minimum.amount == Decimal("300.00")


async def test_an_old_button_cannot_answer_a_newer_question(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await chat.send("/adddebt")
    await chat.send("Chase")
    await chat.tap("Bank")
    await chat.tap("Don't know")
    await chat.send("2000")
    await chat.send("24%")
    await chat.tap("No minimum")
    await chat.tap("Skip")
    overdue_q, yes = chat.find_button("Yes")  # "Is this debt overdue?"
    await chat.tap("No")
    assert "credit bureau" in chat.last.text
    await chat.press(overdue_q.message_id, yes, strict=False)  # the old "Yes"
    assert "credit bureau" in chat.last.text  # still asking the bureau question
    await chat.tap("Don't know")
    await chat.tap("Save")
    [debt] = await bot.look.debts(EN.id)
    assert debt.bureau == "unknown" and debt.overdue_amount == 0


async def test_the_one_line_form_offers_overdue_on_the_card(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await chat.send("/adddebt 借呗 3000 日息万五 每月15号 最低 300")
    await chat.tap("已经逾期了")  # answers "is it overdue?": not asked again (issue 12)
    assert "从哪天开始逾期" in chat.last.text
    await chat.send("11月15日")
    await chat.send("300")
    await chat.send("日息0.075%")
    card = chat.last.text
    assert "逾期" in card and "罚息：年化利率 27.38%" in card  # the penalty shows before Save
    assert "2026年11月15日" in card
    await chat.tap("保存")
    [debt] = await bot.look.debts(ZH.id)
    assert debt.overdue_amount == Decimal("300.00")


async def test_paying_an_instalment_keeps_the_loans_apr_and_marks_the_payment_made(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    # 12 x 110 repaying 1,200: APR 17.97% (IRR 1.4976% a month x 12), EAR 19.53%.
    await chat.send("/adddebt Affirm 1200 12x110 the 30th")
    await chat.tap("Online lending app")
    await chat.tap("Save")
    await chat.send("/paid Affirm 110")
    await chat.tap("Save")
    await chat.send("/debts")
    await chat.tap("1. Affirm")
    card = chat.last.text
    # The contract's APR, not the 36.91% that 12 x 110 would be on the 1,090 left.
    assert "$1,090.00" in card and "17.97%" in card and "36.91%" not in card
    assert "✓ The Nov 30, 2026 payment is paid." in card
    [debt] = await bot.look.debts(EN.id)
    assert round(debt.apr, 4) == Decimal("0.1797")


async def test_a_debt_sent_twice_is_flagged_on_the_card_before_save(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await add_debt(chat, "花呗 5000 年化18% 12月10日 最低 300")
    assert "已经记过" not in chat.last.text
    await chat.send("/adddebt 花呗 5000 年化18% 12月10日 最低 300")
    assert "⚠️ 你已经记过一笔花呗的欠款（¥5,000.00）" in chat.last.text
    await chat.tap("取消")
    assert len(await bot.look.debts(ZH.id)) == 1
    # The same platform under another of its names is flagged too.
    await chat.send("/adddebt 蚂蚁花呗 5000 年化18% 12月10日 最低 300")
    assert "⚠️ 你已经记过一笔花呗的欠款（¥5,000.00）" in chat.last.text
    await chat.tap("取消")
    # Another platform is not, nor is another bank's card beside a card (a kind of
    # product names no one lender).
    await chat.send("/adddebt 借呗 2000 年化18% 12月10日 最低 200")
    assert "已经记过" not in chat.last.text
    await chat.tap("取消")
    await add_debt(chat, "招行信用卡 3000 年化18% 12月10日 最低 300")
    await chat.send("/adddebt 建行信用卡 2000 年化18% 12月10日 最低 200")
    assert "已经记过" not in chat.last.text
    await chat.tap("取消")
    # Editing the recorded one is no twin of itself.
    await chat.send("/debts")
    await chat.tap("1. 花呗")
    await chat.tap("✏️ 修改")
    await chat.tap("欠款")
    await chat.send("4800")
    assert "¥4,800.00" in chat.last.text and "已经记过" not in chat.last.text


async def test_a_balance_that_is_the_schedule_gets_no_made_up_rate(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    # 12 x 1,060 = 12,720, exactly the balance: the interest is inside it, so the IRR of
    # (12,720 in, 12 x 1,060 out) = 0% would be a guess, never shown as the real cost.
    await chat.send("/adddebt 借呗 12720 12x1060 每月10号")
    card = chat.last.text
    assert "欠款正好是 12 期 × ¥1,060.00（共 ¥12,720.00）" in card and "0.00%" not in card
    await chat.tap("保存")
    [debt] = await bot.look.debts(ZH.id)
    assert debt.apr is None and debt.quote is not None
    await chat.send("/budget 收入 6000 必要 3000")
    await chat.tap("保存")
    replies = await chat.send("/plan")
    # Planned as the schedule, no interest added on top: 6,000 - 3,000 - 5% x 6,000 = 2,700
    # a month; Dec-Mar 4 x 2,700 = 10,800, the last 1,920 in April 2027. No "rate unknown,
    # assumed 24%" line for it.
    assert "利率未知" not in replies[0].text
    assert "¥12,720.00" in replies[0].text and "预计2027年4月还清" in replies[0].text
