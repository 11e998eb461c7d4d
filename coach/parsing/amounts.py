"""Amounts of money and numbers of days, in zh-CN and en (DESIGN.md §4).

Accepted amounts: ``5000``, ``5,000.50``, ``¥5000``, ``￥5,000``, ``$5,000``,
``RMB 500``, ``5000元``, ``500块``, ``5千``, ``1.2万``, ``5k``, ``3.5w``, ``2万5``
(= 25000, colloquial: a single digit after a unit counts in the next lower unit),
full-width digits ``５０００``, Chinese numerals ``五千``, ``一万二`` (= 12000),
``两千五``, formal (大写) numerals ``壹仟零陆拾贰圆`` (= 1062), ``伍佰圆整``, and
yuan/jiao/fen: ``壹佰捌拾壹元柒角`` (= 181.70), ``十二块五毛`` (= 12.50),
``十五块八`` (= 15.80: a bare digit after 元/块 is jiao), ``三块二毛五`` (= 3.25: a
bare digit after 角/毛 is fen), ``十块零五`` (= 10.05), ``5毛`` (= 0.50), ``5分``.

Refused, each with a stable code (params in brackets):

- ``amount.invalid`` (``text``): garbage, empty, NaN, infinity, ``5.000,50``;
- ``amount.negative`` (``text``);
- ``amount.zero`` (``text``) unless ``allow_zero``;
- ``amount.too_large`` (``text``, ``max``: Decimal 10^12);
- ``amount.too_many_decimals`` (``text``, ``max_decimals``: 2). Refused rather
  than rounded: a sub-cent amount is a typo more often than a price.

Thousands separators must be well placed (``5,000`` yes, ``50,00`` no).
"""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, Decimal, localcontext

from coach.errors import ParseError
from coach.money import CENT, MAX_AMOUNT, MINOR_DIGITS
from coach.parsing._text import (
    CN_CHARS,
    NUM,
    cn_digits_fraction,
    cn_integer,
    echo,
    guard,
    small_number,
)

__all__ = ["MAX_DAYS", "looks_like_money", "parse_amount", "parse_days"]

MAX_DAYS = 3650

_SIGN = re.compile(r"^(?:-|负)\s*")
_CURRENCY_PREFIX = re.compile(r"^(?:us\$|\$|¥|rmb|cny|usd|人民币)\s*")
_CURRENCY_SUFFIX = re.compile(
    r"\s*(?:元人民币|[元圆][整正]|[元圆]|块钱|块|人民币|美元|美金|rmb|cny|usd|dollars?|bucks|yuan)$"
)
_PLAIN = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
_PLAIN_RE = re.compile(_PLAIN)
_MULTIPLIERS = {
    "百": 100,
    "k": 1000,
    "千": 1000,
    "w": 10_000,
    "万": 10_000,
    "十万": 100_000,
    "m": 1_000_000,
    "百万": 1_000_000,
    "千万": 10_000_000,
    "亿": 100_000_000,
}
_SCALED_RE = re.compile(rf"({_PLAIN})(十万|百万|千万|[百千万亿kwm])")
# 2万5 = 25000, 3千5 = 3500, 5k5 = 5500: one digit after the unit.
_COLLOQUIAL_RE = re.compile(r"([0-9]+)(万|w|千|k)([0-9])")
_CN_DECIMAL_RE = re.compile(rf"([{CN_CHARS}0-9]+)点([零〇一二两三四五六七八九0-9]+)(万|千|亿)?")
_CN_NUMBER_RE = re.compile(rf"[{CN_CHARS}0-9]+")
_ONE_DIGIT = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖0-9"
_DIGIT_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {
    c: i + 1 for i, c in enumerate("壹贰叁肆伍陆柒捌玖")
} | {"〇": 0, "两": 2} | {str(i): i for i in range(10)}
# 181元7角, 十二块五毛, 十五块八, 三块二毛五, 十块零五, 5毛, 5分: see the module docstring.
_YUAN_JIAO_FEN = re.compile(
    r"(?:(?P<yuan>[^元圆块角毛分]+)[元圆块])?(?P<z1>零)?"
    rf"(?:(?P<jiao>[{_ONE_DIGIT}])[角毛])?(?P<z2>零)?"
    rf"(?:(?P<tail>[{_ONE_DIGIT}])(?P<fen>分)?)?[钱整正]?"
)
_MONEY_UNIT_CHARS = frozenset("元圆块角毛分")
_MONEY_LIKE = re.compile(rf"[0-9.,{CN_CHARS}元圆块角毛分钱整正kwm]+")
_HAS_NUMERAL = re.compile(rf"[0-9{CN_CHARS}]")
# Spaces next to a non-digit are dropped ("1.2 万", "5000 元"); between digits they stay.
_LOOSE_SPACE = re.compile(r"(?<![0-9])\s+|\s+(?![0-9])")


