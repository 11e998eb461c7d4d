"""Mask card, account and ID numbers in free text before it is logged or stored.

``mask_numbers(text)`` replaces each number that looks like a card number, a
bank account or an identity number by ``**** `` and its last four characters
(``**** 1234``; a mainland ID ending in X keeps it: ``**** 123X``). Everything
else is left exactly as written, so the text still reads naturally.

What is masked (digits may be ASCII or full-width):

- a run of **15 or more** digits written without separators (15-19 digit card
  and account numbers, a 15-digit old-style ID, an 18-digit ID, and any longer
  reference number: no amount the coach accepts has 15 digits, its cap being
  10^12), or 17 digits followed by ``X`` (a mainland ID);
- grouped card and ID numbers, the whole chain of groups separated by single
  spaces or hyphens: ``4-4-4-4`` with an optional fifth group of 1-4 digits
  (16-20 digits: ``6222 0212 3456 7890 123``), ``4-6-5`` (American Express) and
  ``6-8-4`` (an ID written ``110101 19900101 123X``);
- a US Social Security number ``123-45-6789`` (or ``123 45 6789``).

What is kept, on purpose:

- phone numbers: an 11-digit mainland mobile (``13812345678``, ``138 1234 5678``,
  ``+86 138-1234-5678``), ``0086`` followed by one (15 digits), and US 10-digit
  numbers (``(415) 555-1234``, ``415-555-1234``). The contact log needs the
  number that called;
- amounts with thousands separators or decimals (``15,000.00``, ``1,234,567``);
- anything already masked (``**** 1234``, ``****1234``, ``尾号1234``), so masking
  is idempotent, and no digit run ever gets longer.

A chain of groups that fits none of the shapes above (``138 1234 5678 500``) is
left alone: guessing would hide amounts. Pure; never raises on a ``str``.
"""

from __future__ import annotations

import re

__all__ = ["MASK", "mask_numbers"]

#: What replaces the hidden digits; the last four characters follow it.
MASK = "**** "

_D = "[0-9０-９]"
_SEP = "[ \\-－]"
# A maximal chain of digit groups joined by single separators, not starting right
# after a digit, a mask star or our own "**** " (so a second pass sees the same
# chains as the first and leaves its output alone).
_CHAIN = re.compile(
    rf"(?<![0-9０-９])(?<!\*\*\*\* )(?<![0-9０-９]{_SEP})"
    rf"{_D}+(?:{_SEP}{_D}+)*(?:[xXｘＸ](?![0-9０-９A-Za-z]))?"
)
_GROUP = re.compile(rf"{_D}+[xXｘＸ]?")
_LONG_RUN = 15
_ID_CORE = 17


def _is_phone_run(digits: str) -> bool:
    """``0086`` + an 11-digit mobile: the only 15-digit run that is kept."""
    return len(digits) == 15 and digits.startswith("0086") and digits[4] == "1"


def _shape(groups: list[str]) -> tuple[int, ...]:
    return tuple(len(g) for g in groups)


def _grouped_number(groups: list[str], seps: list[str]) -> bool:
    """Whether a whole chain of several groups is a card, ID or SSN."""
    shape = _shape(groups)
    id_tail = groups[-1][-1:] in ("x", "X", "ｘ", "Ｘ")
    digits_only = [g.rstrip("xXｘＸ") for g in groups]
    dshape = _shape(digits_only)
    if id_tail:
        return dshape == (6, 8, 3)
    if shape[:4] == (4, 4, 4, 4) and len(shape) in (4, 5):
        return True
    if shape in ((4, 6, 5), (6, 8, 4)):
        return True
    # SSN: the same separator twice.
    return shape == (3, 2, 4) and seps[0] == seps[1]


def _last4(group: str) -> str:
    return group[-4:]


def _mask_chain(chain: str) -> str:
    groups = _GROUP.findall(chain)
    seps = re.findall(_SEP, chain)
    if len(groups) > 1 and _grouped_number(groups, seps):
        return MASK + _last4("".join(groups))
    # Otherwise only long groups are masked, one by one; the rest stays as written.
    out: list[str] = []
    for i, group in enumerate(groups):
        digits = group.rstrip("xXｘＸ")
        is_id = len(group) == _ID_CORE + 1 and group != digits
        if (len(digits) >= _LONG_RUN and group == digits and not _is_phone_run(digits)) or is_id:
            out.append(MASK + _last4(group))
        else:
            out.append(group)
        if i < len(seps):
            out.append(seps[i])
    return "".join(out)


def mask_numbers(text: str) -> str:
    """``text`` with card, account, ID and SSN numbers masked (see the module doc).

    ``"卡号6222021234567890123"`` -> ``"卡号**** 0123"``;
    ``"SSN 123-45-6789"`` -> ``"SSN **** 6789"``; ``"13812345678"`` unchanged.
    Raises ``TypeError`` for a non-``str``; never anything for a ``str``.
    """
    if not isinstance(text, str):
        raise TypeError(f"expected str, not {type(text).__name__}")
    return _CHAIN.sub(lambda m: _mask_chain(m.group()), text)
