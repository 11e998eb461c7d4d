"""The contact log end to end, as a user sees it, in both languages: a call script, a
logged collector call with its flags, the rules it breaks and the complaint draft;
agreed outcomes that change the plan and the reminders; free text offered for logging.

The clock starts at 2026-11-28 01:00 UTC: 09:00 in Shanghai (the Chinese user, region
mainland China), 20:00 on Nov 27 in New York (the English user, region United States).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from coach.contact_chain import verify_chain
from coach.contacts import Conduct, OutcomeKind
from storage.contacts import ContactRepository
from storage.models import Nudge
from tests.e2e.conftest import EN, ZH, add_debt, onboard
from tests.factories import draft, save_debt

L = {
    "zh": {
        "user": ZH, "now": "刚才", "earlier": "更早", "call": "电话", "missed": "没接",
        "agency": "催收公司", "staff": "贷款机构工作人员", "skip": "跳过", "skip_rest": "后面都跳过",
        "next": "下一步", "none": "没有谈成", "refused": "对方拒绝了", "grace": "宽限期",
        "instalments": "分期方案", "promise": "我承诺还款", "written": "有书面确认",
        "oral": "只是口头", "nothing": "暂时没有", "pay": "还款", "no_date": "不用提醒",
        "done": "完成", "save": "保存", "log_call": "记录这次通话", "job_loss": "失业了",
        "complaint": "生成投诉稿", "log_it": "记下来", "outbound": "我联系对方", "yes": "是",
        "not_sure": "不确定", "paid": "已还",
        "debt": "花呗 10000 年化18% 12月10日 最低 2000",
        "budget": "/budget 收入 6000 必要 4500",
    },
    "en": {
        "user": EN, "now": "Just now", "earlier": "Earlier", "call": "Phone call",
        "missed": "Missed", "agency": "A collection agency", "staff": "The lender's staff",
        "skip": "Skip", "skip_rest": "Skip the rest", "next": "Next ›", "none": "No agreement",
        "refused": "They refused", "grace": "Grace period", "instalments": "Instalment plan",
        "promise": "I promised to pay", "written": "Yes, in writing", "oral": "Only by phone",
        "nothing": "Nothing for now", "pay": "Make a payment", "no_date": "No reminder",
        "done": "Done ✓", "save": "Save", "log_call": "Log this call", "job_loss": "Lost my job",
        "complaint": "Draft a complaint", "log_it": "Log it", "outbound": "I contacted them",
        "yes": "Yes", "not_sure": "Not sure", "paid": "Paid",
        "debt": "Visa 10000 18% Dec 10 min 2000",
        "budget": "/budget income 6000 essentials 4500",
    },
}
LANGS = ("zh", "en")


async def _setup(bot, lang: str, *, budget: bool = True):
    t = L[lang]
    chat = bot.chat(t["user"])
    await onboard(chat)
    await add_debt(chat, t["debt"])
    if budget:
        await chat.send(t["budget"])
        await chat.tap(t["save"])
    return chat, t


async def _entries(bot, uid):
    async with bot.services.uow() as s:
        return await ContactRepository(s).chain(uid)


async def _pending(bot, uid, kind: str) -> list[Nudge]:
    async with bot.services.uow() as s:
        rows = await s.execute(select(Nudge).where(Nudge.user_id == uid, Nudge.kind == kind,
                                                   Nudge.status == "pending"))
        return list(rows.scalars())


async def _call_to_lender(chat, t) -> None:
    """/log: an outbound call to the lender's staff, just now, nothing said, up to the outcome."""
    await chat.send("/log")
    await chat.tap(t["now"])
    await chat.tap(t["outbound"])
    await chat.tap(t["call"])
    await chat.tap(t["staff"])
    await chat.tap(t["skip_rest"])
    await chat.tap(t["next"])


