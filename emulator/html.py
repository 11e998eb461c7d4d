"""Telegram's ``parse_mode=HTML``: parse, measure and refuse like the Bot API does.

Telegram (tdlib's ``parse_html``) supports these tags, case-insensitively:
``b strong i em u ins s strike del tg-spoiler span a code pre blockquote tg-emoji tg-time``.
Attribute values may be double-, single- or un-quoted; unknown attributes are ignored.
Only ``&lt; &gt; &amp; &quot;`` and numeric ``&#NNN; &#xHH;`` entities are decoded.  The
resulting plain text has leading/trailing whitespace removed and its limits (e.g. 4096 for a
message) are counted in UTF-16 code units, like entity offsets.

Where the emulator is *stricter* than Telegram (each of these is a bug in the bot, even though
Telegram may swallow it):

* a bare ``&`` that does not start one of the entities above is refused (Telegram keeps it
  literally, but its documentation says every ``&`` must be escaped; an unescaped ``&`` almost
  always means user input was not passed through ``html.escape`` and the next ``<`` will fail);
* ``<a>`` without a non-empty ``href``, ``<tg-emoji>`` without ``emoji-id`` and ``<tg-time>``
  without an integer ``unix`` are refused (Telegram silently drops such entities);
* the documented nesting rules are enforced: nothing may be nested inside ``code``/``pre``
  (except ``<code class="language-…">`` directly inside ``<pre>``), links may not contain
  links, and blockquotes may not be nested (Telegram silently removes such entities).

Error texts follow Telegram's (``Unsupported start tag "br" at byte offset 5``, …); the caller
prefixes them with ``Bad Request: can't parse entities: ``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Entity", "EntityParseError", "ParsedText", "parse_html", "plain_text", "utf16_len"]

#: tag name -> MessageEntity type
_ENTITY_TYPES: dict[str, str] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
    "tg-time": "date_time",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(?:(lt|gt|amp|quot)|#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,6}));")
_ATTR_NAME_RE = re.compile(r"[A-Za-z0-9_-]+")


class EntityParseError(ValueError):
    """HTML that Telegram (or the stricter emulator) refuses; ``str()`` is the reason."""


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units: what Telegram counts (an emoji like 😀 counts 2)."""
    return len(text.encode("utf-16-le")) // 2


