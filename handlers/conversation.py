"""The one conversation helper: a turn of the chat, and how every conversation is built.

:class:`Turn` bundles one update for a step handler: who is asking and in which
language, what they typed or tapped, and how to answer (replies go through the outbox,
so they are sent after the update's transaction commits). :func:`show` renders what a
service step returned that every feature shares (a refusal, an input error) and maps
the step's next state to PTB's.

:func:`conversation` builds a ``ConversationHandler`` the same way for every flow:
persistent, with a timeout that deletes the flow's draft, ``/cancel`` and the cancel
words, ``/delete_me``, and *switching*: any other command, or a button that starts
another flow, ends this one (saying what happened to an unsaved draft) and lets the
other handler run. Each conversation sits in its own handler group (PTB's documented
way for several to see one update); :data:`handled` marks an update a conversation
took, so the catch-all handlers in the last group stay quiet.

State diagrams of the flows are Mermaid files beside their handlers
(``handlers/<flow>.mmd``); tests/unit/test_diagrams.py keeps them equal to the states.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Coroutine, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any, Self, TypeVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import outbox
from bot.i18n import choose_language, render_error, t
from bot.services import Services
from bot.services.answers import LastAnswer
from bot.services.base import END as SERVICE_END
from bot.services.base import Invalid, Refusal, Step
from bot.splitting import split_reply
from coach.errors import ParseError
from coach.intents import is_cancel
from coach.profile import Profile
from handlers.callback_data import AD_CONSENT, FLOW_LEAVE, Cb
from handlers.context import BotContext

_log = logging.getLogger(__name__)
T = TypeVar("T")
END = ConversationHandler.END
State = str | int | None  # a state, END, or None: stay on this step
Button = tuple[str, str]  # (label, callback data)
Callback = Callable[[Update, BotContext], Coroutine[Any, Any, Any]]

#: Set when a conversation handled the update (the catch-alls then stay quiet).
handled: ContextVar[bool] = ContextVar("handled", default=False)
#: Set while a flow's step (not its entry) handles the update: an input error re-asks.
in_step: ContextVar[bool] = ContextVar("in_step", default=False)

#: Commands that don't end the conversation in progress.
KEEPS_CONVERSATION = frozenset({"/help"})


def keyboard(*rows: Sequence[Button]) -> InlineKeyboardMarkup | None:
    """An inline keyboard from rows of (label, data); None when there are no buttons."""
    built = [[InlineKeyboardButton(text, callback_data=data) for text, data in row]
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
        """The tapped button's data, or None when the user typed."""
        query = self.update.callback_query
        return query.data if query is not None else None

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
            await outbox.emit(partial(bot.send_message, chat.id, part, reply_markup=markup))

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

        ``note`` (HTML, as ``t()`` returns it: escape raw user text first) is appended to
        the message to show the choice made.
        """
        await self.close_rows(lambda _data: True, note)

    async def close_rows(self, drop: Callable[[str], bool], note: str | None = None) -> None:
        """Answer a tap and remove only the buttons ``drop`` selects (by callback data).

        For a digest of several reminders: acting on one leaves the others' buttons.
        """
        query = self.update.callback_query
        if query is None:
            return
        await outbox.emit(query.answer)
        message = query.message
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
        text = message.text_html + (f"\n\n<i>{note}</i>" if note else "")

        async def edit() -> None:
            # editMessageText, not editMessageReplyMarkup: PTB adds the default parse_mode to
            # the latter, a parameter that method doesn't have.
            try:
                await query.edit_message_text(text, reply_markup=markup)
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


def was_handled() -> bool:
    return handled.get()


def unless_handled(handler: BaseHandler[Any, Any, Any]) -> BaseHandler[Any, Any, Any]:
    """For the groups after the conversations: run only if nothing took the update yet
    (and mark it taken). The general handlers and the catch-alls are wrapped with it."""
    inner = handler.callback

    async def run(update: Update, context: BotContext) -> Any:
        if handled.get():
            return None
        handled.set(True)
        return await inner(update, context)

    run.__name__ = getattr(inner, "__name__", "handler")
    handler.callback = run
    return handler


def _marked(callback: Callback, *, step: bool = False) -> Callback:
    async def run(update: Update, context: BotContext) -> Any:
        handled.set(True)
        if step:
            in_step.set(True)
        return await callback(update, context)

    run.__name__ = getattr(callback, "__name__", "step")
    return run


def _mark_all(handlers: Sequence[BaseHandler[Any, Any, Any]], *, step: bool = False,
              ) -> list[BaseHandler[Any, Any, Any]]:
    for h in handlers:
        h.callback = _marked(h.callback, step=step)
    return list(handlers)


class Starts(BaseHandler[Update, BotContext, Any]):
    """Matches an update that would start one of ``others`` (another flow's entry)."""

    def __init__(self, callback: Callback, others: Callable[[], Sequence[BaseHandler[Any, Any, Any]]]) -> None:
        super().__init__(callback)
        self._others = others

    def check_update(self, update: object) -> bool:
        if not isinstance(update, Update):
            return False
        return any(h.check_update(update) not in (None, False) for h in self._others())


class CancelWord(filters.MessageFilter):
    """A message that is only a cancel word (取消, 算了, 不要了, 退出, cancel, stop ...).

    The crisis check (group -5) has already run: 死了算了 never gets here, and it is no
    cancel word either (``coach.intents.is_cancel``).
    """

    def filter(self, message: Message) -> bool:
        return bool(message.text) and is_cancel(message.text or "")


#: Reopens a flow at its next question: ``reread(turn, answer, text)`` answers the
#: step ``answer.step`` again with the edited ``text`` and returns the new state.
Reread = Callable[["Turn", LastAnswer, str], Coroutine[Any, Any, State]]


@dataclass(frozen=True)
class Flow:
    """How a conversation ends: ``discard(uid)`` deletes its draft; ``unsaved(uid)``
    says whether it holds answers worth mentioning; ``noun`` names the draft in the
    "your unsaved … was discarded" note (a catalog key).

    ``resume``: the callback data of a button that reopens the draft (an entry point of
    this flow); with it, starting another command keeps the draft and offers the button
    instead of discarding. ``reread``: how an edited answer is read again (see
    handlers/chat.py); without it an edit is not applied.
    """

    discard: Callable[[int], Coroutine[Any, Any, None]]
    unsaved: Callable[[int], Coroutine[Any, Any, bool]]
    noun: str = "flow.noun.answers"
    cancelled: str = "cancel.done"
    resume: str | None = None
    reread: Reread | None = None


#: Each conversation's hooks by name, for what happens outside it (an edited answer).
FLOWS: dict[str, Callable[[Services], Flow]] = {}


def conversation(
    name: str,
    entry_points: Sequence[BaseHandler[Any, Any, Any]],
    states: dict[object, list[BaseHandler[Any, Any, Any]]],
    *,
    timeout: timedelta,
    flow: Callable[[Services], Flow],
    others: Callable[[], Sequence[BaseHandler[Any, Any, Any]]],
) -> ConversationHandler[BotContext]:
    """A persistent conversation with the shared fallbacks (see the module docstring).

    ``flow(services)`` gives the draft hooks; ``others()`` the entry points of every other
    conversation (known once all are built), which end this one when tapped or sent.
    Every state also takes a cancel word (after a one-tap confirmation when the draft
    holds answers) before its own handlers.
    """
    FLOWS[name] = flow

    async def cancel(update: Update, context: BotContext) -> int:
        turn = await Turn.of(update, context)
        hooks = flow(context.services)
        await hooks.discard(turn.uid)
        await turn.say(turn.t(hooks.cancelled))
        return END

    async def cancel_word(update: Update, context: BotContext) -> State:
        """取消 / cancel as the whole message: as /cancel, asking first if answers would go."""
        turn = await Turn.of(update, context)
        hooks = flow(context.services)
        if not await hooks.unsaved(turn.uid):
            return await cancel(update, context)
        await turn.say(turn.t("flow.leave_question", what=turn.t(hooks.noun)),
                       [[(turn.t("btn.leave"), FLOW_LEAVE("y")),
                         (turn.t("btn.stay"), FLOW_LEAVE("n"))]])
        return None

    async def leave(update: Update, context: BotContext) -> State:
        turn = await Turn.of(update, context)
        if FLOW_LEAVE.value(turn.data) == "y":
            await turn.close(turn.t("btn.leave"))
            return await cancel(update, context)
        await turn.close(turn.t("btn.stay"))
        await turn.say(turn.t("flow.carry_on"))
        return None

    async def switch(update: Update, context: BotContext) -> int:
        """Another command or flow: end this one; say what happened to unsaved answers."""
        turn = await Turn.of(update, context)
        hooks = flow(context.services)
        if await hooks.unsaved(turn.uid):
            what = turn.t(hooks.noun)
            if hooks.resume is not None:
                await turn.say(turn.t("flow.kept", what=what),
                               [[(turn.t("btn.resume", what=what), hooks.resume)]])
                return END
            await turn.say(turn.t("flow.discarded", what=what))
        await hooks.discard(turn.uid)
        return END

    async def timed_out(update: object, context: BotContext) -> None:
        if isinstance(update, Update) and update.effective_user is not None:
            await flow(context.services).discard(update.effective_user.id)

    other_commands = filters.COMMAND & ~filters.Regex(r"^/(cancel|help)(@\w+)?(\s|$)")
    typed_cancel = MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
                                  & CancelWord(), cancel_word)
    # Switching doesn't mark the update handled: the other command or flow still runs.
    fallbacks: list[BaseHandler[Any, Any, Any]] = [
        *_mark_all([CommandHandler("cancel", cancel),
                    CallbackQueryHandler(leave, pattern=FLOW_LEAVE.pattern)]),
        MessageHandler(other_commands, switch),
        Starts(switch, others),
    ]
    all_states: dict[object, list[BaseHandler[Any, Any, Any]]] = {
        k: _mark_all([typed_cancel], step=True) + _mark_all(v, step=True)
        for k, v in states.items()
    }
    all_states[ConversationHandler.TIMEOUT] = [TypeHandler(Update, timed_out)]
    return ConversationHandler(
        entry_points=_mark_all(entry_points),
        states=all_states,
        fallbacks=fallbacks,
        allow_reentry=True,
        name=name,
        persistent=True,
        conversation_timeout=timeout,
    )


def typed_or(callback: Callback, *kinds: Cb) -> list[BaseHandler[Any, Any, Any]]:
    """A step that takes typed text, or a tap on one of ``kinds``."""
    text = MessageHandler(filters.TEXT & ~filters.COMMAND, callback)
    return [*(CallbackQueryHandler(callback, pattern=k.pattern) for k in kinds), text]


def tap(callback: Callback, *kinds: Cb) -> list[BaseHandler[Any, Any, Any]]:
    """A step that takes a tap on one of ``kinds``."""
    return [CallbackQueryHandler(callback, pattern=k.pattern) for k in kinds]
