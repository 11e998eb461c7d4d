"""What a logged contact does to the data: its outcome changes the debt, and reverts.

Used inside the update's transaction by the /log service (Save, an edit) and by the
/contacts service (a deletion), and by the nudge planner (follow-ups, promises, grace).
An agreed outcome becomes a :class:`coach.outcomes.DebtChange` linked to the entry's
hash; correcting the entry reverts it and applies the corrected outcome
(:func:`coach.outcomes.revert_change` then :func:`coach.outcomes.change_for`);
withdrawing it only reverts. The debt's numeric terms are written to its row; the
markers (grace until ...) are read back from the changes not reverted
(storage/debt_terms.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from coach.contact_chain import timeline
from coach.contacts import ContactEntry
from coach.nudges.contact_facts import FollowUpFact, PromiseFact
from coach.outcomes import DebtChange, apply_change, change_for, revert_change
from storage.contacts import ContactRepository, DebtChangeRepository
from storage.debt_terms import DebtTermsRepository, markers_of

__all__ = ["Applied", "ContactFacts", "contact_facts", "markers", "record_outcome"]


@dataclass(frozen=True)
class Applied:
    """What saving an entry did to the data: the change its outcome made (None: nothing
    agreed, or withdrawn), the change of its earlier version it reverted, and the fields
    that had changed since and were left as they are."""

    change: DebtChange | None = None
    reverted: DebtChange | None = None
    conflicts: tuple[str, ...] = ()


async def record_outcome(session: AsyncSession, user_id: int, entry: ContactEntry,
                         now: datetime) -> Applied:
    """Apply a sealed, stored entry's outcome to its debt (reverting the change of the
    entry it corrects first). Flushes; the caller re-plans reminders."""
    changes, terms_repo = DebtChangeRepository(session), DebtTermsRepository(session)
    old = await changes.for_entry(user_id, entry.corrects) if entry.corrects else None
    conflicts: tuple[str, ...] = ()
    if old is not None:
        terms = await terms_repo.get(user_id, old.debt_id)
        if terms is not None:
            reverted = revert_change(terms, old)
            conflicts = reverted.conflicts
            await terms_repo.put(user_id, old.debt_id, reverted.terms, now)
        await changes.revert(user_id, old.entry, by=entry.hash, now=now)
    new = None
    if not entry.withdrawn:
        terms = await terms_repo.get(user_id, entry.debt_id)
        new = change_for(entry, terms) if terms is not None else None
        if new is not None and terms is not None:
            await terms_repo.put(user_id, entry.debt_id, apply_change(terms, new), now)
            await changes.add(user_id, new, now)
    return Applied(new, old, conflicts)


async def markers(session: AsyncSession, user_id: int, debt_id: int) -> dict[str, date]:
    """The debt's markers now (``grace_until``, ``penalty_stopped_on``,
    ``interest_free_from``, ``settle_by``: dates), only those set."""
    active = await DebtChangeRepository(session).active(user_id, debt_id)
    return {k: v for k, v in markers_of(active).items() if isinstance(v, date)}


@dataclass(frozen=True)
class ContactFacts:
    """What the contact log tells the nudge planner about one debt."""

    follow_ups: tuple[FollowUpFact, ...] = ()
    promises: tuple[PromiseFact, ...] = ()
    grace_until: date | None = None


async def contact_facts(session: AsyncSession, user_id: int) -> Mapping[int, ContactFacts]:
    """Per debt id: the follow-up dates of the current versions of logged contacts, the
    promises to pay among the changes not reverted, and an agreed grace period."""
    items = timeline(await ContactRepository(session).chain(user_id))
    active = await DebtChangeRepository(session).active(user_id)
    follow: dict[int, list[FollowUpFact]] = {}
    for item in items:
        e = item.entry
        if e.follow_up is not None:
            follow.setdefault(e.debt_id, []).append(FollowUpFact(e.hash, e.follow_up,
                                                                 e.next_step.value))
    promises: dict[int, list[PromiseFact]] = {}
    by_debt: dict[int, list[DebtChange]] = {}
    for c in active:
        by_debt.setdefault(c.debt_id, []).append(c)
        ob = c.obligation
        if ob is not None:
            promises.setdefault(c.debt_id, []).append(PromiseFact(c.entry, ob.due, ob.amount))
    out: dict[int, ContactFacts] = {}
    for debt_id in set(follow) | set(promises) | set(by_debt):
        grace = markers_of(by_debt.get(debt_id, []))["grace_until"]
        out[debt_id] = ContactFacts(tuple(follow.get(debt_id, ())),
                                    tuple(promises.get(debt_id, ())), grace)
    return out
