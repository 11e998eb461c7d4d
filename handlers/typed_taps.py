"""A button's words, typed, count as a tap on it.

On a phone people often type the answer instead of tapping: "跳过", "不知道", "skip",
"是", "no". The last message with buttons sent to each chat is remembered (in memory:
after a restart a typed label is read as text again, as before); a text message that
says one of its buttons (:func:`match`) is handled as a tap on that button, by the
step's own tap handler, and the buttons are taken off that message as a tap would.

:func:`match` compares the words without case, spaces, emoji and punctuation ("⚠️ No"
is "no"), and knows the everyday ways to say yes, no, don't know and skip in both
languages (:data:`CONCEPTS`): "不知道" taps "不清楚", "nope" taps "No". A destructive
button (delete, erase) is never tapped by a typed word: it needs a tap.

``tap()`` and ``typed_or()`` (handlers/conversation.py) add a ``MessageHandler`` with
:class:`TypedTap` for the step's button kinds; :attr:`handlers.turn.Turn.data` then
returns the button's data, as for a tap.
"""

from __future__ import annotations

import unicodedata
import weakref
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from telegram import Bot, Message
from telegram.ext import filters

from bot.i18n import LANGS, t
from handlers.callback_data import Cb

__all__ = ["CONCEPTS", "KEY", "Keyboard", "TypedTap", "forget", "last_keyboard", "match",
           "normalize", "remember"]

#: What ``context`` holds after a typed tap matched (``context.typed_tap``).
KEY = "typed_tap"
#: Chats remembered per bot (the oldest forgotten first).
MAX_CHATS = 50_000

#: Everyday ways to say a choice, and the buttons (catalog keys) that mean it, in order
#: of preference when a keyboard has several.
CONCEPTS: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {
    "yes": (frozenset({"是", "是的", "对", "对的", "嗯", "嗯嗯", "有", "好", "好的", "行", "可以",
                       "没错", "确认", "确定", "能", "会", "同意", "yes", "y", "yeah", "yep",
                       "yup", "ok", "okay", "sure", "confirm"}),
            ("btn.yes", "btn.received_all", "btn.paid_off", "btn.consent_yes", "btn.leave",
             "btn.save", "btn.record_it")),
    "no": (frozenset({"否", "不", "不是", "没有", "没", "不对", "无", "不能", "不会", "不同意",
                      "no", "n", "nope", "nah", "none"}),
           ("btn.no", "btn.passed_missed", "btn.no_minimum", "btn.stay", "btn.delete_no",
            "btn.consent_no", "btn.skip")),  # else: "none" to a question one may skip
    "dont_know": (frozenset({"不知道", "不清楚", "不确定", "不记得", "忘了", "不太清楚", "不晓得",
                             "idk", "dunno", "dontknow", "donotknow", "notsure", "noidea",
                             "unknown", "unsure"}),
                  ("btn.dont_know", "lender_type.unknown", "btn.check_lt_none",
                   "btn.skip")),  # else: skip it
    "skip": (frozenset({"跳过", "略过", "先跳过", "下一步", "skip", "pass", "next", "skipit"}),
             ("btn.skip", "log.btn.next")),
    "done": (frozenset({"完成", "好了", "完了", "就这些", "没了", "没有了", "done", "finished",
                        "thatsall", "thats it"}),
             ("btn.done", "log.btn.done", "log.btn.next")),
}
#: Words a phone sentence ends with that change nothing: 不知道啊, 同意吧, 美团的.
_PARTICLES = "啊吧呀呢哦了的嘛啦哈"
#: Buttons a typed word never taps.
_NEVER = ("btn.delete_debt_yes", "btn.delete_yes")


def normalize(text: str) -> str:
    """Casefolded, NFKC, without spaces, emoji, symbols or punctuation: "⚠️ No" -> "no",
    "Don't know" -> "dontknow", "不清楚。" -> "不清楚"."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


@cache
def _labels(key: str) -> frozenset[str]:
    """A catalog key's button label in every language, normalized."""
    return frozenset(normalize(t(lang, key)) for lang in LANGS)


