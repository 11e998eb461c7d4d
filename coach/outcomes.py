"""Agreed outcomes change the debt: a table from outcome to change, applied and reverted.

An outcome logged on a contact (:class:`coach.contacts.Outcome`) becomes one
:class:`DebtChange`: the fields of :class:`DebtTerms` it sets (each with its value before
and after), the plan effects, an obligation for a promise, whether it is oral or
confirmed in writing, and the hash of the entry that caused it. :data:`OUTCOME_RULES` is
the table (a test per row):

===================  =====================================================================
outcome              change
===================  =====================================================================
none, refused        nothing
grace until D        ``grace_until`` = D; the arrears stay; overdue reminders pause until D
instalments N x A    the schedule: ``min`` fixed A, ``rate`` instalments N x A, ``apr`` the
                     IRR of N x A against the balance (0, and the balance N x A, when
                     N x A doesn't exceed it); the arrears are absorbed (overdue 0, no
                     penalty APR); first payment on ``on`` sets the due day
penalty stopped      no penalty APR from ``on``; an amount waived lowers the balance
fees waived          the amount waived (all fees if none given) off ``fees`` and balance
interest stopped     the rate is 0% from ``on`` (``apr`` 0, no penalty APR)
settlement X by D    the balance is X, due once on D (``next_due`` D, no due day); 0% and
                     nothing overdue meanwhile
promise X by D       no field changes: a one-off obligation, reminded the day before D;
                     not a new due date
===================  =====================================================================

The balance is what the lender says is owed, fees included. Reverting restores each
field's value from before, unless it has changed since (then it is a conflict and stays).
Correcting or withdrawing the contact reverts its change (:func:`reapply`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from coach.contacts import Confirmation, ContactEntry, ContactError, Outcome, OutcomeKind
from coach.errors import CoachError
from coach.lines import Line, line
from coach.rates import QuotedRate, RateKind, quoted_to_apr
from coach.timezones import zone

__all__ = [
    "MARKERS",
    "OUTCOME_RULES",
    "TERM_FIELDS",
    "DebtChange",
    "DebtTerms",
    "Effect",
    "FieldChange",
    "FieldValue",
    "Obligation",
    "OutcomeRule",
    "Reapplied",
    "Reverted",
    "apply_change",
    "change_for",
    "check_promise",
    "describe",
    "obligations",
    "reapply",
    "revert_change",
]

FieldValue = Decimal | int | str | date | bool | None
_ZERO = Decimal(0)


@dataclass(frozen=True)
class DebtTerms:
    """The numbers of one debt that outcomes change. Names follow ``storage.models.Debt``
    where a column exists (``balance`` ... ``next_due``); the markers after it have no
    column yet (the lead maps them, or reads them from the debt's changes)."""

    balance: Decimal
    overdue_amount: Decimal = _ZERO
    overdue_since: date | None = None
    fees: Decimal = _ZERO
    apr: Decimal | None = None
    penalty_apr: Decimal | None = None
    rate_kind: str | None = None
    rate_value: Decimal | None = None
    rate_periods: int | None = None
    rate_amount: Decimal | None = None
    min_kind: str | None = None
    min_amount: Decimal | None = None
    min_percent: Decimal | None = None
    min_floor: Decimal | None = None
    due_day: int | None = None
    next_due: date | None = None
    grace_until: date | None = None  # marker: grace on the arrears until (inclusive)
    penalty_stopped_on: date | None = None  # marker: no penalty interest from
    interest_free_from: date | None = None  # marker: 0% from
    settle_by: date | None = None  # marker: a settlement of ``balance`` due by


#: The marker fields (no ``debts`` column yet).
MARKERS = ("grace_until", "penalty_stopped_on", "interest_free_from", "settle_by")
#: Every field of DebtTerms (the outcome table may set only these).
TERM_FIELDS = frozenset(f.name for f in fields(DebtTerms))


class Effect(StrEnum):
    REPLAN = "replan"  # the plan must be recomputed
    PAUSE_OVERDUE_NUDGES = "pause_overdue_nudges"  # until ``grace_until``
    STOP_PENALTY = "stop_penalty"  # penalty interest no longer accrues
    NEW_SCHEDULE = "new_schedule"  # the payment and due dates changed
    REMIND_DAY_BEFORE = "remind_day_before"  # a promise: remind the day before


@dataclass(frozen=True)
class OutcomeRule:
    """One row: the fields an outcome may set, and its effects."""

    kind: OutcomeKind
    sets: frozenset[str]
    effects: frozenset[Effect]


E = Effect
_SCHEDULE = frozenset({"rate_kind", "rate_value", "rate_periods", "rate_amount", "apr",
                       "min_kind", "min_amount", "min_percent", "min_floor"})
OUTCOME_RULES: Mapping[OutcomeKind, OutcomeRule] = MappingProxyType({
    r.kind: r for r in (
        OutcomeRule(OutcomeKind.NONE, frozenset(), frozenset()),
        OutcomeRule(OutcomeKind.REFUSED, frozenset(), frozenset()),
        OutcomeRule(OutcomeKind.GRACE, frozenset({"grace_until"}),
                    frozenset({E.REPLAN, E.PAUSE_OVERDUE_NUDGES})),
        OutcomeRule(OutcomeKind.INSTALMENTS,
                    _SCHEDULE | {"balance", "overdue_amount", "overdue_since", "penalty_apr",
                                 "due_day", "next_due"},
                    frozenset({E.REPLAN, E.NEW_SCHEDULE, E.STOP_PENALTY})),
        OutcomeRule(OutcomeKind.PENALTY_STOPPED,
                    frozenset({"penalty_apr", "penalty_stopped_on", "balance", "overdue_amount"}),
                    frozenset({E.REPLAN, E.STOP_PENALTY})),
        OutcomeRule(OutcomeKind.FEES_WAIVED, frozenset({"fees", "balance", "overdue_amount"}),
                    frozenset({E.REPLAN})),
        OutcomeRule(OutcomeKind.INTEREST_STOPPED,
                    frozenset({"apr", "rate_kind", "rate_value", "rate_periods", "rate_amount",
                               "penalty_apr", "interest_free_from"}),
                    frozenset({E.REPLAN, E.STOP_PENALTY})),
        OutcomeRule(OutcomeKind.SETTLEMENT,
                    _SCHEDULE | {"balance", "overdue_amount", "overdue_since", "penalty_apr",
                                 "due_day", "next_due", "settle_by"},
                    frozenset({E.REPLAN, E.NEW_SCHEDULE, E.STOP_PENALTY})),
        OutcomeRule(OutcomeKind.PROMISE, frozenset(), frozenset({E.REMIND_DAY_BEFORE})),
    )
})


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: FieldValue
    after: FieldValue


@dataclass(frozen=True)
class Obligation:
    """A promise to pay ``amount`` by ``due``: reminded on ``remind_on`` (the day before)."""

    amount: Decimal
    due: date

    @property
    def remind_on(self) -> date:
        return self.due - timedelta(days=1)


@dataclass(frozen=True)
class DebtChange:
    """What one agreed outcome changed. ``entry``: the hash of the contact entry that
    caused it; ``outcome``: what was agreed (with oral or written)."""

    entry: str
    debt_id: int
    outcome: Outcome
    effective_on: date
    fields: tuple[FieldChange, ...]
    effects: frozenset[Effect]

    @property
    def kind(self) -> OutcomeKind:
        return self.outcome.kind

    @property
    def confirmation(self) -> Confirmation:
        return self.outcome.confirmation

    @property
    def oral(self) -> bool:
        return self.confirmation is Confirmation.ORAL

    @property
    def obligation(self) -> Obligation | None:
        """A promise to pay is an obligation, not a change of the debt's terms."""
        o = self.outcome
        if o.kind is OutcomeKind.PROMISE and o.amount is not None and o.on is not None:
            return Obligation(o.amount, o.on)
        return None


def _schedule(terms: DebtTerms, count: int, amount: Decimal) -> dict[str, FieldValue]:
    total = amount * count
    if total <= terms.balance:
        balance, apr = total, _ZERO  # the lender forgoes the rest: nothing else to pay
    else:
        balance = terms.balance
        try:
            apr = quoted_to_apr(QuotedRate(RateKind.INSTALMENTS, instalments=count,
                                           payment=amount, balance=balance))
        except CoachError:
            apr = None  # e.g. more instalments than the rates module solves for
    return {"balance": balance, "rate_kind": RateKind.INSTALMENTS.value, "rate_value": _ZERO,
            "rate_periods": count, "rate_amount": amount, "apr": apr, "min_kind": "fixed",
            "min_amount": amount, "min_percent": None, "min_floor": None}


def _after(terms: DebtTerms, entry: ContactEntry, on: date) -> dict[str, FieldValue]:
    o = entry.outcome
    k = o.kind
    if k is OutcomeKind.GRACE:
        return {"grace_until": o.on}
    if k is OutcomeKind.INSTALMENTS:
        assert o.count is not None and o.amount is not None  # Outcome checks its fields
        out = _schedule(terms, o.count, o.amount)
        out.update(overdue_amount=_ZERO, overdue_since=None, penalty_apr=None)
        if o.on is not None:
            out.update(due_day=o.on.day, next_due=o.on)
        return out
    if k is OutcomeKind.PENALTY_STOPPED:
        balance = max(_ZERO, terms.balance - (o.amount or _ZERO))
        return {"penalty_apr": None, "penalty_stopped_on": on, "balance": balance,
                "overdue_amount": min(terms.overdue_amount, balance)}
    if k is OutcomeKind.FEES_WAIVED:
        waived = o.amount if o.amount is not None else terms.fees
        balance = max(_ZERO, terms.balance - waived)
        return {"fees": max(_ZERO, terms.fees - waived), "balance": balance,
                "overdue_amount": min(terms.overdue_amount, balance)}
    if k is OutcomeKind.INTEREST_STOPPED:
        return {"apr": _ZERO, "rate_kind": RateKind.ANNUAL.value, "rate_value": _ZERO,
                "rate_periods": None, "rate_amount": None, "penalty_apr": None,
                "interest_free_from": on}
    if k is OutcomeKind.SETTLEMENT:
        assert o.amount is not None and o.on is not None
        return {"balance": o.amount, "overdue_amount": _ZERO, "overdue_since": None,
                "penalty_apr": None, "apr": _ZERO, "rate_kind": RateKind.ANNUAL.value,
                "rate_value": _ZERO, "rate_periods": None, "rate_amount": None,
                "min_kind": "fixed", "min_amount": o.amount, "min_percent": None,
                "min_floor": None, "due_day": None, "next_due": o.on, "settle_by": o.on}
    return {}


def change_for(entry: ContactEntry, terms: DebtTerms) -> DebtChange | None:
    """The change ``entry``'s outcome makes to ``terms`` (None: no agreement, refused, or
    a withdrawn entry). Only fields whose value changes are recorded. ``effective_on`` is
    the outcome's date for stop kinds, else the contact's local date. Raises
    ``ContactError`` (``contact.invalid``, field ``hash``) for an unsealed entry."""
    if not entry.hash:
        raise ContactError("contact.invalid", field="hash")
    o = entry.outcome
    if entry.withdrawn or not o.agreed:
        return None
    rule = OUTCOME_RULES[o.kind]
    contact_day = entry.occurred_at.astimezone(zone(entry.tz)).date()
    on = o.on if o.on is not None and o.kind in (
        OutcomeKind.PENALTY_STOPPED, OutcomeKind.INTEREST_STOPPED) else contact_day
    after = _after(terms, entry, on)
    assert set(after) <= rule.sets, (o.kind, set(after) - rule.sets)
    changed = tuple(
        FieldChange(name, getattr(terms, name), value)
        for name, value in sorted(after.items())
        if getattr(terms, name) != value
    )
    return DebtChange(entry.hash, entry.debt_id, o, on, changed, rule.effects)


def _with(terms: DebtTerms, values: Mapping[str, FieldValue]) -> DebtTerms:
    updates: dict[str, Any] = dict(values)
    return replace(terms, **updates)


def apply_change(terms: DebtTerms, change: DebtChange) -> DebtTerms:
    """``terms`` with the change's ``after`` values."""
    return _with(terms, {f.field: f.after for f in change.fields})


@dataclass(frozen=True)
class Reverted:
    terms: DebtTerms
    conflicts: tuple[str, ...]  # fields changed since: left as they are


def revert_change(terms: DebtTerms, change: DebtChange) -> Reverted:
    """Undo ``change``: each field back to its ``before`` value when it still holds the
    ``after`` value; a field changed since (by the user or a later outcome) is a conflict
    and keeps its current value."""
    restore: dict[str, FieldValue] = {}
    conflicts: list[str] = []
    for f in change.fields:
        if getattr(terms, f.field) == f.after:
            restore[f.field] = f.before
        else:
            conflicts.append(f.field)
    return Reverted(_with(terms, restore), tuple(conflicts))


@dataclass(frozen=True)
class Reapplied:
    terms: DebtTerms
    change: DebtChange | None  # the new version's change (None: nothing agreed any more)
    conflicts: tuple[str, ...]


def reapply(terms: DebtTerms, old: DebtChange | None, new: ContactEntry) -> Reapplied:
    """A contact was corrected or withdrawn (``new`` is the sealed correction): revert the
    change its earlier version caused (``old``), then apply the new version's outcome."""
    conflicts: tuple[str, ...] = ()
    if old is not None:
        reverted = revert_change(terms, old)
        terms, conflicts = reverted.terms, reverted.conflicts
    change = change_for(new, terms)
    if change is not None:
        terms = apply_change(terms, change)
    return Reapplied(terms, change, conflicts)


def obligations(changes: Iterable[DebtChange]) -> list[Obligation]:
    """The promises among ``changes`` (pass the ones not reverted), by due date."""
    return sorted((c.obligation for c in changes if c.obligation is not None),
                  key=lambda o: (o.due, o.amount))


def check_promise(amount: Decimal, available: Decimal,
                  already_promised: Decimal = _ZERO) -> Line | None:
    """A warning when a promise exceeds what the plan can fund: ``available`` is the
    plan's money for that month (for this debt, or the free money, as the caller
    decides), ``already_promised`` other promises due that month. Line
    ``outcome.promise_exceeds`` with ``amount``, ``available`` and ``gap``."""
    if amount <= 0:
        raise ContactError("contact.invalid", field="outcome.amount")
    gap = amount + already_promised - max(available, _ZERO)
    if gap <= 0:
        return None
    return line("outcome.promise_exceeds", amount=amount, available=max(available, _ZERO), gap=gap)


def describe(change: DebtChange) -> list[Line]:
    """What changed, for the confirmation: ``outcome.change.<kind>`` with its params,
    then whether it is oral (``outcome.oral``: ask for it in writing) or written."""
    o = change.outcome
    params: dict[str, Any] = {}
    if o.kind in (OutcomeKind.GRACE, OutcomeKind.SETTLEMENT, OutcomeKind.PROMISE):
        params = {"amount": o.amount, "date": o.on} if o.amount is not None else {"date": o.on}
    elif o.kind is OutcomeKind.INSTALMENTS:
        params = {"count": o.count, "amount": o.amount}
    elif o.kind in (OutcomeKind.PENALTY_STOPPED, OutcomeKind.INTEREST_STOPPED):
        params = {"date": change.effective_on}
    key = f"outcome.change.{o.kind.value}"
    if o.kind in (OutcomeKind.PENALTY_STOPPED, OutcomeKind.FEES_WAIVED) and o.amount is not None:
        key, params["amount"] = key + "_amount", o.amount
    out = [line(key, **params)]
    out.append(line("outcome.oral" if change.oral else "outcome.written"))
    return out

