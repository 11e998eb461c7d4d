"""Drafts: what a user typed in a conversation but has not confirmed yet.

Every flow keeps its answers in one typed draft (nothing is saved as data before the
user confirms). A draft type has a ``KIND`` (its key in the draft store, the same as its
conversation's name), ``to_dict()`` for storage as JSON, and ``from_dict()`` which also
reads what earlier releases wrote (unknown keys are ignored, missing ones default).
Drafts end with their conversation: done, cancelled or timed out, the draft is deleted.

The big drafts live beside their domain: :class:`coach.debts.DebtDraft`,
:class:`coach.budget_input.BudgetFlow`, :class:`coach.offers.CheckDraft`. The small
ones are here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, Protocol, Self, TypeVar

from coach.rates import QuotedRate, RateKind

__all__ = [
    "AutoDebitDraft", "CheckDraft", "DraftType", "OnboardingDraft", "PaymentDraft", "known",
]


class DraftType(Protocol):
    KIND: ClassVar[str]

    def to_dict(self) -> dict[str, Any]: ...

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self: ...


D = TypeVar("D")


def known(cls: type[D], data: dict[str, Any]) -> dict[str, Any]:
    """The entries of ``data`` that are fields of the dataclass ``cls``."""
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    return {k: v for k, v in data.items() if k in names}


@dataclass(frozen=True, slots=True)
class PaymentDraft:
    """/paid: which debt, how much, when; ``token`` makes Save act once.

    ``quick``: the amount came with the command (or a reminder), so no date is asked.
    """

    KIND: ClassVar[str] = "paid"

    token: str
    paid_on: date
    debt_id: int | None = None
    amount: Decimal | None = None
    quick: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "token": self.token,
            "paid_on": self.paid_on.isoformat(),
            "debt_id": self.debt_id,
            "amount": None if self.amount is None else str(self.amount),
            "quick": self.quick,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PaymentDraft:
        amount = data.get("amount")
        debt_id = data.get("debt_id")
        return cls(
            token=str(data.get("token") or ""),
            paid_on=date.fromisoformat(str(data["paid_on"])),
            debt_id=int(debt_id) if debt_id not in (None, "") else None,
            amount=Decimal(str(amount)) if amount not in (None, "") else None,
            quick=bool(data.get("quick")),
        )

    def with_(self, **changes: Any) -> PaymentDraft:
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class AutoDebitDraft:
    """The auto-debit question on a debt card: which debt it is about."""

    KIND: ClassVar[str] = "autodebit"

    debt_id: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AutoDebitDraft:
        return cls(debt_id=int(data.get("debt_id") or 0))


@dataclass(frozen=True, slots=True)
class OnboardingDraft:
    """/start: the answers so far (consent, region, time zone, currency)."""

    KIND: ClassVar[str] = "onboarding"

    consent: bool | None = None
    region: str | None = None
    timezone: str | None = None
    currency: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> OnboardingDraft:
        return cls(**known(cls, data))

    def with_(self, **changes: Any) -> OnboardingDraft:
        return replace(self, **changes)


def _dec(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _int(value: Any) -> int | None:
    return None if value in (None, "") else int(value)


@dataclass(frozen=True, slots=True)
class CheckDraft:
    """/check: the offer's answers so far. ``form``: ``inst`` (N instalments of X),
    ``rate`` (a quoted rate over ``months``, with fees) or ``single`` (repay X after
    ``days``). Amounts are Decimal; ``rate`` a quoted rate."""

    KIND: ClassVar[str] = "offer_check"

    received: Decimal | None = None
    form: str | None = None
    count: int | None = None
    payment: Decimal | None = None
    rate: QuotedRate | None = None
    months: int | None = None
    upfront: Decimal | None = None
    monthly_fee: Decimal | None = None
    repay: Decimal | None = None
    days: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in ("received", "payment", "upfront", "monthly_fee", "repay"):
            value = getattr(self, name)
            if value is not None:
                out[name] = str(value)
        for name in ("form", "count", "months", "days"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        if self.rate is not None:
            q = self.rate
            out["rate"] = {"kind": q.kind.value, "rate": str(q.rate), "instalments": q.instalments,
                           "payment": None if q.payment is None else str(q.payment),
                           "day_basis": q.day_basis}
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CheckDraft:
        rate = data.get("rate")
        quote = None
        if rate:
            quote = QuotedRate(RateKind(rate["kind"]), Decimal(str(rate["rate"])),
                               instalments=rate.get("instalments"), payment=_dec(rate.get("payment")),
                               day_basis=int(rate.get("day_basis") or 365))
        return cls(
            received=_dec(data.get("received")), form=data.get("form"), count=_int(data.get("count")),
            payment=_dec(data.get("payment")), rate=quote, months=_int(data.get("months")),
            upfront=_dec(data.get("upfront")), monthly_fee=_dec(data.get("monthly_fee")),
            repay=_dec(data.get("repay")), days=_int(data.get("days")),
        )

    def with_(self, **changes: Any) -> CheckDraft:
        return replace(self, **changes)
