"""A repayment schedule typed as "N payments of X": ``12x2702``, ``12期每期2702``.

One parser for the ``/check`` quick form, the ``/adddebt`` quick form and the
guided rate step. Forms (count first, then the payment):

- ``12x2702``, ``12*2702``, ``12×2702``, ``12 x 2702``, ``12期x2702``, ``12期*2702元``;
- ``12期每期2702``, ``12期 每期2702``, ``分12期每期1000``, ``剩12期每期1060``,
  ``剩余12期，每期1060元``, ``12期，月供2702``;
- ``12 instalments of 1,060``, ``12 payments of 1060 left``, ``12 x 1060 remaining``;

and payment first, where the count says 期 so it cannot be misread:
``每期1000，共12期``, ``月供2702 剩12期``, ``1000 x 12期``.

:func:`parse_schedule` returns ``None`` when the text is not such a schedule,
and raises :class:`ParseError` when it is one with a wrong part:
``instalments.out_of_range`` (``instalments``, ``min``, ``max``) or the
payment's amount code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from coach.errors import ParseError
from coach.parsing._text import guard, small_number
from coach.parsing.amounts import looks_like_money, parse_amount
from coach.rates import MAX_INSTALMENTS, QuotedRate, RateKind

__all__ = ["Schedule", "parse_schedule"]

_N = r"(?P<n>[0-9]{1,4}|[零〇一二两三四五六七八九十百]{1,4})"
_COUNT_UNIT = r"(?:期|个月|instal(?:l)?ments?|payments?|months?|m(?![a-z]))"
_LEFT_BEFORE = r"(?:分|共|剩余?|还剩|还有|remaining)?\s*"
_LEFT_AFTER = r"(?:\s*(?:remaining|left|to go))?"
_PAY_WORD = r"(?:每期还款?|每期应还|每期|月供|每月还款?|每月应还)"
_PAY_SUFFIX = r"(?:\s*(?:/期|/月|一期|每期|per\s*month|a\s*month|each|monthly))?"
# A bare count needs x/×/*; one with its unit (期, payments) may be followed by
# 每期/月供/of or directly by the payment: 12x1060, 12期每期1060, 12期1060.
_COUNT_FIRST = re.compile(
    rf"{_LEFT_BEFORE}{_N}\s*"
    rf"(?:{_COUNT_UNIT}\s*[,;]?\s*(?:[x×*]|{_PAY_WORD}|of)?|[x×*])\s*"
    rf"(?P<pay>.+?){_PAY_SUFFIX}{_LEFT_AFTER}"
)
_PAY_FIRST = re.compile(
    rf"(?:{_PAY_WORD}\s*[:=]?\s*(?P<pay>.+?)|(?P<pay2>[^x×*\s]+?)\s*[x×*])"
    rf"\s*[,;]?\s*{_LEFT_BEFORE}{_N}\s*期{_LEFT_AFTER}"
)


@dataclass(frozen=True, slots=True)
class Schedule:
    """``instalments`` payments of ``payment`` each (1 <= instalments <= MAX_INSTALMENTS)."""

    instalments: int
    payment: Decimal

    def as_quote(self, balance: Decimal | None = None) -> QuotedRate:
        """The schedule as an instalments :class:`~coach.rates.QuotedRate` repaying ``balance``.

        ``balance`` is the money the payments repay (what was received, for the
        APR of a loan with an up-front fee); ``None`` leaves it to the caller.
        """
        return QuotedRate(
            RateKind.INSTALMENTS, instalments=self.instalments, payment=self.payment, balance=balance
        )


def parse_schedule(text: str) -> Schedule | None:
    """Read "N payments of X" (see the module docstring), or ``None`` if it is not one."""
    s = guard(text, "amount.invalid")
    if looks_like_money(s):
        return None  # 12,000 is an amount, not 12 payments of 000
    for pattern in (_COUNT_FIRST, _PAY_FIRST):
        m = pattern.fullmatch(s)
        if m is None:
            continue
        pay = (m["pay"] or m.groupdict().get("pay2") or "").strip()
        count = small_number(m["n"])
        if count is None or not looks_like_money(pay):
            continue
        if not 1 <= count <= MAX_INSTALMENTS:
            raise ParseError(
                "instalments.out_of_range", instalments=count, min=1, max=MAX_INSTALMENTS
            )
        return Schedule(count, parse_amount(pay))
    return None
