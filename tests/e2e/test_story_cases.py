"""Issue 10's cases in the real bot, both languages: every screen tells one story.

Each test reads like the user's chat and checks the figure the issue names, worked out
by hand in a comment. The clock starts on 2026-11-28 (09:00 in Shanghai, 20:00 the day
before in New York): a debt due on the 10th is next due on Dec 10, 2026.
"""

from __future__ import annotations

from tests.e2e.conftest import EN, ZH, add_debt, onboard


def texts(msgs) -> list[str]:
    return [m.text or "" for m in msgs]


# --- case 1: one monthly gap, on every screen -------------------------------------------


async def test_case_1_one_gap_on_summary_caption_agenda_and_what_if_in_english(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await add_debt(chat, "Visa 500 18% 10th min 50")
    await chat.send("/budget income 3000 essentials 2900")
    await chat.tap("Save")
    summary, agenda, chart = await chat.send("/plan")
    # Capacity 3000 - 2900 - 5% x 3000 (150) = -50: the gap is 50 - (-50) = 100 a month.
    assert "$50.00 a month is missing before any debt is paid" in summary.text
    assert "You are short $100.00 a month" in summary.text
    assert chart.kind == "photo" and "You are short $100.00 a month" in (chart.caption or "")
    # Nothing to offer: a pause, never "offer $0.00"; even if Visa agrees, the 50 the
    # essentials exceed the income is missing: 0 - (-50) = 50.
    assert "pause payments for 3 months" in agenda.text and "$0.00" not in agenda.text
    assert "short by $50.00 a month" in agenda.text
    assert "$12.70" not in summary.text + agenda.text + (chart.caption or "")
    await chat.tap("more each month")
    # The first button closes the gap: +100.
    labels = [b for b, _ in bot.emu.buttons(chat.last)]
    assert labels[0] == "+$100.00"
    await chat.tap("+$100.00")
    assert "nothing short each month any more" in chat.last.text


async def test_case_1_one_gap_in_chinese(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await add_debt(chat, "招行信用卡 500 年化18% 每月10号 最低 50")
    await chat.send("/budget 收入 3000 必要 2900")
    await chat.tap("保存")
    summary, agenda, chart = await chat.send("/plan")
    # 3000 - 2900 - 150 = -50; 缺口 50 - (-50) = 100。
    assert "每月已经缺 ¥50.00" in summary.text and "每月还差 ¥100.00" in summary.text
    assert "每月还差 ¥100.00" in (chart.caption or "")
    assert "暂停还款 3 个月" in agenda.text and "¥0.00" not in agenda.text
    assert "每月仍差 ¥50.00" in agenda.text and "12348" in agenda.text


# --- case 2: a plan that never ends says so, with three figures ---------------------------


async def test_case_2_never_ends_with_interest_paid_and_growth_in_english(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await add_debt(chat, "Visa 100000 36% Dec 10 min 100")
    await chat.send("/budget income 3000 essentials 2600")
    await chat.tap("Save")
    summary, _agenda, chart = await chat.send("/plan")
    # Plan money 3000 - 2600 - 150 = 250. Interest 100,000 x 36% / 12 = 3,000 a month;
    # the plan pays 250; the balance grows by 3,000 - 250 = 2,750 a month.
    assert ("At $250.00 a month this never ends: interest alone is $3,000.00 a month, "
            "so the balance grows by $2,750.00 a month") in summary.text
    assert "$2,750.00" in (chart.caption or "") and "Short by $0.00" not in (chart.caption or "")
    await chat.tap("more each month")
    await chat.tap("+$500.00")
    # +500: pays 750, grows 3,000 - 750 = 2,250; never "still short by $0.00".
    assert "still never ends; the balance would grow by $2,250.00 a month" in chat.last.text
    assert "$0.00" not in chat.last.text


async def test_case_2_never_ends_in_chinese(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await add_debt(chat, "招行信用卡 100000 年化36% 每月10号 最低 100")
    await chat.send("/budget 收入 3000 必要 2600")
    await chat.tap("保存")
    summary, _agenda, chart = await chat.send("/plan")
    # 利息 100,000 × 36% ÷ 12 = 3,000；每月还 250；每月多出 2,750。
    assert "每月还 ¥250.00，永远还不完：光利息每月就有 ¥3,000.00，欠款每月还会多出 ¥2,750.00" in summary.text
    assert "¥2,750.00" in (chart.caption or "")
    await chat.tap("如果每月多还")
    await chat.tap("+¥500.00")
    assert "还是还不完，欠款每月仍会多出 ¥2,250.00" in chat.last.text  # 3,000 - 750


# --- case 3: a one-off arrear is not a monthly gap -----------------------------------------


async def _huabei_all_overdue(chat, zh: bool) -> None:
    if zh:
        await chat.send("/adddebt 花呗 8600 年化18% 每月10号 最低 300")
        await chat.tap("已经逾期了")
        await chat.send("10月10日")
        await chat.tap("全部逾期")
        await chat.tap("跳过")
        await chat.tap("保存")
        await chat.send("/budget 收入 2000 必要 1550")
        await chat.tap("保存")
    else:
        await chat.send("/adddebt Affirm 8600 18% 10th min 300")
        await chat.tap("Online lending app")
        await chat.tap("It's overdue")
        await chat.send("Oct 10")
        await chat.tap("All of it")
        await chat.tap("Skip")
        await chat.tap("Save")
        await chat.send("/budget income 2000 essentials 1550")
        await chat.tap("Save")


async def test_case_3_all_overdue_is_a_one_off_not_a_monthly_gap_in_chinese(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await _huabei_all_overdue(chat, zh=True)
    summary, agenda, chart = await chat.send("/plan")
    # 计划资金 2000 - 1550 - 100 = 350。全部 8,600 都已逾期：本期不再另有应还，所以没有每月缺口。
    assert "现在逾期 ¥8,600.00；你每月可以拿出 ¥350.00 来还" in summary.text
    assert "每月还差" not in summary.text + (chart.caption or "")
    # 分 36 期、年化利率 18%：8,600 × 0.015 ÷ (1 - 1.015^-36) = 310.9106，向上取整 310.92。
    assert "分 36 期还" in agenda.text and "每期 ¥310.92" in agenda.text
    assert "这个每月你付得起 ✓" in agenda.text  # no echo of the figure asked
    await chat.tap("如果一次性多还")
    await chat.send("3000")
    # 一次性多还不会变成每月缺口；本月 350 + 3,000 还逾期，剩 8,600 - 3,350 = 5,250。
    assert "每月仍差" not in chat.last.text and "之后仍逾期 ¥5,250.00" in chat.last.text
    # All of it overdue: the card says since when, and no "next" due date (nothing more
    # falls due); /debts names no amount it doesn't know.
    await chat.send("/debts")
    await chat.tap("1. 花呗")
    assert "自2026年10月10日起逾期" in chat.last.text and "下次" not in chat.last.text


async def test_case_3_all_overdue_in_english(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await _huabei_all_overdue(chat, zh=False)
    summary, _agenda, _chart = await chat.send("/plan")
    # 2000 - 1550 - 100 = 350; all 8,600 overdue, nothing more due this cycle: no gap.
    assert "$8,600.00 is overdue now; you can put $350.00 a month toward your debts" in summary.text
    assert "short" not in summary.text.split("\n")[3]
    await chat.tap("a one-off now")
    await chat.send("3,000")
    assert "still short" not in chat.last.text
    assert "Still overdue after that: $5,250.00" in chat.last.text  # 8,600 - 350 - 3,000


# --- case 4: asks whose numbers work -------------------------------------------------------


async def test_case_4_instalments_at_the_contract_rate_in_chinese(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await chat.send("/adddebt 借呗 30000 年化14.6% 每月10号 最低 2702")
    await chat.tap("已经逾期了")
    await chat.send("11月10日")
    await chat.send("2702")
    await chat.tap("跳过")
    await chat.tap("保存")
    await chat.send("/budget 收入 3000 必要 1850")
    await chat.tap("保存")
    summary, agenda, _chart = await chat.send("/plan")
    # 计划资金 3000 - 1850 - 150 = 1,000。逾期 2,702（一次性）；12月10日应还 2,702：
    # 每月缺口 2,702 - 1,000 = 1,702。
    assert "现在逾期 ¥2,702.00；之后每月还差 ¥1,702.00" in summary.text
    # 逾期 2,702，加上本期（12月10日）的 2,702，一共 5,404。
    assert "自2026年11月10日起逾期 ¥2,702.00，加上本期应还的，一共 ¥5,404.00" in agenda.text
    # 36 期、年化利率 14.6%：30,000 × r ÷ (1 - (1+r)^-36)，r = 0.146/12：365 ÷ 0.352966 =
    # 1,034.093，向上取整 1,034.10；能拿出 1,000，差 34.10。
    assert "分 36 期还，按合同利率（年化利率 14.60%）每期 ¥1,034.10" in agenda.text
    assert "你每月能拿出 ¥1,000.00，还差 ¥34.10" in agenda.text
    assert "¥224.65" not in agenda.text and "对方可能不同意" in agenda.text


async def test_case_4_a_friend_with_nothing_due_is_not_asked_and_arrears_are_due_now(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await chat.send("/adddebt 花呗 8100 年化18% 每月10号 最低 300")
    await chat.tap("已经逾期了")
    await chat.send("10月10日")
    await chat.tap("全部逾期")
    await chat.tap("跳过")
    await chat.tap("保存")
    await chat.send("/adddebt")
    await chat.send("张三")
    await chat.tap("个人")
    await chat.tap("不清楚")
    await chat.send("5000")
    await chat.tap("不清楚")
    await chat.tap("是的，全额到账")
    await chat.tap("没有最低还款")
    await chat.tap("跳过")
    await chat.tap("否")
    await chat.tap("保存")
    await chat.send("/budget 收入 2000 必要 1600")
    await chat.tap("保存")
    _summary, agenda, _chart = await chat.send("/plan")
    # 花呗: "now" includes the arrears (8,100), never ¥0.00; the friend has nothing due and
    # no arrears: not asked to lower a payment of 0.
    assert "花呗：自2026年10月10日起逾期 ¥8,100.00" in agenda.text
    assert "张三" not in agenda.text and "¥0.00" not in agenda.text


async def test_case_4_instalments_in_english(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await chat.send("/adddebt Upstart 30000 14.6% 10th min 2702")
    await chat.tap("Not sure / other")  # a US lender of no known kind: grace or instalments
    await chat.tap("It's overdue")
    await chat.send("Nov 10")
    await chat.send("2702")
    await chat.tap("Skip")
    await chat.tap("Save")
    await chat.send("/budget income 3000 essentials 1850")
    await chat.tap("Save")
    summary, agenda, _chart = await chat.send("/plan")
    assert "$2,702.00 is overdue now; after that you are short $1,702.00 a month" in summary.text
    # 36 instalments at 14.6%: 1,034.093 -> 1,034.10; the offer 1,000 is 34.10 short.
    assert "36 monthly instalments at the contract rate (14.60%): $1,034.10 a month" in agenda.text
    assert "You can offer $1,000.00 a month, $34.10 less than that" in agenda.text
    assert "the lender may say no" in agenda.text


# --- case 5: capacity means one thing --------------------------------------------------------


async def test_case_5_capacity_and_plan_money_and_cuts_in_chinese(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await add_debt(chat, "花呗 5000 年化18% 每月10号 最低 600")
    await chat.send("/budget 收入 5000 必要 3775 可选 480")
    # 还款能力 5000 - 3775 - 250 = 975；保留可选支出 480 后，计划每月用 495。
    assert "还款能力：每月 ¥975.00" in chat.last.text and "计划每月用 ¥495.00" in chat.last.text
    await chat.tap("保存")
    saved = chat.last.text
    assert "¥975.00" in saved and "其中 ¥480.00 留作可选支出" in saved and "¥495.00" in saved
    summary, _agenda, _chart = await chat.send("/plan")
    assert "你每月能拿出 ¥975.00 还款；保留可选支出 ¥480.00 后，计划每月用 ¥495.00" in summary.text
    # 最低还款 600 > 495：每月差 105。减掉 480 后每月 975：5,000 按月利率 1.5%，
    # 4,100 → 3,186.50 → 2,259.30 → 1,318.19 → 362.96 → 第 6 个月还清：2026年12月起算，2027年5月。
    assert "每月还差 ¥105.00" in summary.text
    assert "减少可选支出" in summary.text and "计划就可行了：2027年5月还清" in summary.text


async def test_case_5_capacity_and_plan_money_in_english(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await add_debt(chat, "Visa 5000 18% 10th min 600")
    await chat.send("/budget income 5000 essentials 3775 optional 480")
    await chat.tap("Save")
    summary, _agenda, _chart = await chat.send("/plan")
    assert ("You can put $975.00 a month toward debts; keeping $480.00 of optional spending, "
            "the plan uses $495.00 a month") in summary.text
    assert "You are short $105.00 a month" in summary.text  # 600 - 495
    assert "and the plan works: debt-free by May 2027" in summary.text


# --- case 8: a minimum below the monthly interest -----------------------------------------------


async def test_case_8_the_card_says_a_minimum_below_the_interest_never_pays_off(bot):
    for user, line, expected in (
        (EN, "Visa 100000 36% Dec 10 min 100",
         "The minimum ($100.00) is less than a month's interest (about $3,000.00)"),
        (ZH, "招行信用卡 100000 年化36% 每月10号 最低 100",
         "最低还款 ¥100.00 还不够一个月的利息（约 ¥3,000.00）"),
    ):
        chat = bot.chat(user)
        await onboard(chat)
        # 100,000 x 36% / 12 = 3,000 a month of interest, against a 100 minimum: said on
        # the card before Save, and on the saved card.
        await chat.send(f"/adddebt {line}")
        assert expected in chat.last.text
        await chat.tap("保存" if user is ZH else "Save")
        await chat.send("/debts")
        await chat.tap("1. ")
        assert expected in chat.last.text


# --- case 9: one rule for the minimum, one rounding, on every screen ------------------------------


async def test_case_9_a_percent_minimum_is_the_same_on_card_reminder_calendar_and_plan(bot):
    from datetime import UTC, datetime

    from icalendar import Calendar

    for user, line, budget, shown, nine in (
        (EN, "Visa 1234.50 18% 10th min 1%", "/budget income 5000 essentials 4700", "$12.35", 14),
        (ZH, "招行信用卡 1234.50 年化18% 每月10号 最低 1%", "/budget 收入 5000 必要 4700", "¥12.35", 1),
    ):
        bot.clock.set(datetime(2026, 11, 28, 1, 0, tzinfo=UTC))
        chat = bot.chat(user)
        await onboard(chat)
        await add_debt(chat, line)
        # 1,234.50 x 1% = 12.345: half-up to 12.35 everywhere (never half-even 12.34).
        await chat.send("/debts")
        await chat.tap("1. ")
        assert shown in chat.last.text
        ics = Calendar.from_ical((await chat.send("/calendar"))[-1].file_bytes)
        assert shown in str(next(iter(ics.walk("VEVENT")))["SUMMARY"])
        bot.clock.set(datetime(2026, 12, 9, nine, 0, tzinfo=UTC))  # 09:00 local, the day before
        await bot.tick()
        assert shown in chat.last.text and "12.34" not in chat.last.text
        bot.clock.set(datetime(2026, 11, 28, 1, 0, tzinfo=UTC))
        await chat.send(budget)
        await chat.tap("Save" if user is EN else "保存")
        await chat.send("/plan")
        await chat.tap("How is this calculated" if user is EN else "这些数字怎么算的")
        assert shown in chat.last.text and "12.34" not in chat.last.text


# --- case 10: /check never fails on a huge rate ---------------------------------------------------


async def test_case_10_check_shows_the_apr_and_caps_the_effective_rate(bot):
    for user, expected, broken in ((EN, ("142,800.00%", "over 10,000%"), "went wrong"),
                                   (ZH, ("142,800.00%", "10,000%"), "出了点问题")):
        chat = bot.chat(user)
        await onboard(chat)
        # Receive 100, repay 12,000 after one month: APR = (12000 / 100 - 1) x 12 = 1,428
        # = 142,800%; the effective rate (120^12 - 1, about 8.9 x 10^24 = 8.9 x 10^26 %) is
        # shown only as "over 10,000%".
        text = (await chat.send("/check 100 1x12000"))[-1].text
        assert all(e in text for e in expected) and broken not in text
