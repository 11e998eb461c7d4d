"""coach.parsing: amounts, rates, dates and quick forms, in zh-CN and en."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.errors import ParseError
from coach.money import D
from coach.parsing import (
    AddDebtQuick,
    CheckQuick,
    DueDate,
    PaidQuick,
    add_months,
    next_due_date,
    parse_adddebt_quick,
    parse_amount,
    parse_check_quick,
    parse_date,
    parse_days,
    parse_month,
    parse_paid_quick,
    parse_rate,
    prev_due_date,
    split_paid_day,
)
from coach.parsing.minimum import MinimumRule
from coach.rates import QuotedRate, RateKind

TODAY = date(2026, 6, 15)  # a Monday


def code_of(fn: Any, *args: Any, **kwargs: Any) -> tuple[str, dict[str, Any]]:
    with pytest.raises(ParseError) as info:
        fn(*args, **kwargs)
    return info.value.code, info.value.params


# --- amounts --------------------------------------------------------------------

AMOUNTS = [
    ("5000", "5000"),
    ("5,000.50", "5000.50"),
    ("¥5000", "5000"),
    ("￥5,000", "5000"),
    ("$5,000", "5000"),
    ("US$ 5,000", "5000"),
    ("5000元", "5000"),
    ("5000 元", "5000"),
    ("五千块钱", "5000"),
    ("5千", "5000"),
    ("1.2万", "12000"),
    ("1.2 万", "12000"),
    ("3万", "30000"),
    ("5k", "5000"),
    ("5K", "5000"),
    ("3.5w", "35000"),
    ("2万5", "25000"),
    ("3千5", "3500"),
    ("2万5千", "25000"),
    ("1万2千", "12000"),
    ("５０００", "5000"),
    ("５，０００．５０", "5000.50"),
    ("五千", "5000"),
    ("一万二", "12000"),
    ("两千五", "2500"),
    ("二百五", "250"),
    ("一千零五", "1005"),
    ("三万五千", "35000"),
    ("一点五万", "15000"),
    ("壹万贰仟", "12000"),
    ("1亿", "100000000"),
    ("2m", "2000000"),
    ("0.5", "0.50"),
    ("300 dollars", "300"),
    ("USD 300", "300"),
    ("5000.120", "5000.12"),
    ("1000000000000", "1000000000000"),
]


@pytest.mark.parametrize(("text", "expected"), AMOUNTS)
def test_parse_amount(text: str, expected: str) -> None:
    assert parse_amount(text) == D(expected)
    assert str(parse_amount(text)) == expected


AMOUNT_ERRORS = [
    ("-5000", "amount.negative"),
    ("¥-5000", "amount.negative"),
    ("负五千", "amount.negative"),
    ("0", "amount.zero"),
    ("零", "amount.zero"),
    ("NaN", "amount.invalid"),
    ("inf", "amount.invalid"),
    ("Infinity", "amount.invalid"),
    ("1e5", "amount.invalid"),
    ("5.000,50", "amount.invalid"),
    ("50,00", "amount.invalid"),
    ("12 1060", "amount.invalid"),
    ("360借条", "amount.invalid"),
    ("五十块二毛三分四", "amount.invalid"),  # was 五十块二: now 50.20 (test_parsing_amounts.py)
    ("万", "amount.invalid"),
    ("", "amount.invalid"),
    ("abc", "amount.invalid"),
    ("5000.123", "amount.too_many_decimals"),
    ("10000000000000", "amount.too_large"),
    ("2万亿", "amount.too_large"),
]


@pytest.mark.parametrize(("text", "code"), AMOUNT_ERRORS)
def test_parse_amount_refuses(text: str, code: str) -> None:
    assert code_of(parse_amount, text)[0] == code


def test_amount_error_params() -> None:
    assert code_of(parse_amount, "10000000000000") == (
        "amount.too_large",
        {"text": "10000000000000", "max": D(10**12)},
    )
    assert code_of(parse_amount, "5.123")[1] == {"text": "5.123", "max_decimals": 2}
    assert code_of(parse_amount, "x" * 500)[1] == {"text": "x" * 64}


def test_zero_can_be_allowed() -> None:
    assert parse_amount("0", allow_zero=True) == 0


# --- days -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("7", 7),
        ("7d", 7),
        ("7天", 7),
        ("7日", 7),
        ("7 days", 7),
        ("1 day", 1),
        ("七天", 7),
        ("2 weeks", 14),
        ("1周", 7),
        ("in 10 days", 10),
    ],
)
def test_parse_days(text: str, days: int) -> None:
    assert parse_days(text) == days


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("0", "days.out_of_range"),
        ("3651天", "days.out_of_range"),
        ("1个月", "days.invalid"),
        ("soon", "days.invalid"),
        ("-3d", "days.invalid"),
    ],
)
def test_parse_days_refuses(text: str, code: str) -> None:
    assert code_of(parse_days, text)[0] == code


# --- rates ------------------------------------------------------------------------

RATES = [
    ("年化18%", RateKind.ANNUAL, "0.18", None),
    ("年利率 18%", RateKind.ANNUAL, "0.18", None),
    ("年化利率18.5%", RateKind.ANNUAL, "0.185", None),
    ("APR 18%", RateKind.ANNUAL, "0.18", None),
    ("apr: 18%", RateKind.ANNUAL, "0.18", None),
    ("18% APR", RateKind.ANNUAL, "0.18", None),
    ("18%", RateKind.ANNUAL, "0.18", None),
    ("１８％", RateKind.ANNUAL, "0.18", None),
    ("18% p.a.", RateKind.ANNUAL, "0.18", None),
    ("18 percent a year", RateKind.ANNUAL, "0.18", None),
    ("年化18", RateKind.ANNUAL, "0.18", None),
    ("百分之十八", RateKind.ANNUAL, "0.18", None),
    ("0%", RateKind.ANNUAL, "0", None),
    ("月息1.5%", RateKind.MONTHLY, "0.015", None),
    ("月利率1.5%", RateKind.MONTHLY, "0.015", None),
    ("1.5%/月", RateKind.MONTHLY, "0.015", None),
    ("1.5% a month", RateKind.MONTHLY, "0.015", None),
    ("1.5% monthly", RateKind.MONTHLY, "0.015", None),
    ("月息1.5", RateKind.MONTHLY, "0.015", None),
    ("日息0.05%", RateKind.DAILY, "0.0005", None),
    ("日利率0.05%", RateKind.DAILY, "0.0005", None),
    ("日息万五", RateKind.DAILY, "0.0005", None),
    ("万五", RateKind.DAILY, "0.0005", None),
    ("日息万3", RateKind.DAILY, "0.0003", None),
    ("万分之五", RateKind.DAILY, "0.0005", None),
    ("日息5‱", RateKind.DAILY, "0.0005", None),
    ("日息千分之一", RateKind.DAILY, "0.001", None),
    ("0.05%/day", RateKind.DAILY, "0.0005", None),
    ("daily 0.05%", RateKind.DAILY, "0.0005", None),
    ("0.05% per day", RateKind.DAILY, "0.0005", None),
    ("月手续费0.6% x 12期", RateKind.MONTHLY_FEE, "0.006", 12),
    ("月费率0.6%*12期", RateKind.MONTHLY_FEE, "0.006", 12),
    ("每期手续费0.6%，分12期", RateKind.MONTHLY_FEE, "0.006", 12),
    ("0.6% monthly fee x12", RateKind.MONTHLY_FEE, "0.006", 12),
    ("monthly fee 0.6% for 24 months", RateKind.MONTHLY_FEE, "0.006", 24),
    ("月息1% 12期", RateKind.MONTHLY, "0.01", 12),
]


@pytest.mark.parametrize(("text", "kind", "rate", "count"), RATES)
def test_parse_rate(text: str, kind: RateKind, rate: str, count: int | None) -> None:
    q = parse_rate(text)
    assert (q.kind, q.rate, q.instalments) == (kind, D(rate), count)


RATE_ERRORS = [
    ("-18%", "rate.negative"),
    ("年化-18%", "rate.negative"),
    ("负18%", "rate.negative"),
    ("50000%", "rate.too_high"),
    ("日息60%", "rate.too_high"),
    ("月手续费0.6%", "rate.instalments_missing"),
    ("日手续费0.6% x12", "rate.ambiguous"),
    ("年化1.5%/月", "rate.ambiguous"),
    ("千分之三", "rate.period_missing"),
    ("18", "rate.invalid"),
    ("日息5", "rate.invalid"),
    ("18% 20%", "rate.invalid"),
    ("apr 18% apr", "rate.invalid"),
    ("5000 18%", "rate.invalid"),
    ("2万5", "rate.invalid"),
    ("cheap", "rate.invalid"),
    ("", "rate.invalid"),
    ("月手续费0.6% x 0期", "instalments.out_of_range"),
]


@pytest.mark.parametrize(("text", "code"), RATE_ERRORS)
def test_parse_rate_refuses(text: str, code: str) -> None:
    assert code_of(parse_rate, text)[0] == code


def test_rate_too_high_params() -> None:
    assert code_of(parse_rate, "50000%")[1] == {"apr": D(500), "max_apr": D(200)}


def test_payday_style_daily_rates_are_recordable() -> None:
    """日息3% is 1,095% a year: real, and exactly what the coach must be able to warn about."""
    assert parse_rate("日息3%").rate == D("0.03")


# --- dates ------------------------------------------------------------------------


def on(y: int, m: int, d: int) -> DueDate:
    return DueDate(on=date(y, m, d))


def monthly(day: int) -> DueDate:
    return DueDate(day_of_month=day)


DATES = [
    ("每月10号", monthly(10)),
    ("每个月10日", monthly(10)),
    ("每月 10", monthly(10)),
    ("10号", monthly(10)),
    ("10日", monthly(10)),
    ("十号", monthly(10)),
    ("每月三十一号", monthly(31)),
    ("月底", monthly(31)),
    ("the 10th", monthly(10)),
    ("10th", monthly(10)),
    ("on the 1st", monthly(1)),
    ("every 10th", monthly(10)),
    ("10th of each month", monthly(10)),
    ("day 10", monthly(10)),
    ("12月10日", on(2026, 12, 10)),
    ("12月10号", on(2026, 12, 10)),
    ("十二月十日", on(2026, 12, 10)),
    ("3月1日", on(2027, 3, 1)),
    ("6月15日", on(2026, 6, 15)),
    ("2026年12月10日", on(2026, 12, 10)),
    ("明年3月1日", on(2027, 3, 1)),
    ("下个月10号", on(2026, 7, 10)),
    ("12/10", on(2026, 12, 10)),
    ("2026-12-10", on(2026, 12, 10)),
    ("2026/12/10", on(2026, 12, 10)),
    ("2026.12.10", on(2026, 12, 10)),
    ("12/10/2026", on(2026, 12, 10)),
    ("Dec 10", on(2026, 12, 10)),
    ("dec. 10th", on(2026, 12, 10)),
    ("10 Dec", on(2026, 12, 10)),
    ("the 10th of December", on(2026, 12, 10)),
    ("December 10, 2026", on(2026, 12, 10)),
    ("10 December 2026", on(2026, 12, 10)),
    ("Feb 29", on(2028, 2, 29)),
    ("今天", on(2026, 6, 15)),
    ("明天", on(2026, 6, 16)),
    ("后天", on(2026, 6, 17)),
    ("大后天", on(2026, 6, 18)),
    ("下周五", on(2026, 6, 26)),
    ("下星期一", on(2026, 6, 22)),
    ("周五", on(2026, 6, 19)),
    ("星期一", on(2026, 6, 15)),
    ("tomorrow", on(2026, 6, 16)),
    ("today", on(2026, 6, 15)),
    ("Today", on(2026, 6, 15)),
    ("next friday", on(2026, 6, 26)),
    ("friday", on(2026, 6, 19)),
    ("this Friday", on(2026, 6, 19)),
    ("in 3 days", on(2026, 6, 18)),
    ("3 days later", on(2026, 6, 18)),
    ("3天后", on(2026, 6, 18)),
    ("三天后", on(2026, 6, 18)),
    ("2周后", on(2026, 6, 29)),
    ("in 2 weeks", on(2026, 6, 29)),
    ("in 1 month", on(2026, 7, 15)),
    ("2个月后", on(2026, 8, 15)),
]


@pytest.mark.parametrize(("text", "expected"), DATES)
def test_parse_date(text: str, expected: DueDate) -> None:
    assert parse_date(text, today=TODAY) == expected


PAST_DATES = [
    ("12月10日", on(2025, 12, 10)),
    ("Dec 10", on(2025, 12, 10)),
    ("3月10日", on(2026, 3, 10)),
    ("6月15日", on(2026, 6, 15)),
    ("2026-01-01", on(2026, 1, 1)),
    ("yesterday", on(2026, 6, 14)),
    ("昨天", on(2026, 6, 14)),
    ("前天", on(2026, 6, 13)),
    ("3天前", on(2026, 6, 12)),
    ("3 days ago", on(2026, 6, 12)),
    ("上周五", on(2026, 6, 12)),
    ("last friday", on(2026, 6, 12)),
    ("friday", on(2026, 6, 12)),
    ("10号", monthly(10)),
]


@pytest.mark.parametrize(("text", "expected"), PAST_DATES)
def test_parse_date_in_the_past(text: str, expected: DueDate) -> None:
    assert parse_date(text, today=TODAY, past_ok=True) == expected


DATE_ERRORS = [
    ("10", False, "date.invalid"),
    ("5000", False, "date.invalid"),
    ("soon", False, "date.invalid"),
    ("", False, "date.invalid"),
    ("apr", False, "date.invalid"),
    ("25/12", False, "date.no_such_date"),
    ("2月30日", False, "date.no_such_date"),
    ("2026-02-30", False, "date.no_such_date"),
    ("32号", False, "date.no_such_date"),
    ("0号", False, "date.no_such_date"),
    ("2026-01-01", False, "date.past"),
    ("yesterday", False, "date.past"),
    ("上周五", False, "date.past"),
    ("明天", True, "date.future"),
    ("6月20日", True, "date.future"),  # 5 days ahead: not moved a year back (was 2025-06-20)
    ("7月15日", True, "date.future"),  # 30 days ahead
    ("2027-01-01", True, "date.future"),
    ("3000-01-01", False, "date.out_of_range"),
    ("in 99999 days", False, "date.out_of_range"),
]


@pytest.mark.parametrize(("text", "past_ok", "code"), DATE_ERRORS)
def test_parse_date_refuses(text: str, past_ok: bool, code: str) -> None:
    assert code_of(parse_date, text, today=TODAY, past_ok=past_ok)[0] == code


def test_date_error_params() -> None:
    # ``on`` (and ``date`` for the catalog) plus the caller's ``form``, "date" by default.
    assert code_of(parse_date, "2026-01-01", today=TODAY)[1] == {
        "on": date(2026, 1, 1),
        "date": date(2026, 1, 1),
        "form": "date",
    }
    assert code_of(parse_date, "2月30日", today=TODAY, form="paid")[1] == {
        "year": None,
        "month": 2,
        "day": 30,
        "form": "paid",
    }


def test_tz_is_accepted() -> None:
    assert parse_date("明天", today=TODAY, tz="Asia/Shanghai") == on(2026, 6, 16)


MONTHS = [
    ("2026-03", date(2026, 3, 1)),
    ("2026/3", date(2026, 3, 1)),
    ("2026年3月", date(2026, 3, 1)),
    ("3月", date(2026, 3, 1)),
    ("三月份", date(2026, 3, 1)),
    ("7月", date(2025, 7, 1)),
    ("去年3月", date(2025, 3, 1)),
    ("March 2026", date(2026, 3, 1)),
    ("Mar", date(2026, 3, 1)),
    ("march, 2025", date(2025, 3, 1)),
    ("3/2026", date(2026, 3, 1)),
    ("上个月", date(2026, 5, 1)),
    ("last month", date(2026, 5, 1)),
    ("this month", date(2026, 6, 1)),
]


@pytest.mark.parametrize(("text", "expected"), MONTHS)
def test_parse_month(text: str, expected: date) -> None:
    assert parse_month(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2026-07", "date.future"),
        ("13月", "date.no_such_date"),
        ("2026-13", "date.no_such_date"),
        ("someday", "date.invalid"),
    ],
)
def test_parse_month_refuses(text: str, code: str) -> None:
    assert code_of(parse_month, text, TODAY)[0] == code


def test_parse_month_forward() -> None:
    assert parse_month("3月", TODAY, past_ok=False) == date(2027, 3, 1)
    assert code_of(parse_month, "2026-03", TODAY, past_ok=False)[0] == "date.past"


# --- calendar ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "after", "expected"),
    [
        (10, date(2026, 6, 10), date(2026, 6, 10)),
        (10, date(2026, 6, 11), date(2026, 7, 10)),
        (31, date(2026, 2, 1), date(2026, 2, 28)),
        (31, date(2026, 4, 30), date(2026, 4, 30)),
        (30, date(2026, 3, 31), date(2026, 4, 30)),
        (29, date(2028, 2, 1), date(2028, 2, 29)),
        (31, date(2026, 12, 31), date(2026, 12, 31)),
        (1, date(2026, 12, 2), date(2027, 1, 1)),
    ],
)
def test_next_due_date_clamps_short_months(day: int, after: date, expected: date) -> None:
    assert next_due_date(day, after) == expected


def test_prev_due_date_and_due_date_helpers() -> None:
    assert prev_due_date(31, date(2026, 3, 15)) == date(2026, 2, 28)
    assert DueDate(day_of_month=31).next_on_or_after(date(2026, 2, 3)) == date(2026, 2, 28)
    assert DueDate(day_of_month=10).last_on_or_before(date(2026, 1, 5)) == date(2025, 12, 10)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 2, 28), 1, 31) == date(2026, 3, 31)
    with pytest.raises(ValueError):
        DueDate()
    with pytest.raises(ParseError):
        next_due_date(32, TODAY)


# --- quick forms ------------------------------------------------------------------

ANNUAL_18 = QuotedRate(RateKind.ANNUAL, D("0.18"))
DAILY_WAN5 = QuotedRate(RateKind.DAILY, D("0.0005"))

MIN_200 = MinimumRule("fixed", amount=D(200))


def legacy(result: AddDebtQuick) -> AddDebtQuick:
    """The first five fields only: the newer ones are tested in test_parsing_quick.py."""
    return AddDebtQuick(result.lender, result.balance, result.rate, result.min_payment, result.due)


ADDDEBT = [
    (
        "花呗 5000 年化18% 12月10日",
        AddDebtQuick("花呗", D(5000), ANNUAL_18, None, on(2026, 12, 10)),
    ),
    (
        "Visa 5000 18% Dec 10 min 200",
        AddDebtQuick("Visa", D(5000), ANNUAL_18, MIN_200, on(2026, 12, 10)),
    ),
    (
        "360借条 1.2万 日息万五 每月10号",
        AddDebtQuick("360借条", D(12000), DAILY_WAN5, None, monthly(10)),
    ),
    ("<b>Acme & Co</b> 5000 18%", AddDebtQuick("<b>Acme & Co</b>", D(5000), ANNUAL_18)),
    (
        "招行信用卡 3万 APR 18% 最低1500 每月5号",
        AddDebtQuick(
            "招行信用卡", D(30000), ANNUAL_18, MinimumRule("fixed", amount=D(1500)), monthly(5)
        ),
    ),
    ("Chase 5000 18% APR the 10th", AddDebtQuick("Chase", D(5000), ANNUAL_18, None, monthly(10))),
    (
        # The lender was "Chase Sapphire due": the unread keyword joined the name.
        "Chase Sapphire 5,000 18% a year due Dec 10 minimum 150",
        AddDebtQuick(
            "Chase Sapphire",
            D(5000),
            ANNUAL_18,
            MinimumRule("fixed", amount=D(150)),
            on(2026, 12, 10),
        ),
    ),
    (
        "京东白条 2万5 万五 下周五",
        AddDebtQuick("京东白条", D(25000), DAILY_WAN5, None, on(2026, 6, 26)),
    ),
    (
        "分期乐 8000 月手续费0.6% x 12期",
        AddDebtQuick(
            "分期乐", D(8000), QuotedRate(RateKind.MONTHLY_FEE, D("0.006"), instalments=12)
        ),
    ),
    ("借呗 5000 最低 300", AddDebtQuick("借呗", D(5000), None, MinimumRule("fixed", amount=D(300)))),
    ("花呗", AddDebtQuick("花呗")),
    ("5000", AddDebtQuick(balance=D(5000))),
    ("", AddDebtQuick()),
    ("foo bar baz", AddDebtQuick("foo bar baz")),
]


@pytest.mark.parametrize(("text", "expected"), ADDDEBT)
def test_parse_adddebt_quick(text: str, expected: AddDebtQuick) -> None:
    result = parse_adddebt_quick(text, today=TODAY)
    assert legacy(result) == expected
    assert result.unparsed == ()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("花呗 5000 50000%", "rate.too_high"),
        ("花呗 -5000", "amount.negative"),
        ("借呗 5000 2月30日", "date.no_such_date"),
        ("Citi 1000 2025-01-01", "date.past"),
        ("Visa 5000 min abc", "minimum.invalid"),  # was amount.invalid: it is the minimum
    ],
)
def test_parse_adddebt_quick_reports_clear_mistakes(text: str, code: str) -> None:
    assert code_of(parse_adddebt_quick, text, today=TODAY)[0] == code


CHECKS = [
    ("12000 12x1060", CheckQuick(D(12000), instalments=12, payment=D(1060))),
    ("12000 12*1060", CheckQuick(D(12000), instalments=12, payment=D(1060))),
    ("12000 12期x1060", CheckQuick(D(12000), instalments=12, payment=D(1060))),
    ("12000 12×1060", CheckQuick(D(12000), instalments=12, payment=D(1060))),
    ("1.2万 12 x 1060", CheckQuick(D(12000), instalments=12, payment=D(1060))),
    ("1000 1010 7d", CheckQuick(D(1000), repay=D(1010), days=7)),
    ("1000 1010 7天", CheckQuick(D(1000), repay=D(1010), days=7)),
    ("1000 1,010 7 days", CheckQuick(D(1000), repay=D(1010), days=7)),
    (
        "10000 月手续费0.6% x12期",
        CheckQuick(D(10000), rate=QuotedRate(RateKind.MONTHLY_FEE, D("0.006"), instalments=12)),
    ),
]


@pytest.mark.parametrize(("text", "expected"), CHECKS)
def test_parse_check_quick(text: str, expected: CheckQuick) -> None:
    assert parse_check_quick(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("12000", "check.invalid"),
        ("12000 abc", "check.invalid"),
        ("", "check.invalid"),
        ("abc 12x1060", "amount.invalid"),
        ("12000 0x1060", "instalments.out_of_range"),
        ("1000 1010 0d", "days.out_of_range"),
        ("-1000 12x100", "amount.negative"),
    ],
)
def test_parse_check_quick_refuses(text: str, code: str) -> None:
    assert code_of(parse_check_quick, text)[0] == code


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/paid 花呗 500", PaidQuick("花呗", D(500))),
        ("花呗 500", PaidQuick("花呗", D(500))),
        ("500 花呗", PaidQuick("花呗", D(500))),
        ("/paid@DebtCoachBot 招行 信用卡 1,000", PaidQuick("招行 信用卡", D(1000))),
        ("/paid 360借条 五百", PaidQuick("360借条", D(500))),
        ("/paid 500", PaidQuick(None, D(500))),
        ("/paid 花呗", PaidQuick("花呗", None)),
        ("/paid", PaidQuick(None, None)),
    ],
)
def test_parse_paid_quick(text: str, expected: PaidQuick) -> None:
    assert parse_paid_quick(text) == expected
    name, amount = parse_paid_quick(text)  # a plain pair too
    assert (name, amount) == tuple(expected)


def test_parse_paid_quick_refuses_a_negative_amount() -> None:
    assert code_of(parse_paid_quick, "/paid 花呗 -500")[0] == "amount.negative"


# --- fuzz: nothing but ParseError escapes -----------------------------------------

RELEVANT = (
    "0123456789.,%‰‱¥$-+/*x× 年月日号天周后前化息利率费手续期万千百十亿零一二两三四五六七八九"
    "点每下上本这个今明昨apr daily month fee min 最低 the th of dec jan in days ago next friday"
)
texts = st.one_of(st.text(max_size=60), st.text(alphabet=RELEVANT, max_size=30))


def only_parse_errors(fn: Any, *args: Any, **kwargs: Any) -> None:
    try:
        fn(*args, **kwargs)
    except ParseError as exc:
        assert exc.code and "." in exc.code


@settings(max_examples=300, deadline=None)
@given(texts)
def test_fuzz_parse_amount(text: str) -> None:
    only_parse_errors(parse_amount, text)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_fuzz_parse_rate(text: str) -> None:
    only_parse_errors(parse_rate, text)


@settings(max_examples=300, deadline=None)
@given(texts, st.booleans())
def test_fuzz_parse_date(text: str, past_ok: bool) -> None:
    only_parse_errors(parse_date, text, today=TODAY, past_ok=past_ok)


@settings(max_examples=200, deadline=None)
@given(texts, st.booleans())
def test_fuzz_parse_month(text: str, past_ok: bool) -> None:
    only_parse_errors(parse_month, text, TODAY, past_ok=past_ok)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_fuzz_parse_days(text: str) -> None:
    only_parse_errors(parse_days, text)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_fuzz_parse_adddebt_quick(text: str) -> None:
    only_parse_errors(parse_adddebt_quick, text, today=TODAY)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_fuzz_parse_check_quick(text: str) -> None:
    only_parse_errors(parse_check_quick, text)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_fuzz_parse_paid_quick(text: str) -> None:
    only_parse_errors(parse_paid_quick, text)


@settings(max_examples=100, deadline=None)
@given(st.decimals(min_value=D("0.01"), max_value=10**9, places=2, allow_nan=False))
def test_plain_amounts_round_trip(amount: Decimal) -> None:
    assert parse_amount(f"{amount:,}") == amount
    assert parse_amount(f"¥{amount}") == amount


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["Acme", "&", "<b>", "银行", "Co.", "x"]), min_size=1, max_size=4))
def test_lender_text_is_kept_literally(words: list[str]) -> None:
    result = parse_adddebt_quick(" ".join([*words, "5000", "18%"]), today=TODAY)
    assert result.lender == " ".join(words)
    assert result.balance == D(5000)


@pytest.mark.parametrize(("text", "rest", "day"), [
    ("amex 50 tomorrow", "amex 50", "tomorrow"),
    ("花呗 500 昨天", "花呗 500", "昨天"),
    ("昨天 花呗 500", "花呗 500", "昨天"),
    ("visa 35 dec 5", "visa 35", "dec 5"),
    ("花呗 500 11月20日", "花呗 500", "11月20日"),
    ("visa 5", "visa 5", None),  # a lone number is an amount
    ("花呗 500", "花呗 500", None),
    ("tomorrow", "tomorrow", None),  # nothing but the day: not a /paid line to split
])
def test_split_paid_day(text: str, rest: str, day: str | None) -> None:
    assert split_paid_day(text) == (rest, day)


def test_a_word_between_the_amount_and_the_name_is_not_the_name() -> None:
    assert parse_paid_quick("$20 to mike") == PaidQuick("mike", Decimal(20))
    assert parse_paid_quick("500 给老王") == PaidQuick("老王", Decimal(500))
