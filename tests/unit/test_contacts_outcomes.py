"""Agreed outcomes change the debt: one test per row of the table, revert, correction."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from coach.contact_chain import correction, seal, withdrawal
from coach.contacts import (
    Channel,
    Confirmation,
    ContactEntry,
    ContactError,
    Direction,
    Outcome,
    OutcomeKind,
)
from coach.outcomes import (
    OUTCOME_RULES,
    TERM_FIELDS,
    DebtTerms,
    Effect,
    apply_change,
    change_for,
    check_promise,
    describe,
    obligations,
    reapply,
    revert_change,
)
from coach.rates import QuotedRate, RateKind, quoted_to_apr
from coach.timezones import zone

K = OutcomeKind
E = Effect
D = Decimal
SH = "Asia/Shanghai"

# An overdue credit card: 12,000 owed of which 1,500 overdue and 200 fees; 18% APR,
# penalty 27%; minimum 10%, at least 100; due on the 10th.
TERMS = DebtTerms(
    balance=D("12000.00"), overdue_amount=D("1500.00"), overdue_since=date(2026, 10, 10),
    fees=D("200.00"), apr=D("0.18"), penalty_apr=D("0.27"), rate_kind="annual",
    rate_value=D("0.18"), min_kind="percent", min_percent=D("0.1"), min_floor=D("100"),
    due_day=10,
)


def contact(outcome: Outcome, **kw: object) -> ContactEntry:
    base: dict[str, object] = {
        "debt_id": 3,
        # 23:30 in Shanghai on Nov 27 (15:30 UTC): the contact's local date is Nov 27
        "occurred_at": datetime(2026, 11, 27, 23, 30, tzinfo=zone(SH)),
        "tz": SH, "received_at": datetime(2026, 11, 27, 15, 31, tzinfo=UTC),
        "direction": Direction.OUTBOUND, "channel": Channel.CALL, "outcome": outcome,
    }
    base.update(kw)
    return seal(ContactEntry(**base), None)  # type: ignore[arg-type]


def changes_of(outcome: Outcome) -> dict[str, tuple[object, object]] | None:
    change = change_for(contact(outcome), TERMS)
    return None if change is None else {f.field: (f.before, f.after) for f in change.fields}


# The APR of 24 x 600 against 12,000: the IRR (rates module); checked below by the
# annuity formula: 12000 x r / (1 - (1 + r)^-24) = 600 at r = APR / 12.
IRR_24x600 = quoted_to_apr(QuotedRate(RateKind.INSTALMENTS, instalments=24, payment=D("600"),
                                      balance=D("12000.00")))

ROWS = [
    (Outcome(K.NONE), None, frozenset()),
    (Outcome(K.REFUSED), None, frozenset()),
    # a grace period keeps the arrears (overdue 1,500 untouched) and marks the debt
    (Outcome(K.GRACE, on=date(2027, 1, 31)),
     {"grace_until": (None, date(2027, 1, 31))},
     {E.REPLAN, E.PAUSE_OVERDUE_NUDGES}),
    # 24 x 600 = 14,400 > 12,000: the schedule and APR inputs are replaced, the arrears
    # absorbed, the first payment on Dec 15 sets the due day
    (Outcome(K.INSTALMENTS, D("600.00"), count=24, on=date(2026, 12, 15)),
     {"apr": (D("0.18"), IRR_24x600), "rate_kind": ("annual", "instalments"),
      "rate_value": (D("0.18"), D(0)), "rate_periods": (None, 24),
      "rate_amount": (None, D("600.00")), "min_kind": ("percent", "fixed"),
      "min_amount": (None, D("600.00")), "min_percent": (D("0.1"), None),
      "min_floor": (D("100"), None), "overdue_amount": (D("1500.00"), D(0)),
      "overdue_since": (date(2026, 10, 10), None), "penalty_apr": (D("0.27"), None),
      "due_day": (10, 15), "next_due": (None, date(2026, 12, 15))},
     {E.REPLAN, E.NEW_SCHEDULE, E.STOP_PENALTY}),
    # 12 x 900 = 10,800 <= 12,000: the lender forgoes 1,200; 0% on what is left
    (Outcome(K.INSTALMENTS, D("900.00"), count=12),
     {"balance": (D("12000.00"), D("10800.00")), "apr": (D("0.18"), D(0)),
      "rate_kind": ("annual", "instalments"), "rate_value": (D("0.18"), D(0)),
      "rate_periods": (None, 12), "rate_amount": (None, D("900.00")),
      "min_kind": ("percent", "fixed"), "min_amount": (None, D("900.00")),
      "min_percent": (D("0.1"), None), "min_floor": (D("100"), None),
      "overdue_amount": (D("1500.00"), D(0)), "overdue_since": (date(2026, 10, 10), None),
      "penalty_apr": (D("0.27"), None)},
     {E.REPLAN, E.NEW_SCHEDULE, E.STOP_PENALTY}),
    (Outcome(K.PENALTY_STOPPED, on=date(2026, 12, 1)),
     {"penalty_apr": (D("0.27"), None), "penalty_stopped_on": (None, date(2026, 12, 1))},
     {E.REPLAN, E.STOP_PENALTY}),
    # 320 of accrued penalty waived: 12,000 - 320 = 11,680 owed (overdue 1,500 stays)
    (Outcome(K.PENALTY_STOPPED, D("320.00")),
     {"penalty_apr": (D("0.27"), None), "penalty_stopped_on": (None, date(2026, 11, 27)),
      "balance": (D("12000.00"), D("11680.00"))},
     {E.REPLAN, E.STOP_PENALTY}),
    # all fees waived: 200 off the fees and off the balance (12,000 - 200 = 11,800)
    (Outcome(K.FEES_WAIVED),
     {"fees": (D("200.00"), D(0)), "balance": (D("12000.00"), D("11800.00"))},
     {E.REPLAN}),
    # 50 of them: fees 150, balance 11,950
    (Outcome(K.FEES_WAIVED, D("50.00"), confirmation=Confirmation.WRITTEN),
     {"fees": (D("200.00"), D("150.00")), "balance": (D("12000.00"), D("11950.00"))},
     {E.REPLAN}),
    (Outcome(K.INTEREST_STOPPED, on=date(2026, 12, 1)),
     {"apr": (D("0.18"), D(0)), "rate_value": (D("0.18"), D(0)),
      "penalty_apr": (D("0.27"), None), "interest_free_from": (None, date(2026, 12, 1))},
     {E.REPLAN, E.STOP_PENALTY}),
    # a settlement of 8,000 by Dec 31 replaces the balance, due once on that date
    (Outcome(K.SETTLEMENT, D("8000.00"), on=date(2026, 12, 31)),
     {"balance": (D("12000.00"), D("8000.00")), "overdue_amount": (D("1500.00"), D(0)),
      "overdue_since": (date(2026, 10, 10), None), "penalty_apr": (D("0.27"), None),
      "apr": (D("0.18"), D(0)), "rate_value": (D("0.18"), D(0)),
      "min_kind": ("percent", "fixed"), "min_amount": (None, D("8000.00")),
      "min_percent": (D("0.1"), None), "min_floor": (D("100"), None),
      "due_day": (10, None), "next_due": (None, date(2026, 12, 31)),
      "settle_by": (None, date(2026, 12, 31))},
     {E.REPLAN, E.NEW_SCHEDULE, E.STOP_PENALTY}),
    # a promise is a one-off obligation, not a new due date: no field changes
    (Outcome(K.PROMISE, D("500.00"), on=date(2026, 12, 5)), {}, {E.REMIND_DAY_BEFORE}),
]


@pytest.mark.parametrize(("outcome", "expected", "effects"), ROWS,
                         ids=[f"{r[0].kind.value}-{i}" for i, r in enumerate(ROWS)])
def test_each_outcome_changes_the_debt_by_the_table(outcome, expected, effects):
    assert changes_of(outcome) == expected
    entry = contact(outcome)
    change = change_for(entry, TERMS)
    if change is None:
        return
    assert change.effects == effects == OUTCOME_RULES[outcome.kind].effects
    assert change.entry == entry.hash and change.debt_id == 3
    assert change.confirmation is outcome.confirmation
    assert {f.field for f in change.fields} <= OUTCOME_RULES[outcome.kind].sets
    after = apply_change(TERMS, change)
    assert revert_change(after, change).terms == TERMS  # reverting restores every field
    assert revert_change(after, change).conflicts == ()


def test_the_table_has_a_row_per_outcome_and_sets_only_known_fields():
    assert set(OUTCOME_RULES) == set(OutcomeKind)
    assert {r[0].kind for r in ROWS} == set(OutcomeKind)
    assert all(rule.sets <= TERM_FIELDS for rule in OUTCOME_RULES.values())


def test_the_instalment_apr_is_the_irr_of_the_plan():
    r = IRR_24x600 / 12
    payment = D("12000") * r / (1 - (1 + r) ** -24)
    assert abs(payment - D("600")) < D("0.01")
    assert D("0.18") < IRR_24x600 < D("0.19")  # about 18.2%


def test_a_promise_is_an_obligation_reminded_the_day_before_not_a_due_date():
    change = change_for(contact(Outcome(K.PROMISE, D("500.00"), on=date(2026, 12, 5))), TERMS)
    assert change is not None and change.fields == ()
    assert change.obligation is not None
    assert (change.obligation.amount, change.obligation.due, change.obligation.remind_on) == (
        D("500.00"), date(2026, 12, 5), date(2026, 12, 4))
    after = apply_change(TERMS, change)
    assert (after.due_day, after.next_due) == (10, None)
    assert obligations([change]) == [change.obligation]
    grace = change_for(contact(Outcome(K.GRACE, on=date(2027, 1, 1))), TERMS)
    assert grace is not None and obligations([grace]) == []


def test_the_effective_date_is_the_stop_date_or_else_the_contact_local_date():
    stop = change_for(contact(Outcome(K.INTEREST_STOPPED, on=date(2026, 12, 1))), TERMS)
    grace = change_for(contact(Outcome(K.GRACE, on=date(2027, 1, 1))), TERMS)
    assert stop is not None and stop.effective_on == date(2026, 12, 1)
    assert grace is not None and grace.effective_on == date(2026, 11, 27)  # not the UTC date


def test_a_field_changed_since_is_a_conflict_and_stays():
    change = change_for(contact(Outcome(K.SETTLEMENT, D("8000.00"), on=date(2026, 12, 31))), TERMS)
    assert change is not None
    edited = replace(apply_change(TERMS, change), balance=D("7500.00"))  # the user edited it
    reverted = revert_change(edited, change)
    assert reverted.conflicts == ("balance",)
    assert reverted.terms.balance == D("7500.00")
    assert reverted.terms.next_due is None and reverted.terms.due_day == 10  # the rest undone


def test_correcting_a_contact_reverts_its_change_and_applies_the_new_one():
    original = contact(Outcome(K.INSTALMENTS, D("600.00"), count=24))
    old = change_for(original, TERMS)
    assert old is not None
    current = apply_change(TERMS, old)
    fixed = seal(correction(original, datetime(2026, 11, 28, tzinfo=UTC),
                            outcome=Outcome(K.INSTALMENTS, D("550.00"), count=24)), original)
    result = reapply(current, old, fixed)
    assert result.change is not None and result.change.entry == fixed.hash
    assert result.terms == apply_change(TERMS, change_for(fixed, TERMS))  # type: ignore[arg-type]
    assert result.terms.min_amount == D("550.00") and result.conflicts == ()


def test_withdrawing_a_contact_reverts_its_change():
    original = contact(Outcome(K.GRACE, on=date(2027, 1, 31)))
    old = change_for(original, TERMS)
    assert old is not None
    gone = seal(withdrawal(original, datetime(2026, 11, 28, tzinfo=UTC)), original)
    result = reapply(apply_change(TERMS, old), old, gone)
    assert result.terms == TERMS and result.change is None


def test_an_unsealed_entry_has_no_change():
    draft = replace(contact(Outcome(K.GRACE, on=date(2027, 1, 1))), hash="")
    with pytest.raises(ContactError):
        change_for(draft, TERMS)


PROMISES = [
    # amount, available this month, other promises this month -> gap (None: fundable)
    (D("500"), D("400"), D("0"), D("100")),  # 500 - 400
    (D("500"), D("500"), D("0"), None),  # exactly fundable
    (D("500"), D("800"), D("200"), None),  # 500 + 200 <= 800
    (D("500"), D("600"), D("200"), D("100")),  # 500 + 200 - 600
    (D("500"), D("-50"), D("0"), D("500")),  # a short month funds nothing
]


@pytest.mark.parametrize(("amount", "available", "promised", "gap"), PROMISES)
def test_a_promise_beyond_what_the_plan_funds_is_warned(amount, available, promised, gap):
    warning = check_promise(amount, available, promised)
    if gap is None:
        assert warning is None
    else:
        assert warning is not None and warning.code == "outcome.promise_exceeds"
        assert warning.params["gap"] == gap and warning.params["amount"] == amount
        assert warning.params["available"] == max(available, D(0))


DESCRIBED = [
    (Outcome(K.GRACE, on=date(2027, 1, 31)), "outcome.change.grace", {"date": date(2027, 1, 31)}),
    (Outcome(K.INSTALMENTS, D("600.00"), count=24), "outcome.change.instalments",
     {"count": 24, "amount": D("600.00")}),
    (Outcome(K.PENALTY_STOPPED, on=date(2026, 12, 1)), "outcome.change.penalty_stopped",
     {"date": date(2026, 12, 1)}),
    (Outcome(K.PENALTY_STOPPED, D("320.00")), "outcome.change.penalty_stopped_amount",
     {"date": date(2026, 11, 27), "amount": D("320.00")}),
    (Outcome(K.FEES_WAIVED), "outcome.change.fees_waived", {}),
    (Outcome(K.FEES_WAIVED, D("50.00")), "outcome.change.fees_waived_amount",
     {"amount": D("50.00")}),
    (Outcome(K.INTEREST_STOPPED), "outcome.change.interest_stopped", {"date": date(2026, 11, 27)}),
    (Outcome(K.SETTLEMENT, D("8000.00"), on=date(2026, 12, 31)), "outcome.change.settlement",
     {"amount": D("8000.00"), "date": date(2026, 12, 31)}),
    (Outcome(K.PROMISE, D("500.00"), on=date(2026, 12, 5), confirmation=Confirmation.WRITTEN),
     "outcome.change.promise", {"amount": D("500.00"), "date": date(2026, 12, 5)}),
]


@pytest.mark.parametrize(("outcome", "code", "params"), DESCRIBED)
def test_each_change_is_described_with_oral_or_written(outcome, code, params):
    change = change_for(contact(outcome), TERMS)
    assert change is not None
    first, second = describe(change)
    assert (first.code, dict(first.params)) == (code, params)
    assert second.code == ("outcome.written" if outcome.confirmation is Confirmation.WRITTEN
                           else "outcome.oral")
