"""Builders for the story, agenda and what-if tests: one debt from its terms, its
statement and its payments, the way the services will build it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from coach.billing import Instalments, Payment, Stated, Terms, billing_state
from coach.debts import MinimumRule
from coach.lenders import LenderType
from coach.story import StoryDebt, StoryInput

D = Decimal


def at(d: date, hour: int = 12) -> datetime:
    return datetime(d.year, d.month, d.day, hour)


def story_debt(
    id_: str,
    balance: str,
    apr: str,
    today: date,
    *,
    lender: LenderType | str = LenderType.UNKNOWN,
    due_day: int | None = 10,
    minimum: str | None = None,
    percent: str | None = None,
    instalments: tuple[int, str] | None = None,
    overdue: str = "0",
    since: date | None = None,
    stated_on: date | None = None,
    payments: Sequence[tuple[date, str]] = (),
    penalty: str | None = None,
) -> StoryDebt:
    """A debt recorded on ``stated_on`` (default: the 1st of today's month) with
    ``overdue`` stated then; ``payments`` are (date paid, amount), recorded the same day
    after the statement; ``balance`` is today's (after them)."""
    stated_on = stated_on or today.replace(day=1)
    rule = None
    if minimum is not None:
        rule = MinimumRule("fixed", amount=D(minimum))
    elif percent is not None:
        rule = MinimumRule("percent", percent=D(percent))
    plan = None
    if instalments is not None:
        plan = Instalments(instalments[0], D(instalments[1]), stated_on)
    penalty_apr = None if penalty is None else D(penalty)
    terms = Terms(D(balance), due_day, None, rule, plan, penalty_apr)
    stated = Stated(D(overdue), since, stated_on, at(stated_on, 9))
    paid = [Payment(on, D(a), at(max(on, stated_on), 20)) for on, a in payments]
    state = billing_state(terms, stated, paid, today)
    return StoryDebt(
        id=id_,
        lender_type=LenderType(lender),
        contract_apr=D(apr),
        billing=state,
        minimum=rule,
        instalment=None if plan is None else plan.payment,
        penalty_apr=penalty_apr,
    )


def story_input(
    debts: Sequence[StoryDebt],
    money: str,
    today: date,
    *,
    region: str | None = "cn",
    strategy: str = "overdue_first",
    savings: str = "0",
) -> StoryInput:
    return StoryInput(tuple(debts), D(money), strategy, today, region, savings=D(savings))
