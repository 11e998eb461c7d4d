"""/debts' totals (bot/services/debt_cards.py): owed, overdue and the next payment, all
from the debts' billing states, so the list says what the card and /plan say."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from bot.services.debt_cards import totals
from bot.services.portfolio import billing_of
from coach.parsing.minimum import MinimumRule
from coach.records import Debt

TODAY = date(2026, 11, 29)
STATED = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)


def _states(*debts: Debt):
    return {d.id: billing_of(d, [], TODAY, "UTC") for d in debts}


def test_a_debt_all_in_arrears_has_no_next_payment_and_the_next_debt_is_shown() -> None:
    # Amex: the whole 2,300.50 overdue since Nov 15, so nothing more falls due Dec 15.
    amex = Debt(id=1, lender="Amex", balance=Decimal("2300.50"), due_day=15,
                minimum=MinimumRule("fixed", amount=Decimal(75)), overdue_since=date(2026, 11, 15),
                overdue_amount=Decimal("2300.50"), stated_at=STATED)
    # Visa: 3,000 with a 150 minimum due on the 20th (Dec 20 is the next).
    visa = Debt(id=2, lender="Visa", balance=Decimal(3000), due_day=20,
                minimum=MinimumRule("fixed", amount=Decimal(150)), stated_at=STATED)
    tot = totals((amex, visa), _states(amex, visa))
    assert tot.owed == Decimal("5300.50")  # 2,300.50 + 3,000
    assert tot.overdue == Decimal("2300.50")
    # Amex's Dec 15 asks for nothing: Visa's Dec 20 minimum is the next payment.
    assert (tot.next_debt, tot.next_on, tot.next_amount) == (visa, date(2026, 12, 20), Decimal(150))


def test_alone_a_debt_all_in_arrears_leaves_no_next_payment() -> None:
    amex = Debt(id=1, lender="Amex", balance=Decimal("2300.50"), due_day=15,
                minimum=MinimumRule("fixed", amount=Decimal(75)), overdue_since=date(2026, 11, 15),
                overdue_amount=Decimal("2300.50"), stated_at=STATED)
    tot = totals((amex,), _states(amex))
    assert (tot.next_debt, tot.next_on, tot.next_amount) == (None, None, None)


def test_a_minimum_not_known_still_shows_the_date_without_an_amount() -> None:
    loan = Debt(id=3, lender="借呗", balance=Decimal(5000), due_day=10, stated_at=STATED)
    tot = totals((loan,), _states(loan))
    assert (tot.next_debt, tot.next_on, tot.next_amount) == (loan, date(2026, 12, 10), None)
