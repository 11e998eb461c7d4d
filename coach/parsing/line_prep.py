"""A one-line ``/adddebt`` made ready to read (:mod:`coach.parsing.adddebt`): what a
phone runs together is set apart (花呗5000, 借1万到手9千分12期每期1000, dec15, 29.99 apr,
花呗欠8600), and what the line says about the debt as a whole is taken out of it: the
rate not known (利率不知道) and how long it is overdue (逾期20天).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from coach.parsing.overdue_span import read_overdue

__all__ = ["PreparedLine", "prepare_line"]


@dataclass(frozen=True, slots=True)
class PreparedLine:
    """``text`` to split into tokens; ``rate_unknown`` and ``overdue_since`` as said."""

    text: str
    rate_unknown: bool
    overdue_since: date | None


def prepare_line(text: str, today: date, *, is_part: Callable[[str], bool]) -> PreparedLine:
    """``text`` made ready to read. ``is_part(word)``: whether a word glued to an amount at
    the start opens a part of the line (a keyword, a rate), so it is no name to set apart."""
    text, rate_unknown = _rate_unknown(text)
    _days, since, text = read_overdue(text, today)
    return PreparedLine(_unglue(text, is_part), rate_unknown, since)


#: Where a phone runs two parts together: a keyword after an amount (借1万到手9千分12期每期
#: 1000), a name before its amount (花呗5000), a month before its day (dec15).
_AMOUNT_END = r"(?<=[0-9万千百元块期号日%])"
_GLUED_KEYWORD = re.compile(
    _AMOUNT_END + r"(?=实际到账|实际到手|到手|到账|每期|月供|每月还|分[0-9零一二两三四五六七八九十]+期"
    r"|最低|还款日|剩[0-9零一二两三四五六七八九十]+期|还剩|年化|日息|月息)")
#: An amount glued to a name: three digits or more, or with a unit (花呗5000, 借呗1.5万);
#: a name that ends in a small number (信用卡2, 贷款0) keeps it.
_GLUED_NAME = re.compile(
    r"^(?P<name>[^\s0-9¥$￥.,，]{2,20}?)"
    r"(?P<amount>[0-9]{3,}(?:[,.][0-9]+)*|[0-9][0-9,.]*(?:万|千|k|w))(?=\s|$)", re.IGNORECASE)
_GLUED_MONTH = re.compile(
    r"\b(?P<m>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)(?P<d>[0-9]{1,2})\b", re.IGNORECASE)


#: A rate said with "APR" but no percent sign: 29.99 apr, APR 18.
_APR_BEFORE = re.compile(r"\b(?P<k>apr:?\s*)(?P<n>[0-9]{1,3}(?:\.[0-9]+)?)(?=\s|$)", re.I)
_APR_AFTER = re.compile(r"(?:^|(?<=\s))(?P<n>[0-9]{1,3}(?:\.[0-9]+)?)(?P<k>\s*apr\b)", re.I)


_OTHER_RATE = re.compile(r"[%‰‱息率]|percent|百分之|年化|interest|free", re.I)


_OWE = re.compile(
    r"(?<=[^\s0-9])(?:还欠|欠了|欠款|欠)(?=\s*[0-9零一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾])"
    r"|\b(?:i\s+)?(?:owe|owes|owing)\b", re.IGNORECASE)


def _unglue(text: str, is_part: Callable[[str], bool]) -> str:
    """Spaces where a phone left none between two parts (see :data:`_GLUED_KEYWORD`):
    the name only when ``is_part`` says it opens no part (年化18% stays whole)."""
    text = _OWE.sub(" ", text)  # 花呗欠8600, capital one owe 1,850: a verb, not the name
    text = _GLUED_KEYWORD.sub(" ", text)
    text = _GLUED_MONTH.sub(lambda m: f"{m['m']} {m['d']}", text)
    if not _OTHER_RATE.search(text):  # one rate, said once: the first number by "APR"
        before, after = _APR_BEFORE.search(text), _APR_AFTER.search(text)
        if after is not None and (before is None or after.start() < before.start()):
            text = f"{text[:after.start()]}{after['n']}%{after['k']}{text[after.end():]}"
        elif before is not None:
            text = f"{text[:before.start()]}{before['k']}{before['n']}%{text[before.end():]}"
    m = _GLUED_NAME.match(text.lstrip())
    if m and not is_part(m["name"]):
        stripped = text.lstrip()
        text = f"{m['name']} {stripped[len(m['name']):]}"
    return text


_RATE_UNKNOWN = re.compile(
    r"(?:利率|利息|年化)\s*(?:不知道|不清楚|未知|不详|没说)|(?:不知道|不清楚)\s*(?:利率|利息|年化)"
    r"|\b(?:don'?t|do not|dunno)\s+know\s+(?:the\s+)?(?:rate|apr|interest)\b"
    r"|\b(?:rate|apr|interest)\s+(?:unknown|not known|idk)\b", re.IGNORECASE)


def _rate_unknown(text: str) -> tuple[str, bool]:
    """``利率不知道``, ``don't know the rate``: said, and taken out of the line."""
    found = _RATE_UNKNOWN.search(text)
    return (text, False) if found is None else (
        text[:found.start()] + " " + text[found.end():], True)
