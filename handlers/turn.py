"""One turn of the chat: who asks, in which language, what they typed or tapped, and how
to answer them (handlers/conversation.py builds the flows around it).

Replies go through the outbox, so they are sent after the update's transaction commits;
a reply over Telegram's limits is sent as several messages (bot/splitting.py).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Coroutine, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial
from typing import Any, Self, TypeVar

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import ConversationHandler

from bot import outbox
from bot.i18n import choose_language, render_error, t
from bot.services import Services
from bot.services.base import END as SERVICE_END
from bot.services.base import Invalid, Refusal, Step
from bot.splitting import split_reply
from coach.errors import ParseError
from coach.profile import Profile
from handlers import typed_taps
from handlers.callback_data import AD_CONSENT, Cb
from handlers.context import BotContext
from handlers.typed_taps import Keyboard

__all__ = [
    "END", "Button", "Callback", "State", "Turn", "columns", "escape", "in_step", "keyboard",
    "state",
]  # fmt: skip

_log = logging.getLogger(__name__)
T = TypeVar("T")
END = ConversationHandler.END
State = str | int | None  # a state, END, or None: stay on this step
Button = tuple[str, str]  # (label, callback data)
Callback = Callable[[Update, BotContext], Coroutine[Any, Any, Any]]

#: Set while a flow's step (not its entry) handles the update: an input error re-asks.
in_step: ContextVar[bool] = ContextVar("in_step", default=False)


async def _send(bot: Bot, chat_id: int, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Send one reply; a message with buttons becomes the chat's last keyboard, whose
    words typed count as a tap (handlers/typed_taps.py)."""
    sent = await bot.send_message(chat_id, text, reply_markup=markup)
    if markup is not None:
        typed_taps.remember(bot, chat_id, sent)


def keyboard(*rows: Sequence[Button]) -> InlineKeyboardMarkup | None:
    """An inline keyboard from rows of (label, data); None when there are no buttons.

    Labels are plain text on Telegram (no HTML): a label built by ``t()``, which escapes
    its parameters for messages, is unescaped here, so "M&T Bank" never shows as
    "M&amp;T Bank".
    """
    built = [[InlineKeyboardButton(html.unescape(text), callback_data=data) for text, data in row]
             for row in rows if row]
    return InlineKeyboardMarkup(built) if built else None


def columns(buttons: Sequence[Button], per_row: int = 2) -> list[list[Button]]:
    return [list(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row)]


def escape(text: str) -> str:
    """User text for a reply (everything else is escaped by ``t``)."""
    return html.escape(text, quote=False)


