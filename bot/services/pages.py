"""One page of a long list: /debts, /reminders, a debt's payments (and the contact log).

A service returns a :class:`Page` of its items; the handler renders the items and the
Previous / Next buttons (handlers/pager.py). Pages are numbered from 0; a number past
the end gives the last page (a list that shrank since the button was sent), a negative
one the first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

__all__ = ["Page", "page_of"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """``items`` of page ``number`` (0-based) of ``pages``; ``total`` items in the list,
    the first of this page being item ``start`` (0-based, for numbering lines)."""

    items: tuple[T, ...]
    number: int
    pages: int
    total: int
    start: int

    @property
    def has_previous(self) -> bool:
        return self.number > 0

    @property
    def has_next(self) -> bool:
        return self.number + 1 < self.pages

    def numbered(self) -> list[tuple[int, T]]:
        """``(n, item)`` with n counting from 1 over the whole list."""
        return [(self.start + i + 1, item) for i, item in enumerate(self.items)]


def page_of(items: Sequence[T], number: int, size: int) -> Page[T]:
    """Page ``number`` of ``items``, ``size`` per page (``size`` >= 1).

    ``page_of(range(25), 2, 10)`` -> items 20..24, page 2 of 3. An empty list is one
    empty page.
    """
    if size < 1:
        raise ValueError("a page holds at least one item")
    total = len(items)
    pages = max(1, -(-total // size))
    number = min(max(number, 0), pages - 1)
    start = number * size
    return Page(tuple(items[start : start + size]), number, pages, total, start)
