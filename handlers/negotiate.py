"""/negotiate: prepare a call to one lender: the ask, the hardship, then a script.

The steps are bot/services/negotiate.py; the state diagram is handlers/negotiate.mmd.
Entry points: /negotiate; 🤝 under a lender on /plan's agenda, on a reminder's "Can't
pay" and on a debt's card (:func:`call_buttons` builds them for those screens). After the
script, 📝 Log this call starts /log with the debt, the channel and the ask filled in.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, ConversationHandler

from bot.i18n import legal_footer, money
from bot.services import Services
from bot.services.base import Step
from bot.services.negotiate import (
    ASK,
    HARDSHIP,
    PICK,
    STATES,
    ChooseAsk,
    ChooseDebt,
    ChooseHardship,
    NeedBudget,
    NoDebts,
    Script,
    ScriptAsk,
)
from coach.negotiation import AskKind, Hardship
from handlers import callback_data as cb
from handlers.contacts_render import rendered
from handlers.context import BotContext
from handlers.conversation import (
    Button,
    Flow,
    State,
    Turn,
    columns,
    conversation,
    escape,
    state,
    tap,
)

NAME = "negotiate"
TIMEOUT = timedelta(hours=2)
__all__ = ["NAME", "STATES", "TIMEOUT", "build", "call_buttons", "entry_points", "general"]


def call_buttons(turn: Turn, lenders: Iterable[tuple[int, str]]) -> list[list[Button]]:
    """🤝 Prepare the call, one button per lender (for /plan's agenda, reminders, cards)."""
    return [[(turn.t("btn.prepare_call", lender=name[:20]), cb.NEG_DEBT(debt_id))]
            for debt_id, name in lenders]


def ask_label(turn: Turn, a: ScriptAsk) -> str:
    ask, cur, lang = a.ask, turn.currency, turn.lang
    payment = ask.needed if ask.needed is not None else ask.offer
    return turn.t(f"negotiate.btn.ask.{ask.kind.value}", months=ask.months or "",
                  payment=money(payment, cur, lang),
                  amount=money(ask.amount or ask.offer, cur, lang))


def _figures(turn: Turn, a: ScriptAsk, lender: str) -> list[str]:
    ask, cur, lang = a.ask, turn.currency, turn.lang
    lines = [turn.t("negotiate.offer", lender=lender, offer=money(ask.offer, cur, lang))]
    need = ask.lender_needs
    if need is not None and ask.kind is not AskKind.SETTLEMENT:
        key = "negotiate.needed" if ask.meets else "negotiate.needed_short"
        lines.append(turn.t(key, needed=money(need, cur, lang)))
    return lines


def script_text(turn: Turn, view: Script) -> str:
    s, region = view.script, view.region
    lines = [turn.t("negotiate.title", lender=view.debt.lender), ""]
    lines += _figures(turn, view.ask, view.debt.lender)
    for section, body, bullet in (("say", s.say, "» "), ("ask_agent", s.ask_agent, "• "),
                                  ("avoid", s.avoid, "✗ "), ("checklist", s.checklist, "☐ "),
                                  ("notes", s.notes, "• ")):
        if body:
            lines += ["", turn.t(f"negotiate.section.{section}"),
                      *rendered(turn, body, region, bullet)]
    if any(ln.mark for ln in s.lines):
        lines += ["", legal_footer(turn.lang, region.value)]
    return "\n".join(lines)


async def show(turn: Turn, step: Step[Any]) -> State:
    view = step.view
    if await turn.explain(view):
        pass
    elif isinstance(view, NoDebts):
        await turn.say(turn.t("debts.empty"), [[(turn.t("btn.add_debt"), cb.DEBTS_ADD())]])
    elif isinstance(view, NeedBudget):
        await turn.say(turn.t("negotiate.need_budget"))
    elif isinstance(view, ChooseDebt):
        buttons = [(f"{d.lender[:24]} · {money(d.balance, turn.currency, turn.lang)}",
                    cb.NEG_PICK(d.id)) for d in view.debts]
        await turn.say(turn.t("negotiate.q.debt"), columns(buttons, 1))
    elif isinstance(view, ChooseAsk):
        lines = [turn.t("negotiate.q.ask", lender=view.debt.lender)]
        for i, a in enumerate(view.asks, 1):
            mark = "⭐ " if a.primary else ""
            lines.append(f"{i}. {mark}{ask_label(turn, a)} — " +
                         " ".join(_figures(turn, a, view.debt.lender)[1:] or [""]))
        buttons = [(f"{i}. {ask_label(turn, a)}", cb.NEG_ASK(i - 1))
                   for i, a in enumerate(view.asks, 1)]
        await turn.say("\n".join(lines), columns(buttons, 1))
    elif isinstance(view, ChooseHardship):
        buttons = [(turn.t(f"negotiate.btn.hardship.{h.value}"), cb.NEG_HARDSHIP(h.value))
                   for h in Hardship]
        await turn.say(turn.t("negotiate.q.hardship", lender=view.debt.lender),
                       columns(buttons, 2))
    elif isinstance(view, Script):
        log = cb.LOG_FROM_SCRIPT(view.debt.id, view.ask.ask.kind.value)
        await turn.say(script_text(turn, view), [[(turn.t("negotiate.btn.log_call"), log)]])
    return state(step)


async def negotiate_command(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    return await show(turn, await turn.services.negotiate.start(turn.uid))


async def from_button(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    await turn.answer()
    return await show(turn, await turn.services.negotiate.pick(turn.uid, cb.NEG_DEBT.id(turn.data) or 0))


async def _tapped(turn: Turn, step: Step[Any]) -> State:
    if not await turn.explain(step.view):
        await turn.close(escape(turn.tapped_label))
        return await show(turn, step)
    return state(step)


async def on_pick(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    return await _tapped(turn, await turn.services.negotiate.pick(turn.uid, cb.NEG_PICK.id(turn.data) or 0))


async def on_ask(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    index = int(cb.NEG_ASK.value(turn.data) or 0)
    return await _tapped(turn, await turn.services.negotiate.choose(turn.uid, index))


async def on_hardship(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    step = await turn.services.negotiate.hardship(turn.uid, cb.NEG_HARDSHIP.value(turn.data) or "")
    return await _tapped(turn, step)


def _flow(services: Services) -> Flow:
    return Flow(services.negotiate.discard, services.negotiate.unsaved)


def entry_points() -> list[BaseHandler[Any, Any, Any]]:
    return [CommandHandler("negotiate", negotiate_command),
            CallbackQueryHandler(from_button, pattern=cb.NEG_DEBT.pattern)]


def build(others: Any) -> ConversationHandler[BotContext]:
    return conversation(
        NAME,
        entry_points(),
        {
            PICK: tap(on_pick, cb.NEG_PICK),
            ASK: tap(on_ask, cb.NEG_ASK),
            HARDSHIP: tap(on_hardship, cb.NEG_HARDSHIP),
        },
        timeout=TIMEOUT,
        flow=_flow,
        others=others,
    )


def general() -> list[BaseHandler[Any, Any, Any]]:
    return []
