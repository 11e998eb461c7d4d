"""One story for every screen: what is overdue now, what is short each month, how it ends,
and what to pay this month, from one run of the planner on the billing states.

Every screen (summary, chart caption, what-ifs, compare, agenda, nudges, /debts) reads
these figures from a :class:`Story` and never recomputes them, so they cannot disagree:

* ``overdue``: the arrears now (:attr:`Plan.arrears`: each debt's unpaid items and the
  penalty on them, :mod:`coach.billing`), a one-off, with the earliest unpaid due date;
* ``gap``: this cycle's required payments minus the plan money a month
  (:attr:`Plan.monthly_gap`), never including the arrears, and never changed by a one-off;
* ``ending``: ``ends`` (debt-free month), ``never_ends`` (with the monthly interest, what
  the plan pays and the growth) or ``too_long``;
* ``actions``: per debt, this month's steps as data ("$300 overdue since Feb 10: pay as
  soon as you can; then $150 by Apr 10" is ``overdue_now`` then ``by_date``);
* ``headline``: the catalog code that says it in one line (``plan.story.*``);
* ``agenda``: what to ask each lender when the plan is not feasible (:mod:`coach.agenda`).

The debts enter as :class:`StoryDebt` (terms + billing state); :func:`plan_debt` and
:func:`ask_debt` turn each into what the planner and the agenda read, the same way for
both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from coach.agenda import Negotiation, negotiate
from coach.asks import AskDebt
from coach.billing import BillingState
from coach.budget import month_label
from coach.debts import MinimumRule
from coach.lenders import LenderType
from coach.parsing.calendar import add_months
from coach.planner import DebtId, Growth, Plan, PlanDebt, simulate

__all__ = [
    "DebtActions",
    "Ending",
    "Overdue",
    "Step",
    "Story",
    "StoryDebt",
    "StoryInput",
    "ask_debt",
    "first_month",
    "plan_debt",
    "tell",
]

_ZERO = Decimal(0)
Params = Mapping[str, Decimal | date | int | str]


@dataclass(frozen=True)
class StoryDebt:
    """One debt for the story: its terms and its billing state today.

    ``contract_apr``: the APR (fraction); ``penalty_apr``: charged while in arrears (None:
    none known). ``minimum``: the rule after this cycle; ``instalment``: the fixed
    payment of an instalment schedule (wins over ``minimum``). ``fees``: stated fees.
    ``schedule_balance``: the balance is the schedule's payments left, interest included
    (a loan of which less arrived than was borrowed, 砍头息: 12 x ¥1,000 = ¥12,000 for
    ¥9,000 received), so it is planned without interest on top, unless a penalty runs
    on its arrears. ``apr_assumed``: the user never gave the rate; ``contract_apr`` is
    an assumption, and every screen says so. ``received``: the money that arrived when
    less was received than borrowed (else None).
    """

    id: DebtId
    lender_type: LenderType
    contract_apr: Decimal
    billing: BillingState
    minimum: MinimumRule | None = None
    instalment: Decimal | None = None
    penalty_apr: Decimal | None = None
    fees: Decimal = _ZERO
    schedule_balance: bool = False
    apr_assumed: bool = False
    received: Decimal | None = None

    @property
    def planning_apr(self) -> Decimal:
        """The APR the plan charges on the whole balance: the contract APR (0 for a
        ``schedule_balance``, whose interest is in the schedule), and while in arrears,
        penalty interest on the overdue part only, as the card counts it
        (:func:`coach.overdue.penalty_accrued`): the blend
        ``(base x (B - A) + penalty x A) / B``. ¥10,320 with ¥1,720 overdue, 24% and a
        36.5% penalty: (0.24 x 8,600 + 0.365 x 1,720) / 10,320 = 26.08%, never 36.5% on
        all of it. One rate for the whole plan: as the arrears are paid the true blend
        falls, so the plan's interest is an upper bound."""
        base = _ZERO if self.schedule_balance else self.contract_apr
        p, owed, unpaid = self.penalty_apr, self.billing.balance, self.billing.arrears.unpaid
        if unpaid <= 0 or p is None or p <= base or owed <= 0:
            return base
        overdue = min(unpaid, owed)
        return (base * (owed - overdue) + p * overdue) / owed


