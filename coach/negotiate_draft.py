"""The /negotiate draft: which debt, and the ask chosen for its script (coach.negotiation)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from coach.negotiation import Ask, AskKind

__all__ = ["NegotiateDraft"]


def _dec(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


@dataclass(frozen=True, slots=True)
class NegotiateDraft:
    """``ask`` is the chosen :class:`coach.negotiation.Ask`; ``label`` the agenda's kind
    it came from (for the buttons)."""

    KIND: ClassVar[str] = "negotiate"

    debt_id: int | None = None
    ask: Ask | None = None
    label: str = ""

    def with_ask(self, ask: Ask, label: str) -> NegotiateDraft:
        return replace(self, ask=ask, label=label)

    def to_dict(self) -> dict[str, Any]:
        a = self.ask
        return {
            "debt_id": self.debt_id, "label": self.label,
            "ask": None if a is None else {
                "kind": a.kind.value, "offer": str(a.offer),
                "needed": None if a.needed is None else str(a.needed), "months": a.months,
                "amount": None if a.amount is None else str(a.amount),
                "by": None if a.by is None else a.by.isoformat(),
            },
        }  # fmt: skip

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NegotiateDraft:
        raw = data.get("ask")
        ask = None
        if raw:
            offer = _dec(raw.get("offer"))
            ask = Ask(AskKind(raw["kind"]), offer=offer if offer is not None else Decimal(0),
                      needed=_dec(raw.get("needed")), months=raw.get("months"),
                      amount=_dec(raw.get("amount")),
                      by=date.fromisoformat(raw["by"]) if raw.get("by") else None)
        debt_id = data.get("debt_id")
        return cls(int(debt_id) if debt_id not in (None, "") else None, ask,
                   str(data.get("label") or ""))
