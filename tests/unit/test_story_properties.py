"""Issue 10's property: for random debts and budgets, every screen's figures agree.

The summary (story), the chart caption and the what-ifs (the plan and a re-told story)
and the agenda name the same arrears and the same monthly gap; the plan never pays more
than the money it has; arrears never go negative. (Paying an arrear in full never
cancels the next cycle's requirement: tests/unit/test_billing.py.)
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from coach.lenders import LenderType
from coach.story import StoryDebt, tell
from coach.whatif import what_if
from tests.unit.story_cases import story_debt, story_input

D = Decimal
TODAY = date(2026, 11, 20)
amounts = st.integers(0, 2_000_000).map(lambda c: D(c).scaleb(-2))


@st.composite
def debts(draw: st.DrawFn) -> list[StoryDebt]:
    out = []
    for i in range(draw(st.integers(1, 4))):
        balance = draw(amounts)
        rule = draw(st.sampled_from(["fixed", "percent", "instalments", "none"]))
        kw: dict[str, object] = {}
        if rule == "fixed":
            kw["minimum"] = str(draw(amounts))
        elif rule == "percent":
            kw["percent"] = str(D(draw(st.integers(1, 100))).scaleb(-3))
        elif rule == "instalments":
            kw["instalments"] = (draw(st.integers(1, 36)), str(draw(amounts)))
        overdue = min(draw(amounts), balance)
        stated_on = TODAY - timedelta(days=draw(st.integers(0, 90)))
        since = stated_on - timedelta(days=draw(st.integers(0, 200)))
        payments = [(stated_on + timedelta(days=draw(st.integers(0, (TODAY - stated_on).days))),
                     str(draw(st.integers(1, 50_000)))) for _ in range(draw(st.integers(0, 2)))]  # fmt: skip
        penalty = draw(st.one_of(st.none(), st.sampled_from(["0.18", "0.36"])))
        out.append(story_debt(
            f"d{i}", str(balance), str(D(draw(st.integers(0, 3600))).scaleb(-4)), TODAY,
            lender=draw(st.sampled_from(list(LenderType))),
            due_day=draw(st.one_of(st.none(), st.integers(1, 31))),
            overdue=str(overdue), since=since, stated_on=stated_on, payments=payments,
            penalty=penalty, **kw,  # type: ignore[arg-type]
        ))  # fmt: skip
    return out


@settings(max_examples=120, deadline=None)
@given(
    debts(),
    st.integers(-200_000, 1_000_000).map(lambda c: D(c).scaleb(-2)),
    st.sampled_from(["cn", "us", "other"]),
    st.sampled_from(["avalanche", "snowball", "overdue_first"]),
    st.integers(1, 100_000).map(lambda c: D(c).scaleb(-2)),
)
def test_every_screen_names_the_same_arrears_and_gap(
    story_debts: list[StoryDebt], money: Decimal, region: str, strategy: str, extra: Decimal
) -> None:
    inp = story_input(story_debts, str(money), TODAY, region=region, strategy=strategy)
    story = tell(inp)
    plan = story.plan
    # One arrears figure: the billing states' (penalty included) = the plan's = the story's.
    stated = sum((d.billing.arrears.total for d in story_debts), D(0))
    assert story.overdue.amount == plan.arrears == stated
    assert story.overdue.amount >= 0 and 0 <= story.arrears_left <= story.overdue.amount
    # One monthly gap: this cycle's requirements (billing) - the plan money, never arrears.
    cycles = sum((d.billing.cycle.remaining for d in story_debts if d.billing.cycle), D(0))
    due_rule = [d for d in story_debts if d.billing.cycle is None]
    if not due_rule:
        assert story.monthly_required == cycles
    assert story.gap == plan.monthly_gap == max(story.monthly_required - money, D(0))
    if story.agenda is not None:
        assert (story.agenda.arrears, story.agenda.gap) == (story.overdue.amount, story.gap)
        assert sum((x.offer for x in story.agenda.lenders), D(0)) <= max(money, D(0))
    # The plan never pays more than it has.
    for row in plan.schedule:
        assert row.payment <= max(money, D(0)) and all(x.balance >= 0 for x in row.debts)
    # This month's steps add up to what the plan pays each debt in month 1.
    if plan.schedule:
        paid = {x.debt_id: x.payment for x in plan.schedule[0].debts}
        for actions in story.actions:
            assert all(s.amount >= 0 for s in actions.steps)
            assert sum((s.amount for s in actions.steps), D(0)) == paid[actions.debt_id]
    # What-ifs re-tell the same story: more a month lowers the gap by exactly that much;
    # a one-off never changes it; "still short" always has a gap.
    more = what_if(inp, monthly=extra, base=story)
    assert more.story.gap == max(story.gap - extra, D(0))
    assert (more.code == "plan.whatif.still_short") == (more.story.gap > 0)
    once = what_if(inp, once=extra, base=story)
    assert once.story.gap == story.gap
    assert once.story.arrears_left <= story.arrears_left
