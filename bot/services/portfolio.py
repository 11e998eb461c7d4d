"""A user's whole financial picture, loaded once, and the one story told from it.

Several features need the same inputs (the profile, the active debts and their
payments, the budget and the chosen strategy) and the same figures: /plan (summary,
chart, what-ifs, compare, agenda, "how is this calculated"), /budget, /debts, the
reminders and the calendar. :func:`load` reads them in the current transaction and
replays each debt's billing (:func:`billing_of`, the one mapping from stored records to
:mod:`coach.billing`); :func:`compute_plan` tells the story once (:func:`coach.story.tell`)
with the plan money of :func:`coach.budget.repayment_capacity`, unclamped, so a budget
short of its essentials counts in the monthly gap.

The contract APR is the debt's, else :data:`ASSUMED_APR`, an assumption the user sees
and can correct; the penalty APR applies while arrears remain (:class:`StoryDebt`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from coach import billing
from coach.billing import BillingState, Stated, Terms, billing_state
from coach.budget import Capacity, available_for_debts, repayment_capacity
from coach.budget_input import BudgetDraft
from coach.explain import Line, explain
from coach.parsing import prev_due_date
from coach.planner import COMPARED_STRATEGIES
from coach.profile import Profile
from coach.rates import RateKind
from coach.records import Debt, Payment, after_payment
from coach.story import Story, StoryDebt, StoryInput, first_month, plan_debt, tell
from coach.timezones import local_now
from coach.whatif import WhatIf, what_if
from storage.budgets import BudgetRepository
from storage.debts import DebtRepository, PaymentRepository
from storage.repositories import UserRepository

__all__ = [
    "ASSUMED_APR", "BY_DATE_STEPS", "STRATEGIES", "PaymentSplit", "PlanView", "Portfolio",
    "billing_of", "compare", "compute_plan", "cycle_amounts", "explain_plan", "load",
    "split_payment", "stated_of", "story_debt", "terms_of", "try_what_if",
]  # fmt: skip

ASSUMED_APR = Decimal("0.24")
STRATEGIES = ("overdue_first", "avalanche", "snowball")
#: The story's steps that pay toward a due date (or this month without one).
BY_DATE_STEPS = ("plan.step.by_date", "plan.step.by_date_short", "plan.step.this_month")
_ZERO = Decimal(0)
_TICK = timedelta(microseconds=1)
_DAY = timedelta(days=1)


# --- stored records as the billing model reads them -------------------------------------


def terms_of(debt: Debt) -> Terms:
    """The debt's :class:`coach.billing.Terms`: today's balance, its monthly due day (a
    fixed date only without one), its minimum rule and penalty APR. An instalment loan's
    payment is stored as a fixed minimum, so it is one."""
    rule = debt.minimum if debt.minimum is not None and debt.minimum.kind != "none" else None
    return Terms(
        balance=debt.balance,
        due_day=debt.due_day,
        due_on=None if debt.due_day else debt.next_due,
        minimum=rule,
        penalty_apr=debt.penalty_apr,
    )


def stated_of(debt: Debt, tz: str, today: date) -> Stated:
    """What the user stated about the debt's arrears, and when (:class:`Stated`).

    ``stated_on`` is the local date (zone ``tz``) of ``debt.stated_at``. Two rules:

    * The statement made when the debt was recorded comes before every payment on it,
      even one recorded in the same instant (a payment needs the debt first), so it is
      taken a microsecond earlier; a later statement (an edit) comes after the payments
      recorded before it.
    * A debt paid by auto-debit is never found behind by the bot: its payments are made
      by the bank, not recorded here. Only due dates from today on count for it (only
      what the user states is overdue).
    """
    at = debt.stated_at or debt.created_at or datetime.combine(today, datetime.min.time())
    if debt.created_at is not None and at == debt.created_at:
        at -= _TICK
    on = local_now(at, tz).date() if at.tzinfo is not None else at.date()
    since = debt.overdue_since or on
    if debt.auto_debit:
        on = max(on, today - _DAY)
    return Stated(debt.overdue_amount, since if debt.overdue_amount > 0 else None, on, at)


def _billing_payment(p: Payment) -> billing.Payment:
    recorded = p.created_at or datetime.combine(p.paid_on, datetime.max.time())
    return billing.Payment(p.paid_on, p.amount, recorded)


def billing_of(debt: Debt, payments: Iterable[Payment], today: date, tz: str) -> BillingState:
    """The debt's billing state on ``today`` (:func:`coach.billing.billing_state`) from its
    terms, its stated arrears and ``payments`` (this debt's; those recorded before the
    statement are ignored by the model)."""
    mine = [_billing_payment(p) for p in payments if p.debt_id == debt.id]
    return billing_state(terms_of(debt), stated_of(debt, tz, today), mine, today)


@dataclass(frozen=True)
class PaymentSplit:
    """Where a payment goes, as the billing model replays it: ``to_penalty`` the penalty
    interest accrued by its date (paid first, rule 5 of :mod:`coach.billing`),
    ``to_overdue`` the arrears, and ``after`` the debt with its balance lowered by the
    rest only (paid off at zero)."""

    to_penalty: Decimal
    to_overdue: Decimal
    after: Debt
    #: The penalty so far owed before it (on top of ``after``'s balance before).
    penalty_before: Decimal = _ZERO


def split_payment(
    debt: Debt, payments: Iterable[Payment], new: Payment, today: date, tz: str
) -> PaymentSplit:
    """Replay ``new`` after ``payments``: the penalty it pays (the penalty paid with it
    minus without it), the arrears it clears (the arrears before minus after, oldest
    first, whatever date it is made on), and the balance it lowers (the amount less its
    penalty part: 2,006 on 2,000 with 6.60 penalty leaves 0.60)."""
    past = list(payments)
    before = billing_of(debt, past, today, tz)
    to_penalty = _ZERO
    after = after_payment(debt, new.amount)
    later = billing_of(after, [*past, new], today, tz)
    for _ in range(3):  # the penalty part moves the balance, which can move it by a cent
        part = max(later.penalty_paid - before.penalty_paid, _ZERO)
        principal = new.amount - part
        moved = after_payment(debt, principal) if principal > 0 else debt
        if part == to_penalty and moved.balance == after.balance:
            break
        to_penalty, after = part, moved
        later = billing_of(after, [*past, new], today, tz)
    return PaymentSplit(to_penalty, max(before.arrears.unpaid - later.arrears.unpaid, _ZERO),
                        after, before.owed - before.balance)


# --- the portfolio ----------------------------------------------------------------------


@dataclass(frozen=True)
class Portfolio:
    """What one user owes and earns, as of ``today`` (their local date in zone ``tz``):
    the active debts, their payments since the arrears were stated (by debt id), and
    each debt's billing state."""

    profile: Profile
    debts: tuple[Debt, ...]
    budget: BudgetDraft | None
    strategy: str
    today: date
    tz: str
    payments: Mapping[int, tuple[Payment, ...]] = field(default_factory=dict)
    billing: Mapping[int, BillingState] = field(default_factory=dict)


