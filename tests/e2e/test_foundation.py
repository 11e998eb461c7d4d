"""The foundation, as a user sees it: /start, /help, /language, /settings, /cancel, /delete_me."""

from __future__ import annotations

from bot.i18n import t
from emulator import TgChat, TgUser
from storage.models import User
from tests.e2e.conftest import EN, ZH, onboard


async def _user(bot, uid) -> User | None:
    return await bot.look.user(uid)


async def test_start_in_chinese_asks_consent_region_zone_currency(bot):
    chat = bot.chat(ZH)
    replies = await chat.send("/start")
    assert "还款教练" in replies[0].text and "/delete_me" in replies[0].text
    assert "个人信息保护法" in replies[1].text
    assert [b for b, _ in bot.emu.buttons(replies[1])] == ["✅ 同意", "暂不同意"]

    await chat.tap("同意")
    assert "借款来自哪里" in chat.last.text
    assert bot.emu.buttons(chat.last)[0][0] == "🇨🇳 中国大陆"  # the default follows the language
    await chat.tap("中国大陆")
    assert "时区" in chat.last.text
    assert [b for b, _ in bot.emu.buttons(chat.last)] == ["Asia/Shanghai"]
    await chat.tap("Asia/Shanghai")
    assert "货币" in chat.last.text
    await chat.tap("CNY")
    assert "设置完成" in chat.last.text and "Asia/Shanghai" in chat.last.text

    user = await _user(bot, ZH.id)
    assert (user.language, user.region.code, user.timezone, user.currency) == (
        "zh_CN", "cn", "Asia/Shanghai", "CNY")
    assert user.consent and user.onboarded
    assert (await bot.look.user_row(ZH.id)).consent_at == bot.clock.now()
    assert (user.quiet_start, user.quiet_end) == (22 * 60, 8 * 60)


async def test_start_in_english_without_consent_stores_no_consent(bot):
    chat = bot.chat(EN)
    await chat.send("/start")
    await chat.tap("Not now")
    assert "won't store anything financial" in chat.messages[-2].text
    await chat.tap("Elsewhere")
    await chat.send("Mars/Olympus")
    assert "couldn't read" in chat.last.text  # re-asked, with an example
    await chat.send("Europe/Berlin")
    await chat.tap("Other")
    await chat.send("eur")
    assert "All set" in chat.last.text and "EUR" in chat.last.text
    user = await _user(bot, EN.id)
    assert (user.region.code, user.timezone, user.currency, user.consent) == (
        "other", "Europe/Berlin", "EUR", False)
    assert (await bot.look.user_row(EN.id)).consent_at is None


async def test_typed_offsets_are_accepted_as_time_zones(bot):
    chat = bot.chat(EN)
    await chat.send("/start")
    await chat.tap("Yes, I agree")
    await chat.tap("Elsewhere")
    await chat.send("UTC+8")
    await chat.tap("HKD")
    assert (await _user(bot, EN.id)).timezone == "UTC+08:00"


async def test_user_text_is_escaped_in_replies(bot):
    chat = bot.chat(EN)
    await chat.send("/start")
    await chat.tap("Yes, I agree")
    await chat.tap("Elsewhere")
    await chat.send("<b>Acme & Co</b>")
    assert "<b>Acme & Co</b>" in chat.last.text  # shown literally: it was escaped
    assert bot.emu.violations == []


async def test_help_lists_the_commands_in_the_users_language(bot):
    zh, en = bot.chat(ZH), bot.chat(EN)
    assert "/delete_me" in (await zh.send("/help"))[0].text
    assert "我能做的事" in zh.last.text
    assert "Here's what I can do" in (await en.send("/help"))[0].text


async def test_the_command_menu_is_registered_in_both_languages(bot):
    en = bot.emu.commands()
    zh = bot.emu.commands(language_code="zh")
    assert [c["command"] for c in en] == [c["command"] for c in zh]
    assert {"start", "help", "settings", "language", "cancel", "delete_me"} <= {c["command"] for c in en}
    assert en[0]["description"] != zh[0]["description"]


