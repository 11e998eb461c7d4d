"""The emulator sends what Telegram sends when a user edits a message, or sends a voice
note, a sticker, a photo or a file: updates valid against the Bot API spec."""

from __future__ import annotations

import pytest

from emulator import BotApiEmulator, TgUser

USER = TgUser(id=7, first_name="Li", language_code="zh-hans")


def _update(emu: BotApiEmulator, update_id: int) -> dict:
    return emu._state.updates.history(update_id)


def test_an_edit_is_an_edited_message_of_the_same_message_with_the_new_text() -> None:
    emu = BotApiEmulator()
    first = emu.send_text(USER, "5000")
    message_id = _update(emu, first)["message"]["message_id"]
    edit = emu.edit_text(USER, message_id, "6000")
    update = _update(emu, edit)
    assert set(update) == {"update_id", "edited_message"}
    edited = update["edited_message"]
    assert (edited["message_id"], edited["text"]) == (message_id, "6000")
    assert edited["edit_date"] >= edited["date"]
    assert not emu.spec.check_object("Update", update)
    [message] = emu.transcript(USER.id)
    assert message.text == "6000" and message.edited


def test_an_edited_command_keeps_its_command_entity() -> None:
    emu = BotApiEmulator()
    message_id = _update(emu, emu.send_text(USER, "/paid 花呗 0"))["message"]["message_id"]
    edited = _update(emu, emu.edit_text(USER, message_id, "/paid 花呗 50"))["edited_message"]
    assert edited["entities"] == [{"type": "bot_command", "offset": 0, "length": 5}]


def test_only_the_users_own_text_can_be_edited() -> None:
    emu = BotApiEmulator()
    with pytest.raises(ValueError, match="no text message"):
        emu.edit_text(USER, 99, "x")


@pytest.mark.parametrize("kind", ["voice", "sticker", "photo", "document"])
def test_media_from_the_user_is_a_valid_message(kind: str) -> None:
    emu = BotApiEmulator()
    update = _update(emu, emu.send_media(USER, kind))
    assert kind in update["message"] and "text" not in update["message"]
    assert not emu.spec.check_object("Update", update)


def test_an_unknown_kind_of_media_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        BotApiEmulator().send_media(USER, "hologram")
