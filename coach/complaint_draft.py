"""A complaint drafted from the contact log: who, when, what happened, which rule it broke.

:func:`build_complaint` turns the current versions of one debt's logged contacts into a
:class:`ComplaintDraft` (structured data). :func:`draft_lines` lays it out as catalog
lines, and :func:`render_plain` renders those with a ``t``-like function the handler
passes, so the coach holds no prose and the user gets plain text to copy and send.

Conduct comes from the user's flags on each entry and from what the log shows by itself
(:func:`coach.conduct.findings`: night contact, too many calls). A third-party flag is
left out when the follow-up answers show it was allowed (the user couldn't be reached and
the debt wasn't mentioned; in the US, the debt wasn't mentioned). Each breach cites its rule in the region's wording
(``complaint.breach.<region>.<conduct>``, as strong as its mark); other regions name the
conduct without a rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from coach.collection_text import Contact
from coach.complaints import LicensedLender, RouteStep, route
from coach.conduct import (
    Finding,
    Region,
    findings,
    label_key,
    local_time,
    rule_for,
    third_party_breach,
)
from coach.contact_chain import timeline
from coach.contacts import Conduct, ContactEntry
from coach.lenders import LenderType
from coach.lines import Line, line

__all__ = [
    "ComplaintDraft",
    "DraftBreach",
    "DraftEvent",
    "DraftLine",
    "Render",
    "build_complaint",
    "draft_lines",
    "render_plain",
]


@dataclass(frozen=True)
class DraftBreach:
    """One conduct on one contact, the rule it breaks (``key`` None: no rule in the
    region), and the finding when the log showed it by itself."""

    conduct: Conduct
    key: str | None
    sections: tuple[str, ...]
    mark: str | None
    finding: Finding | None = None


@dataclass(frozen=True)
class DraftEvent:
    """A contact with at least one breach; ``at`` is the local time of the contact."""

    entry: ContactEntry
    at: datetime
    breaches: tuple[DraftBreach, ...]


@dataclass(frozen=True)
class ComplaintDraft:
    region: Region
    lender: str
    last4: str | None
    events: tuple[DraftEvent, ...]  # oldest first
    routes: tuple[RouteStep, ...]

    @property
    def conducts(self) -> frozenset[Conduct]:
        return frozenset(b.conduct for e in self.events for b in e.breaches)


def _breach(region: Region, conduct: Conduct, finding: Finding | None) -> DraftBreach:
    rule = rule_for(region, conduct) if region is not Region.OTHER else None
    if rule is None:
        return DraftBreach(conduct, None, (), None, finding)
    key = f"complaint.breach.{region.value}.{conduct.value}"
    return DraftBreach(conduct, key, rule.sections, rule.mark, finding)


def _allowed_contact(region: Region, e: ContactEntry) -> bool:
    """A third-party contact the answers show was allowed (anywhere: the user couldn't be
    reached and the debt wasn't mentioned; in the US: the debt wasn't mentioned)."""
    tp = e.third_party
    if tp is not None and tp.reachable is False and tp.debt_revealed is False:
        return True
    return third_party_breach(region, tp) is False


def build_complaint(
    entries: Iterable[ContactEntry],
    *,
    region: Region,
    lender: str,
    lender_type: LenderType,
    last4: str | None = None,
    debt_id: int | None = None,
    platform_lender_kind: str | None = None,
    contract_lender: LicensedLender | None = None,
    unlicensed: bool = False,
) -> ComplaintDraft:
    """The complaint about one debt's collection, from its logged contacts.

    ``entries``: the user's entries (all versions; corrections and withdrawals are
    resolved here), filtered to ``debt_id`` when given. A computed finding is attached to
    the last contact it rests on. Routes as :func:`coach.complaints.route` gives them.
    """
    region = Region(region)
    current = [i.entry for i in timeline(entries, debt_id=debt_id)]
    current.sort(key=lambda e: (e.occurred_at, e.seq))
    found: dict[str, list[Finding]] = {}
    for f in findings(current, region):
        last = max((e for e in current if e.hash in f.entries), key=lambda e: (e.occurred_at, e.seq))
        found.setdefault(last.hash, []).append(f)
    events: list[DraftEvent] = []
    for e in current:
        breaches: dict[Conduct, DraftBreach] = {}
        for f in found.get(e.hash, []):
            breaches.setdefault(f.conduct, _breach(region, f.conduct, f))
        for c in sorted(e.flags, key=lambda c: list(Conduct).index(c)):
            if c is Conduct.THIRD_PARTY and _allowed_contact(region, e):
                continue
            breaches.setdefault(c, _breach(region, c, None))
        if breaches:
            ordered = sorted(breaches.values(), key=lambda b: list(Conduct).index(b.conduct))
            events.append(DraftEvent(e, local_time(e), tuple(ordered)))
    conducts = {b.conduct for ev in events for b in ev.breaches}
    routes = route(region, lender_type, conducts=conducts, platform_lender_kind=platform_lender_kind,
                   contract_lender=contract_lender, unlicensed=unlicensed)
    return ComplaintDraft(region, lender, last4, tuple(events), routes)


#: (depth, line): depth 0 heads the draft or an event, depth 1 belongs to the event above.
DraftLine = tuple[int, Line]


#: The people a contact-log entry may name (coach.collection_text.Contact codes).
_PEOPLE = frozenset(c.value for c in Contact if c is not Contact.SELF)


def _event_lines(n: int, ev: DraftEvent, region: Region) -> list[DraftLine]:
    e = ev.entry
    named = e.third_party.who.split(",") if e.third_party is not None and e.third_party.who else []
    head = f"complaint.draft.{e.direction.value}.{e.channel.value}"
    # Read from the user's words (codes only): "self" is there when they were called too.
    read = bool(named) and all(p in _PEOPLE for p in named)
    if read and e.direction.value == "inbound":
        head = "complaint.draft.inbound.others"  # they contacted others, not the user
    out: list[DraftLine] = [(0, line(head, n=n, at=ev.at,
                                     who_label=f"complaint.who.{e.party.value}"))]
    if e.attempts > 1:
        out.append((1, line("complaint.draft.attempts", attempts=e.attempts)))
    for name in ("agency", "agent", "phone"):
        if getattr(e, name):
            out.append((1, line(f"complaint.draft.{name}", **{name: getattr(e, name)})))
    if e.third_party is not None:
        # Who else they contacted: each person named (a code read from the user's text, or
        # words), else "family, friends or colleagues" (the check ticked).
        people = [p for p in named if p != Contact.SELF.value]
        for person in people:
            if person in _PEOPLE:
                out.append((1, line("complaint.draft.third_party_person",
                                    who_label=f"complaint.person.{person}")))
            else:
                out.append((1, line("complaint.draft.third_party", who=person)))
        if not people:
            out.append((1, line("complaint.draft.third_party_person",
                                who_label="complaint.draft.third_party_others")))
        if e.third_party.reachable:
            out.append((1, line("complaint.draft.tp_reachable")))
        if e.third_party.debt_revealed:
            out.append((1, line("complaint.draft.tp_revealed")))
    if e.note:
        out.append((1, line("complaint.draft.said", note=e.note)))
    for b in ev.breaches:
        out.append((1, line("complaint.draft.flag", flag_label=label_key(region, b.conduct))))
        if b.finding is not None and b.finding.reason != "night":
            out.append((1, line(f"complaint.draft.count.{b.finding.reason}",
                                count=b.finding.count, day=b.finding.day)))
        if b.key is not None:
            out.append((1, line(b.key, *b.sections, mark=b.mark)))
    evidence = len(e.attachments)
    out.append((1, line("complaint.draft.evidence" if evidence else "complaint.draft.record",
                        count=evidence, entry=e.short_hash)))
    return out


def draft_lines(draft: ComplaintDraft) -> list[DraftLine]:
    """The draft as catalog lines, in order. Param conventions (coach.lines): ``at`` is an
    aware local datetime, ``day`` a date; params named ``*_label`` hold catalog codes to
    render first (:func:`render_plain` does)."""
    title = (line("complaint.draft.title_account", lender=draft.lender, last4=draft.last4)
             if draft.last4 else line("complaint.draft.title", lender=draft.lender))
    out: list[DraftLine] = [(0, title), (0, line("complaint.draft.intro", lender=draft.lender))]
    for n, ev in enumerate(draft.events, start=1):
        out += _event_lines(n, ev, draft.region)
    out.append((0, line("complaint.draft.request")))
    out.append((0, line("complaint.draft.closing")))
    return out


#: ``t(code, params) -> str``: the handler's catalog lookup with its formatting of money,
#: dates and times (e.g. ``lambda c, p: i18n.t(lang, c, **fmt(p))``).
Render = Callable[[str, Mapping[str, Any]], str]


def render_plain(lines: Sequence[DraftLine], t: Render, *, indent: str = "   ") -> str:
    """Plain text to copy: each line rendered with ``t``, ``*_label`` params rendered
    first, depth-1 lines indented by ``indent``, one line each."""
    out = []
    for depth, ln in lines:
        params = {k: (t(v, {}) if k.endswith("_label") else v) for k, v in ln.params.items()}
        out.append(indent * depth + t(ln.code, params))
    return "\n".join(out)
