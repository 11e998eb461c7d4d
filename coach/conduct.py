"""Misconduct checks on a contact with a collector, by region, each resting on rules.md.

:data:`CONDUCT_RULES` is the table: for each region and :class:`~coach.contacts.Conduct`
code, the rules.md sections it rests on (plain ids such as ``"3.2c"``, strongest first),
the mark the catalog wording follows (the weakest mark among the claims the text makes),
and the catalog keys: ``conduct.btn.<code>`` (the button) and the explanation.

* **China** (rules.md §3): the collection standard and guidelines (§3.2a-c, V2; the
  national standard's content partly V3) and the laws behind them (§3.1, V1). They apply
  to the lender's own collectors and to agencies alike.
* **United States** (§7): the FDCPA and Regulation F apply to third-party debt collectors,
  not to the original creditor collecting its own debt (§7a). So the checks are offered
  only for a collection agency; for an unknown caller with a note that they apply only to
  collectors; for the lender itself not at all (with a note why).
* **Other regions**: the same kinds of buttons with one general explanation: the rules
  differ where you live; no legal claim.

Some conduct can be computed from the log (:func:`findings`): contact at night from the
time of the contact, and call frequency from the logged calls of one debt.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from types import MappingProxyType

from coach.contacts import Channel, Conduct, ContactEntry, Direction, Party, ThirdPartyContact
from coach.lines import Line, line
from coach.timezones import zone

__all__ = [
    "CN_CONNECTED_PER_DAY",
    "CN_NIGHT",
    "CN_UNANSWERED_PER_DAY",
    "CONDUCT_RULES",
    "US_DAY",
    "US_WINDOW_CALLS",
    "US_WINDOW_DAYS",
    "ConductOffer",
    "ConductRule",
    "Finding",
    "Region",
    "checks_for",
    "findings",
    "is_night",
    "local_time",
    "region_of",
    "rule_for",
    "third_party_breach",
]


class Region(StrEnum):
    """The user's region as stored on the user (``users.region``)."""

    CN = "cn"
    US = "us"
    OTHER = "other"


def region_of(value: str | None) -> Region:
    """``"cn"``/``"us"`` (any case) to a Region; anything else, or None, is OTHER."""
    try:
        return Region((value or "").lower())
    except ValueError:
        return Region.OTHER


#: China: no collection from 22:00 to 08:00 without consent (rules.md §3.2a, §3.2c).
CN_NIGHT = (time(22, 0), time(8, 0))
#: China: more than 6 unanswered attempts a day is too many (§3.2c).
CN_UNANSWERED_PER_DAY = 6
#: China: more than 3 connected (effective) calls a day is too many (§3.2a).
CN_CONNECTED_PER_DAY = 3
#: US: the presumed convenient time is after 8 a.m. and before 9 p.m. local (§7b). At
#: minute resolution 08:00 counts as convenient and 21:00 as not.
US_DAY = (time(8, 0), time(21, 0))
#: US: more than 7 calls within 7 consecutive days is presumed harassment (§7e).
US_WINDOW_CALLS = 7
US_WINDOW_DAYS = 7


@dataclass(frozen=True)
class ConductRule:
    """One row of the table. ``channels``: where the button is offered (all if empty)."""

    region: Region
    conduct: Conduct
    sections: tuple[str, ...]
    mark: str | None
    key: str  # the explanation's catalog key
    channels: frozenset[Channel] = frozenset()
    follow_ups: tuple[str, ...] = ()  # catalog keys of follow-up questions

    @property
    def button(self) -> str:
        """The button's catalog key (worded for the region: :func:`label_key`)."""
        return label_key(self.region, self.conduct)

    @property
    def explanation(self) -> Line:
        return line(self.key, *self.sections, mark=self.mark)


#: Button words that belong to one region's rules, said another way elsewhere: China's
#: call counts (§3.2a) and "blacklist" are not how US or other rules put it.
_LABELS: Mapping[tuple[Region, Conduct], str] = MappingProxyType({
    (Region.US, Conduct.FALSE_CLAIMS): "conduct.btn.false_claims_general",
    (Region.OTHER, Conduct.FALSE_CLAIMS): "conduct.btn.false_claims_general",
    (Region.US, Conduct.MANY_CALLS): "conduct.btn.call_frequency",
    (Region.US, Conduct.MANY_ATTEMPTS): "conduct.btn.call_frequency",
    (Region.OTHER, Conduct.MANY_CALLS): "conduct.btn.call_frequency",
    (Region.OTHER, Conduct.MANY_ATTEMPTS): "conduct.btn.call_frequency",
})


