"""Long lists (issue 12): /debts, /reminders and a debt's payment history a page at a
time with Previous / Next, 200 items with long Chinese names; and a reply over
Telegram's limits is split, never dropped (the emulator refuses over-long messages)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import bot.services.debts as debts_module
from coach.debts import DebtDraft
from storage.debts import DebtRepository, PaymentRepository
from tests.e2e.conftest import ZH, onboard
from tests.factories import NOW

NAME = "中国工商银行牡丹白金信用卡分期账户第{}号（家庭共用）"  # long Chinese names


async def _many_debts(bot, uid: int, n: int) -> list[int]:
    async with bot.services.uow.transaction():
        async with bot.services.uow() as s:
            repo = DebtRepository(s)
            ids = []
            for i in range(1, n + 1):
                draft = DebtDraft(token=f"t{i:04d}", lender=NAME.format(i), lender_type="credit_card",
                                  balance=str(1000 + i), due_day=(i % 28) + 1,
                                  minimum={"kind": "fixed", "amount": "50", "percent": None,
                                           "floor": None},
                                  answered=("lender", "type", "balance"))
                debt, _ = await repo.save(uid, draft, NOW)
                ids.append(debt.id)
        await bot.services.planner.replan(uid)
    return ids


def _within_limits(bot) -> None:
    assert bot.emu.violations == []
    for call in bot.emu.calls_to("sendMessage"):
        assert call.http_status == 200, call.response


async def test_two_hundred_debts_page_through_with_every_one_shown_once(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await _many_debts(bot, ZH.id, 200)
    await chat.send("/debts")
    seen: list[str] = []
    for page in range(1, 21):
        text = chat.last.text
        assert f"第{page}/20页" in text and "共200项" in text
        seen += [n for n in range(1, 201) if NAME.format(n) + " ·" in text]
        labels = [b for b, _ in bot.emu.buttons(chat.last)]
        assert ("◀ 上一页" in labels) is (page > 1) and ("下一页 ▶" in labels) is (page < 20)
        if page < 20:
            await chat.tap("下一页 ▶")
    assert sorted(seen) == list(range(1, 201))
    await chat.tap("◀ 上一页")
    assert "第19/20页" in chat.last.text
    await chat.tap("181. ")
    assert NAME.format(181) in chat.last.text
    _within_limits(bot)


async def test_two_hundred_reminders_page_through(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await _many_debts(bot, ZH.id, 200)
    await chat.send("/reminders")
    first = chat.last.text
    assert "第1/" in first and "下一页 ▶" in [b for b, _ in bot.emu.buttons(chat.last)]
    pages = int(first.split("第1/")[1].split("页")[0])
    assert pages > 1
    for _ in range(pages - 1):
        await chat.tap("下一页 ▶")
    assert f"第{pages}/{pages}页" in chat.last.text
    _within_limits(bot)


async def test_a_debts_two_hundred_payments_page_through_from_its_card(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    [debt_id] = await _many_debts(bot, ZH.id, 1)
    async with bot.services.uow.transaction():
        async with bot.services.uow() as s:
            payments = PaymentRepository(s)
            for i in range(200):
                await payments.add(ZH.id, debt_id, Decimal("1.00"), date(2026, 11, 28) - timedelta(days=i),
                                   Decimal(0), f"p{i}", NOW)
    await chat.send("/debts")
    await chat.tap("1. ")
    card = chat.last.text
    assert "第1/20页" in card and "2026年11月28日" in card
    await chat.tap("全部还款记录")
    assert "第2/20页" in chat.last.text
    for _ in range(18):
        await chat.tap("下一页 ▶")
    last = chat.last.text
    assert "第20/20页" in last and "2026年5月13日" in last  # the oldest: 199 days before
    assert "下一页 ▶" not in [b for b, _ in bot.emu.buttons(chat.last)]
    await chat.tap("返回")
    assert NAME.format(1) in chat.last.text
    _within_limits(bot)


async def test_a_reply_over_telegrams_limits_is_split_never_dropped(bot, monkeypatch):
    monkeypatch.setattr(debts_module, "DEBTS_PER_PAGE", 200)  # one page: about 12,000 characters
    chat = bot.chat(ZH)
    await onboard(chat)
    await _many_debts(bot, ZH.id, 200)
    replies = await chat.send("/debts")
    assert len(replies) >= 3
    text = "\n".join(m.text or "" for m in replies)
    assert all(NAME.format(n) + " ·" in text for n in range(1, 201))
    buttons = [b for m in replies for b in bot.emu.buttons(m)]
    assert len(buttons) == 201 and all(len(bot.emu.buttons(m)) <= 100 for m in replies)
    _within_limits(bot)
