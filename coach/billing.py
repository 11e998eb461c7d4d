"""Billing cycles and arrears: the one place that knows due dates, what each cycle
requires, what is overdue and since when.

Inputs are frozen values: the debt's :class:`Terms`, the arrears the user
:class:`Stated` when recording or editing the debt, the :class:`Payment` s recorded since,
and ``today`` (the user's local date). :func:`billing_state` returns a
:class:`BillingState`: the next due date and this cycle's requirement, the
:class:`Arrears` (each unpaid item with its due date, and whether the user stated it or
the bot detected it), penalty interest on them where the rate is known, and whether
follow-ups should continue.

Rules (issue 10):

1. Due dates. A monthly due day (29-31 fall on the last day of shorter months) or one
   one-off date. Only due dates after the statement's local date count: before it, the
   user's statement says what was overdue (the nudges' ``tracked_since`` rule).
2. What a cycle requires: the instalment (the k-th due date on or after
   ``Instalments.counted_from`` is instalment k of N; none after the N-th), else the
   minimum rule (:meth:`coach.debts.MinimumRule.due`) of the balance at the start of the
   cycle, else, for a one-off date, the whole balance. It is capped at the part of that
   balance not already in arrears when the cycle starts (花呗 ¥8,600 all overdue requires
   nothing more). The balance at a cycle's start is today's balance plus the payments
   dated after it (interest is not reconstructed: an estimate, the lender's bill decides).
3. A due date is missed from the next day on: its unpaid part becomes an arrears item
   ("detected"). The stated amount is an item too ("stated"), due on its ``since``.
4. A payment counts for the first due date on or after the day it was made. It goes to
   the arrears first, oldest first, then to that cycle's requirement; more than that
   lowers the balance only (it never pre-pays the next cycle). Only payments recorded
   after the statement count: earlier ones are already in what the user stated.
   So a part payment lowers the amount asked, and clearing an arrear never cancels the
   next cycle's requirement.
5. Penalty interest (when ``Terms.penalty_apr`` is known): simple daily interest on each
   arrears item, from its due date, on what was unpaid day by day (basis of
   :func:`coach.overdue.penalty_accrued`: APR / 365 a day, actual days, no compounding,
   rounded half-up once per item). A payment pays the penalty accrued by its date first,
   then the arrears (charges and interest before principal, as lenders apply payments:
   Civil Code art. 561); penalty accrued on an item later cleared stays owed until paid.
   :attr:`BillingState.penalty_paid` is what the payments covered of it, so the balance
   is lowered by the rest only. An estimate; the contract decides.
6. Follow-ups continue while any arrear is unpaid.

"I did pay this": :func:`correction` gives the payment that records a detected item as
paid on its due date; with no older arrears open it clears exactly that item.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Literal

from coach.debts import MinimumRule
from coach.errors import CoachError
from coach.money import Rounding, round_money
from coach.parsing.calendar import next_due_date
from coach.rates import DAYS_PER_YEAR

__all__ = [
    "Arrears",
    "BillingError",
    "BillingState",
    "Correction",
    "Cycle",
    "Instalments",
    "Origin",
    "Payment",
    "Stated",
    "Terms",
    "Unpaid",
    "billing_state",
    "correction",
]

Origin = Literal["stated", "detected"]
_ZERO = Decimal(0)
_DAY = timedelta(days=1)


class BillingError(CoachError, ValueError):
    """Invalid billing input. Codes: ``billing.negative_amount`` (params ``field``),
    ``billing.bad_due_day`` (``day``), ``billing.bad_instalments`` (``remaining``)."""

    code = "billing.invalid"


def _non_negative(value: Decimal | None, name: str) -> None:
    if value is not None and value < 0:
        raise BillingError("billing.negative_amount", field=name)


@dataclass(frozen=True)
class Instalments:
    """``remaining`` payments of ``payment``; the first falls on the first due date on or
    after ``counted_from`` (the day the schedule was stated)."""

    remaining: int
    payment: Decimal
    counted_from: date

    def __post_init__(self) -> None:
        if self.remaining < 0:
            raise BillingError("billing.bad_instalments", remaining=self.remaining)
        _non_negative(self.payment, "instalment")


@dataclass(frozen=True)
class Terms:
    """A debt's terms. ``balance``: what is owed today, after every recorded payment.
    ``due_day`` (1-31, monthly) or ``due_on`` (a one-off date; ignored with a due day).
    ``instalments`` wins over ``minimum``. ``penalty_apr``: a fraction, None if unknown."""

    balance: Decimal
    due_day: int | None = None
    due_on: date | None = None
    minimum: MinimumRule | None = None
    instalments: Instalments | None = None
    penalty_apr: Decimal | None = None

    def __post_init__(self) -> None:
        _non_negative(self.balance, "balance")
        _non_negative(self.penalty_apr, "penalty_apr")
        if self.due_day is not None and not 1 <= self.due_day <= 31:
            raise BillingError("billing.bad_due_day", day=self.due_day)


@dataclass(frozen=True)
class Stated:
    """What the user said when recording or last editing the debt's overdue answer.

    ``amount`` 0 means "not overdue". ``since``: the earliest unpaid due date they gave
    (None: unknown, taken as ``stated_on``). ``stated_on``: the user's local date of the
    statement; ``stated_at``: the moment, comparable with ``Payment.recorded_at``.
    """

    amount: Decimal
    since: date | None
    stated_on: date
    stated_at: datetime

    def __post_init__(self) -> None:
        _non_negative(self.amount, "stated")


@dataclass(frozen=True)
class Payment:
    """A recorded payment: the date it was made, the amount, when it was recorded."""

    paid_on: date
    amount: Decimal
    recorded_at: datetime

    def __post_init__(self) -> None:
        _non_negative(self.amount, "payment")


@dataclass(frozen=True)
class Unpaid:
    """One arrears item: the due date missed, what it required, what is still unpaid,
    who said so, and the penalty interest accrued on it (None when the rate is unknown)."""

    due: date
    required: Decimal
    remaining: Decimal
    origin: Origin
    penalty: Decimal | None


@dataclass(frozen=True)
class Arrears:
    """The unpaid items, oldest first. ``unpaid`` is their sum, ``penalty`` the penalty
    interest on them (None when the rate is unknown), ``total`` both."""

    items: tuple[Unpaid, ...]
    unpaid: Decimal
    penalty: Decimal | None

    @property
    def total(self) -> Decimal:
        return self.unpaid + (self.penalty or _ZERO)

    @property
    def since(self) -> date | None:
        """The earliest unpaid due date (None when nothing is overdue)."""
        return self.items[0].due if self.items else None


@dataclass(frozen=True)
class Cycle:
    """The next due date (on or after today) and what it requires: ``required`` (capped
    at the balance not in arrears), ``paid`` toward it so far, ``remaining`` to pay.
    ``instalment`` is k (of ``Instalments.remaining``) on a schedule, else None."""

    due: date
    required: Decimal
    paid: Decimal
    remaining: Decimal
    instalment: int | None = None


@dataclass(frozen=True)
class BillingState:
    """One debt's billing today. ``follow_up``: arrears remain, keep following up."""

    today: date
    balance: Decimal
    arrears: Arrears
    cycle: Cycle | None
    #: Of the payments replayed, what went to penalty interest (rule 5).
    penalty_paid: Decimal = _ZERO

    @property
    def owed(self) -> Decimal:
        """What clears the debt today: the balance and the penalty interest so far on the
        arrears (charged on top of it). Every screen's "owed" is this."""
        return self.balance + (self.arrears.penalty or _ZERO)

    @property
    def follow_up(self) -> bool:
        return self.arrears.unpaid > 0

    @property
    def next_due(self) -> date | None:
        return None if self.cycle is None else self.cycle.due