@dataclass
class Turn:
    """One update of a chat: who asks, in which language, and how to answer them."""

    update: Update
    context: BotContext
    profile: Profile | None
    lang: str

    @classmethod
    async def of(cls, update: Update, context: BotContext) -> Self:
        tg = update.effective_user
        profile = await context.services.start.profile(tg.id) if tg is not None else None
        if profile is not None:
            lang = profile.language
        else:
            lang = choose_language(tg.language_code if tg is not None else None)
        return cls(update, context, profile, lang)

    @property
    def services(self) -> Services:
        return self.context.services

    @property
    def uid(self) -> int:
        assert self.update.effective_user is not None
        return self.update.effective_user.id

    @property
    def currency(self) -> str | None:
        return self.profile.currency if self.profile is not None else None

    def t(self, key: str, **params: Any) -> str:
        return t(self.lang, key, **params)

    # -- reading the update -------------------------------------------------------------
    @property
    def data(self) -> str | None:
        """The tapped button's data, or None when the user typed (a button's words typed
        count as a tap on it: handlers/typed_taps.py)."""
        query = self.update.callback_query
        if query is not None:
            return query.data
        typed = self._typed_tap
        return typed[1] if typed is not None else None

    @property
    def tapped_label(self) -> str:
        """The words of the button tapped (or typed), as shown; "" when none."""
        query = self.update.callback_query
        if query is not None:
            message = query.message
        else:
            typed = self._typed_tap
            message = typed[0].message if typed is not None else None
        if not isinstance(message, Message) or message.reply_markup is None:
            return ""
        data = self.data
        return next((b.text for row in message.reply_markup.inline_keyboard for b in row
                     if b.callback_data == data), "")

    @property
    def _typed_tap(self) -> tuple[Keyboard, str] | None:
        found = getattr(self.context, typed_taps.KEY, None)
        return found[0] if found else None

    def tapped(self, kind: Cb) -> tuple[str, ...] | None:
        """The tapped button's fields when it is of ``kind``, else None."""
        return kind.parse(self.data) if self.data is not None else None

    @property
    def message_id(self) -> int | None:
        """The id of the user's message (None for a button tap)."""
        message = self.update.effective_message
        if self.update.callback_query is not None or message is None:
            return None
        return message.message_id

    @property
    def typed(self) -> str:
        message = self.update.effective_message
        if self.update.callback_query is not None or message is None:
            return ""
        return message.text or ""

    @property
    def command_args(self) -> str:
        """What follows the command on its line (``/paid 花呗 500`` -> ``花呗 500``)."""
        parts = self.typed.split(maxsplit=1)
        return parts[1] if len(parts) > 1 and parts[0].startswith("/") else ""

    async def parsed(self, parser: Callable[[str], T]) -> T | None:
        """The typed text through ``parser``; None after explaining a ParseError."""
        try:
            return parser(self.typed)
        except ParseError as err:
            await self.say(render_error(self.lang, err))
            return None

    # -- answering ----------------------------------------------------------------------
    async def say(self, text: str, rows: Sequence[Sequence[Button]] = ()) -> None:
        """Send a new message to this chat (after the update is saved).

        A reply over Telegram's limits (4,096 characters, 100 buttons) goes out as
        several messages, cut at line breaks (bot/splitting.py): never dropped.
        """
        chat = self.update.effective_chat
        assert chat is not None
        bot = self.context.bot
        for part, part_rows in split_reply(text, rows, filler=self.t("common.continued")):
            markup = keyboard(*part_rows)
            await outbox.emit(partial(_send, bot, chat.id, part, markup))

    async def answer(self, text: str | None = None, *, alert: bool = False) -> None:
        """Answer a button tap (a small notice, or a popup with ``alert``)."""
        query = self.update.callback_query
        if query is None:
            return

        async def send() -> None:
            await query.answer(text, show_alert=alert)

        await outbox.emit(send)

    async def close(self, note: str | None = None) -> None:
        """Answer a tap and take the buttons off its message, so it can't be tapped again.

        ``note`` (a button's label, or a ``t()`` text without tags) is appended to the
        message to show the choice made; it is escaped here once (a label's bare "&", as
        in "Savings & assets", would otherwise break the message's HTML).
        """
        await self.close_rows(lambda _data: True, note)

    async def close_rows(self, drop: Callable[[str], bool], note: str | None = None) -> None:
        """Answer a tap and remove only the buttons ``drop`` selects (by callback data).

        For a digest of several reminders: acting on one leaves the others' buttons.
        """
        query = self.update.callback_query
        typed = self._typed_tap
        if query is None and typed is None:
            return
        if query is not None:
            await outbox.emit(query.answer)
            message = query.message
            last = typed_taps.last_keyboard(self.context.bot, self.update.effective_chat.id
                                            if self.update.effective_chat else 0)
            if isinstance(message, Message) and last and last.message.message_id == message.message_id:
                typed_taps.forget(self.context.bot, message.chat.id)  # its buttons are going
        else:
            assert typed is not None
            message = typed[0].message
            typed_taps.forget(self.context.bot, message.chat.id)
        if not isinstance(message, Message) or message.text_html is None:
            return
        rows = [
            [b for b in row if not (b.callback_data and drop(str(b.callback_data)))]
            for row in (message.reply_markup.inline_keyboard if message.reply_markup else ())
        ]
        rows = [r for r in rows if r]
        if not note and len(rows) == len(message.reply_markup.inline_keyboard if message.reply_markup else ()):
            return  # nothing to change
        markup = InlineKeyboardMarkup(rows) if rows else None
        shown = html.escape(html.unescape(note), quote=False) if note else ""
        text = message.text_html + (f"\n\n<i>{shown}</i>" if shown else "")

        async def edit() -> None:
            # editMessageText, not editMessageReplyMarkup: PTB adds the default parse_mode to
            # the latter, a parameter that method doesn't have.
            try:
                await self.context.bot.edit_message_text(
                    text, chat_id=message.chat.id, message_id=message.message_id,
                    reply_markup=markup)
            except BadRequest as exc:  # already edited: harmless
                _log.debug("could not update the buttons: %s", exc)

        await outbox.emit(edit)

    async def explain(self, view: object, *, reask: bool | None = None) -> bool:
        """Render the views every feature shares; True when ``view`` was one of them.

        An input error that asks again (``reask``; by default: inside a flow's step)
        says how to leave as well (/cancel).
        """
        if isinstance(view, Refusal):
            key = f"refusal.{view.reason}"
            if self.update.callback_query is not None and view.reason in ("expired", "gone",
                                                                          "not_found"):
                await self.answer(self.t(key), alert=view.reason != "expired")
            else:
                await self.say(self.t(key), self._refusal_rows(view))
            return True
        if isinstance(view, Invalid):
            text = render_error(self.lang, view.error)
            if reask if reask is not None else in_step.get():
                text += "\n" + self.t("flow.reask_cancel")
            await self.say(text)
            return True
        return False

    def _refusal_rows(self, view: Refusal) -> list[list[Button]]:
        if view.reason == "need_consent":
            return [[(self.t("btn.give_consent"), AD_CONSENT())]]
        return []


def state(step: Step[Any]) -> State:
    """The PTB state for a service step's ``next``."""
    if step.next == SERVICE_END:
        return END
    return step.next
