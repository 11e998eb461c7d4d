"""A script for calling the lender, built from the user's own numbers.

:func:`build_script` returns catalog lines (:class:`coach.lines.Line`), in sections:

* ``say``: who the user is and which account (lender, last four digits if known); the
  hardship in one honest sentence they chose; that they want to repay; the ask. The ask
  comes from the input: what the lender would need under the asked terms (``needed``)
  and what the user can offer. When the offer doesn't meet it the script never asks for
  those terms: it says what the user can pay and asks what the lender can do.
* ``ask_agent``: their name or staff ID, written confirmation of any agreement, the
  lender's complaint channel (US: also whether they are the lender or a collector).
* ``avoid``: agreeing to an amount they can't pay, borrowing elsewhere to pay, paying
  into a personal account.
* ``checklist``: for the call; in China a reminder to record it and keep evidence
  (rules.md §3). For US users nothing about recording calls: rules.md has no sourced row.
* ``notes`` for the user: for a Chinese credit card the personalised instalment plan of
  up to 5 years the bank *may* grant (§2.3e, V3: "reportedly"); why an ask was replaced;
  in other regions that the rules differ (no legal claims there).

The script makes no legal claim except the marked note. Money params are Decimals
(``offer``, ``needed``, ``payment``, ``amount``); see :mod:`coach.lines`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from coach.conduct import Region
from coach.contacts import Channel, Direction, OutcomeKind, Party
from coach.errors import CoachError
from coach.lenders import LenderType
from coach.lines import Line, line
from coach.money import MAX_AMOUNT

__all__ = [
    "AGENDA_ASKS",
    "ASK_OUTCOMES",
    "CARD_PLAN_MAX_MONTHS",
    "Ask",
    "AskKind",
    "CallScript",
    "Hardship",
    "LogPrefill",
    "NegotiationError",
    "ScriptInput",
    "build_script",
]

#: The personalised card instalment plan runs up to 5 years (rules.md §2.3e).
CARD_PLAN_MAX_MONTHS = 60
_MAX_MONTHS = 360


class NegotiationError(CoachError, ValueError):
    """Script input that can't work; code ``negotiate.invalid`` with ``field``."""

    code = "negotiate.invalid"


class Hardship(StrEnum):
    JOB_LOSS = "job_loss"
    ILLNESS = "illness"
    INCOME_CUT = "income_cut"
    OTHER = "other"


class AskKind(StrEnum):
    GRACE = "grace"  # a grace period of ``months`` on the arrears
    INSTALMENTS = "instalments"  # instalments over ``months``
    STOP_PENALTY = "stop_penalty"  # stop penalty interest
    WAIVE_FEES = "waive_fees"
    STOP_INTEREST = "stop_interest"  # stop all interest
    SETTLEMENT = "settlement"  # settle for ``amount`` by ``by``
    HARDSHIP_PAUSE = "hardship_pause"  # pause payments for ``months``


#: The outcome to preselect in /log after asking for each kind.
ASK_OUTCOMES: Mapping[AskKind, OutcomeKind] = MappingProxyType({
    AskKind.GRACE: OutcomeKind.GRACE,
    AskKind.INSTALMENTS: OutcomeKind.INSTALMENTS,
    AskKind.STOP_PENALTY: OutcomeKind.PENALTY_STOPPED,
    AskKind.WAIVE_FEES: OutcomeKind.FEES_WAIVED,
    AskKind.STOP_INTEREST: OutcomeKind.INTEREST_STOPPED,
    AskKind.SETTLEMENT: OutcomeKind.SETTLEMENT,
    AskKind.HARDSHIP_PAUSE: OutcomeKind.GRACE,
})
#: The negotiation agenda's item kinds (coach.agenda.ItemKind) as asks.
AGENDA_ASKS: Mapping[str, AskKind] = MappingProxyType({
    "grace_period": AskKind.GRACE,
    "stop_penalty": AskKind.STOP_PENALTY,
    "restructure_instalments": AskKind.INSTALMENTS,
    "reduce_minimum": AskKind.INSTALMENTS,
})
_NEEDS_MONTHS = frozenset({AskKind.GRACE, AskKind.INSTALMENTS, AskKind.HARDSHIP_PAUSE})


def _money_ok(value: Decimal | None, *, positive: bool = False) -> bool:
    if value is None:
        return True
    return (isinstance(value, Decimal) and value.is_finite() and value <= MAX_AMOUNT
            and (value > 0 if positive else value >= 0))


@dataclass(frozen=True)
class Ask:
    """What to ask for. ``offer``: what the user can pay, a month (for a settlement: in one
    go by ``by``). ``needed``: what the lender would need under the asked terms, in the
    same unit (the agenda's payment; for a settlement its ``amount``); None when unknown,
    then the ask is made as it stands. ``months``: for a grace period, instalments or a
    pause; ``amount``/``by``: the settlement asked for."""

    kind: AskKind
    offer: Decimal
    needed: Decimal | None = None
    months: int | None = None
    amount: Decimal | None = None
    by: date | None = None

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "kind", AskKind(self.kind))
        except ValueError:
            raise NegotiationError(field="kind") from None
        if not _money_ok(self.offer) or self.offer is None:
            raise NegotiationError(field="offer")
        if not _money_ok(self.needed):
            raise NegotiationError(field="needed")
        if self.kind in _NEEDS_MONTHS and (
            self.months is None or isinstance(self.months, bool)
            or not 1 <= self.months <= _MAX_MONTHS
        ):
            raise NegotiationError(field="months")
        if self.kind is AskKind.SETTLEMENT:
            if self.amount is None or not _money_ok(self.amount, positive=True):
                raise NegotiationError(field="amount")
            if self.by is None:
                raise NegotiationError(field="by")

    @property
    def lender_needs(self) -> Decimal | None:
        """What the asked terms need: ``needed``, or for a settlement its amount."""
        if self.needed is not None:
            return self.needed
        return self.amount if self.kind is AskKind.SETTLEMENT else None

    @property
    def meets(self) -> bool:
        """Whether the user's offer meets what the asked terms need (unknown: yes)."""
        need = self.lender_needs
        return need is None or self.offer >= need


