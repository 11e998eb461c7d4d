"""coach.story, coach.whatif, coach.explain: issue 10's cases, each worked by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from coach.asks import AskKind, AskRule, compute_ask
from coach.explain import explain
from coach.story import Step, StoryDebt, ask_debt, first_month, tell
from coach.whatif import WhatIfError, suggested_amounts, what_if
from tests.unit.story_cases import story_debt, story_input

D = Decimal
NOV_28 = date(2026, 11, 28)


def test_case_1_three_shortfalls_become_one_gap_of_100() -> None:
    # Visa $500 at 18%, due the 10th, minimum $50, recorded today; capacity -50 after the
    # margin: the gap is 50 - (-50) = $100 a month, on every screen.
    visa = story_debt("visa", "500", "0.18", NOV_28, lender="credit_card", minimum="50",
                      stated_on=NOV_28)  # fmt: skip
    story = tell(story_input([visa], "-50", NOV_28, region="us"))
    assert story.gap == D("100.00") and story.monthly_required == D("50.00")
    assert story.money == D("-50.00") and story.overdue.amount == 0
    assert story.headline == "plan.story.short"
    assert story.headline_params["gap"] == D("100.00")
    # Nothing to pay with: interest 500 x 18% / 12 = 7.50 a month, paid 0, grows 7.50.
    assert story.ending.kind == "never_ends" and story.ending.growth is not None
    assert story.ending.growth.grows == D("7.50")
    agenda = story.agenda
    assert agenda is not None and agenda.gap == story.gap and agenda.arrears == 0
    # The agenda has nothing to offer: a hardship pause, not "offer $0.00" as instalments.
    (lender,) = agenda.lenders
    assert lender.offer == 0 and lender.primary is AskKind.HARDSHIP_PAUSE
    assert agenda.why == "agenda.why.largest_payment" and agenda.seek_help
    # Even if Visa agrees to pause, the 50 a month the essentials exceed the income is
    # missing: 0 (paused) - (-50) = 50. (Not the 12.70 of a 60-month program it can't pay
    # either, 500 x 0.015 / (1 - 1.015^-60): the figure case 1 complained of.)
    assert agenda.short_by == D("50.00")


def test_case_2_a_plan_that_never_ends_says_so_with_three_figures() -> None:
    visa = story_debt("visa", "100000", "0.36", NOV_28, lender="credit_card", minimum="100",
                      stated_on=NOV_28)  # fmt: skip
    inp = story_input([visa], "250", NOV_28, region="us")
    story = tell(inp)
    # Interest 100,000 x 36% / 12 = 3,000 a month; the plan pays 250; grows 2,750.
    assert story.gap == 0 and story.headline == "plan.story.never_ends"
    assert (story.headline_params["interest"], story.headline_params["paid"],
            story.headline_params["grows"]) == (D("3000.00"), D("250.00"), D("2750.00"))  # fmt: skip
    # "+$500 a month": still never ends, growing 3,000 - 750 = 2,250 a month; never
    # "still short by $0.00".
    more = what_if(inp, monthly=D("500"), base=story)
    assert more.code == "plan.whatif.still_never" and more.params["grows"] == D("2250.00")
    assert more.story.gap == 0
    # The agenda calls Visa first for its interest: a 60-month hardship program at 36%
    # needs 100,000 x 0.03 / (1 - 1.03^-60) = 3,613.2959 -> 3,613.30; offer 250.
    agenda = story.agenda
    assert agenda is not None and agenda.why == "agenda.why.largest_interest"
    assert agenda.why_params == {"amount": D("3000.00")}
    ask = agenda.lenders[0].asks[0]
    assert (ask.kind, ask.lender_payment, ask.offer, ask.meets) == (
        AskKind.HARDSHIP_PROGRAM, D("3613.30"), D("250.00"), False,
    )  # fmt: skip
    assert agenda.short_by == D("3363.30") and agenda.seek_help  # 3,613.30 - 250


def huabei(today: date) -> StoryDebt:
    return story_debt("hb", "8600", "0.15", today, lender="online_platform", minimum="600",
                      overdue="8600", since=date(2026, 9, 10), stated_on=date(2026, 11, 1))  # fmt: skip


def test_case_3_an_arrear_is_a_one_off_not_a_monthly_gap() -> None:
    today = date(2026, 11, 12)
    inp = story_input([huabei(today)], "350", today)
    story = tell(inp)
    # 花呗 ¥8,600 all overdue, ¥350 a month: ¥8,600 overdue, no monthly requirement left
    # (the whole balance is arrears), so no monthly gap: "¥8,600 is overdue; you can put
    # ¥350 a month toward it".
    assert story.overdue.amount == D("8600.00") and story.overdue.since == date(2026, 9, 10)
    assert story.monthly_required == 0 and story.gap == 0
    assert story.headline == "plan.story.overdue"
    assert story.headline_params["money"] == D("350.00")
    assert story.actions[0].steps == (
        Step("plan.step.overdue_part", D("350.00"), date(2026, 9, 10), D("8600.00")),
    )
    assert story.arrears_left == D("8250.00")  # 8,600 - 350
    # The ask is instalments: 8,600 over 36 months at 15%:
    # 8,600 x 0.0125 / (1 - 1.0125^-36) = 298.1218 -> 298.13, within the ¥350.
    agenda = story.agenda
    assert agenda is not None and agenda.gap == 0 and agenda.arrears == D("8600.00")
    lender = agenda.lenders[0]
    assert lender.primary is AskKind.INSTALMENTS and lender.now == D("8600.00")  # not ¥0.00
    assert (lender.asks[0].lender_payment, lender.offer, lender.asks[0].meets) == (
        D("298.13"), D("298.13"), True,
    )  # fmt: skip
    # A one-off ¥3,000 pays arrears (8,600 - 3,350 = 5,250 left) and never touches the
    # monthly gap, which stays 0.
    once = what_if(inp, once=D("3000"), base=story)
    assert once.story.gap == 0 and once.params["arrears_left"] == D("5250.00")
    assert once.code == "plan.whatif.sooner"


def test_jiebei_arrears_now_and_a_monthly_gap_are_named_apart() -> None:
    # 借呗 ¥30,000 at 14.6%, due the 5th, instalments of ¥2,702, one missed (Nov 5).
    today = date(2026, 11, 12)
    jb = story_debt("jb", "30000", "0.146", today, lender="online_platform", due_day=5,
                    instalments=(12, "2702"), overdue="2702", since=date(2026, 11, 5),
                    stated_on=date(2026, 11, 10))  # fmt: skip
    story = tell(story_input([jb], "1000", today))
    # "¥2,702 is overdue now; after that you are short ¥1,702 a month" (2,702 - 1,000).
    assert story.headline == "plan.story.overdue_short"
    assert (story.overdue.amount, story.gap) == (D("2702.00"), D("1702.00"))
    assert [s.code for s in story.actions[0].steps] == [
        "plan.step.overdue_part", "plan.step.by_date_short",
    ]  # fmt: skip
    agenda = story.agenda
    assert agenda is not None and (agenda.arrears, agenda.gap) == (D("2702.00"), D("1702.00"))
    ask = agenda.lenders[0].asks[0]
    # 36 instalments at 14.6%: 1,034.10 (not the ¥224.65 offer of the old screen).
    assert (ask.kind, ask.lender_payment, ask.offer, ask.short_by) == (
        AskKind.INSTALMENTS, D("1034.10"), D("1000.00"), D("34.10"),
    )  # fmt: skip
    assert agenda.lenders[0].now == D("5404.00")  # 2,702 overdue + 2,702 this cycle


def test_case_6_overdue_since_the_first_missed_date_then_the_next_cycle() -> None:
    # Due on the 10th, minimum 150, recorded Feb 1, nothing paid; Mar 11, ¥450 a month.
    today = date(2026, 3, 11)
    card = story_debt("card", "1000", "0.20", today, minimum="150", stated_on=date(2026, 2, 1))
    story = tell(story_input([card], "450", today))
    assert story.overdue.amount == D("300.00") and story.overdue.since == date(2026, 2, 10)
    assert story.overdue.detected
    # "$300 overdue since Feb 10: pay as soon as you can; then $150 by Apr 10":
    # month 1 has 450 = 300 (arrears) + 150 (Apr 10's minimum), nothing extra.
    assert story.actions[0].steps == (
        Step("plan.step.overdue_now", D("300.00"), date(2026, 2, 10), D("300.00")),
        Step("plan.step.by_date", D("150.00"), date(2026, 4, 10), D("150")),
    )
    lines = explain(story, [card])
    items = [(x.params["due"], x.params["amount"], x.params["origin"])
             for x in lines if x.code == "plan.explain.arrears_item"]  # fmt: skip
    assert items == [(date(2026, 2, 10), D("150.00"), "detected"),
                     (date(2026, 3, 10), D("150.00"), "detected")]  # fmt: skip


def test_first_month_is_next_month_when_everything_is_due_then() -> None:
    debt = story_debt("c", "1000", "0", date(2026, 11, 28), minimum="100", stated_on=NOV_28)
    # Due on Dec 10: plan month 1 is December.
    assert first_month([debt.billing], NOV_28) == date(2026, 12, 1)
    late = story_debt("c", "1000", "0", NOV_28, minimum="100", overdue="100",
                      since=date(2026, 11, 10), stated_on=NOV_28)  # fmt: skip
    assert first_month([late.billing], NOV_28) == date(2026, 11, 1)


def test_how_is_this_calculated_adds_up() -> None:
    visa = story_debt("visa", "100000", "0.36", NOV_28, minimum="100", stated_on=NOV_28)
    story = tell(story_input([visa], "250", NOV_28))
    lines = {x.code: x.params for x in explain(story, [visa])}
    assert lines["plan.explain.interest_item"]["amount"] == D("3000.00")  # 100,000 x 3%
    assert lines["plan.explain.interest"] == {"amount": D("3000.00")}
    assert lines["plan.explain.growth"] == {
        "interest": D("3000.00"), "paid": D("250.00"), "grows": D("2750.00"),
    }  # fmt: skip
    assert lines["plan.explain.no_gap"]["required"] == D("100")


def test_whatif_monthly_closes_a_gap_and_a_one_off_never_does() -> None:
    today = NOV_28
    card = story_debt("c", "3000", "0", today, minimum="300", stated_on=today)
    inp = story_input([card], "200", today)
    base = tell(inp)
    assert base.gap == D("100.00")  # 300 - 200
    closes = what_if(inp, monthly=D("100"), base=base)
    # 300 a month clears 3,000 at 0% in 10 months: Dec 2026 .. Sep 2027.
    assert closes.code == "plan.whatif.closes_gap" and closes.params["date"] == "2027-09"
    partly = what_if(inp, monthly=D("40"), base=base)
    assert partly.code == "plan.whatif.still_short" and partly.params["gap"] == D("60.00")
    once = what_if(inp, once=D("2000"), base=base)
    assert once.code == "plan.whatif.once_still_short" and once.params["gap"] == D("100.00")
    with pytest.raises(WhatIfError):
        what_if(inp, monthly=D("1"), once=D("1"))


def test_suggested_amounts_follow_the_currency_and_lead_with_the_gap() -> None:
    assert suggested_amounts("CNY") == (D(100), D(500), D(1000))
    assert suggested_amounts("usd", D("12.30")) == (D(13), D(50), D(100), D(500))


def test_penalty_interest_is_planned_on_the_overdue_part_only() -> None:
    today = date(2026, 11, 29)
    # ¥10,320 at 24%, ¥1,720 overdue since Oct 15 (stated Nov 1) and the Nov 10 ¥860
    # missed since: ¥2,580 overdue, with a 36.5% penalty on it:
    # (0.24 x 7,740 + 0.365 x 2,580) / 10,320 = (1,857.60 + 941.70) / 10,320 = 27.125%,
    # never 36.5% on all of it.
    d = story_debt("f", "10320", "0.24", today, minimum="860", overdue="1720",
                   since=date(2026, 10, 15), penalty="0.365")
    assert d.billing.arrears.unpaid == Decimal("2580")
    assert round(d.planning_apr, 6) == Decimal("0.271250")
    # Nothing overdue yet (due on the 30th, tomorrow): the contract rate; a penalty
    # below the contract rate changes nothing.
    assert story_debt("g", "10320", "0.24", today, minimum="860", due_day=30,
                      penalty="0.365").planning_apr == Decimal("0.24")
    assert story_debt("h", "10320", "0.24", today, minimum="860", overdue="1720",
                      since=date(2026, 10, 15), penalty="0.10").planning_apr == Decimal("0.24")


def test_a_schedule_is_spread_with_no_interest_on_top() -> None:
    today = date(2026, 11, 29)
    # 12 x ¥1,000 for ¥9,000 received (砍头息), 36% APR, 7 payments (¥7,000) left, the
    # next due tomorrow. The ¥7,000 already holds its interest: 36 instalments of it at 0%
    # on top are 7,000 / 36 = 194.44 -> 194.45 (rounded up so they clear), never more than
    # the contract's ¥7,000 in all (36% on top would be 36 x 320.63 = 11,542.68).
    d = replace(story_debt("s", "7000", "0.36", today, instalments=(12, "1000"), due_day=30),
                schedule_balance=True)
    ask = compute_ask(ask_debt(d), AskRule(AskKind.INSTALMENTS, 36), Decimal(300))
    assert ask_debt(d).balance == Decimal("7000") and ask.schedule and ask.apr == 0
    assert ask.lender_payment == Decimal("194.45") and ask.meets
    assert not ask.apr_assumed
