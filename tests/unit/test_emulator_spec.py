"""Validation of Bot API calls against the bundled spec subset."""

from __future__ import annotations

import json
from typing import Any

import pytest

from emulator import Spec, UploadedFile, ValidationError
from emulator.checks import check_call
from emulator.make_spec import METHODS, SUBSET_PATH, build_subset

SPEC = Spec.load()


def decode(method: str, **raw: Any) -> dict[str, Any]:
    """Decode like the server does: values arrive as form strings (JSON for non-strings)."""
    form = {k: v if isinstance(v, str | UploadedFile) else json.dumps(v) for k, v in raw.items()}
    params = SPEC.decode_params(method, form)
    check_call(SPEC, method, params)
    return params


def errors(method: str, **raw: Any) -> str:
    with pytest.raises(ValidationError) as error:
        decode(method, **raw)
    return str(error.value)


def keyboard(*buttons: dict[str, Any]) -> dict[str, Any]:
    return {"inline_keyboard": [list(buttons)]}


def test_bundled_subset_has_the_needed_methods_and_reachable_types() -> None:
    data = json.loads(SUBSET_PATH.read_text(encoding="utf-8"))
    assert set(METHODS) <= set(data["methods"])
    for name in ("InlineKeyboardButton", "BotCommandScopeChat", "Update", "Message", "User"):
        assert name in data["types"]
    assert (SUBSET_PATH.parent / "LICENSE-bot-api-spec").read_text().count("MIT License") == 1


def test_build_subset_follows_field_and_subtype_references() -> None:
    spec = {
        "methods": {"m": {"fields": [{"name": "x", "types": ["Array of A"]}], "returns": ["B"]}},
        "types": {
            "A": {"fields": [{"name": "c", "types": ["C", "Integer"]}]},
            "B": {"subtypes": ["D"]},
            "C": {"fields": []},
            "D": {"fields": []},
            "Unused": {"fields": []},
        },
    }
    assert set(build_subset(spec, ("m",))["types"]) == {"A", "B", "C", "D"}


def test_values_are_decoded_by_spec_type() -> None:
    params = decode(
        "sendMessage",
        chat_id="1001",
        text="123",
        disable_notification="true",
        reply_markup=keyboard({"text": "a", "callback_data": "x"}),
    )
    assert params["chat_id"] == 1001
    assert params["text"] == "123"
    assert params["disable_notification"] is True
    assert params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "x"
    assert decode("sendMessage", chat_id="@channel", text="x")["chat_id"] == "@channel"


def test_unknown_parameter_is_refused() -> None:
    assert 'unknown parameter "colour"' in errors("sendMessage", chat_id=1, text="x", colour="red")


def test_unknown_method_name_is_not_in_spec() -> None:
    assert not SPEC.has_method("sendMessages")


def test_missing_required_parameter() -> None:
    assert "text is empty: required parameter" in errors("sendMessage", chat_id=1)
    assert "chat_id is empty" in errors("sendMessage", text="x")


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("message_thread_id", "seven", "message_thread_id must be Integer"),
        ("message_thread_id", "1.5", "message_thread_id must be Integer"),
        ("disable_notification", "yes", "disable_notification must be Boolean"),
        ("reply_markup", "not json", "reply_markup must be"),
        ("reply_markup", "[1]", "reply_markup must be"),
        ("entities", '{"type": "bold"}', "entities must be Array of MessageEntity"),
    ],
)
def test_wrong_types(field: str, value: str, expected: str) -> None:
    assert expected in errors("sendMessage", chat_id=1, text="x", **{field: value})


def test_nested_inline_keyboard_is_validated_recursively() -> None:
    unknown = errors(
        "sendMessage",
        chat_id=1,
        text="x",
        reply_markup=keyboard({"text": "a", "callback_data": "x", "colour": "red"}),
    )
    assert 'reply_markup.inline_keyboard[0][0]: unknown field "colour"' in unknown
    missing = errors("sendMessage", chat_id=1, text="x", reply_markup=keyboard({"url": "x"}))
    assert "inline_keyboard[0][0].text: required field of InlineKeyboardButton" in missing
    wrong = errors(
        "sendMessage", chat_id=1, text="x", reply_markup=keyboard({"text": 5, "url": "x"})
    )
    assert "inline_keyboard[0][0].text must be String" in wrong
    extra = errors("sendMessage", chat_id=1, text="x", reply_markup={"inline_keyboard": [], "x": 1})
    assert 'unknown field "x" in InlineKeyboardMarkup' in extra


def test_text_only_inline_button_is_refused() -> None:
    assert "Text buttons are unallowed" in errors(
        "sendMessage", chat_id=1, text="x", reply_markup=keyboard({"text": "a"})
    )


def test_callback_data_limit_is_64_utf8_bytes() -> None:
    ok = keyboard(
        {"text": "a", "callback_data": "x" * 64}, {"text": "b", "callback_data": "é" * 32}
    )
    decode("sendMessage", chat_id=1, text="x", reply_markup=ok)
    too_long = errors(
        "sendMessage",
        chat_id=1,
        text="x",
        reply_markup=keyboard({"text": "a", "callback_data": "x" * 65}),
    )
    assert "BUTTON_DATA_INVALID" in too_long and "65 bytes" in too_long
    assert "66 bytes" in errors(
        "editMessageReplyMarkup",
        chat_id=1,
        message_id=1,
        reply_markup=keyboard({"text": "a", "callback_data": "é" * 33}),
    )