@dataclass(frozen=True)
class ScriptInput:
    region: Region
    lender: str
    lender_type: LenderType
    hardship: Hardship
    ask: Ask
    last4: str | None = None  # the account's last four digits, if known
    debt_id: int | None = None

    def __post_init__(self) -> None:
        for name, enum in (("region", Region), ("lender_type", LenderType), ("hardship", Hardship)):
            try:
                object.__setattr__(self, name, enum(getattr(self, name)))
            except ValueError:
                raise NegotiationError(field=name) from None
        if not isinstance(self.lender, str) or not self.lender.strip() or len(self.lender) > 100:
            raise NegotiationError(field="lender")
        if self.last4 is not None and not re.fullmatch(r"[0-9]{4}", str(self.last4)):
            raise NegotiationError(field="last4")


@dataclass(frozen=True)
class LogPrefill:
    """What /log starts with after the call: one tap to record the outcome."""

    debt_id: int | None
    direction: Direction
    channel: Channel
    party: Party
    ask: AskKind
    outcome: OutcomeKind


@dataclass(frozen=True)
class CallScript:
    say: tuple[Line, ...]
    ask_agent: tuple[Line, ...]
    avoid: tuple[Line, ...]
    checklist: tuple[Line, ...]
    notes: tuple[Line, ...]
    meets: bool
    prefill: LogPrefill

    @property
    def lines(self) -> tuple[Line, ...]:
        """Every line, section by section (say, ask the agent, avoid, checklist, notes)."""
        return self.say + self.ask_agent + self.avoid + self.checklist + self.notes


def _card_plan(inp: ScriptInput) -> bool:
    return inp.region is Region.CN and inp.lender_type is LenderType.CREDIT_CARD


def _ask_line(inp: ScriptInput) -> Line:
    a = inp.ask
    if not a.meets:
        if a.kind is AskKind.SETTLEMENT:
            return line("negotiate.say.ask.open_lump", offer=a.offer)
        if a.offer == 0:
            return line("negotiate.say.ask.open_nothing")
        return line("negotiate.say.ask.open", offer=a.offer)
    if a.kind is AskKind.SETTLEMENT:
        return line("negotiate.say.ask.settlement", amount=a.amount, date=a.by)
    if a.kind is AskKind.INSTALMENTS:
        payment = a.needed if a.needed is not None else a.offer
        months = a.months
        if _card_plan(inp) and months is not None and months <= CARD_PLAN_MAX_MONTHS:
            return line("negotiate.say.ask.card_instalments", months=months, payment=payment)
        return line("negotiate.say.ask.instalments", months=months, payment=payment)
    if a.kind in (AskKind.GRACE, AskKind.HARDSHIP_PAUSE):
        suffix = "_nothing" if a.offer == 0 else ""
        params = {"months": a.months} if a.offer == 0 else {"months": a.months, "offer": a.offer}
        return line(f"negotiate.say.ask.{a.kind.value}{suffix}", **params)
    if a.offer == 0:
        return line(f"negotiate.say.ask.{a.kind.value}_nothing")
    return line(f"negotiate.say.ask.{a.kind.value}", offer=a.offer)


def build_script(inp: ScriptInput) -> CallScript:
    """The call script for ``inp`` (see the module doc for its sections)."""
    a = inp.ask
    intro = (line("negotiate.say.intro_account", lender=inp.lender, last4=inp.last4)
             if inp.last4 else line("negotiate.say.intro", lender=inp.lender))
    say = (intro, line(f"negotiate.say.hardship.{inp.hardship.value}"),
           line("negotiate.say.want_to_repay"), _ask_line(inp))
    ask_agent = [line("negotiate.ask_agent.name_id"), line("negotiate.ask_agent.written"),
                 line("negotiate.ask_agent.complaint_channel")]
    if inp.region is Region.US:
        ask_agent.append(line("negotiate.ask_agent.us_who"))
    avoid = (line("negotiate.avoid.unaffordable"), line("negotiate.avoid.new_loan", "6.3"),
             line("negotiate.avoid.personal_account", "3.2c"))
    checklist = [line("negotiate.check.ready"), line("negotiate.check.notes"),
                 line("negotiate.check.pause")]
    if inp.region is Region.CN:
        checklist.append(line("negotiate.check.record_cn", "3"))
    checklist.append(line("negotiate.check.log_after"))
    notes: list[Line] = []
    if _card_plan(inp):
        notes.append(line("negotiate.note.card_plan", "2.3e", mark="V3",
                          years=CARD_PLAN_MAX_MONTHS // 12))
    if not a.meets:
        notes.append(line("negotiate.note.not_meeting", needed=a.lender_needs, offer=a.offer))
    if inp.region is Region.OTHER:
        notes.append(line("negotiate.note.rules_differ"))
    prefill = LogPrefill(inp.debt_id, Direction.OUTBOUND, Channel.CALL, Party.LENDER, a.kind,
                         ASK_OUTCOMES[a.kind])
    return CallScript(say, tuple(ask_agent), avoid, tuple(checklist), tuple(notes), a.meets,
                      prefill)
