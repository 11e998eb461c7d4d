"""/plan: the one story (what is overdue, what is short each month, how it ends, what to
pay this month), its chart, strategies, compare, what-ifs with the user's own amount,
the agenda, and "how is this calculated".

Every view is built on the :class:`coach.story.Story` of bot/services/portfolio.py, told
once per update; nothing here writes except the chosen strategy. The what-if amount
can be tapped (the currency's usual steps, led by the monthly gap:
:func:`coach.whatif.suggested_amounts`) or typed: the conversation ``whatif``
(handlers/plan.py, handlers/whatif.mmd) keeps which what-if in a
:class:`coach.story_drafts.WhatIfDraft` for the one typed reply.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from bot.services.base import END, FeatureService, Invalid, Refusal, Step
from bot.services.portfolio import (
    STRATEGIES,
    PlanView,
    compare,
    compute_plan,
    explain_plan,
    load,
    try_what_if,
)
from coach.errors import CoachError
from coach.explain import Line
from coach.parsing.labelled import read_amount
from coach.story import Story
from coach.story_drafts import WhatIfDraft
from coach.whatif import WhatIf, suggested_amounts
from storage.budgets import BudgetRepository

__all__ = [
    "AMOUNT", "AskWhatIf", "Comparison", "Explanation", "NeedBudget", "NeedDebts",
    "PlanService", "WhatIfView",
]  # fmt: skip

#: The what-if conversation's one state: waiting for a typed amount.
AMOUNT = "amount"
KINDS = ("m", "l")


@dataclass(frozen=True)
class NeedBudget:
    pass


@dataclass(frozen=True)
class NeedDebts:
    pass


@dataclass(frozen=True)
class Comparison:
    """Each strategy's story with the same money (``stories`` in compare order)."""

    view: PlanView
    stories: dict[str, Story]


@dataclass(frozen=True)
class WhatIfView:
    """A what-if: ``result.code`` / ``params`` say what changes (coach.whatif)."""

    view: PlanView
    result: WhatIf


@dataclass(frozen=True)
class AskWhatIf:
    """Ask for the what-if amount: ``kind`` ``m`` (more each month) or ``l`` (one-off),
    with buttons for ``amounts`` (the gap first, when there is one)."""

    kind: str
    amounts: tuple[Decimal, ...]
    gap: Decimal


@dataclass(frozen=True)
class Explanation:
    """"How is this calculated": one screen of lines (coach.explain)."""

    view: PlanView
    lines: tuple[Line, ...]


Missing = NeedBudget | NeedDebts | Refusal


class PlanService(FeatureService):
    async def view(
        self, user_id: int, *, strategy: str | None = None, with_agenda: bool = True,
        with_capacity: bool = True,
    ) -> PlanView | Missing:
        """The story of the user's debts and budget, or what is missing for one."""
        profile = await self.registered(user_id)
        if isinstance(profile, Refusal):
            return profile
        async with self.uow() as s:
            portfolio = await load(s, user_id, self.today, self.ctx.default_timezone)
        if portfolio is None:
            return Refusal("not_registered")
        view = compute_plan(portfolio, strategy=strategy, with_agenda=with_agenda,
                            with_capacity=with_capacity)  # fmt: skip
        if view is None:
            return NeedBudget() if portfolio.budget is None else NeedDebts()
        return view

    async def set_strategy(self, user_id: int, strategy: str) -> PlanView | Missing:
        if strategy not in STRATEGIES:
            return Refusal("expired")
        async with self.uow() as s:
            await BudgetRepository(s).set_strategy(user_id, strategy, self.clock.now())
        await self.changed(user_id)
        return await self.view(user_id, strategy=strategy)

    async def compare(self, user_id: int) -> Comparison | Missing:
        view = await self.view(user_id, with_agenda=False, with_capacity=False)
        if not isinstance(view, PlanView):
            return view
        return Comparison(view, compare(view))

    async def explain(self, user_id: int) -> Explanation | Missing:
        """Every figure of the story, worked out (budget lines included)."""
        view = await self.view(user_id, with_agenda=False)
        if not isinstance(view, PlanView):
            return view
        return Explanation(view, explain_plan(view))

    async def what_if(self, user_id: int, kind: str, amount: Decimal) -> WhatIfView | Missing | Invalid:
        """The story with ``amount`` more a month (``m``) or once now (``l``); nothing saved."""
        if kind not in KINDS:
            return Refusal("expired")
        view = await self.view(user_id, with_agenda=False, with_capacity=False)
        if not isinstance(view, PlanView):
            return view
        try:
            return WhatIfView(view, try_what_if(view, kind, amount))
        except CoachError as err:
            return Invalid(err)

    # -- the what-if conversation: tap "more each month" / "one-off", then an amount --------

    async def ask_amount(self, user_id: int, kind: str, currency: str | None) -> Step[object]:
        """Which amount? Buttons for the currency's usual steps (led by the monthly gap);
        a typed amount is the conversation's one answer."""
        if kind not in KINDS:
            return Step(Refusal("expired"), END)
        view = await self.view(user_id, with_agenda=False, with_capacity=False)
        if not isinstance(view, PlanView):
            return Step(view, END)
        gap = view.story.gap
        await self.drafts.save(user_id, WhatIfDraft("m" if kind == "m" else "l"))
        return Step(AskWhatIf(kind, suggested_amounts(currency, gap if kind == "m" else Decimal(0)),
                              gap), AMOUNT)  # fmt: skip

    async def typed_amount(self, user_id: int, text: str) -> Step[object]:
        """The typed amount: the what-if, and the conversation ends; unreadable input is
        explained and asked again."""
        draft = await self.drafts.load(user_id, WhatIfDraft)
        if draft is None:
            return Step(Refusal("gone"), END)
        try:
            amount = read_amount(text)
        except CoachError as err:
            return Step(Invalid(err), None)
        result = await self.what_if(user_id, draft.kind, amount)
        if isinstance(result, Invalid):
            return Step(result, None)
        await self.drafts.clear(user_id, WhatIfDraft)
        return Step(result, END)

    async def tapped_amount(self, user_id: int, kind: str, amount: Decimal) -> Step[object]:
        """A tapped amount: the what-if (from the question or an older message)."""
        await self.drafts.clear(user_id, WhatIfDraft)
        return Step(await self.what_if(user_id, kind, amount), END)

    async def discard(self, user_id: int) -> None:
        await self.drafts.clear(user_id, WhatIfDraft)

    async def unsaved(self, user_id: int) -> bool:
        return False
