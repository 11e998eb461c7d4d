"""coach.borrowing: when to ask what a new loan was for (rules.md §6.3)."""

from datetime import date

import pytest

from coach.borrowing import needs_purpose_question

TODAY = date(2026, 6, 15)


@pytest.mark.parametrize(
    ("taken_on", "expected"),
    [
        (date(2026, 6, 15), True),
        (date(2026, 5, 16), True),
        (date(2026, 5, 15), False),
        (date(2025, 6, 15), False),
        (date(2026, 6, 20), True),
        (None, False),
    ],
)
def test_needs_purpose_question_for_loans_of_the_last_30_days(
    taken_on: date | None, expected: bool
) -> None:
    assert needs_purpose_question(taken_on, TODAY) is expected
