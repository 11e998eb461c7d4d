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


def parse_labelled_amounts(text: str) -> tuple[LabelledAmount, ...]:
    """Every labelled amount in a list: ``房租2500，吃饭 1500 话费100`` -> (房租, 2500),
    (吃饭, 1500), (话费, 100). Items are split at commas, semicolons, 、, new lines and
    "and"/和; within an item, at spaces between one labelled amount and the next
    (``吃饭 1500 话费 100``). A thousands comma stays in its number (``2,500``). One bare
    amount is one item with the empty label.

    Raises :class:`ParseError` (the codes of :func:`parse_labelled_amount`) when a part
    has no amount, so nothing half-read is taken.
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
        if not part.strip():
            continue
        try:
            whole = parse_labelled_amount(part)
        except ParseError as whole_error:
            error = whole_error
        else:  # one item, unless its label holds another amount (吃饭 1500 话费 100)
            if not any(looks_like_money(w) for w in whole.label.split()):
                items.append(whole)
                continue
            error = ParseError("amount.invalid", text=echo(part))
        words, buffer = part.split(), []
        for word in words:
            buffer.append(word)
            try:
                found = parse_labelled_amount(" ".join(buffer))
            except ParseError:
                continue
            if found.label:
                items.append(found)
                buffer = []
        if buffer:
            raise error
    if not items:
        raise ParseError("amount.invalid", text=echo(text))
    return tuple(items)
