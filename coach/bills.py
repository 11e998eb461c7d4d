"""Read a lender's bill or reminder that the user pasted or forwarded.

The wording lenders use is **data**: ``coach/data/bill_patterns.json`` holds named
regex patterns per field, each with examples that the tests check. This module
only applies them and turns what they capture into typed values:

- ``statement_amount`` (本期账单金额, 本期应还, 应还金额, statement balance, new
  balance) and ``minimum`` (最低还款, minimum payment due): ``Decimal``, read by
  :func:`coach.parsing.parse_amount` (a credit balance such as ``-12.00`` is left out);
- ``due_on`` (到期还款日, 还款日, 请于...前, payment due date): a ``date``. A
  month-day without a year is the first such day **on or after the first day of
  the statement's month** (``12月账单`` / ``November statement``; when the bill does
  not say, the month before today's). So a bill pasted a few days late still
  gets this year's due date, now past, and never one a year away;
- ``overdue_days`` (已逾期3天, 5 days past due) and ``overdue_amount`` (逾期金额,
  past due amount);
- ``last4`` (尾号1234, ending in 1234, ****1234): four digits as a string;
- the lender: a bank, issuer or product named in the text (``coach.lender_names``),
  else the sender's short number (95555 -> 招商银行), else the 【signature】 as written.

A text is a bill when it has two of the five money-and-date fields, or one with
a sender's mark (【...】, 尊敬的, 您的, a 95xxx number, "your"): "我花呗逾期20天" is
the user talking, not a bill.
Verification codes, ads and loan offers (``not_bill`` in the data) never are.
Pure; never raises on a ``str`` (malformed values are simply left out).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache

from coach.errors import ParseError
from coach.freetext import load_data, prepare
from coach.lender_names import find_lender, lender_by_service_number
from coach.parsing import add_months, parse_amount, parse_date

__all__ = ["BILL_FIELDS", "BillFacts", "BillPattern", "bill_patterns", "read_bill"]

#: The fields of ``bill_patterns.json``, in the order they are read.
BILL_FIELDS = (
    "statement_amount",
    "minimum",
    "due_date",
    "overdue_days",
    "overdue_amount",
    "last4",
    "statement_month",
)
_MAX_OVERDUE_DAYS = 3650
# fmt: off
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
# fmt: on
_SIGNATURE = re.compile(r"【([^】]{2,20})】|^\[([^\]]{2,20})\]")
_SERVICE_NUMBER = re.compile(r"(?<![0-9])(95[0-9]{3})(?![0-9])")
_USD = re.compile(r"\$|\busd\b|美元", re.IGNORECASE)
_CNY = re.compile(r"元|¥|人民币|\brmb\b|\bcny\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class BillPattern:
    """One named pattern of the data file, compiled, with its examples."""

    field: str
    name: str
    regex: re.Pattern[str]
    examples: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class BillFacts:
    """What a pasted bill says. Every field may be ``None``; ``matched`` names the
    patterns that matched (``("zh_statement_amount", "zh_minimum", ...)``), for logs.

    ``currency`` is ``"CNY"`` or ``"USD"`` when the text shows it (元, ¥, $).
    ``statement_month`` is the first day of the month the bill is for, when stated.
    """

    lender: str | None = None
    platform: str | None = None  # coach.lenders KnownPlatform.key
    last4: str | None = None
    statement_amount: Decimal | None = None
    minimum: Decimal | None = None
    due_on: date | None = None
    overdue_days: int | None = None
    overdue_amount: Decimal | None = None
    currency: str | None = None
    statement_month: date | None = None
    matched: tuple[str, ...] = ()


def _expand(pattern: str, macros: dict[str, str]) -> str:
    for key, value in macros.items():
        pattern = pattern.replace("{" + key + "}", value)
    return pattern


@cache
def bill_patterns() -> tuple[BillPattern, ...]:
    """The compiled patterns of ``coach/data/bill_patterns.json``, field by field."""
    data = load_data("bill_patterns.json")
    macros: dict[str, str] = data["macros"]
    out = []
    for field in BILL_FIELDS:
        for row in data["fields"][field]:
            regex = re.compile(_expand(row["pattern"], macros), re.IGNORECASE)
            examples = tuple((text, value) for text, value in row["examples"])
            out.append(BillPattern(field, row["name"], regex, examples))
    return tuple(out)


@cache
def _compiled(key: str) -> re.Pattern[str]:
    patterns: list[str] = load_data("bill_patterns.json")[key]["patterns"]
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def _amount(raw: str) -> Decimal | None:
    try:
        return parse_amount(raw.replace(" ", ""), allow_zero=True)
    except ParseError:
        return None


def _month_number(raw: str) -> int | None:
    if raw.isdigit():
        month = int(raw)
        return month if 1 <= month <= 12 else None
    return _MONTHS.get(raw[:3].casefold())


def _statement_month(match: re.Match[str], today: date) -> date | None:
    month = _month_number(match["v"])
    if month is None:
        return None
    year = match.groupdict().get("y")
    if year:
        return date(int(year), month, 1) if 1 <= int(year) <= 9999 else None
    # The latest such month that is not after next month.
    limit = add_months(today.replace(day=1), 1)
    candidate = date(limit.year, month, 1)
    return candidate if candidate <= limit else candidate.replace(year=limit.year - 1)


def _due(raw: str, reference: date) -> date | None:
    for past_ok in (False, True):
        try:
            due = parse_date(raw, today=reference, past_ok=past_ok)
        except ParseError:
            continue
        return due.on
    return None


def _lender(s: str) -> tuple[str | None, str | None]:
    mention = find_lender(s, people=False)
    platform = mention.platform if mention else None
    if mention is not None and not mention.generic:
        return mention.name, platform
    if m := _SERVICE_NUMBER.search(s):
        name = lender_by_service_number(m.group(1))
        if name is not None:
            return name, platform
    if m := _SIGNATURE.search(s):
        return (m.group(1) or m.group(2)).strip(), platform
    return (mention.name if mention else None), platform


def _read(s: str, today: date) -> BillFacts | None:
    raw: dict[str, re.Match[str]] = {}
    names: list[str] = []
    for pattern in bill_patterns():
        if pattern.field in raw:
            continue
        if m := pattern.regex.search(s):
            raw[pattern.field] = m
            names.append(pattern.name)

    def amount(field: str) -> Decimal | None:
        return _amount(raw[field]["v"]) if field in raw else None

    month = _statement_month(raw["statement_month"], today) if "statement_month" in raw else None
    reference = month or add_months(today.replace(day=1), -1)
    due_on = _due(raw["due_date"]["v"], reference) if "due_date" in raw else None
    days = int(raw["overdue_days"]["v"]) if "overdue_days" in raw else None
    if days is not None and days > _MAX_OVERDUE_DAYS:
        days = None
    statement, minimum, overdue = (
        amount("statement_amount"),
        amount("minimum"),
        amount("overdue_amount"),
    )
    found = sum(v is not None for v in (statement, minimum, due_on, days, overdue))
    lender, platform = _lender(s)
    marked = _compiled("bill_markers").search(s) is not None
    if found == 0 or (found == 1 and not marked):
        return None
    currency = "USD" if _USD.search(s) else "CNY" if _CNY.search(s) else None
    return BillFacts(
        lender=lender,
        platform=platform,
        last4=raw["last4"]["v"] if "last4" in raw else None,
        statement_amount=statement,
        minimum=minimum,
        due_on=due_on,
        overdue_days=days,
        overdue_amount=overdue,
        currency=currency,
        statement_month=month,
        matched=tuple(names),
    )


def read_bill(text: str, today: date) -> BillFacts | None:
    """The facts of a pasted bill or lender reminder, or ``None`` when it is not one.

    ``today`` is the user's local date (it dates a month-day without a year, see
    the module doc). Never raises on a ``str``; a non-``str`` is a ``TypeError``.
    """
    s = prepare(text)
    if not s or _compiled("not_bill").search(s):
        return None
    try:
        return _read(s, today)
    except (ValueError, OverflowError):  # dates at the ends of the calendar
        return None