async def load(
    session: AsyncSession, user_id: int, today_of: Callable[[Profile], date], default_tz: str
) -> Portfolio | None:
    """The user's portfolio read in ``session``; None when the user doesn't exist."""
    profile = await UserRepository(session).profile(user_id)
    if profile is None:
        return None
    debts = tuple(await DebtRepository(session).list(user_id))
    budget, strategy = await BudgetRepository(session).load(user_id)
    today, tz = today_of(profile), profile.zone_name(default_tz)
    payments: dict[int, list[Payment]] = {}
    stated = [d.stated_at for d in debts if d.stated_at is not None]
    if stated:
        for p in await PaymentRepository(session).recorded_since(user_id, min(stated) - _TICK):
            payments.setdefault(p.debt_id, []).append(p)
    states = {d.id: billing_of(d, payments.get(d.id, ()), today, tz) for d in debts}
    return Portfolio(profile, debts, budget, strategy, today, tz,
                     {k: tuple(v) for k, v in payments.items()}, states)  # fmt: skip


def balance_is_schedule(debt: Debt) -> bool:
    """Whether the debt's balance is its instalment schedule left to pay, interest
    included: a loan with an up-front fee (its APR is on what arrived), or one whose
    balance was the schedule's sum so no rate could be worked out (``12x1060`` owing
    12,720). Planned with no interest on top of the payments."""
    q = debt.quote
    if q is None or q.kind is not RateKind.INSTALMENTS or q.payment is None:
        return False
    return debt.received is not None or debt.apr is None


def story_debt(debt: Debt, state: BillingState) -> StoryDebt:
    """The debt as the story reads it (the same for every screen)."""
    rule = debt.minimum if debt.minimum is not None and debt.minimum.kind != "none" else None
    q = debt.quote
    schedule = balance_is_schedule(debt)
    return StoryDebt(
        id=debt.id, lender_type=debt.lender_type,
        contract_apr=debt.apr if debt.apr is not None else ASSUMED_APR, billing=state,
        minimum=rule, instalment=q.payment if schedule and q is not None else None,
        penalty_apr=debt.penalty_apr, fees=debt.fees, schedule_balance=schedule,
        apr_assumed=debt.apr is None, received=debt.received,
    )  # fmt: skip


