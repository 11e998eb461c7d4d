"""DEPRECATED (issue 10): the agenda today's /plan screen still calls; the new one is
:func:`coach.agenda.negotiate`. Kept, unchanged but for ``level_instalment`` (now in
:mod:`coach.asks`), only so the current services keep running until the screens read
the story; delete with them. Its figures are the ones issue 10 calls wrong (the
"offer" shown as an instalment, "now" without the arrears).

When the money isn't enough: a negotiation agenda that makes the plan feasible.

``build_agenda`` adds asks one at a time, re-running the planner after each, and stops as
soon as the plan is feasible, so the user makes as few asks as possible:

A. ``grace_period``: defer each overdue amount (largest first) out of month 1 for
   ``GRACE_MONTHS`` months; the arrears stay in the balance and are repaid through the
   regular payments (the planner cannot model a later lump catch-up, so none is asked).
B. ``stop_penalty``: for debts charged penalty interest above the contract APR (largest
   monthly penalty cost first), ask to stop it; the plan then uses the contract APR.
C. ``restructure_instalments`` (licensed lenders: credit cards up to 60 months,
   rules.md §2.3e; other licensed lenders a 个性化分期 up to 36 months) or
   ``reduce_minimum`` (private or unknown lenders, 36 months): largest month-1 required
   payment first, replace it by the level instalment that clears the balance within the
   term at the planning APR, when that is lower.
D. Only if still infeasible: the same for every remaining debt, so each lender has an
   offer (this also fixes plans that never end because minimums don't cover interest).

Offers: every item carries the monthly payment the user can offer that lender. Capacity
is shared by "capped pro rata": each lender is offered what the asked terms require if
capacity allows; otherwise capacity is split in proportion to balance, nobody being
offered more than its terms require (cents rounded down). When all asks together still
do not fit (e.g. capacity <= 0), the agenda is ``still_short`` with the monthly ``gap``
and ends with a ``seek_help`` item (free legal advice: 12348 in mainland China, rules.md
§4). The agenda never suggests new borrowing (rules.md §6.3).

Citations: an item's ``citation`` is a key of :data:`coach.citations.CITATIONS` for
the Chinese rule behind the ask (None when the ask is simply a request);
:func:`coach.fact_rules.agenda_code` picks the wording for the user's region.

The 36-month term for non-card lenders is our own conservative choice: rules.md documents
only the 5-year limit for card instalments (§2.3c, §2.3e), nothing for other lenders, so
we ask for less than that limit. Change ``OTHER_MAX_TERM`` if better evidence appears.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Literal, TypeAlias

from coach.asks import CARD_MAX_TERM, GRACE_MONTHS, OTHER_MAX_TERM, level_instalment
from coach.errors import CoachError
from coach.lenders import LenderType
from coach.money import Rounding, round_money
from coach.planner import DebtId, Plan, PlanDebt, simulate

ItemKind: TypeAlias = Literal[
    "grace_period", "stop_penalty", "restructure_instalments", "reduce_minimum", "seek_help"
]
LICENSED: frozenset[LenderType] = frozenset(
    {
        LenderType.CREDIT_CARD,
        LenderType.BANK_LOAN,
        LenderType.BANK_UNSPLIT,
        LenderType.CONSUMER_FINANCE,
        LenderType.ONLINE_PLATFORM,
        LenderType.MICROLOAN,
    }
)
_CENT = Decimal("0.01")
_ZERO = Decimal(0)
_NO_OFFER = Decimal("0.00")


class AgendaError(CoachError, ValueError):
    """Invalid agenda input. Codes: ``agenda.duplicate_debt``, ``agenda.unknown_debt``,
    ``agenda.bad_term``."""

    code = "agenda.invalid"


@dataclass(frozen=True)
class AgendaDebt:
    """A debt with what negotiation needs. Amounts are Decimal, APRs fractions;
    ``lender_type`` is a :class:`coach.lenders.LenderType`.

    ``balance`` includes the ``overdue`` amount. ``penalty_apr`` is the APR charged while
    overdue (None: no penalty interest). ``grace_months``, ``penalty_stopped`` and
    ``term_months`` record agreed outcomes (see :func:`apply_outcome`).
    """

    id: DebtId
    name: str
    balance: Decimal
    contract_apr: Decimal
    lender_type: LenderType = LenderType.UNKNOWN
    is_credit_card: bool = False
    penalty_apr: Decimal | None = None
    overdue: Decimal = _ZERO
    minimum: Decimal | None = None
    min_percent: Decimal | None = None
    min_floor: Decimal = _ZERO
    grace_months: int = 0
    penalty_stopped: bool = False
    term_months: int | None = None

    def __post_init__(self) -> None:
        # Accept the enum's plain string values too (e.g. from storage or tests).
        object.__setattr__(self, "lender_type", LenderType(self.lender_type))

    @property
    def has_penalty(self) -> bool:
        return (
            not self.penalty_stopped
            and self.penalty_apr is not None
            and self.penalty_apr > self.contract_apr
        )

    @property
    def planning_apr(self) -> Decimal:
        """The APR the plan uses: penalty APR while it is charged, else the contract APR."""
        return self.penalty_apr if self.has_penalty and self.penalty_apr else self.contract_apr

    @property
    def max_term(self) -> int:
        return CARD_MAX_TERM if self.is_credit_card else OTHER_MAX_TERM

    def to_plan_debt(self) -> PlanDebt:
        return PlanDebt(
            id=self.id,
            name=self.name,
            balance=self.balance,
            apr=self.planning_apr,
            minimum=self.minimum,
            min_percent=self.min_percent,
            min_floor=self.min_floor,
            overdue=_ZERO if self.grace_months > 0 else self.overdue,
        )


@dataclass(frozen=True)
class AgendaItem:
    """One ask. ``offer`` is the monthly payment the user can offer this lender (0 means
    ask for a pause; for ``seek_help``, which has no lender, it is 0). ``params`` feed the
    message catalog:

    - grace_period: months, amount (the overdue amount deferred)
    - stop_penalty: from_apr, to_apr
    - restructure_instalments / reduce_minimum: months, apr, current (month-1 payment now),
      payment (the level instalment over ``months``)
    - seek_help: gap
    """

    kind: ItemKind
    debt_id: DebtId | None
    offer: Decimal
    citation: str | None  # a key of coach.citations.CITATIONS, or None (a plain request)
    params: dict[str, Decimal | int] = field(default_factory=dict)


@dataclass(frozen=True)
class AgreedTerms:
    """What the lender agreed. None fields mean "as asked" (taken from the item)."""

    payment: Decimal | None = None
    months: int | None = None
    apr: Decimal | None = None


@dataclass(frozen=True)
class Agenda:
    """The asks, in the order to make them, and what they achieve.

    ``debts_after`` are the terms if every ask is agreed at its offer, and ``plan`` the
    plan on them (with its schedule); ``feasible`` is that plan's feasibility.
    ``still_short`` means that even with every ask the lenders' own terms need ``gap``
    more a month than ``capacity``: the offers are then pro-rata shares below those terms
    (their plan may still end, later than the lenders' maximum terms, or not at all), and
    the last item is ``seek_help``. ``feasible_before`` is the plan without any ask.
    """

    items: tuple[AgendaItem, ...]
    feasible_before: bool
    feasible: bool
    still_short: bool
    gap: Decimal
    capacity: Decimal
    debts_after: tuple[AgendaDebt, ...]
    plan: Plan


def first_required(debt: AgendaDebt) -> Decimal:
    """The month-1 required payment under the debt's current terms: the planner's
    shortfall against a zero budget is exactly that amount (planner rules 2-3)."""
    plan = simulate([debt.to_plan_debt()], _ZERO, "avalanche", max_months=1, keep_schedule=False)
    return plan.shortfall if plan.shortfall is not None else _ZERO


def apply_outcome(
    debts: Iterable[AgendaDebt], item: AgendaItem, agreed_terms: AgreedTerms | None = None
) -> tuple[AgendaDebt, ...]:
    """The debts after the lender agreed to ``item`` (on ``agreed_terms``, or as asked).

    grace_period: the overdue amount leaves month 1. stop_penalty: the plan uses the
    contract APR (or the agreed APR). restructure_instalments / reduce_minimum: a fixed
    monthly payment replaces the minimum rule and absorbs the arrears.
    """
    terms = agreed_terms or AgreedTerms()
    debt_list = tuple(debts)
    if item.kind == "seek_help":
        return debt_list
    if item.debt_id not in {d.id for d in debt_list}:
        raise AgendaError("agenda.unknown_debt", debt=item.debt_id)
    out = []
    for d in debt_list:
        if d.id == item.debt_id:
            d = _agreed(d, item, terms)
        out.append(d)
    return tuple(out)


def _agreed(d: AgendaDebt, item: AgendaItem, terms: AgreedTerms) -> AgendaDebt:
    asked_months = item.params.get("months")
    months = terms.months if terms.months is not None else asked_months
    apr = terms.apr if terms.apr is not None else d.contract_apr
    if item.kind == "grace_period":
        return replace(d, grace_months=int(months or GRACE_MONTHS))
    if item.kind == "stop_penalty":
        return replace(d, penalty_stopped=True, contract_apr=apr)
    payment = terms.payment if terms.payment is not None else item.offer
    return replace(
        d,
        minimum=payment,
        min_percent=None,
        min_floor=_ZERO,
        overdue=_ZERO,
        term_months=int(months) if months is not None else None,
        contract_apr=apr,
        penalty_stopped=d.penalty_stopped or terms.apr is not None,
    )


def build_agenda(
    debts: Iterable[AgendaDebt],
    capacity: Decimal,
    strategy: str,
    *,
    order: Sequence[DebtId] | None = None,
) -> Agenda:
    """The asks that make the plan feasible with ``capacity`` a month (see module doc)."""
    start = tuple(debts)
    if len({d.id for d in start}) != len(start):
        raise AgendaError("agenda.duplicate_debt")

    def run(ds: Sequence[AgendaDebt], keep: bool = False) -> Plan:
        plans = [d.to_plan_debt() for d in ds]
        return simulate(plans, capacity, strategy, order, keep_schedule=keep)

    if run(start).feasible:
        return Agenda((), True, True, False, _ZERO, capacity, start, run(start, keep=True))

    index = {d.id: i for i, d in enumerate(start)}
    current = start
    asked: list[AgendaItem] = []
    feasible = False

    def ask(item: AgendaItem) -> None:
        nonlocal current, feasible
        asked.append(item)
        current = apply_outcome(current, item)
        feasible = run(current).feasible

    def live() -> list[AgendaDebt]:
        return [d for d in current if d.balance > 0]

    # A. Grace periods, largest overdue amount first.
    for d in sorted(live(), key=lambda d: (-d.overdue, index[d.id])):
        if feasible:
            break
        if d.overdue > 0 and d.grace_months == 0:
            ask(_grace(d))
    # B. Stop penalty interest, largest monthly penalty cost first.
    penalised = [d for d in live() if d.has_penalty]
    penalised.sort(key=lambda d: (-(d.planning_apr - d.contract_apr) * d.balance, index[d.id]))
    for d in penalised:
        if feasible:
            break
        ask(_stop_penalty(d))
    # C. Restructure the largest required payments. D. Then everyone left.
    paying: set[DebtId] = set()
    for stage in ("C", "D"):
        ranked = sorted(
            ((first_required(d), d) for d in live() if d.id not in paying),
            key=lambda rd: (-rd[0], -rd[1].balance, index[rd[1].id]),
        )
        for required, d in ranked:
            if feasible:
                break
            payment = level_instalment(d.balance, d.planning_apr, d.max_term)
            if stage == "C" and payment >= required:
                continue
            paying.add(d.id)
            ask(_payment_item(d, required, payment))

    # Offers (capped pro rata); grace asks that an instalment plan absorbs are dropped;
    # the agreed terms are proved by re-running the plan on them.
    caps = {d.id: first_required(d) for d in current if d.balance > 0}
    balances = {d.id: d.balance for d in current if d.balance > 0}
    offers = _capped_pro_rata(max(capacity, _ZERO), balances, caps)
    gap = _ZERO
    if not feasible:
        shortfall = run(current).shortfall
        gap = (
            shortfall if shortfall is not None else max(sum(caps.values(), _ZERO) - capacity, _CENT)
        )
    items = [
        replace(i, offer=offers.get(i.debt_id, _ZERO) if i.debt_id is not None else _ZERO)
        for i in asked
        if not (i.kind == "grace_period" and i.debt_id in paying)
    ]
    after = start
    for item in items:
        after = apply_outcome(after, item)
    if not feasible:
        items.append(AgendaItem("seek_help", None, _NO_OFFER, "cn.legal_advice_12348", {"gap": gap}))
    plan = run(after, keep=True)
    return Agenda(tuple(items), False, plan.feasible, not feasible, gap, capacity, after, plan)


def _capped_pro_rata(
    pool: Decimal, balances: dict[DebtId, Decimal], caps: dict[DebtId, Decimal]
) -> dict[DebtId, Decimal]:
    """Give each debt its cap when the pool allows; split the rest of the pool in proportion
    to balance among the others (rounded down to the cent), never above a cap."""
    offers: dict[DebtId, Decimal] = {}
    open_ids = [i for i in balances]
    while open_ids:
        total = sum((balances[i] for i in open_ids), _ZERO)
        capped = [i for i in open_ids if caps[i] * total <= pool * balances[i]]
        if not capped:
            break
        for i in capped:
            offers[i] = caps[i]
            pool -= caps[i]
        open_ids = [i for i in open_ids if i not in offers]
    if open_ids:
        total = sum((balances[i] for i in open_ids), _ZERO)
        for i in open_ids:
            offers[i] = round_money(pool * balances[i] / total, Rounding.SPLIT)
    return offers


def _grace(d: AgendaDebt) -> AgendaItem:
    params: dict[str, Decimal | int] = {"months": GRACE_MONTHS, "amount": d.overdue}
    return AgendaItem("grace_period", d.id, _ZERO, None, params)


def _stop_penalty(d: AgendaDebt) -> AgendaItem:
    if d.is_credit_card:
        citation = "cn.card.court_may_reduce"  # SPC bank-card rule art. 2 (rules.md §2.3d)
    elif d.lender_type in (LenderType.PRIVATE, LenderType.UNKNOWN):
        citation = "cn.private_lending.overdue_cap"  # arts. 28-29 (rules.md §2.1b-c)
    else:
        citation = "cn.courts_may_reduce_loans"  # rules.md §2.4h, R/V3: "reportedly"
    params: dict[str, Decimal | int] = {"from_apr": d.planning_apr, "to_apr": d.contract_apr}
    return AgendaItem("stop_penalty", d.id, _ZERO, citation, params)


def _payment_item(d: AgendaDebt, current: Decimal, payment: Decimal) -> AgendaItem:
    params: dict[str, Decimal | int] = {
        "months": d.max_term,
        "apr": d.planning_apr,
        "current": current,
        "payment": payment,
    }
    if d.is_credit_card:  # 个性化分期, rules.md §2.3e (V3)
        return AgendaItem("restructure_instalments", d.id, payment, "cn.card.instalments", params)
    if d.lender_type in LICENSED:
        return AgendaItem("restructure_instalments", d.id, payment, None, params)
    return AgendaItem("reduce_minimum", d.id, payment, None, params)