def plan_debt(d: StoryDebt) -> PlanDebt:
    """The debt as the planner reads it: the balance (plus the penalty accrued on the
    arrears), the arrears as ``overdue``, this cycle's remaining as ``cycle_due``."""
    arrears = d.billing.arrears
    minimum = d.instalment
    percent = floor = None
    rule = d.minimum
    if minimum is None and rule is not None:
        if rule.kind == "fixed":
            minimum = rule.amount
        elif rule.kind == "percent":
            percent, floor = rule.percent, rule.floor
    cycle = d.billing.cycle
    return PlanDebt(
        id=d.id,
        name=str(d.id),
        balance=d.billing.owed,
        apr=d.planning_apr,
        minimum=minimum,
        min_percent=percent,
        min_floor=floor or _ZERO,
        overdue=arrears.total,
        cycle_due=None if cycle is None else cycle.remaining,
    )


def ask_debt(d: StoryDebt) -> AskDebt:
    """The debt as the agenda reads it: the same balance and arrears as :func:`plan_debt`.
    A ``schedule_balance`` (12 x ¥1,000 left for ¥9,000 received) already holds its
    interest: its asks spread what is left at 0% on top (``schedule``), so the lender is
    never asked for more than the contract's payments (36 months at the 56.75% APR on the
    principal would be 36 x ¥525.16 = ¥18,906 for ¥12,000 owed)."""
    arrears = d.billing.arrears
    cycle = d.billing.cycle
    return AskDebt(
        id=d.id,
        lender_type=d.lender_type,
        balance=d.billing.owed,
        contract_apr=_ZERO if d.schedule_balance else d.contract_apr,
        arrears=arrears.total,
        arrears_since=arrears.since,
        cycle_due=_ZERO if cycle is None else cycle.remaining,
        penalty_apr=d.penalty_apr,
        fees=d.fees,
        apr_assumed=d.apr_assumed,
        schedule=d.schedule_balance,
        received=d.received,
    )


def first_month(states: Sequence[BillingState], today: date) -> date:
    """The first day of the calendar month that plan month 1 stands for: this month,
    unless nothing is overdue and every next due date falls in a later month (it is the
    28th and everything is due on the 10th), then the month of the earliest one."""
    this_month = today.replace(day=1)
    if any(s.arrears.unpaid > 0 for s in states):
        return this_month
    dues = [s.next_due for s in states if s.balance > 0]
    if not dues or any(d is None or d < add_months(this_month, 1) for d in dues):
        return this_month
    return add_months(this_month, 1)


@dataclass(frozen=True)
class StoryInput:
    """What the story is told from. ``money``: plan money a month (may be negative).
    ``start``: month 1's first day (None: :func:`first_month`). ``lump_sums``: extra
    money by plan month (a what-if). ``savings``: money the user could raise once
    (settlement offers). ``region``: the user's region (``cn``, ``us``, ``other``)."""

    debts: tuple[StoryDebt, ...]
    money: Decimal
    strategy: str
    today: date
    region: str | None = None
    order: tuple[DebtId, ...] | None = None
    start: date | None = None
    lump_sums: Mapping[int, Decimal] = field(default_factory=dict)
    savings: Decimal = _ZERO


@dataclass(frozen=True)
class Overdue:
    """What is overdue now: ``amount`` (penalty included), since the earliest unpaid due
    date, ``detected`` when some of it was found by the bot (not stated by the user)."""

    amount: Decimal
    since: date | None
    detected: bool


@dataclass(frozen=True)
class Ending:
    """``ends`` in plan ``month`` (``label``: (year, month)), ``never_ends`` with
    ``growth``, or ``too_long``."""

    kind: Literal["ends", "never_ends", "too_long"]
    month: int | None
    label: tuple[int, int] | None
    growth: Growth | None


@dataclass(frozen=True)
class Step:
    """One thing to pay this month. ``code`` (``plan.step.*``): ``overdue_now`` (pay
    ``amount`` of arrears as soon as you can), ``overdue_part`` (``amount`` now toward
    ``required`` overdue), ``overdue_wait`` (nothing left for it this month),
    ``by_date`` (``amount`` by ``on``), ``by_date_short`` (``amount`` by ``on``, less than
    the ``required``), ``this_month`` (no due date). ``on``: the due date, or for the
    overdue steps the date it is overdue since."""

    code: str
    amount: Decimal
    on: date | None
    required: Decimal | None


@dataclass(frozen=True)
class DebtActions:
    debt_id: DebtId
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Story:
    """The figures every screen reads (see module doc). ``arrears_left`` is what is still
    overdue after this month's payments; ``headline`` a ``plan.story.*`` code and its
    params (amounts Decimal, dates date, months (year, month) labels as ``YYYY-MM``)."""

    overdue: Overdue
    monthly_required: Decimal
    money: Decimal
    gap: Decimal
    ending: Ending
    feasible: bool
    arrears_left: Decimal
    actions: tuple[DebtActions, ...]
    headline: str
    headline_params: Params
    start: date
    plan: Plan
    agenda: Negotiation | None

    @property
    def short(self) -> bool:
        return self.gap > 0