def label_key(region: Region, conduct: Conduct) -> str:
    """The catalog key of the words for ``conduct`` in ``region`` (``conduct.btn.*``)."""
    return _LABELS.get((Region(region), Conduct(conduct)), f"conduct.btn.{Conduct(conduct).value}")


_TALK = frozenset({Channel.CALL, Channel.VISIT, Channel.SMS, Channel.WECHAT, Channel.APP_CHAT})
_CALL = frozenset({Channel.CALL})
_VISIT = frozenset({Channel.VISIT})
_THIRD_PARTY_QS = ("conduct.q.reachable", "conduct.q.debt_revealed")


def _cn(conduct: Conduct, sections: tuple[str, ...], mark: str,
        channels: frozenset[Channel] = frozenset(), follow_ups: tuple[str, ...] = ()) -> ConductRule:
    return ConductRule(Region.CN, conduct, sections, mark, f"conduct.rule.cn.{conduct.value}",
                       channels, follow_ups)


def _us(conduct: Conduct, sections: tuple[str, ...],
        channels: frozenset[Channel] = frozenset(), follow_ups: tuple[str, ...] = ()) -> ConductRule:
    return ConductRule(Region.US, conduct, sections, "V1", f"conduct.rule.us.{conduct.value}",
                       channels, follow_ups)


def _other(conduct: Conduct, channels: frozenset[Channel] = frozenset()) -> ConductRule:
    return ConductRule(Region.OTHER, conduct, (), None, "conduct.rule.other", channels)


C = Conduct
#: The table, in the order the buttons are shown. Marks: §3.2c is V2 (CBA guideline,
#: reported); the national standard's content (§3.2a) is V2/V3, so a claim resting on it
#: alone (3 connected calls a day) is worded "reportedly" (V3); the laws of §3.1 and
#: §6.2 are V1 and are cited by name where the text names them.
CONDUCT_RULES: tuple[ConductRule, ...] = (
    _cn(C.NIGHT_CONTACT, ("3.2c", "3.2a"), "V2", _TALK),
    _cn(C.MANY_ATTEMPTS, ("3.2c",), "V2", _CALL),
    _cn(C.MANY_CALLS, ("3.2a",), "V3", _CALL),
    _cn(C.CONTACTS_MASS, ("3.2c", "3.2a", "3.1f"), "V2"),
    _cn(C.THIRD_PARTY, ("3.2c", "3.2a"), "V2", follow_ups=_THIRD_PARTY_QS),
    _cn(C.THREATS, ("3.2c", "3.1c"), "V2"),
    _cn(C.IMPERSONATION, ("3.2c",), "V2"),
    _cn(C.FALSE_CLAIMS, ("3.2c", "6.2f", "6.2d"), "V2"),
    _cn(C.PERSONAL_ACCOUNT, ("3.2c",), "V2"),
    _cn(C.BORROW_TO_PAY, ("3.2c",), "V2"),
    _cn(C.IMPROPER_VISIT, ("3.2c", "3.1d"), "V2", _VISIT),
    _us(C.NIGHT_CONTACT, ("7b",), _TALK),
    _us(C.CALL_FREQUENCY, ("7e",), _CALL),
    _us(C.THIRD_PARTY, ("7c",), follow_ups=("conduct.q.debt_revealed",)),
    _us(C.FALSE_CLAIMS, ("7f",)),
    _us(C.IMPERSONATION, ("7f",)),
    _other(C.NIGHT_CONTACT, _TALK),
    _other(C.MANY_CALLS, _CALL),
    _other(C.THIRD_PARTY),
    _other(C.THREATS),
    _other(C.IMPERSONATION),
    _other(C.PERSONAL_ACCOUNT),
)

_US_RIGHTS = (
    line("conduct.us.right.cease", "7d", mark="V1"),
    line("conduct.us.right.validation", "7g", mark="V1", days=30),
)


def rule_for(region: Region, conduct: Conduct) -> ConductRule | None:
    """The table row for ``conduct`` in ``region``, or None when it isn't checked there."""
    region, conduct = Region(region), Conduct(conduct)
    for rule in CONDUCT_RULES:
        if rule.region is region and rule.conduct is conduct:
            return rule
    return None


