"""A real ``telegram.Bot`` (PTB 22) against the emulator, over real loopback HTTP."""

from __future__ import annotations

import asyncio
import struct
import time
import zlib
from collections.abc import AsyncIterator

import aiohttp
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MenuButtonCommands,
    Message,
    ReplyParameters,
)
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, RetryAfter

from emulator import BotApiEmulator, TgChat, TgUser

TOKEN = "123456:TEST-TOKEN"
LI = TgUser(id=1001, first_name="Li", language_code="zh-hans", username="li")
GROUP = TgChat(id=-100123, type="supergroup", title="Debt support group")


def png(width: int, height: int) -> bytes:
    """A valid, tiny, all-black PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def make_bot(emu: BotApiEmulator, token: str = TOKEN) -> Bot:
    return Bot(token, base_url=f"{emu.base_url}/bot", base_file_url=f"{emu.base_url}/file/bot")


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(token=TOKEN) as emulator:
        emulator.send_text(LI, "/start")  # Li has started the bot: the private chat exists
        yield emulator


@pytest.fixture
async def bot(emu: BotApiEmulator) -> AsyncIterator[Bot]:
    async with make_bot(emu) as ptb_bot:
        yield ptb_bot


async def test_a_whole_conversation_is_accepted(emu: BotApiEmulator, bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123456, "debt_coach_test_bot", True)

    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("已还款 ✅", callback_data="pay:1")]])
    sent = await bot.send_message(
        LI.id, "<b>还款计划</b> &amp; 提醒 😀", parse_mode=ParseMode.HTML, reply_markup=keyboard
    )
    assert sent.text == "还款计划 & 提醒 😀"
    assert [(e.type, e.offset, e.length) for e in sent.entities] == [("bold", 0, 4)]
    assert sent.reply_markup == keyboard
    shown = emu.last_bot_message(LI.id)
    assert shown is not None and shown.message_id == sent.message_id == 2  # /start was 1
    assert shown.source_text == "<b>还款计划</b> &amp; 提醒 😀"
    assert emu.buttons(shown) == [("已还款 ✅", "pay:1")]

    edited = await bot.edit_message_text(
        "<i>已更新</i>",
        chat_id=LI.id,
        message_id=sent.message_id,
        parse_mode=ParseMode.HTML,
        reply_markup=keyboard,
    )
    assert isinstance(edited, Message)
    assert edited.text == "已更新" and edited.edit_date is not None
    assert shown.text == "已更新" and shown.edited

    update_id = emu.press(LI, sent.message_id, "pay:1")
    updates = await bot.get_updates(offset=0)
    query = updates[-1].callback_query
    assert updates[-1].update_id == update_id and query is not None
    assert query.data == "pay:1"
    assert isinstance(query.message, Message) and query.message.text == "已更新"
    assert await bot.answer_callback_query(query.id, text="收到")

    reply = await bot.send_message(
        LI.id, "plain", reply_parameters=ReplyParameters(message_id=sent.message_id)
    )
    assert reply.reply_to_message is not None
    assert reply.reply_to_message.message_id == sent.message_id

    document = await bot.send_document(
        LI.id,
        document=b"month,amount\n1,500\n",
        filename="plan.csv",
        caption="<b>计划</b>",
        parse_mode=ParseMode.HTML,
    )
    assert document.document is not None and document.document.file_name == "plan.csv"
    assert document.caption == "计划"
    stored = emu.last_bot_message(LI.id)
    assert stored is not None and stored.kind == "document"
    assert stored.file_bytes == b"month,amount\n1,500\n" and stored.caption == "计划"
    file = await bot.get_file(document.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"month,amount\n1,500\n"

    photo = await bot.send_photo(LI.id, photo=png(40, 20), caption="chart")
    assert photo.photo[-1].width == 40 and photo.photo[-1].height == 20
    assert emu.last_bot_message(LI.id).kind == "photo"  # type: ignore[union-attr]

    await bot.send_chat_action(LI.id, ChatAction.TYPING)
    commands = [BotCommand("start", "开始"), BotCommand("plan", "还款计划")]
    assert await bot.set_my_commands(commands, language_code="zh-hans")
    assert await bot.set_my_commands(
        [BotCommand("start", "start")], scope=BotCommandScopeChat(LI.id)
    )
    assert emu.commands(language_code="zh-hans") == [
        {"command": "start", "description": "开始"},
        {"command": "plan", "description": "还款计划"},
    ]
    assert emu.commands("chat", chat_id=LI.id) == [{"command": "start", "description": "start"}]
    assert emu.commands() == []
    assert await bot.get_my_commands(language_code="zh-hans") == tuple(commands)
    assert await bot.delete_my_commands(language_code="zh-hans")
    assert emu.commands(language_code="zh-hans") == []
    assert await bot.set_chat_menu_button(chat_id=LI.id, menu_button=MenuButtonCommands())

    chat = await bot.get_chat(LI.id)
    assert chat.first_name == "Li"
    assert await bot.delete_message(LI.id, reply.message_id)
    assert reply.message_id not in [m.message_id for m in emu.transcript(LI.id)]

    emu.send_text(LI, "hello group", chat=GROUP)
    assert await bot.leave_chat(GROUP.id)
    assert emu.left_chats == {GROUP.id}

    assert emu.violations == []
    assert emu.refusals == []
    assert all(call.http_status == 200 for call in emu.calls)


async def test_bad_html_is_refused_and_recorded(emu: BotApiEmulator, bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities: Unsupported start tag"):
        await bot.send_message(LI.id, "余额 < 0", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities: Can't find end tag"):
        await bot.send_message(LI.id, "<b>unclosed", parse_mode=ParseMode.HTML)
    assert [v.method for v in emu.violations] == ["sendMessage", "sendMessage"]
    assert emu.violations[0].description.startswith("Bad Request: can't parse entities")
    assert emu.violations[0].params["text"] == "余额 < 0"
    assert emu.bot_messages(LI.id) == []


async def test_65_byte_callback_data_is_refused(emu: BotApiEmulator, bot: Bot) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="d" * 65)]])
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(LI.id, "hi", reply_markup=markup)
    assert len(emu.violations) == 1
    assert "inline_keyboard[0][0].callback_data is 65 bytes" in emu.violations[0].description


async def test_unknown_parameter_is_refused(emu: BotApiEmulator, bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r'(?i)unknown parameter "colour"'):
        await bot.send_message(LI.id, "hi", api_kwargs={"colour": "red"})
    with pytest.raises(BadRequest, match=r'(?i)unknown parameter "colour"'):
        await bot._post("sendMessage", {"chat_id": LI.id, "text": "x", "colour": "red"})
    assert len(emu.violations) == 2


async def test_semantic_errors_use_telegram_wording(emu: BotApiEmulator, bot: Bot) -> None:
    sent = await bot.send_message(LI.id, "same")
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("same", chat_id=LI.id, message_id=sent.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("new", chat_id=LI.id, message_id=999)
    with pytest.raises(BadRequest, match=r"(?i)message can't be edited"):
        await bot.edit_message_text("new", chat_id=LI.id, message_id=1)  # Li's /start
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query("42")
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(777, "who?")
    with pytest.raises(BadRequest, match=r"(?i)IMAGE_PROCESS_FAILED"):
        await bot.send_photo(LI.id, photo=b"not an image")
    with pytest.raises(BadRequest, match=r"(?i)PHOTO_INVALID_DIMENSIONS"):
        await bot.send_photo(LI.id, photo=png(2000, 20))
    assert len(emu.violations) == 7


async def test_editing_text_without_markup_removes_the_keyboard(
    emu: BotApiEmulator, bot: Bot
) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("ok", callback_data="ok")]])
    sent = await bot.send_message(LI.id, "question", reply_markup=markup)
    await bot.edit_message_text("answered", chat_id=LI.id, message_id=sent.message_id)
    message = emu.last_bot_message(LI.id)
    assert message is not None and emu.buttons(message) == []
    with pytest.raises(ValueError, match=r"(?i)no button"):
        emu.press(LI, sent.message_id, "ok")
    await bot.edit_message_reply_markup(LI.id, sent.message_id, reply_markup=markup)
    assert emu.buttons(message) == [("ok", "ok")]
    assert emu.violations == []


async def test_blocked_user_gives_forbidden(emu: BotApiEmulator, bot: Bot) -> None:
    emu.block(LI.id)
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await bot.send_message(LI.id, "reminder")
    emu.unblock(LI.id)
    await bot.send_message(LI.id, "reminder")
    emu.my_chat_member(LI, status="kicked")
    with pytest.raises(Forbidden):
        await bot.send_chat_action(LI.id, ChatAction.TYPING)
    updates = await bot.get_updates()
    member = updates[-1].my_chat_member
    assert member is not None and member.new_chat_member.status == "kicked"
    assert [r.error_code for r in emu.refusals] == [403, 403]
    assert emu.violations == []


# PTB 22 formats retry_after as seconds, or as a timedelta with PTB_TIMEDELTA (set by bot/__init__).
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_rate_limit_gives_retry_after(emu: BotApiEmulator, bot: Bot) -> None:
    emu.rate_limit(LI.id, retry_after=3, times=2)
    for _ in range(2):
        with pytest.raises(RetryAfter, match=r"Retry in (3 seconds|0:00:03)"):
            await bot.send_message(LI.id, "hi")
    await bot.send_message(LI.id, "hi")
    assert [r.error_code for r in emu.refusals] == [429, 429]
    assert emu.refusals[0].description == "Too Many Requests: retry after 3"
    assert emu.violations == []


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_global_flood_limit() -> None:
    async with BotApiEmulator(token=TOKEN, max_per_second=5) as emu:
        emu.add_chat(LI.private_chat())
        async with make_bot(emu) as bot:
            for _ in range(5):
                await bot.send_message(LI.id, "x")
            with pytest.raises(RetryAfter):
                await bot.send_message(LI.id, "x")
        assert len(emu.refusals) == 1


async def test_sending_to_a_chat_the_bot_left_is_forbidden(emu: BotApiEmulator, bot: Bot) -> None:
    emu.send_text(LI, "hi all", chat=GROUP)
    await bot.leave_chat(GROUP.id)
    with pytest.raises(Forbidden, match=r"(?i)bot is not a member of the supergroup chat"):
        await bot.send_message(GROUP.id, "still here?")
    with pytest.raises(ValueError, match=r"(?i)left chat"):
        emu.send_text(LI, "hello?", chat=GROUP)


async def test_wrong_token_and_unknown_method(emu: BotApiEmulator) -> None:
    with pytest.raises(InvalidToken, match=r"(?i)was rejected by the server"):
        async with make_bot(emu, token="123456:WRONG"):
            pass  # Bot.initialize() calls getMe, which answers 401 Unauthorized
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{emu.base_url}/bot{TOKEN}/sendMessages", data={}) as response:
            assert response.status == 404
            assert await response.json() == {
                "ok": False,
                "error_code": 404,
                "description": "Not Found",
            }
    assert [v.error_code for v in emu.violations] == [401, 404]


async def test_json_and_query_string_bodies(emu: BotApiEmulator) -> None:
    async with aiohttp.ClientSession() as session:
        url = f"{emu.base_url}/bot{TOKEN}/sendMessage"
        async with session.post(url, json={"chat_id": LI.id, "text": "json"}) as response:
            body = await response.json()
            assert body["ok"] and body["result"]["text"] == "json"
        async with session.get(url, params={"chat_id": str(LI.id), "text": "query"}) as response:
            assert (await response.json())["result"]["text"] == "query"
        markup = {"inline_keyboard": [[{"text": "a", "callback_data": "b", "bad": 1}]]}
        payload = {"chat_id": LI.id, "text": "x", "reply_markup": markup}
        async with session.post(url, json=payload) as response:
            assert response.status == 400
            assert 'unknown field "bad"' in (await response.json())["description"]


async def test_updates_stay_until_confirmed(emu: BotApiEmulator, bot: Bot) -> None:
    second = emu.send_text(LI, "second")
    assert emu.pending_updates == 2
    first_batch = await bot.get_updates()
    assert [u.update_id for u in first_batch] == [second - 1, second]
    again = await bot.get_updates()  # not confirmed: delivered again
    assert [u.update_id for u in again] == [second - 1, second]
    assert await bot.get_updates(offset=second) == again[1:]
    assert emu.pending_updates == 1
    assert await bot.get_updates(offset=second + 1) == ()
    assert emu.pending_updates == 0

    third = emu.send_text(LI, "a")
    emu.send_text(LI, "b")
    assert [u.update_id for u in await bot.get_updates(offset=-1)] == [third + 1]
    emu.redeliver(third)
    assert [u.update_id for u in await bot.get_updates(offset=third + 2)] == [third]


async def test_long_poll_wakes_up_when_an_update_arrives(emu: BotApiEmulator, bot: Bot) -> None:
    await bot.get_updates(offset=2)  # confirm the /start from the fixture
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(offset=2, timeout=20))
    await emu.wait_for(lambda: emu.polling)
    emu.send_text(LI, "wake up")
    updates = await asyncio.wait_for(poll, 10)
    assert [u.message.text for u in updates if u.message] == ["wake up"]
    assert time.monotonic() - started < 10


async def test_a_second_poller_terminates_the_first(emu: BotApiEmulator, bot: Bot) -> None:
    await bot.get_updates(offset=2)
    first = asyncio.create_task(bot.get_updates(offset=2, timeout=20))
    await emu.wait_for(lambda: emu.polling)
    async with make_bot(emu) as other_instance:
        second = asyncio.create_task(other_instance.get_updates(offset=2, timeout=20))
        with pytest.raises(Conflict, match=r"(?i)terminated by other getUpdates request"):
            await asyncio.wait_for(first, 10)
        emu.send_text(LI, "for the survivor")
        assert len(await asyncio.wait_for(second, 10)) == 1
    assert [v.error_code for v in emu.violations] == [409]


async def test_on_bot_message_hook(emu: BotApiEmulator, bot: Bot) -> None:
    seen: list[tuple[int, str | None, bool]] = []
    emu.on_bot_message = lambda chat_id, message, edited: seen.append(
        (chat_id, message.text, edited)
    )
    sent = await bot.send_message(LI.id, "one")
    await bot.edit_message_text("two", chat_id=LI.id, message_id=sent.message_id)
    assert seen == [(LI.id, "one", False), (LI.id, "two", True)]


async def test_wait_for_times_out_with_a_report(emu: BotApiEmulator, bot: Bot) -> None:
    await bot.send_message(LI.id, "only this")
    with pytest.raises(TimeoutError, match=r"(?s)condition not met.*sendMessage"):
        await emu.wait_for(lambda: False, timeout=0.2)
