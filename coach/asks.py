"""What can be asked of a lender, and what each ask costs a month (issue 10).

**Which asks apply** is a table by market (CN, US, other) x kind of lender
(:data:`ASK_TABLE`, read with :func:`asks_for`). Every ask is a request the lender may
refuse; ``basis`` names the rule a screen may cite for it (a catalog key, rendered with
the rule's name and article), or None when no rule backs it.

* CN credit card: a personalised instalment plan (个性化分期, often called 停息挂账) of up
  to 60 months, which the bank *may* grant (《商业银行信用卡业务监督管理办法》art. 70,
  rules.md §2.3e, mark V3), modelled as instalments at the contract rate, not 0%; and
  waiving penalty interest and fees (rules.md §2.3a, §2.3d).
* CN bank loan (and BANK_UNSPLIT until the user says card or loan), consumer-finance,
  online-platform and microloan lenders: an extension (grace), instalments, waiving
  penalty interest. :data:`OTHER_MAX_TERM` (36 months) is our own conservative choice:
  rules.md documents only the 5-year limit for card instalments (§2.3c, §2.3e).
* Private lender: grace, instalments, a settlement; no "personalised instalments".
* Unknown lender, and any lender outside CN / US: the general asks (grace, instalments).
* US card or loan: the issuer's hardship program, a lower payment, a settlement; no
  Chinese rules. The hardship program is modelled as instalments over
  :data:`HARDSHIP_MONTHS` at the contract rate (issuers set their own terms and often
  lower the rate too, which only lowers the payment): our assumption, not a rule.

**What an ask costs** (:func:`compute_ask`): the lender's payment a month under its terms,
what the user can offer from the plan, and whether they meet.

* grace (N months): the arrears wait N months; the cycle's requirement goes on, and the
  payment shown is that plus the arrears made up over the N months (arrears / N, rounded
  up), what it takes for the grace period to work.
* instalments / personalised instalments / hardship program / lower payment (N months):
  the whole balance (arrears included) in N level payments at the contract APR
  (:func:`level_instalment`, rounded up to the cent so they clear it).
* waive penalty: penalty interest and fees stop; the contract APR stays; the payment now
  (arrears + this cycle) is unchanged and the monthly interest saved is given.
* stop interest (only when all interest is agreed to stop): balance / N at 0%.
* settlement: a one-off for less than the balance; the lender decides the figure, so the
  offer is the money the user could raise once and ``meets`` is None.
* hardship pause (N months): what an offer of 0 becomes: ask to pause payments.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Literal

from coach.errors import CoachError
from coach.lenders import LenderType
from coach.money import CENT, Rounding, round_money
from coach.planner import DebtId, PlanDebt, simulate

__all__ = [
    "ASK_TABLE",
    "CARD_MAX_TERM",
    "GRACE_MONTHS",
    "HARDSHIP_MONTHS",
    "OTHER_MAX_TERM",
    "PAYMENT_KINDS",
    "Ask",
    "AskDebt",
    "AskError",
    "AskKind",
    "AskRule",
    "Market",
    "asks_for",
    "compute_ask",
    "level_instalment",
    "market",
]

#: A Chinese credit card's personalised instalment plan: up to 5 years (rules.md §2.3e).
CARD_MAX_TERM = 60
#: Other lenders: our own conservative term (rules.md documents no limit for them).
OTHER_MAX_TERM = 36
#: A US hardship program, modelled: our assumption, issuers set their own terms.
HARDSHIP_MONTHS = 60
#: A grace period, an extension or a hardship pause: three months asked.
GRACE_MONTHS = 3
_ZERO = Decimal(0)

Market = Literal["CN", "US", "OTHER"]


class AskError(CoachError, ValueError):
    """Invalid ask input. Codes: ``agenda.bad_term`` (params ``months``)."""

    code = "agenda.invalid"


class AskKind(StrEnum):
    """The asks; each renders as ``agenda.ask.<value>`` in the catalog."""

    GRACE = "grace"
    INSTALMENTS = "instalments"
    PERSONALISED = "personalised_instalments"
    WAIVE_PENALTY = "waive_penalty"
    STOP_INTEREST = "stop_interest"
    SETTLEMENT = "settlement"
    HARDSHIP_PROGRAM = "hardship_program"
    LOWER_PAYMENT = "lower_payment"
    HARDSHIP_PAUSE = "hardship_pause"


#: Asks that replace the monthly payment by a level one over a term.
PAYMENT_KINDS = frozenset(
    {
        AskKind.INSTALMENTS,
        AskKind.PERSONALISED,
        AskKind.HARDSHIP_PROGRAM,
        AskKind.LOWER_PAYMENT,
        AskKind.STOP_INTEREST,
    }
)


@dataclass(frozen=True)
class AskRule:
    """One row entry: the ask, its term in months (None: no term), the catalog key of
    its legal basis (None: a plain request), and the rules.md reference (for review,
    never shown)."""

    kind: AskKind
    months: int | None = None
    basis: str | None = None
    source: str = ""


_GRACE = AskRule(AskKind.GRACE, GRACE_MONTHS, None, "rules.md §6.3")
_INSTALMENTS = AskRule(AskKind.INSTALMENTS, OTHER_MAX_TERM, None, "rules.md §6.3")
_WAIVE = AskRule(AskKind.WAIVE_PENALTY, None, None, "rules.md §6.3")
_SETTLE = AskRule(AskKind.SETTLEMENT, None, None, "")
_CN_CARD = (
    AskRule(AskKind.PERSONALISED, CARD_MAX_TERM, "agenda.basis.cn_card_instalments", "§2.3e"),
    AskRule(AskKind.WAIVE_PENALTY, None, "agenda.basis.cn_card_penalties", "§2.3a, §2.3d"),
)
_CN_LICENSED = (_GRACE, _INSTALMENTS, _WAIVE)
_PRIVATE = (_GRACE, _INSTALMENTS, _SETTLE)
_GENERAL = (_GRACE, _INSTALMENTS)
_US = (
    AskRule(AskKind.HARDSHIP_PROGRAM, HARDSHIP_MONTHS, None, "our model"),
    AskRule(AskKind.LOWER_PAYMENT, OTHER_MAX_TERM, None, "our model"),
    _SETTLE,
)
_LICENSED = (
    LenderType.BANK_LOAN,
    LenderType.BANK_UNSPLIT,
    LenderType.CONSUMER_FINANCE,
    LenderType.ONLINE_PLATFORM,
    LenderType.MICROLOAN,
)

#: Which asks apply, in the order to make them, by (market, kind of lender).
ASK_TABLE: Mapping[tuple[Market, LenderType], tuple[AskRule, ...]] = MappingProxyType(
    {
        ("CN", LenderType.CREDIT_CARD): _CN_CARD,
        **{("CN", t): _CN_LICENSED for t in _LICENSED},
        ("CN", LenderType.PRIVATE): _PRIVATE,
        ("CN", LenderType.UNKNOWN): _GENERAL,
        ("US", LenderType.CREDIT_CARD): _US,
        **{("US", t): _US for t in _LICENSED},
        ("US", LenderType.PRIVATE): _PRIVATE,
        ("US", LenderType.UNKNOWN): _GENERAL,
        **{("OTHER", t): _GENERAL for t in LenderType},
    }
)


def market(region: str | None) -> Market:
    """The user's region (``cn``, ``us``, anything else or None) as a market."""
    code = (region or "").strip().upper()
    return "CN" if code == "CN" else "US" if code == "US" else "OTHER"


