"""One update of a conversation step, bundled: who asks, in which language, how to answer.

Saves every step handler the same five lines: load the user, pick the language,
read what was tapped or typed, explain a :class:`~coach.errors.ParseError` from the
catalog and stay on the step, and reply through the outbox (``say``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Self, TypeVar

from telegram import Update

from bot.i18n import render_error, t
from coach.errors import ParseError
from handlers.common import close_buttons, current_user, lang_of, say
from handlers.context import BotContext
from handlers.keyboards import Button, keyboard
from storage.models import User

T = TypeVar("T")


@dataclass
class Turn:
    """One update of the flow: who asks, in which language, and how to answer them."""

    update: Update
    context: BotContext
    user: User | None
    lang: str

    @classmethod
    async def of(cls, update: Update, context: BotContext) -> Self:
        user = await current_user(update, context)
        return cls(update, context, user, await lang_of(update, context, user))

    @property
    def uid(self) -> int:
        assert self.update.effective_user is not None
        return self.update.effective_user.id

    @property
    def currency(self) -> str | None:
        return self.user.currency if self.user is not None else None

    def t(self, key: str, **params: Any) -> str:
        return t(self.lang, key, **params)

    async def say(self, text: str, rows: Sequence[Sequence[Button]] = ()) -> None:
        await say(self.update, self.context, text, keyboard(*rows) if rows else None)

    async def close(self, key: str, **params: Any) -> None:
        """Take the buttons off the tapped message, noting the choice."""
        await close_buttons(self.update, self.t(key, **params))

    def tapped(self, pattern: re.Pattern[str]) -> str | None:
        """The value of a tapped button, or None when the user typed."""
        query = self.update.callback_query
        m = pattern.match(query.data or "") if query is not None else None
        return m.group(1) if m else None

    @property
    def typed(self) -> str:
        message = self.update.effective_message
        return (message.text or "") if message is not None else ""

    async def parsed(self, parser: Callable[[str], T]) -> T | None:
        """The typed text through ``parser``; None after explaining a ParseError."""
        try:
            return parser(self.typed)
        except ParseError as err:
            await self.say(render_error(self.lang, err))
            return None