@dataclass(frozen=True)
class Correction:
    """"I did pay this": record ``amount`` paid on ``paid_on`` (the screen lets the user
    edit both before saving)."""

    paid_on: date
    amount: Decimal


def correction(item: Unpaid) -> Correction:
    """The payment that records a detected missed payment as made on its due date: the
    unpaid amount, dated on the due date. With no older item open it clears exactly this
    item (rule 4 puts a payment on older arrears first, as lenders do)."""
    return Correction(item.due, item.remaining)


class _Item:
    """A mutable arrears item while the timeline is replayed (cents)."""

    __slots__ = ("due", "origin", "paid_log", "remaining", "required")

    def __init__(self, due: date, required: int, origin: Origin) -> None:
        self.due = due
        self.required = required
        self.remaining = required
        self.origin: Origin = origin
        self.paid_log: list[tuple[date, int]] = []

    def take(self, on: date, amount: int) -> int:
        part = min(amount, self.remaining)
        if part:
            self.remaining -= part
            self.paid_log.append((on, part))
        return part


def _cents(amount: Decimal) -> int:
    return int(round_money(amount) * 100)


def _dec(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)  # exact, two places


def _due_dates(terms: Terms, after: date) -> Iterator[date]:
    """Due dates strictly after ``after``, in order (endless for a monthly day)."""
    if terms.due_day is not None:
        d = next_due_date(terms.due_day, after + _DAY)
        while True:
            yield d
            d = next_due_date(terms.due_day, d + _DAY)
    elif terms.due_on is not None and terms.due_on > after:
        yield terms.due_on