def _ending(plan: Plan, start: date) -> Ending:
    if plan.outcome == "ends":
        return Ending("ends", plan.months, month_label(start, plan.months), None)
    if plan.outcome == "never_ends":
        return Ending("never_ends", None, None, plan.growth)
    return Ending("too_long", None, None, None)


def _actions(story_debts: Sequence[StoryDebt], plan: Plan) -> tuple[DebtActions, ...]:
    first = plan.month_one
    if first is None:
        return ()
    paid = {dm.debt_id: dm.payment for dm in first.debts}
    dated: list[tuple[tuple[int, date], DebtActions]] = []
    for d in story_debts:
        pay = paid.get(d.id, _ZERO)
        owed = d.billing.arrears.total
        since = d.billing.arrears.since
        to_arrears = min(pay, owed)
        rest = pay - to_arrears
        steps: list[Step] = []
        if owed > 0:
            code = "overdue_now" if to_arrears >= owed else "overdue_part" if to_arrears else (
                "overdue_wait")  # fmt: skip
            steps.append(Step(f"plan.step.{code}", to_arrears, since, owed))
        cycle = d.billing.cycle
        required = _ZERO if cycle is None else cycle.remaining
        due = None if cycle is None else cycle.due
        if rest > 0 or required > 0:
            if due is None:
                steps.append(Step("plan.step.this_month", rest, None, required or None))
            else:
                code = "by_date" if rest >= required else "by_date_short"
                steps.append(Step(f"plan.step.{code}", rest, due, required))
        if steps:
            key = (0, since or date.min) if owed > 0 else (1, due or date.max)
            dated.append((key, DebtActions(d.id, tuple(steps))))
    return tuple(a for _, a in sorted(dated, key=lambda x: x[0]))


def _headline(overdue: Overdue, gap: Decimal, money: Decimal, ending: Ending) -> tuple[str, Params]:
    params: dict[str, Decimal | date | int | str] = {"money": money, "gap": gap}
    if overdue.amount > 0:
        params["overdue"] = overdue.amount
        if overdue.since is not None:
            params["since"] = overdue.since
        return ("plan.story.overdue_short" if gap > 0 else "plan.story.overdue"), params
    if gap > 0:
        return "plan.story.short", params
    if ending.kind == "ends" and ending.label is not None:
        params["date"] = f"{ending.label[0]}-{ending.label[1]:02d}"
        return "plan.story.ends", params
    if ending.kind == "never_ends" and ending.growth is not None:
        params.update(interest=ending.growth.interest, paid=ending.growth.paid,
                      grows=ending.growth.grows)  # fmt: skip
        return "plan.story.never_ends", params
    return "plan.story.too_long", params


def tell(inp: StoryInput, *, with_agenda: bool = True) -> Story:
    """Run the planner once on ``inp`` and tell the story (see module doc).

    Raises :class:`coach.planner.PlanInputError` for invalid planner input.
    """
    planned = [plan_debt(d) for d in inp.debts]
    plan = simulate(planned, inp.money, inp.strategy, inp.order, lump_sums=inp.lump_sums)
    states = [d.billing for d in inp.debts]
    start = inp.start or first_month(states, inp.today)
    items = [i for s in states for i in s.arrears.items]
    since = min((i.due for i in items), default=None)
    overdue = Overdue(plan.arrears, since, any(i.origin == "detected" for i in items))
    ending = _ending(plan, start)
    row = plan.month_one
    paid_now = {dm.debt_id: dm.payment for dm in row.debts} if row is not None else {}
    left = sum((max(p.overdue - paid_now.get(p.id, _ZERO), _ZERO) for p in planned), _ZERO)
    arrears_left = min(left, plan.arrears)
    headline, params = _headline(overdue, plan.monthly_gap, plan.money, ending)
    agenda = None
    if with_agenda and not plan.feasible:
        agenda = negotiate(planned, [ask_debt(d) for d in inp.debts], plan, inp.region,
                           strategy=inp.strategy, order=inp.order, lump=inp.savings)  # fmt: skip
    return Story(
        overdue=overdue,
        monthly_required=plan.monthly_required,
        money=plan.money,
        gap=plan.monthly_gap,
        ending=ending,
        feasible=plan.feasible,
        arrears_left=arrears_left,
        actions=_actions(inp.debts, plan),
        headline=headline,
        headline_params=params,
        start=start,
        plan=plan,
        agenda=agenda,
    )
