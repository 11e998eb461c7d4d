"""Telegram's limits on one message, and how a reply over them is split, never dropped.

Telegram answers 400 to a text longer than 4,096 characters after entity parsing
(counted in UTF-16 code units: an emoji counts 2), to a caption over 1,024, and to an
inline keyboard of more than 100 buttons. A reply that would exceed them is sent as
several messages (``handlers.conversation.Turn.say`` does it for every reply):

- the text is cut at line breaks, as late as fits; a single line longer than the limit
  is cut inside the line (as plain text: its formatting is dropped rather than broken);
- a formatting tag open across a cut (``<i>`` over two lines) is closed before the
  cut and opened again after it, so each part is valid HTML on its own;
- the keyboard goes with the last part; more than 100 buttons are spread over the
  last parts by whole rows, and a part with buttons but no text left gets ``filler``.

Pure: no Telegram objects, only text and rows of (label, data).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import TypeVar

__all__ = [
    "MAX_BUTTONS",
    "MAX_CAPTION",
    "MAX_TEXT",
    "fit_caption",
    "split_reply",
    "split_text",
    "visible_length",
]

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_BUTTONS = 100

B = TypeVar("B")

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>")


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def visible_length(text: str) -> int:
    """What Telegram counts: UTF-16 code units of ``text`` (HTML) after parsing."""
    return _utf16(html.unescape(_TAG.sub("", text)))


def _open_tags(stack: list[tuple[str, str]], text: str) -> list[tuple[str, str]]:
    """The tags still open after ``text``, given those open before it: (name, opening tag)."""
    stack = list(stack)
    for m in _TAG.finditer(text):
        closing, name = m.group(1) == "/", m.group(2).lower()
        if not closing:
            stack.append((name, m.group(0)))
        elif stack and stack[-1][0] == name:
            stack.pop()
    return stack


def _closing(stack: list[tuple[str, str]]) -> str:
    return "".join(f"</{name}>" for name, _ in reversed(stack))


def _opening(stack: list[tuple[str, str]]) -> str:
    return "".join(tag for _, tag in stack)


def _cut_plain(line: str, limit: int) -> list[str]:
    """A line too long for one message, as plain text in pieces of at most ``limit``."""
    plain = html.unescape(_TAG.sub("", line))
    pieces: list[str] = []
    current = ""
    for char in plain:
        if _utf16(current) + _utf16(char) > limit:
            pieces.append(html.escape(current, quote=False))
            current = ""
        current += char
    if current:
        pieces.append(html.escape(current, quote=False))
    return pieces


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """``text`` (Telegram HTML) in parts of at most ``limit`` visible characters each.

    Text that fits is returned whole (``[text]``). Parts never start or end with blank
    lines and are never empty (an all-blank text gives ``[]``).
    """
    if visible_length(text) <= limit:
        return [text] if text.strip() else []
    parts: list[str] = []
    lines: list[str] = []
    stack: list[tuple[str, str]] = []  # open at the start of the part being built
    size = 0

    def flush() -> None:
        nonlocal lines, stack, size
        body = "\n".join(lines).strip("\n")
        after = _open_tags(stack, "\n".join(lines))
        if body.strip() and visible_length(body):
            parts.append(_opening(stack) + body + _closing(after))
        stack, lines, size = after, [], 0

    for line in text.split("\n"):
        width = visible_length(line)
        if width > limit:
            flush()
            pieces = _cut_plain(line, limit)
            parts.extend(p for p in pieces if p.strip())
            stack = _open_tags(stack, line)
            continue
        extra = width + (1 if lines else 0)
        if lines and size + extra > limit:
            flush()
            extra = width
        lines.append(line)
        size += extra
    flush()
    return parts


def _button_groups(rows: Sequence[Sequence[B]], limit: int) -> list[list[list[B]]]:
    """Rows in groups of at most ``limit`` buttons, whole rows kept together."""
    groups: list[list[list[B]]] = [[]]
    count = 0
    for row in rows:
        row = list(row)[:limit]  # a single row over the limit is cut (never happens in practice)
        if not row:
            continue
        if count + len(row) > limit and groups[-1]:
            groups.append([])
            count = 0
        groups[-1].append(row)
        count += len(row)
    return [g for g in groups if g]


def split_reply(
    text: str,
    rows: Sequence[Sequence[B]] = (),
    *,
    filler: str = "…",
    limit: int = MAX_TEXT,
    max_buttons: int = MAX_BUTTONS,
) -> list[tuple[str, list[list[B]]]]:
    """A reply as the messages to send: (text, rows of buttons) each within the limits.

    The buttons go with the last part(s); ``filler`` is the text of a part that only
    carries buttons (Telegram refuses a message without text).
    """
    texts = split_text(text, limit) or [filler]
    groups = _button_groups(rows, max_buttons)
    if len(groups) <= 1:
        return [(t, []) for t in texts[:-1]] + [(texts[-1], groups[0] if groups else [])]
    # More buttons than one message may carry: the last texts each take a group;
    # any groups left over get a message of their own.
    spare = len(groups) - len(texts)
    texts += [filler] * max(spare, 0)
    first_with_buttons = len(texts) - len(groups)
    out: list[tuple[str, list[list[B]]]] = []
    for i, part in enumerate(texts):
        group = groups[i - first_with_buttons] if i >= first_with_buttons else []
        out.append((part, group))
    return out


def fit_caption(text: str) -> tuple[str, list[str]]:
    """A caption of at most 1,024 characters, and the rest as texts to send after it."""
    parts = split_text(text, MAX_CAPTION)
    if not parts:
        return "", []
    head = parts[0]
    rest = split_text("\n".join(parts[1:])) if len(parts) > 1 else []
    return head, rest
