"""Whose rules apply: the user's region setting, never their language.

A user picks a region in /start or /settings (stored as ``"cn"``, ``"us"`` or
``"other"``). Chinese rules (rules.md §1-§6) are for mainland China, US rules
(rules.md §7) for the United States; anywhere else, and while no region is set,
the coach gives figures and general guidance without a legal verdict, because
the rules differ where the user lives.
"""

from __future__ import annotations

from enum import StrEnum

from coach.errors import CoachError

__all__ = ["Region", "region_of"]


class Region(StrEnum):
    """Whose rules apply. Values are upper case (``"CN"``), as stored in old facts."""

    CN = "CN"
    US = "US"
    OTHER = "OTHER"  # elsewhere, or not set yet: no verdicts, general guidance only

    @property
    def code(self) -> str:
        """The stored setting and the key in catalogs and buttons: ``cn | us | other``."""
        return self.value.lower()

    @property
    def has_verdicts(self) -> bool:
        """Whether rate verdicts (mainland-China caps) apply."""
        return self is Region.CN


def region_of(setting: Region | str | None) -> Region:
    """The region of a stored setting: ``"cn"`` -> CN, ``"us"`` -> US, ``"other"`` or
    ``None`` (not set yet) -> OTHER; case-insensitive.

    Raises ``CoachError("region.unsupported", region=...)`` for anything else, so a
    typo in stored data is not silently read as "elsewhere".
    """
    if setting is None:
        return Region.OTHER
    try:
        return Region(str(setting).upper())
    except ValueError:
        raise CoachError("region.unsupported", region=str(setting)) from None
