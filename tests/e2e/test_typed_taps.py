"""A button's words typed count as a tap (handlers/typed_taps.py), in both languages:
people on a phone type "不知道", "跳过", "是", "skip", "no" instead of tapping."""

from __future__ import annotations

from decimal import Decimal

from tests.e2e.conftest import EN, ZH, onboard


async def test_a_guided_adddebt_answered_only_by_typing_in_chinese(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await chat.send("/adddebt")
    await chat.send("老王")
    await chat.send("亲友/个人")  # the type's button label, typed
    assert "什么时候借的" in chat.last.text
    await chat.send("不知道")  # taps 不清楚
    await chat.send("5000")
    await chat.send("不知道")  # the rate: 不清楚
    await chat.send("是的")  # did all of it arrive? "是的，全额到账"
    await chat.send("没有")  # the minimum: 没有最低还款
    await chat.send("跳过")  # the due date
    await chat.send("否")  # not overdue
    card = chat.last.text
    assert "请核对" in card and "¥5,000.00" in card
    # The buttons of each answered question were taken off, as a tap would.
    answered = [m for m in chat.messages if m.from_bot and "什么时候借的" in (m.text or "")]
    assert answered and bot.emu.buttons(answered[-1]) == []
    await chat.send("✅ 保存")  # even the Save button, with its emoji
    [debt] = await bot.look.debts(ZH.id)
    assert (debt.lender, debt.balance, debt.lender_type) == ("老王", Decimal("5000.00"), "private")
    assert debt.minimum is None or debt.minimum.kind == "none"


async def test_english_typed_answers_skip_dont_know_and_no(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await chat.send("/adddebt Chase 5000 18% Dec 10")
    await chat.send("bank loan")  # the lender type's label, any case
    assert "minimum" in chat.last.text.lower()
    await chat.send("skip")
    assert "Please check this debt" in chat.last.text
    await chat.send("save")
    [debt] = await bot.look.debts(EN.id)
    assert debt.lender_type == "bank_loan"
    # "idk" at the lender type is its "Not sure / other" button.
    await chat.send("/adddebt Acme 800 18% Dec 12")
    await chat.send("idk")
    assert "minimum" in chat.last.text.lower()


async def test_a_typed_word_that_names_no_button_is_read_as_text(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await chat.send("/adddebt")
    await chat.send("Chase")
    await chat.send("maybe")  # no button says this: asked again, nothing chosen
    assert "Please tap one of the buttons above" in chat.last.text
    assert await bot.look.debts(EN.id) == []


async def test_a_destructive_button_needs_a_tap(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await chat.send("/adddebt Visa 3000 18% Dec 10 min 100")
    await chat.tap("Save")
    await chat.send("/debts")
    await chat.tap("1. Visa")
    await chat.tap("🗑 Delete")
    await chat.send("Yes, delete it")
    assert len(await bot.look.debts(EN.id)) == 1  # still there


async def test_a_log_answered_by_typing_keeps_its_answers_and_free_text_never_starts_over(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await chat.send("/adddebt Visa 3000 18% Dec 10 min 150")
    await chat.tap("Save")
    await chat.send("/log")
    await chat.send("just now")
    await chat.send("they contacted me")  # "They contacted me", typed
    await chat.send("phone call")
    await chat.send("i answered")  # part of "✅ I answered"
    assert "Who was it?" in chat.last.text
    # Text at a question answered by a button is asked again, never read as a new story
    # about a collector (which would start a new log over these answers).
    draft_before = await bot.look.draft(EN.id, "log")
    await chat.send("a collector called my sister at 11pm")
    assert chat.last.text.startswith("Please tap one of the buttons above")
    assert await bot.look.draft(EN.id, "log") == draft_before
    await chat.send("collection agency")  # part of "A collection agency"
    assert "The collection agency's name?" in chat.last.text


async def test_a_chinese_newcomer_sets_up_by_typing_as_people_do(bot):
    chat = bot.chat(ZH)
    await chat.send("/start")
    await chat.send("同意吧")  # ✅ 同意, with a particle
    await chat.send("大陆")  # part of 中国大陆
    await chat.send("北京时间")
    await chat.send("人民币")  # CNY, by name
    profile = await bot.look.user(ZH.id)
    assert profile is not None and profile.onboarded and profile.consent
    assert (profile.region.code, profile.timezone, profile.currency) == (
        "cn", "Asia/Shanghai", "CNY")


async def test_a_question_about_jail_gets_the_rules_but_no_offer_to_log_a_contact(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await chat.send("/adddebt 借呗 5000 年化18% 12月10日 最低 300")
    await chat.tap("保存")
    await chat.send("借呗逾期了会坐牢吗")
    assert "催收可以做什么、不能做什么" in chat.last.text  # incl. no arrest for a debt
    assert "记下来" not in str(bot.emu.buttons(chat.last))  # nobody contacted them
    await chat.send("催收昨晚11点给我妈打电话说要上门")
    assert "记下来" in str(bot.emu.buttons(chat.last))
