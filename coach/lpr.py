"""The dated 1-year LPR table and the private-lending cap (rules.md §2.1-§2.2).

The courts protect private-lending interest only up to **4 x the 1-year LPR in
force when the contract was made** (SPC private-lending rule, 2020 rev., art. 25;
rules.md §2.1a). So the coach looks the LPR up **by contract date**, never as a
constant (rules.md §2.2, last paragraph).

Contracts made before 2020-08-20
    rules.md §2.1g (art. 31 ¶2, read in the primary text): in a suit filed after
    2020-08-20, interest up to 2020-08-19 may follow the interpretation then in
    force (the 2015 rule: up to 24% protected), and interest from 2020-08-20 on
    follows the 4 x LPR standard **in force when the suit is filed**, not at the
    contract date. Before 2019-08-20 there is no contract-date LPR at all (art. 25
    ¶2: the LPR published monthly from 2019-08-20). So :func:`private_lending_cap`
    is the cap of contracts made from 2020-08-20 on, and :func:`filing_cap` the cap
    of the later part of older ones ("if filed today"); the 24% line is
    :data:`OLD_PROTECTED_LINE`. The coach never presents 24%/36% as current law
    (rules.md §0.1).

A contract date known only to the month
    The LPR may have changed within that month (on or about the 20th), so the cap
    is one of two values: :func:`caps_in_month` gives each with the day it began.

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
from coach.parsing.calendar import add_months

__all__ = [
    "LPR_MULTIPLIER",
    "NEW_RULE_FROM",
    "OLD_PROTECTED_LINE",
    "LprEntry",
    "LprTable",
    "caps_in_month",
    "default_table",
    "filing_cap",
    "is_stale",
    "lpr_on",
    "parse_table",
    "private_lending_cap",
    "table_age_days",
]

#: The 4 x LPR standard replaced 24%/36% on this date (rules.md §0.1, §2.1g).
NEW_RULE_FROM = date(2020, 8, 20)
LPR_MULTIPLIER = 4
#: Under the 2015 rule interest up to 24% a year was protected (rules.md §2.1g, §0.1);
#: it still governs interest up to 2020-08-19 on contracts made before 2020-08-20.
OLD_PROTECTED_LINE = Decimal("0.24")
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

    def entry_on(self, d: date) -> LprEntry:
        """The entry in force on ``d``; ``lpr.no_data`` before the first entry."""
        found: LprEntry | None = None
        for entry in self.entries:
            if entry.effective_from <= d:
                found = entry
            else:
                break
        if found is None:
            raise CoachError("lpr.no_data", date=d, first_date=self.entries[0].effective_from)
        return found

    def rate_on(self, d: date) -> Decimal:
        """The 1-year LPR in force on ``d``; ``lpr.no_data`` before the first entry."""
        return self.entry_on(d).rate


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

    This is the cap of contracts made from 2020-08-20 on. Older contracts follow
    art. 31 (see the module docstring and :func:`filing_cap`). Raises
    ``CoachError("lpr.no_data")`` before 2019-08-20, when no LPR existed.
    """
    return lpr_on(contract_date, table) * LPR_MULTIPLIER


def filing_cap(filed_on: date, table: LprTable | None = None) -> Decimal:
    """4 x the 1-year LPR in force on ``filed_on``: the cap a court applies to interest
    from 2020-08-20 on, for a contract made before that day (rules.md §2.1g)."""
    return lpr_on(filed_on, table) * LPR_MULTIPLIER


def caps_in_month(
    first_day: date, table: LprTable | None = None
) -> tuple[tuple[date, Decimal], ...]:
    """Each 4 x LPR cap in force during the month of ``first_day``, with the day it
    began there (the month's first day for the first one), oldest first.

    One pair when the LPR did not change that month; two (or more) when it did,
    e.g. October 2024: ``((2024-10-01, 13.40%), (2024-10-21, 12.40%))``.
    """
    t = table or default_table()
    start = first_day.replace(day=1)
    end = add_months(start, 1)
    caps = [(start, t.rate_on(start) * LPR_MULTIPLIER)]
    for entry in t.entries:
        if start < entry.effective_from < end:
            caps.append((entry.effective_from, entry.rate * LPR_MULTIPLIER))
    return tuple(caps)


def table_age_days(today: date, table: LprTable | None = None) -> int:
    """Days since the table was last known to be current."""
    t = table or default_table()
    last = max(t.verified_through, t.entries[-1].effective_from)
    return (today - last).days


def is_stale(today: date, max_age_days: int = 60, table: LprTable | None = None) -> bool:
    """True when the table has not been checked for ``max_age_days`` days."""
    return table_age_days(today, table) > max_age_days