async def test_language_switches_and_is_remembered(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await chat.send("/language")
    await chat.tap("English")
    assert "English from now on" in chat.last.text
    assert (await _user(bot, ZH.id)).language == "en"
    assert "Here's what I can do" in (await chat.send("/help"))[0].text


async def test_settings_change_quiet_hours_zone_and_region(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await chat.send("/settings")
    assert "Quiet hours: 22:00–08:00" in chat.last.text
    await chat.tap("Quiet hours")
    await chat.send("23:30-07:00")
    assert "Quiet hours: 23:30–07:00" in chat.last.text
    await chat.tap("Time zone")
    await chat.tap("America/Los_Angeles")
    await chat.tap("Region")
    await chat.tap("Mainland China")
    await chat.tap("Quiet hours")
    await chat.tap("No quiet hours")
    assert "Quiet hours: off" in chat.last.text
    await chat.tap("Close")
    user = await _user(bot, EN.id)
    assert (user.timezone, user.region.code, user.quiet_start, user.quiet_end) == (
        "America/Los_Angeles", "cn", None, None)


async def test_settings_can_withdraw_consent(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await chat.send("/settings")
    await chat.tap("Consent")
    await chat.tap("Withdraw consent")
    user = await _user(bot, EN.id)
    assert not user.consent and (await bot.look.user_row(EN.id)).consent_at is None


async def test_cancel_leaves_onboarding_and_nothing_is_saved(bot):
    chat = bot.chat(EN)
    await chat.send("/start")
    await chat.tap("Yes, I agree")
    await chat.tap("United States")
    replies = await chat.send("/cancel")
    assert "Nothing from this conversation was saved" in replies[0].text
    user = await _user(bot, EN.id)
    assert not user.onboarded and user.region is None and not user.consent
    # The old buttons no longer act: a tap is told it has expired, and changes nothing.
    assert await chat.tap("America/Chicago") == []
    assert bot.emu.calls_to("answerCallbackQuery")[-1].params.get("text") == t("en", "common.expired")
    assert (await _user(bot, EN.id)).timezone is None
    assert "nothing to cancel" in (await chat.send("/cancel"))[0].text


async def test_cancel_inside_settings_keeps_earlier_changes(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await chat.send("/settings")
    await chat.tap("时区")
    replies = await chat.send("/cancel")
    assert "已取消" in replies[0].text
    assert (await _user(bot, ZH.id)).timezone == "Asia/Shanghai"


async def test_delete_me_erases_everything_after_confirmation(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await chat.send("/delete_me")
    await chat.tap("No, keep it")
    assert await _user(bot, EN.id) is not None
    await chat.send("/delete_me")
    confirm, data = chat.find_button("Yes, erase everything")
    await chat.tap("Yes, erase everything")
    assert "has been erased" in chat.last.text
    assert await _user(bot, EN.id) is None
    assert bot.emu.buttons(bot.emu.transcript(EN.id)[-1]) == []
    # A double tap that arrived anyway finds nothing left and says so.
    await chat.press(confirm.message_id, data, strict=False)
    assert "don't have anything stored" in chat.last.text


async def test_delete_me_mid_conversation_ends_it(bot):
    chat = bot.chat(ZH)
    await chat.send("/start")
    await chat.tap("同意")
    await chat.send("/delete_me")
    await chat.tap("确定")
    assert await _user(bot, ZH.id) is None
    await chat.send("随便说点什么")
    assert "/start" in chat.last.text  # erased: set up again to continue


async def test_in_a_group_the_bot_asks_for_a_private_chat_and_leaves(bot):
    group = TgChat(id=-100555, type="supergroup", title="Family")
    member = TgUser(id=3003, first_name="Wang", language_code="zh")
    update_id = bot.emu.send_text(member, "/start", chat=group)
    await bot.deliver(update_id)
    sent = bot.emu.bot_messages(group.id)
    assert len(sent) == 1 and "私聊" in sent[0].text
    assert group.id in bot.emu.left_chats
    assert await _user(bot, member.id) is None


async def test_a_redelivered_update_is_applied_once(bot, caplog):
    chat = bot.chat(EN)
    await chat.send("/start")
    await chat.tap("Yes, I agree")
    await chat.tap("United States")
    await chat.tap("America/New_York")
    await chat.tap("USD")
    done = [m for m in chat.messages if "All set" in (m.text or "")]
    last_update = chat.last_update_id  # the USD tap
    before = len(chat.messages)
    caplog.set_level("WARNING", logger="bot.processing")
    bot.emu.redeliver(last_update)
    await bot.deliver(last_update)
    await bot.deliver(chat.emu.send_text(EN, "/help"))  # a later update, to be sure the queue moved
    skipped = [r for r in caplog.records if r.levelname == "WARNING" and "skipping" in r.message]
    assert [r.args[0] for r in skipped] == [last_update]  # logged with its id (and age)
    new = chat.messages[before:]
    assert len(new) == 1 and "Here's what I can do" in new[0].text
    assert len(done) == 1


async def test_errors_are_reported_kindly_without_a_traceback(bot, monkeypatch):
    chat = bot.chat(EN)
    await onboard(chat)

    async def broken(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(type(bot.services.settings), "_set", broken)
    await chat.send("/settings")
    await chat.tap("Quiet hours")
    await chat.tap("No quiet hours")
    assert "something went wrong" in chat.last.text
    assert "database on fire" not in chat.texts() and "Traceback" not in chat.texts()


async def test_onboarding_works_on_postgresql(pg_bot):
    chat = pg_bot.chat(ZH)
    await onboard(chat)
    user = await pg_bot.look.user(ZH.id)
    assert user.onboarded and user.currency == "CNY"


async def test_help_lists_every_command_of_the_menu(bot):
    from handlers import COMMANDS

    for user in (ZH, EN):
        text = (await bot.chat(user).send("/help"))[0].text
        missing = [c for c in COMMANDS if c != "help" and f"/{c}" not in text]
        assert missing == [], f"/help in {user.language_code} misses {missing}"


async def test_words_of_self_harm_get_the_crisis_line_and_the_flow_waits(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    await chat.send("/adddebt")
    replies = await chat.send("欠了这么多，真的不想活了")
    assert "12356" in replies[0].text and "你不必一个人扛" in replies[0].text
    assert len(replies) == 1  # nothing else: the words are not taken as a lender's name
    await chat.send("花呗")  # the conversation waited at the same step
    assert "什么时候借的" in chat.last.text
    chat_en = bot.chat(EN)
    await onboard(chat_en)  # region: United States
    replies = await chat_en.send("I want to die")
    assert "988" in replies[0].text


async def test_starting_a_conversation_ends_the_one_left_open(bot):
    from tests.e2e.conftest import add_debt

    chat = bot.chat(EN)
    await onboard(chat)
    await chat.send("/adddebt")  # left open at the lender question
    await chat.send("/budget")
    await chat.send("8000")  # meant for the budget, not the lender
    assert "$8,000.00" in chat.last.text and "What kind of lender" not in chat.last.text
    await chat.send("/cancel")
    await add_debt(chat, "Visa 3000 18% Dec 10 min 100")
    assert len(await bot.look.debts(EN.id)) == 1


async def test_another_command_leaves_the_conversation_in_progress(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await chat.send("/check banana")  # starts the step-by-step questions
    await chat.send("/reminders")
    await chat.send("25:99")  # not an answer to /check any more
    assert "amount" not in chat.last.text
    assert "didn't catch that" in chat.last.text


async def test_button_labels_show_a_name_as_typed_never_as_html_entities(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await chat.send("/adddebt M&T <Bank> 3000 18% Dec 10 min 150")
    await chat.tap("Bank loan")
    await chat.tap("Save")
    await chat.send("/debts")
    await chat.tap("1. M&T <Bank>")
    labels = [label for label, _ in bot.emu.buttons(chat.last)]
    assert "🤝 Prepare a call · M&T <Bank>" in labels
    assert not any("&amp;" in label or "&lt;" in label for label in labels)