@dataclass(frozen=True)
class Entity:
    """A MessageEntity produced by parsing (offset/length in UTF-16 code units)."""

    type: str
    offset: int
    length: int
    extra: tuple[tuple[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "offset": self.offset, "length": self.length, **dict(self.extra)}


@dataclass(frozen=True)
class ParsedText:
    """Text as the user sees it, plus its formatting entities."""

    text: str
    entities: tuple[Entity, ...] = ()

    @property
    def length(self) -> int:
        """Length in UTF-16 code units (the unit of Telegram's limits)."""
        return utf16_len(self.text)

    def entity_dicts(self) -> list[dict[str, Any]]:
        return [entity.to_dict() for entity in self.entities]


@dataclass
class _Open:
    name: str
    byte_offset: int
    start: int  # UTF-16 offset in the output
    attrs: dict[str, str] = field(default_factory=dict)
    language: str | None = None  # set on <pre> by a nested <code class="language-…">


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


def _decode_entity(source: str, index: int) -> tuple[str, int] | None:
    """Decode the entity starting at ``source[index] == '&'``; return (char, end) or None."""
    match = _ENTITY_RE.match(source, index)
    if match is None:
        return None
    named, decimal, hexadecimal = match.groups()
    if named:
        return _NAMED_ENTITIES[named], match.end()
    code_point = int(decimal) if decimal else int(hexadecimal, 16)
    if code_point == 0 or code_point > 0x10FFFF or 0xD800 <= code_point <= 0xDFFF:
        return None
    return chr(code_point), match.end()


def _decode_attr_value(source: str, value: str, index: int) -> str:
    out: list[str] = []
    pos = 0
    while pos < len(value):
        if value[pos] == "&":
            decoded = _decode_entity(value, pos)
            if decoded is None:
                raise EntityParseError(
                    f'Character "&" at byte offset {_byte_offset(source, index)} in an attribute '
                    'value must be escaped as "&amp;" (the emulator is stricter than Telegram here)'
                )
            out.append(decoded[0])
            pos = decoded[1]
        else:
            out.append(value[pos])
            pos += 1
    return "".join(out)


def _parse_start_tag(source: str, index: int) -> tuple[str, dict[str, str], int]:
    """Parse ``<name attr=...>`` at ``index``; return (name, attributes, index after '>')."""
    offset = _byte_offset(source, index)
    pos = index + 1
    end = len(source)
    while pos < end and not source[pos].isspace() and source[pos] != ">":
        pos += 1
    if pos >= end:
        raise EntityParseError(f"Unclosed start tag at byte offset {offset}")
    name = source[index + 1 : pos].lower()
    if name not in _ENTITY_TYPES:
        raise EntityParseError(f'Unsupported start tag "{name}" at byte offset {offset}')
    attrs: dict[str, str] = {}
    while True:
        while pos < end and source[pos].isspace():
            pos += 1
        if pos >= end:
            raise EntityParseError(f"Unclosed start tag at byte offset {offset}")
        if source[pos] == ">":
            return name, attrs, pos + 1
        match = _ATTR_NAME_RE.match(source, pos)
        if match is None:
            raise EntityParseError(
                f'Empty attribute name in the tag "{name}" at byte offset {offset}'
            )
        attr_name = match.group(0).lower()
        pos = match.end()
        while pos < end and source[pos].isspace():
            pos += 1
        if pos < end and source[pos] == "=":
            pos += 1
            while pos < end and source[pos].isspace():
                pos += 1
            if pos >= end:
                raise EntityParseError(f"Unclosed start tag at byte offset {offset}")
            if source[pos] in "\"'":
                quote = source[pos]
                close = source.find(quote, pos + 1)
                if close < 0:
                    raise EntityParseError(
                        f'Unclosed start tag "{name}" at byte offset {offset}: '
                        f"unterminated attribute value"
                    )
                raw_value = source[pos + 1 : close]
                pos = close + 1
            else:
                start = pos
                while pos < end and not source[pos].isspace() and source[pos] != ">":
                    pos += 1
                raw_value = source[start:pos]
            attrs[attr_name] = _decode_attr_value(source, raw_value, index)
        else:
            attrs[attr_name] = ""


def _check_open(
    source: str, index: int, name: str, attrs: dict[str, str], stack: list[_Open]
) -> None:
    """Attribute requirements and nesting rules for a newly opened tag."""
    offset = _byte_offset(source, index)
    if name == "span" and attrs.get("class") != "tg-spoiler":
        raise EntityParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {offset}')
    if name == "a" and not attrs.get("href"):
        raise EntityParseError(
            f'Tag "a" at byte offset {offset} must have a non-empty "href" attribute '
            "(Telegram would silently drop the link; the emulator refuses it)"
        )
    if name == "tg-emoji" and not attrs.get("emoji-id", "").isdigit():
        raise EntityParseError(
            f'Tag "tg-emoji" at byte offset {offset} must have a numeric "emoji-id" attribute'
        )
    if name == "tg-time" and not re.fullmatch(r"-?[0-9]+", attrs.get("unix", "")):
        raise EntityParseError(
            f'Tag "tg-time" at byte offset {offset} must have an integer "unix" attribute'
        )
    if not stack:
        return
    parent = stack[-1]
    for outer in stack:
        if outer.name in ("code", "pre"):
            if name == "code" and outer is parent and parent.name == "pre":
                continue
            raise EntityParseError(
                f'Tag "{name}" at byte offset {offset} can\'t be nested inside "{outer.name}": '
                "pre and code entities can't contain other entities"
            )
        if name == "blockquote" and outer.name == "blockquote":
            raise EntityParseError(
                f'Tag "blockquote" at byte offset {offset} can\'t be nested inside another '
                "blockquote"
            )
        if name == "a" and outer.name == "a":
            raise EntityParseError(
                f'Tag "a" at byte offset {offset} can\'t be nested inside a link'
            )


def _close(frame: _Open, end: int, stack: list[_Open]) -> Entity | None:
    """The entity for a closed tag, or None when it yields no separate entity."""
    name, attrs = frame.name, frame.attrs
    if name == "code" and stack and stack[-1].name == "pre":
        language = attrs.get("class", "")
        if language.startswith("language-") and len(language) > len("language-"):
            stack[-1].language = language[len("language-") :]
            return None
    extra: tuple[tuple[str, Any], ...] = ()
    entity_type = _ENTITY_TYPES[name]
    if name == "a":
        extra = (("url", attrs["href"]),)
    elif name == "pre" and frame.language:
        extra = (("language", frame.language),)
    elif name == "blockquote" and "expandable" in attrs:
        entity_type = "expandable_blockquote"
    elif name == "tg-emoji":
        extra = (("custom_emoji_id", attrs["emoji-id"]),)
    elif name == "tg-time":
        extra = (("unix_time", int(attrs["unix"])),)
        if attrs.get("format"):
            extra += (("date_time_format", attrs["format"]),)
    return Entity(entity_type, frame.start, end - frame.start, extra)


def _strip(text: str, entities: list[Entity]) -> ParsedText:
    """Telegram trims leading/trailing whitespace and shifts/clips entities accordingly."""
    stripped_left = text.lstrip()
    shift = utf16_len(text) - utf16_len(stripped_left)
    result = stripped_left.rstrip()
    total = utf16_len(result)
    kept: list[Entity] = []
    for entity in entities:
        start = max(entity.offset - shift, 0)
        stop = min(entity.offset + entity.length - shift, total)
        if stop > start:
            kept.append(Entity(entity.type, start, stop - start, entity.extra))
    kept.sort(key=lambda e: (e.offset, -e.length))
    return ParsedText(result, tuple(kept))


def parse_html(source: str) -> ParsedText:
    """Parse Telegram HTML into plain text + entities, or raise :class:`EntityParseError`."""
    out: list[str] = []
    out_len = 0  # UTF-16 length of "".join(out)
    stack: list[_Open] = []
    entities: list[Entity] = []
    index = 0
    end = len(source)
    while index < end:
        char = source[index]
        if char == "&":
            decoded = _decode_entity(source, index)
            if decoded is None:
                raise EntityParseError(
                    f'Character "&" at byte offset {_byte_offset(source, index)} must be escaped '
                    'as "&amp;" (Telegram keeps a bare "&" literally, but its documentation '
                    "requires escaping; the emulator refuses it)"
                )
            out.append(decoded[0])
            out_len += utf16_len(decoded[0])
            index = decoded[1]
            continue
        if char != "<":
            out.append(char)
            out_len += 2 if ord(char) > 0xFFFF else 1
            index += 1
            continue
        if index + 1 < end and source[index + 1] == "/":
            offset = _byte_offset(source, index)
            close = source.find(">", index)
            if close < 0:
                raise EntityParseError(f"Unclosed end tag at byte offset {offset}")
            name = source[index + 2 : close].strip().lower()
            if not stack:
                raise EntityParseError(f'Unexpected end tag "</{name}>" at byte offset {offset}')
            frame = stack.pop()
            if frame.name != name:
                raise EntityParseError(
                    f'Unmatched end tag at byte offset {offset}, expected "</{frame.name}>", '
                    f'found "</{name}>"'
                )
            entity = _close(frame, out_len, stack)
            if entity is not None and entity.length > 0:
                entities.append(entity)
            index = close + 1
            continue
        name, attrs, after = _parse_start_tag(source, index)
        _check_open(source, index, name, attrs, stack)
        stack.append(_Open(name, _byte_offset(source, index), out_len, attrs))
        index = after
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    return _strip("".join(out), entities)


def plain_text(text: str) -> ParsedText:
    """Text sent without a parse mode: only the whitespace trimming applies."""
    return _strip(text, [])
