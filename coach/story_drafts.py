"""The small drafts of the overdue path's conversations (see :mod:`coach.drafts`).

* :class:`WhatIfDraft`: /plan's "type an amount": which what-if the amount is for.
* :class:`CorrectionDraft`: "I did pay this" on a debt's card: the missed payment the
  user says was made, its amount and the day it was paid (the due date unless they
  give another), and the token that makes Save record it once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, Literal

__all__ = ["CorrectionDraft", "WhatIfDraft"]


@dataclass(frozen=True, slots=True)
class WhatIfDraft:
    """``kind``: ``m`` (more each month) or ``l`` (a one-off now)."""

    KIND: ClassVar[str] = "whatif"

    kind: Literal["m", "l"]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WhatIfDraft:
        kind = data.get("kind")
        if kind not in ("m", "l"):
            raise ValueError(f"not a what-if kind: {kind!r}")
        return cls(kind)


@dataclass(frozen=True, slots=True)
class CorrectionDraft:
    """A detected missed payment of ``debt_id`` due on ``due``, recorded as ``amount``
    paid on ``paid_on`` once the user confirms (``token``: Save acts once)."""

    KIND: ClassVar[str] = "correction"

    token: str
    debt_id: int
    due: date
    amount: Decimal
    paid_on: date

    def to_dict(self) -> dict[str, Any]:
        return {"token": self.token, "debt_id": self.debt_id, "due": self.due.isoformat(),
                "amount": str(self.amount), "paid_on": self.paid_on.isoformat()}  # fmt: skip

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CorrectionDraft:
        return cls(
            token=str(data["token"]),
            debt_id=int(data["debt_id"]),
            due=date.fromisoformat(str(data["due"])),
            amount=Decimal(str(data["amount"])),
            paid_on=date.fromisoformat(str(data["paid_on"])),
        )
