"""Turning one answer of the /adddebt conversation into a new draft.

``choice`` is a tapped button's value (``skip``, ``unknown``, ``yes``...), ``text``
what the user typed. Misunderstood text raises :class:`ParseError`, so the bot
re-asks the same question with an example; the draft is unchanged.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from coach.debts import (
    DebtDraft,
    MinimumRule,
    minimum_to_dict,
    parse_instalments,
    parse_minimum,
    quoted_to_dict,
)
from coach.errors import ParseError
from coach.lenders import LenderType
from coach.parsing import parse_rate
from coach.parsing.due import parse_due
from coach.parsing.labelled import read_amount
from coach.parsing.past import parse_past_date
from coach.rates import RateKind

__all__ = ["BUREAU", "MAX_LENDER", "PURPOSES", "apply_answer", "with_received"]

MAX_LENDER = 60
BUREAU = ("yes", "no", "unknown")
PURPOSES = ("repay", "other")


def _lender(draft: DebtDraft, text: str) -> DebtDraft:
    name = " ".join(text.split())
    if not name or name.startswith("/"):
        raise ParseError("lender.invalid", text=text[:64])
    if len(name) > MAX_LENDER:
        raise ParseError("lender.too_long", max=MAX_LENDER)
    return draft.with_lender(name)


def _taken(draft: DebtDraft, text: str, today: date) -> DebtDraft:
    taken = parse_past_date(text, today=today, form="loan", allow_month=True, allow_day_of_month=False)
    return draft.answer("taken", taken_on=taken.on.isoformat(), taken_precision=taken.precision)


def _rate(draft: DebtDraft, text: str) -> DebtDraft:
    q = parse_instalments(text)
    if q is None:
        q = parse_rate(text)
    return draft.answer("rate", rate=quoted_to_dict(q), rate_unknown=False, rate_text=text.strip()[:100])


def _due(draft: DebtDraft, text: str, today: date) -> DebtDraft:
    due = parse_due(text, today=today, form="due")
    passed = None if due.passed is None else due.passed.isoformat()
    due_on = due.next_on.isoformat() if due.fixed else None
    return draft.answer("due", due_on=due_on, due_day=due.day_of_month, due_passed=passed)


def _amount(text: str) -> Decimal:
    """An amount, also with a label (``还款500``, ``欠 8,600``): the label is not needed."""
    return read_amount(text)


def with_received(draft: DebtDraft, received: Decimal) -> DebtDraft:
    """The draft of a loan of which only ``received`` arrived (an up-front fee, 砍头息).

    ``principal`` becomes the amount borrowed (the balance as typed, unless a principal
    was given); with a schedule of N payments of X the balance becomes what is still
    to pay, N x X, and the schedule's APR is on ``received`` (:meth:`DebtDraft.cost`).
    Receiving the whole balance (or more) is no fee: the draft is unchanged.
    Example: borrowed 10,000, received 9,000, 12 x 1,000 -> balance 12,000.
    """
    principal = draft.principal_value or draft.balance_value
    if principal is None or received >= principal:
        return draft.answer("received", received=None, principal=None)
    new = draft.answer("received", received=str(received), principal=str(principal))
    q = new.quoted
    if q is not None and q.kind is RateKind.INSTALMENTS and q.payment and q.instalments:
        new = new.answer("balance", balance=str(q.payment * q.instalments))
    return new


def _received(draft: DebtDraft, text: str | None, choice: str | None) -> DebtDraft:
    if choice == "all":
        return draft.answer("received", received=None, principal=None)
    amount = _amount(text or "")
    balance = draft.principal_value or draft.balance_value
    if balance is not None and amount > balance:
        raise ParseError("received.more_than_borrowed", text=(text or "")[:64])
    return with_received(draft, amount)


#: Words an answer may open (or end) with that restate its question: 罚息日息万五 at
#: "penalty interest?", 每月还1100 at "minimum?", since nov 5, 从11月5号开始.
_RESTATED: dict[str, tuple[re.Pattern[str], ...]] = {
    "penalty": (re.compile(r"^(?:罚息(?:利率)?(?:是|为)?|penalty(?:\s+(?:rate|apr|interest))?"
                           r"(?:\s+is)?)\s*[:：]?\s*", re.I),),
    "minimum": (re.compile(r"^(?:每月(?:最低)?(?:要还|应还|还款?)?|每期(?:要还|应还|还款?)?|月供"
                           r"|min(?:imum)?(?:\s+payment)?(?:\s+is)?)\s*[:：]?\s*", re.I),),
    "overdue_since": (re.compile(r"^(?:自从|从|自|since|from)\s*", re.I),
                      re.compile(r"\s*(?:开始(?:逾期)?|起(?:逾期)?|逾期的?|就没还了?|没还)$")),
    "balance": (re.compile(r"^(?:一共欠|总共欠|还欠|欠了?|余额|balance(?:\s+is)?|i\s+owe|owe)"
                           r"\s*[:：]?\s*", re.I),),
    "overdue_amount": (re.compile(r"^(?:逾期了?|overdue)\s*[:：]?\s*", re.I),),
    "rate": (re.compile(r"^(?:利率(?:是|为)?|rate(?:\s+is)?)\s*[:：]?\s*", re.I),),
}


#: Words that make an amount a monthly payment (每月还1100, 1100 a month), never a balance.
_MONTHLY = re.compile(r"每月|每个月|月供|每期|一个月|/\s*月|a month|per month|monthly|/\s*mo\b", re.I)


def _restated(step: str, text: str) -> str | None:
    """``text`` without the words that restate the question of ``step``, or None when
    it has none."""
    out = text.strip()
    for pattern in _RESTATED.get(step, ()):
        out = pattern.sub("", out)
    return out if out and out != text.strip() else None


def apply_answer(
    draft: DebtDraft, step: str, *, today: date, text: str | None = None, choice: str | None = None
) -> DebtDraft:
    """Apply one answer; raise ParseError (draft unchanged) when it can't be understood.
    An answer that restates its question first (``罚息日息万五``, ``每月还1100``, ``since
    nov 5``) is read without those words when it doesn't read as it is."""
    try:
        return _apply(draft, step, today=today, text=text, choice=choice)
    except ParseError:
        plain = None if text is None else _restated(step, text)
        if plain is None:
            raise
        try:
            return _apply(draft, step, today=today, text=plain, choice=choice)
        except ParseError:
            pass
        raise