@pytest.mark.parametrize("lang", LANGS)
async def test_a_script_then_a_logged_collector_call_that_breaks_rules_then_the_complaint(bot, lang):
    chat, t = await _setup(bot, lang)
    uid = t["user"].id
    # The plan pays 1,200 a month against 2,000 required: the agenda asks for instalments,
    # the level payment over the term at 18%: 10,000 x 0.015 / (1 - 1.015^-36) = 361.52...,
    # rounded up to 361.53 (36 months, CN); 253.94 over 60 months (a US hardship program).
    replies = await chat.send("/negotiate")
    if lang == "en":  # a US card: the hardship program first, or a lower payment
        assert "1. ⭐ Instalments: 60 × $253.94" in replies[0].text
        assert "2. Instalments: 36 × $361.53" in replies[0].text
        await chat.tap("1. Instalments")
    await chat.tap(t["job_loss"])
    script = chat.last.text
    if lang == "zh":
        assert "给花呗打电话的话术" in script and "我失业了" in script
        assert "每月能还花呗¥361.53" in script and "36期" in script
        assert "工号" in script and "书面" in script and "个人账户" in script
        assert "录音" in script  # China: record the call and keep evidence
    else:
        assert "Your call script for Visa" in script and "I lost my job" in script
        assert "you can pay Visa $253.94 a month" in script and "60 monthly instalments" in script
        assert "staff ID" in script and "in writing" in script and "personal account" in script
        assert "record" not in script.lower()  # nothing about recording calls in the US
        assert "lender, or a collection agency" in script
    # One tap logs the call: the debt, an outbound call to the lender and the ask are in.
    await chat.tap(t["log_call"])
    await chat.tap(t["now"])
    await chat.send("8821")  # the agent's staff ID
    await chat.send("可以申请分期，但要先还一部分" if lang == "zh" else "They'd consider it")
    await chat.tap(t["next"])
    first = bot.emu.buttons(chat.last)[0][0]
    assert first == ("⭐ 分期方案" if lang == "zh" else "⭐ Instalment plan")  # what was asked
    await chat.tap(t["refused"])
    await chat.tap(t["nothing"])
    await chat.tap(t["save"])  # no misconduct checks on the user's own call to the lender
    saved = await _entries(bot, uid)
    assert len(saved) == 1 and saved[0].agent == "8821" and saved[0].outcome.kind is OutcomeKind.REFUSED
    assert saved[0].short_hash in chat.last.text
    # A collector's call last night, with a threat.
    await chat.send("/log")
    await chat.tap(t["earlier"])
    await chat.send("昨晚11点半" if lang == "zh" else "last night 11:30pm")
    await chat.tap(t["call"])
    await chat.tap(t["missed"])
    await chat.tap(t["agency"])
    await chat.send("某某催收" if lang == "zh" else "ABC Recovery")
    await chat.tap(t["skip_rest"])
    replies = await chat.send("他说不还就去死" if lang == "zh" else "He said he'd have me arrested")
    if lang == "zh":
        assert "这样对你说话是不对的" in replies[0].text  # care first, the log goes on
        assert "威胁、辱骂" in replies[-1].text
    await chat.tap(t["next"])
    await chat.tap(t["none"])
    await chat.tap(t["nothing"])
    checks = chat.last
    ticked = [label for label, _ in bot.emu.buttons(checks) if label.startswith("✅")]
    if lang == "zh":
        assert ticked == ["✅ 夜间催收", "✅ 威胁、辱骂"]  # the time and the quote
    else:  # the time, and "arrested" read from the note
        # Worded as US rules put it (no "blacklist"): FDCPA §807's false representations.
        assert ticked == ["✅ Contacted at night", "✅ Lied about arrest, a lawsuit or what I owe"]
    await chat.tap(t["done"])
    replies = await chat.tap(t["save"])
    card = replies[-1].text
    if lang == "zh":
        assert "夜间催收" in card and "中国银行业协会" in card and "指引，2026年1月" in card
        assert card.index("110") < card.index("先向贷款机构投诉")  # a threat: the police first
        assert "12378" in card and "12321" in card and "不要花钱找" in card
    else:
        assert "Contacted at night" in card and "FDCPA" in card and "§805(a)(1)" in card
        assert "CFPB" in card and "in writing to stop contacting you" in card
    entries = await _entries(bot, uid)
    assert verify_chain(entries).ok and entries[-1].agency in ("某某催收", "ABC Recovery")
    # The complaint draft: as a message to copy, and as a .txt document.
    await chat.tap(t["complaint"])
    doc = chat.last
    assert doc.kind == "document"
    text = bot.emu.file(doc.file_id).decode("utf-8")
    assert entries[-1].short_hash in text and entries[-1].agency in text
    assert ("夜间催收" in text and "投诉" in text) if lang == "zh" else (
        "Contacted at night" in text and "Complaint about debt collection by Visa" in text)
    assert "<" not in text  # plain text, no markup


