"""coach.agenda.negotiate: whom to call first, what each ask costs, what the user offers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.agenda import negotiate
from coach.asks import AskDebt, AskKind
from coach.lenders import LenderType
from coach.planner import PlanDebt, simulate
from coach.story import StoryDebt, tell
from tests.unit.story_cases import story_debt, story_input

D = Decimal
TODAY = date(2026, 11, 20)


def three() -> list[StoryDebt]:
    # Card ¥30,000 at 18%, 27% penalty, 10% minimum, ¥4,500 overdue since Sep 10;
    # 花呗 ¥8,000 at 18%, ¥800 minimum, ¥1,200 overdue since Oct 10; a friend's ¥5,000
    # at 0% with no payment due. All stated on Nov 15.
    stated = date(2026, 11, 15)
    return [
        story_debt("card", "30000", "0.18", TODAY, lender="credit_card", percent="0.10",
                   overdue="4500", since=date(2026, 9, 10), stated_on=stated, penalty="0.27"),
        story_debt("hb", "8000", "0.18", TODAY, lender="online_platform", minimum="800",
                   overdue="1200", since=date(2026, 10, 10), stated_on=stated),
        story_debt("friend", "5000", "0", TODAY, lender="private", due_day=None, stated_on=stated),
    ]  # fmt: skip


def test_the_lender_overdue_longest_is_called_first_and_the_numbers_work() -> None:
    story = tell(story_input(three(), "2500", TODAY))
    # Card penalty: 4,500 x 27% / 365 x 71 days (Sep 10 - Nov 20) = 236.342 -> 236.34, so
    # the card's arrears are 4,736.34 and its balance 30,236.34. Overdue in all:
    # 4,736.34 + 1,200 = 5,936.34. This cycle: card 10% of 30,000 = 3,000, 花呗 800.
    assert story.overdue.amount == D("5936.34") and story.monthly_required == D("3800.00")
    assert story.gap == D("1300.00")  # 3,800 - 2,500
    agenda = story.agenda
    assert agenda is not None
    assert (agenda.arrears, agenda.gap) == (story.overdue.amount, story.gap)
    assert agenda.call_first == "card" and agenda.why == "agenda.why.oldest_arrears"
    assert agenda.why_params == {"amount": D("4736.34"), "since": date(2026, 9, 10)}
    assert [x.debt_id for x in agenda.lenders] == ["card", "hb"]  # the friend owes no payment
    card, hb = agenda.lenders
    # 个性化分期 over 60 months at the contract 18% (not 27%, not 0%):
    # 30,236.34 x 0.015 / (1 - 1.015^-60) = 767.8044 -> 767.81. "Now" includes arrears:
    # 4,736.34 + 3,000 = 7,736.34.
    assert card.primary is AskKind.PERSONALISED and card.now == D("7736.34")
    first = card.asks[0]
    assert (first.lender_payment, first.apr, first.offer, first.meets) == (
        D("767.81"), D("0.18"), D("767.81"), True,
    )  # fmt: skip
    assert first.basis == "agenda.basis.cn_card_instalments" and first.may_refuse
    assert [a.kind for a in card.asks] == [AskKind.PERSONALISED, AskKind.WAIVE_PENALTY]
    # 花呗: with 2,500 - 767.81 left, a grace period works: 800 this cycle + 1,200 / 3 =
    # 1,200 a month for three months.
    assert hb.primary is AskKind.GRACE and hb.offer == D("1200.00")
    assert hb.asks[0].deferred == D("1200")
    assert card.offer + hb.offer <= D("2500")
    assert agenda.short_by == 0 and not agenda.seek_help and agenda.plan_after.feasible


def test_when_money_is_short_offers_are_shared_and_the_shortfall_is_named() -> None:
    story = tell(story_input(three(), "1000", TODAY))
    agenda = story.agenda
    assert agenda is not None
    card, hb = agenda.lenders
    # Card 767.81 first (it fits); 花呗 gets the rest, 232.19, below its 36 instalments
    # (8,000 x 0.015 / (1 - 1.015^-36) = 289.2192 -> 289.22).
    assert card.offer == D("767.81") and hb.offer == D("232.19")
    assert hb.primary is AskKind.INSTALMENTS and hb.asks[0].short_by == D("57.03")
    assert agenda.short_by == D("57.03") and agenda.seek_help  # 767.81 + 289.22 - 1,000


def test_an_offer_of_zero_is_a_hardship_pause() -> None:
    story = tell(story_input(three(), "0", TODAY))
    agenda = story.agenda
    assert agenda is not None
    assert [x.primary for x in agenda.lenders] == [AskKind.HARDSHIP_PAUSE] * 2
    pause = agenda.lenders[1].asks
    assert [a.code for a in pause] == ["agenda.ask.hardship_pause"]  # no ¥0.00 instalments
    assert agenda.seek_help


def test_a_private_lender_is_offered_a_settlement_from_savings() -> None:
    stated = date(2026, 11, 15)
    friend = story_debt("friend", "5000", "0", TODAY, lender="private", minimum="1000",
                        overdue="1000", since=date(2026, 10, 10), stated_on=stated)  # fmt: skip
    story = tell(story_input([friend], "300", TODAY, savings="2000"))
    agenda = story.agenda
    assert agenda is not None
    kinds = [a.kind for a in agenda.lenders[0].asks]
    assert AskKind.PERSONALISED not in kinds and AskKind.SETTLEMENT in kinds
    settle = next(a for a in agenda.lenders[0].asks if a.kind is AskKind.SETTLEMENT)
    assert settle.offer == D("2000") and settle.meets is None  # the lender decides


def test_a_feasible_plan_needs_no_asks() -> None:
    card = story_debt("c", "1000", "0.1", TODAY, minimum="100", stated_on=TODAY)
    story = tell(story_input([card], "500", TODAY))
    assert story.feasible and story.agenda is None


money = st.integers(0, 3_000_000).map(lambda c: D(c).scaleb(-2))


@st.composite
def pairs(draw: st.DrawFn) -> tuple[list[PlanDebt], list[AskDebt]]:
    planned, asked = [], []
    for i in range(draw(st.integers(1, 4))):
        balance = draw(money)
        apr = D(draw(st.integers(0, 3600))).scaleb(-4)
        arrears = min(draw(money), balance)
        due = min(draw(money), balance - arrears)
        lender = draw(st.sampled_from(list(LenderType)))
        planned.append(PlanDebt(i, str(i), balance, apr, minimum=due, overdue=arrears,
                                cycle_due=due))  # fmt: skip
        since = None if arrears == 0 else date(2026, 1, 1 + i)
        asked.append(AskDebt(i, lender, balance, apr, arrears, since, due))
    return planned, asked


@settings(max_examples=80, deadline=None)
@given(pairs(), st.integers(-100_000, 1_000_000).map(lambda c: D(c).scaleb(-2)),
       st.sampled_from(["cn", "us", "other"]))  # fmt: skip
def test_agenda_invariants(
    debts: tuple[list[PlanDebt], list[AskDebt]], budget: Decimal, region: str
) -> None:
    planned, asked = debts
    plan = simulate(planned, budget, "overdue_first", keep_schedule=False)
    agenda = negotiate(planned, asked, plan, region)
    assert (agenda.arrears, agenda.gap) == (plan.arrears, plan.monthly_gap)
    assert sum((x.offer for x in agenda.lenders), D(0)) <= max(budget, D(0))
    for lender in agenda.lenders:
        assert lender.offer >= 0 and lender.asks and all(a.may_refuse for a in lender.asks)
        if lender.offer == 0:
            assert lender.primary is AskKind.HARDSHIP_PAUSE
    if plan.feasible:
        assert not agenda.lenders and not agenda.seek_help
    assert agenda.short_by >= 0
    if agenda.lenders:
        assert agenda.call_first == agenda.lenders[0].debt_id
        late = [x.arrears > 0 for x in agenda.lenders]
        assert late == sorted(late, reverse=True)  # lenders with arrears come first


@pytest.mark.parametrize("region", ["cn", "us"])
def test_agenda_is_deterministic(region: str) -> None:
    inp = story_input(three(), "1500", TODAY, region=region)
    assert tell(inp).agenda == tell(inp).agenda


def test_a_budget_below_its_essentials_is_missing_in_full() -> None:
    """Issue 10, case 1: Visa $500 at 18%, minimum $50; plan money -50 (3000 - 2900 - 150).

    The monthly gap is 50 - (-50) = 100. Nothing can be offered: Visa is asked for a
    hardship pause (no payment), so even if it agrees, the 50 a month the essentials
    exceed the income is still missing: short_by 0 + 0 - (-50) = 50, not the 12.70 of a
    60-month program the user could not pay either (500 x 0.015 / (1 - 1.015^-60)).
    """
    card = story_debt("visa", "500", "0.18", TODAY, lender="credit_card", minimum="50",
                      stated_on=TODAY)  # fmt: skip
    story = tell(story_input([card], "-50", TODAY, region="us"))
    agenda = story.agenda
    assert agenda is not None and story.gap == D(100) and agenda.gap == D(100)
    [visa] = agenda.lenders
    assert visa.offer == 0 and visa.primary is AskKind.HARDSHIP_PAUSE
    assert agenda.short_by == D(50) and agenda.seek_help


def test_an_alternative_ask_may_use_the_money_the_primary_leaves() -> None:
    # A US card: $5,000 at 24%, $500 minimum, $500 overdue; $200 a month for debts.
    # Primary: a 60-month hardship program, 5,000 x 0.02 / (1 - 1.02^-60) = 100 / 0.69522
    # = 143.84, offered 143.84 (the offer never exceeds it); $56.16 is left over.
    # The 36-month alternative, 100 / (1 - 1.02^-36) = 100 / 0.50978 = 196.16 -> 196.17
    # (rounded up so it clears), is within 143.84 + 56.16 = 200: met, never "short".
    d = story_debt("visa", "5000", "0.24", TODAY, lender="credit_card", minimum="500",
                   overdue="500", since=date(2026, 11, 10), stated_on=date(2026, 11, 15))
    agenda = tell(story_input([d], "200", TODAY, region="us")).agenda
    assert agenda is not None
    (lender,) = agenda.lenders
    first, other = lender.asks
    assert (first.kind, first.lender_payment, first.offer) == (
        AskKind.HARDSHIP_PROGRAM, D("143.84"), D("143.84"))
    assert (other.kind, other.lender_payment, other.offer, other.meets, other.short_by) == (
        AskKind.LOWER_PAYMENT, D("196.17"), D("196.17"), True, D(0))


def test_a_current_lender_is_not_asked_for_a_change_that_barely_lowers_its_payment() -> None:
    # Chase: $2,000 at 24%, $60 minimum, nothing overdue. A 60-month program would be
    # 2,000 x 0.02 / (1 - 1.02^-60) = 40 / 0.69522 = 57.54: five years to save $2.46 a
    # month, under 10% of its $60, so Chase is not asked and keeps its $60. The payday
    # loan (36%, $300 minimum, $600 overdue) is: 60 months, 3,000 x 0.03 / 0.83025 =
    # 108.40; $160 - Chase's 60 = $100 offered, 8.40 short (108.40 + 60 - 160).
    chase = story_debt("chase", "2000", "0.24", TODAY, lender="credit_card", minimum="60",
                       due_day=30, stated_on=date(2026, 11, 15))
    payday = story_debt("payday", "3000", "0.36", TODAY, lender="online_platform",
                        minimum="300", overdue="600", since=date(2026, 11, 1),
                        stated_on=date(2026, 11, 15))
    agenda = tell(story_input([chase, payday], "160", TODAY, region="us")).agenda
    assert agenda is not None
    assert [x.debt_id for x in agenda.lenders] == ["payday"]
    (lender,) = agenda.lenders
    assert (lender.asks[0].lender_payment, lender.offer) == (D("108.40"), D("100.00"))
    assert agenda.short_by == D("8.40")
