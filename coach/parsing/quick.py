"""One-line quick forms of the commands: ``/adddebt``, ``/check``, ``/paid``.

Pure tokenizers over whitespace-separated tokens. The lender text is kept
literally (the bot escapes it when rendering). Only :class:`ParseError` escapes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple, ParamSpec, TypeVar

from coach.errors import ParseError
from coach.parsing._text import CN_CHARS, echo, normalise, small_number
from coach.parsing.amounts import parse_amount, parse_days
from coach.parsing.calendar import DueDate
from coach.parsing.dates import parse_date
from coach.parsing.quotes import parse_rate
from coach.rates import MAX_INSTALMENTS, QuotedRate

__all__ = [
    "AddDebtQuick",
    "CheckQuick",
    "PaidQuick",
    "parse_adddebt_quick",
    "parse_check_quick",
    "parse_paid_quick",
]

T = TypeVar("T")
P = ParamSpec("P")

_MAX_TOKENS = 40
_RATE_ANCHOR = re.compile(
    r"[%‰‱]|percent|百分之|千分之|万分之|(?:^|[息率费])万[0-9零〇一二两三四五六七八九十]"
    r"|^(?:年化|年利率|年息|月息|月利率|apr)[0-9]"
)
_MIN_TOKEN = re.compile(r"(?:min(?:imum)?|最低还款额?|最低还|最低)[:=]?(?P<rest>.*)")
_NUMERIC_LOOKING = re.compile(rf"[-负+$¥]?[0-9{CN_CHARS}]")
_DATE_MAX_RUN = 4


@dataclass(frozen=True, slots=True)
class AddDebtQuick:
    """``/adddebt`` on one line: every part that was not given is ``None``."""

    lender: str | None = None
    balance: Decimal | None = None
    rate: QuotedRate | None = None
    min_payment: Decimal | None = None
    due: DueDate | None = None


@dataclass(frozen=True, slots=True)
class CheckQuick:
    """``/check`` on one line. Exactly one schedule form is filled:

    ``instalments`` + ``payment`` (``12000 12x1060``), ``repay`` + ``days``
    (``1000 1010 7d``), or ``rate`` (``10000 月手续费0.6% x12期``).
    """

    received: Decimal
    instalments: int | None = None
    payment: Decimal | None = None
    repay: Decimal | None = None
    days: int | None = None
    rate: QuotedRate | None = None


class PaidQuick(NamedTuple):
    """``/paid 花呗 500``: the debt's name and the amount, either may be missing."""

    name: str | None
    amount: Decimal | None


