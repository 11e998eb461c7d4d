"""/paid: guided and quick, ambiguous names, overpayment, double taps; both languages."""

from __future__ import annotations

from decimal import Decimal

from bot.i18n import render_error, t
from coach.errors import ParseError
from tests.e2e.conftest import EN, ZH, add_debt, add_weilidai_overdue, onboard


async def _add_chase_overdue(chat, penalty: str | None) -> None:
    """Chase, a bank loan: $2,000 at 24%, $100 minimum on the 5th, $300 overdue since
    Nov 5, with ``penalty`` interest (None: skipped); Save still to tap."""
    await chat.send("/adddebt")
    await chat.send("Chase")
    await chat.tap("Bank")
    await chat.tap("Don't know")
    for answer in ("2000", "24%", "100", "the 5th"):
        await chat.send(answer)
    await chat.tap("Yes")
    await chat.send("Nov 5")
    await chat.send("300")
    if penalty is None:
        await chat.tap("Skip")
    else:
        await chat.send(penalty)

async def test_quick_paid_records_a_partial_payment(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await add_debt(chat, "花呗 5000 年化18% 12月10日 最低 300")
    await chat.send("/paid 花呗 500")
    assert "¥5,000.00 → ¥4,500.00" in chat.last.text
    await chat.tap("保存")
    assert "已记录" in chat.last.text and "¥4,500.00" in chat.last.text
    [debt] = await bot.look.debts(ZH.id)
    assert debt.balance == Decimal("4500.00")
    [payment] = await bot.look.payments(ZH.id, debt.id)
    assert payment.amount == Decimal("500.00") and payment.paid_on.isoformat() == "2026-11-28"


async def test_guided_paid_with_a_date_covers_overdue_first(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await _add_chase_overdue(chat, penalty=None)
    await chat.tap("No")
    await chat.tap("Save")
    await chat.send("/paid")  # one debt: no need to ask which
    assert "How much did you pay to Chase" in chat.last.text
    await chat.send("200")
    await chat.send("Nov 20")
    assert "covers the overdue amount first ($200.00)" in chat.last.text
    await chat.tap("Save")
    [debt] = await bot.look.debts(EN.id)
    # The arrears stay as stated (300); the payment is replayed against them: 300 - 200.
    assert (debt.balance, debt.overdue_amount) == (Decimal("1800.00"), Decimal("300.00"))
    [payment] = await bot.look.payments(EN.id, debt.id)
    assert payment.paid_on.isoformat() == "2026-11-20" and payment.to_overdue == Decimal("200.00")
    await chat.send("/debts")
    assert "overdue since Nov 5, 2026" in chat.last.text and "Overdue: $100.00" in chat.last.text


async def test_an_ambiguous_name_asks_which_debt(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await add_debt(chat, "Visa Gold 3000 18% Dec 10 min 100")
    await add_debt(chat, "Visa Platinum 2000 20% Dec 12 min 100")
    await chat.send("/paid visa 100")
    assert "Several debts match" in chat.last.text
    await chat.tap("Visa Platinum")
    await chat.tap("Save")
    debts = {d.lender: d.balance for d in await bot.look.debts(EN.id)}
    assert debts == {"Visa Gold": Decimal("3000.00"), "Visa Platinum": Decimal("1900.00")}


async def test_overpayment_asks_then_marks_paid_off(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await add_debt(chat, "借呗 800 日息万五 12月10日 最低 100")
    await chat.send("/paid 借呗 1000")
    assert "超过了" in chat.last.text
    await chat.tap("已还清")
    assert "已还清" in chat.last.text
    assert await bot.look.debts(ZH.id) == []  # paid off: no longer active


async def test_double_tapped_payment_is_recorded_once(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await add_debt(chat, "Visa 3000 18% Dec 10 min 100")
    await chat.send("/paid Visa 100")
    card, data = chat.find_button("Save")
    await chat.press(card.message_id, data)
    await chat.press(card.message_id, data, strict=False)
    [debt] = await bot.look.debts(EN.id)
    assert debt.balance == Decimal("2900.00")
    assert len(await bot.look.payments(EN.id, debt.id)) == 1


async def test_payment_from_the_debt_card_and_history_shown(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await add_debt(chat, "Visa 3000 18% Dec 10 min 100")
    await chat.send("/debts")
    await chat.tap("1. Visa")
    await chat.tap("Record payment")
    await chat.send("250")
    await chat.tap("Today")
    await chat.tap("Save")
    await chat.send("/debts")
    await chat.tap("1. Visa")
    assert "Payments" in chat.last.text and "$250.00" in chat.last.text


async def test_bad_amounts_are_reasked(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await add_debt(chat, "花呗 5000 年化18% 12月10日 最低 300")
    await chat.send("/paid")
    await chat.send("-5")
    assert chat.last.source_text == "\n".join([
        render_error("zh_CN", ParseError("amount.negative", text="-5")), t("zh_CN", "flow.reask_cancel")])
    await chat.send("五百")
    await chat.tap("今天")
    await chat.tap("保存")
    [debt] = await bot.look.debts(ZH.id)
    assert debt.balance == Decimal("4500.00")


async def test_an_older_cards_save_does_not_record_the_newer_payment(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await add_debt(chat, "Visa 3000 18% Dec 10 min 100")
    await chat.send("/paid Visa 500")
    old, old_data = chat.find_button("Save")
    await chat.send("/paid Visa 300")
    await chat.press(old.message_id, old_data)
    [debt] = await bot.look.debts(EN.id)
    assert debt.balance == Decimal("3000.00")  # nothing recorded from the old card
    await chat.tap("Save")
    [debt] = await bot.look.debts(EN.id)
    assert debt.balance == Decimal("2700.00")


async def test_a_bad_quick_amount_is_explained_not_a_crash(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await add_debt(chat, "Visa 3000 18% Dec 10 min 100")
    for text, error in (("/paid Visa -500", ParseError("amount.negative", text="-500")),
                        ("/paid Visa 0", ParseError("amount.zero", text="0"))):
        [reply] = await chat.send(text)
        # Why, the question again (the reply is the amount), and how to leave.
        assert reply.source_text == "\n".join([
            render_error("en", error), "How much did you pay to Visa? (balance $3,000.00)",
            t("en", "flow.reask_cancel")])


async def test_a_one_line_payment_with_its_day_and_words_around_the_name(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await add_debt(chat, "Visa 3000 18% Dec 10 min 100")
    await chat.send("/adddebt Mike 500 0% Dec 20")
    await chat.tap("Friend or private person")
    while "Please check this debt" not in chat.last.text:  # what a friend's loan asks
        labels = [b for b, _ in bot.emu.buttons(chat.last)]
        await chat.tap(next(b for b in labels if b in ("Yes, all of it", "Skip", "No",
                                                       "No minimum", "Don't know")))
    await chat.tap("Save")
    await chat.send("/paid visa 35 yesterday")
    assert "$35.00" in chat.last.text and "Nov 26, 2026" in chat.last.text  # today: Nov 27 in New York
    await chat.tap("Save")
    await chat.send("/paid $20 to mike")
    assert "$20.00" in chat.last.text and "Mike" in chat.last.text
    await chat.tap("Save")
    await chat.send("/paid visa 50 tomorrow")  # a day to come: never recorded as paid
    assert "That's tomorrow" in chat.last.text
    visa = next(d for d in await bot.look.debts(EN.id) if d.lender == "Visa")
    assert [p.amount for p in await bot.look.payments(EN.id, visa.id)] == [Decimal("35.00")]


async def test_a_payment_pays_the_penalty_so_far_first_and_the_balance_with_the_rest(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await _add_chase_overdue(chat, penalty="36.5%")
    await chat.tap("No")
    await chat.tap("Save")
    # Penalty so far (today is Nov 27 in New York): 300 x 36.5% / 365 x 22 days = 6.60,
    # owed on top of the balance: 2,000 + 6.60 = 2,006.60 (overdue 300 + 6.60 = 306.60).
    await chat.send("/debts")
    assert "Total owed: $2,006.60 (about $6.60 of it penalty interest so far)" in chat.last.text
    assert "Overdue: $306.60" in chat.last.text
    # 2,006 pays the penalty so far first (6.60), then 1,999.40 of the balance: 0.60 is
    # left, never "paid off" and never "more than the balance".
    await chat.send("/paid Chase 2006")
    # Owed 2,006.60 (penalty included) -> 0.60 left: the two differ by what is paid.
    assert "Owed $2,006.60 → $0.60" in chat.last.text
    assert "About $6.60 of it pays the penalty interest so far first" in chat.last.text
    assert "more than" not in chat.last.text and "-$" not in chat.last.text
    await chat.tap("Other amount")
    await chat.send("2006.60")  # everything owed: paid off, said with the penalty
    assert "covers the balance ($2,000.00) and about $6.60 of penalty interest" in chat.last.text
    await chat.tap("Other amount")
    await chat.send("2010")  # 3.40 more than everything owed
    assert "$2,010.00 is more than you owe Chase ($2,006.60)" in chat.last.text
    await chat.tap("✅ Yes, it's paid off")
    assert await bot.look.debts(EN.id) == []


async def test_paying_the_overdue_amount_and_its_penalty_loses_no_money(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await add_weilidai_overdue(chat)
    # Today is Nov 28 in Shanghai: 23 days x 800 x 0.05% = 9.20 penalty on the 800 overdue.
    await chat.send("/debts")
    assert "合计欠款：¥8,009.20（其中罚息约 ¥9.20）" in chat.last.text
    await chat.send("/paid 微粒贷 809.2")
    # The penalty first (9.20), then the 800 overdue: the balance 8,000 -> 7,200.
    assert "欠款¥8,009.20 → ¥7,200.00" in chat.last.text  # 8,009.20 - 809.20
    assert "其中约 ¥9.20 会先还目前的罚息" in chat.last.text
    await chat.tap("保存")
    await chat.send("/debts")
    # 8,009.20 owed - 809.20 paid = 7,200.00, nothing lost; Dec 5 still asks its 800.
    assert "合计欠款：¥7,200.00" in chat.last.text and "逾期" not in chat.last.text
    assert "¥800.00" in chat.last.text
