"""One-line forms as people type them: nothing unread becomes the lender's name."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.debts import parse_instalments
from coach.debts import parse_minimum as debts_parse_minimum
from coach.errors import ParseError
from coach.money import D
from coach.parsing import DueDate, parse_adddebt_quick, parse_check_quick, parse_paid_quick
from coach.parsing.adddebt import AddDebtQuick
from coach.parsing.due import DueAnswer
from coach.parsing.minimum import MinimumRule, parse_minimum
from coach.parsing.quick import CheckQuick, PaidQuick
from coach.parsing.schedule import Schedule, parse_schedule
from coach.rates import QuotedRate, RateKind, apr, quoted_to_apr

TODAY = date(2026, 11, 29)


def error_of(fn: Any, *args: Any, **kwargs: Any) -> ParseError:
    with pytest.raises(ParseError) as info:
        fn(*args, **kwargs)
    return info.value


def fixed(amount: str) -> MinimumRule:
    return MinimumRule("fixed", amount=D(amount))


def percent(pct: str, floor: str | None = None) -> MinimumRule:
    return MinimumRule("percent", percent=D(pct), floor=None if floor is None else D(floor))


def instalments(n: int, payment: str, balance: str | None = None) -> QuotedRate:
    return QuotedRate(
        RateKind.INSTALMENTS,
        instalments=n,
        payment=D(payment),
        balance=None if balance is None else D(balance),
    )


ANNUAL_18 = QuotedRate(RateKind.ANNUAL, D("0.18"))

# text, the fields expected (every field not named must be its default)
ADDDEBT: list[tuple[str, dict[str, Any]]] = [
    (
        # was lender "Amex due", and due 2027-11-15
        "Amex 2,300.50 24.99% APR due Nov 15 min 75",
        {
            "lender": "Amex",
            "balance": D("2300.50"),
            "rate": QuotedRate(RateKind.ANNUAL, D("0.2499")),
            "min_payment": fixed("75"),
            "due": DueDate(day_of_month=15),
            "due_answer": DueAnswer(15, date(2026, 12, 15), passed=date(2026, 11, 15)),
        },
    ),
    ("借呗 剩12期", {"lender": "借呗", "instalments_left": 12}),  # was lender "借呗 剩12期"
    ("借呗 还剩12期", {"lender": "借呗", "instalments_left": 12}),
    ("借呗 剩余 12期", {"lender": "借呗", "instalments_left": 12}),
    ("Chase 12 payments left", {"lender": "Chase", "instalments_left": 12}),
    *[
        (
            f"借呗 30000 {schedule}",  # 12x2702 was lender "借呗 12x2702"
            {
                "lender": "借呗",
                "balance": D(30000),
                "rate": instalments(12, "2702"),
                "min_payment": fixed("2702"),
                "instalments_left": 12,
                "schedule": Schedule(12, D(2702)),
            },
        )
        for schedule in ("12x2702", "12*2702", "12×2702", "12期x2702", "12期每期2702", "12 x 2702",
                         "剩12期 每期2702", "月供2702 剩12期")
    ],
    *[
        (
            text,
            {
                "principal": D(10000),
                "received": D(9000),
                "rate": instalments(12, "1000", balance="9000"),
                "min_payment": fixed("1000"),
                "instalments_left": 12,
                "schedule": Schedule(12, D(1000)),
            },
        )
        for text in (
            "借10000，到手9000，分12期每期1000",
            "借10000,到手9000,分12期每期1000",
            "借 10000, 到手 9000, 分12期, 每期1000",
            "借款1万 实际到账9000 12期 每期1000",
            "借款：1万；实际到账：9000；12期；每期1000元",
            "borrowed 10000 received 9000 12 x 1000",
        )
    ],
    ("花呗 5000 min 1%", {"lender": "花呗", "balance": D(5000), "min_payment": percent("0.01")}),
    ("花呗 5000 最低还款10%", {"lender": "花呗", "balance": D(5000), "min_payment": percent("0.1")}),
    ("花呗 5000 最低10%", {"lender": "花呗", "balance": D(5000), "min_payment": percent("0.1")}),
    (
        "花呗 5000 最低还款 10% 最少50",
        {"lender": "花呗", "balance": D(5000), "min_payment": percent("0.1", "50")},
    ),
    (
        "Visa 5000 min 2% at least 25",
        {"lender": "Visa", "balance": D(5000), "min_payment": percent("0.02", "25")},
    ),
    (
        "花呗 5000 免息",
        {"lender": "花呗", "balance": D(5000), "rate": QuotedRate(RateKind.ANNUAL, D(0))},
    ),
    (
        "Amex 5000 0% APR",
        {"lender": "Amex", "balance": D(5000), "rate": QuotedRate(RateKind.ANNUAL, D(0))},
    ),
    (
        "花呗，5000，年化18%，每月10号",
        {
            "lender": "花呗",
            "balance": D(5000),
            "rate": ANNUAL_18,
            "due": DueDate(day_of_month=10),
            "due_answer": DueAnswer(10, date(2026, 12, 10)),
        },
    ),
    ("花呗　５０００　年化：18％", {"lender": "花呗", "balance": D(5000), "rate": ANNUAL_18}),
    (
        "Visa 5000 APR 18% 还款日15号",
        {
            "lender": "Visa",
            "balance": D(5000),
            "rate": ANNUAL_18,
            "due": DueDate(day_of_month=15),
            "due_answer": DueAnswer(15, date(2026, 12, 15)),
        },
    ),
    (
        "花呗 5000 到期12月10日",
        {
            "lender": "花呗",
            "balance": D(5000),
            "due": DueDate(on=date(2026, 12, 10)),
            "due_answer": DueAnswer(10, date(2026, 12, 10), fixed=True),
        },
    ),
    ("5000 花呗 18%", {"lender": "花呗", "balance": D(5000), "rate": ANNUAL_18}),  # a platform
    ("5000 18% foo", {"balance": D(5000), "rate": ANNUAL_18, "unparsed": ("foo",)}),
    ("Amex foo 2300 bar", {"lender": "Amex foo", "balance": D(2300), "unparsed": ("bar",)}),
    ("花呗 5000 APR", {"lender": "花呗", "balance": D(5000), "unparsed": ("APR",)}),
    ("花呗 5000 due", {"lender": "花呗", "balance": D(5000), "unparsed": ("due",)}),
    ("借呗 30000 2702", {"lender": "借呗", "balance": D(30000), "unparsed": ("2702",)}),
    ("Bank of China 5000", {"lender": "Bank of China", "balance": D(5000)}),
    ("Chase 5000 received 4500", {"lender": "Chase", "balance": D(5000), "received": D(4500)}),
    ("花呗 5000 每月还500", {"lender": "花呗", "balance": D(5000), "min_payment": fixed("500")}),
    (
        "借呗 5000 年化18% 12x500",  # a typed rate wins over the schedule's
        {
            "lender": "借呗",
            "balance": D(5000),
            "rate": ANNUAL_18,
            "min_payment": fixed("500"),
            "instalments_left": 12,
            "schedule": Schedule(12, D(500)),
        },
    ),
    (
        "借呗 5000 最低300 12x500",  # a typed minimum wins over the schedule's payment
        {
            "lender": "借呗",
            "balance": D(5000),
            "rate": instalments(12, "500"),
            "min_payment": fixed("300"),
            "instalments_left": 12,
            "schedule": Schedule(12, D(500)),
        },
    ),
    ("借呗 十二块五毛", {"lender": "借呗", "balance": D("12.50")}),
    ("花呗 5000 元", {"lender": "花呗", "balance": D(5000)}),
    ("花呗 ¥ 5000", {"lender": "花呗", "balance": D(5000)}),
    ("花呗 5000 分12期", {"lender": "花呗", "balance": D(5000), "instalments_left": 12}),
    # As phones run parts together (each was read as the lender's name or left unread).
    ("花呗5000 年化18%", {"lender": "花呗", "balance": D(5000), "rate": ANNUAL_18}),
    ("借呗1.5万", {"lender": "借呗", "balance": D(15000)}),
    ("花呗欠8600", {"lender": "花呗", "balance": D(8600)}),  # was lender "花呗欠"
    ("白条还欠2300", {"lender": "白条", "balance": D(2300)}),
    ("capital one owe 1,850", {"lender": "capital one", "balance": D(1850)}),
    ("贷款0 5000", {"lender": "贷款0", "balance": D(5000)}),  # a name ending in a number
    ("信用卡2 3000", {"lender": "信用卡2", "balance": D(3000)}),
    (
        "小贷 借1万到手9千分12期每期1000",
        {
            "lender": "小贷",
            "rate": instalments(12, "1000", "9000"),
            "min_payment": fixed("1000"),
            "instalments_left": 12,
            "received": D(9000),
            "principal": D(10000),
            "schedule": Schedule(12, D(1000)),
        },
    ),
    (
        "QuickCash borrowed 10000, got 9000, 12 payments of 1000",  # was "got" unread
        {
            "lender": "QuickCash",
            "rate": instalments(12, "1000", "9000"),
            "min_payment": fixed("1000"),
            "instalments_left": 12,
            "received": D(9000),
            "principal": D(10000),
            "schedule": Schedule(12, D(1000)),
        },
    ),
    (
        "Visa 3000 29.99 apr dec15 min 60",  # a rate with no %, a month and day together
        {
            "lender": "Visa",
            "balance": D(3000),
            "rate": QuotedRate(RateKind.ANNUAL, D("0.2999")),
            "min_payment": fixed("60"),
            "due": DueDate(on=date(2026, 12, 15)),
            "due_answer": DueAnswer(15, date(2026, 12, 15), fixed=True),
        },
    ),
    # Said in the line: overdue 20 days (since Nov 29 - 20 = Nov 9), the rate not known.
    ("信用卡 8600 逾期20天", {"lender": "信用卡", "balance": D(8600),
                          "overdue_since": date(2026, 11, 9)}),
    ("借呗 5000 利率不知道", {"lender": "借呗", "balance": D(5000), "rate_unknown": True}),
    ("Chase 2000 dont know the rate", {"lender": "Chase", "balance": D(2000),
                                        "rate_unknown": True}),
]


@pytest.mark.parametrize(("text", "fields"), ADDDEBT, ids=[c[0] for c in ADDDEBT])
def test_adddebt_on_one_line(text: str, fields: dict[str, Any]) -> None:
    assert parse_adddebt_quick(text, today=TODAY) == AddDebtQuick(**fields)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("花呗 5000 min -5", "minimum.invalid"),
        ("花呗 5000 min 120%", "minimum.invalid"),
        ("花呗 5000 最低还款 0%", "minimum.invalid"),
        ("花呗 5000 0x1060", "instalments.out_of_range"),
        ("花呗 5000 剩0期", "instalments.out_of_range"),
        ("花呗 12.5.3", "amount.invalid"),  # money-looking: not a name
        ("花呗 5000 due 2月30日", "date.no_such_date"),
        ("花呗 5000 due soon", "date.invalid"),
        ("花呗 5000 到期 2025-01-01", "date.past"),
        ("借10000 到手-9000", "amount.negative"),
        ("x" * 401, "adddebt.invalid"),
    ],
)
def test_adddebt_on_one_line_reports_clear_mistakes(text: str, code: str) -> None:
    assert error_of(parse_adddebt_quick, text, today=TODAY).code == code


def test_the_apr_of_a_loan_with_an_upfront_fee_is_on_the_money_received() -> None:
    """砍头息: borrow 10000, receive 9000, repay 12 x 1000.

    The monthly IRR r solves 9000 = 1000 x (1 - (1+r)^-12) / r, an annuity
    factor of 9: r = 4.7290% (check: (1 - 1.047290^-12) / 0.047290 = 9.0000),
    so the APR is 12 x 4.7290% = 56.75%. On the 10000 written in the contract the
    factor is 10: r = 2.9229%, APR 35.07%, which understates the cost.
    """
    quick = parse_adddebt_quick("借10000，到手9000，分12期每期1000", today=TODAY)
    assert quick.rate is not None
    on_received = quoted_to_apr(quick.rate)
    assert round(on_received, 4) == D("0.5675")
    assert on_received == apr(D(9000), [D(1000)] * 12)
    assert quick.principal is not None and quick.schedule is not None
    on_principal = apr(quick.principal, [quick.schedule.payment] * quick.schedule.instalments)
    assert round(on_principal, 4) == D("0.3507")


# --- minimums, shared by the guided step and the quick form --------------------------

MINIMUMS = [
    ("300", fixed("300")),
    ("最低300", fixed("300")),
    ("min 75", fixed("75")),
    ("1%", percent("0.01")),
    ("min 1%", percent("0.01")),
    ("最低还款10%", percent("0.1")),
    ("最低10%", percent("0.1")),
    ("最低还款 10% 最少50", percent("0.1", "50")),
    ("10% 最少50元", percent("0.1", "50")),
    ("10% at least 50", percent("0.1", "50")),
    ("10% (min 50)", percent("0.1", "50")),
    ("余额的10%", percent("0.1")),
    ("10% of the balance", percent("0.1")),
    ("百分之十", percent("0.1")),
    ("１０％，最低５０", percent("0.1", "50")),
]


@pytest.mark.parametrize(("text", "rule"), MINIMUMS)
def test_a_minimum_payment(text: str, rule: MinimumRule) -> None:
    assert parse_minimum(text) == rule
    assert debts_parse_minimum(text) == rule  # the guided step's import still works


@pytest.mark.parametrize("text", ["abc", "0%", "120%", "10% min abc", "", "min", "-5"])
def test_a_minimum_payment_refused(text: str) -> None:
    assert error_of(parse_minimum, text).code == "minimum.invalid"


@settings(max_examples=200, deadline=None)
@given(
    st.decimals(min_value=D("0.1"), max_value=100, places=1, allow_nan=False),
    st.integers(min_value=1, max_value=10**6),
    st.sampled_from(["{p}% 最少{f}", "{p}%，最低{f}", "min {p}% at least {f}", "最低还款 {p}% 最少{f}"]),
)
def test_a_percent_minimum_round_trips(pct: Decimal, floor: int, form: str) -> None:
    rule = parse_minimum(form.format(p=pct, f=floor))
    assert rule == MinimumRule("percent", percent=pct / 100, floor=Decimal(floor))


# --- schedules: N payments of X ---------------------------------------------------------

SCHEDULES = [
    "12x1060", "12*1060", "12×1060", "12 x 1060", "12期x1060", "12期*1060元", "12期每期1060",
    "12期 每期1060", "分12期每期1060", "剩12期每期1060", "剩余12期，每期1060元", "12期，月供1060",
    "12 instalments of 1,060", "12 payments of 1060 left", "12 x 1060 remaining",
    "每期1060，共12期", "月供1060 剩12期", "1060 x 12期", "十二期每期一千零六十", "１２×１０６０",
]


@pytest.mark.parametrize("text", SCHEDULES)
def test_a_schedule(text: str) -> None:
    assert parse_schedule(text) == Schedule(12, D(1060))
    assert parse_instalments(text) == instalments(12, "1060")  # the guided rate step


@pytest.mark.parametrize("text", ["12000", "12,000", "12期", "12 1060", "12x abc", "月手续费0.6% x 12期"])
def test_not_a_schedule(text: str) -> None:
    assert parse_schedule(text) is None


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=600),
    st.decimals(min_value=D("0.01"), max_value=10**6, places=2, allow_nan=False),
    st.sampled_from(["{n}x{p}", "{n}*{p}", "{n}期每期{p}", "剩{n}期，每期{p}元", "{n} payments of {p}"]),
)
def test_a_schedule_round_trips(n: int, payment: Decimal, form: str) -> None:
    assert parse_schedule(form.format(n=n, p=payment)) == Schedule(n, payment)


# --- /check and /paid -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["12000 12期每期1060", "12000，12x1060", "1.2万 分12期每期1060", "12000 剩12期 每期1060"]
)
def test_check_shares_the_schedule_parser(text: str) -> None:
    assert parse_check_quick(text) == CheckQuick(D(12000), instalments=12, payment=D(1060))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/paid 花呗 十二块五毛", PaidQuick("花呗", D("12.50"))),  # the amount was taken as a name
        ("/paid 十二块五毛 花呗", PaidQuick("花呗", D("12.50"))),
        ("/paid 花呗，500", PaidQuick("花呗", D(500))),
        ("/paid 花呗 500 元", PaidQuick("花呗", D(500))),
        ("/paid 360借条", PaidQuick("360借条", None)),
        ("/paid 招行 信用卡 ¥1,000", PaidQuick("招行 信用卡", D(1000))),
        ("/PAID@coach_bot 花呗 5毛", PaidQuick("花呗", D("0.50"))),
    ],
)
def test_paid_on_one_line(text: str, expected: PaidQuick) -> None:
    assert parse_paid_quick(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("/paid 花呗 12.5.3", "amount.invalid"),  # was the name "花呗 12.5.3"
        ("/paid 花呗 十二块五毛三分四", "amount.invalid"),
        ("/paid 花呗 0", "amount.zero"),
        ("/paid 花呗 -500", "amount.negative"),
    ],
)
def test_paid_reports_an_amount_it_cannot_read(text: str, code: str) -> None:
    assert error_of(parse_paid_quick, text).code == code


# --- properties ------------------------------------------------------------------------

WORDS = [
    "花呗", "Amex", "Chase", "Sapphire", "foo", "5000", "2,300.50", "18%", "APR", "年化18%", "due",
    "Nov", "15", "到期", "12月10日", "min", "75", "最低还款", "10%", "最少50", "12x2702", "剩12期",
    "到手9000", "借10000", "每期1000", "免息", "每月10号", "the", "10th", "x", "，",
]
KEYWORDS = {"APR", "due", "到期", "min", "最低还款"}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=10))
def test_every_token_is_read_or_reported_and_no_keyword_joins_the_name(words: list[str]) -> None:
    text = " ".join(words)
    try:
        quick = parse_adddebt_quick(text, today=TODAY)
    except ParseError as exc:
        assert "." in exc.code
        return
    tokens = [w for w in text.replace("，", " ").split()]
    name = [] if quick.lender is None else quick.lender.split(" ")
    assert not KEYWORDS & set(name)
    reported = iter(tokens)
    assert all(t in reported for t in quick.unparsed)  # in order, each one typed
    assert len(name) + len(quick.unparsed) <= len(tokens)


RELEVANT = (
    "0123456789.,%x*×，、：；　 年月日号期每剩到手借款最低还款最少免息万千百十一二三四五六七八九"
    " apr due min left received nov the th 花呗借呗"
)
texts = st.one_of(st.text(max_size=60), st.text(alphabet=RELEVANT, max_size=40))


@settings(max_examples=400, deadline=None)
@given(texts)
def test_fuzz_the_quick_forms_raise_only_parse_errors(text: str) -> None:
    for parse in (
        lambda: parse_adddebt_quick(text, today=TODAY),
        lambda: parse_check_quick(text),
        lambda: parse_paid_quick(text),
        lambda: parse_schedule(text),
        lambda: parse_minimum(text),
    ):
        try:
            parse()
        except ParseError as exc:
            assert "." in exc.code


def test_a_minimum_below_the_months_interest_is_found() -> None:
    # 100,000 x 36% / 12 = 3,000.00 a month against a 100 minimum: it never ends.
    assert fixed("100").below_interest(D(100000), D("0.36")) == D("3000.00")
    # 3% of 100,000 = 3,000 covers the 3,000.00 of interest only exactly: still never ends.
    assert percent("0.03").below_interest(D(100000), D("0.36")) == D("3000.00")
    assert fixed("3500").below_interest(D(100000), D("0.36")) is None  # it pays some off
    assert fixed("100").below_interest(D(100000), None) is None  # no APR known
