"""coach.budget: capacity, safety margin, month labels and which cut helps most."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from coach.budget import (
    Asset,
    Budget,
    BudgetError,
    Expense,
    IncomeSource,
    SafetyMargin,
    available_for_debts,
    capacity,
    cut_candidates,
    month_label,
    repayment_capacity,
)
from coach.planner import PlanDebt

D = Decimal


def budget(
    income: str = "10000",
    essentials: dict[str, str] | None = None,
    optionals: dict[str, str] | None = None,
    margin: SafetyMargin | None = None,
) -> Budget:
    return Budget(
        incomes=(IncomeSource(D(income), "salary"),),
        essentials=tuple(Expense(c, D(a)) for c, a in (essentials or {}).items()),
        optionals=tuple(Expense(c, D(a)) for c, a in (optionals or {}).items()),
        margin=margin or SafetyMargin(),
    )


def test_capacity_is_income_minus_essentials_minus_five_percent_margin() -> None:
    b = Budget(
        incomes=(IncomeSource(D("8000"), "salary"), IncomeSource(D("2000"), "gig", True)),
        essentials=(Expense("rent_mortgage", D("3000")), Expense("food", D("1500"))),
        optionals=(Expense("eating_out", D("400")),),
        assets=(Asset("savings", D("5000")), Asset("sellable", D("1200"))),
    )
    # 10000 - 4500 - 5% x 10000 (500) = 5000; less optional spending 400 = 4600
    assert b.margin_amount == D("500.00")
    assert capacity(b) == D("5000.00")
    assert available_for_debts(b) == D("4600.00")
    assert b.assets_total() == D("6200") and b.assets_total("savings") == D("5000")


def test_margin_can_be_a_percentage_or_a_fixed_amount() -> None:
    # 1234.57 x 5% = 61.7285 -> 61.73 (half-up)
    assert budget("1234.57").margin_amount == D("61.73")
    assert budget("1000", margin=SafetyMargin(percent=D("0.10"))).margin_amount == D("100.00")
    fixed = budget("1000", {"food": "600"}, margin=SafetyMargin.of_amount(D("300")))
    assert capacity(fixed) == D("100")
    with pytest.raises(BudgetError):
        SafetyMargin(percent=D("0.05"), fixed=D("10"))


def test_negative_capacity_is_returned_as_is() -> None:
    b = budget(
        "3000", {"rent_mortgage": "2500", "medical": "600"}, margin=SafetyMargin.of_amount(D(0))
    )
    assert capacity(b) == D("-100")


def test_unknown_category_and_negative_amount_are_errors() -> None:
    with pytest.raises(ValueError) as err:
        budget(essentials={"eating_out": "100"})  # optional, not essential
    assert isinstance(err.value, BudgetError) and err.value.code == "budget.unknown_category"
    with pytest.raises(BudgetError):
        Expense("food", D("-1"))


@pytest.mark.parametrize(
    ("n", "label"),
    [(1, (2026, 11)), (2, (2026, 12)), (3, (2027, 1)), (14, (2027, 12)), (0, (2026, 10))],
)
def test_month_one_is_the_current_calendar_month(n: int, label: tuple[int, int]) -> None:
    assert month_label(date(2026, 11, 15), n) == label


def test_cuts_ranked_by_months_saved_then_amount() -> None:
    b = budget(
        "3000",
        {"rent_mortgage": "2000"},
        {"subscriptions": "100", "eating_out": "400", "shopping": "0"},
        SafetyMargin.of_amount(D(0)),
    )
    debts = [PlanDebt("loan", "loan", D("1200"), D("0"))]
    effects = cut_candidates(b, debts, "avalanche", date(2026, 1, 10))
    # Today 3000 - 2000 - 500 = 500 a month: 500, 500, 200 -> debt-free in month 3 (Mar 2026).
    # Cut eating out: 900 a month: 900, 300 -> month 2. Cut subscriptions: 600 -> month 2.
    # Both save one month and no interest (0% APR); the larger item comes first.
    # Shopping (0) is not a candidate.
    assert [e.category for e in effects] == ["eating_out", "subscriptions"]
    first = effects[0]
    assert (first.debt_free_month_without, first.debt_free_month_with) == (3, 2)
    assert (first.debt_free_label_without, first.debt_free_label_with) == ((2026, 3), (2026, 2))
    assert first.months_saved == 1 and first.interest_saved == 0 and first.index == 1


def test_a_cut_that_rescues_an_infeasible_plan_comes_first() -> None:
    b = budget(
        "2000",
        {"food": "1900"},
        {"subscriptions": "50", "eating_out": "300"},
        SafetyMargin.of_amount(D(0)),
    )
    debts = [PlanDebt("card", "card", D("1000"), D("0"), minimum=D("40"))]
    # Today 2000 - 1900 - 350 = -250: short. Cutting eating out gives 50 >= 40: feasible,
    # 1000 / 50 = 20 months. Cutting subscriptions gives -200: still short.
    effects = cut_candidates(b, debts, "snowball", date(2026, 5, 1))
    assert [e.category for e in effects] == ["eating_out", "subscriptions"]
    assert effects[0].rescues_plan and effects[0].debt_free_month_with == 20
    assert effects[0].debt_free_label_with == (2027, 12)
    assert not effects[1].feasible_with and effects[1].months_saved is None


def test_interest_saved_breaks_ties_in_months() -> None:
    b = budget(
        "5000",
        {"rent_mortgage": "4000"},
        {"eating_out": "200", "entertainment": "150"},
        SafetyMargin.of_amount(D(0)),
    )
    debts = [PlanDebt("c", "card", D("6000"), D("0.24"), minimum=D("100"))]
    effects = cut_candidates(b, debts, "avalanche", date(2026, 1, 1))
    assert effects[0].category == "eating_out"
    assert effects[0].months_saved is not None and effects[1].months_saved is not None
    assert effects[0].months_saved >= effects[1].months_saved
    assert effects[0].interest_saved > effects[1].interest_saved > 0


def test_case_5_capacity_and_plan_money_are_shown_together_with_the_cuts() -> None:
    # Issue 10 case 5: income 5,000 - essentials 3,775 - 5% margin (250) = capacity 975;
    # optional spending kept 480 (eating out 300 + subscriptions 180); plan money 495.
    b = budget("5000", {"rent_mortgage": "3000", "food": "775"},
               {"eating_out": "300", "subscriptions": "180"})  # fmt: skip
    loan = [PlanDebt("loan", "loan", D("6000"), D("0"), minimum=D("600"))]
    cap = repayment_capacity(b, loan, "avalanche", date(2026, 11, 1))
    assert (cap.capacity, cap.optional_kept, cap.plan_money) == (D("975.00"), D("480"), D("495.00"))
    assert (cap.income, cap.essentials, cap.margin) == (D("5000"), D("3775"), D("250.00"))
    # 495 < the 600 minimum: short by 105 a month, so the cuts are suggested, largest
    # effect first. Both rescue the plan (795 and 675 >= 600); cutting eating out brings
    # the end from month 13 (6,000 / 495 = 12.1) to 8 (6,000 / 795 = 7.5), subscriptions
    # to 9 (6,000 / 675 = 8.9).
    assert cap.short
    assert [(c.category, c.debt_free_month_with, c.months_saved) for c in cap.cuts] == [
        ("eating_out", 8, 5), ("subscriptions", 9, 4),
    ]  # fmt: skip
    assert all(c.rescues_plan and c.gap_without == D("105.00") and c.gap_with == 0
               for c in cap.cuts)  # fmt: skip
    assert cap.cuts[0].debt_free_label_with == (2027, 6)
    # With enough money nothing is suggested.
    rich = repayment_capacity(budget("9000", {"food": "3775"}, {"eating_out": "300"}), loan,
                              "avalanche", date(2026, 11, 1))  # fmt: skip
    assert not rich.short and rich.cuts == ()
