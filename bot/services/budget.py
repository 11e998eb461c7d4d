"""/budget: income, essential and optional spending, assets and a safety margin.

The budget is edited in a :class:`coach.budget_input.BudgetFlow` draft (starting from
the saved budget) and replaces the saved one on Save, in one transaction. The states
are in handlers/budget.py (handlers/budget.mmd).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from bot.services.base import END, FeatureService, Invalid, Refusal, Step
from bot.services.portfolio import compute_plan, load
from coach.budget import ESSENTIAL_CATEGORIES, OPTIONAL_CATEGORIES, Capacity
from coach.budget_input import BudgetDraft, BudgetFlow, parse_budget_quick
from coach.errors import CoachError
from storage.budgets import BudgetRepository

__all__ = [
    "AMOUNT", "CATEGORY", "GROUPS", "INCOME", "MARGIN", "MENU", "AskAmount", "AskCategory",
    "AskIncome", "AskMargin", "BudgetMenu", "BudgetSaved", "BudgetService", "Cancelled",
]  # fmt: skip

MENU, INCOME, CATEGORY, AMOUNT, MARGIN = "menu", "income", "category", "amount", "margin"
GROUPS: dict[str, tuple[str, ...]] = {
    "essentials": ESSENTIAL_CATEGORIES, "optionals": OPTIONAL_CATEGORIES,
    "assets": ("savings", "sellable"),
}
_WALK = ("income", "essentials", "optionals", "assets")
MARGIN_CHOICES = (0, 5, 10, 15)


@dataclass(frozen=True)
class BudgetMenu:
    """The budget before Save. ``replaces``: how many itemised lines of the saved budget
    the quick form's totals would replace (0: none), said on the card before Save."""

    draft: BudgetDraft
    intro: bool = False  # the first /budget: say what this is
    replaces: int = 0


@dataclass(frozen=True)
class AskIncome:
    draft: BudgetDraft
    intro: bool = False


@dataclass(frozen=True)
class AskCategory:
    """Which category next. ``typed``: the (category, amount) pairs a typed list just
    set (``房租2500，吃饭1500``), said above the buttons."""

    draft: BudgetDraft
    group: str
    categories: tuple[str, ...]
    typed: tuple[tuple[str, Decimal], ...] = ()


@dataclass(frozen=True)
class AskAmount:
    group: str
    category: str


@dataclass(frozen=True)
class AskMargin:
    choices: tuple[int, ...] = MARGIN_CHOICES


@dataclass(frozen=True)
class BudgetSaved:
    """Saved. ``capacity``: what the plan does with it (None without debts): the
    repayment capacity, the plan money after the optional spending kept, and when money
    is short the cuts to suggest, largest effect first (:func:`coach.budget.repayment_capacity`)."""

    draft: BudgetDraft
    capacity: Capacity | None


@dataclass(frozen=True)
class Cancelled:
    pass


def _sets(draft: BudgetDraft, group: str) -> bool:
    """Whether the quick form set ``group`` (its totals replace the group's lines)."""
    return bool(getattr(draft, group))


def _itemised(saved: BudgetDraft, group: str) -> int:
    """The saved lines of ``group`` a total would replace (a lone "other" line is none)."""
    items: dict[str, str] = getattr(saved, group)
    return 0 if set(items) <= {"other"} else len(items)