def _attempt(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | ParseError:
    try:
        return fn(*args, **kwargs)
    except ParseError as exc:
        return exc


def _specific(result: object, generic: str) -> ParseError | None:
    """A ParseError worth reporting: not the catch-all ``*.invalid`` code."""
    if isinstance(result, ParseError) and result.code != generic:
        return result
    return None


def _find_rate(tokens: list[str], used: list[bool]) -> QuotedRate | None:
    remembered: ParseError | None = None
    n = len(tokens)
    for a, token in enumerate(tokens):
        if used[a] or not _RATE_ANCHOR.search(normalise(token)):
            continue
        windows = [
            (i, j)
            for i in range(max(0, a - 2), a + 1)
            for j in range(a + 1, min(n, a + 3) + 1)
            if not any(used[i:j])
        ]
        windows.sort(key=lambda w: (w[0] - w[1], w[0]))
        for i, j in windows:
            result = _attempt(parse_rate, " ".join(tokens[i:j]))
            if isinstance(result, QuotedRate):
                used[i:j] = [True] * (j - i)
                return result
            if i == a and j == a + 1:
                remembered = remembered or _specific(result, "rate.invalid")
    if remembered is not None:
        raise remembered
    return None


def _find_min(tokens: list[str], used: list[bool]) -> Decimal | None:
    for k, token in enumerate(tokens):
        m = None if used[k] else _MIN_TOKEN.fullmatch(normalise(token))
        if m is None:
            continue
        rest, taken = m["rest"], [k]
        if not rest:
            if k + 1 >= len(tokens) or used[k + 1]:
                continue
            rest, taken = tokens[k + 1], [k, k + 1]
        amount = parse_amount(rest)
        for t in taken:
            used[t] = True
        return amount
    return None


def _find_date(tokens: list[str], used: list[bool], today: date) -> DueDate | None:
    remembered: ParseError | None = None
    n = len(tokens)
    for length in range(min(_DATE_MAX_RUN, n), 0, -1):
        for i in range(n - length + 1):
            if any(used[i : i + length]):
                continue
            text = " ".join(tokens[i : i + length])
            result = _attempt(parse_date, text, today=today)
            if isinstance(result, DueDate):
                used[i : i + length] = [True] * length
                return result
            remembered = remembered or _specific(result, "date.invalid")
    if remembered is not None:
        raise remembered
    return None


def _find_amount(tokens: list[str], used: list[bool], order: list[int]) -> Decimal | None:
    for k in order:
        if used[k]:
            continue
        result = _attempt(parse_amount, tokens[k])
        if isinstance(result, Decimal):
            used[k] = True
            return result
        error = _specific(result, "amount.invalid")
        if error is not None and _NUMERIC_LOOKING.match(normalise(tokens[k])):
            raise error
    return None


def _split(text: str, code: str) -> list[str]:
    if not isinstance(text, str):
        raise TypeError(f"expected str, not {type(text).__name__}")
    tokens = text.split()
    if len(tokens) > _MAX_TOKENS or len(text) > 400:
        raise ParseError(code, text=echo(text))
    return tokens


def parse_adddebt_quick(text: str, *, today: date) -> AddDebtQuick:
    """Read ``花呗 5000 年化18% 12月10日`` and the like, in this order:

    1. the rate: a token with ``%`` / ``‰`` / ``‱`` / 万N or a rate prefix, joined
       with up to two neighbours when that reads better (``APR 18%``, ``18% APR``,
       ``0.6% monthly fee x12``); a bare ``18%`` is annual;
    2. the minimum payment: ``min 300``, ``最低 300``, ``最低300``;
    3. the due date: the longest run (up to 4) of consecutive tokens that parses
       as a date (a date before today is refused: ``date.past``);
    4. the balance: the first remaining token that parses as an amount;
    5. the lender: the remaining tokens joined with single spaces, literally
       (``360借条`` stays whole because it is not an amount).

    A token that clearly tried to be a part but is wrong raises that part's
    specific code (``rate.too_high``, ``amount.negative``, ``date.no_such_date``
    ...); unreadable tokens simply become part of the lender's name.
    """
    tokens = _split(text, "adddebt.invalid")
    used = [False] * len(tokens)
    rate = _find_rate(tokens, used)
    min_payment = _find_min(tokens, used)
    due = _find_date(tokens, used, today)
    balance = _find_amount(tokens, used, list(range(len(tokens))))
    lender = " ".join(t for t, u in zip(tokens, used, strict=True) if not u) or None
    return AddDebtQuick(lender, balance, rate, min_payment, due)


_INSTALMENTS = re.compile(
    r"(?P<n>[0-9]+|[零〇一二两三四五六七八九十]+)\s*(?:期|个月|months?|m)?\s*[x×*]\s*(?P<pay>\S+)"
)


def parse_check_quick(text: str) -> CheckQuick:
    """``12000 12x1060`` (also ``12*1060``, ``12期x1060``, ``12×1060``): receive 12000,
    repay 12 monthly instalments of 1060. ``1000 1010 7d`` (also ``7天``): receive
    1000, repay 1010 after 7 days. ``10000 月手续费0.6% x12期``: a quoted rate.

    Codes: ``check.invalid`` (``text``) when no form matches; the amount, days,
    rate and ``instalments.out_of_range`` codes of the parts.
    """
    tokens = _split(text, "check.invalid")
    if len(tokens) < 2:
        raise ParseError("check.invalid", text=echo(text))
    received = parse_amount(tokens[0])
    rest = " ".join(tokens[1:])
    if m := _INSTALMENTS.fullmatch(normalise(rest)):
        count = small_number(m["n"])
        if count is None:
            raise ParseError("check.invalid", text=echo(text))
        if not 1 <= count <= MAX_INSTALMENTS:
            raise ParseError(
                "instalments.out_of_range", instalments=count, min=1, max=MAX_INSTALMENTS
            )
        return CheckQuick(received, instalments=count, payment=parse_amount(m["pay"]))
    if len(tokens) >= 3:
        repay = _attempt(parse_amount, tokens[1])
        days = _attempt(parse_days, " ".join(tokens[2:]))
        if isinstance(repay, Decimal) and isinstance(days, int):
            return CheckQuick(received, repay=repay, days=days)
        if isinstance(repay, Decimal) and isinstance(days, ParseError):
            if days.code != "days.invalid":
                raise days
    rate = _attempt(parse_rate, rest)
    if isinstance(rate, QuotedRate):
        return CheckQuick(received, rate=rate)
    if (error := _specific(rate, "rate.invalid")) is not None:
        raise error
    raise ParseError("check.invalid", text=echo(text))


_PAID_COMMAND = re.compile(r"/paid(?:@\w+)?$", re.IGNORECASE)


def parse_paid_quick(text: str) -> PaidQuick:
    """``/paid 花呗 500`` or ``花呗 500`` or ``500 花呗``: the name and the amount.

    The amount is the last token if it is one, else the first; the name is the
    rest, joined with single spaces. A leading ``/paid`` (or ``/paid@bot``) is
    skipped. A wrong amount (``-500``, ``0``) raises its code.
    """
    tokens = _split(text, "paid.invalid")
    if tokens and _PAID_COMMAND.match(tokens[0]):
        tokens = tokens[1:]
    used = [False] * len(tokens)
    order = [len(tokens) - 1, 0] if len(tokens) > 1 else list(range(len(tokens)))
    amount = _find_amount(tokens, used, order)
    name = " ".join(t for t, u in zip(tokens, used, strict=True) if not u) or None
    return PaidQuick(name, amount)
