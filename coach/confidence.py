"""How sure a statement may sound: its confidence mark in rules.md decides the wording.

rules.md marks every fact (see its "How to read this file"). The coach never states
anything more strongly than its mark allows:

==========================  =========================================================
mark                        how the bot words it
==========================  =========================================================
V1 (primary text read)      state it, and cite the rule by name and article
C (computed by us)          state it (it is our own arithmetic)
V2 (reputable secondary)    state it with the kind and date of the source
                            ("per the 2026 banking-association guideline")
V3 (weak pages only)        "reportedly" / "据报道"
window guidance (§2.4b,     "reportedly" / "据报道", whatever the mark: regulators did
§2.4d), supervisory         not publish the rule itself
targets not yet published
(§2.4e, §2.4f)
R (recalled, no source)     never shown to users
==========================  =========================================================

A mixed mark ("V1/V2", "R/V3") follows its weaker *shown* part: R is never shown,
so "R/V3" is worded as V3 and "V1/R" as V1 (the recalled part must simply not be
said).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from types import MappingProxyType

from coach.errors import CoachError

__all__ = [
    "WORDING_BY_MARK",
    "Hedge",
    "Mark",
    "Wording",
    "parse_mark",
    "strongest",
    "weakest_shown",
    "wording",
]


class Mark(StrEnum):
    """A confidence mark of rules.md."""

    V1 = "V1"
    V2 = "V2"
    V3 = "V3"
    R = "R"
    C = "C"


class Hedge(StrEnum):
    """Why a statement is hedged whatever its mark."""

    NONE = "none"
    WINDOW_GUIDANCE = "window_guidance"  # regulators' verbal guidance (rules.md §2.4b, §2.4d)
    UNPUBLISHED_TARGET = "unpublished_target"  # supervisory targets not published (§2.4e-f)


class Wording(StrEnum):
    """How a statement is worded, strongest first."""

    STATE = "state"  # state it and cite the article
    PER_SOURCE = "per_source"  # state it with the kind and date of the source
    REPORTEDLY = "reportedly"  # "reportedly" / "据报道"
    NEVER = "never"  # not shown to users


#: The table: how a single mark is worded.
WORDING_BY_MARK: Mapping[Mark, Wording] = MappingProxyType(
    {
        Mark.V1: Wording.STATE,
        Mark.C: Wording.STATE,
        Mark.V2: Wording.PER_SOURCE,
        Mark.V3: Wording.REPORTEDLY,
        Mark.R: Wording.NEVER,
    }
)
_ORDER = tuple(Wording)  # strongest first


def parse_mark(text: str) -> tuple[Mark, ...]:
    """``"V1/V2"`` -> ``(Mark.V1, Mark.V2)``. Raises ``CoachError("mark.invalid")``."""
    try:
        parts = tuple(Mark(part.strip()) for part in text.split("/"))
    except ValueError:
        raise CoachError("mark.invalid", mark=text) from None
    return parts


def _rank(mark: Mark) -> int:
    return _ORDER.index(WORDING_BY_MARK[mark])


def weakest_shown(marks: Iterable[Mark]) -> Mark | None:
    """The weakest mark that may be shown (R never is); None when only R is left."""
    shown = [m for m in marks if m is not Mark.R]
    return max(shown, key=_rank) if shown else None


def strongest(marks: Iterable[Mark]) -> Mark:
    """The strongest of ``marks`` (V1 or C before V2, V2 before V3, V3 before R)."""
    return min(marks, key=_rank)


def wording(mark: str, hedge: Hedge = Hedge.NONE) -> Wording:
    """How a statement marked ``mark`` (e.g. ``"R/V3"``) is worded; see the module table.

    A hedge (window guidance, an unpublished target) makes any shown statement
    "reportedly". A mark made only of R is never shown.
    """
    shown = weakest_shown(parse_mark(mark))
    if shown is None:
        return Wording.NEVER
    words = WORDING_BY_MARK[shown]
    if hedge is not Hedge.NONE:
        return max(words, Wording.REPORTEDLY, key=_ORDER.index)
    return words