@pytest.mark.parametrize("lang", LANGS)
async def test_an_agreed_instalment_plan_replaces_the_schedule_and_changes_the_plan(bot, lang):
    chat, t = await _setup(bot, lang)
    uid = t["user"].id
    replies = await chat.send("/plan")
    assert "每月还差" in replies[0].text if lang == "zh" else "short" in replies[0].text
    # The agenda (2,000 a month due, 1,200 to pay) has a call button per lender.
    agenda = next(m for m in replies if bot.emu.buttons(m) and "ng:" in bot.emu.buttons(m)[0][1])
    assert bot.emu.buttons(agenda)[0][0] == ("🤝 准备通话 · 花呗" if lang == "zh"
                                             else "🤝 Prepare a call · Visa")
    await _call_to_lender(chat, t)
    await chat.tap(t["instalments"])
    await chat.send("12期每期900" if lang == "zh" else "12x900")
    await chat.tap(t["written"])
    await chat.tap(t["nothing"])
    replies = await chat.tap(t["save"])
    text = replies[0].text
    assert ("分12期，每期¥900.00" in text) if lang == "zh" else ("12 payments of $900.00" in text)
    debt = (await bot.look.debts(uid))[0]
    assert debt.minimum is not None and debt.minimum.amount == Decimal("900")
    assert debt.apr is not None and debt.apr > Decimal("0.13")  # 12 x 900 against 10,000
    plan = (await chat.send("/plan"))[0].text
    assert ("还清" in plan and "差" not in plan) if lang == "zh" else "Debt-free by" in plan


@pytest.mark.parametrize("lang", LANGS)
async def test_a_grace_period_pauses_the_overdue_reminders_and_marks_the_debt(bot, lang):
    t = L[lang]
    chat = bot.chat(t["user"])
    uid = t["user"].id
    await onboard(chat)
    await save_debt(bot.services, uid, replace(draft(
        "g1", "花呗" if lang == "zh" else "Visa", "5000", lender_type="online_platform",
        due_day=10, overdue=True, overdue_since="2026-11-10", overdue_amount="500"),
        answered=("lender", "type", "balance", "due", "overdue")))
    before = await _pending(bot, uid, "overdue")
    assert before, "an overdue debt has follow-ups planned"
    await _call_to_lender(chat, t)
    await chat.tap(t["grace"])
    await chat.send("12月20日" if lang == "zh" else "Dec 20")
    await chat.tap(t["oral"])
    replies = await chat.tap(t["nothing"])
    replies = await chat.tap(t["save"])
    assert ("宽限期到2026年12月20日" in replies[0].text) if lang == "zh" else (
        "Grace period until Dec 20, 2026" in replies[0].text)
    assert ("口头约定" in replies[0].text) if lang == "zh" else "agreed by phone only" in replies[0].text
    after = await _pending(bot, uid, "overdue")
    assert all(n.due_at.date() > date(2026, 12, 20) for n in after)  # paused until then
    grace = await _pending(bot, uid, "grace_end")
    assert len(grace) == 1
    card = await chat.send("/debts")
    await chat.tap("花呗" if lang == "zh" else "Visa")
    assert ("宽限期至2026年12月20日" in chat.last.text) if lang == "zh" else (
        "Grace until Dec 20, 2026" in chat.last.text)
    assert card  # /debts answered
    # The day before the grace period ends, a reminder with the call script one tap away.
    bot.clock.set(datetime(2026, 12, 19, 1, 0, tzinfo=UTC) if lang == "zh"
                  else datetime(2026, 12, 19, 14, 0, tzinfo=UTC))
    await bot.tick()
    assert ("宽限期到2026年12月20日结束" in chat.last.text) if lang == "zh" else (
        "ends on Dec 20, 2026" in chat.last.text)
    assert any("ng:" in data for _, data in bot.emu.buttons(chat.last))


