"""A line of text for the bot to render: a catalog code, its params, and what it rests on.

The domain holds no prose. Scripts, conduct explanations, complaint routes and drafts
are lists of :class:`Line`; the bot renders ``code`` from its catalog with ``params``.
``sections`` are rules.md section ids as plain strings (``"3.2c"``, ``"7e"``) for the
citation table; ``mark`` is the confidence mark the catalog wording follows (``"V1"``
state and cite; ``"V2"`` with the source kind and date; ``"V3"`` "reportedly"; ``None``
for advice that makes no legal claim). "R" rows are never shown, so never a mark here.

Param conventions, so the renderer knows how to format: ``Decimal`` named ``amount``,
``offer``, ``needed``, ``payment``, ``balance``, ``gap`` are money; ``date`` values are
dates; ``datetime`` values are aware local times; ``int`` are counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

__all__ = ["MARKS", "Line", "line"]

#: The marks a shown line may carry (rules.md "How to read this file"); R is never shown.
MARKS = frozenset({"V1", "V2", "V3"})


class Line(NamedTuple):
    """One renderable line: ``t(lang, code, **params)``, citing ``sections``."""

    code: str
    params: Mapping[str, Any]
    sections: tuple[str, ...] = ()
    mark: str | None = None


def line(code: str, *sections: str, mark: str | None = None, **params: Any) -> Line:
    """Build a :class:`Line`; ``mark`` must be V1, V2, V3 or None (ValueError otherwise)."""
    if mark is not None and mark not in MARKS:
        raise ValueError(f"a shown line can't carry the mark {mark!r}")
    return Line(code, MappingProxyType(dict(params)), tuple(sections), mark)