@dataclass(frozen=True)
class ConductOffer:
    """What to offer on one contact: the buttons (``checks``), notes to show with them,
    and the user's rights (US: a written cease request, validation and dispute)."""

    checks: tuple[ConductRule, ...]
    notes: tuple[Line, ...] = ()
    rights: tuple[Line, ...] = ()


def checks_for(region: Region, party: Party, channel: Channel | None = None) -> ConductOffer:
    """The misconduct buttons for a contact with ``party`` over ``channel`` (None: all).

    US: only a collection agency is covered (rules.md §7a); for the lender itself no
    buttons and the note ``conduct.us.original_creditor``; for an unknown caller the
    buttons with the note ``conduct.us.only_collectors``. Other regions: the general
    buttons with the note ``conduct.other.rules_differ``.
    """
    region, party = Region(region), Party(party)
    channel = None if channel is None else Channel(channel)
    rows = tuple(
        r for r in CONDUCT_RULES
        if r.region is region and (channel is None or not r.channels or channel in r.channels)
    )
    if region is Region.US:
        scope = line("conduct.us.original_creditor", "7a", mark="V2")
        if party is Party.LENDER:
            return ConductOffer((), (scope,))
        if party is Party.UNKNOWN:
            return ConductOffer(rows, (line("conduct.us.only_collectors", "7a", mark="V2"),),
                                _US_RIGHTS)
        return ConductOffer(rows, (), _US_RIGHTS)
    if region is Region.OTHER:
        return ConductOffer(rows, (line("conduct.other.rules_differ"),))
    return ConductOffer(rows)


def third_party_breach(region: Region, contact: ThirdPartyContact | None) -> bool | None:
    """Whether contacting someone else broke the rule, from the follow-up answers.

    China (§3.2a, §3.2c): contacts may be reached only when the user can't be, and must not
    be told about the debt: a breach if the user was reachable or the debt was revealed.
    US (§7c): discussing the debt with a third party is the breach (a location call that
    doesn't mention the debt is allowed). Other regions: None. None also when the answers
    needed are unknown.
    """
    region = Region(region)
    if contact is None or region is Region.OTHER:
        return None
    if contact.debt_revealed is True:
        return True
    if region is Region.US:
        return None if contact.debt_revealed is None else False
    if contact.reachable is True:
        return True
    if contact.reachable is False and contact.debt_revealed is False:
        return False
    return None


# --- computed from the log --------------------------------------------------------------


def local_time(entry: ContactEntry) -> datetime:
    """When the contact happened, on the user's wall clock (their zone ``entry.tz``)."""
    return entry.occurred_at.astimezone(zone(entry.tz))


def is_night(at: time | datetime, region: Region) -> bool:
    """Whether a local time is outside the allowed hours: China 22:00-08:00 (22:00 and
    07:59 are night, 21:59 and 08:00 are not); US before 08:00 or from 21:00 (20:59 and
    08:00 are allowed). Other regions: never (no rule to apply)."""
    t = at.time() if isinstance(at, datetime) else at
    region = Region(region)
    if region is Region.CN:
        return t >= CN_NIGHT[0] or t < CN_NIGHT[1]
    if region is Region.US:
        return t < US_DAY[0] or t >= US_DAY[1]
    return False


@dataclass(frozen=True)
class Finding:
    """Conduct the log shows by itself. ``reason``: ``night``, ``unanswered_per_day``,
    ``connected_per_day``, ``seven_in_seven`` or ``after_conversation``; ``day`` the local
    date; ``count`` the calls counted (1 for ``night``); ``entries`` their hashes."""

    conduct: Conduct
    reason: str
    day: date
    count: int
    entries: tuple[str, ...]
    sections: tuple[str, ...]

    @property
    def line(self) -> Line:
        """What the log shows, for the user: ``conduct.found.<reason>`` (count, day)."""
        return line(f"conduct.found.{self.reason}", *self.sections, count=self.count, day=self.day)


def _covered(entry: ContactEntry, region: Region) -> bool:
    return region is not Region.US or entry.party is Party.AGENCY


def _inbound_calls(entries: Iterable[ContactEntry], region: Region) -> list[ContactEntry]:
    return sorted(
        (e for e in entries
         if not e.withdrawn and e.direction is Direction.INBOUND and e.channel is Channel.CALL
         and _covered(e, region)),
        key=lambda e: (e.occurred_at, e.seq),
    )


