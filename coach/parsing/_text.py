"""Shared text helpers of the parsers: normalisation and Chinese numerals."""

from __future__ import annotations

import re
import unicodedata
import warnings
from decimal import Decimal

import cn2an

from coach.errors import ParseError

#: Inputs longer than this are refused before any regex runs.
MAX_INPUT = 120
#: The ``text`` param of an error carries at most this many characters.
MAX_ECHO = 64

CN_DIGITS = "零〇一二两三四五六七八九"
CN_UNITS = "十百千万亿"
CN_FORMAL = "壹贰叁肆伍陆柒捌玖拾佰仟"
CN_CHARS = CN_DIGITS + CN_UNITS + CN_FORMAL
#: A number written in digits or with Chinese numerals (a small one: days, months).
NUM = rf"(?:[0-9]+|[{CN_DIGITS}十]+)"
_CN_ONLY = re.compile(rf"[{CN_CHARS}]+")
_ASCII_INT = re.compile(r"[0-9]+")
_SPACES = re.compile(r"\s+")
_CN_DIGIT_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}


def echo(text: str) -> str:
    """The user's text as carried in an error's ``text`` param (truncated)."""
    return text[:MAX_ECHO]


#: Punctuation a phone keyboard leaves around an answer (after NFKC: ，；！？ are ASCII).
_EDGE_PUNCTUATION = " 。、,;!?"


def normalise(text: str) -> str:
    """NFKC (full-width digits, ％, ￥, ：，；　 ...), case-folded, single-spaced, and
    stripped of spaces and of punctuation at either end (``5000。`` -> ``5000``)."""
    s = unicodedata.normalize("NFKC", text).casefold()
    s = s.replace("−", "-").replace("—", "-").replace("–", "-")
    return _SPACES.sub(" ", s).strip(_EDGE_PUNCTUATION)


def guard(text: object, code: str) -> str:
    """Check the type and length of a parser's input and return it normalised."""
    if not isinstance(text, str):
        raise TypeError(f"expected str, not {type(text).__name__}")
    if len(text) > MAX_INPUT:
        raise ParseError(code, text=echo(text))
    return normalise(text)


def cn_integer(s: str) -> int | None:
    """A whole number written in Chinese numerals, possibly mixed with ASCII digits.

    ``"五千"`` -> 5000, ``"一万二"`` -> 12000 (colloquial), ``"2万5"`` -> 25000,
    ``"二〇二六"`` -> 2026. Returns ``None`` when it is not such a number.

    cn2an does the work, guarded: it is only given strings of numeral characters
    (ASCII digit runs are first spelt in Chinese with ``an2cn``), it may raise
    anything (``ValueError``, ``KeyError`` ...), and a non-``int`` result (it
    returns floats for decimals) is refused.
    """
    if not s or len(s) > 24:
        return None
    if not all(c in CN_CHARS or (c.isascii() and c.isdigit()) for c in s):
        return None
    if s.isascii():
        return int(s)
    if len(s) == 1 and s in _CN_DIGIT_VALUE:
        return _CN_DIGIT_VALUE[s]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            spelt = _ASCII_INT.sub(lambda m: str(cn2an.an2cn(m.group())), s)
            value = cn2an.cn2an(spelt, "normal")
    except Exception:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def cn_digits_fraction(s: str) -> Decimal | None:
    """The digits after 点: ``"五"`` -> 0.5, ``"零五"`` -> 0.05 (digit by digit)."""
    if not s:
        return None
    digits = []
    for c in s:
        if c.isascii() and c.isdigit():
            digits.append(c)
        elif c in _CN_DIGIT_VALUE:
            digits.append(str(_CN_DIGIT_VALUE[c]))
        else:
            return None
    return Decimal("0." + "".join(digits))


def small_number(s: str) -> int | None:
    """A day, month or count: ASCII digits or Chinese numerals (至多 4 digits)."""
    if s.isascii():
        return int(s) if s.isdigit() and len(s) <= 4 else None
    if _CN_ONLY.fullmatch(s) is None:
        return None
    return cn_integer(s)
