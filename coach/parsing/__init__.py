"""Parsing of user input in zh-CN and en: amounts, rates, dates, quick forms.

Every parser takes the user's raw text and either returns a value or raises
:class:`~coach.errors.ParseError` with a stable code and params (never prose);
nothing else escapes (the property tests fuzz every parser). One parser per
concept, shared by every step that asks for it. Submodules: ``amounts``,
``labelled`` (话费100), ``quotes`` (rates), ``minimum`` (the minimum payment),
``schedule`` (12x2702), ``dates``, ``due`` (a due date), ``past`` (the date of
something that happened), ``months``, ``calendar``, ``quick`` and ``adddebt``
(one-line commands).
"""

from coach.parsing.adddebt import AddDebtQuick, parse_adddebt_quick
from coach.parsing.amounts import MAX_DAYS, looks_like_money, parse_amount, parse_days
from coach.parsing.calendar import (
    DueDate,
    add_months,
    clamped,
    days_in_month,
    next_due_date,
    prev_due_date,
)
from coach.parsing.dates import parse_date
from coach.parsing.due import DueAnswer, parse_due
from coach.parsing.labelled import LabelledAmount, parse_labelled_amount
from coach.parsing.minimum import MinimumRule, parse_minimum
from coach.parsing.months import parse_month
from coach.parsing.past import PastDate, parse_past_date
from coach.parsing.quick import (
    CheckQuick,
    PaidQuick,
    parse_check_quick,
    parse_paid_quick,
    split_paid_day,
)
from coach.parsing.quotes import MAX_APR, parse_rate
from coach.parsing.schedule import Schedule, parse_schedule

__all__ = [
    "MAX_APR",
    "MAX_DAYS",
    "AddDebtQuick",
    "CheckQuick",
    "DueAnswer",
    "DueDate",
    "LabelledAmount",
    "MinimumRule",
    "PaidQuick",
    "PastDate",
    "Schedule",
    "add_months",
    "clamped",
    "days_in_month",
    "looks_like_money",
    "next_due_date",
    "parse_adddebt_quick",
    "parse_amount",
    "parse_check_quick",
    "parse_date",
    "parse_days",
    "parse_due",
    "parse_labelled_amount",
    "parse_minimum",
    "parse_month",
    "parse_paid_quick",
    "parse_past_date",
    "parse_rate",
    "parse_schedule",
    "prev_due_date",
    "split_paid_day",
]
