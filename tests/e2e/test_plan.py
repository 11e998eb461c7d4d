"""/budget and /plan, as a user sees them, in both languages."""

from __future__ import annotations

from tests.e2e.conftest import EN, ZH, add_debt, add_weilidai_overdue, onboard


async def test_guided_budget_in_chinese(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await chat.send("/budget")
    assert "每月税后收入" in chat.last.text
    await chat.send("工资 8000")
    assert "工资" in chat.last.text and "¥8,000.00" in chat.last.text
    await chat.tap("完成")
    await chat.tap("房租")
    await chat.send("3000")
    await chat.tap("吃饭")
    await chat.send("1.5千")
    await chat.tap("完成")
    await chat.tap("外卖")
    await chat.send("600")
    await chat.tap("完成")
    await chat.tap("完成")  # no assets
    # 8000 − 4500 − 5% of 8000 (400) = 3100
    assert "¥3,100.00" in chat.last.text
    assert await bot.look.budget(ZH.id) == (None, "overdue_first")  # not yet saved
    await chat.tap("保存")
    assert "¥3,100.00" in chat.last.text and "已保存" in chat.last.text
    draft, _ = await bot.look.budget(ZH.id)
    assert draft.essentials == {"rent_mortgage": "3000.00", "food": "1500.00"}


async def test_a_quick_budget_over_an_itemised_one_says_what_it_replaces(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await chat.send("/budget")
    await chat.send("工资 8000")
    await chat.tap("完成")
    await chat.tap("房租")
    await chat.send("3000")
    await chat.tap("吃饭")
    await chat.send("1500")
    await chat.tap("完成")
    await chat.tap("完成")
    await chat.tap("完成")
    await chat.tap("保存")
    await chat.send("/budget 收入 8000 必要 4500")
    assert "会替换你已保存预算里的 2 项明细" in chat.last.text  # 房租 and 吃饭
    await chat.tap("取消")
    draft, _ = await bot.look.budget(ZH.id)
    assert draft.essentials == {"rent_mortgage": "3000.00", "food": "1500.00"}  # kept
    # Only incomes typed: the itemised spending is kept as saved, so nothing is said.
    await chat.send("/budget 收入 9000")
    assert "明细" not in chat.last.text
    await chat.tap("保存")
    draft, _ = await bot.look.budget(ZH.id)
    assert draft.essentials == {"rent_mortgage": "3000.00", "food": "1500.00"}
    assert [a for _, a in draft.incomes] == ["9000.00"]


async def test_quick_budget_in_english_and_margin_change(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await chat.send("/budget income 8000 essentials 5000")
    assert "$2,600.00" in chat.last.text
    await chat.tap("Safety margin")
    await chat.tap("10%")
    assert "$2,200.00" in chat.last.text
    await chat.tap("Save")
    draft, _ = await bot.look.budget(EN.id)
    assert draft.margin_percent == "0.1"
    # Re-running /budget starts from what was saved.
    await chat.send("/budget")
    assert "$2,200.00" in chat.last.text


async def test_bad_budget_input_is_reasked(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await chat.send("/budget income lots")
    assert "couldn't read “lots”" in chat.last.text
    await chat.send("/budget wages 8000")
    assert "/budget income 8000 essentials 5000" in chat.last.text
    await chat.send("/budget")
    await chat.send("a lot")
    assert "couldn't read" in chat.last.text.lower()


async def test_feasible_plan_with_chart_in_english(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await add_debt(chat, "Visa 3000 24% Dec 10 min 100")
    await add_debt(chat, "Amex 1000 18% Dec 20 min 50")
    await chat.send("/budget income 5000 essentials 3500")
    await chat.tap("Save")
    replies = await chat.send("/plan")
    text = replies[0].text
    assert "Debt-free by" in text and "Owed $4,000.00" in text
    # Plan money 5000 - 3500 - 250 = 1,250: Amex's minimum 50, the other 1,200 to Visa
    # (overdue first, then the highest rate: Visa 24%).
    assert "→ Visa: $1,200.00 by Dec 10, 2026" in text and "→ Amex: $50.00 by Dec 20, 2026" in text
    assert len(text.splitlines()) <= 8
    photo = replies[-1]
    assert photo.kind == "photo" and photo.file_bytes[:8] == b"\x89PNG\r\n\x1a\n"


async def test_strategy_switch_compare_and_what_if(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await add_debt(chat, "Visa 3000 24% Dec 10 min 100")
    await add_debt(chat, "Amex 1000 18% Dec 20 min 50")
    await chat.send("/budget income 5000 essentials 4000")
    await chat.tap("Save")
    await chat.send("/plan")
    await chat.tap("Smallest first")
    assert "Order: Smallest first" in chat.last.text
    assert (await bot.look.budget(EN.id))[1] == "snowball"
    await chat.tap("Compare orders")
    assert "Highest rate first:" in chat.last.text and "months" in chat.last.text
    await chat.tap("more each month")
    await chat.tap("+$500.00")
    assert "instead of" in chat.last.text and "nothing was saved" in chat.last.text
    await chat.tap("a one-off now")
    await chat.send("3000")
    assert "one-off $3,000.00" in chat.last.text
    assert (await bot.look.budget(EN.id))[1] == "snowball"


async def test_infeasible_plan_gives_a_negotiation_agenda_in_chinese(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await chat.send("/adddebt")
    await chat.send("招行信用卡")  # a known kind: a bank card
    await chat.tap("不清楚")
    await chat.send("3万")
    await chat.send("日息万五")
    await chat.send("3000")
    await chat.send("每月5号")
    await chat.tap("是")
    await chat.send("10月5日")
    await chat.send("6000")
    await chat.send("日息0.05%")
    await chat.tap("是")
    await chat.tap("保存")
    await chat.send("/budget 收入 6000 必要 4500")
    await chat.tap("保存")
    replies = await chat.send("/plan")
    assert "差" in replies[0].text
    agenda = replies[1].text
    assert "协商" in agenda and "先联系招行信用卡" in agenda
    assert "你每月能拿出" in agenda or "这个每月你付得起 ✓" in agenda
    assert "对方可能不同意" in agenda
    assert "第七十条" in agenda and "rules.md" not in agenda  # the rule, by name and article
    assert "12348" in agenda  # the region's legal line
    assert replies[-1].kind == "photo"


async def test_budget_save_lists_cuts_that_help(bot):
    """Cuts are suggested when money is short, largest effect first, each with its date."""
    chat = bot.chat(EN)
    await onboard(chat)
    await add_debt(chat, "Visa 6000 24% Dec 10 min 150")
    await chat.send("/budget")
    await chat.send("4000")
    await chat.tap("Done")
    await chat.tap("Food")
    await chat.send("3300")
    await chat.tap("Done")
    await chat.tap("Eating out")
    await chat.send("600")
    await chat.tap("Done")
    await chat.tap("Done")
    # Capacity 4000 - 3300 - 5% x 4000 (200) = 500; keeping 600 of eating out leaves -100.
    assert "Repayment capacity: $500.00" in chat.last.text
    assert "$100.00 a month is missing for debts" in chat.last.text
    await chat.tap("Save")
    text = chat.last.text
    assert "You keep $600.00 of it: $100.00 a month is missing" in text
    assert text.count("$500.00") == 1  # the capacity is said once, not twice
    assert text.startswith("Saved ✓\n")
    # Cutting it: 500 a month pays the 150 minimum and more: the plan works.
    assert "Cut Eating out & takeaway ($600.00 a month) and the plan works" in text


async def test_budget_save_with_enough_money_lists_no_cuts(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await add_debt(chat, "Visa 6000 24% Dec 10 min 150")
    await chat.send("/budget income 4000 essentials 2500")
    await chat.tap("Save")
    # 4000 - 2500 - 200 = 1,300, no optional spending: the plan uses all of it.
    assert "$1,300.00" in chat.last.text and "• Cut " not in chat.last.text


async def test_plan_needs_a_budget_and_debts(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    assert "budget first" in (await chat.send("/plan"))[0].text
    await chat.send("/budget income 5000 essentials 3000")
    await chat.tap("Save")
    assert "No debts" in (await chat.send("/plan"))[0].text


async def test_an_income_label_with_html_is_shown_literally(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await chat.send("/budget")
    await chat.send("R&D <bonus> 8000")
    assert "R&D <bonus>" in chat.last.text
    assert bot.emu.violations == []


async def test_the_debt_free_month_counts_from_the_first_payment(bot):
    """On Nov 28 with everything due Dec 10, month 1 of the plan is December."""
    chat = bot.chat(EN)
    await onboard(chat)
    await add_debt(chat, "Visa 3000 24% Dec 10 min 100")
    await chat.send("/budget income 5000 essentials 3000")
    await chat.tap("Save")
    text = (await chat.send("/plan"))[0].text
    # 3000 at 2%/month with 1,750 a month: two payments, Dec 10 and Jan 10.
    assert "\nDebt-free by Jan 2027.\n" in text


async def test_an_unknown_rate_is_called_an_estimate_in_the_agenda_never_the_contracts(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await chat.send("/adddebt 借呗 30000 每月10号 最低3000")
    await chat.send("不知道")  # the rate: the 不清楚 button, typed
    await chat.tap("保存")
    await chat.send("/budget 收入 6000 必要 4500")
    await chat.tap("保存")
    replies = await chat.send("/plan")
    assert "借呗的利率未知，暂按 24.00% 计算" in replies[0].text
    agenda = replies[1].text
    # 36 instalments at the assumed 24% (2% a month): 30,000 x 0.02 / (1 - 1.02^-36)
    # = 600 / 0.509776 = 1,176.99, called an estimate, never "the contract rate".
    assert "按估算的年化利率 24.00%（实际利率还没记录" in agenda and "¥1,176.99" in agenda
    assert "合同利率" not in agenda


async def test_spending_typed_as_a_list_at_the_category_choice(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await chat.send("/budget")
    await chat.send("工资 8000")
    await chat.tap("完成")
    await chat.send("房租2500")  # typed, not a tapped category
    assert "记下了：房租/房贷 ¥2,500.00" in chat.last.text
    await chat.send("吃饭 1500，话费100")
    assert "记下了：吃饭 ¥1,500.00、水电燃气 ¥100.00" in chat.last.text
    await chat.send("2000")  # an amount without a label: which category? re-asked
    assert "请在金额前写上是什么" in chat.last.text
    await chat.send("打车300看病500")  # run together, as typed on a phone
    assert "记下了：交通 ¥300.00、医疗 ¥500.00" in chat.last.text
    await chat.tap("交通 · ¥300.00")
    await chat.send("0")  # and taken back
    await chat.tap("医疗 · ¥500.00")
    await chat.send("0")
    await chat.tap("完成")
    await chat.send("外卖 600")
    await chat.tap("完成")
    await chat.tap("完成")  # no assets
    # 8000 - (2500 + 1500 + 100) - 5% of 8000 (400) = 3,500
    assert "¥3,500.00" in chat.last.text
    await chat.tap("保存")
    draft, _ = await bot.look.budget(ZH.id)
    assert draft.essentials == {"rent_mortgage": "2500.00", "food": "1500.00",
                                "utilities": "100.00"}
    assert draft.optionals == {"eating_out": "600.00"}


async def test_spending_typed_in_english(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await chat.send("/budget")
    await chat.send("salary 2500 tips 500")  # two incomes in one line: 3,000
    assert "• salary: $2,500.00\n• tips: $500.00\nTotal so far: $3,000.00" in chat.last.text
    await chat.tap("Done")
    await chat.send("rent 1,200, groceries 400 and bus pass 60")
    assert "Got it: Rent or mortgage $1,200.00, Food $400.00, Transport $60.00." in chat.last.text
    await chat.tap("Done")
    await chat.tap("Done")
    await chat.tap("Done")
    # 3000 - 1660 - 5% of 3000 (150) = 1,190
    assert "$1,190.00" in chat.last.text


async def test_a_loan_with_an_upfront_fee_is_never_asked_for_more_than_its_contract(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await chat.send("/adddebt 小贷 借10000，到手9000，分12期每期1000 每月20号")
    assert "年化利率 56.75%" in chat.last.text and "第六百七十条" in chat.last.text
    await chat.tap("保存")
    await chat.send("/budget 收入 5000 必要 4500")
    await chat.tap("保存")
    replies = await chat.send("/plan")
    # 5,000 - 4,500 - 5% x 5,000 = 250 a month on the 12,000 left, no interest on top:
    # 12,000 / 250 = 48 months, Dec 2026 to Nov 2030.
    assert "预计2030年11月还清" in replies[0].text
    agenda = replies[1].text
    # 36 instalments of what is left, no interest on top: 12,000 / 36 = 333.33 -> 333.34
    # (36 x 333.34 = 12,000.24). At the 56.75% APR on the 9,000 principal it would be
    # 36 x 525.16 = 18,905.76 for 12,000 owed.
    assert "请小贷把剩下的欠款分 36 期还，不再另加利息" in agenda and "每期 ¥333.34" in agenda
    assert "56.75%" not in agenda and "合同利率" not in agenda
    # The lever the law gives: interest taken off first is not lent (cited, by article).
    assert "按实际借款数额（¥9,000.00）" in agenda and "第六百七十条" in agenda


async def test_an_arrear_left_unpaid_in_a_short_month_says_why(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await add_debt(chat, "花呗 5000 年化18% 12月10日 最低 1000")
    await add_weilidai_overdue(chat)
    await chat.send("/budget 收入 5000 必要 3750")  # 5,000 - 3,750 - 5% x 5,000 = 1,000
    await chat.tap("保存")
    replies = await chat.send("/plan")
    # Overdue first, as the name says: 1,000 clears 微粒贷's 809.20 overdue, then 190.80
    # toward its Dec 5 800; 花呗's 1,000 on Dec 10 gets nothing, and the plan says so.
    assert "→ 微粒贷：2026年11月5日起逾期 ¥809.20：尽快还上；然后2026年12月5日前还 ¥190.80" in replies[0].text
    assert "按“逾期优先”，这个月的钱先还已经逾期的" in replies[0].text
    # Highest rate first keeps the debt that isn't overdue on time, and says why the
    # overdue one waits.
    await chat.tap("利率高的优先")
    summary = next(m.text for m in reversed(chat.messages) if "顺序：利率高的优先" in (m.text or ""))
    assert "这个月暂时没有余钱还" in summary
    assert "钱不够时，计划先保证还没逾期的欠款按时还" in summary


async def test_a_month_short_even_for_current_debts_says_so_and_reminders_agree(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await add_debt(chat, "花呗 5000 年化18% 12月10日 最低 1000")
    await add_weilidai_overdue(chat)
    await chat.send("/budget 收入 5000 必要 4250")  # 5,000 - 4,250 - 5% x 5,000 = 500
    await chat.tap("保存")
    await chat.send("/plan")
    # Highest rate first: 500 goes to 花呗's 1,000 (short by 500); 微粒贷 gets nothing.
    # The plan says even the current debt can't be paid in full, never that it is.
    await chat.tap("利率高的优先")
    summary = next(m.text for m in reversed(chat.messages) if "顺序：利率高的优先" in (m.text or ""))
    assert "这个月的钱连还没逾期的欠款都不够按时还" in summary
    assert "计划先保证还没逾期的欠款按时还" not in summary
    # The reminders say what the plan says: 微粒贷's Dec 5 800 has nothing this month.
    await chat.send("/reminders")
    assert "12月5日应还 ¥800.00" in chat.last.text and "暂时没有钱还它" in chat.last.text
    assert "需还 ¥800.00" not in chat.last.text
