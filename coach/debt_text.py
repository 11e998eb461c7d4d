"""The fields of a debt or a payment told in one free sentence (zh-CN and en).

``read_debt_fields(s, today)`` reads ``花呗欠了8600，逾期20天``, ``借呗还欠3万 年化18%``,
``I owe Amex 2300``, ``信用卡欠5万 最低还款2500 每月10号`` into :class:`DebtFields`;
``read_payment_fields(s, today)`` reads ``刚还了花呗500`` / ``paid 200 to Visa`` into
:class:`PaymentFields`. ``s`` is prepared text (``coach.freetext.prepare``).

Each part is found by a labelled pattern, read by the public parsers of
``coach.parsing`` (``parse_rate``, ``parse_date``, ``parse_days``, ``parse_amount``
through ``coach.freetext.find_amounts``) and blanked out before the next part is
looked for, in this order: rate, minimum payment, due date, overdue time,
balance. The balance is the amount after a debt word (欠, owe, balance ...),
else the first amount left. Anything that does not parse is left out: these
are proposals the user confirms, never errors. Pure; never raises on a ``str``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from coach.errors import ParseError
from coach.freetext import AmountSpan, blank, find_amounts
from coach.lender_names import find_lender
from coach.parsing import DueDate, parse_date, parse_rate
from coach.parsing.overdue_span import read_overdue
from coach.rates import QuotedRate

__all__ = ["DebtFields", "PaymentFields", "read_debt_fields", "read_payment_fields"]

@dataclass(frozen=True, slots=True)
class DebtFields:
    """A debt as told in a sentence; every part may be ``None``.

    ``lender``: the name shown (``"花呗"``, ``"American Express"``, ``"张三"``);
    ``platform``: a ``coach.lenders`` KnownPlatform key; ``balance`` and
    ``min_payment``: ``Decimal``; ``currency``: ``"CNY"`` / ``"USD"`` when said;
    ``overdue_days`` and ``overdue_since`` (= today - overdue_days) come together;
    ``rate``: the quote as said; ``due``: a monthly due day or a date.
    """

    lender: str | None = None
    platform: str | None = None
    balance: Decimal | None = None
    currency: str | None = None
    overdue_days: int | None = None
    overdue_since: date | None = None
    rate: QuotedRate | None = None
    min_payment: Decimal | None = None
    due: DueDate | None = None

    @property
    def has_figures(self) -> bool:
        """Whether anything beyond the lender's name was found."""
        figures = (self.balance, self.overdue_days, self.rate, self.min_payment, self.due)
        return any(v is not None for v in figures)


@dataclass(frozen=True, slots=True)
class PaymentFields:
    """A payment as told: ``paid_on`` only when a day was said (刚/今天 -> today)."""

    lender: str | None = None
    platform: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    paid_on: date | None = None


_CN_SMALL = "零〇一二两三四五六七八九十"
_RATE_WORD = (
    r"(?:年化(?:利率)?|年利率|年息|月息|月利率|日息|日利率|日利息|利率|利息|费率|手续费"
    r"|apr|interest(?: rate)?|rate)"
)
_RATE_SPANS = (
    re.compile(
        rf"(?:{_RATE_WORD}\s?(?:是|为|:)?\s?)?"
        r"(?:[0-9]+(?:\.[0-9]+)?\s?(?:%|‰|‱|percent)|(?:百分之|千分之|万分之)[零一二两三四五六七八九十点]+)"
        r"(?:\s?(?:apr|a year|p\.?a\.?|annual(?:ly)?|per year|monthly|a month|per month"
        r"|daily|a day|per day|年化))?",
        re.IGNORECASE,
    ),
    re.compile(r"(?:日息|日利率|利息|利率|费率|息)\s?万[0-9一二三四五六七八九](?![0-9万千])"),
    re.compile(
        r"(?:年化(?:利率)?|年利率|年息|月息|月利率|apr)\s?[0-9]+(?:\.[0-9]+)?(?![0-9%.])", re.I
    ),
)
_MIN_LABEL = re.compile(
    r"(?:最低还款额?|最低还|最低|min(?:imum)?(?: payment| due| pmt)?)\s?(?:是|为|:)?\s?", re.I
)
_DUE_SPANS = (
    # (pattern, the group holding the date text)
    re.compile(rf"每个?月的?\s?[0-9{_CN_SMALL}]{{1,3}}\s?[号日]"),
    re.compile(
        rf"(?:还款日|到期日)(?:是|为|:)?\s?(?P<d>每个?月的?\s?)?(?P<v>[0-9{_CN_SMALL}]{{1,3}}\s?[号日]?)"
    ),
    re.compile(
        rf"(?P<v>[0-9{_CN_SMALL}]{{1,2}}\s?月\s?[0-9{_CN_SMALL}]{{1,3}}\s?[号日])\s?(?:前|之前)?\s?"
        r"(?:还款|还钱|到期|扣款|还)"
    ),
    re.compile(rf"(?P<v>[0-9{_CN_SMALL}]{{1,3}}\s?[号日])\s?(?:还款|还钱|到期|扣款|还)"),
    re.compile(
        r"(?:due|payment date)(?: date)?(?: is)?(?: on)?\s?(?P<v>(?:the )?[0-9]{1,2}(?:st|nd|rd|th)"
        r"(?: of (?:each|every|the) month)?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
        r"[a-z]*\.? [0-9]{1,2}(?:st|nd|rd|th)?)",
        re.I,
    ),
    re.compile(r"(?:every|each) month on the [0-9]{1,2}(?:st|nd|rd|th)", re.I),
)
_BALANCE_CUE = re.compile(
    r"欠款|还欠|欠了|欠|借了|贷了|贷款|总共|一共|还剩|剩下|剩|余额|本金|\bbalance\b|\bowe[sd]?\b"
    r"|\bborrowed\b|\bloan of\b|\bdebt of\b|\bowing\b",
    re.I,
)
_ZH_CREDITOR = re.compile(
    rf"欠(?!了|款|钱|债|着|下)(?P<who>[\u4e00-\u9fff]{{2,6}}?)(?:[0-9{_CN_SMALL}]|的钱)"
)
_EN_CREDITOR = re.compile(
    r"\bowe (?:my |the )?(?P<who>[a-z][a-z'.]*(?: [a-z][a-z'.]*){0,2}?) \$?[0-9]", re.I
)
_PAID_DAY = (
    (re.compile(r"前天|day before yesterday", re.I), -2),
    (re.compile(r"昨天|昨晚|yesterday|last night", re.I), -1),
    (re.compile(r"刚刚?|刚才|今天|今早|\btoday\b|\bjust\b|this morning", re.I), 0),
)


