"""/contacts: the logged contacts of each debt, newest first, and what to do about them.

The timeline is :func:`coach.contact_chain.timeline` (the current version of each
contact, withdrawn ones left out), a page at a time (the shared pager,
bot/services/pages.py), with the flags the user ticked and what
the log shows by itself (:func:`coach.conduct.findings`) marked on each contact. An
entry can be edited (/log with its answers: a correction) or deleted (a withdrawal; the
change its outcome made is reverted). The rights card and the complaint draft are
bot/services/contact_rights.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.services.base import Refusal
from bot.services.contact_effects import Applied, markers
from bot.services.contact_rights import Rights, build_rights, complaint_for, unlicensed_of
from bot.services.contact_save import ContactSave
from bot.services.pages import Page, page_of
from coach.complaint_draft import ComplaintDraft
from coach.conduct import Region, findings, region_of
from coach.contact_chain import TimelineItem, timeline
from coach.contacts import Conduct, ContactEntry
from coach.outcomes import DebtChange
from coach.profile import Profile
from coach.records import Debt
from storage.contacts import ContactRepository, DebtChangeRepository
from storage.debts import DebtRepository

__all__ = [
    "PAGE_SIZE", "ChooseDebt", "ComplaintView", "ConfirmDelete", "ContactRecordsService",
    "Deleted", "EntryView", "NoContacts", "TimelineView",
]  # fmt: skip

PAGE_SIZE = 5

@dataclass(frozen=True)
class ChooseDebt:
    """Several debts: which timeline (each with how many contacts are logged)."""

    debts: tuple[tuple[Debt, int], ...]


@dataclass(frozen=True)
class NoContacts:
    debt: Debt | None


@dataclass(frozen=True)
class TimelineView:
    """A page of one debt's timeline; ``found`` marks the conduct the log shows by
    itself on the contacts it rests on (by entry hash); ``markers`` the debt's agreed
    terms (grace until ...)."""

    debt: Debt
    page: Page[TimelineItem]
    region: Region
    found: dict[str, tuple[Conduct, ...]]
    markers: dict[str, date]


@dataclass(frozen=True)
class EntryView:
    item: TimelineItem
    debt: Debt
    change: DebtChange | None
    region: Region


@dataclass(frozen=True)
class ConfirmDelete:
    entry: ContactEntry
    change: DebtChange | None


@dataclass(frozen=True)
class Deleted:
    entry: ContactEntry
    applied: Applied


@dataclass(frozen=True)
class ComplaintView:
    debt: Debt
    draft: ComplaintDraft
    region: Region


class ContactRecordsService(ContactSave):
    async def _region(self, user_id: int) -> Region | Refusal:
        profile = await self.ready(user_id)
        if not isinstance(profile, Profile):
            return profile
        return region_of(profile.jurisdiction.code)

    async def timeline(self, user_id: int, debt_id: int | None = None,
                       page: int = 0) -> TimelineView | ChooseDebt | NoContacts | Refusal:
        """/contacts: one debt's timeline (the only debt with contacts, or the one
        tapped), or which debt when several have some."""
        region = await self._region(user_id)
        if isinstance(region, Refusal):
            return region
        async with self.uow() as s:
            debts = {d.id: d for d in await DebtRepository(s).list(user_id, include_paid=True)}
            items = timeline(await ContactRepository(s).chain(user_id))
            counts = {i: sum(1 for it in items if it.entry.debt_id == i) for i in debts}
            if debt_id is None:
                logged = [i for i, n in counts.items() if n]
                if len(logged) > 1:
                    return ChooseDebt(tuple((debts[i], counts[i]) for i in logged))
                if not logged:
                    return NoContacts(None)
                debt_id = logged[0]
            debt = debts.get(debt_id)
            if debt is None:
                return Refusal("not_found")
            mine = [it for it in items if it.entry.debt_id == debt_id]
            marks = await markers(s, user_id, debt_id)
        if not mine:
            return NoContacts(debt)
        found: dict[str, list[Conduct]] = {}
        for f in findings([it.entry for it in mine], region):
            for h in f.entries:
                found.setdefault(h, []).append(f.conduct)
        return TimelineView(debt, page_of(mine, page, PAGE_SIZE), region,
                            {h: tuple(dict.fromkeys(cs)) for h, cs in found.items()}, marks)

    async def entry(self, user_id: int, prefix: str) -> EntryView | Refusal:
        region = await self._region(user_id)
        if isinstance(region, Refusal):
            return region
        async with self.uow() as s:
            found = await ContactRepository(s).by_hash(user_id, prefix)
            latest = await self._latest(s, user_id, found) if found else None
            if latest is None:
                return Refusal("not_found")
            items = [i for i in timeline(await ContactRepository(s).chain(user_id))
                     if i.entry.hash == latest.hash]
            debt = await DebtRepository(s).get(user_id, latest.debt_id)
            change = await DebtChangeRepository(s).for_entry(user_id, latest.hash)
        if debt is None or not items:
            return Refusal("not_found")
        return EntryView(items[0], debt, change, region)

    async def ask_delete(self, user_id: int, prefix: str) -> ConfirmDelete | Refusal:
        view = await self.entry(user_id, prefix)
        if isinstance(view, Refusal):
            return view
        return ConfirmDelete(view.item.entry, view.change)

    async def delete(self, user_id: int, prefix: str) -> Deleted | Refusal:
        done = await self.withdraw(user_id, prefix)
        if isinstance(done, Refusal):
            return done
        return Deleted(*done)

    async def rights(self, user_id: int, debt_id: int, *,
                     licence_not_found: bool = False) -> Rights | Refusal:
        """The rights card for a debt's logged contacts."""
        region = await self._region(user_id)
        if isinstance(region, Refusal):
            return region
        async with self.uow() as s:
            debt = await DebtRepository(s).get(user_id, debt_id)
            if debt is None:
                return Refusal("not_found")
            return await build_rights(s, user_id, debt, region,
                                      licence_not_found=licence_not_found)

    async def complaint(self, user_id: int, debt_id: int, *,
                        licence_not_found: bool = False) -> ComplaintView | Refusal:
        """The complaint draft from the debt's logged timeline."""
        region = await self._region(user_id)
        if isinstance(region, Refusal):
            return region
        async with self.uow() as s:
            debt = await DebtRepository(s).get(user_id, debt_id)
            if debt is None:
                return Refusal("not_found")
            draft = await complaint_for(s, user_id, debt, region,
                                        unlicensed=unlicensed_of(debt, licence_not_found))
        return ComplaintView(debt, draft, region)

    async def markers(self, user_id: int, debt_id: int) -> dict[str, date]:
        """The debt's agreed terms for its card: grace until, 0% from, settle by ..."""
        async with self.uow() as s:
            return await markers(s, user_id, debt_id)