def _yuan_jiao_fen(s: str) -> Decimal | None:
    """``十二块五毛`` -> 12.50 and the other yuan/jiao/fen forms, or None."""
    m = _YUAN_JIAO_FEN.fullmatch(s)
    if m is None or not _MONEY_UNIT_CHARS.intersection(s):
        return None
    if m["tail"] is not None and not (m["fen"] or m["jiao"] or m["z1"] or m["z2"]):
        if m["yuan"] is None:
            return None  # a bare digit needs a unit before it to be jiao
        jiao, fen = _DIGIT_VALUE[m["tail"]], 0  # 十五块八: the bare digit is jiao
    else:
        jiao = _DIGIT_VALUE[m["jiao"]] if m["jiao"] else 0
        fen = _DIGIT_VALUE[m["tail"]] if m["tail"] else 0
    if m["yuan"] is None and not (m["jiao"] or m["fen"]):
        return None
    yuan = Decimal(0)
    if m["yuan"] is not None:
        whole = _magnitude(m["yuan"])
        if whole is None or (whole != whole.to_integral_value() and (jiao or fen)):
            return None
        yuan = whole
    return yuan + Decimal(jiao) / 10 + Decimal(fen) / 100


def _magnitude(s: str) -> Decimal | None:
    """The value of an unsigned, currency-free amount, or None."""
    if _PLAIN_RE.fullmatch(s):
        return Decimal(s.replace(",", ""))
    if m := _SCALED_RE.fullmatch(s):
        return Decimal(m.group(1).replace(",", "")) * _MULTIPLIERS[m.group(2)]
    if m := _COLLOQUIAL_RE.fullmatch(s):
        unit = _MULTIPLIERS[m.group(2)]
        return Decimal(m.group(1)) * unit + Decimal(m.group(3)) * unit / 10
    if m := _CN_DECIMAL_RE.fullmatch(s):
        whole = cn_integer(m.group(1))
        frac = cn_digits_fraction(m.group(2))
        if whole is None or frac is None:
            return None
        unit = _MULTIPLIERS[m.group(3)] if m.group(3) else 1
        return (whole + frac) * unit
    if _CN_NUMBER_RE.fullmatch(s):
        value = cn_integer(s)
        return None if value is None else Decimal(value)
    return _yuan_jiao_fen(s)


def _bare(s: str) -> str:
    """``s`` (normalised) without its sign, currency words and loose spaces."""
    for _ in range(2):
        s = _SIGN.sub("", s, count=1)
        s = _CURRENCY_PREFIX.sub("", s, count=1)
    return _LOOSE_SPACE.sub("", _CURRENCY_SUFFIX.sub("", s, count=1))


def looks_like_money(text: str) -> bool:
    """Whether ``text`` is written only with what amounts are made of.

    Digits, Chinese numerals, money units (元块毛角分), k/w/m, a sign and a
    currency: ``十二块五毛``, ``-500``, ``12.5.3``, ``¥5k`` do; ``花呗``,
    ``360借条``, ``12x2702`` don't. A token that looks like money but is not
    one is a mistyped amount, not a name (see :func:`coach.parsing.quick.parse_paid_quick`).
    """
    if not isinstance(text, str) or len(text) > 120:
        return False
    s = _bare(guard(text, "amount.invalid"))
    return bool(_MONEY_LIKE.fullmatch(s)) and _HAS_NUMERAL.search(s) is not None


def parse_amount(text: str, *, allow_zero: bool = False) -> Decimal:
    """Parse an amount of money (see the module docstring for forms and codes).

    Returns a ``Decimal`` with no decimals for whole amounts and two otherwise
    (``"5,000.5"`` -> ``Decimal("5000.50")``).
    """
    s = guard(text, "amount.invalid")
    negative = False
    for _ in range(2):  # sign and currency, in either order: "-¥5", "¥-5"
        if m := _SIGN.match(s):
            negative, s = True, s[m.end() :]
        s = _CURRENCY_PREFIX.sub("", s, count=1)
    s = _CURRENCY_SUFFIX.sub("", s, count=1)
    s = _LOOSE_SPACE.sub("", s)
    with localcontext() as ctx:
        ctx.prec = 200  # inputs are at most 120 characters: no silent rounding
        value = _magnitude(s) if s else None
    if value is None:
        raise ParseError("amount.invalid", text=echo(text))
    if negative and value != 0:
        raise ParseError("amount.negative", text=echo(text))
    if value > MAX_AMOUNT:
        raise ParseError("amount.too_large", text=echo(text), max=MAX_AMOUNT)
    if value != value.quantize(CENT, rounding=ROUND_DOWN):
        raise ParseError("amount.too_many_decimals", text=echo(text), max_decimals=MINOR_DIGITS)
    if value == 0 and not allow_zero:
        raise ParseError("amount.zero", text=echo(text))
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.quantize(CENT)


_DAYS_RE = re.compile(
    rf"(?:in\s*)?({NUM})\s*"
    r"(d|days?|天|日|w|wks?|weeks?|周|星期|个星期|礼拜|个礼拜)?"
)
_WEEK_UNITS = frozenset(
    {"w", "wk", "wks", "week", "weeks", "周", "星期", "个星期", "礼拜", "个礼拜"}
)


def parse_days(text: str) -> int:
    """A number of days: ``7``, ``7d``, ``7天``, ``7 days``, ``七天``, ``2 weeks``, ``1周``.

    Months are refused (their length varies). Codes: ``days.invalid`` (``text``),
    ``days.out_of_range`` (``days``, ``min``: 1, ``max``: 3650).
    """
    s = guard(text, "days.invalid")
    m = _DAYS_RE.fullmatch(s)
    count = small_number(m.group(1)) if m else None
    if m is None or count is None:
        raise ParseError("days.invalid", text=echo(text))
    days = count * 7 if m.group(2) in _WEEK_UNITS else count
    if not 1 <= days <= MAX_DAYS:
        raise ParseError("days.out_of_range", days=days, min=1, max=MAX_DAYS)
    return days
