"""An amount with a label: ``话费100``, ``兼职 4,500``, ``房租：3000``, ``100 话费``.

One parser for every step that takes "what for, how much" (the budget's
incomes and spending, for now). The label comes first or last, glued to the
amount or not, with an optional ``:``/``：``/``=`` between; a bare amount has the
empty label. The label is kept as typed (NFKC-normalised, single-spaced, not
case-folded).

How the split is found: the longest tail (label first) or head (amount last)
that :func:`~coach.parsing.amounts.looks_like_money` and the rest is not money
itself. The first such candidate that parses wins; when none parses, the
error of the longest money-looking one is raised, so ``话费 -100`` says
``amount.negative`` rather than "not understood".

Codes: those of :func:`~coach.parsing.amounts.parse_amount` (``amount.invalid``
with ``text`` when there is no amount at all).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from coach.errors import ParseError
from coach.money import round_money
from coach.parsing._text import MAX_INPUT, echo
from coach.parsing.amounts import looks_like_money, parse_amount

__all__ = ["LabelledAmount", "parse_labelled_amount", "parse_labelled_amounts", "read_amount"]

_SPACES = re.compile(r"\s+")
#: What may stand between a label and its amount.
_GLUE = " :=,;、"


@dataclass(frozen=True, slots=True)
class LabelledAmount:
    """``label`` ("" when none was typed) and a positive (or, if allowed, zero) ``amount``."""

    label: str
    amount: Decimal


def _clean(text: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def _attempt(text: str, allow_zero: bool) -> Decimal | ParseError:
    try:
        return parse_amount(text, allow_zero=allow_zero)
    except ParseError as exc:
        return exc


def _splits(s: str) -> list[tuple[str, str]]:
    """(label, amount text) candidates, longest amount first, label-first before amount-first."""
    label_first = [(s[:i], s[i:]) for i in range(1, len(s))]
    amount_first = [(s[i:], s[:i]) for i in range(len(s) - 1, 0, -1)]
    return label_first + amount_first


def parse_labelled_amount(text: str, *, allow_zero: bool = False) -> LabelledAmount:
    """Split ``text`` into a label and an amount (see the module docstring).

    ``"话费100"`` -> ``LabelledAmount("话费", Decimal(100))``; ``"8000"`` ->
    ``LabelledAmount("", Decimal(8000))``. Raises :class:`ParseError` only.
    """
    if not isinstance(text, str):
        raise TypeError(f"expected str, not {type(text).__name__}")
    if len(text) > MAX_INPUT:
        raise ParseError("amount.invalid", text=echo(text))
    s = _clean(text)
    whole = _attempt(s, allow_zero)
    if isinstance(whole, Decimal):
        return LabelledAmount("", whole)
    first_error: ParseError | None = whole if looks_like_money(s) else None
    for raw_label, raw_amount in _splits(s):
        label = raw_label.strip(_GLUE)
        amount_text = raw_amount.strip(_GLUE)
        if not label or not amount_text or looks_like_money(label.replace(" ", "")):
            continue
        if not looks_like_money(amount_text):
            continue
        result = _attempt(amount_text, allow_zero)
        if isinstance(result, Decimal):
            if first_error is not None and first_error.code != "amount.invalid":
                raise first_error
            return LabelledAmount(label, result)
        first_error = first_error or result
    raise first_error or ParseError("amount.invalid", text=echo(text))


def read_amount(text: str, *, allow_zero: bool = False) -> Decimal:
    """The amount of a step that asks for one: bare or with words around it ("到手9000",
    "每期1,060元", "paid $500"), as :func:`parse_labelled_amount` reads it; the words are
    dropped. Raises :class:`ParseError` only."""
    return parse_labelled_amount(text, allow_zero=allow_zero).amount


#: What separates the items of a list: ``房租2500，吃饭1500；话费100`` or one per line.
_ITEM_SEPARATORS = re.compile(r"[,，;；、\n]+|\s+(?:and|和|还有)\s+")
#: Characters an amount is written with: an item ends where one of these is followed by
#: anything else (房租2500|吃饭1500), or at a space.
_AMOUNTISH = frozenset("0123456789.,kKwW$¥￥%"
                       "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟圆元块毛角分整")
#: A label that holds an amount of its own is two items run together (吃饭1500 打车).
_HOLDS_AMOUNT = re.compile(r"\d|[零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]{2,}")


def _item_ends(s: str) -> list[int]:
    """Where an item may end in ``s``, longest first: the end, every space, and every
    place an amount's characters give way to others."""
    ends = {len(s)}
    for i in range(1, len(s)):
        if s[i] == " " or (s[i - 1] in _AMOUNTISH and s[i] not in _AMOUNTISH):
            ends.add(i)
    return sorted(ends, reverse=True)


def _first_item(s: str) -> tuple[LabelledAmount, str] | None:
    """The longest labelled amount ``s`` starts with whose label holds no amount of its
    own, and the rest; None when there is none."""
    for end in _item_ends(s):
        try:
            found = parse_labelled_amount(s[:end])
        except ParseError:
            continue
        if _HOLDS_AMOUNT.search(found.label):
            continue
        return found, s[end:].strip()
    return None


#: Words that hedge an amount (大概1500左右, like 3k, ~400): they change nothing.
_HEDGES = re.compile(r"大概|大约|差不多|左右|上下|大致|约莫?|\b(?:like|about|around|roughly|approx(?:imately)?)\b|~|≈",
                     re.I)
