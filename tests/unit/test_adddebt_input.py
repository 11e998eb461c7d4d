"""What /adddebt makes of a one-line form and of free text or a pasted bill, before any
question is asked (bot/services/adddebt_input.py, bot/services/chat.py): pure tables."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from bot.services.adddebt_input import chain_next, quick_draft, settle_passed
from bot.services.chat import bill_draft, debt_draft, match_bill
from bot.services.portfolio import billing_of, story_debt
from coach.bills import BillFacts
from coach.debts import DebtDraft, next_due_on, stored_due
from coach.intents import classify
from coach.lenders import LenderType
from coach.planner import simulate
from coach.rates import QuotedRate, RateKind
from coach.records import Debt
from coach.story import plan_debt

TODAY = date(2026, 11, 29)


def _quick(line: str) -> DebtDraft:
    return quick_draft(line, "tok", TODAY)


@pytest.mark.parametrize(("line", "fields"), [
    # The examples: nothing unread is the lender's name.
    ("Amex 2,300.50 24.99% APR due Nov 15 min 75",
     {"lender": "Amex", "balance": "2300.50", "due_day": 15, "due_on": None,
      "due_passed": "2026-11-15", "unparsed": ()}),
    ("借呗 剩12期", {"lender": "借呗", "instalments_left": 12, "unparsed": ()}),
    # The schedule alone: what is owed is what is left of it, 12 x 2,702 = 32,424.
    ("借呗 12x2702", {"lender": "借呗", "balance": "32424", "unparsed": ()}),
    ("Amex 2300 24.99% Dec 15 min 75 gold", {"unparsed": ("gold",), "due_on": "2026-12-15"}),
    # 借10000，到手9000，分12期每期1000: borrowed 10,000, 9,000 arrived, 12 x 1,000 left.
    ("借10000，到手9000，分12期每期1000",
     {"lender": None, "principal": "10000", "received": "9000", "balance": "12000"}),
])
def test_a_one_line_form_as_a_draft(line: str, fields: dict[str, object]) -> None:
    draft = _quick(line)
    for name, value in fields.items():
        assert getattr(draft, name) == value, name


def test_a_schedule_answers_the_minimum_and_its_apr_is_on_the_money_received() -> None:
    draft = _quick("小贷 借10000，到手9000，分12期每期1000")
    assert "minimum" in draft.answered and draft.minimum_rule.amount == Decimal(1000)
    cost = draft.cost()
    # IRR of 9,000 = 1,000 x a(12, r): r = 4.729%/month, x 12 = 56.75% (35.07% on 10,000).
    assert cost is not None and round(cost.apr, 4) == Decimal("0.5675")


def test_instalments_left_with_a_balance_and_a_rate_give_the_level_instalment() -> None:
    draft = _quick("借呗 8000 年化18% 剩12期")
    # 8,000 x 0.015 / (1 - 1.015^-12) = 733.432, rounded up: 733.44; the planner rounds each
    # month's interest half-up, so one cent more clears it in 12 months: 733.45.
    assert draft.minimum_rule is not None and draft.minimum_rule.amount == Decimal("733.45")
    assert draft.instalments_left is None


@pytest.mark.parametrize(("lender_type", "expected"), [
    ("private", (True, "2026-11-15", None, date(2026, 11, 15))),  # one-off, overdue since
    ("credit_card", (None, None, 15, date(2026, 12, 15))),  # monthly: "was it paid?"
])
def test_a_passed_due_date(lender_type: str, expected: tuple[object, ...]) -> None:
    draft = settle_passed(DebtDraft(token="t", lender_type=lender_type, due_day=15,
                                    due_passed="2026-11-15", balance="5000",
                                    answered=("balance", "due")))
    due_day, due_on = stored_due(draft)
    assert (draft.overdue, draft.overdue_since, due_day,
            next_due_on(due_day, due_on, TODAY)) == expected
    if draft.overdue:
        assert chain_next(draft) == "overdue_amount"  # the since date is not asked again
        # What is owed comes first when it isn't known ("all of it" needs it).
        unknown = replace(draft, balance=None, answered=("due", "overdue", "overdue_since"))
        assert chain_next(unknown) == "balance"


def test_a_debt_told_in_a_sentence_is_prefilled() -> None:
    intent = classify("花呗欠了8600，逾期20天", TODAY)
    assert intent.debt is not None
    draft = debt_draft(intent.debt, TODAY)
    assert (draft.lender, draft.balance, draft.overdue, draft.overdue_since) == (
        "花呗", "8600", True, "2026-11-09")  # 20 days before Nov 29
    assert draft.lender_type == LenderType.ONLINE_PLATFORM.value  # 花呗 is known


def _debt(debt_id: int, lender: str, last4: str | None = None) -> Debt:
    return Debt(id=debt_id, lender=lender, balance=Decimal(100), last4=last4)


@pytest.mark.parametrize(("bill", "debts", "matched"), [
    (BillFacts(lender="招商银行", last4="1234"),
     [_debt(1, "招商银行信用卡", "9999"), _debt(2, "招行卡", "1234")], 2),  # the digits win
    (BillFacts(lender="招商银行"), [_debt(1, "招商银行信用卡"), _debt(2, "花呗")], 1),
    (BillFacts(lender="招商银行", last4="1234"), [_debt(1, "招商银行信用卡", "9999")], None),
    (BillFacts(lender="花呗"), [_debt(1, "花呗"), _debt(2, "花呗 备用")], 1),  # exact name
    (BillFacts(lender="Chase"), [_debt(1, "Visa")], None),
])
def test_a_bill_is_matched_by_its_digits_then_its_lender(bill, debts, matched) -> None:
    found = match_bill(bill, debts)
    assert (found.id if found else None) == matched


def test_a_bills_figures_prefill_a_new_card_and_a_passed_due_date_asks_if_paid() -> None:
    bill = BillFacts(lender="招商银行", platform="credit_card", last4="1234",
                     statement_amount=Decimal("15000"), minimum=Decimal("1500"),
                     due_on=date(2026, 11, 25))
    draft = bill_draft(bill, None, TODAY)
    assert (draft.lender, draft.lender_type, draft.balance, draft.last4) == (
        "招商银行", "credit_card", "15000", "1234")
    assert draft.minimum_rule is not None and draft.minimum_rule.amount == Decimal("1500")
    assert (draft.due_day, draft.due_passed, draft.overdue) == (25, "2026-11-25", None)


def test_an_up_front_fee_is_planned_as_its_schedule_not_balance_times_apr() -> None:
    debt = Debt(id=1, lender="小贷", balance=Decimal(12000), apr=Decimal("0.5675"),
                quote=QuotedRate(RateKind.INSTALMENTS, instalments=12, payment=Decimal(1000)),
                principal=Decimal(10000), received=Decimal(9000))
    planned = plan_debt(story_debt(debt, billing_of(debt, [], TODAY, "Asia/Shanghai")))
    assert (planned.balance, planned.apr, planned.minimum) == (Decimal(12000), 0, Decimal(1000))
    plan = simulate([planned], Decimal(1000), "avalanche")
    # 12 payments of 1,000: 12,000 in all, no interest on top of the schedule.
    assert plan.months == 12 and plan.total_paid == Decimal("12000.00")
