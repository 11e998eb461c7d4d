"""coach.agenda_legacy: the agenda today's screens still call (see coach.agenda for the
one issue 10 asks for). Kept while the screens are rewired; delete with the module."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.agenda_legacy import (
    AgendaDebt,
    AgendaError,
    AgendaItem,
    AgreedTerms,
    apply_outcome,
    build_agenda,
    level_instalment,
)
from coach.lenders import LenderType
from coach.planner import PlanDebt, simulate

D = Decimal


def card() -> AgendaDebt:
    return AgendaDebt(
        "card", "招行信用卡", D("30000"), D("0.18"), LenderType.CREDIT_CARD, True,
        penalty_apr=D("0.27"), overdue=D("4500"), min_percent=D("0.10"), min_floor=D("100"),
    )  # fmt: skip


def huabei() -> AgendaDebt:
    return AgendaDebt(
        "hb",
        "花呗",
        D("8000"),
        D("0.18"),
        LenderType.CONSUMER_FINANCE,
        overdue=D("1200"),
        minimum=D("800"),
    )


def friend() -> AgendaDebt:
    return AgendaDebt("friend", "朋友", D("5000"), D("0"), LenderType.PRIVATE, minimum=D("1000"))


def replan(debts: tuple[AgendaDebt, ...], capacity: Decimal) -> bool:
    return simulate([d.to_plan_debt() for d in debts], capacity, "avalanche").feasible


def test_a_feasible_plan_needs_no_asks() -> None:
    agenda = build_agenda([friend()], D("1000"), "avalanche")
    assert agenda.items == () and agenda.feasible_before and agenda.feasible
    assert not agenda.still_short and agenda.gap == 0


def test_a_grace_period_alone_can_be_enough() -> None:
    debt = AgendaDebt("c", "card", D("10000"), D("0.18"), LenderType.CREDIT_CARD, True,
                      overdue=D("2000"), minimum=D("500"))  # fmt: skip
    # Month 1 needs 500 + overdue 2000 = 2500 > 1000; without the overdue, 500 fits.
    agenda = build_agenda([debt], D("1000"), "avalanche")
    assert [(i.kind, i.debt_id, i.offer) for i in agenda.items] == [
        ("grace_period", "c", D("500.00"))
    ]
    assert agenda.items[0].params == {"months": 3, "amount": D("2000")}
    assert agenda.items[0].citation is None  # a request, no rule behind it
    assert not agenda.feasible_before and agenda.feasible and not agenda.still_short


def test_mixed_debts_get_grace_stop_penalty_and_instalments_in_order() -> None:
    debts = [card(), huabei(), friend()]
    agenda = build_agenda(debts, D("2500"), "avalanche")
    # Month-1 required payments before any ask (a percent minimum is now taken of the
    # balance before the month's interest, as on the card):
    #   card 30000 x 10% = 3000, + overdue 4500 = 7500
    #   hb 800 + overdue 1200 = 2000; friend 1000. Total 10500 > 2500.
    # A. grace card (largest overdue): 3000 + 2000 + 1000 = 6000 > 2500
    #    grace hb: 3000 + 800 + 1000 = 4800 > 2500
    # B. stop card penalty: still 3000 (the rate doesn't change the minimum): 4800
    # C. largest required first. Card: 60 months at 18%:
    #    30000 x 0.015 / (1 - 1.015^-60) = 761.8028 -> 761.81; 761.81 + 1800 = 2561.81
    #    friend (1000 > hb's 800): 5000 / 36 = 138.89; 761.81 + 800 + 138.89 = 1700.70 fits.
    # The card's grace ask is dropped: its instalment plan absorbs the arrears.
    assert [(i.kind, i.debt_id, i.offer, i.citation) for i in agenda.items] == [
        ("grace_period", "hb", D("800.00"), None),
        ("stop_penalty", "card", D("761.81"), "cn.card.court_may_reduce"),
        ("restructure_instalments", "card", D("761.81"), "cn.card.instalments"),
        ("reduce_minimum", "friend", D("138.89"), None),
    ]
    assert agenda.items[2].params == {
        "months": 60, "apr": D("0.18"), "current": D("3000.00"), "payment": D("761.81"),
    }  # fmt: skip
    assert agenda.feasible and not agenda.still_short and agenda.plan.feasible
    assert sum(i.offer for i in agenda.items if i.kind != "stop_penalty") <= D("2500")


def test_applying_every_ask_makes_the_infeasible_plan_feasible() -> None:
    debts: tuple[AgendaDebt, ...] = (card(), huabei(), friend())
    assert not replan(debts, D("1500"))
    agenda = build_agenda(debts, D("1500"), "avalanche")
    agreed = debts
    for item in agenda.items:
        agreed = apply_outcome(agreed, item)
    assert agreed == agenda.debts_after
    assert replan(agreed, D("1500"))
    plan = agenda.plan
    assert plan.feasible and plan.schedule[0].required <= D("1500")


def test_capacity_at_or_below_zero_is_still_short_and_asks_for_help() -> None:
    agenda = build_agenda([card(), huabei(), friend()], D("0"), "avalanche")
    # Every lender is asked for its longest instalment plan: 761.81 + 289.22 + 138.89
    # (8000 over 36 months at 18%: 289.2192 -> 289.22), and nothing is there to pay it.
    assert agenda.still_short and agenda.gap == D("1189.92")
    assert agenda.items[-1].kind == "seek_help" and agenda.items[-1].debt_id is None
    assert agenda.items[-1].params == {"gap": D("1189.92")}
    assert agenda.items[-1].citation == "cn.legal_advice_12348"
    payment_items = [
        i for i in agenda.items if i.kind in ("restructure_instalments", "reduce_minimum")
    ]
    assert {i.debt_id for i in payment_items} == {"card", "hb", "friend"}
    assert all(i.offer == 0 for i in agenda.items)
    negative = build_agenda([huabei()], D("-300"), "avalanche")
    assert negative.still_short and negative.items[-1].kind == "seek_help"


def test_when_short_capacity_is_split_pro_rata_to_balance() -> None:
    agenda = build_agenda([card(), huabei(), friend()], D("1000"), "avalanche")
    # Needs 1189.92, has 1000: gap 189.92. Balances 30000 : 8000 : 5000 (of 43000):
    # card 1000 x 30/43 = 697.67, hb 186.04, friend 116.27 (rounded down).
    assert agenda.still_short and agenda.gap == D("189.92")
    offers = {i.debt_id: i.offer for i in agenda.items if i.kind != "seek_help"}
    assert offers == {"card": D("697.67"), "hb": D("186.04"), "friend": D("116.27")}


def test_items_are_deterministic() -> None:
    first = build_agenda([card(), huabei(), friend()], D("2000"), "snowball")
    again = build_agenda([card(), huabei(), friend()], D("2000"), "snowball")
    assert first.items == again.items and first.debts_after == again.debts_after


def test_apply_outcome_records_what_the_lender_actually_agreed() -> None:
    item = AgendaItem("restructure_instalments", "card", D("761.81"), "cn.card.instalments",
                      {"months": 60, "payment": D("761.81")})  # fmt: skip
    (after,) = apply_outcome([card()], item, AgreedTerms(D("900"), 48, D("0.12")))
    assert (after.minimum, after.min_percent, after.overdue) == (D("900"), None, D(0))
    assert (after.term_months, after.contract_apr) == (48, D("0.12"))
    stop = AgendaItem("stop_penalty", "card", D("0"), "cn.card.court_may_reduce")
    (stopped,) = apply_outcome([card()], stop)
    assert stopped.planning_apr == D("0.18") and card().planning_apr == D("0.27")
    grace = AgendaItem("grace_period", "card", D("0"), None, {"months": 3})
    (deferred,) = apply_outcome([card()], grace, AgreedTerms(months=2))
    assert deferred.grace_months == 2 and deferred.to_plan_debt().overdue == 0
    with pytest.raises(AgendaError):
        apply_outcome([huabei()], grace)


@pytest.mark.parametrize(
    ("balance", "apr", "months"),
    [("30000", "0.18", 60), ("999.99", "0.36", 36), ("5000", "0", 36), ("100", "0.05", 1)],
)
def test_level_instalment_is_the_smallest_payment_that_clears_in_time(
    balance: str, apr: str, months: int
) -> None:
    pay = level_instalment(D(balance), D(apr), months)

    def clears(p: Decimal) -> bool:
        debt = PlanDebt(1, "x", D(balance), D(apr), minimum=p)
        return simulate([debt], p, "avalanche", max_months=months).feasible

    assert clears(pay) and not clears(pay - D("0.01"))


money = st.integers(min_value=0, max_value=3_000_000).map(lambda c: D(c).scaleb(-2))
lenders = st.sampled_from(list(LenderType))


@st.composite
def agenda_debts(draw: st.DrawFn) -> list[AgendaDebt]:
    out = []
    for i in range(draw(st.integers(1, 5))):
        balance = draw(money)
        apr = D(draw(st.integers(0, 3600))).scaleb(-4)
        penalty = draw(st.one_of(st.none(), st.integers(0, 1800).map(lambda b: D(b).scaleb(-4))))
        overdue = D(draw(st.integers(0, int(balance * 100)))).scaleb(-2)
        minimum = draw(st.one_of(st.none(), money))
        out.append(AgendaDebt(i, f"d{i}", balance, apr, draw(lenders), draw(st.booleans()),
                              None if penalty is None else apr + penalty, overdue, minimum))  # fmt: skip
    return out


@settings(max_examples=80, deadline=None)
@given(agenda_debts(), st.integers(-100_000, 1_000_000).map(lambda c: D(c).scaleb(-2)))
def test_agenda_invariants(debts: list[AgendaDebt], capacity: Decimal) -> None:
    agenda = build_agenda(debts, capacity, "avalanche")
    offers = {i.debt_id: i.offer for i in agenda.items if i.debt_id is not None}
    assert sum(offers.values(), D(0)) <= max(capacity, D(0))
    assert all(i.offer >= 0 for i in agenda.items)
    assert agenda.items == build_agenda(debts, capacity, "avalanche").items
    if agenda.still_short:
        assert agenda.gap > 0 and agenda.items[-1].kind == "seek_help"
    else:
        assert agenda.feasible and agenda.gap == 0
        assert "seek_help" not in {i.kind for i in agenda.items}