@pytest.mark.parametrize("lang", LANGS)
async def test_a_promise_to_pay_is_reminded_the_day_before_and_paid_in_one_tap(bot, lang):
    chat, t = await _setup(bot, lang)
    uid = t["user"].id
    await _call_to_lender(chat, t)
    await chat.tap(t["promise"])
    await chat.send("300")
    await chat.send("12月5日" if lang == "zh" else "Dec 5")
    await chat.tap(t["oral"])
    await chat.tap(t["pay"])
    await chat.tap(t["no_date"])
    replies = await chat.tap(t["save"])
    assert ("你承诺在2026年12月5日前还¥300.00" in replies[0].text) if lang == "zh" else (
        "You promised to pay $300.00 by Dec 5, 2026" in replies[0].text)
    # A promise isn't a new due date: the debt's terms are unchanged.
    debt = (await bot.look.debts(uid))[0]
    assert debt.minimum is not None and debt.minimum.amount == Decimal("2000")
    local_nine = 1 if lang == "zh" else 14  # 09:00 in Shanghai / New York, in UTC
    bot.clock.set(datetime(2026, 12, 3, local_nine, 0, tzinfo=UTC))
    n = len(chat.messages)
    await bot.tick()
    assert not any("300" in (m.text or "") for m in chat.messages[n:])  # not yet
    bot.clock.set(datetime(2026, 12, 4, local_nine, 0, tzinfo=UTC))
    await bot.tick()
    reminder = chat.last.text
    assert ("你承诺在2026年12月5日前向花呗还款¥300.00" in reminder) if lang == "zh" else (
        "You promised Visa to pay $300.00 by Dec 5, 2026" in reminder)
    await chat.tap(t["paid"])
    await chat.tap(t["save"])
    payments = await bot.look.payments(uid, debt.id)
    assert [p.amount for p in payments] == [Decimal("300")]


@pytest.mark.parametrize("lang", LANGS)
async def test_collector_text_outside_a_flow_is_offered_for_logging(bot, lang):
    chat, t = await _setup(bot, lang, budget=False)
    uid = t["user"].id
    text = ("催收昨晚11点半给我姐打电话，说要上门" if lang == "zh"
            else "A debt collector called my mom at 11:30pm last night and said they'd come to my house")
    [reply] = await chat.send(text)
    offer = reply.text
    # One answer: what collectors may not do where the user lives, and under it the offer.
    assert ("催收可以做什么、不能做什么" in offer) if lang == "zh" else (
        "What collectors may and may not do" in offer)
    if lang == "zh":
        assert "姐姐" in offer and "2026年11月27日 23:30" in offer and "夜间催收" in offer
    else:
        assert "your mother" in offer and "Nov 26, 2026 23:30" in offer and "Contacted at night" in offer
    await chat.tap(t["log_it"])  # the call was to someone else: straight to who called
    await chat.tap(t["agency"])
    await chat.tap(t["skip_rest"])
    assert text in chat.last.text  # the note is their words
    await chat.tap(t["next"])
    await chat.tap(t["none"])
    await chat.tap(t["nothing"])
    ticked = [label for label, _ in bot.emu.buttons(chat.last) if label.startswith("✅")]
    assert len(ticked) == 2  # at night, and family contacted
    await chat.tap(t["done"])
    if lang == "zh":
        await chat.tap(t["yes"])  # could they reach you? yes
    await chat.tap(t["not_sure"])  # did they mention the debt?
    await chat.tap(t["save"])
    entry = (await _entries(bot, uid))[-1]
    assert entry.flags == {Conduct.NIGHT_CONTACT, Conduct.THIRD_PARTY}
    assert entry.note == text and entry.third_party is not None
    assert entry.third_party.reachable is (True if lang == "zh" else None)


