"""The dated 1-year LPR table and the private-lending cap (rules.md §2.1-§2.2).

The courts protect private-lending interest only up to **4 x the 1-year LPR in
force when the contract was made** (SPC private-lending rule, 2020 rev., art. 25;
rules.md §2.1a). So the coach looks the LPR up **by contract date**, never as a
constant (rules.md §2.2, last paragraph).

Contracts made before 2020-08-20
    rules.md §2.1g (art. 31): interest up to 2020-08-19 follows the *old*
    interpretation, interest from 2020-08-20 on follows the 4 x LPR standard.
    The coach never presents the old 24%/36% rule as current law (rules.md §0.1),
    so :func:`private_lending_cap` returns the 4 x LPR cap in force when the new
    rule started, 4 x 3.85% = 15.40% (the figure quoted at the change, rules.md
    §2.1k), and the verdicts carry the ``pre_2020_contract`` flag so the bot can
    say that older interest followed the old rule and that a lawyer should check.
    (Recalled, not in rules.md: the SPC text ties the post-2020 part to the LPR
    at the time of filing suit; the coach's figure is an approximation.)

How an operator updates the table
    Edit ``coach/data/lpr.json`` (shipped as package data):

    1. On or after the 20th of each month, read the 1-year LPR on
       chinamoney.com.cn (or pbc.gov.cn).
    2. If it changed, append an entry to ``entries``, in date order::

           {"from": "2026-07-21", "rate": "2.90", "confidence": "V1",
            "source": "chinamoney.com.cn LPR announcement 2026-07-21"}

       ``rate`` is in percent, written as a string (never a float).
    3. Whether it changed or not, set ``verified_through`` to the date of the
       publication you checked. That date is what :func:`is_stale` measures.
    4. Run ``pytest tests/unit/test_lpr.py``: it validates the file.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from coach.errors import CoachError
from coach.money import D

__all__ = [
    "LPR_MULTIPLIER",
    "NEW_RULE_FROM",
    "LprEntry",
    "LprTable",
    "default_table",
    "is_stale",
    "lpr_on",
    "parse_table",
    "private_lending_cap",
    "table_age_days",
]

#: The 4 x LPR standard replaced 24%/36% on this date (rules.md §0.1, §2.1g).
NEW_RULE_FROM = date(2020, 8, 20)
LPR_MULTIPLIER = 4
_HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class LprEntry:
    """The 1-year LPR in force from ``effective_from`` (``rate`` is a fraction)."""

    effective_from: date
    rate: Decimal
    confidence: str
    source: str


@dataclass(frozen=True, slots=True)
class LprTable:
    """The dated LPR history, oldest first, and when it was last checked."""

    entries: tuple[LprEntry, ...]
    verified_through: date
    publisher: str

    def rate_on(self, d: date) -> Decimal:
        """The 1-year LPR in force on ``d``; ``lpr.no_data`` before the first entry."""
        found: LprEntry | None = None
        for entry in self.entries:
            if entry.effective_from <= d:
                found = entry
            else:
                break
        if found is None:
            raise CoachError("lpr.no_data", date=d, first_date=self.entries[0].effective_from)
        return found.rate


def _invalid(reason: str) -> CoachError:
    return CoachError("lpr.table_invalid", reason=reason)


def parse_table(raw: Mapping[str, Any]) -> LprTable:
    """Validate and build a table from the JSON structure of ``lpr.json``."""
    try:
        entries = tuple(
            LprEntry(
                effective_from=date.fromisoformat(str(item["from"])),
                rate=D(str(item["rate"])) / _HUNDRED,
                confidence=str(item.get("confidence", "")),
                source=str(item["source"]),
            )
            for item in raw["entries"]
        )
        verified = date.fromisoformat(str(raw["verified_through"]))
        publisher = str(raw.get("publisher", ""))
    except (KeyError, TypeError, ValueError) as exc:
        raise _invalid(f"malformed: {exc}") from None
    if not entries:
        raise _invalid("no entries")
    dates = [e.effective_from for e in entries]
    if dates != sorted(set(dates)):
        raise _invalid("entries must be in strictly increasing date order")
    if any(not Decimal(0) < e.rate < Decimal("0.2") for e in entries):
        raise _invalid("rate out of range (0%, 20%)")
    if any(not e.source.strip() for e in entries):
        raise _invalid("every entry needs a source")
    return LprTable(entries=entries, verified_through=verified, publisher=publisher)


@cache
def default_table() -> LprTable:
    """The table shipped in ``coach/data/lpr.json`` (read once, then cached)."""
    text = resources.files("coach").joinpath("data/lpr.json").read_text(encoding="utf-8")
    return parse_table(json.loads(text))


def lpr_on(d: date, table: LprTable | None = None) -> Decimal:
    """The 1-year LPR in force on ``d`` (rules.md §2.2), as a fraction."""
    return (table or default_table()).rate_on(d)


def private_lending_cap(contract_date: date, table: LprTable | None = None) -> Decimal:
    """4 x the 1-year LPR in force at ``contract_date`` (rules.md §2.1a, §2.2).

    For contracts made before 2020-08-20 this is 4 x the LPR of 2020-08-20
    (15.40%); see the module docstring (rules.md §2.1g, §2.1k).
    """
    on = max(contract_date, NEW_RULE_FROM)
    return lpr_on(on, table) * LPR_MULTIPLIER


def table_age_days(today: date, table: LprTable | None = None) -> int:
    """Days since the table was last known to be current."""
    t = table or default_table()
    last = max(t.verified_through, t.entries[-1].effective_from)
    return (today - last).days


def is_stale(today: date, max_age_days: int = 60, table: LprTable | None = None) -> bool:
    """True when the table has not been checked for ``max_age_days`` days."""
    return table_age_days(today, table) > max_age_days
