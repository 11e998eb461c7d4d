"""How every conversation is built, and what all of them share.

:func:`conversation` builds a ``ConversationHandler`` the same way for every flow:
persistent, with a timeout that deletes the flow's draft; ``/cancel`` and the cancel
words (取消, 算了, cancel, stop ... as the whole message, after a one-tap confirmation
when answers would be lost; the crisis check runs first); and *switching*: any other
command, or a button that starts another flow, ends this one, saying what happened to
an unsaved draft (a debt or a payment is put aside, with a button back), and lets the
other handler run. An edited answer is read again through the flow's ``reread``
(handlers/chat.py). Each conversation sits in its own handler group (PTB's documented
way for several to see one update); :data:`handled` marks an update a conversation
took, so the catch-all handlers in the last group stay quiet.

State diagrams of the flows are Mermaid files beside their handlers, named for the
conversation (``handlers/paid.mmd`` for /paid, ``handlers/onboarding.mmd`` for /start);
tests/unit/test_diagrams.py keeps them equal to the states.

:class:`~handlers.turn.Turn` (one update: who asks and how to answer) lives in
handlers/turn.py and is re-exported here with its helpers.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from telegram import Message, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.services import Services
from bot.services.answers import LastAnswer
from coach.intents import is_cancel
from handlers.callback_data import FLOW_LEAVE, Cb
from handlers.context import BotContext
from handlers.turn import (
    END,
    Button,
    Callback,
    State,
    Turn,
    columns,
    escape,
    in_step,
    keyboard,
    state,
)
from handlers.typed_taps import TypedTap

__all__ = [
    "END", "FLOWS", "KEEPS_CONVERSATION", "Button", "CancelWord", "Flow", "Reread", "Starts",
    "State", "Turn", "columns", "conversation", "escape", "handled", "in_step", "keyboard",
    "state", "tap", "typed_or", "unless_handled", "was_handled",
]  # fmt: skip

#: Set when a conversation handled the update (the catch-alls then stay quiet).
handled: ContextVar[bool] = ContextVar("handled", default=False)

#: Commands that don't end the conversation in progress.
KEEPS_CONVERSATION = frozenset({"/help"})


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
    # First in every state: a cancel word, and "yes, stop" typed at the question it asks.
    leave_word = _mark_all([typed_cancel, MessageHandler(
        filters.TEXT & ~filters.COMMAND & TypedTap([FLOW_LEAVE]), leave)], step=True)
    all_states: dict[object, list[BaseHandler[Any, Any, Any]]] = {
        k: leave_word + _mark_all(v, step=True) for k, v in states.items()
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
    """A step that takes typed text, or a tap on one of ``kinds`` (a button's words
    typed count as its tap: handlers/typed_taps.py)."""
    text = MessageHandler(filters.TEXT & ~filters.COMMAND, callback)
    return [*tap(callback, *kinds), text]


def tap(callback: Callback, *kinds: Cb) -> list[BaseHandler[Any, Any, Any]]:
    """A step that takes a tap on one of ``kinds``, or its button's words typed."""
    taps: list[BaseHandler[Any, Any, Any]] = [
        CallbackQueryHandler(callback, pattern=k.pattern) for k in kinds]
    if kinds:
        taps.append(MessageHandler(filters.TEXT & ~filters.COMMAND & TypedTap(kinds), callback))
    return taps
