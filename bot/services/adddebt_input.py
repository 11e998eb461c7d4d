"""What /adddebt makes of its input: a one-line form as a draft, and the draft rules the
steps share (pure functions; bot/services/debts.py runs the conversation).

- :func:`quick_draft`: ``/adddebt Amex 2,300.50 24.99% APR due Nov 15 min 75`` read by
  :func:`coach.parsing.parse_adddebt_quick` into a :class:`coach.debts.DebtDraft`: the
  due date with the payment it may have missed (``due_passed``), the words not
  understood (``unparsed``, shown on the card), an up-front fee (``借10000，到手9000，
  分12期每期1000``), a schedule's payment as the minimum, and ``剩12期`` with a balance
  and a rate as the level instalment (:func:`coach.asks.level_instalment`);
- :func:`settle_passed`: a one-off (private) loan whose due date has passed is overdue
  since that date;
- :func:`chain_next`: the overdue questions not answered yet (a prefilled "since" date
  is not asked again).

Names typed by the user are masked (``coach.masking``) before they are kept.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from coach.asks import level_instalment
from coach.debt_answers import with_received
from coach.debts import DebtDraft, minimum_to_dict, quoted_to_dict
from coach.lenders import LenderType
from coach.masking import mask_numbers
from coach.parsing import AddDebtQuick, MinimumRule, parse_adddebt_quick
from coach.parsing.due import DueAnswer
from coach.rates import RateKind, quoted_to_apr

__all__ = ["OVERDUE_CHAIN", "chain_next", "due_fields", "quick_draft", "settle_passed",
           "with_schedule_minimum"]

OVERDUE_CHAIN = ("overdue", "overdue_since", "overdue_amount", "penalty")


def due_fields(due: DueAnswer) -> dict[str, object]:
    """The draft fields of a due-date answer (the guided step stores the same)."""
    return {"due_on": due.next_on.isoformat() if due.fixed else None,
            "due_day": due.day_of_month,
            "due_passed": None if due.passed is None else due.passed.isoformat()}


def with_schedule_minimum(draft: DebtDraft) -> DebtDraft:
    """A schedule (12x1000) answers the minimum too: each instalment is the payment."""
    q = draft.quoted
    if "minimum" in draft.answered or q is None or q.kind is not RateKind.INSTALMENTS:
        return draft
    assert q.payment is not None
    return draft.answer("minimum", minimum=minimum_to_dict(MinimumRule("fixed", amount=q.payment)))


def _level(draft: DebtDraft, left: int) -> DebtDraft:
    """剩12期 with a balance and a rate: the level instalment that clears it in time."""
    q, balance = draft.quoted, draft.balance_value
    if q is None or balance is None or q.kind is RateKind.INSTALMENTS or "minimum" in draft.answered:
        return draft
    payment = level_instalment(balance, quoted_to_apr(q), left)
    return draft.answer("minimum", minimum=minimum_to_dict(MinimumRule("fixed", amount=payment)))


def quick_draft(text: str, token: str, today: date) -> DebtDraft:
    """The draft of a one-line /adddebt (raises the parser's ParseError)."""
    parsed: AddDebtQuick = parse_adddebt_quick(text, today=today)
    draft = DebtDraft(token=token, mode="quick",
                      unparsed=tuple(mask_numbers(w) for w in parsed.unparsed))
    if parsed.lender:
        draft = draft.with_lender(mask_numbers(parsed.lender)[:60])
    balance = parsed.balance if parsed.balance is not None else parsed.principal
    if balance is None and parsed.schedule is not None and parsed.received is None:
        # 12x1060 alone: what is owed is the schedule left (its interest inside; the card
        # says so and how to get the real rate), never asked as if unknown.
        balance = parsed.schedule.payment * parsed.schedule.instalments
    if balance is not None:
        draft = draft.answer("balance", balance=str(balance))
    if parsed.principal is not None and parsed.balance is not None:
        draft = draft.answer("balance", principal=str(parsed.principal))
    if parsed.rate is not None:
        draft = draft.answer("rate", rate=quoted_to_dict(parsed.rate), rate_unknown=False,
                             rate_text=None)
    if parsed.min_payment is not None:
        draft = draft.answer("minimum", minimum=minimum_to_dict(parsed.min_payment))
    if parsed.due_answer is not None:
        draft = draft.answer("due", **due_fields(parsed.due_answer))
    if parsed.received is not None:
        draft = with_received(draft, parsed.received)
    if parsed.rate_unknown and parsed.rate is None:  # 利率不知道: not asked again
        draft = draft.answer("rate", rate=None, rate_unknown=True, rate_text=None)
    if parsed.overdue_since is not None:  # 逾期20天: overdue since then; how much is asked
        draft = (draft.answer("overdue", overdue=True)
                 .answer("overdue_since", overdue_since=parsed.overdue_since.isoformat()))
    if parsed.instalments_left is not None and parsed.schedule is None:
        draft = _level(draft, parsed.instalments_left)
        if "minimum" not in draft.answered:
            draft = replace(draft, instalments_left=parsed.instalments_left)
    return with_schedule_minimum(draft)


def settle_passed(draft: DebtDraft) -> DebtDraft:
    """A private loan given a due date that has passed: one-off, overdue since that date.

    (A monthly debt asks instead whether that payment was made.)
    """
    if (draft.type_value is not LenderType.PRIVATE or draft.due_passed is None
            or draft.overdue is not None):
        return draft
    passed = draft.due_passed
    return (draft.answer("due", due_on=passed, due_day=None)
            .answer("overdue", overdue=True)
            .answer("overdue_since", overdue_since=passed))


def chain_next(draft: DebtDraft) -> str | None:
    """The next overdue question not answered yet, for an overdue draft (else None). What
    is owed comes first when it isn't known: "all of it is overdue" needs it."""
    if draft.overdue is not True:
        return None
    if draft.balance is None and "balance" not in draft.answered:
        return "balance"
    return next((s for s in OVERDUE_CHAIN[1:] if s not in draft.answered), None)
