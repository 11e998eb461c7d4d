"""What each step of /paid shows (bot/services/payments.py's view models): the debt to
choose, the amount and date asked, the card before Save, and what was recorded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from bot.services.base import Invalid, Refusal
from coach.errors import CoachError
from coach.records import Debt, Payment

__all__ = ["AskAmount", "AskDate", "Cancelled", "ChooseDebt", "ConfirmPayment", "FutureDate",
           "NoDebts", "PayView", "Recorded", "RemindLater"]


@dataclass(frozen=True)
class ChooseDebt:
    debts: tuple[Debt, ...]
    of_name: str | None = None  # several matched this name
    no_match: str | None = None  # nothing matched this name: all debts are offered


@dataclass(frozen=True)
class NoDebts:
    pass


@dataclass(frozen=True)
class AskAmount:
    """How much was paid to ``debt``; ``error``: why the amount typed with /paid was not
    taken (``/paid 花呗 0``): the next message is the amount."""

    debt: Debt
    error: CoachError | None = None


@dataclass(frozen=True)
class AskDate:
    pass


@dataclass(frozen=True)
class FutureDate:
    """A payment date still to come: record it for today, or be reminded that day."""

    on: date
    today: date


@dataclass(frozen=True)
class RemindLater:
    """A reminder on ``on`` (at ``at``, the user's local time) to record the payment."""

    debt: Debt
    on: date
    at: datetime


@dataclass(frozen=True)
class ConfirmPayment:
    """The payment before Save; ``to_overdue``: the part that would go to arrears;
    ``penalty``: the penalty interest estimated on the arrears so far (0: none known),
    owed on top of the balance, as the debt card and /plan count it."""

    debt: Debt
    amount: Decimal
    paid_on: date
    token: str
    to_overdue: Decimal = Decimal(0)
    penalty: Decimal = Decimal(0)
    #: The part that pays the penalty so far (first, as lenders apply payments).
    to_penalty: Decimal = Decimal(0)

    @property
    def owed(self) -> Decimal:
        """The balance and the penalty so far."""
        return self.debt.balance + self.penalty

    @property
    def over_balance(self) -> bool:
        """More than everything owed (the penalty included)."""
        return self.amount > self.owed

    @property
    def clears_penalty(self) -> bool:
        """Everything owed, the penalty included, and no more: it pays the debt off."""
        return self.penalty > 0 and self.amount == self.owed


@dataclass(frozen=True)
class Recorded:
    debt: Debt  # after the payment
    payment: Payment
    created: bool  # False: this payment was recorded before (a double tap)

    @property
    def paid_off(self) -> bool:
        return self.debt.status == "paid_off"


@dataclass(frozen=True)
class Cancelled:
    pass


PayView = (ChooseDebt | NoDebts | AskAmount | AskDate | ConfirmPayment | Recorded | Cancelled
           | FutureDate | RemindLater | Refusal | Invalid)
