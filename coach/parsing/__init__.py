"""Parsing of user input in zh-CN and en: amounts, rates, dates, quick forms.

Every parser takes the user's raw text and either returns a value or raises
:class:`~coach.errors.ParseError` with a stable code and params (never prose);
nothing else escapes (the property tests fuzz every parser). Submodules:
``amounts``, ``quotes`` (rates), ``dates``, ``calendar`` and ``quick``.
"""

from coach.parsing.amounts import MAX_DAYS, parse_amount, parse_days
from coach.parsing.calendar import (
    DueDate,
    add_months,
    clamped,
    days_in_month,
    next_due_date,
    prev_due_date,
)
from coach.parsing.dates import parse_date
from coach.parsing.months import parse_month
from coach.parsing.quick import (
    AddDebtQuick,
    CheckQuick,
    PaidQuick,
    parse_adddebt_quick,
    parse_check_quick,
    parse_paid_quick,
)
from coach.parsing.quotes import MAX_APR, parse_rate

__all__ = [
    "MAX_APR",
    "MAX_DAYS",
    "AddDebtQuick",
    "CheckQuick",
    "DueDate",
    "PaidQuick",
    "add_months",
    "clamped",
    "days_in_month",
    "next_due_date",
    "parse_adddebt_quick",
    "parse_amount",
    "parse_check_quick",
    "parse_date",
    "parse_days",
    "parse_month",
    "parse_paid_quick",
    "parse_rate",
    "prev_due_date",
]
