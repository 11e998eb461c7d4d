"""/check, as a user sees it: what an offer really costs, before signing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot.i18n import percent
from coach.lenders import LenderType
from coach.offers import QuotedTerms, offer_check
from coach.parsing import parse_rate
from tests.e2e.conftest import EN, ZH, BotHarness, onboard, start_bot, stop_bot

DRAFT = "offer_check"


async def _draft(bot, uid) -> dict:
    return await bot.look.draft(uid, DRAFT)


# --- quick forms ----------------------------------------------------------------------


async def test_quick_instalments_without_a_region_show_the_figures_only(bot):
    chat = bot.chat(EN)  # never ran /start: no region, so no rules to apply; nothing stored
    card = (await chat.send("/check 12000 12x1060"))[-1].text
    assert "APR (nominal, IRR method, the headline rate): 10.90%" in card
    assert "Effective annual rate (with compounding): 11.46%" in card
    assert "Total cost: 720.00" in card
    assert "set your region with /start" in card
    assert "LPR" not in card and "✅" not in card and "rules.md" not in card
    assert card.index("APR") < card.index("Effective") < card.index("Total cost")
    assert "Before signing" in card
    assert len([line for line in card.splitlines() if line.strip()]) <= 10
    assert await bot.look.user(EN.id) is None  # a quick check stores nothing


async def test_quick_instalments_in_mainland_china_show_both_lines_each_labelled(bot):
    chat = bot.chat(EN)
    await onboard(chat, region="cn")  # an English speaker whose loans are in mainland China
    card = (await chat.send("/check 12000 12x1060"))[-1].text
    assert "here is each case" in card
    assert "If this is a licensed lender" in card and "24.00%, the line regulators reportedly" in card
    assert "If this is a private loan" in card and "12.00%, 4× the one-year LPR" in card
    assert "art. 25 · judicial interpretation" in card and "rules.md" not in card
    assert "Before signing" in card and "12348 (free public legal advice)" in card
    assert len([line for line in card.splitlines() if line.strip()]) <= 10


async def test_quick_instalments_accept_star_and_chinese_period_forms(bot):
    en = bot.chat(EN)
    assert "10.90%" in (await en.send("/check 12000 12*1060"))[-1].text
    zh = bot.chat(ZH)
    await onboard(zh)
    card = (await zh.send("/check 12000 12期x1060"))[-1].text
    assert "年化利率（IRR法）：10.90%" in card
    assert "实际年化（复利）：11.46%" in card
    assert "总成本：¥720.00" in card
    assert "据报道" in card and "第二十五条 · 司法解释" in card and "rules.md" not in card


async def test_quick_single_repayment_shows_simple_rate_and_xirr(bot):
    en = bot.chat(EN)
    card = (await en.send("/check 1000 1010 7d"))[-1].text
    assert "Annualised rate (simple, nominal): 52.14%" in card  # 10/1000 x 365/7
    assert "XIRR (effective annual, with compounding): 68.01%" in card
    assert "Total cost: 10.00" in card
    zh = bot.chat(ZH)
    card = (await zh.send("/check 1000 1010 7天"))[-1].text
    assert "52.14%" in card and "XIRR" in card and "7 天后还" in card


async def test_a_high_cost_offer_is_above_the_line_with_its_citation(bot):
    chat = bot.chat(EN)
    await onboard(chat, region="cn")
    card = (await chat.send("/check 1000 12x150"))[-1].text
    assert "APR (nominal, IRR method, the headline rate): 125.38%" in card
    assert "125.38% is above 24.00%, the line regulators reportedly hold them to" in card
    assert "news report" in card and "rules.md" not in card
    assert "125.38% is above 12.00%" in card  # and above 4 x LPR
    assert "take" not in card.lower()  # never advice to borrow


async def test_a_us_user_sees_the_figures_without_a_verdict(bot):
    chat = bot.chat(EN)
    await onboard(chat)  # United States, USD
    card = (await chat.send("/check 12000 12x1060"))[-1].text
    assert "10.90%" in card and "$720.00" in card
    assert "vary by state" in card and "rules.md" not in card and "LPR" not in card
    assert "ask a lawyer or the CFPB" in card


async def test_a_rate_without_a_term_continues_with_the_months(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await chat.send("/check 10000 年化18%")
    assert "分几期" in chat.last.text
    await chat.tap("12 期")
    await chat.tap("没有先扣费")
    await chat.tap("没有每期费用")
    await chat.tap("银行贷款")
    assert "年化利率（IRR法）：18.00%" in chat.last.text
    assert "银行贷款没有固定的法定利率上限" in chat.last.text  # a bank loan: no cap verdict
    assert await _draft(bot, ZH.id) == {}


# --- the guided flow ------------------------------------------------------------------


async def test_guided_instalments_with_a_lender_type_give_one_verdict(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    replies = await chat.send("/check")
    assert "实际到手多少钱" in replies[-1].text
    await chat.send("12000")
    assert [b for b, _ in bot.emu.buttons(chat.last)] == [
        "按月分期还", "按报价利率 + 费用", "若干天后一次还清"]
    await chat.tap("按月分期还")
    await chat.tap("12 期")
    await chat.send("1060")
    labels = [b for b, _ in bot.emu.buttons(chat.last)]
    assert len(labels) == 8 and labels[-1] == "不清楚"  # card and bank loan are two kinds
    assert await _draft(bot, ZH.id) == {"received": "12000", "form": "inst", "count": 12,
                                        "payment": "1060"}
    await chat.tap("消费金融公司")
    card = chat.last.text
    assert "10.90%" in card and "11.46%" in card and "¥720.00" in card
    assert card.count("✅") == 1 and "据报道" in card and "第二十五条" not in card
    assert await _draft(bot, ZH.id) == {}  # the draft is gone with the result


async def test_guided_amounts_are_read_with_the_words_people_put_around_them(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await chat.send("/check")
    await chat.send("到手12000元")  # the money received, with its words
    await chat.tap("按月分期还")
    await chat.tap("12 期")
    await chat.send("每期1,060块")
    assert await _draft(bot, ZH.id) == {"received": "12000", "form": "inst", "count": 12,
                                        "payment": "1060"}
    await chat.tap("消费金融公司")
    assert "10.90%" in chat.last.text  # 12 x 1,060 for 12,000 received (rates.md example)


async def test_guided_without_a_lender_type_shows_both_thresholds(bot):
    chat = bot.chat(EN)
    await onboard(chat, region="cn")
    await chat.send("/check")
    await chat.send("12000")
    await chat.tap("Monthly instalments")
    await chat.send("12 months")  # typed instead of tapped
    await chat.send("1060")
    await chat.tap("Don't know")
    card = chat.last.text
    assert "here is each case" in card and "24.00%" in card and "12.00%" in card
    assert card.count("✅") == 2 and "If this is a private loan" in card
    assert await _draft(bot, EN.id) == {}


async def test_guided_quoted_rate_with_fees(bot):
    chat = bot.chat(EN)
    await onboard(chat, region="cn")
    await chat.send("/check")
    await chat.send("10000")
    await chat.tap("Quoted rate + fees")
    await chat.send("APR 18%")
    await chat.tap("12 months")
    await chat.send("500")  # deducted up front: the contract is for 10,500
    await chat.send("20")  # added to every payment
    await chat.tap("Possibly unlicensed lender")
    expected = offer_check(
        Decimal(10000),
        QuotedTerms(parse_rate("APR 18%"), 12, Decimal(500), Decimal(20)),
        today=date(2026, 11, 28),
        lender_type=LenderType.UNKNOWN,
    )
    card = chat.last.text
    assert f"APR (nominal, IRR method, the headline rate): {percent(expected.apr, 'en')}" in card
    assert "above 12.00%" in card and "art. 25" in card and "protect" in card
    assert "contract may be void" in card and "art. 13" in card and "✅" not in card


async def test_guided_single_repayment_with_a_private_lender(bot):
    chat = bot.chat(EN)
    await onboard(chat, region="cn")
    await chat.send("/check")
    await chat.send("1000")
    await chat.tap("One repayment after some days")
    await chat.send("1010")
    await chat.tap("7 days")
    await chat.tap("A private person")
    card = chat.last.text
    assert "52.14%" in card and "XIRR" in card
    assert "above 12.00%" in card and "licensed lenders" not in card


async def test_a_us_user_is_not_asked_the_lender_type(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await chat.send("/check 12000")  # the amount alone: straight to the form
    await chat.tap("Monthly instalments")
    await chat.tap("12 months")
    card = (await chat.send("1060"))[-1].text
    assert "10.90%" in card and "vary by state" in card
    assert await _draft(bot, EN.id) == {}


async def test_a_whole_quick_line_at_the_amount_step_gives_the_result(bot):
    chat = bot.chat(EN)
    await chat.send("/check")
    card = (await chat.send("12000 12x1060"))[-1].text
    assert "10.90%" in card


# --- misunderstandings, /cancel -------------------------------------------------------


async def test_bad_input_is_re_asked_with_an_example_and_the_flow_continues(bot):
    chat = bot.chat(EN)
    await onboard(chat, region="cn")
    replies = await chat.send("/check abc")
    assert "couldn't read “abc”" in replies[0].text and "12000 12x1060" in replies[0].text
    assert "step by step" in replies[1].text
    replies = await chat.send("lots")
    assert "couldn't read “lots” as an amount" in replies[0].text and "5000" in replies[0].text
    await chat.send("12000")
    await chat.tap("Monthly instalments")
    assert "couldn't read" in (await chat.send("a dozen"))[0].text
    await chat.tap("12 months")
    assert "couldn't read" in (await chat.send("about a thousand"))[0].text
    await chat.send("1060")
    assert "who lends the money" in chat.last.text


async def test_bad_input_in_chinese(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    assert "没能看懂“随便”" in (await chat.send("/check 随便"))[0].text
    assert "没能识别金额“很多”" in (await chat.send("很多"))[0].text
    await chat.send("一万二")
    assert "怎么还款" in chat.last.text


async def test_repayments_below_the_money_received_are_named(bot):
    chat = bot.chat(EN)
    await onboard(chat, region="cn")
    replies = await chat.send("/check 12000 12x500")
    assert "add up to CN¥6,000.00, less than the CN¥12,000.00 you receive" in replies[0].text
    await chat.send("12000")
    await chat.tap("Monthly instalments")
    await chat.tap("12 months")
    assert "less than" in (await chat.send("100"))[0].text  # stays on this step
    await chat.send("1060")
    assert "who lends the money" in chat.last.text


async def test_user_text_is_escaped(bot):
    chat = bot.chat(EN)
    replies = await chat.send("/check <b>x</b> & co")
    assert "“<b>x</b>”" in replies[0].text
    assert bot.emu.violations == []


async def test_cancel_mid_flow_says_nothing_was_saved(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await chat.send("/check")
    await chat.send("12000")
    await chat.tap("按月分期还")
    assert await _draft(bot, ZH.id) != {}
    replies = await chat.send("/cancel")
    assert "已取消" in replies[0].text and "都没有保存" in replies[0].text
    assert await _draft(bot, ZH.id) == {}
    question, data = chat.find_button("12 期")  # the old step's button no longer works
    before = len(chat.messages)
    await chat.press(question.message_id, data)
    assert len(chat.messages) == before and await _draft(bot, ZH.id) == {}


async def test_a_double_tap_on_the_lender_acts_once(bot):
    chat = bot.chat(EN)
    await onboard(chat, region="cn")
    await chat.send("/check")
    await chat.send("12000")
    await chat.tap("Monthly instalments")
    await chat.tap("12 months")
    await chat.send("1060")
    question, data = chat.find_button("Don't know")
    await chat.press(question.message_id, data)
    cards = len(chat.messages)
    await chat.press(question.message_id, data, strict=False)
    assert len(chat.messages) == cards


async def test_a_restart_resumes_the_check_at_the_same_step(emulator, sqlite_url, clock):
    app = await start_bot(emulator, sqlite_url, clock)
    try:
        chat = BotHarness(emulator, app, clock, sqlite_url).chat(EN)
        await onboard(chat, region="cn")
        await chat.send("/check")
        await chat.send("12000")
        await chat.tap("Monthly instalments")
    finally:
        await stop_bot(app)
    app = await start_bot(emulator, sqlite_url, clock)
    try:
        chat = BotHarness(emulator, app, clock, sqlite_url).chat(EN)
        await chat.tap("12 months")
        await chat.send("1060")
        await chat.tap("Don't know")
        assert "10.90%" in chat.last.text
    finally:
        await stop_bot(app)
