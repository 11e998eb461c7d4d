"""Helpers shared by the free-text readers (intents, collector texts, bills).

Everything works on the *prepared* text: NFKC (full-width digits, ％, ：, ， ...
become ASCII), dashes unified, whitespace collapsed, cut to :data:`MAX_TEXT`
characters. Case is kept (lender names are shown as typed); patterns match with
``re.IGNORECASE``. Amounts are found in running text here and read by
:func:`coach.parsing.parse_amount`, so both agree on what ``3万`` or ``2万5`` is.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from coach.errors import ParseError
from coach.parsing import parse_amount

__all__ = [
    "MAX_TEXT",
    "AmountSpan",
    "bare",
    "blank",
    "find_amounts",
    "load_data",
    "prepare",
]

#: Longer texts are cut: a forwarded bill is a few hundred characters.
MAX_TEXT = 2000

_SPACES = re.compile(r"\s+")
_DASHES = str.maketrans({"−": "-", "—": "-", "–": "-", "～": "~", "〜": "~"})
_EDGE_CATEGORIES = ("P", "S", "Z", "C", "M")


def prepare(text: str) -> str:
    """NFKC, dashes unified, whitespace collapsed and stripped, at most MAX_TEXT chars."""
    if not isinstance(text, str):
        raise TypeError(f"expected str, not {type(text).__name__}")
    s = unicodedata.normalize("NFKC", text[: MAX_TEXT * 2]).translate(_DASHES)
    return _SPACES.sub(" ", s).strip()[:MAX_TEXT]


def bare(text: str) -> str:
    """The prepared, case-folded text without punctuation, symbols or emoji at its ends.

    ``"算了吧！！😅"`` -> ``"算了吧"``; ``" OK. "`` -> ``"ok"``; ``"👍"`` -> ``""``.
    """
    s = prepare(text).casefold()
    start, end = 0, len(s)
    while start < end and unicodedata.category(s[start])[0] in _EDGE_CATEGORIES:
        start += 1
    while end > start and unicodedata.category(s[end - 1])[0] in _EDGE_CATEGORIES:
        end -= 1
    return s[start:end]


def blank(s: str, start: int, end: int) -> str:
    """``s`` with ``[start, end)`` replaced by spaces (indices of the rest are kept)."""
    return s[:start] + " " * (end - start) + s[end:]


@cache
def load_data(name: str) -> Any:
    """The JSON document ``coach/data/<name>`` (package data, read once)."""
    text = resources.files("coach").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return json.loads(text)


@dataclass(frozen=True, slots=True)
class AmountSpan:
    """An amount found in running text: where it is, its value, its currency if said."""

    start: int
    end: int
    value: Decimal
    currency: str | None  # "CNY" | "USD" | None


_CN_NUM = "零〇一二两三四五六七八九十百千万亿"
_USD = re.compile(r"\$|usd|dollars?|bucks|美元|美金|刀", re.IGNORECASE)
_CNY = re.compile(r"¥|rmb|cny|人民币|元|块|yuan", re.IGNORECASE)
_AMOUNT = re.compile(
    r"(?<![0-9a-z])(?<![0-9][.,])"
    r"(?P<pre>(?:us\$|\$|¥|rmb|cny|usd|人民币)\s?)?"
    r"(?>(?P<num>"
    r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,9})(?:\.[0-9]{1,2})?"
    r"(?:\s?(?:万|千|百|k|w)(?:[0-9](?![0-9]))?)?"
    rf"|[一二两三四五六七八九十][{_CN_NUM}]*(?:点[零〇一二两三四五六七八九]+[万千]?)?"
    r")"
    r"(?P<post>\s?(?:元|块钱|块|美元|美金|刀|dollars?|bucks|yuan|usd|rmb)(?![a-z]))?)"
    r"(?![0-9a-z%‰‱:])(?![.,][0-9])"
    r"(?!天|日|号|个|月|期|年|点|岁|次|周|小时|分|秒|倍|折|份|笔|张|家|条|位|\s?%)"
    r"(?!\s(?:days?|weeks?|months?|years?|yrs?|hours?|hrs?|min(?:ute)?s?|times|percent|am|pm|a\.m|p\.m)\b)",
    re.IGNORECASE,
)
_CN_UNIT = re.compile("[十百千万亿]")


def find_amounts(s: str) -> list[AmountSpan]:
    """Amounts in prepared text ``s``, left to right.

    An amount is ``8600``, ``8,600.50``, ``$2,300``, ``¥500``, ``3万``, ``2万5``,
    ``5k``, ``八千六`` (Chinese numerals need a unit or a 元/块 after them), each
    read by ``parse_amount``. Not amounts: numbers followed by a unit of time or
    count (``20天``, ``12月``, ``3期``, ``11点``), percentages, times (``10:40``),
    digit runs of 10 or more (phones, cards), numbers glued to letters.
    """
    found: list[AmountSpan] = []
    for m in _AMOUNT.finditer(s):
        num = m["num"]
        if num[0] in _CN_NUM and not (_CN_UNIT.search(num) or m["post"]):
            continue
        try:
            value = parse_amount(num.replace(" ", ""))
        except ParseError:
            continue
        marks = (m["pre"] or "") + (m["post"] or "")
        currency = "USD" if _USD.search(marks) else "CNY" if _CNY.search(marks) else None
        found.append(AmountSpan(m.start(), m.end(), value, currency))
    return found