def test_other_reply_markup_kinds_and_nested_objects() -> None:
    decode("sendMessage", chat_id=1, text="x", reply_markup={"remove_keyboard": True})
    decode(
        "sendMessage",
        chat_id=1,
        text="x",
        reply_parameters={"message_id": 3},
        link_preview_options={"is_disabled": True},
    )
    assert "reply_parameters.message_id: required field" in errors(
        "sendMessage", chat_id=1, text="x", reply_parameters={"chat_id": 1}
    )
    assert 'unknown field "disabled"' in errors(
        "sendMessage", chat_id=1, text="x", link_preview_options={"disabled": True}
    )


def test_text_length_after_entity_parsing() -> None:
    decode("sendMessage", chat_id=1, text="a" * 4096)
    decode("sendMessage", chat_id=1, text="<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    decode("sendMessage", chat_id=1, text="😀" * 2048, parse_mode="html")
    assert "message is too long (4097" in errors("sendMessage", chat_id=1, text="a" * 4097)
    assert "message is too long" in errors(
        "sendMessage", chat_id=1, text="😀" * 2048 + "a", parse_mode="HTML"
    )
    assert "message text is empty" in errors(
        "sendMessage", chat_id=1, text="<b> </b>", parse_mode="HTML"
    )
    assert "message text is empty" in errors("sendMessage", chat_id=1, text="  \n")
    assert "message is too long" in errors(
        "editMessageText", chat_id=1, message_id=1, text="x" * 4097
    )


def test_caption_limit_and_html_errors() -> None:
    photo = UploadedFile("photo", "p.png", "image/png", b"x")
    decode("sendPhoto", chat_id=1, photo=photo, caption="c" * 1024)
    decode("sendPhoto", chat_id=1, photo=photo, caption="")
    assert "message caption is too long" in errors(
        "sendPhoto", chat_id=1, photo=photo, caption="c" * 1025
    )
    assert "can't parse entities: Unsupported start tag" in errors(
        "sendMessage", chat_id=1, text="a <3 b", parse_mode="HTML"
    )
    assert "unsupported parse_mode" in errors("sendMessage", chat_id=1, text="x", parse_mode="md")


def test_files_and_attach_references() -> None:
    document = UploadedFile("document", "a.txt", "text/plain", b"x")
    assert decode("sendDocument", chat_id=1, document=document)["document"] is document
    attached = UploadedFile("part1", "a.txt", "text/plain", b"x")
    assert (
        decode("sendDocument", chat_id=1, document="attach://part1", part1=attached)["document"]
        is attached
    )
    assert "refers to a file part that was not uploaded" in errors(
        "sendDocument", chat_id=1, document="attach://nope"
    )
    assert 'unknown parameter "stray"' in errors(
        "sendDocument", chat_id=1, document=document, stray=attached
    )
    assert "a file was uploaded" in errors("sendMessage", chat_id=1, text=document)


def test_commands_rules() -> None:
    decode(
        "setMyCommands",
        commands=[{"command": "start_1", "description": "开始"}],
        scope={"type": "chat", "chat_id": 5},
        language_code="zh-hans",
    )
    assert "BOT_COMMAND_INVALID" in errors(
        "setMyCommands", commands=[{"command": "Start", "description": "x"}]
    )
    assert "commands[0].command is 33 characters" in errors(
        "setMyCommands", commands=[{"command": "x" * 33, "description": "x"}]
    )
    assert "allowed 1-256" in errors(
        "setMyCommands", commands=[{"command": "a", "description": ""}]
    )
    many = [{"command": f"c{i}", "description": "d"} for i in range(101)]
    assert "too many commands" in errors("setMyCommands", commands=many)


def test_union_types_are_resolved_through_subtypes() -> None:
    assert "scope.chat_id: required field of BotCommandScopeChat" in errors(
        "setMyCommands", commands=[], scope={"type": "chat"}
    )
    assert "scope must be BotCommandScope" in errors(
        "setMyCommands", commands=[], scope={"type": "everyone"}
    )
    decode("setChatMenuButton", chat_id=1, menu_button={"type": "commands"})


def test_other_limits_from_descriptions() -> None:
    decode("answerCallbackQuery", callback_query_id="1", text="t" * 200)
    assert "allowed 0-200" in errors("answerCallbackQuery", callback_query_id="1", text="t" * 201)
    assert "wrong type of action" in errors("sendChatAction", chat_id=1, action="thinking")


def test_responses_can_be_checked_too() -> None:
    assert SPEC.check_object("User", {"id": 1, "is_bot": True, "first_name": "B"}) == []
    assert SPEC.check_object("User", {"id": "1", "is_bot": True, "first_name": "B"}) == [
        "User.id must be Integer, got '1'"
    ]
