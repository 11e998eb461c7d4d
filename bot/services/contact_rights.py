"""When a collector broke a rule: which rule, where to complain, and the complaint draft.

Built from the logged contacts of one debt (their current versions): the conduct the
user flagged and what the log shows by itself (:func:`coach.conduct.findings`), read
through :func:`coach.complaint_draft.build_complaint`, so a third-party contact the
answers show was allowed is left out the same way in the card and in the draft. The
routes are :func:`coach.complaints.route` (the lender's own channel first), the
warnings :func:`coach.complaints.warnings_for` (never a paid agent), and "may be
unlicensed" is :func:`coach.complaints.may_be_unlicensed` (the user can't find the
licence, or an unknown lender charges over 24%), always hedged.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from coach.complaint_draft import ComplaintDraft, build_complaint
from coach.complaints import (
    is_named_platform,
    may_be_unlicensed,
    route,
    unlicensed_notes,
    warnings_for,
)
from coach.conduct import Region, checks_for, rule_for
from coach.contacts import Conduct, Party
from coach.lenders import LenderType, find_platform
from coach.lines import Line, line
from coach.records import Debt
from storage.contacts import ContactRepository

__all__ = ["Rights", "build_rights", "complaint_for", "unlicensed_of"]


@dataclass(frozen=True)
class Rights:
    """What the card says. ``breaches``: each conduct with the rule it breaks (None: no
    rule in the region, e.g. other regions, or a US threat); ``found``: what the log
    shows by itself; ``notes``/``rights``: the region's scope notes and, in the US, the
    written cease and validation rights; ``routes`` in the order to use them."""

    debt: Debt
    region: Region
    breaches: tuple[tuple[Conduct, Line | None], ...]
    found: tuple[Line, ...]
    notes: tuple[Line, ...]
    rights: tuple[Line, ...]
    routes: tuple[Line, ...]
    unlicensed: bool
    unlicensed_notes: tuple[Line, ...]
    warnings: tuple[Line, ...]
    can_check_licence: bool
    draft: ComplaintDraft

    @property
    def any(self) -> bool:
        return bool(self.breaches)


def _platform_kind(lender: str) -> str | None:
    platform = find_platform(lender)
    return platform.lender_kind if platform is not None else None


def unlicensed_of(debt: Debt, licence_not_found: bool) -> bool:
    """Whether to say this lender may be unlicensed (always hedged)."""
    return may_be_unlicensed(debt.lender_type, named_platform=is_named_platform(debt.lender),
                             apr=debt.apr, licence_not_found=licence_not_found)


async def complaint_for(session: AsyncSession, user_id: int, debt: Debt, region: Region,
                        *, unlicensed: bool = False) -> ComplaintDraft:
    """The complaint about one debt's collection, from the user's whole chain."""
    chain = await ContactRepository(session).chain(user_id)
    return build_complaint(chain, region=region, lender=debt.lender,
                           lender_type=debt.lender_type, debt_id=debt.id,
                           platform_lender_kind=_platform_kind(debt.lender),
                           unlicensed=unlicensed)


async def build_rights(session: AsyncSession, user_id: int, debt: Debt, region: Region, *,
                       only: str | None = None, licence_not_found: bool = False) -> Rights:
    """The rights card for one debt; ``only``: the hash of one entry (just saved) whose
    breaches to show (the routes still weigh them alone)."""
    unlicensed = unlicensed_of(debt, licence_not_found)
    draft = await complaint_for(session, user_id, debt, region, unlicensed=unlicensed)
    events = [e for e in draft.events if only is None or e.entry.hash == only]
    breaches: dict[Conduct, Line | None] = {}
    found: list[Line] = []
    parties: set[Party] = set()
    for ev in events:
        parties.add(ev.entry.party)
        own = region is Region.US and ev.entry.party is Party.LENDER  # not under the FDCPA
        for b in ev.breaches:
            rule = rule_for(region, b.conduct) if region is not Region.OTHER and not own else None
            breaches.setdefault(b.conduct, rule.explanation if rule is not None else None)
            if b.finding is not None and b.finding.line not in found:
                found.append(b.finding.line)
    notes: tuple[Line, ...] = ()
    rights: tuple[Line, ...] = ()
    if breaches and region is Region.OTHER:
        notes = (line("conduct.rule.other"),)
    elif breaches and region is Region.US:
        party = Party.AGENCY if Party.AGENCY in parties else next(iter(parties), Party.UNKNOWN)
        offer = checks_for(region, party)
        notes, rights = offer.notes, offer.rights
    routes = draft.routes if only is None else route(
        region, debt.lender_type, conducts=breaches, platform_lender_kind=_platform_kind(debt.lender),
        unlicensed=unlicensed)
    can_check = (region is Region.CN and not unlicensed and debt.lender_type in (
        LenderType.UNKNOWN, LenderType.ONLINE_PLATFORM, LenderType.MICROLOAN,
        LenderType.CONSUMER_FINANCE))
    return Rights(
        debt=debt, region=region,
        breaches=tuple(sorted(breaches.items(), key=lambda kv: list(Conduct).index(kv[0]))),
        found=tuple(found), notes=notes, rights=rights,
        routes=tuple(r.line for r in routes),
        unlicensed=unlicensed,
        unlicensed_notes=unlicensed_notes() if unlicensed and region is Region.CN else (),
        warnings=warnings_for(region) if breaches or unlicensed else (),
        can_check_licence=can_check, draft=draft,
    )  # fmt: skip
