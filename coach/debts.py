"""A debt being recorded: the draft, its questions, and what it costs.

The draft is plain data (JSON-able via :meth:`DebtDraft.to_dict`), kept in the
database between the user's answers so nothing is lost on a restart, and
nothing is stored as a debt before the user taps Save.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from coach.errors import ParseError
from coach.lenders import LenderType, find_platform
from coach.parsing import DueDate, next_due_date
from coach.parsing.minimum import MinimumRule as MinimumRule  # moved; importable from here
from coach.parsing.minimum import parse_minimum as parse_minimum
from coach.parsing.schedule import parse_schedule
from coach.rates import NormalisedRate, QuotedRate, RateKind, normalise

#: The questions of the guided flow, in order. Conditional ones are skipped when
#: they don't apply (see :func:`next_step`).
STEPS = (
    "lender", "type", "taken", "balance", "rate", "received", "minimum", "due",
    "overdue", "overdue_since", "overdue_amount", "penalty", "bureau", "purpose",
)
#: The quick form (``/adddebt 花呗 5000 年化18% 12月10日``) asks only for these when missing.
QUICK_STEPS = ("lender", "type", "balance", "rate", "minimum", "due", "purpose")
#: Fields the confirmation card's Edit offers.
EDITABLE = ("lender", "type", "taken", "balance", "rate", "minimum", "due", "overdue", "bureau")
OPTIONAL = frozenset({"taken", "rate", "received", "minimum", "due", "penalty", "purpose"})


def quoted_to_dict(q: QuotedRate) -> dict[str, Any]:
    return {
        "kind": q.kind.value,
        "rate": str(q.rate),
        "instalments": q.instalments,
        "payment": None if q.payment is None else str(q.payment),
        "balance": None if q.balance is None else str(q.balance),
        "day_basis": q.day_basis,
    }


def quoted_from_dict(d: dict[str, Any]) -> QuotedRate:
    return QuotedRate(
        kind=RateKind(d["kind"]),
        rate=Decimal(d["rate"]),
        instalments=d.get("instalments"),
        payment=None if d.get("payment") is None else Decimal(d["payment"]),
        balance=None if d.get("balance") is None else Decimal(d["balance"]),
        day_basis=int(d.get("day_basis", 365)),
    )


def parse_instalments(text: str) -> QuotedRate | None:
    """``12x1060``, ``12期x1060``, ``剩12期每期1060``, ``12 instalments of 1060``; else None.

    :func:`coach.parsing.schedule.parse_schedule` as a quote; raises its codes
    (``instalments.out_of_range``, the payment's amount code) for a schedule
    with a wrong part.
    """
    schedule = parse_schedule(text)
    return None if schedule is None else schedule.as_quote()


@dataclass(frozen=True)
class DebtDraft:
    KIND: ClassVar[str] = "adddebt"

    token: str
    mode: str = "full"  # "full" | "quick" | "edit"
    lender: str | None = None
    lender_type: str | None = None
    taken_on: str | None = None  # ISO date
    taken_precision: str | None = None  # "day" | "month" | "unknown"
    balance: str | None = None
    rate: dict[str, Any] | None = None
    rate_unknown: bool = False
    rate_text: str | None = None
    minimum: dict[str, Any] | None = None
    due_on: str | None = None
    due_day: int | None = None
    due_passed: str | None = None  # ISO date: a due date typed in the past ("Was it paid?")
    overdue: bool | None = None
    overdue_since: str | None = None
    overdue_amount: str | None = None
    penalty: dict[str, Any] | None = None
    fees: str | None = None
    bureau: str | None = None
    purpose: str | None = None
    edit_id: int | None = None
    answered: tuple[str, ...] = field(default_factory=tuple)
    # Up-front fees (砍头息): the amount borrowed and the money that actually arrived.
    principal: str | None = None
    received: str | None = None
    last4: str | None = None  # a card's last four digits (from a pasted bill)
    unparsed: tuple[str, ...] = field(default_factory=tuple)  # one-line words not understood
    instalments_left: int | None = None  # 剩12期 without the payment: asked with the minimum

    # -- conversion -----------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["answered"] = list(self.answered)
        d["unparsed"] = list(self.unparsed)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DebtDraft:
        known = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        known["answered"] = tuple(known.get("answered") or ())
        known["unparsed"] = tuple(known.get("unparsed") or ())
        return cls(**known)

    def answer(self, step: str, **fields: Any) -> DebtDraft:
        answered = self.answered if step in self.answered else (*self.answered, step)
        return replace(self, answered=answered, **fields)

    def with_lender(self, name: str) -> DebtDraft:
        """Set the lender; a known platform also fills in its type."""
        platform = find_platform(name)
        if platform is not None:
            return self.answer("lender", lender=name, lender_type=platform.lender_type.value).answer(
                "type"
            )
        return self.answer("lender", lender=name)

    # -- typed views -----------------------------------------------------------------
    @property
    def quoted(self) -> QuotedRate | None:
        return None if self.rate is None else quoted_from_dict(self.rate)

    @property
    def balance_value(self) -> Decimal | None:
        return None if self.balance is None else Decimal(self.balance)

    @property
    def received_value(self) -> Decimal | None:
        """The money that arrived, when less than borrowed was paid out (None: all of it)."""
        return None if self.received is None else Decimal(self.received)

    @property
    def principal_value(self) -> Decimal | None:
        return None if self.principal is None else Decimal(self.principal)

    @property
    def taken_date(self) -> date | None:
        return date.fromisoformat(self.taken_on) if self.taken_on else None

    @property
    def type_value(self) -> LenderType:
        return LenderType(self.lender_type) if self.lender_type else LenderType.UNKNOWN

    @property
    def due(self) -> DueDate | None:
        if self.due_on:
            return DueDate(on=date.fromisoformat(self.due_on), day_of_month=None)
        if self.due_day:
            return DueDate(on=None, day_of_month=self.due_day)
        return None

    @property
    def minimum_rule(self) -> MinimumRule | None:
        if self.minimum is None:
            return None
        m = self.minimum

        def dec(key: str) -> Decimal | None:
            return None if m.get(key) is None else Decimal(m[key])

        return MinimumRule(m["kind"], dec("amount"), dec("percent"), dec("floor"))

    @property
    def schedule_is_balance(self) -> bool:
        """An instalment schedule (N x payment) whose sum is the balance itself, nothing
        received stated: ``12x1060`` owing 12,720. The balance already holds the interest,
        so the rate cannot be worked out (0% only if it is interest-free): :meth:`cost`
        is None and the plan counts no interest on top of the payments."""
        q = self.quoted
        if (q is None or q.kind is not RateKind.INSTALMENTS or not q.payment
                or not q.instalments or self.received_value is not None):
            return False
        principal = q.balance if q.balance is not None else self.balance_value
        return principal is not None and principal == q.payment * q.instalments

    def cost(self) -> NormalisedRate | None:
        """The rate as APR and effective annual rate; None when unknown or unsolvable
        (also when :attr:`schedule_is_balance`: 0% would be a guess).

        A schedule of payments repays the money that arrived: with an up-front fee
        (``received``), its APR is on that amount (rules.md §1.1d, §1.2: A₀ is the cash
        actually disbursed), else on the balance.
        """
        q = self.quoted
        if q is None or self.schedule_is_balance:
            return None
        base = self.received_value or self.balance_value
        if q.kind is RateKind.INSTALMENTS and q.balance is None and base:
            q = replace(q, balance=base)
        try:
            return normalise(q, self.balance_value)
        except (ParseError, ValueError):
            return None


def minimum_to_dict(rule: MinimumRule) -> dict[str, Any]:
    return {
        "kind": rule.kind,
        "amount": None if rule.amount is None else str(rule.amount),
        "percent": None if rule.percent is None else str(rule.percent),
        "floor": None if rule.floor is None else str(rule.floor),
    }


def needs(draft: DebtDraft, step: str, today: date) -> bool:
    """Whether a step applies to this draft at all."""
    if step in ("overdue_since", "overdue_amount", "penalty"):
        return draft.overdue is True
    if step == "type":
        return True
    if step == "received":
        # "Did the full amount arrive?": where an up-front fee is usual (instalment and
        # private loans), never for a card (a card's balance is what was spent).
        if draft.type_value is LenderType.CREDIT_CARD or draft.balance_value is None:
            return False
        q = draft.quoted
        return draft.type_value is LenderType.PRIVATE or (
            q is not None and q.kind is RateKind.INSTALMENTS
        )
    if step == "bureau":
        # A friend or relative does not report to the PBOC credit system (rules.md §5):
        # the question would only puzzle the user.
        return draft.type_value is not LenderType.PRIVATE
    if step == "purpose":
        taken = draft.taken_date
        return taken is not None and 0 <= (today - taken).days <= 30
    return True


def next_step(draft: DebtDraft, today: date) -> str | None:
    """The next unanswered question, or None when the draft is ready to confirm."""
    steps = QUICK_STEPS if draft.mode == "quick" else STEPS
    if draft.mode == "edit":
        return None
    for step in steps:
        if step in draft.answered or not needs(draft, step, today):
            continue
        return step
    return None


def is_complete(draft: DebtDraft) -> bool:
    return bool(draft.lender) and draft.balance is not None


def stored_due(draft: DebtDraft) -> tuple[int | None, date | None]:
    """The due day and date a saved debt keeps for this draft: ``(due_day, next_due)``.

    A monthly debt keeps its day of the month (a typed date gives its day); a private
    loan given a date is one-off: that date, no monthly day. Saving (storage) and the
    confirmation card both read this, so the card shows what :func:`next_due_on` will.
    """
    due_on = date.fromisoformat(draft.due_on) if draft.due_on else None
    if due_on is not None and draft.type_value is LenderType.PRIVATE:
        return None, due_on
    return (draft.due_day or (due_on.day if due_on else None)), due_on


def next_due_on(due_day: int | None, due_on: date | None, today: date) -> date | None:
    """The next due date: the day of the month from today on, or a fixed date."""
    if due_day:
        return next_due_date(due_day, today)
    return due_on
