"""Due dates as an iCalendar file (.ics, RFC 5545) the user can import into any calendar.

:func:`build_calendar` makes one all-day ``VEVENT`` per due date of each active, unmuted
debt for the next ``months`` months (a monthly due day repeats, clamped to short months
like the rest of the bot; a debt with only a fixed ``next_due`` gives that one date), plus
one per :class:`FollowUp` (contact-log follow-ups, promises to pay). Each event carries a
``DISPLAY`` alarm per reminder offset.

Words. Every word in the file comes from the caller: :class:`CalendarTexts` holds the
already-localized format strings, amounts arrive formatted (``amount_text``), lender
names are used as given (``<b>Acme & Co</b>`` stays literal: iCalendar TEXT is not
HTML). Placeholders: ``{lender}``, ``{amount}``, ``{date}`` (ISO 8601, calendar apps
show the date themselves), ``{title}``, ``{days}`` (the reminder offset in days).
Serialization (escaping ``,`` ``;`` ``\\`` and newlines, UTF-8, line folding) is left to
the ``icalendar`` library; control characters are replaced by spaces first.

Alarms. An all-day event starts at 00:00 of its date in the viewer's local time (a
floating time), and a relative TRIGGER counts from that start. The alarm for offset
``n`` is meant for ``reminder_hour`` on day D − n, i.e. ``n`` days minus
``reminder_hour`` hours before the start: ``-P2DT15H`` for 3 days at 09:00, ``-PT15H``
for the day before, ``PT9H`` for the day itself. The whole days are written as days
(``P2D``), not 48 hours. Calendar apps do this arithmetic on the floating (wall-clock)
start, so the alarm is at 09:00 on either side of a DST change; and since RFC 5545 days
are nominal, a client that computes in a zone with DST gets 09:00 too for offsets >= 1
(the remaining hours span reminder_hour..24:00 of one day, which holds no usual DST
switch). Only such a client on the switch day itself would move the day-of alarm
(``PT9H``, spanning 00:00..09:00) by the hour the clock jumped.
Alarms whose day is already before ``today`` are left out (some clients would fire
them all at import).

Updates. UIDs are stable: ``due-{debt_id}-{YYYYMMDD}@debt-coach`` for a due date,
``follow-{uid_key}@debt-coach`` for a follow-up (so a rescheduled follow-up with the
same key moves). Importing a newer file updates the events it shares with the older
one instead of duplicating them; events no longer in the file are not deleted by the
calendar app. Events are ``CLASS:PRIVATE`` and ``TRANSP:TRANSPARENT`` (they do not
block free/busy time).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from icalendar import Alarm, Calendar, Event

from coach.parsing.calendar import add_months, next_due_date
from coach.records import Debt
from coach.timezones import zone

__all__ = [
    "PRODID",
    "UID_DOMAIN",
    "CalendarDebt",
    "CalendarTexts",
    "FollowUp",
    "alarm_trigger",
    "build_calendar",
]

PRODID = "-//Debt Coach//debt-coach//EN"
UID_DOMAIN = "debt-coach"
_UID_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


@dataclass(frozen=True, slots=True)
class CalendarTexts:
    """Localized format strings (from the bot's catalog), never prose of this module.

    ``calendar_name``: X-WR-CALNAME / NAME, e.g. ``"Debt Coach"`` / ``"还款教练"``.
    ``due_title``: ``"Pay {lender}"`` / ``"还款：{lender}"`` (no amount known).
    ``due_title_amount``: ``"Pay {amount} to {lender}"`` / ``"还款 {amount}：{lender}"``.
    ``description`` / ``description_amount``: the event's notes (``{lender}``,
    ``{amount}``, ``{date}``); empty leaves DESCRIPTION out; ``description_amount``
    defaults to ``description``.
    ``follow_up_title``: ``"Follow up: {title}"`` with the :class:`FollowUp` title.
    ``alarm``: the alarm's text, ``{title}`` (the event's title), ``{days}``, ``{date}``.
    """

    calendar_name: str
    due_title: str
    due_title_amount: str
    description: str = ""
    description_amount: str | None = None
    follow_up_title: str = "{title}"
    alarm: str = "{title}"


@dataclass(frozen=True, slots=True)
class CalendarDebt:
    """What the calendar needs of a debt.

    ``due_day`` (1-31) makes it monthly; otherwise ``next_due`` is a one-off date.
    ``amount`` is what the next due date asks (the plan's, net of what was paid) and
    ``amount_text`` the same amount formatted by the caller; ``later_text`` what each
    later due date asks (the regular minimum or instalment; None: the same as the next).
    A title shows its date's amount when there is one.
    Inactive (paid off) and muted debts give no events.
    """

    id: int
    name: str
    due_day: int | None = None
    next_due: date | None = None
    amount: Decimal | None = None
    amount_text: str | None = None
    later_text: str | None = None
    active: bool = True
    muted: bool = False

    @classmethod
    def from_debt(
        cls,
        debt: Debt,
        *,
        amount: Decimal | None = None,
        amount_text: str | None = None,
        later_text: str | None = None,
        muted: bool | None = None,
    ) -> CalendarDebt:
        """From a :class:`coach.records.Debt`: active when ``status == "active"``,
        muted as ``debt.muted`` unless ``muted`` is given."""
        return cls(
            id=debt.id,
            name=debt.lender,
            due_day=debt.due_day,
            next_due=debt.next_due,
            amount=amount,
            amount_text=amount_text,
            later_text=later_text,
            active=debt.status == "active",
            muted=debt.muted if muted is None else muted,
        )


@dataclass(frozen=True, slots=True)
class FollowUp:
    """A one-day reminder of another kind (contact-log follow-up, promise to pay).

    ``uid_key`` identifies it across exports (letters, digits, ``.``, ``_``, ``-``;
    e.g. ``"contact-17"``, ``"promise-5"``); ``title`` is already localized and goes
    into ``CalendarTexts.follow_up_title``.
    """

    uid_key: str
    on: date
    title: str
    description: str | None = None


def alarm_trigger(offset_days: int, reminder_hour: int) -> timedelta:
    """The TRIGGER (relative to an all-day event's 00:00 start) for ``reminder_hour``
    on the day ``offset_days`` before: (3, 9) -> -P2DT15H, (1, 9) -> -PT15H, (0, 9) -> PT9H.
    """
    if offset_days < 0:
        raise ValueError(f"reminder offsets are days before, >= 0: {offset_days}")
    if not 0 <= reminder_hour <= 23:
        raise ValueError(f"reminder_hour must be 0-23: {reminder_hour}")
    return timedelta(days=-offset_days, hours=reminder_hour)


def build_calendar(
    debts: Sequence[CalendarDebt],
    *,
    today: date,
    tz: str,
    lang_texts: CalendarTexts,
    reminder_offsets: tuple[int, ...] = (3, 1, 0),
    reminder_hour: int = 9,
    months: int = 12,
    follow_ups: Sequence[FollowUp] = (),
    now: datetime | None = None,
) -> bytes:
    """The .ics file (UTF-8 bytes) of the due dates and follow-ups from ``today`` on.

    ``tz`` is the user's canonical zone (``Asia/Shanghai`` or ``UTC+08:00``); an IANA
    name becomes X-WR-TIMEZONE. ``now`` (aware; default: the current time) is the
    DTSTAMP. Raises ValueError for bad offsets, hours, months, follow-up keys or
    duplicate UIDs, and ParseError for an unknown zone.
    """
    zone(tz)  # validates
    if months < 0:
        raise ValueError(f"months must be >= 0: {months}")
    alarm_trigger(0, reminder_hour)  # validates the hour even without offsets
    triggers = [
        (n, alarm_trigger(n, reminder_hour)) for n in sorted(set(reminder_offsets), reverse=True)
    ]
    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    texts = lang_texts

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    name = _line(texts.calendar_name)
    if name:
        cal.add("x-wr-calname", name)
        cal.add("name", name)
    if not _is_fixed_offset(tz):
        cal.add("x-wr-timezone", tz)

    planned: list[tuple[date, str, str, str]] = []  # (day, uid, summary, description)
    for debt in debts:
        if not debt.active or debt.muted:
            continue
        lender = _line(debt.name)
        for n, day in enumerate(_due_dates(debt, today, months)):
            said = debt.amount_text if n == 0 or debt.later_text is None else debt.later_text
            amount = _line(said or "")
            title_fmt = texts.due_title_amount if amount else texts.due_title
            desc_fmt = ((texts.description_amount or texts.description) if amount
                        else texts.description)
            values = {"lender": lender, "amount": amount, "date": day.isoformat()}
            planned.append(
                (
                    day,
                    f"due-{debt.id}-{day:%Y%m%d}@{UID_DOMAIN}",
                    _line(title_fmt.format(**values)),
                    _text(desc_fmt.format(**values)) if desc_fmt else "",
                )
            )
    for follow in follow_ups:
        if not follow.uid_key or not set(follow.uid_key) <= _UID_KEY_CHARS:
            raise ValueError(f"bad follow-up uid_key: {follow.uid_key!r}")
        if follow.on < today:
            continue
        title = _line(texts.follow_up_title.format(title=_line(follow.title)))
        planned.append(
            (
                follow.on,
                f"follow-{follow.uid_key}@{UID_DOMAIN}",
                title,
                _text(follow.description or ""),
            )
        )

    seen: set[str] = set()
    for day, uid, summary, description in sorted(planned, key=lambda p: (p[0], p[1])):
        if uid in seen:
            raise ValueError(f"duplicate event UID: {uid}")
        seen.add(uid)
        event = Event()
        event.add("uid", uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", summary)
        if description:
            event.add("description", description)
        event.add("class", "PRIVATE")
        event.add("transp", "TRANSPARENT")
        for days_before, trigger in triggers:
            if day - timedelta(days=days_before) < today:
                continue
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("trigger", trigger)
            text = texts.alarm.format(title=summary, days=days_before, date=day.isoformat())
            alarm.add("description", _text(text) or summary)
            event.add_component(alarm)
        cal.add_component(event)
    ics: bytes = cal.to_ical()
    return ics


def _due_dates(debt: CalendarDebt, today: date, months: int) -> list[date]:
    if debt.due_day:
        first = next_due_date(debt.due_day, today)
        return [add_months(first, k, debt.due_day) for k in range(months)]
    if debt.next_due is not None and debt.next_due >= today:
        return [debt.next_due]
    return []


def _is_fixed_offset(tz: str) -> bool:
    return tz.startswith(("UTC+", "UTC-"))


_BREAKS = frozenset({"Cc", "Zl", "Zp"})  # control characters, line and paragraph separators
_SPACES = re.compile(r" {2,}")


def _line(s: str) -> str:
    """One line: control characters and line breaks become spaces, runs of spaces one.

    Other spaces (the no-break spaces in formatted amounts) are kept.
    """
    cleaned = "".join(" " if unicodedata.category(c) in _BREAKS else c for c in s)
    return _SPACES.sub(" ", cleaned).strip()


def _text(s: str) -> str:
    """Multi-line text: line breaks become ``\\n``, other control characters spaces."""
    s = s.replace("\r\n", "\n")
    out = []
    for c in s:
        cat = unicodedata.category(c)
        if c in "\n\r" or cat in ("Zl", "Zp"):
            out.append("\n")
        elif cat == "Cc":
            out.append(" ")
        else:
            out.append(c)
    return "".join(out).strip()
