"""The /adddebt conversation's pure domain: the draft, one answer at a time, its cost."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.debt_answers import MAX_LENDER, apply_answer
from coach.debts import (
    QUICK_STEPS,
    STEPS,
    DebtDraft,
    MinimumRule,
    is_complete,
    next_due_on,
    next_step,
    parse_minimum,
    quoted_to_dict,
)
from coach.errors import ParseError
from coach.lenders import LenderType
from coach.rates import QuotedRate, RateBasis, RateKind

TODAY = date(2026, 11, 28)
BLANK = DebtDraft(token="tok-1")
WITH_BALANCE = DebtDraft(token="tok-1", balance="5000", answered=("balance",))


def answer(step: str, *, text: str | None = None, choice: str | None = None,
           draft: DebtDraft = BLANK) -> DebtDraft:
    return apply_answer(draft, step, today=TODAY, text=text, choice=choice)


def changed(before: DebtDraft, after: DebtDraft) -> dict[str, Any]:
    """The fields an answer changed (``answered`` included)."""
    b, a = before.to_dict(), after.to_dict()
    return {k: v for k, v in a.items() if b[k] != v}


def _rate(kind: str, rate: str = "0", instalments: int | None = None,
          payment: str | None = None) -> dict[str, Any]:
    return {"kind": kind, "rate": rate, "instalments": instalments, "payment": payment,
            "balance": None, "day_basis": 365}


def _minimum(kind: str, amount: str | None = None, percent: str | None = None,
             floor: str | None = None) -> dict[str, Any]:
    return {"kind": kind, "amount": amount, "percent": percent, "floor": floor}


# --- apply_answer: accepted answers -------------------------------------------------

ACCEPTED: list[tuple[str, str | None, str | None, DebtDraft, dict[str, Any]]] = [
    # step, text, choice, draft, the fields it changes
    ("lender", "花呗", None, BLANK,
     {"lender": "花呗", "lender_type": "online_platform", "answered": ["lender", "type"]}),
    ("lender", "Visa", None, BLANK,
     {"lender": "Visa", "lender_type": "credit_card", "answered": ["lender", "type"]}),
    ("lender", "  Uncle   Wang ", None, BLANK,
     {"lender": "Uncle Wang", "answered": ["lender"]}),
    ("lender", "x" * MAX_LENDER, None, BLANK,
     {"lender": "x" * MAX_LENDER, "answered": ["lender"]}),
    ("type", None, "microloan", BLANK, {"lender_type": "microloan", "answered": ["type"]}),
    ("type", None, "private", BLANK, {"lender_type": "private", "answered": ["type"]}),
    ("taken", "2026-11-01", None, BLANK,
     {"taken_on": "2026-11-01", "taken_precision": "day", "answered": ["taken"]}),
    ("taken", "2026年3月", None, BLANK,
     {"taken_on": "2026-03-01", "taken_precision": "month", "answered": ["taken"]}),
    ("taken", "12月", None, BLANK,  # a month without a year is the latest past one
     {"taken_on": "2025-12-01", "taken_precision": "month", "answered": ["taken"]}),
    ("taken", "today", None, BLANK,
     {"taken_on": "2026-11-28", "taken_precision": "day", "answered": ["taken"]}),
    ("taken", None, "this_month", BLANK,
     {"taken_on": "2026-11-01", "taken_precision": "month", "answered": ["taken"]}),
    ("taken", None, "unknown", BLANK, {"taken_precision": "unknown", "answered": ["taken"]}),
    ("balance", "5千", None, BLANK, {"balance": "5000", "answered": ["balance"]}),
    ("balance", "1.2万", None, BLANK, {"balance": "12000", "answered": ["balance"]}),
    ("balance", "¥5,000", None, BLANK, {"balance": "5000", "answered": ["balance"]}),
    ("balance", "5,000.5", None, BLANK, {"balance": "5000.50", "answered": ["balance"]}),
    ("rate", "年化18%", None, BLANK,
     {"rate": _rate("annual", "0.18"), "rate_text": "年化18%", "answered": ["rate"]}),
    ("rate", "日息万五", None, BLANK,
     {"rate": _rate("daily", "0.0005"), "rate_text": "日息万五", "answered": ["rate"]}),
    ("rate", "月手续费0.6% x 12期", None, BLANK,
     {"rate": _rate("monthly_fee", "0.006", instalments=12), "rate_text": "月手续费0.6% x 12期",
      "answered": ["rate"]}),
    ("rate", "12x1060", None, BLANK,
     {"rate": _rate("instalments", instalments=12, payment="1060"), "rate_text": "12x1060",
      "answered": ["rate"]}),
    ("rate", "12期x1060", None, BLANK,
     {"rate": _rate("instalments", instalments=12, payment="1060"), "rate_text": "12期x1060",
      "answered": ["rate"]}),
    ("rate", "剩12期每期1060", None, BLANK,
     {"rate": _rate("instalments", instalments=12, payment="1060"),
      "rate_text": "剩12期每期1060", "answered": ["rate"]}),
    ("rate", "剩余12期，每期1060元", None, BLANK,
     {"rate": _rate("instalments", instalments=12, payment="1060"),
      "rate_text": "剩余12期，每期1060元", "answered": ["rate"]}),
    ("rate", "12 instalments of 1,060", None, BLANK,
     {"rate": _rate("instalments", instalments=12, payment="1060"),
      "rate_text": "12 instalments of 1,060", "answered": ["rate"]}),
    ("rate", None, "unknown", BLANK, {"rate_unknown": True, "answered": ["rate"]}),
    ("minimum", "300", None, BLANK,
     {"minimum": _minimum("fixed", amount="300"), "answered": ["minimum"]}),
    ("minimum", "10%", None, BLANK,
     {"minimum": _minimum("percent", percent="0.1"), "answered": ["minimum"]}),
    ("minimum", "10% min 50", None, BLANK,
     {"minimum": _minimum("percent", percent="0.1", floor="50"), "answered": ["minimum"]}),
    ("minimum", "10%，最低50", None, BLANK,
     {"minimum": _minimum("percent", percent="0.1", floor="50"), "answered": ["minimum"]}),
    ("minimum", "100%", None, BLANK,
     {"minimum": _minimum("percent", percent="1"), "answered": ["minimum"]}),
    ("minimum", None, "none", BLANK, {"minimum": _minimum("none"), "answered": ["minimum"]}),
    ("due", "每月10号", None, BLANK, {"due_day": 10, "answered": ["due"]}),
    ("due", "the 10th", None, BLANK, {"due_day": 10, "answered": ["due"]}),
    ("due", "12月10日", None, BLANK,
     {"due_on": "2026-12-10", "due_day": 10, "answered": ["due"]}),
    ("due", "Dec 10", None, BLANK, {"due_on": "2026-12-10", "due_day": 10, "answered": ["due"]}),
    ("overdue", None, "yes", BLANK, {"overdue": True, "answered": ["overdue"]}),
    ("overdue", None, "no", BLANK,
     {"overdue": False, "answered": ["overdue", "overdue_since", "overdue_amount", "penalty"]}),
    ("overdue_since", "2026-11-01", None, BLANK,
     {"overdue_since": "2026-11-01", "answered": ["overdue_since"]}),
    ("overdue_since", "每月10号", None, BLANK,  # a due day: its latest occurrence
     {"overdue_since": "2026-11-10", "answered": ["overdue_since"]}),
    ("overdue_amount", "500", None, WITH_BALANCE,
     {"overdue_amount": "500", "answered": ["balance", "overdue_amount"]}),
    ("overdue_amount", "5000", None, WITH_BALANCE,
     {"overdue_amount": "5000", "answered": ["balance", "overdue_amount"]}),
    ("overdue_amount", None, "all", WITH_BALANCE,
     {"overdue_amount": "5000", "answered": ["balance", "overdue_amount"]}),
    ("penalty", "日息万五", None, BLANK,
     {"penalty": _rate("daily", "0.0005"), "answered": ["penalty"]}),
    ("bureau", None, "yes", BLANK, {"bureau": "yes", "answered": ["bureau"]}),
    ("bureau", None, "unknown", BLANK, {"bureau": "unknown", "answered": ["bureau"]}),
    ("purpose", None, "repay", BLANK, {"purpose": "repay", "answered": ["purpose"]}),
    ("purpose", None, "other", BLANK, {"purpose": "other", "answered": ["purpose"]}),
]


@pytest.mark.parametrize(
    ("step", "text", "choice", "draft", "expected"),
    ACCEPTED,
    ids=[f"{c[0]}:{c[1] if c[1] is not None else c[2]}" for c in ACCEPTED],
)
def test_an_understood_answer_fills_its_fields_and_marks_the_step_answered(
    step, text, choice, draft, expected
):
    after = answer(step, text=text, choice=choice, draft=draft)
    assert changed(draft, after) == expected
    assert after.token == draft.token


# --- apply_answer: refused answers ----------------------------------------------------

REFUSED: list[tuple[str, str | None, str | None, DebtDraft, str]] = [
    ("lender", "x" * (MAX_LENDER + 1), None, BLANK, "lender.too_long"),
    ("lender", "", None, BLANK, "lender.invalid"),
    ("lender", "   ", None, BLANK, "lender.invalid"),
    ("lender", None, None, BLANK, "lender.invalid"),
    ("lender", "/cancel", None, BLANK, "lender.invalid"),
    ("type", None, "spaceship", BLANK, "choice.tap_a_button"),
    ("type", "bank", None, BLANK, "choice.tap_a_button"),
    ("taken", "2026-12-01", None, BLANK, "date.future"),
    ("taken", "2027年3月", None, BLANK, "date.future"),
    ("taken", "abc", None, BLANK, "date.invalid"),
    ("taken", "每月10号", None, BLANK, "date.invalid"),
    ("balance", "-5", None, BLANK, "amount.negative"),
    ("balance", "abc", None, BLANK, "amount.invalid"),
    ("balance", "0", None, BLANK, "amount.zero"),
    ("balance", "5.001", None, BLANK, "amount.too_many_decimals"),
    ("balance", None, None, BLANK, "amount.invalid"),
    ("rate", "abc", None, BLANK, "rate.invalid"),
    ("rate", "手续费0.6%", None, BLANK, "rate.instalments_missing"),
    ("rate", "0x1060", None, BLANK, "instalments.out_of_range"),
    ("minimum", "120%", None, BLANK, "minimum.invalid"),
    ("minimum", "0%", None, BLANK, "minimum.invalid"),
    ("minimum", "abc", None, BLANK, "minimum.invalid"),
    ("due", "2026-01-01", None, BLANK, "date.past"),
    ("due", "32号", None, BLANK, "date.no_such_date"),
    ("due", "10", None, BLANK, "date.invalid"),
    ("overdue", None, "maybe", BLANK, "choice.tap_a_button"),
    ("overdue", "yes", None, BLANK, "choice.tap_a_button"),
    ("overdue_since", "2026-12-01", None, BLANK, "date.future"),
    ("overdue_amount", "5000.01", None, WITH_BALANCE, "overdue.more_than_balance"),
    ("overdue_amount", "abc", None, WITH_BALANCE, "amount.invalid"),
    ("penalty", "abc", None, BLANK, "rate.invalid"),
    ("bureau", None, "perhaps", BLANK, "choice.tap_a_button"),
    ("purpose", None, "fun", BLANK, "choice.tap_a_button"),
    ("no_such_step", "x", None, BLANK, "choice.tap_a_button"),
]


@pytest.mark.parametrize(
    ("step", "text", "choice", "draft", "code"),
    REFUSED,
    ids=[f"{c[0]}:{c[1] if c[1] is not None else c[2]}" for c in REFUSED],
)
def test_a_misunderstood_answer_raises_its_code_and_leaves_the_draft_alone(
    step, text, choice, draft, code
):
    before = draft.to_dict()
    with pytest.raises(ParseError) as err:
        answer(step, text=text, choice=choice, draft=draft)
    assert err.value.code == code
    assert draft.to_dict() == before


def test_the_too_long_lender_error_carries_the_limit():
    with pytest.raises(ParseError) as err:
        answer("lender", text="y" * 61)
    assert err.value.params == {"max": MAX_LENDER}


def test_the_refused_overdue_amount_echoes_what_was_typed():
    with pytest.raises(ParseError) as err:
        answer("overdue_amount", text="6,000", draft=WITH_BALANCE)
    assert err.value.params == {"text": "6,000"}


@pytest.mark.parametrize("step", STEPS)
def test_skip_marks_any_step_answered_and_changes_nothing_else(step):
    draft = DebtDraft(token="t", lender="花呗", balance="5000")
    after = answer(step, text="ignored", choice="skip", draft=draft)
    assert changed(draft, after) == {"answered": [step]}
    assert answer(step, choice="skip", draft=after) == after


def test_answering_a_step_twice_keeps_one_entry_and_the_latest_value():
    once = answer("balance", text="5000")
    twice = answer("balance", text="6000", draft=once)
    assert twice.balance == "6000"
    assert twice.answered == ("balance",)


def test_saying_not_overdue_clears_what_a_yes_filled_in():
    draft = answer("overdue", choice="yes", draft=WITH_BALANCE)
    draft = answer("overdue_since", text="2026-11-01", draft=draft)
    draft = answer("overdue_amount", text="800", draft=draft)
    draft = answer("penalty", text="日息万五", draft=draft)
    no = answer("overdue", choice="no", draft=draft)
    assert (no.overdue, no.overdue_since, no.overdue_amount, no.penalty) == (False, None, None, None)
    assert {"overdue_since", "overdue_amount", "penalty"} <= set(no.answered)


def test_a_typed_lender_type_replaces_the_platform_guess():
    draft = answer("type", choice="private", draft=answer("lender", text="花呗"))
    assert draft.lender_type == "private" and draft.type_value is LenderType.PRIVATE


def test_an_unknown_rate_after_a_known_one_forgets_the_quote():
    draft = answer("rate", choice="unknown", draft=answer("rate", text="年化18%"))
    assert draft.rate is None and draft.rate_unknown is True and draft.rate_text is None
    assert draft.cost() is None


# --- parse_minimum directly -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("300", MinimumRule("fixed", amount=Decimal(300))),
        ("¥1,000.50", MinimumRule("fixed", amount=Decimal("1000.50"))),
        ("10%", MinimumRule("percent", percent=Decimal("0.1"))),
        ("2.5%", MinimumRule("percent", percent=Decimal("0.025"))),
        ("10% min 50", MinimumRule("percent", percent=Decimal("0.1"), floor=Decimal(50))),
        ("10%, minimum 50", MinimumRule("percent", percent=Decimal("0.1"), floor=Decimal(50))),
        ("10%，最低50", MinimumRule("percent", percent=Decimal("0.1"), floor=Decimal(50))),
        ("10％ 不低于 5千", MinimumRule("percent", percent=Decimal("0.1"), floor=Decimal(5000))),
    ],
)
def test_a_minimum_is_a_fixed_amount_or_a_percentage_with_a_floor(text, rule):
    assert parse_minimum(text) == rule


# --- next_step -------------------------------------------------------------------------


def _answer_all(draft: DebtDraft, today: date = TODAY, lender_type: str = "unknown") -> list[str]:
    """Walk the flow, answering each question with a plausible value; the steps asked."""
    replies = {
        "lender": {"text": "Uncle Wang"}, "type": {"choice": lender_type},
        "taken": {"choice": "unknown"}, "balance": {"text": "5000"},
        "rate": {"text": "年化18%"}, "received": {"choice": "all"}, "minimum": {"text": "300"},
        "due": {"text": "每月10号"},
        "overdue": {"choice": "yes"}, "overdue_since": {"text": "2026-11-01"},
        "overdue_amount": {"text": "800"}, "penalty": {"text": "日息万五"},
        "bureau": {"choice": "unknown"}, "purpose": {"choice": "repay"},
    }
    asked: list[str] = []
    while (step := next_step(draft, today)) is not None:
        assert step not in asked, f"{step} asked twice"
        asked.append(step)
        draft = apply_answer(draft, step, today=today, **replies[step])
    return asked


def test_the_full_flow_asks_every_question_in_order_when_overdue():
    assert _answer_all(DebtDraft(token="t")) == [
        "lender", "type", "taken", "balance", "rate", "minimum", "due",
        "overdue", "overdue_since", "overdue_amount", "penalty", "bureau",
    ]


def test_a_private_lender_is_not_asked_about_the_credit_bureau():
    # A friend or relative does not report to the PBOC credit system (issue 11).
    assert "bureau" not in _answer_all(DebtDraft(token="t"), lender_type="private")


@pytest.mark.parametrize(
    ("lender_type", "rate", "asked"),
    [
        ("private", "年化18%", True),  # a private loan: the interest may have been taken first
        ("microloan", "12x1000", True),  # an instalment schedule
        ("microloan", "年化18%", False),
        ("credit_card", "12x1000", False),  # never for a card
    ],
)
def test_did_the_full_amount_arrive_is_asked_once_for_instalment_and_private_loans(
        lender_type, rate, asked):
    draft = DebtDraft(token="t", lender="X", lender_type=lender_type, balance="10000",
                      answered=("lender", "type", "taken", "balance"))
    draft = answer("rate", text=rate, draft=draft)
    assert (next_step(draft, TODAY) == "received") is asked


def test_a_known_platform_skips_the_type_question():
    draft = answer("lender", text="花呗", draft=DebtDraft(token="t"))
    assert next_step(draft, TODAY) == "taken"


def test_the_overdue_sub_steps_are_asked_only_when_overdue():
    before = DebtDraft(token="t", answered=STEPS[: STEPS.index("overdue")])
    assert next_step(before, TODAY) == "overdue"
    assert next_step(answer("overdue", choice="yes", draft=before), TODAY) == "overdue_since"
    assert next_step(answer("overdue", choice="no", draft=before), TODAY) == "bureau"
    # Unanswered (overdue is None): the sub-steps don't apply yet.
    skipped = DebtDraft(token="t", answered=(*before.answered, "overdue"))
    assert next_step(skipped, TODAY) == "bureau"


@pytest.mark.parametrize(
    ("taken", "asked"),
    [
        (TODAY, True),
        (TODAY - timedelta(days=30), True),
        (TODAY - timedelta(days=31), False),
        (TODAY + timedelta(days=1), False),
        (None, False),
    ],
)
def test_the_purpose_question_is_asked_only_for_a_loan_taken_within_30_days(taken, asked):
    everything_but_purpose = tuple(s for s in STEPS if s != "purpose")
    draft = DebtDraft(token="t", taken_on=taken.isoformat() if taken else None,
                      answered=everything_but_purpose)
    assert next_step(draft, TODAY) == ("purpose" if asked else None)


def test_a_loan_taken_this_month_is_asked_its_purpose_at_the_end():
    draft = answer("taken", choice="this_month", draft=DebtDraft(token="t"))
    asked = _answer_all(draft)
    assert asked[-1] == "purpose" and "taken" not in asked


def test_the_quick_flow_asks_only_the_quick_questions_in_order():
    assert _answer_all(DebtDraft(token="t", mode="quick")) == [
        "lender", "type", "balance", "rate", "minimum", "due",
    ]
    assert set(QUICK_STEPS) <= set(STEPS)


def test_the_quick_flow_asks_only_what_the_command_left_out():
    draft = DebtDraft(token="t", mode="quick", lender="花呗", lender_type="online_platform",
                      balance="5000", answered=("lender", "type", "balance"))
    assert next_step(draft, TODAY) == "rate"
    recent = DebtDraft(token="t", mode="quick", taken_on=TODAY.isoformat(),
                       answered=QUICK_STEPS[:-1])
    assert next_step(recent, TODAY) == "purpose"


def test_editing_asks_no_further_question():
    assert next_step(DebtDraft(token="t", mode="edit"), TODAY) is None


def test_a_draft_is_complete_with_a_lender_and_a_balance():
    assert not is_complete(DebtDraft(token="t", lender="花呗"))
    assert not is_complete(DebtDraft(token="t", balance="5000"))
    assert is_complete(DebtDraft(token="t", lender="花呗", balance="5000"))


# --- to_dict / from_dict ---------------------------------------------------------------


def test_a_draft_round_trips_through_a_dict():
    draft = DebtDraft(token="t")
    for step, kw in [
        ("lender", {"text": "花呗"}), ("taken", {"text": "2026-11-20"}),
        ("balance", {"text": "5,000.50"}), ("rate", {"text": "12x1060"}),
        ("minimum", {"text": "10% min 50"}), ("due", {"text": "Dec 10"}),
        ("overdue", {"choice": "yes"}), ("overdue_since", {"text": "2026-11-10"}),
        ("overdue_amount", {"text": "300"}), ("penalty", {"text": "日息万五"}),
        ("bureau", {"choice": "yes"}), ("purpose", {"choice": "repay"}),
    ]:
        draft = apply_answer(draft, step, today=TODAY, **kw)
    data = draft.to_dict()
    assert isinstance(data["answered"], list)
    assert DebtDraft.from_dict(data) == draft
    import json

    assert DebtDraft.from_dict(json.loads(json.dumps(data))) == draft


def test_unknown_keys_in_a_stored_draft_are_ignored():
    data = DebtDraft(token="t", lender="Visa", answered=("lender",)).to_dict()
    data["from_a_newer_version"] = 1
    del data["answered"]
    restored = DebtDraft.from_dict(data)
    assert restored == DebtDraft(token="t", lender="Visa")


# --- cost ------------------------------------------------------------------------------


def _costed(balance: str | None, rate: str) -> DebtDraft:
    draft = DebtDraft(token="t")
    if balance is not None:
        draft = answer("balance", text=balance, draft=draft)
    return answer("rate", text=rate, draft=draft)


@pytest.mark.parametrize(
    ("balance", "rate", "apr", "basis"),
    [
        ("12000", "年化18%", Decimal("0.18"), RateBasis.QUOTED_ANNUAL),
        ("12000", "日息万五", Decimal("0.1825"), RateBasis.SIMPLE_DAILY),
        ("12000", "月息1.5%", Decimal("0.18"), RateBasis.NOMINAL_IRR),
        ("12000", "月手续费0.6% x 12期", Decimal("0.1303"), RateBasis.NOMINAL_IRR),
        (None, "月手续费0.6% x 12期", Decimal("0.1303"), RateBasis.NOMINAL_IRR),
        ("12000", "12x1060", Decimal("0.1090"), RateBasis.NOMINAL_IRR),
    ],
)
def test_the_cost_is_an_apr_with_its_basis(balance, rate, apr, basis):
    cost = _costed(balance, rate).cost()
    assert cost is not None
    assert abs(cost.apr - apr) < Decimal("0.00005"), cost.apr
    assert cost.basis is basis
    assert cost.effective_annual >= cost.apr


def test_instalments_are_priced_against_the_balance_as_the_money_received():
    cost = _costed("12000", "12x1060").cost()
    assert cost is not None and cost.apr.quantize(Decimal("0.0001")) == Decimal("0.1090")
    # The stored quote doesn't carry the balance: it is taken from the draft.
    assert _costed("12000", "12x1060").quoted == QuotedRate(
        RateKind.INSTALMENTS, instalments=12, payment=Decimal(1060)
    )


@pytest.mark.parametrize(
    "draft",
    [
        DebtDraft(token="t"),
        answer("rate", choice="unknown", draft=DebtDraft(token="t", balance="12000")),
        _costed(None, "12x1060"),  # instalments without a balance: nothing to price against
        _costed("12000", "12x900"),  # pays back less than received: no rate solves it
        # The balance is the schedule's sum (12 x 1,000 = 12,000): interest-free, or the
        # interest is inside the balance; 0% would be a guess.
        _costed("12000", "12x1000"),
    ],
    ids=["no rate", "unknown", "instalments without balance", "unsolvable", "schedule sum"],
)
def test_the_cost_is_none_when_unknown_or_unsolvable(draft):
    assert draft.cost() is None


def test_a_balance_equal_to_the_schedules_sum_is_the_schedule():
    assert _costed("12720", "12x1060").schedule_is_balance  # 12 x 1,060 = 12,720
    assert not _costed("12000", "12x1060").schedule_is_balance  # 12,000 is the principal
    assert not _costed("12720", "年化18%").schedule_is_balance
    # With the money received stated, the APR is on it: not a guess.
    received = replace(_costed("12720", "12x1060"), received="12000")
    assert not received.schedule_is_balance and received.cost() is not None


def test_a_rate_built_with_quoted_to_dict_is_read_back():
    q = QuotedRate(RateKind.MONTHLY_FEE, Decimal("0.006"), instalments=12)
    draft = DebtDraft(token="t", rate=quoted_to_dict(q))
    assert draft.quoted == q


# --- typed views, next_due_on -----------------------------------------------------------


def test_the_typed_views_read_the_stored_strings():
    draft = DebtDraft(token="t", balance="5000.50", taken_on="2026-11-20",
                      minimum=_minimum("percent", percent="0.1", floor="50"))
    assert draft.balance_value == Decimal("5000.50")
    assert draft.taken_date == date(2026, 11, 20)
    assert draft.minimum_rule == MinimumRule("percent", None, Decimal("0.1"), Decimal(50))
    assert draft.type_value is LenderType.UNKNOWN
    assert draft.due is None
    assert DebtDraft(token="t", due_day=10).due.day_of_month == 10
    assert DebtDraft(token="t", due_on="2026-12-10", due_day=10).due.on == date(2026, 12, 10)


@pytest.mark.parametrize(
    ("due_day", "due_on", "today", "expected"),
    [
        (10, None, date(2026, 11, 28), date(2026, 12, 10)),
        (28, None, date(2026, 11, 28), date(2026, 11, 28)),  # today counts
        (31, None, date(2027, 2, 1), date(2027, 2, 28)),  # clamped to a short month
        (31, None, date(2026, 12, 31), date(2026, 12, 31)),
        (None, date(2026, 12, 10), date(2026, 11, 28), date(2026, 12, 10)),
        (10, date(2026, 12, 25), date(2026, 11, 28), date(2026, 12, 10)),  # the day wins
        (None, None, date(2026, 11, 28), None),
    ],
)
def test_the_next_due_date_is_the_day_of_month_from_today_or_the_fixed_date(
    due_day, due_on, today, expected
):
    assert next_due_on(due_day, due_on, today) == expected


# --- properties ------------------------------------------------------------------------

CHOICES = st.one_of(
    st.none(),
    st.sampled_from(["skip", "unknown", "this_month", "yes", "no", "all", "none", "repay",
                     "other", "credit_card", "bank_loan", "private"]),
    st.text(max_size=12),
)
TEXTS = st.one_of(
    st.none(),
    st.text(max_size=140),
    st.from_regex(r"[0-9xX×*期剩每%％.,，万千年月日号/ -]{1,20}", fullmatch=True),
)
DRAFTS = st.sampled_from([
    BLANK,
    WITH_BALANCE,
    DebtDraft(token="tok-2", mode="quick", lender="花呗", balance="12000.50", overdue=True,
              answered=("lender", "balance")),
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(step=st.sampled_from(STEPS), draft=DRAFTS, text=TEXTS, choice=CHOICES)
def test_any_answer_to_any_step_is_a_new_draft_or_a_parse_error(step, draft, text, choice):
    try:
        after = apply_answer(draft, step, today=TODAY, text=text, choice=choice)
    except ParseError as err:
        assert err.code and "." in err.code
        return
    assert isinstance(after, DebtDraft)
    assert after.token == draft.token
    assert step in after.answered
    assert DebtDraft.from_dict(after.to_dict()) == after


@pytest.mark.parametrize(
    ("step", "text", "field", "expected"),
    [
        ("penalty", "罚息日息万五", "penalty", {"kind": "daily", "rate": "0.0005", "instalments": None,
                                            "payment": None, "balance": None, "day_basis": 365}),
        ("minimum", "每月还1100", "minimum", {"kind": "fixed", "amount": "1100", "percent": None,
                                          "floor": None}),
        ("overdue_since", "since nov 5", "overdue_since", "2026-11-05"),
        ("overdue_since", "从11月5号开始", "overdue_since", "2026-11-05"),
        ("balance", "还欠8000", "balance", "8000"),
        ("overdue_amount", "逾期800", "overdue_amount", "800"),
    ],
)
def test_an_answer_that_restates_its_question_is_read(step, text, field, expected):
    draft = apply_answer(DebtDraft(token="t", balance="8000"), step, today=TODAY, text=text)
    assert getattr(draft, field) == expected


def test_restating_words_alone_are_still_refused():
    with pytest.raises(ParseError):
        apply_answer(DebtDraft(token="t"), "penalty", today=TODAY, text="罚息")
