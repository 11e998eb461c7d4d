"""What is on record: a debt and a payment, as small frozen value types.

Repositories map database rows to these and back (storage/debts.py); services and
renderers only ever see these. The rules about a debt live here, once: its minimum
(``MinimumRule.due``, rounded through coach.money), its next due date, its cost, and
the draft that edits it. Money is ``Decimal``; rates are fractions (0.18 = 18%).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from coach.debts import DebtDraft, minimum_to_dict, next_due_on, quoted_to_dict
from coach.lenders import LenderType
from coach.parsing.minimum import MinimumRule
from coach.rates import NormalisedRate, QuotedRate, RateKind, schedule_value

__all__ = ["EDITED_STEPS", "Debt", "Payment", "after_payment"]

#: The questions an edit draft counts as answered (every one: Edit picks a field).
EDITED_STEPS = ("lender", "type", "taken", "balance", "rate", "minimum", "due", "overdue",
                "bureau")


@dataclass(frozen=True, slots=True)
class Debt:
    """A debt the user saved.

    ``balance`` is what is owed now (payments already taken off); ``overdue_amount`` and
    ``overdue_since`` are the arrears as the user stated them at ``stated_at`` (recording
    the debt or editing those answers): payments never change them, the billing model
    replays the payments recorded since against them (:mod:`coach.billing`); ``quote`` is
    the rate as the user gave it and ``apr`` its nominal APR (None: unknown);
    ``penalty_apr`` the penalty interest while overdue; ``due_day`` a monthly due day
    and ``next_due`` a fixed date (one-off loans, or the date typed). With an up-front
    fee, ``principal`` is what was borrowed, ``received`` what arrived (the APR is on
    it) and ``balance`` the payments still to make. ``bureau`` is
    ``"yes" | "no" | "unknown"``; ``status`` ``"active" | "paid_off"``.
    """

    id: int
    lender: str
    balance: Decimal
    lender_type: LenderType = LenderType.UNKNOWN
    taken_on: date | None = None
    taken_precision: str | None = None
    quote: QuotedRate | None = None
    rate_text: str | None = None
    apr: Decimal | None = None
    minimum: MinimumRule | None = None
    due_day: int | None = None
    next_due: date | None = None
    overdue_since: date | None = None
    overdue_amount: Decimal = Decimal(0)
    stated_at: datetime | None = None
    penalty_apr: Decimal | None = None
    fees: Decimal = Decimal(0)
    bureau: str = "unknown"
    purpose: str | None = None
    auto_debit: bool = False
    auto_debit_account: str | None = None
    muted: bool = False
    status: str = "active"
    token: str = ""
    created_at: datetime | None = None
    last4: str | None = None  # a card's last four digits, to match pasted bills
    principal: Decimal | None = None  # borrowed, when less arrived (an up-front fee)
    received: Decimal | None = None  # the money that arrived; the APR is on it

    @property
    def is_overdue(self) -> bool:
        """Arrears were *stated*; what is overdue today is the billing state's."""
        return self.overdue_amount > 0

    @property
    def active(self) -> bool:
        return self.status == "active"

    @property
    def is_card(self) -> bool:
        return self.lender_type is LenderType.CREDIT_CARD

    def minimum_due(self) -> Decimal | None:
        """This cycle's minimum (or instalment), capped at the balance; None without a rule."""
        return self.minimum.due(self.balance) if self.minimum is not None else None

    def next_due_on(self, today: date) -> date | None:
        """The next due date on or after ``today`` (a monthly day, or the fixed date)."""
        return next_due_on(self.due_day, self.next_due, today)

    def cost(self) -> NormalisedRate | None:
        """The quoted rate as APR and effective annual rate; None when unknown."""
        if self.quote is None:
            return None
        return self.draft().cost()

    def draft(self) -> DebtDraft:
        """This debt as a draft, for editing one field at a time (Save updates it)."""
        quote = self.quote
        if quote is not None and quote.kind is RateKind.INSTALMENTS:
            # The schedule's APR is the contract's, fixed when it was saved: the money the
            # schedule repays at that APR, not the balance after payments (1,200 for
            # 12 x 110 at 17.97%, never 1,090 after one payment, which would read 36.91%).
            base = None
            if self.apr is not None and quote.payment and quote.instalments:
                base = schedule_value(quote.payment, quote.instalments, self.apr)
            elif quote.payment and quote.instalments and self.received is None:
                # No rate could be worked out: the balance was the schedule, and stays so.
                base = quote.payment * quote.instalments
            quote = replace(quote, balance=base)
        return DebtDraft(
            token=self.token,
            mode="edit",
            lender=self.lender,
            lender_type=self.lender_type.value,
            taken_on=self.taken_on.isoformat() if self.taken_on else None,
            taken_precision=self.taken_precision,
            balance=str(self.balance),
            rate=None if quote is None else quoted_to_dict(quote),
            rate_unknown=quote is None,
            rate_text=self.rate_text,
            minimum=None if self.minimum is None else minimum_to_dict(self.minimum),
            due_on=self.next_due.isoformat() if self.next_due else None,
            due_day=self.due_day,
            overdue=self.is_overdue or self.overdue_since is not None,
            overdue_since=self.overdue_since.isoformat() if self.overdue_since else None,
            overdue_amount=str(self.overdue_amount) if self.overdue_amount else None,
            penalty=None if self.penalty_apr is None else quoted_to_dict(
                QuotedRate(RateKind.ANNUAL, rate=self.penalty_apr)
            ),
            fees=str(self.fees) if self.fees else None,
            bureau=self.bureau,
            purpose=self.purpose,
            edit_id=self.id,
            answered=EDITED_STEPS,
            principal=None if self.principal is None else str(self.principal),
            received=None if self.received is None else str(self.received),
            last4=self.last4,
        )


@dataclass(frozen=True, slots=True)
class Payment:
    """A recorded payment: ``amount`` paid on ``paid_on`` (the user's local date), of which
    ``to_overdue`` went to the arrears."""

    id: int
    debt_id: int
    amount: Decimal
    paid_on: date
    to_overdue: Decimal = Decimal(0)
    token: str = ""
    created_at: datetime | None = None


def after_payment(debt: Debt, amount: Decimal) -> Debt:
    """The debt after paying ``amount``: the balance lower; at zero the debt is paid off.

    The stated arrears are not touched: the billing model replays every payment recorded
    after the statement against them, arrears first and oldest first
    (:func:`coach.billing.billing_state`), which also says how much of this payment went
    to the arrears. ``amount`` must be positive (``ValueError`` otherwise). Paying more
    than the balance pays it off.
    """
    if amount <= 0:
        raise ValueError("a payment must be positive")
    balance = max(debt.balance - amount, Decimal(0))
    return replace(debt, balance=balance, status="paid_off" if balance == 0 else debt.status)
