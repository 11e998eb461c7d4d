"""When the money isn't enough: what to ask each lender, with numbers that work.

:func:`negotiate` takes the debts as planned (:class:`~coach.planner.PlanDebt`) and as
the agenda sees them (:class:`~coach.asks.AskDebt`, same ids), the plan the story told
(:class:`~coach.planner.Plan`) and the user's region. Nothing is asked of a plan that is
feasible. Otherwise:

1. **Whom to call, in order**: lenders with arrears first (overdue the longest first,
   then the larger amount), then (a plan short each month) the largest requirement this
   cycle, then (a plan that never ends or takes too long) the largest monthly interest.
   A lender with nothing due and no arrears is not asked to lower a payment of 0. The first is
   ``call_first`` and ``why`` says why (``agenda.why.oldest_arrears``,
   ``agenda.why.largest_payment``, ``agenda.why.largest_interest``).
2. **How many to ask**: lenders are added in that order until the plan on their agreed
   terms is feasible with the plan money (re-run through the planner). For each one the
   *primary* ask is a grace period when the plan money can pay the cycle and make up the
   deferred arrears within it, else the row's instalment-type ask (:mod:`coach.asks`).
3. **Offers**: the plan money, less what the lenders not asked still require now, is
   split between the lenders asked: each gets what its primary ask needs when the money
   allows, else a share in proportion to its balance, never more than it needs (cents
   rounded down), so the offers never add up to more than the plan money.
4. **Each ask** applicable to the lender (:func:`coach.asks.asks_for`; a grace period
   only with arrears, a penalty waiver only when a penalty or fees are charged, a
   settlement only with money to offer once) carries the lender's payment under its
   terms, the offer and whether they meet. A lender offered 0 is asked for a hardship
   pause instead of a payment plan. Every ask is a request the lender may refuse.
5. ``short_by``: a month, what the lenders' own terms need beyond the plan money even
   if every ask is agreed (a paused lender needs nothing; a negative plan money, a budget
   whose essentials exceed the income, is missing in full); then ``seek_help`` (free debt counselling or legal aid,
   rules.md §4). The agenda never suggests new borrowing (rules.md §6.3).

``arrears`` and ``gap`` are the plan's (:attr:`Plan.arrears`, :attr:`Plan.monthly_gap`):
the agenda names the same figures as every other screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from coach.asks import (
    PAYMENT_KINDS,
    Ask,
    AskDebt,
    AskKind,
    AskRule,
    asks_for,
    compute_ask,
    level_instalment,
)
from coach.money import Rounding, round_money
from coach.planner import DebtId, Plan, PlanDebt, simulate

__all__ = [
    "LenderAsks",
    "Negotiation",
    "agreed_debt",
    "level_instalment",
    "negotiate",
]

_ZERO = Decimal(0)
_PAUSE = AskRule(AskKind.HARDSHIP_PAUSE, 3, None, "rules.md §6.3")


@dataclass(frozen=True)
class LenderAsks:
    """One lender to call: what it asks now, what the user can offer a month, and the
    asks (the primary one first)."""

    debt_id: DebtId
    arrears: Decimal
    arrears_since: date | None
    now: Decimal
    offer: Decimal
    primary: AskKind
    asks: tuple[Ask, ...]
    #: The money that arrived, when less than was borrowed (an up-front fee): in mainland
    #: China such a loan counts as that amount (Civil Code art. 670).
    received: Decimal | None = None


@dataclass(frozen=True)
class Negotiation:
    """The agenda: lenders in the order to call them, and what it achieves.

    ``plan_after`` is the plan if every primary ask is agreed at the offers.
    """

    lenders: tuple[LenderAsks, ...]
    call_first: DebtId | None
    why: str | None
    why_params: dict[str, Decimal | date]
    arrears: Decimal
    gap: Decimal
    plan_money: Decimal
    short_by: Decimal
    seek_help: bool
    plan_after: Plan

    @property
    def needed(self) -> bool:
        return bool(self.lenders) or self.seek_help


def agreed_debt(planned: PlanDebt, debt: AskDebt, ask: Ask, payment: Decimal) -> PlanDebt:
    """The debt as planned once the lender agrees to ``ask`` with ``payment`` a month.

    Instalment-type asks: a fixed ``payment`` at the ask's APR on the balance the ask
    restructures (``debt.balance``: for a schedule, its principal left), the arrears
    absorbed.
    Grace or pause: the arrears leave month 1 (the planner cannot date their return: they
    stay in the balance). Waiving the penalty: the contract APR.
    """
    if ask.kind in PAYMENT_KINDS or ask.kind is AskKind.HARDSHIP_PAUSE:
        apr = ask.apr if ask.apr is not None else debt.contract_apr
        return PlanDebt(planned.id, planned.name, debt.balance, apr, minimum=payment)
    if ask.kind is AskKind.GRACE:
        return replace(planned, overdue=_ZERO, cycle_due=None)
    if ask.kind is AskKind.WAIVE_PENALTY:
        return replace(planned, apr=debt.contract_apr)
    return planned


#: An ask that lowers a current lender's monthly payment by less than this share of it
#: is not worth the call (60 months of $57.54 to save $2.46 on a $60 minimum).
_WORTH_ASKING = Decimal("0.10")


def _hardly_helps(debt: AskDebt, ask: Ask) -> bool:
    """Whether asking a lender with nothing overdue for ``ask`` would barely lower what it
    asks a month (by under 10%): years more of payments for a few dollars."""
    if debt.arrears > 0 or ask.lender_payment is None or debt.cycle_due <= 0:
        return False
    saves = debt.cycle_due - ask.lender_payment  # <= 0: asked for its interest, not this
    return 0 < saves < debt.cycle_due * _WORTH_ASKING


def _with_spare(ask: Ask, offer: Decimal) -> Ask:
    """An alternative ask computed with the lender's offer plus the spare money: when
    that meets it, the offer shown is what it takes (its payment, never less than the
    lender's own offer); when not, all the money there is, and the gap."""
    if ask.meets and ask.lender_payment is not None:
        return replace(ask, offer=max(ask.lender_payment, offer))
    return ask


def _monthly_interest(d: AskDebt) -> Decimal:
    apr = d.penalty_apr if d.penalised and d.penalty_apr is not None else d.contract_apr
    return d.balance * apr / 12


def _call_order(debts: Sequence[AskDebt], plan: Plan) -> list[tuple[AskDebt, str]]:
    """Lenders with arrears (overdue the longest first); then, when the plan is short each
    month, the largest requirement this cycle first; then, when the plan doesn't end, the
    largest monthly interest first. Each with the reason it is in that place."""
    index = {d.id: i for i, d in enumerate(debts)}
    late = [d for d in debts if d.arrears > 0]
    late.sort(key=lambda d: (d.arrears_since or date.max, -d.arrears, index[d.id]))
    order = [(d, "oldest_arrears") for d in late]
    if plan.monthly_gap > 0:
        due = [d for d in debts if d.arrears <= 0 and d.cycle_due > 0]
        due.sort(key=lambda d: (-d.cycle_due, index[d.id]))
        order += [(d, "largest_payment") for d in due]
    if plan.outcome in ("never_ends", "too_long"):
        seen = {d.id for d, _ in order}
        rest = [d for d in debts if d.id not in seen and _monthly_interest(d) > 0]
        rest.sort(key=lambda d: (-_monthly_interest(d), index[d.id]))
        order += [(d, "largest_interest") for d in rest]
    return order


def _primary(debt: AskDebt, rules: tuple[AskRule, ...], room: Decimal) -> Ask:
    """Grace when ``room`` a month pays the cycle and makes up the deferred arrears within
    the grace period; else the first instalment-type ask of the row."""
    for rule in rules:
        if rule.kind is AskKind.GRACE and debt.arrears > 0:
            grace = compute_ask(debt, rule, room)
            if grace.meets:
                return grace
    rule = next(r for r in rules if r.kind in PAYMENT_KINDS)
    return compute_ask(debt, rule, room)


def _capped_pro_rata(
    pool: Decimal, balances: dict[DebtId, Decimal], caps: dict[DebtId, Decimal]
) -> dict[DebtId, Decimal]:
    """Each debt its cap when the pool allows; the rest of the pool in proportion to
    balance among the others (rounded down to the cent), never above a cap."""
    offers: dict[DebtId, Decimal] = {}
    open_ids = list(balances)
    while open_ids:
        total = sum((balances[i] for i in open_ids), _ZERO)
        capped = [i for i in open_ids if caps[i] * total <= pool * balances[i]]
        if not capped:
            break
        for i in capped:
            offers[i] = caps[i]
            pool -= caps[i]
        open_ids = [i for i in open_ids if i not in offers]
    total = sum((balances[i] for i in open_ids), _ZERO)
    for i in open_ids:
        share = pool * balances[i] / total if total > 0 else _ZERO
        offers[i] = min(round_money(share, Rounding.SPLIT), caps[i])
    return offers


def negotiate(
    planned: Sequence[PlanDebt],
    debts: Sequence[AskDebt],
    plan: Plan,
    region: str | None,
    *,
    strategy: str = "overdue_first",
    order: Sequence[DebtId] | None = None,
    lump: Decimal = _ZERO,
) -> Negotiation:
    """The agenda (see module doc). ``planned`` and ``debts`` describe the same debts;
    ``plan`` is the plan on ``planned`` (its ``money`` is the plan money a month);
    ``lump``: money the user could raise once (offered as settlements, in call order)."""
    money = plan.money
    pool = max(money, _ZERO)
    base = {p.id: p for p in planned}
    if plan.feasible:
        return Negotiation((), None, None, {}, plan.arrears, plan.monthly_gap, money, _ZERO,
                           False, plan)  # fmt: skip

    def run(agreed: dict[DebtId, PlanDebt], probe: bool) -> Plan:
        ds = [agreed.get(p.id, p) for p in planned]
        return simulate(ds, money, strategy, order, keep_schedule=not probe, stop_when_short=probe)

    calls = _call_order(debts, plan)
    chosen: list[tuple[AskDebt, Ask, tuple[AskRule, ...]]] = []
    agreed: dict[DebtId, PlanDebt] = {}
    for debt, _reason in calls:
        if run(agreed, probe=True).feasible:
            break
        rules = asks_for(debt.lender_type, region)
        others = sum((d.now for d in debts if d.id != debt.id and d.id not in agreed), _ZERO)
        ask = _primary(debt, rules, max(pool - others, _ZERO))
        if _hardly_helps(debt, ask):
            continue
        chosen.append((debt, ask, rules))
        agreed[debt.id] = agreed_debt(base[debt.id], debt, ask, ask.lender_payment or _ZERO)

    asked = {d.id for d, _, _ in chosen}
    reserve = sum((d.now for d in debts if d.id not in asked), _ZERO)
    caps = {d.id: a.lender_payment or _ZERO for d, a, _ in chosen}
    offers = _capped_pro_rata(max(pool - reserve, _ZERO), {d.id: d.balance for d, _, _ in chosen},
                              caps)  # fmt: skip
    # A lender offered 0 is asked for a pause (no payment); a budget below its essentials
    # (money < 0) is missing that much before any lender is paid.
    paying = sum((c for i, c in caps.items() if offers[i] > 0), _ZERO)
    short_by = max(paying + reserve - money, _ZERO)
    lenders = []
    lump_left = lump
    after: dict[DebtId, PlanDebt] = {}
    # Money the offers leave: another ask of a lender may use it (each ask is an
    # alternative), so one that costs a little more than the primary is not "short".
    spare = max(pool - reserve - sum(offers.values(), _ZERO), _ZERO)
    for debt, primary, rules in chosen:
        offer = offers[debt.id]
        if offer <= 0:
            primary = compute_ask(debt, _PAUSE, _ZERO)
        asks = [compute_ask(debt, next(r for r in rules if r.kind is primary.kind), offer)
                if primary.kind is not AskKind.HARDSHIP_PAUSE else primary]  # fmt: skip
        for rule in rules:
            if rule.kind is primary.kind or (
                primary.kind is AskKind.HARDSHIP_PAUSE
                and (rule.kind in PAYMENT_KINDS or rule.kind is AskKind.GRACE)
            ):
                continue
            if rule.kind is AskKind.GRACE and debt.arrears <= 0:
                continue
            if rule.kind is AskKind.WAIVE_PENALTY and not debt.penalised:
                continue
            if rule.kind is AskKind.SETTLEMENT:
                if lump_left <= 0:
                    continue
                ask = compute_ask(debt, rule, offer, lump_left)
                lump_left -= ask.offer
            elif rule.kind in PAYMENT_KINDS or rule.kind is AskKind.GRACE:
                ask = _with_spare(compute_ask(debt, rule, offer + spare), offer)
            else:
                ask = compute_ask(debt, rule, offer)
            asks.append(ask)
        after[debt.id] = agreed_debt(base[debt.id], debt, asks[0], offer)
        lenders.append(LenderAsks(debt.id, debt.arrears, debt.arrears_since, debt.now, offer,
                                  asks[0].kind, tuple(asks), debt.received))  # fmt: skip
    plan_after = run(after, probe=False)
    first = calls[0] if calls and lenders else None
    why_params: dict[str, Decimal | date] = {}
    if first is not None:
        d, reason = first
        if reason == "oldest_arrears":
            why_params = {"amount": d.arrears}
            if d.arrears_since is not None:
                why_params["since"] = d.arrears_since
        elif reason == "largest_payment":
            why_params = {"amount": d.cycle_due}
        else:
            why_params = {"amount": round_money(_monthly_interest(d))}
    return Negotiation(
        lenders=tuple(lenders),
        call_first=first[0].id if first else None,
        why=f"agenda.why.{first[1]}" if first else None,
        why_params=why_params,
        arrears=plan.arrears,
        gap=plan.monthly_gap,
        plan_money=money,
        short_by=short_by,
        seek_help=short_by > 0 or not plan_after.feasible,
        plan_after=plan_after,
    )
