"""One-line quick forms of the commands: ``/adddebt``, ``/check``, ``/paid``.

Pure tokenizers: tokens are split on spaces (any width), ``，、；。`` and commas
that are not thousands separators. Names are kept literally (the bot escapes
them when rendering). Only :class:`ParseError` escapes. ``/adddebt`` lives in
:mod:`coach.parsing.adddebt` and is re-exported here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from coach.errors import ParseError
from coach.parsing._text import echo
from coach.parsing._tokens import attempt, split_tokens
from coach.parsing.adddebt import AddDebtQuick, parse_adddebt_quick
from coach.parsing.amounts import looks_like_money, parse_amount, parse_days
from coach.parsing.quotes import parse_rate
from coach.parsing.schedule import parse_schedule
from coach.rates import QuotedRate

__all__ = [
    "AddDebtQuick",
    "CheckQuick",
    "PaidQuick",
    "parse_adddebt_quick",
    "parse_check_quick",
    "parse_paid_quick",
    "split_paid_day",
]

#: A day said in a /paid line (a word, or a date with a month): ``/paid 花呗 500 昨天``,
#: ``/paid amex 50 tomorrow``, ``/paid visa 35 dec 5``. Read by the date parser after.
_DAY = re.compile(
    r"(?:today|tonight|this morning|yesterday|yday|last night|tomorrow|tmrw|tmr"
    r"|今天|今日|今早|今晚|昨天|昨日|昨晚|前天|明天|后天|刚才|刚刚"
    r"|\d{1,2}月\d{1,2}[日号]?|\d{1,2}/\d{1,2}"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?"
    r"|\d{1,2}(?:st|nd|rd|th)? (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*)",
    re.IGNORECASE,
)
#: Words between an amount and a name: ``$20 to mike``, ``500 给老王``.
_LINK = re.compile(r"^(?:to|for|on|给|还给|还)\s*", re.IGNORECASE)


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


def parse_check_quick(text: str) -> CheckQuick:
    """``12000 12x1060`` (any N-payments-of-X form of
    :func:`~coach.parsing.schedule.parse_schedule`: ``12*1060``, ``12期x1060``,
    ``12期每期1060`` ...): receive 12000, repay 12 monthly instalments of 1060.
    ``1000 1010 7d`` (also ``7天``): receive 1000, repay 1010 after 7 days.
    ``10000 月手续费0.6% x12期``: a quoted rate.

    Codes: ``check.invalid`` (``text``) when no form matches; the amount, days,
    rate and ``instalments.out_of_range`` codes of the parts.
    """
    tokens = split_tokens(text, "check.invalid")
    if len(tokens) < 2:
        raise ParseError("check.invalid", text=echo(text))
    received = parse_amount(tokens[0])
    rest = " ".join(tokens[1:])
    schedule = parse_schedule(rest)
    if schedule is not None:
        return CheckQuick(received, instalments=schedule.instalments, payment=schedule.payment)
    if len(tokens) >= 3:
        repay = attempt(parse_amount, tokens[1])
        days = attempt(parse_days, " ".join(tokens[2:]))
        if isinstance(repay, Decimal) and isinstance(days, int):
            return CheckQuick(received, repay=repay, days=days)
        if isinstance(repay, Decimal) and isinstance(days, ParseError):
            if days.code != "days.invalid":
                raise days
    rate = attempt(parse_rate, rest)
    if isinstance(rate, QuotedRate):
        return CheckQuick(received, rate=rate)
    if rate.code != "rate.invalid":
        raise rate
    raise ParseError("check.invalid", text=echo(text))


def _is_paid_command(token: str) -> bool:
    head, _, bot = token.partition("@")
    return head.casefold() == "/paid" and (not bot or bot.replace("_", "").isalnum())


def split_paid_day(text: str) -> tuple[str, str | None]:
    """``/paid`` arguments without the day they name, and that day as typed (None when
    none): ``"amex 50 tomorrow"`` -> ``("amex 50", "tomorrow")``; the day stands first or
    last (``昨天 花呗 500``). Only day words and dates with a month count (a lone number
    is an amount)."""
    tokens = text.split()
    for take in (2, 1):
        if len(tokens) <= take:
            continue
        for rest, day in ((tokens[:-take], tokens[-take:]), (tokens[take:], tokens[:take])):
            phrase = " ".join(day)
            if _DAY.fullmatch(phrase):
                return " ".join(rest), phrase
    return text, None


def parse_paid_quick(text: str) -> PaidQuick:
    """``/paid 花呗 500`` or ``花呗 500`` or ``500 花呗``: the name and the amount.

    The amount is the last token if it is one (or the last two: ``500 元``),
    else the first (or first two); the name is the rest, joined with single
    spaces. A leading ``/paid`` (or ``/paid@bot``) is skipped. A candidate that
    looks like money but is not an amount (``十二块五毛`` reads; ``-500``, ``0``,
    ``12.5.3`` don't) raises its amount code rather than becoming the name.
    """
    tokens = split_tokens(text, "paid.invalid")
    if tokens and _is_paid_command(tokens[0]):
        tokens = tokens[1:]
    n = len(tokens)
    spans = [(n - 2, n), (n - 1, n), (0, 2), (0, 1)] if n > 2 else [(n - 1, n), (0, 1)]
    for i, j in spans if n else []:
        if n > 1 and j - i == n:
            continue  # keep at least one token for the name
        candidate = " ".join(tokens[i:j])
        if not looks_like_money(candidate):
            continue
        amount = parse_amount(candidate)
        name = _LINK.sub("", " ".join(tokens[:i] + tokens[j:])) or None
        return PaidQuick(name, amount)
    return PaidQuick(" ".join(tokens) or None, None)
