"""coach.planner: hand-checked plans (arithmetic in the comments) and invariants."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.errors import CoachError
from coach.planner import (
    DebtId,
    Growth,
    MonthRow,
    PlanDebt,
    compare_strategies,
    simulate,
    strategy_order,
)

D = Decimal


def debt(id_: str, balance: str, apr: str, **kw: str) -> PlanDebt:
    return PlanDebt(id_, id_, D(balance), D(apr), **{k: D(v) for k, v in kw.items()})


def lines(row: MonthRow) -> list[tuple[DebtId, str, str, str]]:
    return [(x.debt_id, str(x.interest), str(x.payment), str(x.balance)) for x in row.debts]


def test_avalanche_pays_the_highest_rate_first_to_the_cent() -> None:
    a = debt("A", "1000", "0.12", minimum="100")  # 1%/month
    b = debt("B", "500", "0.24", minimum="50")  # 2%/month
    plan = simulate([a, b], D("300"), "avalanche")
    # Order: B (24%) then A (12%). Budget 300, required 100 + 50, extra 150 to B.
    # M1: A 1000 + 10.00 = 1010 - 100 = 910.00; B 500 + 10.00 = 510 - 50 - 150 = 310.00
    # M2: A 910 + 9.10 = 919.10 - 100 = 819.10; B 310 + 6.20 = 316.20 - 200 = 116.20
    # M3: A 819.10 + 8.191->8.19 = 827.29 - 100 = 727.29; B 116.20 + 2.324->2.32 = 118.52,
    #     - 50 = 68.52, extra 150 clears B (68.52) and 81.48 rolls to A: 645.81
    # M4: A 645.81 + 6.4581->6.46 = 652.27 - 300 = 352.27
    # M5: A 352.27 + 3.5227->3.52 = 355.79 - 300 = 55.79
    # M6: A 55.79 + 0.5579->0.56 = 56.35, paid in full
    assert plan.feasible and plan.reason is None
    assert plan.order == ("B", "A")
    assert plan.months == 6
    assert plan.payoff_month == {"B": 3, "A": 6}
    # 10 + 10 + 9.10 + 6.20 + 8.19 + 2.32 + 6.46 + 3.52 + 0.56 = 56.35
    assert plan.total_interest == D("56.35")
    assert plan.total_paid == D("1556.35")  # 5 x 300 + 56.35
    rows = plan.schedule
    assert lines(rows[2]) == [("B", "2.32", "118.52", "0.00"), ("A", "8.19", "181.48", "645.81")]
    assert rows[5].payment == D("56.35") and rows[5].balance == 0
    assert rows[0].required == D("150.00") and rows[0].available == D("300.00")


def test_snowball_pays_the_smallest_balance_first_and_costs_more_here() -> None:
    a = debt("A", "1000", "0.24", minimum="50")
    b = debt("B", "300", "0.12", minimum="30")
    snow = simulate([a, b], D("200"), "snowball")
    # Order: B (300) then A (1000). Required 50 + 30, extra 120 to B.
    # M1: A 1000 + 20.00 - 50 = 970.00; B 300 + 3.00 - 30 - 120 = 153.00
    # M2: A 970 + 19.40 - 50 = 939.40; B 153 + 1.53 - 150 = 4.53
    # M3: B 4.53 + 0.0453->0.05 = 4.58 (required capped at 4.58, cleared);
    #     A 939.40 + 18.788->18.79 = 958.19 - 50 - (200 - 50 - 4.58 = 145.42) = 762.77
    # M4: A 762.77 + 15.2554->15.26 - 200 = 578.03
    # M5: 578.03 + 11.5606->11.56 - 200 = 389.59
    # M6: 389.59 + 7.7918->7.79 - 200 = 197.38
    # M7: 197.38 + 3.9476->3.95 - 200 = 1.33
    # M8: 1.33 + 0.0266->0.03 = 1.36, paid
    assert snow.order == ("B", "A")
    assert snow.payoff_month == {"B": 3, "A": 8}
    # A: 20 + 19.40 + 18.79 + 15.26 + 11.56 + 7.79 + 3.95 + 0.03 = 96.78; B: 3 + 1.53 + 0.05
    assert snow.total_interest == D("101.36")
    assert snow.months == 8
    aval = simulate([a, b], D("200"), "avalanche")
    # Avalanche (A first): A's interest 20, 17, 13.94, 10.82, 7.64, 4.39, 1.08 = 74.87 and
    # B's 3, 2.73, 2.46, 2.18, 1.90, 1.62, 1.34 = 15.23; both cleared in month 7, when
    # 9.90 of the 200 is left unused (total paid 6 x 200 + 190.10).
    assert aval.order == ("A", "B")
    assert aval.total_interest == D("90.10")
    assert aval.total_paid == D("1390.10")
    assert aval.payoff_month == {"A": 7, "B": 7}
    assert aval.schedule[-1].payment == D("190.10")


def test_overdue_first_puts_overdue_debts_ahead_then_avalanche() -> None:
    a = debt("A", "1000", "0.24", minimum="50")
    b = debt("B", "300", "0.12", minimum="30", overdue="60")
    c = debt("C", "200", "0.36", minimum="20")
    plan = simulate([a, b, c], D("300"), "overdue_first")
    assert plan.order == ("B", "C", "A")
    # M1: A 1000 + 20 = 1020, needs 50; B 300 + 3 = 303, needs 30 + overdue 60 = 90;
    # C 200 + 6 = 206, needs 20. Required 160, extra 140 to B: 303 - 90 - 140 = 73.
    assert lines(plan.schedule[0]) == [
        ("B", "3.00", "230.00", "73.00"),
        ("C", "6.00", "20.00", "186.00"),
        ("A", "20.00", "50.00", "970.00"),
    ]
    assert simulate([a, b, c], D("300"), "avalanche").order == ("C", "A", "B")


def test_custom_order_and_its_errors() -> None:
    a, b, c = debt("A", "100", "0.1"), debt("B", "100", "0.3"), debt("C", "100", "0.2")
    assert simulate([a, b, c], D("50"), "custom", order=["C", "A", "B"]).order == ("C", "A", "B")
    # Debts the order leaves out follow in avalanche order.
    assert simulate([a, b, c], D("50"), "custom", order=["A"]).order == ("A", "B", "C")
    with pytest.raises(ValueError):
        simulate([a], D("50"), "custom")
    with pytest.raises(ValueError):
        simulate([a], D("50"), "custom", order=["Z"])
    with pytest.raises(ValueError) as unknown:
        simulate([a], D("50"), "fastest")
    assert isinstance(unknown.value, CoachError) and unknown.value.code == "plan.unknown_strategy"


def test_ties_break_by_balance_then_apr_then_input_order() -> None:
    debts = [
        debt("x", "500", "0.2"),
        debt("y", "300", "0.2"),
        debt("z", "300", "0.3"),
        debt("w", "300", "0.2"),
    ]
    ids = [d.id for d in debts]
    assert [ids[i] for i in strategy_order(debts, "avalanche")] == ["z", "y", "w", "x"]
    assert [ids[i] for i in strategy_order(debts, "snowball")] == ["z", "y", "w", "x"]


def test_both_minimum_rules_is_an_error() -> None:
    with pytest.raises(ValueError):
        debt("A", "100", "0.1", minimum="10", min_percent="0.05")


def test_shortfall_in_month_one_reports_the_excess() -> None:
    a = debt("A", "1000", "0.12", minimum="100")
    b = debt("B", "500", "0.24", minimum="50")
    probe = simulate([a, b], D("120"), "avalanche", stop_when_short=True)
    # Required 100 + 50 = 150 > 120.
    assert not probe.feasible and probe.outcome == "stopped"
    assert (probe.reason, probe.shortfall_month, probe.shortfall) == ("shortfall", 1, D("30.00"))
    assert probe.months == 0 and probe.schedule == ()
    # Without stop_when_short the plan goes on paying the 120 it has: the gap is a
    # monthly figure (150 - 120 = 30) and the debts are cleared later than the lenders ask.
    plan = simulate([a, b], D("120"), "avalanche")
    assert (plan.reason, plan.shortfall_month, plan.shortfall) == ("shortfall", 1, D("30.00"))
    assert plan.monthly_required == D("150.00") and plan.monthly_gap == D("30.00")
    assert plan.outcome == "ends" and not plan.feasible
    assert all(row.payment <= D("120") for row in plan.schedule)
    # M1 (short): no arrears yet, so both required payments in strategy order: B 50, A 70
    # (30 of A's 100 is unpaid and becomes A's arrears).
    assert lines(plan.schedule[0]) == [
        ("B", "10.00", "50.00", "460.00"),
        ("A", "10.00", "70.00", "940.00"),
    ]


def test_shortfall_in_a_later_month_once_the_lump_sum_is_gone() -> None:
    a = debt("A", "1000", "0", minimum="100")
    plan = simulate([a], D("80"), "avalanche", lump_sums={1: D("100")}, stop_when_short=True)
    # M1: 80 + 100 = 180 >= 100, pays 180 -> 820. M2: 80 < 100, short by 20.
    assert (plan.reason, plan.shortfall_month, plan.shortfall) == ("shortfall", 2, D("20.00"))
    assert plan.months == 1 and plan.total_paid == D("180.00")
    # A one-off never closes a monthly gap: 100 required - 80 a month = 20 either way.
    full = simulate([a], D("80"), "avalanche", lump_sums={1: D("100")})
    assert full.monthly_gap == D("20.00") and full.shortfall_month == 2
    # 1000 - 180 = 820 left at 80 a month: 10 more months (800) and 20 in month 12.
    assert full.outcome == "ends" and full.months == 12


def test_a_plan_that_never_ends_is_its_own_outcome() -> None:
    a = debt("A", "1000", "0.12", minimum="10")
    plan = simulate([a], D("10"), "avalanche", max_months=24)
    # Interest 1000 x 12% / 12 = 10.00 a month equals the payment: the balance never moves.
    assert (plan.feasible, plan.reason, plan.outcome, plan.months) == (
        False, "never_ends", "never_ends", 24,
    )  # fmt: skip
    assert plan.total_interest == D("240.00") and plan.payoff_month == {}
    assert plan.schedule[-1].balance == D("1000.00")
    assert plan.growth == Growth(1, D("10.00"), D("10.00")) and plan.growth.grows == 0
    assert plan.debt_free_month is None


def test_case_2_a_minimum_below_the_interest_never_ends_with_three_figures() -> None:
    # Issue 10, case 2/8: $100,000 at 36%, minimum $100, $250 a month for debts.
    visa = debt("Visa", "100000", "0.36", minimum="100")
    plan = simulate([visa], D("250"), "avalanche", keep_schedule=False)
    # Interest 100,000 x 0.36 / 12 = 3,000.00 a month; the plan pays 250; the balance
    # grows 3,000 - 250 = 2,750 (the least extra that would stop it growing).
    assert plan.outcome == "never_ends" and plan.reason == "never_ends"
    assert plan.growth is not None
    assert (plan.growth.month, plan.growth.interest, plan.growth.paid) == (
        1, D("3000.00"), D("250.00"),
    )  # fmt: skip
    assert plan.growth.grows == D("2750.00")
    # Nothing is short: the 100 minimum fits in 250.
    assert plan.monthly_gap == 0 and plan.shortfall_month is None


def test_a_plan_whose_balance_falls_but_too_slowly_is_too_long() -> None:
    # 1000 at 12% paying 10.01: the balance falls by a cent or so a month.
    plan = simulate([debt("A", "1000", "0.12", minimum="10.01")], D("10.01"), "avalanche",
                    max_months=24)  # fmt: skip
    assert plan.outcome == "too_long" and plan.reason == "too_long" and plan.growth is None


def test_case_1_a_negative_budget_is_taken_honestly() -> None:
    # Issue 10, case 1: capacity -50 after the margin, one $50 minimum: gap 50 - (-50) = 100.
    visa = debt("Visa", "500", "0.18", minimum="50")
    plan = simulate([visa], D("-50"), "avalanche", max_months=24)
    assert plan.money == D("-50.00") and plan.monthly_required == D("50.00")
    assert plan.monthly_gap == D("100.00")
    # Nothing is paid (there is nothing to pay with): interest 500 x 18% / 12 = 7.50 a
    # month, paid 0 -> the balance grows by 7.50 a month.
    assert all(row.payment == 0 for row in plan.schedule)
    assert plan.outcome == "never_ends" and plan.growth is not None
    assert plan.growth.grows == D("7.50")


def test_arrears_are_a_one_off_and_never_part_of_the_gap() -> None:
    # Issue 10: 借呗 ¥30,000, one missed ¥2,702 instalment, ¥1,000 of plan money.
    jiebei = debt("借呗", "30000", "0.146", minimum="2702", overdue="2702")
    plan = simulate([jiebei], D("1000"), "avalanche", keep_schedule=False)
    # Arrears 2,702 (one-off); this cycle's instalment 2,702 (capped at 30,000 - 2,702);
    # gap 2,702 - 1,000 = 1,702 a month.
    assert plan.arrears == D("2702.00") and plan.monthly_required == D("2702.00")
    assert plan.monthly_gap == D("1702.00")
    # 花呗 ¥8,600 all overdue with ¥350 a month: no requirement left besides the arrears.
    huabei = debt("花呗", "8600", "0", minimum="600", overdue="8600")
    plan = simulate([huabei], D("350"), "avalanche")
    assert plan.arrears == D("8600.00") and plan.monthly_required == 0
    assert plan.monthly_gap == 0
    # At 0% the ¥350 a month clears it: 24 x 350 = 8,400, then 200 in month 25; the
    # arrears are what is left each month until then (month 1 short by 8,600 - 350).
    assert plan.outcome == "ends" and plan.months == 25
    assert (plan.shortfall_month, plan.shortfall) == (1, D("8250.00"))
    assert plan.arrears_cleared_month == 25
    assert plan.schedule[0].debts[0].payment == D("350.00")


def test_a_short_month_keeps_current_debts_current_first() -> None:
    late = debt("late", "1000", "0", minimum="100", overdue="300")
    ok = debt("ok", "1000", "0", minimum="100")
    plan = simulate([late, ok], D("250"), "avalanche", max_months=1)
    # Due: late 300 + 100, ok 100 = 500 > 250. First ok's 100 (current), then 150 to late.
    assert {x.debt_id: x.payment for x in plan.schedule[0].debts} == {
        "late": D("150.00"), "ok": D("100.00")}
    assert plan.schedule[0].required == D("500.00") and plan.shortfall == D("250.00")


def test_overdue_first_pays_the_arrears_first_in_a_short_month() -> None:
    late = debt("late", "1000", "0", minimum="100", overdue="300")
    ok = debt("ok", "1000", "0", minimum="100")
    plan = simulate([late, ok], D("250"), "overdue_first", max_months=1)
    # As the strategy's name says: late's 300 + 100 first takes all 250; ok gets nothing
    # (its 100 becomes arrears). The shortfall is the same 500 - 250 = 250.
    assert [(x.debt_id, x.payment) for x in plan.schedule[0].debts] == [
        ("late", D("250.00")), ("ok", D("0.00")),
    ]  # fmt: skip
    assert plan.schedule[0].required == D("500.00") and plan.shortfall == D("250.00")


def test_cycle_due_replaces_the_rule_in_month_one_only() -> None:
    card = PlanDebt("c", "c", D("1000"), D("0"), minimum=D("100"), cycle_due=D("40"))
    plan = simulate([card], D("0"), "avalanche", max_months=2)
    # Month 1 asks the 40 left of this cycle (60 already paid); month 2 the rule's 100.
    assert plan.monthly_required == D("40.00")
    assert [r.required for r in plan.schedule] == [D("40.00"), D("140.00")]


def test_ending_exactly_at_max_months_is_feasible() -> None:
    plan = simulate([debt("A", "300", "0", minimum="100")], D("100"), "snowball", max_months=3)
    assert plan.feasible and plan.months == 3


def test_lump_sum_is_paid_in_its_month() -> None:
    plan = simulate(
        [debt("A", "1000", "0", minimum="100")], D("100"), "avalanche", lump_sums={2: D("500")}
    )
    # 1000 -> 900 -> 300 (100 + 500) -> 200 -> 100 -> 0
    assert [r.balance for r in plan.schedule] == [D(x) for x in (900, 300, 200, 100, 0)]
    assert plan.schedule[1].available == D("600.00")


def test_percentage_minimum_uses_the_balance_before_interest_and_its_floor() -> None:
    small = debt("S", "2000", "0.18", min_percent="0.02", min_floor="50")
    big = debt("B", "5000", "0.18", min_percent="0.02", min_floor="50")
    odd = debt("O", "1234.25", "0", min_percent="0.03")
    plan = simulate([small, big, odd], D("1000"), "custom", order=["S", "B", "O"])
    # The balance at the start of the month, as MinimumRule.due takes it on the card:
    # S: 2000 x 2% = 40.00 < floor 50 -> 50
    # B: 5000 x 2% = 100.00 (not 5075 x 2% = 101.50 after the month's interest)
    # O: 1234.25 x 3% = 37.0275 -> 37.03 (half-up)
    assert plan.schedule[0].required == D("50") + D("100.00") + D("37.03")


def test_a_percent_minimum_matches_the_card_to_the_cent() -> None:
    # Issue 10, case 9: 1,234.50 x 1% = 12.345 -> 12.35 (half-up), month 1 at 0% interest.
    from coach.debts import MinimumRule

    plan = simulate([debt("c", "1234.50", "0", min_percent="0.01")], D("0"), "avalanche",
                    max_months=1)  # fmt: skip
    assert plan.monthly_required == D("12.35")
    assert MinimumRule("percent", percent=D("0.01")).due(D("1234.50")) == D("12.35")


def test_interest_rounds_half_up_exactly() -> None:
    # 1.50 x 4% / 12 = 0.005 exactly -> 0.01 (a pre-rounded monthly rate would give 0.00)
    # 1.00 x 6% / 12 = 0.005 -> 0.01; 100.50 x 6% / 12 = 0.5025 -> 0.50
    debts = [debt("a", "1.50", "0.04"), debt("b", "1.00", "0.06"), debt("c", "100.50", "0.06")]
    plan = simulate(debts, D("0"), "custom", order=["a", "b", "c"], max_months=1)
    assert [x.interest for x in plan.schedule[0].debts] == [D("0.01"), D("0.01"), D("0.50")]


def test_month_one_overdue_is_added_and_capped_at_the_balance() -> None:
    plan = simulate([debt("A", "100", "0", minimum="50", overdue="500")], D("1000"), "avalanche")
    assert plan.schedule[0].required == D("100.00") and plan.months == 1
    plan = simulate([debt("A", "1000", "0", minimum="50", overdue="200")], D("250"), "avalanche")
    assert plan.schedule[0].required == D("250.00") and plan.schedule[1].required == D("50.00")


def test_zero_balances_are_paid_off_in_month_zero() -> None:
    plan = simulate([debt("A", "0", "0.2", minimum="10")], D("0"), "avalanche")
    assert (plan.feasible, plan.months, plan.payoff_month) == (True, 0, {"A": 0})


def test_compare_strategies_runs_the_three_named_strategies() -> None:
    plans = compare_strategies([debt("A", "100", "0.1", minimum="10")], D("50"))
    assert list(plans) == ["avalanche", "snowball", "overdue_first"]
    assert all(p.feasible for p in plans.values())


# --- invariants -------------------------------------------------------------------------

money = st.integers(min_value=0, max_value=2_000_000).map(lambda c: D(c).scaleb(-2))
rates = st.integers(min_value=0, max_value=4000).map(lambda bp: D(bp).scaleb(-4))


@st.composite
def plan_debts(draw: st.DrawFn, fixed_only: bool = False) -> list[PlanDebt]:
    out = []
    for i in range(draw(st.integers(min_value=1, max_value=6))):
        balance = draw(money)
        rule = "fixed" if fixed_only else draw(st.sampled_from(["none", "fixed", "percent"]))
        kw: dict[str, Decimal] = {}
        if rule == "fixed":
            kw["minimum"] = draw(money)
        elif rule == "percent":
            kw["min_percent"] = D(draw(st.integers(1, 1000))).scaleb(-4)  # 0.01% .. 10%
            kw["min_floor"] = draw(money)
        overdue = D(draw(st.integers(0, int(balance * 100)))).scaleb(-2)
        out.append(PlanDebt(i, f"d{i}", balance, draw(rates), overdue=overdue, **kw))
    return out


lumps = st.dictionaries(st.integers(1, 60), money, max_size=3)


@settings(max_examples=150, deadline=None)
@given(plan_debts(), money, st.sampled_from(["avalanche", "snowball", "overdue_first"]), lumps)
def test_invariants(
    debts: list[PlanDebt], budget: Decimal, strategy: str, lump_sums: dict[int, Decimal]
) -> None:
    plan = simulate(debts, budget, strategy, lump_sums=lump_sums, max_months=120)
    paid = D(0)
    for row in plan.schedule:
        assert row.payment <= budget + lump_sums.get(row.month, D(0))
        assert all(x.balance >= 0 and x.payment >= 0 for x in row.debts)
        assert row.payment == sum((x.payment for x in row.debts), D(0))
        paid += row.payment
    assert paid == plan.total_paid
    if plan.feasible:
        assert plan.total_paid == sum((d.balance for d in debts), D(0)) + plan.total_interest
        assert set(plan.payoff_month) == {d.id for d in debts}
    else:
        assert plan.reason in ("shortfall", "never_ends", "too_long")
    assert plan.arrears >= 0 and plan.monthly_gap >= 0
    assert plan.monthly_gap == max(plan.monthly_required - budget, D(0))
    lean = simulate(
        debts, budget, strategy, lump_sums=lump_sums, max_months=120, keep_schedule=False
    )
    assert lean == plan and lean.schedule == ()


@settings(max_examples=150, deadline=None)
@given(plan_debts(fixed_only=True), money)
def test_avalanche_never_costs_more_interest_than_snowball(
    debts: list[PlanDebt], budget: Decimal
) -> None:
    aval = simulate(debts, budget, "avalanche", max_months=240, keep_schedule=False)
    snow = simulate(debts, budget, "snowball", max_months=240, keep_schedule=False)
    if aval.feasible and snow.feasible:
        # A cent of rounding per month of the longer plan.
        slack = D("0.01") * max(aval.months, snow.months)
        assert aval.total_interest <= snow.total_interest + slack