def _apply(
    draft: DebtDraft, step: str, *, today: date, text: str | None = None, choice: str | None = None
) -> DebtDraft:
    if choice == "skip":
        return draft.answer(step)
    if step == "lender":
        return _lender(draft, text or choice or "")
    if step == "type":
        if choice not in {t.value for t in LenderType}:
            raise ParseError("choice.tap_a_button")
        return draft.answer("type", lender_type=choice)
    if step == "taken":
        if choice == "unknown":
            return draft.answer("taken", taken_on=None, taken_precision="unknown")
        if choice == "this_month":
            return draft.answer("taken", taken_on=today.replace(day=1).isoformat(), taken_precision="month")
        return _taken(draft, text or "", today)
    if step == "balance":
        if _MONTHLY.search(text or ""):  # 每月还1100 is a payment, not what is owed
            raise ParseError("balance.looks_monthly", text=(text or "")[:64])
        return draft.answer("balance", balance=str(_amount(text or "")))
    if step == "rate":
        if choice == "unknown":
            return draft.answer("rate", rate=None, rate_unknown=True, rate_text=None)
        return _rate(draft, text or "")
    if step == "received":
        return _received(draft, text, choice)
    if step == "minimum":
        if choice == "none":
            return draft.answer("minimum", minimum=minimum_to_dict(MinimumRule("none")))
        return draft.answer("minimum", minimum=minimum_to_dict(parse_minimum(text or "")))
    if step == "due":
        return _due(draft, text or "", today)
    if step == "overdue":
        if choice not in ("yes", "no"):
            raise ParseError("choice.tap_a_button")
        if choice == "no":
            return draft.answer("overdue", overdue=False, overdue_since=None, overdue_amount=None,
                                penalty=None, fees=None).answer("overdue_since").answer(
                "overdue_amount").answer("penalty")
        return draft.answer("overdue", overdue=True)
    if step == "overdue_since":
        since = parse_past_date(text or "", today=today, form="since")
        return draft.answer("overdue_since", overdue_since=since.on.isoformat())
    if step == "overdue_amount":
        if choice == "all":
            return draft.answer("overdue_amount", overdue_amount=draft.balance)
        amount = _amount(text or "")
        if draft.balance_value is not None and amount > draft.balance_value:
            raise ParseError("overdue.more_than_balance", text=(text or "")[:64])
        return draft.answer("overdue_amount", overdue_amount=str(amount))
    if step == "penalty":
        return draft.answer("penalty", penalty=quoted_to_dict(parse_rate(text or "")))
    if step == "bureau":
        if choice not in BUREAU:
            raise ParseError("choice.tap_a_button")
        return draft.answer("bureau", bureau=choice)
    if step == "purpose":
        if choice not in PURPOSES:
            raise ParseError("choice.tap_a_button")
        return draft.answer("purpose", purpose=choice)
    raise ParseError("choice.tap_a_button")