def _instalment_number(terms: Terms, due: date) -> int | None:
    """k when ``due`` is the k-th due date on or after ``counted_from`` (a schedule)."""
    plan = terms.instalments
    if plan is None:
        return None
    if due < plan.counted_from:
        return 0  # before the schedule was stated: not one of its instalments
    k = 0
    for d in _due_dates(terms, plan.counted_from - _DAY):
        k += 1
        if d >= due:
            return k
    return None


def _rule_amount(terms: Terms, due: date, start_balance: Decimal) -> tuple[Decimal, int | None]:
    """What the cycle ending ``due`` asks, before the arrears cap; and its instalment k."""
    if terms.instalments is not None:
        k = _instalment_number(terms, due)
        if k is not None and k <= terms.instalments.remaining:
            return min(terms.instalments.payment, start_balance), k
        return _ZERO, k
    if terms.minimum is not None:
        amount = terms.minimum.due(start_balance)
        if amount is not None:
            return amount, None
    if terms.due_day is None:  # a one-off date with no rule: the whole balance
        return start_balance, None
    return _ZERO, None


def _penalty(item: _Item, apr: Decimal, today: date) -> Decimal:
    """Simple daily interest on what the item left unpaid each day from its due date."""
    owed = item.required - sum(a for on, a in item.paid_log if on <= item.due)
    amount_days = 0
    at = item.due
    for on, part in item.paid_log:
        if on <= item.due:
            continue
        end = min(on, today)
        if end > at:
            amount_days += owed * (end - at).days
            at = end
        owed -= part
    if today > at:
        amount_days += owed * (today - at).days
    return round_money(Decimal(amount_days) / 100 * apr / DAYS_PER_YEAR, Rounding.SHOWN)


def billing_state(
    terms: Terms, stated: Stated, payments: Iterable[Payment], today: date
) -> BillingState:
    """Replay the statement, due dates and payments up to ``today`` (rules in module doc).

    Returns the :class:`BillingState`. Raises :class:`BillingError` for invalid values.
    Runs in time linear in the months since the statement plus the payments (with a
    penalty rate, a few times over: see :func:`_replay`).
    """
    counted = sorted(
        (p for p in payments if p.recorded_at > stated.stated_at and p.amount > 0),
        key=lambda p: (p.paid_on, p.recorded_at),
    )
    parts = [0] * len(counted)
    state, found = _replay(terms, stated, counted, today, parts)
    # The parts settle in a replay or two. Where the cap on stated arrears larger than
    # the debt makes them swing by a cent, they are then only let grow, which ends it.
    for attempt in range(8):
        if found == parts:
            break
        parts = found if attempt < 4 else [max(a, b) for a, b in zip(parts, found, strict=True)]
        state, found = _replay(terms, stated, counted, today, parts)
    return state


