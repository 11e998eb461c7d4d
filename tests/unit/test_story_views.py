"""Issue 10's property on the services' view models and the texts they render.

For random debts (stated arrears, missed due dates, payments) and budgets, told through
bot/services/portfolio.py as /plan tells them: the summary, the chart caption, the
what-ifs and the agenda name the same arrears and the same monthly gap (and never "short
by 0"); the plan never pays more than its money; arrears are never negative; and paying
an arrear in full never cancels the next cycle's reminders (bot/services/nudges.py
``debt_facts``, the policies of coach.nudges).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.i18n import money
from bot.services.nudges import debt_facts
from bot.services.portfolio import (
    PlanView,
    Portfolio,
    billing_of,
    compute_plan,
    cycle_amounts,
    split_payment,
    stated_of,
    try_what_if,
)
from coach.budget_input import BudgetDraft
from coach.lenders import LenderType
from coach.nudges import ReminderPrefs, plan_nudges
from coach.parsing.minimum import MinimumRule
from coach.profile import Profile, Region
from coach.records import Debt, Payment
from handlers.agenda_render import agenda_lines
from handlers.plan_render import caption, summary, what_if

D = Decimal
TZ = "Asia/Shanghai"
TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
TAGS = re.compile(r"<[^>]+>")
cents = st.integers(0, 3_000_000).map(lambda c: D(c).scaleb(-2))


def plain(text: str) -> str:
    return TAGS.sub("", text)


@st.composite
def debt_records(draw: st.DrawFn) -> tuple[list[Debt], dict[int, tuple[Payment, ...]]]:
    debts, payments = [], {}
    for i in range(1, draw(st.integers(1, 3)) + 1):
        balance = draw(cents.filter(lambda b: b > 0))
        kind = draw(st.sampled_from(["fixed", "percent", "none"]))
        rule = {"fixed": MinimumRule("fixed", amount=draw(cents)),
                "percent": MinimumRule("percent", percent=D(draw(st.integers(1, 100))).scaleb(-3)),
                "none": None}[kind]  # fmt: skip
        created = NOW - timedelta(days=draw(st.integers(0, 120)), hours=draw(st.integers(0, 23)))
        overdue = min(draw(cents), balance)
        since = created.date() - timedelta(days=draw(st.integers(0, 90)))
        debts.append(Debt(
            id=i, lender=f"L{i}", balance=balance,
            lender_type=draw(st.sampled_from(list(LenderType))),
            apr=draw(st.one_of(st.none(), st.integers(0, 3600).map(lambda b: D(b).scaleb(-4)))),
            minimum=rule, due_day=draw(st.one_of(st.none(), st.integers(1, 31))),
            overdue_amount=overdue, overdue_since=since if overdue else None,
            stated_at=created, created_at=created,
            penalty_apr=draw(st.one_of(st.none(), st.sampled_from([D("0.18"), D("0.36")]))),
        ))  # fmt: skip
        paid = []
        for k in range(draw(st.integers(0, 2))):
            on = created.date() + timedelta(days=draw(st.integers(0, (TODAY - created.date()).days)))
            paid.append(Payment(100 * i + k, i, D(draw(st.integers(1, 50_000))), on,
                                created_at=created + timedelta(minutes=1 + k)))  # fmt: skip
        payments[i] = tuple(paid)
    return debts, payments


def portfolio_of(debts: list[Debt], payments: dict[int, tuple[Payment, ...]],
                 budget: BudgetDraft, region: Region) -> Portfolio:
    profile = Profile(7, "en", region=region, timezone=TZ, currency="USD", consent=True,
                      onboarded=True)  # fmt: skip
    states = {d.id: billing_of(d, payments.get(d.id, ()), TODAY, TZ) for d in debts}
    return Portfolio(profile, tuple(debts), budget, "overdue_first", TODAY, TZ, payments, states)


budgets = st.builds(
    lambda income, essentials, optional: BudgetDraft(
        incomes=(("", str(income)),), essentials={"other": str(essentials)},
        optionals={"other": str(optional)} if optional else {},
    ),
    st.integers(0, 30_000), st.integers(0, 30_000), st.integers(0, 3_000),
)


def _story_texts(view: PlanView) -> tuple[str, str]:
    return plain(summary(view, "en", "USD")), plain(caption(view, "en", "USD"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(debt_records(), budgets, st.sampled_from(list(Region)))
def test_every_screen_names_the_same_arrears_and_gap(
    records: tuple[list[Debt], dict[int, tuple[Payment, ...]]], budget: BudgetDraft,
    region: Region,
) -> None:
    debts, payments = records
    view = compute_plan(portfolio_of(debts, payments, budget, region))
    assert view is not None
    story = view.story
    m = lambda amount: money(amount, "USD", "en")  # noqa: E731
    text, cap = _story_texts(view)
    # Arrears: what the summary says is overdue is the billing states' total.
    arrears = sum((s.arrears.total for s in view.portfolio.billing.values()), D(0))
    assert story.overdue.amount == arrears == story.plan.arrears
    assert all(i.remaining >= 0 for s in view.portfolio.billing.values() for i in s.arrears.items)
    assert story.arrears_left >= 0
    if arrears > 0:
        assert f"overdue {m(arrears)}" in text and m(arrears) in cap
    # The gap: one figure, in the summary and the caption; never "short $0.00".
    if story.gap > 0:
        assert f"short {m(story.gap)} a month" in text and f"short {m(story.gap)}" in cap
    for shown in (text, cap):
        assert "short $0.00" not in shown
    # The agenda names the same figures, and never offers more than the plan money.
    agenda = story.agenda
    if agenda is not None:
        assert (agenda.arrears, agenda.gap) == (story.plan.arrears, story.gap)
        assert sum((x.offer for x in agenda.lenders), D(0)) <= max(story.money, D(0))
        shown = "\n".join(agenda_lines(agenda, view.names, "en", "USD", region))
        assert "$0.00 due now" not in shown and "offer $0.00" not in shown
    # The plan never pays more than its money (and the money is the budget's).
    for row in story.plan.schedule[:24]:
        assert row.payment <= max(story.money, D(0)) + D("0.00")
    # What-ifs: the same base story; a one-off never changes the monthly gap.
    more = try_what_if(view, "m", D(100))
    once = try_what_if(view, "l", D(3000))
    assert more.base.gap == once.base.gap == story.gap
    assert once.story.gap == story.gap and more.story.gap == max(story.gap - 100, D(0))
    for result in (more, once):
        shown = plain(what_if(result, "en", "USD"))
        assert "short $0.00" not in shown
        if result.story.gap > 0:
            assert m(result.story.gap) in shown


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(debt_records(), budgets)
def test_paying_an_arrear_in_full_never_cancels_the_next_cycles_reminders(
    records: tuple[list[Debt], dict[int, tuple[Payment, ...]]], budget: BudgetDraft
) -> None:
    debts, payments = records
    before = portfolio_of(debts, payments, budget, Region.CN)
    prefs = ReminderPrefs(tz=TZ)
    for debt in debts:
        state = before.billing[debt.id]
        cycle = state.cycle
        if state.arrears.unpaid <= 0 or cycle is None or cycle.remaining <= 0:
            continue
        # Pay exactly what is overdue and its penalty, today, recorded now, as /paid does
        # (the penalty first, the balance lowered by the rest).
        pay = Payment(999, debt.id, state.arrears.total, TODAY, created_at=NOW)
        after_debt = split_payment(debt, payments.get(debt.id, ()), pay, TODAY, TZ).after
        paid = {**payments, debt.id: (*payments.get(debt.id, ()), pay)}
        others = [after_debt if d.id == debt.id else d for d in debts]
        after = portfolio_of(others, paid, budget, Region.CN)
        new = after.billing[debt.id]
        assert new.arrears.unpaid == 0 and new.cycle is not None
        assert new.cycle.remaining == cycle.remaining  # it all went to the arrears
        planned = cycle_amounts(compute_plan(after, with_agenda=False, with_capacity=False), after)
        specs = plan_nudges(debt_facts(after, planned, NOW), prefs, NOW)
        mine = [s for s in specs if s.subject == f"debt:{debt.id}"]
        assert not [s for s in mine if s.kind == "overdue"]
        assert [s for s in mine if s.kind == "due" and s.params["date"] == cycle.due.isoformat()]


def test_a_statement_made_with_the_debt_comes_before_a_payment_of_the_same_instant() -> None:
    # Recorded and paid in the same instant (a frozen clock): the payment counts.
    at = datetime(2026, 11, 1, 1, 0, tzinfo=UTC)
    debt = Debt(1, "花呗", D(8100), overdue_amount=D(8600), overdue_since=date(2026, 10, 10),
                stated_at=at, created_at=at, due_day=10)  # fmt: skip
    paid = Payment(1, 1, D(500), date(2026, 11, 1), created_at=at)
    assert billing_of(debt, [paid], TODAY, TZ).arrears.unpaid == D(8100)  # 8,600 - 500
    # Restated later in that same instant (an edit): payments before it are in the statement.
    edited = Debt(1, "花呗", D(8100), overdue_amount=D(8100), overdue_since=date(2026, 10, 10),
                  stated_at=at, created_at=at - timedelta(days=3), due_day=10)  # fmt: skip
    assert billing_of(edited, [paid], TODAY, TZ).arrears.unpaid == D(8100)


def test_the_statement_date_is_local_and_auto_debit_is_never_detected_behind() -> None:
    # 20:00 UTC on Oct 31 is Nov 1 in Shanghai: due dates after Nov 1 count (Nov 10 missed).
    at = datetime(2026, 10, 31, 20, 0, tzinfo=UTC)
    debt = Debt(1, "Visa", D(3000), minimum=MinimumRule("fixed", amount=D(150)), due_day=10,
                stated_at=at, created_at=at)  # fmt: skip
    assert stated_of(debt, TZ, TODAY).stated_on == date(2026, 11, 1)
    state = billing_of(debt, [], TODAY, TZ)
    assert [(i.due, i.remaining, i.origin) for i in state.arrears.items] == [
        (date(2026, 11, 10), D(150), "detected")]
    auto = Debt(1, "Visa", D(3000), minimum=MinimumRule("fixed", amount=D(150)), due_day=10,
                stated_at=at, created_at=at, auto_debit=True)  # fmt: skip
    assert billing_of(auto, [], TODAY, TZ).arrears.unpaid == 0