# --- the plan -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanView:
    """The story of a portfolio: ``inp`` (what it was told from, for what-ifs and
    compare), the ``story`` and, unless asked not to, the ``capacity`` (both budget
    figures and the cuts to suggest when money is short)."""

    portfolio: Portfolio
    inp: StoryInput
    story: Story
    capacity: Capacity | None

    @property
    def debts(self) -> tuple[Debt, ...]:
        return self.portfolio.debts

    @property
    def today(self) -> date:
        return self.portfolio.today

    @property
    def strategy(self) -> str:
        return self.inp.strategy

    @property
    def start(self) -> date:
        return self.story.start

    @property
    def names(self) -> dict[int | str, str]:
        return {d.id: d.lender for d in self.debts}

    @property
    def assumed(self) -> tuple[Debt, ...]:
        """Debts planned at :data:`ASSUMED_APR` (their APR unknown; a schedule's
        balance holds its interest: none is assumed on top)."""
        return tuple(d for d in self.debts if d.apr is None and not balance_is_schedule(d))

    @property
    def owed(self) -> Decimal:
        """The balances and the penalty so far (:attr:`BillingState.owed`)."""
        return sum((self.billing(d.id).owed for d in self.debts), _ZERO)

    def billing(self, debt_id: int | str) -> BillingState:
        return self.portfolio.billing[int(debt_id)]


def compute_plan(
    portfolio: Portfolio,
    *,
    strategy: str | None = None,
    with_agenda: bool = True,
    with_capacity: bool = True,
) -> PlanView | None:
    """The story for the portfolio's debts and budget; None without a budget or debts.

    Plan money: ``repayment_capacity(...).plan_money`` (capacity less the optional
    spending kept; may be negative). ``with_capacity=False`` skips the cuts (the
    reminders need only the story). Raises :class:`coach.planner.PlanInputError` for
    debts the planner refuses.
    """
    if portfolio.budget is None or not portfolio.debts:
        return None
    budget = portfolio.budget.to_budget()
    strategy = strategy or portfolio.strategy
    debts = tuple(story_debt(d, portfolio.billing[d.id]) for d in portfolio.debts)
    start = first_month([d.billing for d in debts], portfolio.today)
    capacity = None
    money = available_for_debts(budget)
    if with_capacity:
        capacity = repayment_capacity(budget, [plan_debt(d) for d in debts], strategy, start)
        money = capacity.plan_money
    region = portfolio.profile.jurisdiction.code
    inp = StoryInput(debts, money, strategy, portfolio.today, region, start=start,
                     savings=budget.assets_total())  # fmt: skip
    return PlanView(portfolio, inp, tell(inp, with_agenda=with_agenda), capacity)


def compare(view: PlanView) -> dict[str, Story]:
    """Each compared strategy's story, with the same money (no agenda)."""
    return {s: tell(replace(view.inp, strategy=s), with_agenda=False) for s in COMPARED_STRATEGIES}


def try_what_if(view: PlanView, kind: str, amount: Decimal) -> WhatIf:
    """The story told again with ``amount`` more a month (``kind`` ``m``) or once now
    (``l``). Raises :class:`coach.whatif.WhatIfError` for an amount that isn't positive."""
    if kind == "m":
        return what_if(view.inp, monthly=amount, base=view.story)
    return what_if(view.inp, once=amount, base=view.story)


def explain_plan(view: PlanView) -> tuple[Line, ...]:
    """The "how is this calculated" lines (:func:`coach.explain.explain`)."""
    return explain(view.story, view.inp.debts, view.capacity)


def cycle_amounts(view: PlanView | None, portfolio: Portfolio) -> dict[int, Decimal | None]:
    """What to ask by each debt's next due date, as /plan says it, net of what was paid.

    The story's step toward the due date (what the plan pays it this month), less what
    was paid toward this cycle (payments dated since the previous due date, less the part
    that went to arrears). None when nothing is left of it: the reminders then ask the
    cycle's remaining requirement, if any (:class:`coach.nudges.DebtFacts`). 0 when the
    plan has nothing for a cycle still to pay (money is short): the reminders say both.
    Without a plan (no budget) every debt gets None.
    """
    out: dict[int, Decimal | None] = {d.id: None for d in portfolio.debts}
    if view is None:
        return out
    steps = {a.debt_id: a.steps for a in view.story.actions}
    for debt in portfolio.debts:
        state = portfolio.billing[debt.id]
        amount = sum((s.amount for s in steps.get(debt.id, ()) if s.code in BY_DATE_STEPS), _ZERO)
        cycle = state.cycle
        if amount <= 0 and cycle is not None and cycle.remaining > 0 and debt.id in steps:
            out[debt.id] = _ZERO  # the plan has nothing for it this month: reminders say so
            continue
        if cycle is not None:
            if debt.due_day:
                start = prev_due_date(debt.due_day, cycle.due - _DAY)
            else:
                start = cycle.due - timedelta(days=31)
            paid = sum((p.amount - p.to_overdue for p in portfolio.payments.get(debt.id, ())
                        if start < p.paid_on <= portfolio.today), _ZERO)  # fmt: skip
            amount -= max(paid, _ZERO)
        out[debt.id] = amount if amount > 0 else None
    return out
