"""Reminders end to end, with an injected clock: right day and hour, buttons, restarts, limits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from bot.i18n import t
from storage.models import Nudge
from tests.e2e.conftest import EN, ZH, add_debt, onboard, start_bot, stop_bot

# The clock starts at 2026-11-28 01:00 UTC = 09:00 in Shanghai.



def _at(bot, when: datetime) -> None:
    bot.clock.set(when)


async def _nudges(bot, uid):
    async with bot.services.uow() as s:
        rows = await s.execute(select(Nudge).where(Nudge.user_id == uid).order_by(Nudge.due_at))
        return list(rows.scalars())


def _pushed(bot, chat, before: int):
    return [m for m in bot.emu.bot_messages(chat.user.id)[before:] if "📅" in (m.text or "") or "逾期" in (m.text or "")]


async def test_a_debt_due_in_three_days_is_nudged_on_the_right_days_and_hour(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    _at(bot, datetime(2026, 11, 28, 0, 30, tzinfo=UTC))  # 08:30 local
    await add_debt(chat, "花呗 5000 年化18% 12月1日 最低 300")
    n = len(chat.messages)
    await bot.tick()
    assert chat.messages[n:] == []  # not before 09:00 local
    _at(bot, datetime(2026, 11, 28, 1, 0, tzinfo=UTC))  # 09:00 local, 3 days before
    stats = await bot.tick()
    assert stats.sent == 1
    assert "还有 3 天" in chat.last.text and "¥300.00" in chat.last.text
    await bot.tick()
    assert len(chat.messages) == n + 1  # never twice
    _at(bot, datetime(2026, 11, 30, 1, 0, tzinfo=UTC))
    await bot.tick()
    assert "还有 1 天" in chat.last.text
    _at(bot, datetime(2026, 12, 1, 1, 0, tzinfo=UTC))
    await bot.tick()
    assert "今天" in chat.last.text
    assert len(chat.messages) == n + 3


async def test_paid_on_a_nudge_records_the_planned_amount_once(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await add_debt(chat, "Visa 3000 18% Dec 1 min 150")
    _at(bot, datetime(2026, 11, 28, 14, 0, tzinfo=UTC))  # 09:00 in New York
    await bot.tick()
    nudge = chat.last
    assert "$150.00" in nudge.text
    _, data = chat.find_button("Paid")
    await chat.press(nudge.message_id, data)
    assert "$3,000.00 → $2,850.00" in chat.last.text
    await chat.tap("Save")
    await chat.press(nudge.message_id, data, strict=False)  # tapped again
    assert "Already recorded" in chat.last.text  # no second card to confirm
    [debt] = await bot.look.debts(EN.id)
    assert debt.balance == Decimal("2850.00")
    assert len(await bot.look.payments(EN.id, debt.id)) == 1


async def test_snooze_renudges_later(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await add_debt(chat, "借呗 3000 日息万五 12月1日 最低 200")
    await bot.tick()
    nudge = chat.last
    await chat.tap("1小时后")
    [edited] = [m for m in bot.emu.transcript(ZH.id) if m.message_id == nudge.message_id]
    # The reminder itself says until when (09:00 in Shanghai + 1 hour), its buttons gone.
    assert edited.text.endswith("\n\n已推迟到2026年11月28日 10:00。")
    assert bot.emu.buttons(edited) == []
    n = len(chat.messages)
    _at(bot, bot.clock.now() + timedelta(minutes=59))
    await bot.tick()
    assert len(chat.messages) == n
    _at(bot, bot.clock.now() + timedelta(minutes=2))
    await bot.tick()
    assert len(chat.messages) == n + 1 and "借呗" in chat.last.text


async def test_quiet_hours_hold_nudges_until_they_end(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    _at(bot, datetime(2026, 11, 28, 15, 0, tzinfo=UTC))  # 23:00 local: quiet
    await add_debt(chat, "花呗 5000 年化18% 12月1日 最低 300")  # due in 3 days, recorded at night
    await chat.send("/reminders")  # the catch-up is listed when it will really go: 08:00
    assert "23:00" not in chat.last.text and "08:00 — " in chat.last.text
    n = len(chat.messages)
    await bot.tick()
    assert len(chat.messages) == n
    _at(bot, datetime(2026, 11, 28, 23, 59, tzinfo=UTC))  # 07:59 local
    await bot.tick()
    assert len(chat.messages) == n
    _at(bot, datetime(2026, 11, 29, 0, 0, tzinfo=UTC))  # 08:00 local: quiet hours end
    await bot.tick()
    assert len(chat.messages) == n + 1
    assert "还有 2 天" in chat.last.text  # the days left when it is sent, not when planned


async def test_a_due_reminder_held_past_its_date_is_not_sent_stale(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    _at(bot, datetime(2026, 11, 28, 15, 0, tzinfo=UTC))  # 23:00 local
    await add_debt(chat, "花呗 5000 年化18% 11月29日 最低 300")  # due tomorrow
    n = len(chat.messages)
    _at(bot, datetime(2026, 11, 29, 0, 0, tzinfo=UTC))  # 08:00 on the due day
    await bot.tick()
    assert len(chat.messages) == n  # "due tomorrow" would be wrong now
    _at(bot, datetime(2026, 11, 29, 1, 0, tzinfo=UTC))  # 09:00: the due-day nudge
    await bot.tick()
    assert len(chat.messages) == n + 1 and "今天" in chat.last.text


async def test_a_restart_mid_send_neither_loses_nor_repeats(bot, emulator, clock):
    chat = bot.chat(ZH)
    await onboard(chat)
    await add_debt(chat, "花呗 5000 年化18% 12月1日 最低 300")
    await add_debt(chat, "借呗 3000 日息万五 12月5日 最低 200")
    # A tick claims the row and "dies" before sending: the lease holds it...
    from storage.nudges import NudgeRepository

    now = bot.clock.now()
    async with bot.services.uow() as s:
        claimed = await NudgeRepository(s).claim(now, "dead", 10, now + timedelta(minutes=5))
    assert claimed
    n = len(chat.messages)
    await bot.tick()
    assert len(chat.messages) == n  # still leased to the dead process
    # ...a new process starts; after the lease it sends, once.
    await stop_bot(bot.app)
    bot.app = await start_bot(emulator, bot.database_url, clock)
    _at(bot, now + timedelta(minutes=6))
    await bot.tick()
    assert len(chat.messages) == n + 1
    await bot.tick()
    bot.app = await _restart(bot, emulator, clock)
    await bot.tick()
    assert len(chat.messages) == n + 1


async def _restart(bot, emulator, clock):
    await stop_bot(bot.app)
    return await start_bot(emulator, bot.database_url, clock)


async def test_a_blocked_user_is_paused_and_resumes_on_start(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await add_debt(chat, "Visa 3000 18% Dec 1 min 150")
    bot.emu.block(EN.id)
    _at(bot, datetime(2026, 11, 28, 14, 0, tzinfo=UTC))
    stats = await bot.tick()
    assert stats.blocked == 1
    user = await bot.look.user(EN.id)
    assert not user.active
    assert {n.status for n in await _nudges(bot, EN.id)} <= {"blocked", "paused", "cancelled"}
    bot.emu.unblock(EN.id)
    await chat.send("/start")
    assert (await bot.look.user(EN.id)).active
    _at(bot, datetime(2026, 11, 30, 14, 0, tzinfo=UTC))
    stats = await bot.tick()
    assert stats.sent == 1 and "Visa" in chat.last.text


async def test_a_429_is_retried_after_its_delay(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await add_debt(chat, "花呗 5000 年化18% 12月1日 最低 300")
    bot.emu.rate_limit(ZH.id, retry_after=3, times=1)
    n = len(chat.messages)
    stats = await bot.tick()
    assert stats.retry_after == 1 and len(chat.messages) == n
    await bot.tick()
    assert len(chat.messages) == n  # not before the delay
    _at(bot, bot.clock.now() + timedelta(seconds=3))
    stats = await bot.tick()
    assert stats.sent == 1 and len(chat.messages) == n + 1


async def test_several_nudges_for_one_user_go_out_as_one_digest(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await add_debt(chat, "花呗 5000 年化18% 12月1日 最低 300")
    await add_debt(chat, "借呗 3000 日息万五 12月1日 最低 200")
    n = len(chat.messages)
    stats = await bot.tick()
    assert stats.sent == 2 and stats.messages == 1
    assert "花呗" in chat.last.text and "借呗" in chat.last.text
    assert len(chat.messages) == n + 1


async def test_mute_and_cant_pay_buttons(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await add_debt(chat, "Visa 3000 18% Dec 1 min 150")
    _at(bot, datetime(2026, 11, 28, 14, 0, tzinfo=UTC))
    await bot.tick()
    await chat.tap("Can't pay")
    assert "What to say to Visa" in chat.last.text and "rules.md" not in chat.last.text
    nudge = chat.find_button("Mute")[0]
    await chat.tap("Mute")
    # The reminder says so, and every Visa reminder still to come is cancelled.
    assert nudge.text.endswith("\n\n" + t("en", "nudge.muted", name="Visa"))
    visa = [n for n in await _nudges(bot, EN.id) if n.subject == "debt:1"]
    assert [n.status for n in visa] == ["sent"] + ["cancelled"] * (len(visa) - 1)
    _at(bot, datetime(2026, 11, 30, 14, 0, tzinfo=UTC))
    n = len(chat.messages)
    await bot.tick()
    assert [m for m in chat.messages[n:] if "Visa" in (m.text or "")] == []


async def test_reminders_lists_whats_coming_and_changes_the_hour(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await add_debt(chat, "花呗 5000 年化18% 12月10日 最低 300")
    await chat.send("/reminders")
    assert "花呗" in chat.last.text and "09:00" in chat.last.text
    await chat.tap("提醒时间")
    await chat.tap("20:00")
    due = [n for n in await _nudges(bot, ZH.id) if n.kind == "due" and n.status == "pending"]
    assert due and all(n.due_at.astimezone().hour == 12 for n in due)  # 20:00 Shanghai = 12:00 UTC


async def test_calendar_sends_an_ics_with_stable_uids(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await add_debt(chat, "花呗 5000 年化18% 12月10日 最低 300")
    replies = await chat.send("/calendar")
    doc = replies[-1]
    assert doc.kind == "document" and doc.filename.endswith(".ics")
    from icalendar import Calendar

    cal = Calendar.from_ical(doc.file_bytes)
    events = [c for c in cal.walk("VEVENT")]
    assert len(events) == 12
    assert str(events[0]["UID"]).startswith("due-") and "花呗" in str(events[0]["SUMMARY"])
    again = Calendar.from_ical((await chat.send("/calendar"))[-1].file_bytes)
    assert [str(e["UID"]) for e in again.walk("VEVENT")] == [str(e["UID"]) for e in events]


async def test_overdue_debts_get_supportive_follow_ups(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await chat.send("/adddebt 借呗 8000 日息万五 12月15日")
    await chat.tap("跳过")
    await chat.tap("保存")
    # Mark it overdue since yesterday through an edit.
    await chat.send("/debts")
    await chat.tap("1. 借呗")
    await chat.tap("修改")
    await chat.tap("逾期情况")
    await chat.tap("是")
    await chat.send("11月27日")
    await chat.send("800")
    await chat.tap("跳过")
    await chat.tap("保存")
    n = len(chat.messages)
    await bot.tick()
    pushed = chat.messages[n:]
    assert any("逾期" in (m.text or "") and "不是一个人" in (m.text or "") for m in pushed)


async def _snapshot(bot, uid, month, total):
    from storage.models import BalanceSnapshot

    async with bot.services.uow() as s:
        s.add(BalanceSnapshot(user_id=uid, month=month, total=Decimal(total), created_at=bot.clock.now()))


async def test_monthly_review_warns_when_total_debt_went_up(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await add_debt(chat, "花呗 5000 年化18% 12月20日 最低 300")
    await _snapshot(bot, ZH.id, "2026-11", "4000")
    _at(bot, datetime(2026, 12, 1, 1, 0, tzinfo=UTC))  # Dec 1, 09:00 local
    await bot.tick()
    review = [m for m in chat.messages if "新的一个月" in (m.text or "")]
    assert review and "多了 ¥1,000.00" in review[-1].text and "借了新的钱" in review[-1].text
    assert "花呗" in review[-1].text  # this month's action


async def test_monthly_review_celebrates_progress(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await add_debt(chat, "Visa 3000 18% Dec 20 min 150")
    await _snapshot(bot, EN.id, "2026-10", "4000")
    await _snapshot(bot, EN.id, "2026-11", "3500")
    _at(bot, datetime(2026, 12, 1, 14, 0, tzinfo=UTC))  # Dec 1, 09:00 in New York
    await bot.tick()
    review = [m for m in chat.messages if "New month" in (m.text or "")]
    assert review and "went down by $500.00: 2 month(s) in a row" in review[-1].text


async def test_checkin_day_and_hour_and_logging_the_week(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await add_debt(chat, "Visa 3000 18% Dec 20 min 150")
    await chat.send("/reminders")
    await chat.tap("Weekly check-in")
    await chat.tap("Saturday")
    await chat.tap("18:00")
    assert "Saturday 18:00" in chat.last.text
    _at(bot, datetime(2026, 11, 28, 23, 0, tzinfo=UTC))  # Saturday 18:00 in New York
    await bot.tick()
    assert "Weekly check-in" in chat.last.text
    await chat.tap("More")
    assert "It happens" in chat.last.text
    [nudge] = [n for n in await _nudges(bot, EN.id) if n.kind == "checkin" and n.status == "sent"]
    assert '"answer": "more"' in nudge.params


async def test_cant_pay_uses_the_agenda_when_money_falls_short(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await add_debt(chat, "招行信用卡 30000 年化18% 12月1日 最低 3000")
    await chat.send("/budget 收入 5000 必要 4000")
    await chat.tap("保存")
    await bot.tick()
    # The plan's share (750) is below what the card asks (3,000): both are said.
    assert "12月1日应还 ¥3,000.00" in chat.last.text
    assert "按你的计划这次还 ¥750.00" in chat.last.text
    await chat.tap("还不上")
    text = chat.last.text
    # Plan money 5000 - 4000 - 5% x 5000 = 750. A personalised instalment plan over 60
    # months at 18%: 30000 x 0.015 / (1 - 1.015^-60) = 450 / 0.59070 = 761.81 a month;
    # the offer 750 is 11.81 short, and the reply says so.
    assert "怎么和招行信用卡沟通" in text and "每期约 ¥761.81" in text
    assert "你每月能拿出 ¥750.00，还差 ¥11.81" in text and "对方可能不同意" in text
    assert "《商业银行信用卡业务监督管理办法》（2011年）第七十条" in text and "据报道" in text


async def test_acting_on_one_reminder_of_a_digest_keeps_the_others_buttons(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await add_debt(chat, "花呗 5000 年化18% 12月1日 最低 300")
    await add_debt(chat, "借呗 3000 日息万五 12月1日 最低 200")
    await bot.tick()
    digest = chat.last
    await chat.tap("1小时后")
    after = bot.emu.transcript(ZH.id)
    now = next(m for m in after if m.message_id == digest.message_id)
    # 花呗's buttons are gone (snoozed); 借呗's are all still there.
    assert [b for b, _ in bot.emu.buttons(now)] == [
        "✅ 已还 · 借呗", "⏰ 1小时后", "⏰ 明天", "🤝 还不上 · 借呗", "🔕 不再提醒"]


async def test_paying_the_bill_stops_its_reminders_and_a_part_payment_lowers_the_ask(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await add_debt(chat, "花呗 5000 年化18% 12月5日 最低 1000")
    await add_debt(chat, "借呗 3000 日息万五 12月5日 最低 500")
    await chat.send("/paid 花呗 1000")
    await chat.tap("保存")
    await chat.send("/paid 借呗 200")
    await chat.tap("保存")
    _at(bot, datetime(2026, 12, 4, 1, 0, tzinfo=UTC))  # a day before the due date
    await bot.tick()
    text = chat.last.text
    assert "花呗" not in text  # paid: no reminder
    assert "借呗" in text and "¥300.00" in text  # 500 planned − 200 paid


async def test_reminders_and_paid_on_postgresql(pg_bot):
    chat = pg_bot.chat(ZH)
    await onboard(chat)
    await add_debt(chat, "花呗 5000 年化18% 12月1日 最低 300")
    stats = await pg_bot.tick()
    assert stats.sent == 1 and "还有 3 天" in chat.last.text
    await chat.tap("已还")
    await chat.tap("保存")
    [debt] = await pg_bot.look.debts(ZH.id)
    assert debt.balance == Decimal("4700.00")
    await pg_bot.tick()
    assert "已记录" in chat.last.text  # nothing more sent: the bill is paid


# --- issue 10, case 7: a part payment lowers the ask; clearing an arrear keeps the next cycle


async def _pending(bot, uid, kind):
    return [n for n in await _nudges(bot, uid) if n.kind == kind and n.status == "pending"]


async def test_case_7_a_part_payment_keeps_overdue_follow_ups_at_the_amount_left(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await chat.send("/adddebt 花呗 8600 年化18% 每月10号 最低 300")
    await chat.tap("已经逾期了")
    await chat.send("10月10日")
    await chat.tap("全部逾期")
    await chat.tap("跳过")
    await chat.tap("保存")
    await bot.tick()
    assert "花呗" in chat.last.text and "¥8,600.00" in chat.last.text  # the follow-up
    await chat.send("/paid 花呗 500")
    await chat.tap("保存")
    # Still 8,600 - 500 = 8,100 overdue: the follow-ups go on, asking for what is left.
    pending = await _pending(bot, ZH.id, "overdue")
    assert pending and all('"amount": "8100.00"' in n.params for n in pending)
    _at(bot, datetime(2026, 12, 4, 1, 0, tzinfo=UTC))  # the next weekly follow-up (day 55)
    n = len(chat.messages)
    await bot.tick()
    assert any("¥8,100.00" in (m.text or "") for m in chat.messages[n:])


async def test_case_7_clearing_an_arrear_keeps_the_next_cycles_reminders(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await chat.send("/adddebt Amex 5000 20% 15th min 100")
    await chat.tap("It's overdue")
    await chat.send("Nov 15")
    await chat.send("75")
    await chat.tap("Skip")
    await chat.tap("Save")
    await chat.send("/budget income 3000 essentials 1095")
    await chat.tap("Save")
    # Plan money 3000 - 1095 - 150 = 1,755: 75 overdue now, then 1,755 - 75 = 1,680.
    summary = (await chat.send("/plan"))[0].text
    assert ("$75.00 overdue since Nov 15, 2026: pay it as soon as you can; "
            "then $1,680.00 by Dec 15, 2026") in summary
    await chat.send("/paid Amex 75")
    await chat.tap("Save")
    summary = (await chat.send("/plan"))[0].text
    assert "→ Amex: $1,755.00 by Dec 15, 2026" in summary  # all of it toward Dec 15 now
    assert not await _pending(bot, EN.id, "overdue")
    due = [n for n in await _pending(bot, EN.id, "due") if '"date": "2026-12-15"' in n.params]
    assert due and all('"amount": "1755.00"' in n.params for n in due)
    _at(bot, datetime(2026, 12, 12, 14, 0, tzinfo=UTC))  # 09:00 in New York, 3 days before
    await bot.tick()
    assert "Amex" in chat.last.text and "$1,755.00" in chat.last.text