class BudgetService(FeatureService):
    async def _flow(self, user_id: int) -> BudgetFlow | None:
        return await self.drafts.load(user_id, BudgetFlow)

    async def start(self, user_id: int, args: str) -> Step[object]:
        """``/budget`` (from the saved budget) or ``/budget income 8000 essentials 5000``."""
        profile = await self.ready(user_id)
        if isinstance(profile, Refusal):
            return Step(profile, END)
        async with self.uow() as s:
            saved, _ = await BudgetRepository(s).load(user_id)
        if args.strip():
            try:
                draft = parse_budget_quick(args)
            except CoachError as err:
                return Step(Invalid(err), END)
            replaces = 0
            if saved is not None:
                # The quick form's totals replace what it names; the rest (the assets, a
                # group or the incomes it doesn't name) stays as saved.
                kept = {g: getattr(saved, g) for g in ("essentials", "optionals")
                        if not _sets(draft, g)}
                if not draft.incomes:
                    kept["incomes"] = [list(i) for i in saved.incomes]
                draft = BudgetDraft.from_dict({**draft.to_dict(), "assets": saved.assets, **kept})
                replaces = sum(_itemised(saved, g) for g in ("essentials", "optionals")
                               if g not in kept)
            await self.drafts.save(user_id, BudgetFlow(draft))
            return Step(BudgetMenu(draft, replaces=replaces), MENU)
        draft = saved or BudgetDraft()
        await self.drafts.save(user_id, BudgetFlow(draft))
        if saved is None:
            return Step(AskIncome(draft, intro=True), INCOME)
        return Step(BudgetMenu(draft), MENU)

    async def menu(self, user_id: int, choice: str) -> Step[object]:
        flow = await self._flow(user_id)
        if flow is None:
            return Step(Refusal("gone"), END)
        if choice == "cancel":
            return await self.cancel(user_id)
        if choice == "save":
            return await self.save(user_id)
        if choice == "income":
            return Step(AskIncome(flow.draft), INCOME)
        if choice == "margin":
            return Step(AskMargin(), MARGIN)
        if choice not in GROUPS:
            return Step(Refusal("expired"), None)
        await self.drafts.save(user_id, flow.with_(group=choice))
        return Step(AskCategory(flow.draft, choice, GROUPS[choice]), CATEGORY)

    async def income(self, user_id: int, text: str) -> Step[object]:
        flow = await self._flow(user_id)
        if flow is None:
            return Step(Refusal("gone"), END)
        try:
            draft = flow.draft.add_income(text)
        except CoachError as err:
            return Step(Invalid(err), None)
        await self.drafts.save(user_id, flow.with_(draft=draft))
        return Step(AskIncome(draft), INCOME)

    async def clear_income(self, user_id: int) -> Step[object]:
        flow = await self._flow(user_id)
        if flow is None:
            return Step(Refusal("gone"), END)
        draft = BudgetDraft.from_dict({**flow.draft.to_dict(), "incomes": []})
        await self.drafts.save(user_id, flow.with_(draft=draft))
        return Step(AskIncome(draft), INCOME)

    async def done(self, user_id: int, section: str) -> Step[object]:
        """Done with a section: the first time through, the next section; then the menu."""
        flow = await self._flow(user_id)
        if flow is None:
            return Step(Refusal("gone"), END)
        if section == "income" and not flow.draft.incomes and not flow.walked:
            await self.drafts.save(user_id, flow.with_(group="essentials"))
            return Step(AskCategory(flow.draft, "essentials", GROUPS["essentials"]), CATEGORY)
        if flow.walked:
            return Step(BudgetMenu(flow.draft), MENU)
        nxt = _WALK[_WALK.index(section) + 1] if section in _WALK[:-1] else None
        if nxt is None:
            await self.drafts.save(user_id, flow.with_(walked=True))
            return Step(BudgetMenu(flow.draft), MENU)
        await self.drafts.save(user_id, flow.with_(group=nxt))
        return Step(AskCategory(flow.draft, nxt, GROUPS[nxt]), CATEGORY)

    async def category(self, user_id: int, category: str) -> Step[object]:
        flow = await self._flow(user_id)
        if flow is None:
            return Step(Refusal("gone"), END)
        if category not in GROUPS.get(flow.group, ()):
            return Step(AskCategory(flow.draft, flow.group, GROUPS[flow.group]), None)
        await self.drafts.save(user_id, flow.with_(category=category))
        return Step(AskAmount(flow.group, category), AMOUNT)

    async def items(self, user_id: int, text: str) -> Step[object]:
        """A list typed at the category choice (``房租2500，吃饭1500``): each amount on
        the category its label names (:meth:`BudgetDraft.set_items`), then the choice
        again; nothing is set when any part didn't read."""
        flow = await self._flow(user_id)
        if flow is None:
            return Step(Refusal("gone"), END)
        try:
            draft, typed = flow.draft.set_items(flow.group, text)
        except CoachError as err:
            return Step(Invalid(err), None)
        await self.drafts.save(user_id, flow.with_(draft=draft))
        return Step(AskCategory(draft, flow.group, GROUPS[flow.group], typed), CATEGORY)

    async def section_done(self, user_id: int) -> Step[object]:
        flow = await self._flow(user_id)
        if flow is None:
            return Step(Refusal("gone"), END)
        return await self.done(user_id, flow.group)

    async def amount(self, user_id: int, text: str) -> Step[object]:
        flow = await self._flow(user_id)
        if flow is None:
            return Step(Refusal("gone"), END)
        try:
            draft = flow.draft.set_amount(flow.group, flow.category, text)
        except CoachError as err:
            return Step(Invalid(err), None)
        await self.drafts.save(user_id, flow.with_(draft=draft))
        return Step(AskCategory(draft, flow.group, GROUPS[flow.group]), CATEGORY)

    async def margin(self, user_id: int, text: str) -> Step[object]:
        flow = await self._flow(user_id)
        if flow is None:
            return Step(Refusal("gone"), END)
        try:
            draft = flow.draft.set_margin(text)
        except CoachError as err:
            return Step(Invalid(err), None)
        await self.drafts.save(user_id, flow.with_(draft=draft))
        return Step(BudgetMenu(draft), MENU)

    async def save(self, user_id: int) -> Step[object]:
        """Replace the saved budget; say what the plan uses of it and, when money is
        short, what cutting each optional item would change."""
        flow = await self._flow(user_id)
        if flow is None:
            return Step(Refusal("gone"), END)
        try:
            flow.draft.to_budget()  # validates
        except CoachError as err:
            return Step(Invalid(err), None)
        async with self.uow() as s:
            await BudgetRepository(s).save(user_id, flow.draft, self.clock.now())
            portfolio = await load(s, user_id, self.today, self.ctx.default_timezone)
        await self.drafts.clear(user_id, BudgetFlow)
        await self.changed(user_id)
        view = compute_plan(portfolio, with_agenda=False) if portfolio is not None else None
        return Step(BudgetSaved(flow.draft, view.capacity if view is not None else None), END)

    async def cancel(self, user_id: int) -> Step[object]:
        await self.discard(user_id)
        return Step(Cancelled(), END)

    async def discard(self, user_id: int) -> None:
        await self.drafts.clear(user_id, BudgetFlow)

    async def unsaved(self, user_id: int) -> bool:
        return await self._flow(user_id) is not None
