"""/debts and a debt's card, as view models: the list with its totals, the card with
its arrears item by item, and what being overdue means. Every overdue figure is the
billing state's (:mod:`coach.billing`): arrears the user stated and missed payments the
bot detected show alike, the latter marked, with a one-tap correction
(bot/services/arrears.py). Long lists come a page at a time (bot/services/pages.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bot.services.pages import Page
from coach.billing import BillingState
from coach.overdue import Fact, overdue_facts
from coach.profile import Profile
from coach.records import Debt, Payment

__all__ = [
    "DEBTS_PER_PAGE", "KEY_FACTS", "PAYMENTS_PER_PAGE", "DebtCard", "DebtList", "PaymentHistory",
    "Rights", "Totals", "facts_for", "monthly_interest", "totals",
]  # fmt: skip

#: The card's short list of facts for an overdue debt, most important first.
KEY_FACTS = (
    "report.kept_5_years", "report.kept_7_years", "other.rules_differ", "cannot.arrest_for_debt",
    "cannot.fdcpa_scope", "can.sue", "help.ask_for_time_or_instalments", "help.keep_records",
)
#: Lines per page: /debts (each line and its button), a debt's payment history.
DEBTS_PER_PAGE = 10
PAYMENTS_PER_PAGE = 10


@dataclass(frozen=True)
class Totals:
    """/debts' totals from the billing states: owed (:attr:`BillingState.owed`, the
    penalty so far included), overdue now (stated or detected, penalty included), the next
    payment due (the cycle's remaining requirement), and ``penalty``: the penalty so far
    in both."""

    owed: Decimal
    overdue: Decimal
    next_debt: Debt | None
    next_on: date | None
    next_amount: Decimal | None
    penalty: Decimal = Decimal(0)


@dataclass(frozen=True)
class DebtList:
    """One page of /debts; the totals are of every debt, ``billing`` each one's state."""

    page: Page[Debt]
    totals: Totals
    today: date
    billing: dict[int, BillingState]

    @property
    def debts(self) -> tuple[Debt, ...]:
        return self.page.items


@dataclass(frozen=True)
class DebtCard:
    """A debt's card. ``billing``: its state today (arrears item by item, stated or
    detected; penalty so far when the rate is known). ``monthly_interest``: the month's
    interest at its APR when the minimum doesn't cover it (it never pays off), else None.
    ``payments``: the first page of its history (newest first)."""

    debt: Debt
    payments: Page[Payment]
    today: date
    billing: BillingState
    facts: tuple[Fact, ...]  # the short list, for an overdue debt
    monthly_interest: Decimal | None = None

    @property
    def penalty_so_far(self) -> Decimal | None:
        return self.billing.arrears.penalty if self.billing.arrears.unpaid > 0 else None


@dataclass(frozen=True)
class PaymentHistory:
    """A page of a debt's payments, newest first."""

    debt: Debt
    payments: Page[Payment]


@dataclass(frozen=True)
class Rights:
    debt: Debt
    facts: tuple[Fact, ...]


def _next_payment(state: BillingState) -> bool:
    """Whether the state's cycle asks for a payment: something left to pay, or an amount
    not known (no minimum) on a balance that isn't all in arrears. A cycle paid already,
    or with the whole balance overdue (nothing more falls due), is not a next payment."""
    c = state.cycle
    if c is None:
        return False
    return c.remaining > 0 or (c.required == 0 and state.balance > state.arrears.unpaid)


def totals(debts: tuple[Debt, ...], states: dict[int, BillingState]) -> Totals:
    """Owed and overdue over ``debts``; the next payment: the earliest cycle that asks for
    one (:func:`_next_payment`), with what it still requires (None: not known)."""
    owed = sum((states[d.id].owed for d in debts), Decimal(0))
    penalty = sum((states[d.id].arrears.penalty or Decimal(0) for d in debts), Decimal(0))
    overdue = sum((states[d.id].arrears.total for d in debts), Decimal(0))
    dated = sorted(((c.due, d.id, d, c.remaining) for d in debts
                    if _next_payment(states[d.id]) and (c := states[d.id].cycle) is not None),
                   key=lambda x: x[:2])  # fmt: skip
    if not dated:
        return Totals(owed, overdue, None, None, None, penalty)
    on, _, debt, amount = dated[0]
    return Totals(owed, overdue, debt, on, amount or None, penalty)


def facts_for(debt: Debt, since: date | None, profile: Profile, today: date, *,
              short: bool) -> tuple[Fact, ...]:
    """What being overdue (since ``since``, the earliest unpaid due date) means for this
    debt, by the user's region (never their language)."""
    days = (today - since).days if since else 1
    bureau = {"yes": True, "no": False}.get(debt.bureau)
    facts = overdue_facts(max(days, 1), bureau, debt.lender_type, profile.jurisdiction, today=today)
    if short:
        rank = {suffix: i for i, suffix in enumerate(KEY_FACTS)}
        picked = [f for f in facts if any(f.code.endswith(k) for k in rank)]
        facts = sorted(picked, key=lambda f: next(v for k, v in rank.items()
                                                  if f.code.endswith(k)))[:4]
    return tuple(facts)


def monthly_interest(debt: Debt) -> Decimal | None:
    """This month's interest at the debt's APR (balance x APR / 12, half-up) when its
    minimum doesn't cover it: paying only the minimum, it never ends (issue 10, case 8).
    None when the minimum covers it, or without a rule or an APR."""
    return None if debt.minimum is None else debt.minimum.below_interest(debt.balance, debt.apr)