def _replay(terms: Terms, stated: Stated, counted: list[Payment], today: date,
            parts: list[int]) -> tuple[BillingState, list[int]]:
    """One replay of :func:`billing_state`, given each payment's penalty part (cents) in
    ``parts``: the balance at a cycle's start is today's plus the principal parts of the
    payments after it (the balance was lowered by those only, rule 5). Returns the state
    and the penalty parts this replay found; the caller replays until they agree."""
    balance = _cents(terms.balance)
    # paid after the cycle start, principal only
    after_total = sum(_cents(p.amount) - part for p, part in zip(counted, parts, strict=True))
    found = [0] * len(counted)
    open_items: list[_Item] = []
    if stated.amount > 0:
        first = min(_cents(stated.amount), balance + after_total)
        open_items.append(_Item(stated.since or stated.stated_on, first, "stated"))
    queue = list(counted)
    qi = 0
    apr = terms.penalty_apr
    penalty_paid = 0  # cents

    def penalty_due(on: date) -> int:
        """Penalty accrued on every item by ``on`` and not yet paid (cents)."""
        if apr is None:
            return 0
        return sum(_cents(_penalty(i, apr, on)) for i in open_items) - penalty_paid

    def pay_window(last_day: date | None, cycle: _Item | None) -> None:
        """Apply payments dated up to ``last_day`` (all if None): the penalty so far, the
        arrears, then the cycle."""
        nonlocal qi, after_total, penalty_paid
        while qi < len(queue) and (last_day is None or queue[qi].paid_on <= last_day):
            p = queue[qi]
            amount = _cents(p.amount)
            after_total -= amount - parts[qi]
            to_penalty = min(amount, max(penalty_due(min(p.paid_on, today)), 0))
            found[qi] = to_penalty
            qi += 1
            penalty_paid += to_penalty
            amount -= to_penalty
            for item in open_items:  # all overdue by now: earlier cycles, or stated
                if item.remaining:
                    amount -= item.take(p.paid_on, amount)
                    if not amount:
                        break
            if amount and cycle is not None:
                cycle.take(p.paid_on, amount)

    current: Cycle | None = None
    for due in _due_dates(terms, stated.stated_on):
        start_balance = balance + after_total
        outstanding = sum(i.remaining for i in open_items)
        asked, k = _rule_amount(terms, due, _dec(start_balance))
        required = max(min(_cents(asked), start_balance - outstanding), 0)
        item = _Item(due, required, "detected")
        if due >= today:
            pay_window(None, item)
            current = Cycle(
                due, _dec(required), _dec(required - item.remaining), _dec(item.remaining), k
            )
            break
        pay_window(due, item)
        if item.remaining:
            open_items.append(item)
        if k is not None and terms.instalments is not None and k >= terms.instalments.remaining:
            break  # the schedule has ended: no further cycles
    pay_window(None, None)
    still = [i for i in open_items if i.remaining]
    items = tuple(
        Unpaid(
            i.due,
            _dec(i.required),
            _dec(i.remaining),
            i.origin,
            None if apr is None else _penalty(i, apr, today),
        )
        for i in sorted(still, key=lambda i: i.due)
    )
    # Owed penalty: accrued on every item, cleared ones too, less what payments covered.
    penalty = None if apr is None else _dec(max(penalty_due(today), 0))
    unpaid = sum((i.remaining for i in items), _ZERO)
    return BillingState(today, terms.balance, Arrears(items, unpaid, penalty), current,
                        _dec(penalty_paid)), found