def asks_for(lender_type: LenderType | str, region: str | None) -> tuple[AskRule, ...]:
    """The asks that apply to this kind of lender in this region (see module doc)."""
    return ASK_TABLE[(market(region), LenderType(lender_type))]


def level_instalment(balance: Decimal, apr: Decimal, months: int) -> Decimal:
    """The smallest fixed monthly payment (to the cent) that clears ``balance`` within
    ``months`` under the planner's conventions (interest half-up each month).

    Starts from the annuity ``balance x r / (1 - (1 + r)^-months)``, r = apr / 12,
    rounded up (``Rounding.CLEAR``), and adds cents until the planner clears it.
    Raises :class:`AskError` (``agenda.bad_term``) for months < 1.
    """
    if months < 1:
        raise AskError("agenda.bad_term", months=months)
    if balance <= 0:
        return _ZERO
    rate = apr / 12
    if rate == 0:
        payment = balance / months
    else:
        payment = balance * rate / (1 - (1 + rate) ** -months)
    payment = round_money(payment, Rounding.CLEAR)
    while not _clears(balance, apr, payment, months):
        payment += CENT
    return payment


def _clears(balance: Decimal, apr: Decimal, payment: Decimal, months: int) -> bool:
    probe = PlanDebt(0, "", balance, apr, minimum=payment)
    plan = simulate([probe], payment, "avalanche", max_months=months, keep_schedule=False)
    return plan.feasible


