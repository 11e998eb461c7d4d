"""Money: one constructor for every number, cent rounding, lossless minor units.

DESIGN.md §4: money and rates are ``Decimal`` everywhere, never ``float``.
``D`` is the single way to make a number in the domain (the beancount habit):
it refuses floats outright, so a float cannot sneak in through a default or a
division in the caller.
"""

from __future__ import annotations

from decimal import (
    ROUND_CEILING,
    ROUND_FLOOR,
    ROUND_HALF_UP,
    Decimal,
    InvalidOperation,
    localcontext,
)
from enum import StrEnum

from coach.errors import CoachError

__all__ = [
    "CENT",
    "MAX_AMOUNT",
    "MINOR_DIGITS",
    "D",
    "MoneyError",
    "Rounding",
    "from_minor",
    "quantize_cents",
    "round_money",
    "to_minor",
]

#: Two decimals: both CNY (fen) and USD (cents).
MINOR_DIGITS = 2
CENT = Decimal("0.01")
#: The largest amount the coach accepts from a user (10^12, one trillion).
MAX_AMOUNT = Decimal(10**12)


class MoneyError(CoachError, ValueError):
    """A number that cannot be money (not finite, or finer than a cent)."""

    code = "number.invalid"


def D(value: str | int | Decimal) -> Decimal:
    """Build a finite ``Decimal`` from ``str``, ``int`` or ``Decimal``.

    ``float`` (and ``bool``) raise ``TypeError``: a float has already lost the
    digits we care about. NaN, infinities and unreadable strings raise
    ``MoneyError`` with code ``number.invalid`` and ``text``.
    """
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise TypeError(f"D() takes str, int or Decimal, not {type(value).__name__}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    else:
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise MoneyError("number.invalid", text=value[:64]) from None
    if not result.is_finite():
        raise MoneyError("number.invalid", text=str(value)[:64])
    return result


class Rounding(StrEnum):
    """The three ways the coach rounds money to the cent, each for one purpose.

    * ``SHOWN``: half-up (12.345 -> 12.35). Every figure shown to a user and every
      minimum or required payment: the usual commercial rounding.
    * ``SPLIT``: toward minus infinity (12.349 -> 12.34). Splitting a budget between
      debts or offers: the parts never add up to more than the whole.
    * ``CLEAR``: toward plus infinity (12.341 -> 12.35). An instalment that must clear a
      balance within a term: a cent short would leave a remainder.
    """

    SHOWN = "shown"
    SPLIT = "split"
    CLEAR = "clear"


_MODES = {
    Rounding.SHOWN: ROUND_HALF_UP,
    Rounding.SPLIT: ROUND_FLOOR,
    Rounding.CLEAR: ROUND_CEILING,
}


def round_money(value: Decimal | int | str, mode: Rounding = Rounding.SHOWN) -> Decimal:
    """Round an amount to 0.01 in one of the named modes (see :class:`Rounding`).

    This is the one place money is rounded. ``value`` goes through :func:`D` (no
    floats). Returns a ``Decimal`` with exactly two decimal places.
    """
    return D(value).quantize(CENT, rounding=_MODES[mode])


def quantize_cents(value: Decimal) -> Decimal:
    """Round to 0.01 half-up: ``round_money(value, Rounding.SHOWN)``."""
    return round_money(value, Rounding.SHOWN)


def to_minor(value: Decimal) -> int:
    """Convert an amount to integer minor units (fen or cents), losslessly.

    ``Decimal("5000.5")`` -> ``500050``. An amount with a non-zero digit
    beyond the cent raises ``MoneyError`` (code ``amount.too_many_decimals``,
    params ``max_decimals``) instead of silently rounding: storage must get
    back exactly what it was given.
    """
    amount = D(value)
    with localcontext() as ctx:
        ctx.prec = 60
        minor = amount.scaleb(MINOR_DIGITS)
    if minor != minor.to_integral_value():
        raise MoneyError("amount.too_many_decimals", max_decimals=MINOR_DIGITS)
    return int(minor)


def from_minor(minor: int) -> Decimal:
    """Convert integer minor units back to an amount with two decimals."""
    if isinstance(minor, bool) or not isinstance(minor, int):
        raise TypeError(f"from_minor() takes int, not {type(minor).__name__}")
    with localcontext() as ctx:
        ctx.prec = 60
        return Decimal(minor).scaleb(-MINOR_DIGITS)
