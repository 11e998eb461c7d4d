"""Splitting a one-line command into tokens, the way people punctuate on a phone."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from coach.errors import ParseError
from coach.parsing._text import echo

T = TypeVar("T")
P = ParamSpec("P")

MAX_TOKENS = 40
MAX_LINE = 400
_DIGIT = "0-9０-９"
# Spaces (any width), Chinese list punctuation, and a comma that is not a
# thousands separator (one is a digit before and exactly three after: 2,300.50, １５，０００).
_SEPARATORS = re.compile(
    rf"[\s、；;。]+|(?<![{_DIGIT}])[,，]+|[,，]+(?![{_DIGIT}]{{3}}(?![{_DIGIT}]))"
)


def split_tokens(text: str, code: str) -> list[str]:
    """The tokens of ``text``, each kept as typed.

    ``借10000，到手9000，分12期`` -> ``["借10000", "到手9000", "分12期"]``;
    ``Amex 2,300.50`` -> ``["Amex", "2,300.50"]``. Too long a line (over 400
    characters or 40 tokens) raises ``ParseError(code, text=...)``.
    """
    if not isinstance(text, str):
        raise TypeError(f"expected str, not {type(text).__name__}")
    if len(text) > MAX_LINE:
        raise ParseError(code, text=echo(text))
    tokens = [t for t in _SEPARATORS.split(text) if t]
    if len(tokens) > MAX_TOKENS:
        raise ParseError(code, text=echo(text))
    return tokens


def attempt(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | ParseError:
    """``fn(*args, **kwargs)``, or the :class:`ParseError` it raised."""
    try:
        return fn(*args, **kwargs)
    except ParseError as exc:
        return exc