async def test_the_users_own_crisis_in_a_note_gets_care_and_the_log_waits(bot):
    chat, t = await _setup(bot, "zh", budget=False)
    await chat.send("/log")
    await chat.tap(t["now"])
    await chat.tap(t["call"])
    await chat.tap("接了")
    await chat.tap(t["agency"])
    await chat.tap(t["skip_rest"])
    replies = await chat.send("我真的活不下去了")
    assert len(replies) == 1 and "12356" in replies[0].text  # care, and nothing else
    await chat.send("催收说明天上门")
    await chat.tap(t["next"])
    await chat.tap(t["none"])
    await chat.tap(t["nothing"])
    await chat.tap(t["done"])
    await chat.tap(t["save"])
    entry = (await _entries(bot, ZH.id))[-1]
    assert entry.note == "催收说明天上门"


async def test_an_edit_appends_a_correction_and_reverts_what_it_changed(bot):
    chat, t = await _setup(bot, "zh")
    await _call_to_lender(chat, t)
    await chat.tap(t["grace"])
    await chat.send("12月20日")
    await chat.tap(t["oral"])
    await chat.tap(t["nothing"])
    await chat.tap(t["save"])
    await chat.send("/contacts")
    assert "宽限期至2026年12月20日" in chat.last.text
    await chat.tap("1")
    await chat.tap("修改")
    assert "更正记录" in chat.last.text
    await chat.tap("修改…")
    await chat.tap("结果")
    await chat.tap(t["none"])
    await chat.tap(t["save"])
    assert "更正已保存" in chat.last.text and "之前版本记录的约定已撤销" in chat.last.text
    entries = await _entries(bot, ZH.id)
    assert len(entries) == 2 and entries[1].corrects == entries[0].hash and verify_chain(entries).ok
    timeline = (await chat.send("/contacts"))[0].text
    assert "宽限期至" not in timeline and "已更正" in timeline
    # Deleting it withdraws it (the chain keeps it) and there is nothing left to list.
    await chat.tap("1")
    await chat.tap("删除")
    await chat.tap("确认删除")
    assert len(await _entries(bot, ZH.id)) == 3
    assert "还没有沟通记录" in (await chat.send("/contacts"))[0].text


async def test_the_timeline_pages_newest_first(bot):
    chat, t = await _setup(bot, "en", budget=False)
    await chat.send("/log")  # a call at night from the lender itself: no FDCPA checks
    await chat.tap(t["earlier"])
    await chat.send("last night 11:30pm")
    await chat.tap(t["call"])
    await chat.tap("I answered")
    await chat.tap(t["staff"])
    await chat.tap(t["skip_rest"])
    await chat.tap(t["next"])
    await chat.tap(t["none"])
    await chat.tap(t["nothing"])
    assert "usually not the original lender" in chat.last.text  # the card says why
    assert "⚠️" not in chat.last.text  # nothing proposed: the night rule isn't the lender's
    await chat.tap(t["save"])
    assert (await _entries(bot, EN.id))[0].flags == frozenset()
    for _ in range(5):
        await _call_to_lender(chat, t)
        await chat.tap(t["none"])
        await chat.tap(t["nothing"])
        await chat.tap(t["save"])
    page = (await chat.send("/contacts"))[0]
    assert "(6, newest first)" in page.text and "Page 1 of 2" in page.text
    assert [label for label, _ in bot.emu.buttons(page)][:5] == ["1", "2", "3", "4", "5"]
    await chat.tap("Older")
    assert "6. " in chat.last.text and "Page 2 of 2" in chat.last.text