#: How often an amount comes, as a mark left where it was said (a private-use character:
#: never an amount's, never a separator) and its monthly factor: 400/wk is 400 x 52 / 12
#: a month. Daily amounts have no factor: a month's worth depends on the days worked.
_DAILY = "\ue000"
_PERIODS: tuple[tuple[re.Pattern[str], str, Decimal], ...] = (
    (re.compile(r"每天|一天|每日|日结|/\s*天|(?:a|per)\s+day(?![a-z])|daily", re.I), _DAILY, Decimal(0)),
    (re.compile(r"半个?月(?:发一次)?|twice\s+a\s+month|semi-?monthly", re.I), "\ue001", Decimal(2)),
    (re.compile(r"(?:/\s*|每|a\s+|per\s+)?两周(?:发一次)?|(?:every|per)\s+(?:two|2|other)\s+weeks?"
                r"|bi-?weekly|fortnight(?:ly)?", re.I), "\ue002", Decimal(26) / 12),
    (re.compile(r"周薪|(?:/\s*|每|一)(?:周|星期|礼拜)|(?:/\s*|a\s+|per\s+)(?:wk|week)(?![a-z])"
                r"|weekly", re.I), "\ue003", Decimal(52) / 12),
    (re.compile(r"(?:每|一)(?:个)?季度|(?:a|per)\s+quarter(?![a-z])|quarterly", re.I), "\ue004",
     Decimal(1) / 3),
    (re.compile(r"(?:每|一)学期|(?:a|per)\s+semester(?![a-z])", re.I), "\ue005", Decimal(1) / 6),
    (re.compile(r"年终奖|年底奖金|年薪|(?:/\s*|每|一)年|(?:/\s*|a\s+|per\s+)(?:yr|year)(?![a-z])"
                r"|yearly|annually|annual", re.I), "\ue006", Decimal(1) / 12),
    (re.compile(r"(?:/\s*|每个?|一个?)月|(?:/\s*|a\s+|per\s+)(?:mo|mth|month)(?![a-z])|monthly", re.I),
     "\ue007", Decimal(1)),
)
_FACTORS = {mark: factor for _, mark, factor in _PERIODS}
_MARKS = re.compile("[" + "".join(_FACTORS) + "]")


def _marked(text: str) -> str:
    """``text`` without its hedges, each period it names left as its mark in place."""
    text = _HEDGES.sub(" ", text)
    for pattern, mark, _ in _PERIODS:
        text = pattern.sub(mark, text)
    return text


def _per_month(item: LabelledAmount, trailing: str = "") -> LabelledAmount:
    """``item`` as a month's worth of the periods marked in its label or just after it
    (400/wk -> 1,733.33); its label without the marks. Raises :class:`ParseError`
    ``amount.per_day`` for an amount by the day (the days worked decide the month)."""
    marks = _MARKS.findall(item.label + trailing)
    if _DAILY in marks:
        raise ParseError("amount.per_day", text=echo(item.label))
    factor = Decimal(1)
    for mark in marks:
        factor *= _FACTORS[mark]
    label = " ".join(_MARKS.sub(" ", item.label).split())
    amount = item.amount if factor == 1 else round_money(item.amount * factor)
    return LabelledAmount(label, amount)


def parse_labelled_amounts(text: str) -> tuple[LabelledAmount, ...]:
    """Every labelled amount in a list: ``房租2500，吃饭 1500 话费100`` -> (房租, 2500),
    (吃饭, 1500), (话费, 100). Items are split at commas, semicolons, 、, new lines and
    "and"/和, and where one item's amount gives way to the next item's label, with or
    without a space (``房租2500吃饭1500``, ``房租两千五 吃饭一千五``, ``1500 吃饭 300 打车``). A
    thousands comma stays in its number (``2,500``); "a month" is no label (``$3,000/mo``).
    One bare amount is one item with the empty label.

    Raises :class:`ParseError` (``amount.invalid`` with ``text``, or the amount parser's
    code for a single item) when a part has no amount, so nothing half-read is taken.
    """
    if not isinstance(text, str):
        raise TypeError(f"expected str, not {type(text).__name__}")
    if len(text) > MAX_INPUT:
        raise ParseError("amount.invalid", text=echo(text))
    cleaned = unicodedata.normalize("NFKC", text)
    # A comma inside a number (2,500) is a thousands separator, not a new item.
    cleaned = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", cleaned)
    items: list[LabelledAmount] = []
    for part in _ITEM_SEPARATORS.split(cleaned):
        rest = _clean(_marked(part))
        if not _MARKS.sub("", rest).strip():
            continue
        first_error: ParseError | None = None
        while rest:
            found = _first_item(rest)
            if found is None:
                if first_error is None:  # say why a single item didn't read
                    try:
                        parse_labelled_amount(rest)
                    except ParseError as err:
                        first_error = err
                raise first_error or ParseError("amount.invalid", text=echo(rest))
            item, rest = found
            # A period said right after the amount is this item's (400/wk, 6000元/月).
            trailing = re.match(r"[" + "".join(_FACTORS) + r"\s]*", rest)
            after = trailing.group(0) if trailing else ""
            rest = rest[len(after):].strip()
            items.append(_per_month(item, after))
            first_error = ParseError("amount.invalid", text=echo(rest))
    if not items:
        raise ParseError("amount.invalid", text=echo(text))
    return tuple(items)
