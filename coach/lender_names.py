"""Which lender a free text names: banks and issuers (``coach/data/institutions.json``)
and the products of :data:`coach.lenders.KNOWN_PLATFORMS`.

Data, not advice: the names only pre-fill a field the user confirms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from coach.freetext import load_data
from coach.lenders import KNOWN_PLATFORMS

__all__ = ["LenderMention", "find_lender", "lender_by_service_number"]

#: Platform rows whose names are also ordinary words for people, not products.
_PEOPLE = frozenset({"private"})


@dataclass(frozen=True, slots=True)
class LenderMention:
    """A lender named in a text.

    ``name`` is the institution's name from the data (``"招商银行"`` for 招行,
    ``"American Express"`` for amex) or, for a product of ``KNOWN_PLATFORMS``,
    the words as typed (``"花呗"``, ``"credit card"``). ``platform`` is the
    ``KnownPlatform.key`` the text implies, when it implies one. ``generic`` is
    true for a kind of product rather than a named lender (信用卡, credit card,
    小贷, 朋友). ``start`` and ``end`` locate the name in the prepared text.
    """

    name: str
    platform: str | None
    start: int
    end: int
    generic: bool = False


@dataclass(frozen=True, slots=True)
class _Alias:
    pattern: re.Pattern[str]
    name: str | None  # None: show the text as typed
    platform: str | None
    length: int
    institution: bool
    word: bool  # also an everyday word: needs a capital or "card" after it


_PRODUCT_AFTER = re.compile(r"\s?(?:card|bank|account|credit)", re.IGNORECASE)


def _counts(alias: _Alias, s: str, m: re.Match[str]) -> bool:
    return not alias.word or s[m.start()].isupper() or bool(_PRODUCT_AFTER.match(s, m.end()))


def _compile(alias: str) -> re.Pattern[str]:
    escaped = re.escape(alias).replace(r"\ ", r"\s?")
    if alias[0].isascii() and alias[0].isalnum():
        escaped = r"(?<![a-z0-9])" + escaped
    if alias[-1].isascii() and alias[-1].isalnum():
        escaped += r"(?![a-z0-9])"
    return re.compile(escaped, re.IGNORECASE)


@cache
def _aliases() -> tuple[_Alias, ...]:
    data = load_data("institutions.json")
    words = {w.casefold() for w in data["word_aliases"]}
    out: list[_Alias] = []
    for row in data["institutions"]:
        for alias in row["aliases"]:
            word = alias.casefold() in words
            out.append(
                _Alias(_compile(alias), row["name"], row["platform"], len(alias), True, word)
            )
    for platform in KNOWN_PLATFORMS:
        for alias in platform.names:
            word = alias.casefold() in words
            out.append(_Alias(_compile(alias), None, platform.key, len(alias), False, word))
    return tuple(out)


@cache
def _service_numbers() -> dict[str, str]:
    rows = load_data("institutions.json")["institutions"]
    return {number: row["name"] for row in rows for number in row["service_numbers"]}


@cache
def _generic_platforms() -> frozenset[str]:
    return frozenset(p.key for p in KNOWN_PLATFORMS if p.operator is None)


def _tier(alias: _Alias) -> int:
    """0: a named product (花呗, 京东白条), 1: an institution, 2: a kind of product."""
    if alias.institution:
        return 1
    return 2 if alias.platform in _generic_platforms() else 0


def find_lender(s: str, *, people: bool = True) -> LenderMention | None:
    """The lender named in prepared text ``s``.

    A named product beats an institution, which beats a kind of product; then the
    longest name, then the first. ``"【微众银行】您的微粒贷..."`` -> 微粒贷;
    ``"招商银行信用卡"`` -> 招商银行 (platform ``credit_card``); ``"京东白条"`` ->
    京东白条 (platform ``jd``); ``"I owe amex 2300"`` -> American Express.
    With ``people=False`` the ``private`` row (朋友, 家人, friend ...) is skipped.
    """
    best: tuple[tuple[int, int, int], int, _Alias] | None = None
    hint: tuple[int, str | None] = (3, None)  # the product the text implies, by tier
    for alias in _aliases():
        if not people and alias.platform in _PEOPLE:
            continue
        m = next((m for m in alias.pattern.finditer(s) if _counts(alias, s, m)), None)
        if m is None:
            continue
        tier = _tier(alias)
        if tier != 1 and alias.platform not in _PEOPLE and tier < hint[0]:
            hint = (tier, alias.platform)
        rank = (tier, -alias.length, m.start())
        if best is None or rank < best[0]:
            best = (rank, m.end(), alias)
    if best is None:
        return None
    (tier, _, start), end, alias = best
    name = alias.name or s[start:end]
    platform = alias.platform or hint[1]
    return LenderMention(name, platform, start, end, generic=tier == 2)


def lender_by_service_number(number: str) -> str | None:
    """The institution that sends SMS from a short number: ``"95555"`` -> ``"招商银行"``."""
    return _service_numbers().get(number.strip())