def _never(label: str) -> bool:
    n = normalize(label)
    return any(n in _labels(k) for k in _NEVER)


def match(text: str, buttons: Sequence[tuple[str, str]]) -> str | None:
    """The data of the button ``text`` names, or None.

    Its own words first (the whole label, normalized), then a concept's everyday words
    (:data:`CONCEPTS`), then part of one label and of no other ("collection agency" for
    "A collection agency", "capital one" for "capital one · $1,234.00", 白条 for 京东白条;
    at least 3 letters, or 2 Chinese characters). ``buttons``: (label, callback data) in
    the keyboard's order.
    """
    typed = normalize(text)
    if not typed or len(typed) > 40:
        return None
    found = _match(typed, buttons)
    bare = typed.rstrip(_PARTICLES)
    if found is None and bare and bare != typed:  # 不知道啊 -> 不知道, 美团的 -> 美团
        found = _match(bare, buttons)
    return found


def _match(typed: str, buttons: Sequence[tuple[str, str]]) -> str | None:
    for label, data in buttons:
        if normalize(label) == typed and not _never(label):
            return data
    for words, keys in CONCEPTS.values():
        if typed not in words:
            continue
        for key in keys:
            for label, data in buttons:
                if normalize(label) in _labels(key):
                    return data
    cjk = any("\u4e00" <= ch <= "\u9fff" for ch in typed)
    if len(typed) < (2 if cjk else 3):
        return None
    found = {data for label, data in buttons if typed in normalize(label) and not _never(label)}
    return found.pop() if len(found) == 1 else None


@dataclass(frozen=True)
class Keyboard:
    """The last message with buttons sent to a chat."""

    message: Message

    @property
    def buttons(self) -> list[tuple[str, str]]:
        markup = self.message.reply_markup
        rows = markup.inline_keyboard if markup is not None else ()
        return [(b.text, str(b.callback_data)) for row in rows for b in row if b.callback_data]


_memory: weakref.WeakKeyDictionary[Bot, OrderedDict[int, Keyboard]] = weakref.WeakKeyDictionary()


def remember(bot: Bot, chat_id: int, message: Message) -> None:
    """Keep ``message`` as the chat's last keyboard (a message without buttons is not)."""
    if message.reply_markup is None or not message.reply_markup.inline_keyboard:
        return
    chats = _memory.setdefault(bot, OrderedDict())
    chats[chat_id] = Keyboard(message)
    chats.move_to_end(chat_id)
    while len(chats) > MAX_CHATS:
        chats.popitem(last=False)


def forget(bot: Bot, chat_id: int) -> None:
    """The keyboard was used (or its buttons taken off): a typed word no longer taps it."""
    chats = _memory.get(bot)
    if chats is not None:
        chats.pop(chat_id, None)


def last_keyboard(bot: Bot, chat_id: int) -> Keyboard | None:
    chats = _memory.get(bot)
    return chats.get(chat_id) if chats is not None else None


class TypedTap(filters.MessageFilter):
    """A text message naming a button of the chat's last keyboard of one of ``kinds``.

    A data filter: a match puts ``(keyboard, data)`` in ``context.typed_tap``.
    """

    data_filter = True

    def __init__(self, kinds: Iterable[Cb]) -> None:
        self.kinds = tuple(kinds)
        super().__init__(name=f"TypedTap({', '.join(k.prefix for k in self.kinds)})",
                         data_filter=True)

    def filter(self, message: Message) -> dict[str, list[object]] | None:
        if not message.text or message.text.startswith("/"):
            return None
        keyboard = last_keyboard(message.get_bot(), message.chat.id)
        if keyboard is None:
            return None
        buttons = [(label, data) for label, data in keyboard.buttons
                   if any(k.matches(data) for k in self.kinds)]
        data = match(message.text, buttons)
        return {KEY: [(keyboard, data)]} if data is not None else None
