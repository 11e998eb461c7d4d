"""The one pager: Previous / Next buttons and a page title for every long list.

A service returns a :class:`bot.services.pages.Page`; the handler renders its items
and adds :func:`nav_row` (built from the list's own button kind, so a tap carries the
page number it asks for). /debts, /reminders and a debt's payment history use it; the
contact log will too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.i18n import t
from bot.services.pages import Page
from handlers.callback_data import Cb
from handlers.conversation import Button

__all__ = ["nav_row", "page_title"]


def nav_row(lang: str, page: Page[Any], kind: Cb | Callable[[int], str]) -> list[Button]:
    """◀ Previous / Next ▶ for ``page`` (empty when the list fits on one page).

    ``kind`` builds a button's data from a page number: a :class:`Cb` with one field
    (``DEBTS_PAGE``) or a function (``lambda n: DEBT_PAYMENTS(debt_id, n)``).
    """
    if page.pages <= 1:
        return []
    data = kind if not isinstance(kind, Cb) else kind.__call__
    row: list[Button] = []
    if page.has_previous:
        row.append((t(lang, "btn.page_previous"), data(page.number - 1)))
    if page.has_next:
        row.append((t(lang, "btn.page_next"), data(page.number + 1)))
    return row


def page_title(lang: str, key: str, page: Page[Any]) -> str:
    """The list's title, with "page 2 of 5" when there is more than one page."""
    title = t(lang, key)
    if page.pages <= 1:
        return title
    sep = "" if lang == "zh_CN" else " "  # （第1/2页） carries its own space
    return title + sep + t(lang, "pager.of", page=page.number + 1, pages=page.pages,
                           total=page.total)
