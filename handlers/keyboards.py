"""Inline keyboards. Button labels come from the catalog; data from callback_data.py."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

Button = tuple[str, str]


def keyboard(*rows: Sequence[Button]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(text, callback_data=data) for text, data in row] for row in rows if row]
    )


def columns(buttons: Sequence[Button], per_row: int = 2) -> list[list[Button]]:
    return [list(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row)]