@dataclass(frozen=True)
class AskDebt:
    """A debt as the agenda sees it (amounts Decimal, APRs fractions).

    ``balance`` includes ``arrears``; ``arrears`` and ``arrears_since`` come from the
    billing state (:class:`coach.billing.Arrears`), ``cycle_due`` is this cycle's remaining
    requirement. ``penalty_apr``: charged while overdue (None: none known).
    ``apr_assumed``: the user never gave the rate; ``contract_apr`` is an assumption.
    ``schedule``: the balance is the schedule left, interest included (砍头息, or a balance
    that was the schedule's sum): ``contract_apr`` is then 0, so an ask spreads what is
    left with no interest on top, never more than the contract's payments. ``received``:
    the money that arrived, when less was received than borrowed (an up-front fee).
    """

    id: DebtId
    lender_type: LenderType
    balance: Decimal
    contract_apr: Decimal
    arrears: Decimal = _ZERO
    arrears_since: date | None = None
    cycle_due: Decimal = _ZERO
    penalty_apr: Decimal | None = None
    fees: Decimal = _ZERO
    apr_assumed: bool = False
    schedule: bool = False
    received: Decimal | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "lender_type", LenderType(self.lender_type))

    @property
    def now(self) -> Decimal:
        """What the lender asks now: the arrears and this cycle's requirement."""
        return self.arrears + self.cycle_due

    @property
    def penalised(self) -> bool:
        return (self.penalty_apr is not None and self.penalty_apr > self.contract_apr) or (
            self.fees > 0
        )


@dataclass(frozen=True)
class Ask:
    """One ask with its figures. ``code`` is the catalog key (``agenda.ask.<kind>``).

    ``lender_payment``: a month under the asked terms (None: the lender decides, a
    settlement). ``now``: what the lender asks now (arrears included). ``offer``: what the
    user can offer a month from the plan (a settlement: once). ``meets``: offer >=
    lender_payment (None when the lender decides); ``short_by`` the difference when not.
    ``deferred``: arrears a grace period defers. ``saves``: interest a month a waiver
    saves. ``may_refuse`` is always True: every ask is a request. ``apr_assumed``: ``apr``
    is the debt's assumed rate (never called the contract's). ``schedule``: the ask spreads
    a schedule's balance with no interest on top (:attr:`AskDebt.schedule`).
    """

    kind: AskKind
    debt_id: DebtId
    months: int | None
    apr: Decimal | None
    lender_payment: Decimal | None
    now: Decimal
    offer: Decimal
    meets: bool | None
    short_by: Decimal
    basis: str | None
    deferred: Decimal = _ZERO
    saves: Decimal = _ZERO
    may_refuse: bool = True
    apr_assumed: bool = False
    schedule: bool = False

    @property
    def code(self) -> str:
        return f"agenda.ask.{self.kind.value}"


def compute_ask(debt: AskDebt, rule: AskRule, offer: Decimal, lump: Decimal = _ZERO) -> Ask:
    """The figures of ``rule`` for ``debt`` with ``offer`` a month (``lump`` once, for a
    settlement). See the module doc for each kind."""
    kind, months = rule.kind, rule.months
    apr: Decimal | None = debt.contract_apr
    deferred = saves = _ZERO
    payment: Decimal | None
    if kind in PAYMENT_KINDS:
        term = months or OTHER_MAX_TERM
        if kind is AskKind.STOP_INTEREST:
            apr = _ZERO
        payment = level_instalment(debt.balance, apr or _ZERO, term)
    elif kind is AskKind.GRACE:
        deferred = debt.arrears
        catch_up = round_money(deferred / (months or GRACE_MONTHS), Rounding.CLEAR)
        payment = debt.cycle_due + catch_up
    elif kind is AskKind.WAIVE_PENALTY:
        payment = debt.now
        # Penalty interest runs on the overdue part (as the card counts it): waived, that
        # much less a month, (penalty - contract) x arrears / 12.
        penalty = debt.penalty_apr if debt.penalty_apr is not None else debt.contract_apr
        saves = round_money(min(debt.arrears, debt.balance)
                            * max(penalty - debt.contract_apr, _ZERO) / 12)
    elif kind is AskKind.HARDSHIP_PAUSE:
        payment, apr = _ZERO, None
    else:  # settlement
        payment, apr, offer = None, None, min(lump, debt.balance)
    meets = None if payment is None else offer >= payment
    short = _ZERO if payment is None or meets else payment - offer
    return Ask(kind, debt.id, months, apr, payment, debt.now, offer, meets, short,
               rule.basis, deferred, saves,
               apr_assumed=(debt.apr_assumed and not debt.schedule and apr is not None
                            and apr == debt.contract_apr),
               schedule=debt.schedule and kind is not AskKind.STOP_INTEREST)  # fmt: skip
