"""The minimum payment: a fixed amount, or a percent of the balance with an optional floor.

One parser for the guided step ("What's the minimum payment?") and the
one-line ``/adddebt`` form (``min 1%``, ``最低还款10%``, ``最低还款 10% 最少50``):

- a fixed amount: ``300``, ``¥1,000.50``, ``最低300``, ``min 75``;
- a percent of the balance: ``10%``, ``2.5%``, ``百分之十``, ``余额的10%``,
  ``10% of the balance``, ``min 1%``, ``最低还款10%``;
- with a floor: ``10% min 50``, ``10%, minimum 50``, ``10%，最低50``,
  ``10％ 不低于 5千``, ``10% 最少50``, ``10% at least 50``.

A leading ``min`` / ``minimum`` / ``最低还款`` / ``最低`` / ``最少`` is the question
repeated and is skipped. Refused with ``minimum.invalid`` (``text``): anything
else, a percent of 0 or above 100, or a floor that is not an amount.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from coach.errors import ParseError
from coach.money import round_money
from coach.parsing._text import cn_digits_fraction, echo, guard, small_number
from coach.parsing.amounts import parse_amount

__all__ = ["MIN_KEYWORD", "MinimumRule", "parse_minimum"]

#: The words that introduce a minimum payment (a regex, on normalised text).
MIN_KEYWORD = (
    r"(?:min(?:imum)?(?:\s*(?:payment|due|pay))?|最低还款额?|最低应还(?:款|金额)?|最低还|最低|"
    r"最少还款?|最少)"
)
_FLOOR_WORD = r"(?:min(?:imum)?|最低(?:还款)?|最少|不低于|不少于|保底|at\s*least|floor)"
_PERCENT = (
    r"(?:(?P<pct>[0-9]+(?:\.[0-9]+)?)\s*%"
    r"|百分之(?P<cnpct>[0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十]+(?:点[零〇一二两三四五六七八九]+)?))"
)
_OF_BALANCE_BEFORE = r"(?:(?:余额|账单(?:金额)?|本金|欠款)的?\s*)?"
_OF_BALANCE_AFTER = r"(?:\s*of\s*(?:the\s*)?(?:balance|statement|bill))?"
_LEADING_KEYWORD = re.compile(rf"{MIN_KEYWORD}\s*[:=]?\s*")
_PERCENT_RULE = re.compile(
    rf"{_OF_BALANCE_BEFORE}{_PERCENT}{_OF_BALANCE_AFTER}"
    rf"(?:\s*[,;(]?\s*{_FLOOR_WORD}\s*[:=]?\s*(?P<floor>[^)]+?)\s*\)?)?"
)


@dataclass(frozen=True)
class MinimumRule:
    """The minimum or instalment payment: fixed, a percentage with a floor, or none.

    ``kind`` is ``"fixed"`` (``amount``), ``"percent"`` (``percent`` a fraction of
    the balance in (0, 1], ``floor`` an amount or None) or ``"none"``.
    """

    kind: str  # "fixed" | "percent" | "none"
    amount: Decimal | None = None
    percent: Decimal | None = None
    floor: Decimal | None = None

    def below_interest(self, balance: Decimal, apr: Decimal | None) -> Decimal | None:
        """The month's interest at ``apr`` (balance x APR / 12, half-up) when this rule's
        payment doesn't cover it: paying only the minimum, the debt never ends. None when
        it does, or without a rule or an APR. $100 on $100,000 at 36%: 3,000.00."""
        minimum = self.due(balance)
        if minimum is None or apr is None:
            return None
        interest = round_money(balance * apr / 12)
        return interest if 0 < interest and minimum <= interest else None

    def due(self, balance: Decimal) -> Decimal | None:
        """The payment this rule asks for on ``balance``, capped at the balance.

        Fixed: the amount. Percent: ``balance x percent`` rounded half-up to the cent
        (``Rounding.SHOWN``: 1,234.50 x 1% = 12.345 -> 12.35), at least ``floor``.
        None when there is no rule. Every screen takes it of the same balance.
        """
        if self.kind == "fixed" and self.amount is not None:
            return min(self.amount, balance)
        if self.kind == "percent" and self.percent is not None:
            amount = max(round_money(balance * self.percent), self.floor or Decimal(0))
            return min(amount, balance)
        return None


def _percent_value(raw: str) -> Decimal | None:
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", raw):
        return Decimal(raw)
    whole, _, frac = raw.partition("点")
    integer = small_number(whole)
    if integer is None:
        return None
    fraction = cn_digits_fraction(frac) if frac else Decimal(0)
    return None if fraction is None else integer + fraction


def parse_minimum(text: str) -> MinimumRule:
    """Read a minimum payment (see the module docstring); raises :class:`ParseError` only."""
    s = guard(text, "minimum.invalid")
    s = _LEADING_KEYWORD.sub("", s, count=1) if _LEADING_KEYWORD.match(s) else s
    invalid = ParseError("minimum.invalid", text=echo(text.strip()))
    if m := _PERCENT_RULE.fullmatch(s):
        value = _percent_value(m["pct"] or m["cnpct"])
        if value is None or not Decimal(0) < value <= 100:
            raise invalid
        floor = None
        if m["floor"]:
            try:
                floor = parse_amount(m["floor"])
            except ParseError as err:
                raise invalid from err
        return MinimumRule("percent", percent=value / 100, floor=floor)
    try:
        return MinimumRule("fixed", amount=parse_amount(s))
    except ParseError as err:
        raise invalid from err
