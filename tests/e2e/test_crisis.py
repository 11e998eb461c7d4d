"""Crisis care end to end: the user's own words stop the update; a collector's threat,
quoted, gets care and the message still goes on; a photo's caption is read too."""

import time

from tests.e2e.conftest import EN, ZH, onboard


async def test_a_quoted_threat_gets_care_and_the_message_goes_on(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    replies = await chat.send("催收说不还就去死")
    assert "这样对你说话是不对的" in replies[0].text and "12356" in replies[0].text
    assert len(replies) == 2  # the normal handlers answered too
    chat_en = bot.chat(EN)
    await onboard(chat_en)  # region: United States
    replies = await chat_en.send("they told me to go kill myself")
    assert "don't deserve it" in replies[0].text
    assert "988 Suicide & Crisis Lifeline (call or text, 24 h)" in replies[0].text
    assert len(replies) == 2


async def test_the_users_own_words_in_a_photo_caption_get_the_crisis_line(bot):
    chat = bot.chat(ZH)
    await onboard(chat)
    chat.seen = len(chat.messages)
    update_id = bot.emu.enqueue({"message": {
        "message_id": 9001, "date": int(time.time()), "from": ZH.to_dict(),
        "chat": ZH.private_chat().to_dict(),
        "photo": [{"file_id": "p1", "file_unique_id": "u1", "width": 90, "height": 90}],
        "caption": "这是催收的短信截图，我真的活不下去了",
    }})
    await bot.deliver(update_id)
    replies = chat.messages[chat.seen:]
    assert len(replies) == 1 and "你不必一个人扛" in replies[0].text and "12356" in replies[0].text