_USD = re.compile(r"\$|\busd\b|dollars?|bucks|美元|美金", re.I)
_CNY = re.compile(r"元|块|¥|人民币|\brmb\b|\bcny\b|\byuan\b", re.I)


def _currency(s: str) -> str | None:
    """The currency a text shows anywhere, when it shows only one."""
    usd, cny = _USD.search(s) is not None, _CNY.search(s) is not None
    return "USD" if usd and not cny else "CNY" if cny and not usd else None


def _rate(s: str) -> tuple[QuotedRate | None, str]:
    for pattern in _RATE_SPANS:
        for m in pattern.finditer(s):
            try:
                return parse_rate(m.group().strip()), blank(s, *m.span())
            except ParseError:
                continue
    return None, s


def _amount_after(s: str, end: int, amounts: list[AmountSpan]) -> AmountSpan | None:
    return next((a for a in amounts if end <= a.start <= end + 3), None)


def _min_payment(s: str) -> tuple[Decimal | None, str]:
    amounts = find_amounts(s)
    for m in _MIN_LABEL.finditer(s):
        if (a := _amount_after(s, m.end(), amounts)) is not None:
            return a.value, blank(s, m.start(), a.end)
    return None, s


def _due(s: str, today: date) -> tuple[DueDate | None, str]:
    for pattern in _DUE_SPANS:
        for m in pattern.finditer(s):
            raw = m.group("v") if "v" in pattern.groupindex else m.group()
            if "d" in pattern.groupindex and m.group("d"):
                raw = "每月" + raw
            try:
                return parse_date(raw.strip(), today=today), blank(s, *m.span())
            except ParseError:
                continue
    return None, s


def _balance(s: str) -> AmountSpan | None:
    amounts = find_amounts(s)
    if not amounts:
        return None
    for cue in _BALANCE_CUE.finditer(s):
        after = next((a for a in amounts if cue.end() <= a.start <= cue.end() + 14), None)
        if after is not None:
            return after
    return amounts[0]


def _lender(s: str) -> tuple[str | None, str | None]:
    mention = find_lender(s)
    if mention is not None:
        return mention.name, mention.platform
    if m := _ZH_CREDITOR.search(s):
        return m["who"], None
    if m := _EN_CREDITOR.search(s):
        return m["who"], None
    return None, None


def read_debt_fields(s: str, today: date) -> DebtFields:
    """The fields of a debt told in prepared text ``s`` (see the module doc).

    ``today`` is the user's local date: it dates ``逾期20天`` (overdue since today
    - 20 days) and a due date without a year (the next one).
    """
    lender, platform = _lender(s)
    rate, rest = _rate(s)
    minimum, rest = _min_payment(rest)
    due, rest = _due(rest, today)
    days, since, rest = read_overdue(rest, today)
    balance = _balance(rest)
    currency = balance.currency if balance and balance.currency else _currency(s)
    return DebtFields(
        lender=lender,
        platform=platform,
        balance=balance.value if balance else None,
        currency=currency,
        overdue_days=days,
        overdue_since=since,
        rate=rate,
        min_payment=minimum,
        due=due,
    )


def read_payment_fields(s: str, today: date, verb_end: int = 0) -> PaymentFields:
    """The fields of a payment told in prepared text ``s``: the lender, the amount
    (the first one after ``verb_end``, else the first one) and the day if said."""
    lender, platform = _lender(s)
    amounts = find_amounts(s)
    amount = next((a for a in amounts if a.start >= verb_end), amounts[0] if amounts else None)
    paid_on = next((today + timedelta(days=d) for p, d in _PAID_DAY if p.search(s)), None)
    return PaymentFields(
        lender=lender,
        platform=platform,
        amount=amount.value if amount else None,
        currency=amount.currency if amount and amount.currency else _currency(s),
        paid_on=paid_on,
    )
