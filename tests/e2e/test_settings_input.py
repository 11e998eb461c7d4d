"""Time zones and quiet hours as people type them, in /start and /settings, and a
reminder hour inside quiet hours (issue 12). Both languages."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import EN, ZH, onboard


@pytest.mark.parametrize(("typed", "stored"), [
    ("北京时间", "Asia/Shanghai"), ("深圳", "Asia/Shanghai"), ("广州", "Asia/Shanghai"),
    ("上海", "Asia/Shanghai"), ("东八区", "UTC+08:00"), ("ＵＴＣ＋８", "UTC+08:00"),
])
async def test_start_takes_the_time_zone_as_people_type_it(bot, typed, stored):
    chat = bot.chat(ZH)
    await chat.send("/start")
    await chat.tap("同意")
    await chat.tap("中国大陆")
    await chat.send(typed)
    assert "币种" in chat.last.text or "货币" in chat.last.text
    await chat.tap("CNY")
    profile = await bot.look.user(ZH.id)
    assert profile is not None and profile.timezone == stored


@pytest.mark.parametrize(("typed", "shown"), [
    ("23：00－09：00", "23:00–09:00"), ("晚上11点到早上9点", "23:00–09:00"),
    ("11pm-9am", "23:00–09:00"),
])
async def test_settings_takes_quiet_hours_in_any_clock(bot, typed, shown):
    chat = bot.chat(ZH if not typed.startswith("11pm") else EN)
    await onboard(chat)
    await chat.send("/settings")
    await chat.tap("免打扰" if chat.user is ZH else "Quiet hours")
    await chat.send(typed)
    assert shown in chat.texts(chat.messages[-2:])
    profile = await bot.look.user(chat.user.id)
    assert (profile.quiet_start, profile.quiet_end) == (23 * 60, 9 * 60)


async def test_settings_takes_a_city_as_the_time_zone(bot):
    chat = bot.chat(EN)
    await onboard(chat)
    await chat.send("/settings")
    await chat.tap("Time zone")
    await chat.send("Shenzhen")
    profile = await bot.look.user(EN.id)
    assert profile.timezone == "Asia/Shanghai"


async def test_a_reminder_hour_inside_quiet_hours_says_when_it_will_come(bot):
    chat = bot.chat(ZH)
    await onboard(chat)  # quiet hours 22:00-08:00 by default
    await chat.send("/reminders")
    await chat.tap("提醒时间")
    await chat.tap("07:00")
    assert "免打扰结束时（08:00）发出" in chat.last.text
    await chat.tap("提醒时间")
    await chat.tap("09:00")
    assert "免打扰结束" not in chat.last.text
    en = bot.chat(EN)
    await onboard(en)
    await en.send("/settings")
    await en.tap("Quiet hours")
    await en.send("20:00-08:00")
    await en.send("/reminders")
    await en.tap("Weekly check-in")
    await en.tap("Monday")
    await en.tap("21:00")
    assert "reminders at 21:00 will come at 08:00, when quiet hours end" in en.last.text


@pytest.mark.parametrize(("typed", "code"), [("pounds", "GBP"), ("€", "EUR"), ("dollars", "USD")])
async def test_a_currency_typed_by_name_or_symbol_and_what_a_change_means(bot, typed, code):
    chat = bot.chat(EN)
    await onboard(chat)
    await chat.send("/adddebt Visa 3000 18% Dec 10 min 150")
    await chat.tap("Save")
    await chat.send("/settings")
    await chat.tap("Currency")
    await chat.send(typed)
    profile = await bot.look.user(EN.id)
    assert profile.currency == code
    converted_note = "amounts entered in USD are not converted"
    assert (converted_note in chat.texts(chat.messages[-4:])) is (code != "USD")