def _night(entries: Iterable[ContactEntry], region: Region) -> list[Finding]:
    rule = rule_for(region, Conduct.NIGHT_CONTACT)
    if rule is None or region is Region.OTHER:
        return []
    return [
        Finding(Conduct.NIGHT_CONTACT, "night", local_time(e).date(), 1, (e.hash,), rule.sections)
        for e in sorted(entries, key=lambda e: (e.occurred_at, e.seq))
        if not e.withdrawn and e.direction is Direction.INBOUND and e.channel in rule.channels
        and _covered(e, region) and is_night(local_time(e), region)
    ]


def _cn_per_day(entries: Iterable[ContactEntry]) -> list[Finding]:
    days: dict[date, list[ContactEntry]] = defaultdict(list)
    for e in _inbound_calls(entries, Region.CN):
        days[local_time(e).date()].append(e)
    out: list[Finding] = []
    for day, calls in sorted(days.items()):
        # An entry stands for ``attempts`` calls; when it connected, the last one was a talk.
        unanswered = sum(e.attempts - (1 if e.connected else 0) for e in calls)
        talked = [e for e in calls if e.connected]
        if unanswered > CN_UNANSWERED_PER_DAY:
            hashes = tuple(e.hash for e in calls if e.attempts - (1 if e.connected else 0) > 0)
            out.append(Finding(Conduct.MANY_ATTEMPTS, "unanswered_per_day", day, unanswered,
                               hashes, ("3.2c",)))
        if len(talked) > CN_CONNECTED_PER_DAY:
            out.append(Finding(Conduct.MANY_CALLS, "connected_per_day", day, len(talked),
                               tuple(e.hash for e in talked), ("3.2a",)))
    return out


def _us_frequency(entries: Iterable[ContactEntry]) -> list[Finding]:
    items = list(entries)
    calls = _inbound_calls(items, Region.US)
    talks = sorted(
        (e for e in items if not e.withdrawn and e.channel is Channel.CALL and e.connected
         and e.party is Party.AGENCY),
        key=lambda e: e.occurred_at,
    )
    out: list[Finding] = []
    # More than 7 calls within 7 consecutive days: each day whose 7-day window ending that
    # day holds more than 7 calls, among the days calls were made.
    for day in sorted({local_time(e).date() for e in calls}):
        start = day - timedelta(days=US_WINDOW_DAYS - 1)
        window = [e for e in calls if start <= local_time(e).date() <= day]
        count = sum(e.attempts for e in window)
        if count > US_WINDOW_CALLS:
            out.append(Finding(Conduct.CALL_FREQUENCY, "seven_in_seven", day, count,
                               tuple(e.hash for e in window), ("7e",)))
    # A call within 7 days after a telephone conversation (the day of the talk is day 1).
    after: dict[date, list[ContactEntry]] = defaultdict(list)
    for e in calls:
        day = local_time(e).date()
        if any(t.occurred_at < e.occurred_at
               and (day - local_time(t).date()).days < US_WINDOW_DAYS for t in talks):
            after[day].append(e)
    for day, hit in sorted(after.items()):
        out.append(Finding(Conduct.CALL_FREQUENCY, "after_conversation", day,
                           sum(e.attempts for e in hit), tuple(e.hash for e in hit), ("7e",)))
    return out


def findings(entries: Iterable[ContactEntry], region: Region) -> list[Finding]:
    """What the log of one debt shows by itself, by day.

    Pass the current versions of the contacts (:func:`coach.contact_chain.timeline`);
    withdrawn entries are ignored. Only contacts the other side made count (inbound); in
    the US only those of a collection agency (§7a).

    * night: a contact at night by :func:`is_night` (China §3.2a/c, US §7b);
    * China, per local day of inbound calls: more than 6 unanswered attempts (the rule
      counts attempts to the user's number, whichever number they come from; §3.2c), more
      than 3 connected calls (§3.2a);
    * US: more than 7 calls within 7 consecutive days, or a call within 7 days after a
      telephone conversation (either side calling), both §7e.
    """
    items, region = list(entries), Region(region)
    out = _night(items, region)
    if region is Region.CN:
        out += _cn_per_day(items)
    elif region is Region.US:
        out += _us_frequency(items)
    return sorted(out, key=lambda f: (f.day, f.conduct.value, f.reason))
