"""Saving a logged contact: seal it into the user's chain, let its outcome change the debt.

Save (:meth:`ContactSave.confirm`) runs in the update's one transaction: it locks the
user's chain head, seals the entry after it (:func:`coach.contact_chain.seal`; an edit
is a correction of the current version, never a rewrite), appends it
(``ContactRepository.append``), applies its agreed outcome to the debt
(bot/services/contact_effects.py, reverting the corrected version's change), recomputes
the plan to show what changed, warns when a promise exceeds what the plan can fund
(:func:`coach.outcomes.check_promise`), and re-plans the reminders. The view carries
the entry's short hash for the confirmation message and, when the contact broke a rule,
the rights card (bot/services/contact_rights.py).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.base import END, FeatureService, Invalid, Refusal, Step
from bot.services.contact_effects import Applied, record_outcome
from bot.services.contact_rights import Rights, build_rights
from bot.services.portfolio import PlanView, compute_plan, load
from coach.collection_text import CollectionHints
from coach.conduct import Region, region_of
from coach.contact_chain import correction, root_of, seal, timeline, withdrawal
from coach.contact_draft import ContactDraft
from coach.contacts import Conduct, ContactEntry, ContactError
from coach.lines import Line
from coach.outcomes import DebtChange, check_promise, describe
from coach.records import Debt
from storage.contacts import ChainConflict, ContactRepository, DebtChangeRepository
from storage.debts import DebtRepository

__all__ = ["ContactSave", "Offer", "Saved", "promise_warning"]

_CHAIN_FIELDS = frozenset({"seq", "prev_hash", "hash", "corrects", "received_at", "withdrawn"})


@dataclass(frozen=True)
class Offer:
    """Free text about a collector, read: offer to log it (the button carries ``token``)."""

    token: str
    hints: CollectionHints
    flags: frozenset[Conduct]
    region: Region


@dataclass(frozen=True)
class Saved:
    """The entry as sealed (``entry.short_hash`` anchors it), the debt after its outcome,
    what changed (``changed``: coach.outcomes.describe), the plan before and after, a
    promise the plan can't fund, and the rights card when the contact broke a rule."""

    entry: ContactEntry
    debt: Debt
    applied: Applied
    changed: tuple[Line, ...]
    promise_warning: Line | None
    before: PlanView | None
    after: PlanView | None
    rights: Rights | None

    @property
    def change(self) -> DebtChange | None:
        return self.applied.change


def promise_warning(change: DebtChange | None, view: PlanView | None,
                    others: list[DebtChange]) -> Line | None:
    """A warning when a promise to pay exceeds what the plan gives this debt in the
    promise's month (``others``: the debt's other promises not reverted)."""
    ob = change.obligation if change is not None else None
    if ob is None or change is None:
        return None
    available = Decimal(0)
    if view is not None:
        start = view.start
        month = (ob.due.year - start.year) * 12 + ob.due.month - start.month + 1
        rows = view.story.plan.schedule
        if 1 <= month <= len(rows):
            available = sum((dm.payment for dm in rows[month - 1].debts
                             if int(dm.debt_id) == change.debt_id), Decimal(0))
        else:
            available = max(view.story.money, Decimal(0))
    same_month = [o.obligation for o in others if o.entry != change.entry and o.obligation
                  and (o.obligation.due.year, o.obligation.due.month) == (ob.due.year,
                                                                         ob.due.month)]
    promised = sum((o.amount for o in same_month if o is not None), Decimal(0))
    return check_promise(ob.amount, available, promised)


class ContactSave(FeatureService):
    async def _latest(self, session: AsyncSession, user_id: int,
                      entry: ContactEntry) -> ContactEntry | None:
        """The current version of the contact ``entry`` belongs to (None: withdrawn)."""
        chain = await ContactRepository(session).chain(user_id)
        by_hash = {e.hash: e for e in chain}
        root = root_of(entry, by_hash)
        return next((i.entry for i in timeline(chain) if i.root == root), None)

    async def _plan(self, session: AsyncSession, user_id: int) -> PlanView | None:
        portfolio = await load(session, user_id, self.today, self.ctx.default_timezone)
        try:
            return compute_plan(portfolio, with_agenda=False) if portfolio else None
        except Exception:  # a plan that can't be computed must not stop the log
            return None

    async def confirm(self, user_id: int, token: str) -> Step[object]:
        """Save: seal and append the entry, apply its outcome, re-plan (one transaction)."""
        draft = await self.drafts.load(user_id, ContactDraft)
        if draft is None:
            return Step(Refusal("gone"), END)
        if token != draft.token:
            return Step(Refusal("expired"), None)
        profile = await self.ready(user_id)
        if isinstance(profile, Refusal):
            return Step(profile, END)
        region = region_of(profile.jurisdiction.code)
        now = self.clock.now()
        async with self.uow() as s:
            contacts = ContactRepository(s)
            if draft.debt_id is None or await DebtRepository(s).get(user_id, draft.debt_id) is None:
                await self.drafts.clear(user_id, ContactDraft)
                return Step(Refusal("not_found"), END)
            before = await self._plan(s, user_id)
            try:
                entry = draft.entry(now)
                if draft.corrects:
                    original = await contacts.by_hash(user_id, draft.corrects)
                    latest = await self._latest(s, user_id, original) if original else None
                    if latest is None:
                        await self.drafts.clear(user_id, ContactDraft)
                        return Step(Refusal("not_found"), END)
                    changes = {f.name: getattr(entry, f.name) for f in fields(ContactEntry)
                               if f.name not in _CHAIN_FIELDS}
                    entry = correction(latest, now, **changes)
                sealed = seal(entry, await contacts.head(user_id, lock=True))
                await contacts.append(user_id, sealed)
            except (ContactError, ChainConflict) as err:
                return Step(Invalid(err), None)
            applied = await record_outcome(s, user_id, sealed, now)
            after = await self._plan(s, user_id)
            debt = await DebtRepository(s).get(user_id, sealed.debt_id)
            others = await DebtChangeRepository(s).active(user_id, sealed.debt_id)
            rights = await build_rights(s, user_id, debt, region, only=sealed.hash) if debt else None
        await self.drafts.clear(user_id, ContactDraft)
        await self.changed(user_id)
        if debt is None:  # paid off by a settlement of 0: impossible (amounts are > 0)
            return Step(Refusal("not_found"), END)
        changed = tuple(describe(applied.change)) if applied.change else ()
        warning = promise_warning(applied.change, after, others)
        return Step(Saved(sealed, debt, applied, changed, warning, before, after,
                          rights if rights is not None and rights.any else None), END)

    async def withdraw(self, user_id: int, prefix: str) -> tuple[ContactEntry, Applied] | Refusal:
        """Delete a logged contact: append a withdrawal of its current version (history
        stays), revert the change it caused, re-plan."""
        now = self.clock.now()
        async with self.uow() as s:
            contacts = ContactRepository(s)
            entry = await contacts.by_hash(user_id, prefix)
            latest = await self._latest(s, user_id, entry) if entry else None
            if latest is None:
                return Refusal("not_found")
            sealed = seal(withdrawal(latest, now), await contacts.head(user_id, lock=True))
            await contacts.append(user_id, sealed)
            applied = await record_outcome(s, user_id, sealed, now)
        await self.changed(user_id)
        return sealed, applied

