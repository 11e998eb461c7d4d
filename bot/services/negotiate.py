"""/negotiate: a call script for one lender, from the user's own numbers.

One method per step of the "negotiate" conversation (handlers/negotiate.py,
handlers/negotiate.mmd): which debt (or straight from a lender's button on /plan's
agenda, a reminder's "Can't pay" or a debt's card), which ask when several apply, the
hardship in one honest sentence, then the script (:func:`coach.negotiation.build_script`).

The asks come from :func:`lender_asks`, the one place that reads the plan's negotiation
agenda: the story's (:func:`coach.agenda.negotiate`: the computed per-lender asks, each
with the lender's payment under its terms and the offer from the plan), the same /plan
shows; a lender the agenda doesn't need to call gets the asks that apply to it
(:func:`coach.asks.asks_for`) at what the plan pays it this month. The script never
asks for terms the offer can't meet (coach.negotiation).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from bot.services.base import END, FeatureService, Refusal, Step
from bot.services.portfolio import PlanView, compute_plan, load, story_debt
from coach import asks as A
from coach.conduct import Region, region_of
from coach.negotiate_draft import NegotiateDraft
from coach.negotiation import (
    Ask,
    AskKind,
    CallScript,
    Hardship,
    NegotiationError,
    ScriptInput,
    build_script,
)
from coach.records import Debt
from coach.story import ask_debt
from storage.debts import DebtRepository

__all__ = [
    "ASK", "HARDSHIP", "PICK", "STATES", "ChooseAsk", "ChooseDebt", "ChooseHardship",
    "NeedBudget", "NegotiateService", "NoDebts", "Script", "ScriptAsk",
    "lender_asks", "script_ask",
]  # fmt: skip

PICK, ASK, HARDSHIP = "pick", "ask", "hardship"
STATES = (PICK, ASK, HARDSHIP)
#: A settlement offered from savings is asked to be paid within this long.
SETTLE_WITHIN = timedelta(days=30)

_KIND: dict[A.AskKind, AskKind] = {
    A.AskKind.GRACE: AskKind.GRACE,
    A.AskKind.INSTALMENTS: AskKind.INSTALMENTS,
    A.AskKind.PERSONALISED: AskKind.INSTALMENTS,
    A.AskKind.HARDSHIP_PROGRAM: AskKind.INSTALMENTS,
    A.AskKind.LOWER_PAYMENT: AskKind.INSTALMENTS,
    A.AskKind.WAIVE_PENALTY: AskKind.STOP_PENALTY,
    A.AskKind.STOP_INTEREST: AskKind.STOP_INTEREST,
    A.AskKind.SETTLEMENT: AskKind.SETTLEMENT,
    A.AskKind.HARDSHIP_PAUSE: AskKind.HARDSHIP_PAUSE,
}


@dataclass(frozen=True)
class ScriptAsk:
    """One ask for the script: ``ask`` (coach.negotiation), ``label`` the agenda's kind
    (``coach.asks.AskKind`` value, or an agenda item's kind) for its button."""

    ask: Ask
    label: str
    primary: bool = False


def script_ask(a: A.Ask, today: date, primary: bool) -> ScriptAsk | None:
    """One agenda ask (coach.asks) as a script ask; None for a settlement with nothing to
    offer. A settlement offered from savings is asked to be paid within 30 days."""
    kind = _KIND[a.kind]
    if kind is AskKind.SETTLEMENT:
        if a.offer <= 0:
            return None
        ask = Ask(kind, offer=a.offer, amount=a.offer, by=today + SETTLE_WITHIN)
    else:
        months = a.months if kind in (AskKind.GRACE, AskKind.INSTALMENTS,
                                      AskKind.HARDSHIP_PAUSE) else None
        try:
            ask = Ask(kind, offer=a.offer, needed=a.lender_payment, months=months)
        except NegotiationError:
            return None
    return ScriptAsk(ask, a.kind.value, primary)


def lender_asks(view: PlanView, debt: Debt, region: Region) -> tuple[ScriptAsk, ...]:
    """What to ask ``debt``'s lender, the primary ask first (see the module doc): the plan's
    agenda (``view.story.agenda``, coach.agenda.negotiate) when it calls this lender, else
    the asks of its kind in the region at what the plan pays it this month."""
    agenda = view.story.agenda
    mine = next((la for la in agenda.lenders if la.debt_id == debt.id), None) if agenda else None
    if mine is not None:
        raw = list(mine.asks)
    else:
        row = view.story.plan.month_one
        offer = sum((dm.payment for dm in (row.debts if row else ()) if dm.debt_id == debt.id),
                    Decimal(0))
        ad = ask_debt(story_debt(debt, view.portfolio.billing[debt.id]))
        raw = [A.compute_ask(ad, rule, offer) for rule in A.asks_for(debt.lender_type, region.value)
               if not (rule.kind is A.AskKind.GRACE and ad.arrears <= 0)
               and not (rule.kind is A.AskKind.WAIVE_PENALTY and not ad.penalised)]
    out = [script_ask(a, view.today, i == 0) for i, a in enumerate(raw)]
    return tuple(a for a in out if a is not None)


@dataclass(frozen=True)
class NoDebts:
    pass


@dataclass(frozen=True)
class NeedBudget:
    """No plan yet: the script needs what the user can pay each month."""


@dataclass(frozen=True)
class ChooseDebt:
    debts: tuple[Debt, ...]


@dataclass(frozen=True)
class ChooseAsk:
    debt: Debt
    asks: tuple[ScriptAsk, ...]


@dataclass(frozen=True)
class ChooseHardship:
    debt: Debt
    ask: ScriptAsk


@dataclass(frozen=True)
class Script:
    """The script, with the figures under its ask: the lender's payment under the asked
    terms (``ask.needed``) against the offer from the plan."""

    debt: Debt
    ask: ScriptAsk
    script: CallScript
    region: Region


class NegotiateService(FeatureService):
    async def _view(self, user_id: int) -> tuple[PlanView | None, Region] | Refusal:
        profile = await self.ready(user_id)
        if isinstance(profile, Refusal):
            return profile
        async with self.uow() as s:
            portfolio = await load(s, user_id, self.today, self.ctx.default_timezone)
        view = compute_plan(portfolio, with_capacity=False) if portfolio else None
        return view, region_of(profile.jurisdiction.code)

    async def start(self, user_id: int) -> Step[object]:
        """/negotiate: which debt (one debt goes straight on)."""
        profile = await self.ready(user_id)
        if isinstance(profile, Refusal):
            return Step(profile, END)
        async with self.uow() as s:
            debts = tuple(await DebtRepository(s).list(user_id))
        if not debts:
            return Step(NoDebts(), END)
        if len(debts) == 1:
            return await self.pick(user_id, debts[0].id)
        await self.drafts.save(user_id, NegotiateDraft())
        return Step(ChooseDebt(debts), PICK)

    async def pick(self, user_id: int, debt_id: int) -> Step[object]:
        """A debt (tapped here, on /plan's agenda, on a reminder or a card): its asks."""
        found = await self._view(user_id)
        if isinstance(found, Refusal):
            return Step(found, END)
        view, region = found
        async with self.uow() as s:
            debt = await DebtRepository(s).get(user_id, debt_id)
        if debt is None or not debt.active:
            return Step(Refusal("not_found"), END)
        if view is None:
            await self.discard(user_id)
            return Step(NeedBudget(), END)
        asks = lender_asks(view, debt, region)
        if not asks:
            await self.discard(user_id)
            return Step(NeedBudget(), END)
        draft = NegotiateDraft(debt_id=debt.id)
        if len(asks) == 1:
            await self.drafts.save(user_id, draft.with_ask(asks[0].ask, asks[0].label))
            return Step(ChooseHardship(debt, asks[0]), HARDSHIP)
        await self.drafts.save(user_id, draft)
        return Step(ChooseAsk(debt, asks), ASK)

    async def choose(self, user_id: int, index: int) -> Step[object]:
        draft = await self.drafts.load(user_id, NegotiateDraft)
        found = await self._view(user_id)
        if draft is None or draft.debt_id is None or isinstance(found, Refusal):
            return Step(Refusal("gone"), END)
        view, region = found
        async with self.uow() as s:
            debt = await DebtRepository(s).get(user_id, draft.debt_id)
        asks = lender_asks(view, debt, region) if view is not None and debt is not None else ()
        if debt is None or not 0 <= index < len(asks):
            return Step(Refusal("expired"), None)
        await self.drafts.save(user_id, draft.with_ask(asks[index].ask, asks[index].label))
        return Step(ChooseHardship(debt, asks[index]), HARDSHIP)

    async def hardship(self, user_id: int, hardship: str) -> Step[object]:
        """The hardship sentence chosen: the script (the conversation ends)."""
        draft = await self.drafts.load(user_id, NegotiateDraft)
        found = await self._view(user_id)
        if (draft is None or draft.debt_id is None or draft.ask is None
                or isinstance(found, Refusal) or hardship not in set(Hardship)):
            return Step(Refusal("gone"), END)
        region = found[1]
        async with self.uow() as s:
            debt = await DebtRepository(s).get(user_id, draft.debt_id)
        if debt is None:
            return Step(Refusal("not_found"), END)
        script = build_script(ScriptInput(region, debt.lender, debt.lender_type,
                                          Hardship(hardship), draft.ask, debt_id=debt.id))
        await self.discard(user_id)
        return Step(Script(debt, ScriptAsk(draft.ask, draft.label, True), script, region), END)

    async def discard(self, user_id: int) -> None:
        await self.drafts.clear(user_id, NegotiateDraft)

    async def unsaved(self, user_id: int) -> bool:
        return False  # nothing typed: a script is rebuilt in two taps
