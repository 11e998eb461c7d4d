"""coach.billing: due dates, what each cycle requires, arrears stated and detected."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.billing import (
    BillingError,
    BillingState,
    Instalments,
    Payment,
    Stated,
    Terms,
    Unpaid,
    billing_state,
    correction,
)
from coach.debts import MinimumRule
from coach.overdue import penalty_accrued

D = Decimal
FIXED_150 = MinimumRule("fixed", amount=D("150"))


def at(d: date, hour: int = 12) -> datetime:
    return datetime(d.year, d.month, d.day, hour)


def not_overdue(on: date) -> Stated:
    return Stated(D(0), None, on, at(on, 9))


def paid(on: date, amount: str, recorded: date | None = None) -> Payment:
    return Payment(on, D(amount), at(recorded or on, 18))


# --- case 6: a second missed due date never erases the first ---------------------------


def case6(today: date, payments: tuple[Payment, ...] = (), balance: str = "1000") -> BillingState:
    terms = Terms(D(balance), due_day=10, minimum=FIXED_150)
    return billing_state(terms, not_overdue(date(2026, 2, 1)), payments, today)


def test_case_6_two_missed_minimums_are_both_overdue_since_the_first() -> None:
    # Due on the 10th, minimum 150, recorded Feb 1, nothing paid. On Mar 11 both Feb 10
    # and Mar 10 are missed: overdue since Feb 10, 150 + 150 = 300; next 150 by Apr 10.
    state = case6(date(2026, 3, 11))
    assert state.arrears.since == date(2026, 2, 10)
    assert state.arrears.unpaid == D("300.00")
    assert [(i.due, i.remaining, i.origin) for i in state.arrears.items] == [
        (date(2026, 2, 10), D("150.00"), "detected"),
        (date(2026, 3, 10), D("150.00"), "detected"),
    ]
    cycle = state.cycle
    assert (cycle.due, cycle.required, cycle.remaining) == (date(2026, 4, 10), D("150"), D("150"))
    assert state.follow_up


@pytest.mark.parametrize(
    ("today", "unpaid", "next_due"),
    [
        (date(2026, 2, 10), "0", date(2026, 2, 10)),  # due today: not missed yet
        (date(2026, 2, 11), "150", date(2026, 3, 10)),  # missed from the next day on
        (date(2026, 3, 10), "150", date(2026, 3, 10)),
        (date(2026, 3, 11), "300", date(2026, 4, 10)),
    ],
)
def test_a_due_date_is_missed_from_the_next_day_on(today: date, unpaid: str, next_due: date) -> None:
    state = case6(today)
    assert state.arrears.unpaid == D(unpaid)
    assert state.next_due == next_due


def test_i_did_pay_this_clears_exactly_that_item() -> None:
    state = case6(date(2026, 3, 11))
    feb = state.arrears.items[0]
    fix = correction(feb)
    assert (fix.paid_on, fix.amount) == (date(2026, 2, 10), D("150.00"))
    # Recorded on Mar 11 (after the statement), dated Feb 10: it counts for Feb 10.
    # The balance goes down by the 150 the service records: 1000 - 150 = 850.
    after = case6(date(2026, 3, 11), (Payment(fix.paid_on, fix.amount, at(date(2026, 3, 11))),),
                  balance="850")  # fmt: skip
    assert [(i.due, i.remaining) for i in after.arrears.items] == [
        (date(2026, 3, 10), D("150.00"))
    ]
    assert after.cycle.remaining == D("150")


# --- payments ----------------------------------------------------------------------------


def test_a_payment_on_the_due_date_counts_for_it_the_next_day_it_is_late() -> None:
    on_time = case6(date(2026, 2, 20), (paid(date(2026, 2, 10), "150"),), balance="850")
    assert on_time.arrears.unpaid == 0
    # Paid on Feb 11: Feb 10 was missed (arrears from Feb 11) and the payment clears it;
    # Mar 10's 150 is still asked in full.
    late = case6(date(2026, 2, 20), (paid(date(2026, 2, 11), "150"),), balance="850")
    assert late.arrears.unpaid == 0
    assert late.cycle.remaining == D("150")


def test_payments_go_to_arrears_oldest_first_then_to_the_cycle() -> None:
    # On Mar 12, 200 paid: Feb 10's 150 first, then 50 of Mar 10's. Apr 10 untouched.
    state = case6(date(2026, 3, 12), (paid(date(2026, 3, 12), "200"),), balance="800")
    assert [(i.due, i.remaining) for i in state.arrears.items] == [
        (date(2026, 3, 10), D("100.00"))
    ]
    assert state.cycle.remaining == D("150")
    # 400: 150 + 150 of arrears, 100 toward Apr 10 (a part payment lowers what is asked).
    state = case6(date(2026, 3, 12), (paid(date(2026, 3, 12), "400"),), balance="600")
    assert state.arrears.unpaid == 0 and not state.follow_up
    cycle = state.cycle
    assert (cycle.required, cycle.paid, cycle.remaining) == (D("150"), D("100"), D("50"))


def test_paying_more_than_the_minimum_does_not_prepay_the_next_cycle() -> None:
    # 400 on Feb 5 covers Feb 10's 150; the other 250 only lowers the balance, so Mar 10's
    # 150 is still required and, unpaid, is overdue from Mar 11.
    state = case6(date(2026, 3, 11), (paid(date(2026, 2, 5), "400"),), balance="600")
    assert [(i.due, i.remaining) for i in state.arrears.items] == [
        (date(2026, 3, 10), D("150.00"))
    ]


def test_case_7_a_part_payment_leaves_the_rest_overdue_and_follow_ups_on() -> None:
    # 花呗 ¥8,600 overdue since Jan 10 (stated Mar 1); ¥500 paid on Mar 5 -> ¥8,100
    # still overdue (8,600 - 500); the balance is all arrears, so Mar 10 asks nothing more.
    terms = Terms(D("8100"), due_day=10, minimum=MinimumRule("fixed", amount=D("600")))
    stated = Stated(D("8600"), date(2026, 1, 10), date(2026, 3, 1), at(date(2026, 3, 1)))
    state = billing_state(terms, stated, (paid(date(2026, 3, 5), "500"),), date(2026, 3, 6))
    assert state.arrears.unpaid == D("8100.00") and state.follow_up
    assert state.arrears.items[0].origin == "stated"
    assert state.arrears.since == date(2026, 1, 10)
    assert state.cycle is not None and state.cycle.required == 0


def test_case_7_clearing_an_overdue_75_keeps_the_next_cycle() -> None:
    # Amex: $75 overdue since Nov 15 (stated Nov 20), minimum $75, due on the 15th.
    # $75 paid on Nov 28 clears the arrear; Dec 15 still requires its $75.
    terms = Terms(D("2925"), due_day=15, minimum=MinimumRule("fixed", amount=D("75")))
    stated = Stated(D("75"), date(2026, 11, 15), date(2026, 11, 20), at(date(2026, 11, 20)))
    state = billing_state(terms, stated, (paid(date(2026, 11, 28), "75"),), date(2026, 11, 29))
    assert state.arrears.unpaid == 0 and not state.follow_up
    assert state.cycle is not None
    assert (state.cycle.due, state.cycle.remaining) == (date(2026, 12, 15), D("75"))


def test_payments_recorded_before_the_statement_are_already_in_it() -> None:
    terms = Terms(D("900"), due_day=10, minimum=FIXED_150)
    stated = Stated(D("300"), date(2026, 2, 10), date(2026, 3, 12), at(date(2026, 3, 12)))
    early = paid(date(2026, 3, 11), "100")  # recorded Mar 11, before the Mar 12 statement
    state = billing_state(terms, stated, (early,), date(2026, 3, 13))
    assert state.arrears.unpaid == D("300.00")


def test_a_percent_minimum_is_taken_of_the_balance_at_the_start_of_the_cycle() -> None:
    # 1,234.50 at the start of the cycle x 1% = 12.345 -> 12.35; 10 paid since, so the
    # balance is 1,224.50 and 2.35 is left to pay (the minimum itself doesn't shrink).
    rule = MinimumRule("percent", percent=D("0.01"))
    terms = Terms(D("1224.50"), due_day=10, minimum=rule)
    state = billing_state(terms, not_overdue(date(2026, 3, 1)), (paid(date(2026, 3, 3), "10"),),
                          date(2026, 3, 4))  # fmt: skip
    assert state.cycle is not None
    assert (state.cycle.required, state.cycle.remaining) == (D("12.35"), D("2.35"))


def test_an_instalment_schedule_ends_after_its_last_payment() -> None:
    # 借呗: 2 instalments of ¥2,702 left from Mar 1, due on the 5th; nothing paid.
    plan = Instalments(2, D("2702"), date(2026, 3, 1))
    terms = Terms(D("5404"), due_day=5, instalments=plan)
    state = billing_state(terms, not_overdue(date(2026, 3, 1)), (), date(2026, 3, 2))
    assert state.cycle is not None and state.cycle.instalment == 1
    assert state.cycle.required == D("2702")
    later = billing_state(terms, not_overdue(date(2026, 3, 1)), (), date(2026, 6, 10))
    # Mar 5 and Apr 5 missed (2 x 2,702 = 5,404), then no more due dates.
    assert later.arrears.unpaid == D("5404.00") and later.cycle is None
    assert [i.due for i in later.arrears.items] == [date(2026, 3, 5), date(2026, 4, 5)]


def test_a_one_off_due_date_without_a_rule_requires_the_whole_balance() -> None:
    terms = Terms(D("5000"), due_on=date(2026, 6, 30))
    before = billing_state(terms, not_overdue(date(2026, 5, 1)), (), date(2026, 6, 1))
    assert before.cycle is not None and before.cycle.required == D("5000")
    after = billing_state(terms, not_overdue(date(2026, 5, 1)), (), date(2026, 7, 2))
    assert after.cycle is None and after.arrears.unpaid == D("5000.00")


def test_penalty_interest_accrues_daily_on_what_is_unpaid() -> None:
    # 1,000 overdue since Jan 1 at 36.5% a year = 0.1% a day = 1.00 a day.
    # 400 paid on Jan 11 pays the penalty so far first (10 days x 1.00 = 10.00), then 390
    # of the arrears: 610 unpaid, and the balance lowered by 390 only (1,000 -> 610).
    # Jan 11-31: 20 days x 0.61 = 12.20 more; accrued 22.20, paid 10.00, owed 12.20.
    terms = Terms(D("610"), minimum=None, penalty_apr=D("0.365"))
    stated = Stated(D("1000"), date(2026, 1, 1), date(2026, 1, 1), at(date(2026, 1, 1)))
    state = billing_state(terms, stated, (paid(date(2026, 1, 11), "400"),), date(2026, 1, 31))
    assert state.penalty_paid == D("10.00") and state.arrears.unpaid == D("610.00")
    assert state.arrears.penalty == D("12.20")
    assert state.arrears.total == D("622.20")
    # Owed today: the balance and the penalty on top, 610 + 12.20 = 622.20.
    assert state.owed == D("622.20")
    # Paying all of it (622.20) clears the arrears and the penalty: nothing is lost when
    # an item is cleared, and nothing is owed after.
    done = billing_state(Terms(D("0"), minimum=None, penalty_apr=D("0.365")), stated,
                         (paid(date(2026, 1, 11), "400"), paid(date(2026, 1, 31), "622.20")),
                         date(2026, 1, 31))  # fmt: skip
    assert done.arrears.unpaid == 0 and done.arrears.penalty == 0 and done.owed == 0
    # Nothing paid: the same as penalty_accrued, 1,000 x 0.001 x 30 = 30.00.
    plain = billing_state(Terms(D("1000"), penalty_apr=D("0.365")), stated, (), date(2026, 1, 31))
    assert plain.arrears.penalty == D("30.00")
    assert penalty_accrued(D("1000"), D("0.365"), date(2026, 1, 1), date(2026, 1, 31)) == D("30.00")
    unknown = billing_state(Terms(D("1000")), stated, (), date(2026, 1, 31))
    assert unknown.arrears.penalty is None and unknown.arrears.total == D("1000.00")
    assert unknown.owed == D("1000")  # no penalty rate known: the balance


def test_invalid_input_raises_billing_error() -> None:
    with pytest.raises(BillingError):
        Terms(D("-1"))
    with pytest.raises(BillingError):
        Terms(D("1"), due_day=32)
    with pytest.raises(BillingError):
        Payment(date(2026, 1, 1), D("-5"), at(date(2026, 1, 1)))


# --- invariants -------------------------------------------------------------------------

amounts = st.integers(0, 500_000).map(lambda c: D(c).scaleb(-2))
days = st.integers(0, 200).map(lambda n: date(2026, 1, 1) + timedelta(days=n))


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[Terms, Stated, list[Payment], date]:
    stated_on = draw(days)
    today = stated_on + timedelta(days=draw(st.integers(0, 150)))
    rule = draw(st.sampled_from(["fixed", "percent", "instalments", "none"]))
    minimum = None
    plan = None
    if rule == "fixed":
        minimum = MinimumRule("fixed", amount=draw(amounts))
    elif rule == "percent":
        minimum = MinimumRule("percent", percent=D(draw(st.integers(1, 100))).scaleb(-2),
                              floor=draw(amounts))  # fmt: skip
    elif rule == "instalments":
        plan = Instalments(draw(st.integers(0, 12)), draw(amounts), stated_on)
    due_day = draw(st.one_of(st.none(), st.integers(1, 31)))
    due_on = None if due_day else draw(st.one_of(st.none(), days))
    payments = [
        Payment(draw(days), draw(amounts), at(today, 23) - timedelta(days=draw(st.integers(0, 3))))
        for _ in range(draw(st.integers(0, 4)))
    ]
    balance = draw(amounts)
    stated_amount = draw(st.one_of(st.just(D(0)), amounts))
    since = draw(st.one_of(st.none(), days))
    penalty = draw(st.one_of(st.none(), st.integers(0, 5000).map(lambda b: D(b).scaleb(-4))))
    terms = Terms(balance, due_day, due_on, minimum, plan, penalty)
    return terms, Stated(stated_amount, since, stated_on, at(stated_on, 9)), payments, today


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_arrears_never_negative_and_paying_them_keeps_the_next_cycle(
    case: tuple[Terms, Stated, list[Payment], date],
) -> None:
    terms, stated, payments, today = case
    state = billing_state(terms, stated, payments, today)
    assert state.arrears.unpaid >= 0 and all(i.remaining > 0 for i in state.arrears.items)
    assert all(i.remaining <= i.required for i in state.arrears.items)
    assert state.arrears.unpaid == sum((i.remaining for i in state.arrears.items), D(0))
    assert [i.due for i in state.arrears.items] == sorted(i.due for i in state.arrears.items)
    if state.cycle is not None:
        assert 0 <= state.cycle.remaining <= state.cycle.required
        assert state.cycle.due >= today
    if state.arrears.unpaid > 0 and terms.balance >= state.arrears.unpaid:
        # Pay every arrear and its penalty today (the penalty first, the balance lowered by
        # the arrears only): none left, follow-ups stop, the cycle still asks the same.
        pay = Payment(today, state.arrears.total, at(today, 23) + timedelta(hours=1))
        after = billing_state(
            Terms(terms.balance - state.arrears.unpaid, terms.due_day, terms.due_on,
                  terms.minimum, terms.instalments, terms.penalty_apr),
            stated, [*payments, pay], today,
        )  # fmt: skip
        assert after.arrears.unpaid == 0 and not after.follow_up
        assert not after.arrears.penalty
        if state.cycle is not None:
            assert after.cycle is not None
            assert after.cycle.required == state.cycle.required
            assert after.cycle.remaining == state.cycle.remaining


def test_unpaid_is_a_plain_value() -> None:
    item = Unpaid(date(2026, 2, 10), D("150"), D("150"), "detected", None)
    assert correction(item).amount == D("150")
