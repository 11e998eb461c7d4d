"""Chinese punctuation and full-width forms (，、：；　 and ０-９) read like their ASCII twins."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from coach.parsing import (
    parse_adddebt_quick,
    parse_amount,
    parse_check_quick,
    parse_due,
    parse_labelled_amount,
    parse_minimum,
    parse_paid_quick,
    parse_past_date,
    parse_rate,
    parse_schedule,
)
from coach.timezones import parse_quiet_hours, parse_timezone

TODAY = date(2026, 11, 29)

# parser, what a phone keyboard produces, the plain ASCII text that must read the same
SAME: list[tuple[Callable[[str], Any], str, str]] = [
    (parse_amount, "￥１５，０００", "15000"),
    (parse_amount, "5000元。", "5000"),
    (parse_amount, "　５０００　", "5000"),
    (parse_rate, "年化：18％", "18% apr"),
    (parse_rate, "每期手续费0.6%；分12期", "0.6% monthly fee x12"),
    (parse_rate, "免息，分12期", "interest free x12"),
    (parse_minimum, "10％；最低50", "10% min 50"),
    (parse_minimum, "最低还款：10%，最少50", "10% min 50"),
    (parse_schedule, "剩余12期；每期1060元", "12x1060"),
    (parse_schedule, "１２期×１０６０", "12x1060"),
    (parse_labelled_amount, "房租：3000。", "房租 3000"),
    (parse_labelled_amount, "兼职　4,500", "兼职 4500"),
    (lambda t: parse_due(t, today=TODAY), "１１月１５日。", "Nov 15"),
    (lambda t: parse_due(t, today=TODAY), "还款日：每月15号", "every 15th"),
    (lambda t: parse_past_date(t, today=TODAY), "１１月２８日", "yesterday"),
    (lambda t: parse_adddebt_quick(t, today=TODAY), "花呗，5000、年化18%；每月10号",
     "花呗 5000 18% the 10th"),
    (lambda t: parse_adddebt_quick(t, today=TODAY), "花呗　５０００　最低还款：300",
     "花呗 5000 min 300"),
    (parse_check_quick, "12000，12期×1060", "12000 12x1060"),
    (parse_paid_quick, "/paid 花呗，５００", "/paid 花呗 500"),
    (parse_timezone, "ＵＴＣ＋８", "UTC+8"),
    (parse_quiet_hours, "23：00－09：00", "23:00-09:00"),
    (parse_quiet_hours, "23：00～09：00", "23:00-09:00"),
]


@pytest.mark.parametrize(("parse", "typed", "plain"), SAME, ids=[c[1] for c in SAME])
def test_punctuation_is_free(parse: Callable[[str], Any], typed: str, plain: str) -> None:
    assert parse(typed) == parse(plain)