async def test_attachments_are_kept_and_delete_me_erases_the_log(any_bot):
    bot = any_bot
    chat, t = await _setup(bot, "zh", budget=False)
    await chat.send("/log")
    await chat.tap(t["now"])
    await chat.tap(t["call"])
    await chat.tap("接了")
    await chat.tap(t["agency"])
    await chat.tap(t["skip_rest"])
    base = {"date": 1764291600, "from": ZH.to_dict(), "chat": ZH.private_chat().to_dict()}
    for i, extra in enumerate((
        {"photo": [{"file_id": "ph1", "file_unique_id": "u1", "width": 90, "height": 90}],
         "caption": "催收短信截图"},
        {"voice": {"file_id": "vo1", "file_unique_id": "u2", "duration": 3}},
        {"text": "逾期将上门", "forward_origin": {"type": "hidden_user", "date": 1764200000,
                                                 "sender_user_name": "催收"}},
        {"text": "不还就去死", "forward_origin": {"type": "hidden_user", "date": 1764200100,
                                                 "sender_user_name": "催收"}},
    )):
        update_id = bot.emu.enqueue({"message": {"message_id": 9100 + i, **base, **extra}})
        await bot.deliver(update_id)
    await chat.tap(t["next"])
    await chat.tap(t["none"])
    await chat.tap(t["nothing"])
    await chat.tap(t["done"])
    await chat.tap(t["save"])
    entry = (await _entries(bot, ZH.id))[-1]
    assert [(a.kind.value, a.file_id, a.text) for a in entry.attachments] == [
        ("photo", "ph1", ""), ("voice", "vo1", ""), ("forwarded", "", "逾期将上门"),
        ("forwarded", "", "不还就去死")]
    assert entry.attachments[2].sent_at == datetime.fromtimestamp(1764200000, UTC)
    assert entry.note == "催收短信截图"
    assert Conduct.THREATS in entry.flags  # a forwarded threat is the collector's words
    await chat.send("/delete_me")
    await chat.tap("删除")
    assert await _entries(bot, ZH.id) == []


@pytest.mark.parametrize("lang", LANGS)
async def test_a_follow_up_date_is_reminded_and_logs_the_next_call_in_one_tap(bot, lang):
    chat, t = await _setup(bot, lang, budget=False)
    await _call_to_lender(chat, t)
    await chat.tap(t["none"])
    await chat.tap("我回电" if lang == "zh" else "I call them back")
    await chat.tap("3天后" if lang == "zh" else "In 3 days")
    await chat.tap(t["save"])
    local_nine = 1 if lang == "zh" else 14
    bot.clock.set(datetime(2026, 12, 1, local_nine, 0, tzinfo=UTC))
    await bot.tick()
    assert ("今天你约好要跟进花呗" in chat.last.text) if lang == "zh" else (
        "Today you planned to follow up with Visa" in chat.last.text)
    await chat.tap("记录" if lang == "zh" else "Log it")
    assert ("是什么时候" in chat.last.text) if lang == "zh" else "When was it" in chat.last.text


async def test_a_promise_beyond_what_the_plan_can_fund_is_warned(bot):
    chat, t = await _setup(bot, "en")
    await _call_to_lender(chat, t)
    await chat.tap(t["promise"])
    await chat.send("5000")
    await chat.send("Dec 20")
    await chat.tap(t["oral"])
    await chat.tap(t["pay"])
    await chat.tap(t["no_date"])
    replies = await chat.tap(t["save"])
    # The plan gives Visa all of the 1,200 a month (its minimum is 2,000): 3,800 short.
    assert "you promised $5,000.00, but your plan has $1,200.00 for that month, $3,800.00 short" \
        in replies[0].text


async def test_a_lender_whose_licence_cant_be_found_may_be_unlicensed(bot):
    chat, t = await _setup(bot, "zh", budget=False)
    await chat.send("/contacts")
    assert "还没有沟通记录" in chat.last.text
    await chat.send("/debts")
    await chat.tap("花呗")
    await chat.tap("沟通记录")
    await chat.tap("记录一次沟通")
    await chat.tap(t["now"])
    await chat.tap(t["call"])
    await chat.tap("接了")
    await chat.tap(t["agency"])
    await chat.tap(t["skip_rest"])
    await chat.send("说要把我加入黑名单")
    await chat.tap(t["next"])
    await chat.tap(t["none"])
    await chat.tap(t["nothing"])
    await chat.tap(t["done"])
    await chat.tap(t["save"])
    await chat.tap("查不到它的牌照")
    card = chat.last.text
    assert "这家机构可能没有放贷资质" in card  # hedged, never "is unlicensed"
    assert "12348" in card and "第十三条" in card  # the private-lending provisions, art. 13


