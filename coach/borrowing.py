"""Borrowing to repay borrowing (以贷养贷), rules.md §6.3.

When a loan was taken very recently, the coach asks what it was for: a new loan
used to pay an old one is the pattern that makes balances outgrow income
(rules.md §6.3), and collectors may not push users into it (§3.2c).
"""

from __future__ import annotations

from datetime import date

__all__ = ["PURPOSE_QUESTION_DAYS", "needs_purpose_question"]

#: A loan taken within this many days counts as "recent".
PURPOSE_QUESTION_DAYS = 30


def needs_purpose_question(taken_on: date | None, today: date) -> bool:
    """True when the loan was taken in the last 30 days (today included).

    A loan dated in the future (about to be taken) also qualifies: that is the
    best moment to ask. An unknown date does not.
    """
    if taken_on is None:
        return False
    return (today - taken_on).days <= PURPOSE_QUESTION_DAYS
