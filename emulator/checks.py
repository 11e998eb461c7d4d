"""Method-level rules that need more than one parameter (or prose from the Bot API docs).

* Text fields documented as "N-M characters after entities parsing" (``text``, ``caption``)
  are parsed with their parse mode (``parse_mode``) unless explicit entities are given, then
  measured in UTF-16 code units after Telegram's whitespace trimming.  Messages mirror
  Telegram's: "message text is empty", "message is too long", "message caption is too long",
  "can't parse entities: ...", "unsupported parse_mode".
* ``parse_mode`` must be HTML, MarkdownV2 or Markdown (case-insensitive, like Telegram).
  Markdown modes are *not* parsed by the emulator: their text is measured raw, so the emulator
  is laxer than Telegram for them (the bot uses HTML).
* ``setMyCommands``: at most 100 commands.
* ``sendChatAction``: ``action`` must be one of Telegram's actions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .html import EntityParseError, ParsedText, parse_html, plain_text
from .spec import Spec, ValidationError

__all__ = ["CHAT_ACTIONS", "PARSE_MODES", "check_call"]

PARSE_MODES = frozenset({"html", "markdownv2", "markdown"})
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_MAX_COMMANDS = 100


def _sibling(fields: Mapping[str, Any], name: str, suffix: str, fallback: str) -> str:
    """``caption`` -> ``caption_entities`` if the method has it, else ``entities``."""
    candidate = f"{name}_{suffix}"
    return candidate if candidate in fields else fallback


def parse_formatted(text: str, parse_mode: str | None, entities: Any) -> ParsedText:
    """Parse ``text`` like Telegram; raises ``EntityParseError`` for refused HTML."""
    if entities is not None or parse_mode is None or parse_mode.lower() != "html":
        # Explicit entities are kept as sent (the caller stores them); not re-validated.
        return plain_text(text)
    return parse_html(text)


def check_call(spec: Spec, method: str, params: Mapping[str, Any]) -> dict[str, ParsedText]:
    """Apply the method-level rules; return the parsed formatted-text fields.

    Raises :class:`ValidationError` when Telegram would answer 400.
    """
    errors: list[str] = []
    parsed: dict[str, ParsedText] = {}
    fields = spec.fields(method)
    for name, spec_field in fields.items():
        limit = spec_field.limit
        if limit is None or not limit.after_entities or name not in params:
            continue
        mode_field = _sibling(fields, name, "parse_mode", "parse_mode")
        entities_field = _sibling(fields, name, "entities", "entities")
        parse_mode = params.get(mode_field)
        if parse_mode is not None and parse_mode.lower() not in PARSE_MODES:
            errors.append(f"unsupported parse_mode {parse_mode!r}")
            continue
        try:
            result = parse_formatted(params[name], parse_mode, params.get(entities_field))
        except EntityParseError as exc:
            errors.append(f"can't parse entities: {exc}")
            continue
        size = result.length
        is_text = name == "text"
        if size == 0 and limit.low > 0:
            errors.append("message text is empty" if is_text else f"{name} is empty")
        elif size > limit.high:
            what = "message is too long" if is_text else f"message {name} is too long"
            errors.append(
                f"{what} ({size} UTF-16 code units after entity parsing, max {limit.high})"
            )
        parsed[name] = result
    if method == "setMyCommands" and len(params.get("commands", [])) > _MAX_COMMANDS:
        errors.append(f"too many commands: {len(params['commands'])} (max {_MAX_COMMANDS})")
    if method == "sendChatAction" and params.get("action") not in CHAT_ACTIONS:
        errors.append(f"wrong type of action {params.get('action')!r}")
    if errors:
        raise ValidationError(errors)
    return parsed