async def test_every_rule_broken_at_once_still_fits_telegram_messages(bot):
    chat, t = await _setup(bot, "zh", budget=False)
    await chat.send("/log")
    await chat.tap(t["now"])
    await chat.tap("上门")
    await chat.tap(t["agency"])
    await chat.tap(t["skip_rest"])
    await chat.send("长" * 3000)  # a long note: stored whole, shown clipped
    await chat.tap(t["next"])
    await chat.tap(t["none"])
    await chat.tap(t["nothing"])
    for _, data in bot.emu.buttons(chat.last):
        if data.startswith("lg:flag:"):
            msg = chat.last
            await chat.press(msg.message_id, data)
    await chat.tap(t["done"])
    await chat.tap(t["yes"])
    await chat.tap(t["yes"])
    assert len(chat.last.text) < 4096 and "长" * 600 + "…" in chat.last.text
    replies = await chat.tap(t["save"])
    assert len(replies) >= 2  # saved, then the rights card (in parts if it must be)
    card = "\n".join(m.text for m in replies[1:])
    assert "违规上门" in card and "爆通讯录" in card and "逼我借新还旧" in card
    assert all(len(m.text) <= 4096 for m in replies)
    entry = (await _entries(bot, ZH.id))[-1]
    assert len(entry.note) == 3000 and len(entry.flags) == 9  # the checks offered for a visit


async def test_many_missed_calls_are_counted_and_the_log_shows_too_many(bot):
    chat, t = await _setup(bot, "zh", budget=False)
    await chat.send("/log")
    await chat.tap(t["now"])
    await chat.tap(t["call"])
    assert "请输入对方打了几次" in (await chat.send("好多"))[0].text  # not a count: asked again
    await chat.send("12次")
    await chat.tap(t["agency"])
    await chat.tap(t["skip_rest"])
    await chat.tap(t["next"])
    await chat.tap(t["none"])
    await chat.tap(t["nothing"])
    await chat.tap(t["done"])
    replies = await chat.tap(t["save"])
    card = replies[-1].text
    # 12 unanswered calls in a day: more than the 6 attempts the guideline allows.
    assert "一天未接来电超过6次" in card and "12" in card
    assert (await _entries(bot, ZH.id))[-1].attempts == 12


@pytest.mark.parametrize("lang", LANGS)
async def test_wechat_is_offered_only_where_lenders_use_it(bot, lang):
    chat, t = await _setup(bot, lang, budget=False)  # zh: mainland China; en: the US
    await chat.send("/log")
    await chat.tap(t["now"])
    labels = [label for label, _ in bot.emu.buttons(chat.last)]
    assert any(t["call"] in label for label in labels)
    assert any("微信" in label for label in labels) is (lang == "zh")
    assert not any("WeChat" in label for label in labels)


async def test_asking_who_again_in_a_correction_keeps_the_details_skip_leaves(bot):
    chat, t = await _setup(bot, "zh", budget=False)
    await chat.send("/log")
    await chat.tap(t["now"])
    await chat.tap(t["call"])
    await chat.tap("接了")
    await chat.tap(t["staff"])
    await chat.send("姓王 工号8848")
    await chat.send("17012345678")
    await chat.tap(t["next"])
    await chat.tap(t["none"])
    await chat.tap(t["nothing"])
    await chat.tap(t["done"])  # the misconduct checks (any caller in China): none ticked
    await chat.tap(t["save"])
    await chat.send("/contacts")
    await chat.tap("1")
    await chat.tap("修改")
    await chat.tap("修改…")
    await chat.tap("对方")
    await chat.tap(t["agency"])  # it was a collection agency after all
    assert "现在记的是" not in chat.last.text  # the agency's name: none logged yet
    await chat.tap(t["skip"])
    assert "现在记的是：姓王 工号8848" in chat.last.text
    await chat.tap(t["skip_rest"])
    await chat.tap(t["save"])
    latest = (await _entries(bot, ZH.id))[-1]
    assert (latest.party.value, latest.agent, latest.phone) == (
        "agency", "姓王 工号8848", "17012345678")
