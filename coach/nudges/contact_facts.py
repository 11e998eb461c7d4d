"""What the contact log tells the nudge planner about a debt (see coach.nudges.contact_log).

Kept apart from :mod:`coach.nudges.core` so the facts can be built without the planner.
Pass only the current versions of logged contacts (coach.contact_chain.timeline) and the
debt changes not reverted (coach.outcomes.obligations).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

__all__ = ["FollowUpFact", "PromiseFact"]


@dataclass(frozen=True)
class FollowUpFact:
    """A logged contact's follow-up date. ``entry``: the entry's hash; ``step``: its
    ``coach.contacts.NextStep`` value."""

    entry: str
    on: date
    step: str = "none"


@dataclass(frozen=True)
class PromiseFact:
    """A promise to pay ``amount`` by ``due``, from the contact entry ``entry`` (hash)."""

    entry: str
    due: date
    amount: Decimal
