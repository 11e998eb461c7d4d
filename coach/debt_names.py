"""Which recorded debts a name means: the same name up to case and width, one platform
under another of its names, or a name that contains it (for /paid's lookup)."""

from __future__ import annotations

import unicodedata

from coach.lenders import find_platform
from coach.records import Debt

__all__ = ["find_debts", "same_lender", "same_name"]


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()


def same_name(debts: list[Debt], name: str) -> list[Debt]:
    """Debts whose lender is ``name`` up to case and width (ＶＩＳＡ = visa = Visa)."""
    key = _fold(name)
    return [d for d in debts if _fold(d.lender) == key]


def same_lender(debts: list[Debt], name: str) -> list[Debt]:
    """Debts that are likely the lender ``name`` names: the same name (:func:`same_name`),
    or one named platform under another of its names (蚂蚁花呗 = 花呗). A kind of product
    (信用卡, Visa) names no one lender: two cards are not the same debt."""
    platform = find_platform(name)
    if platform is None or (platform.lender is None and platform.operator is None):
        return same_name(debts, name)
    key = _fold(name)
    return [d for d in debts if _fold(d.lender) == key
            or ((p := find_platform(d.lender)) is not None and p.key == platform.key)]


def find_debts(debts: list[Debt], name: str) -> list[Debt]:
    """Debts whose lender matches ``name``: exact first (:func:`same_name`), else contains."""
    key = _fold(name)
    return same_name(debts, name) or [d for d in debts if key and key in _fold(d.lender)]
