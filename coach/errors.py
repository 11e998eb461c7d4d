"""Errors raised by the domain.

Every error carries a machine-readable ``code`` and ``params``. The bot renders
them from its message catalog (``error.<code>``); the domain never holds
user-facing text.
"""

from __future__ import annotations

from typing import Any


class CoachError(Exception):
    """Base error of the domain: a code plus parameters for the catalog."""

    code: str = "coach_error"

    def __init__(self, code: str | None = None, **params: Any) -> None:
        self.code = code or self.code
        self.params: dict[str, Any] = params
        super().__init__(f"{self.code} {params}" if params else self.code)


class ParseError(CoachError, ValueError):
    """User input that could not be understood; rendered with an example."""

    code = "parse_error"
