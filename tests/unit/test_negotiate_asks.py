"""The asks a call script is built from: the computed agenda's (coach.agenda.negotiate) or
the legacy agenda's items, as coach.negotiation asks that never ask for what can't work."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot.services.negotiate import SETTLE_WITHIN, script_ask
from coach import asks as A
from coach.negotiation import AskKind

TODAY = date(2026, 11, 28)


def _ask(kind: A.AskKind, **kw: object) -> A.Ask:
    base: dict[str, object] = {"kind": kind, "debt_id": 1, "months": None, "apr": None,
                               "lender_payment": None, "now": Decimal(0), "offer": Decimal(0),
                               "meets": None, "short_by": Decimal(0), "basis": None}
    base.update(kw)
    return A.Ask(**base)  # type: ignore[arg-type]


def test_each_agenda_ask_becomes_a_script_ask():
    card = script_ask(_ask(A.AskKind.PERSONALISED, months=60, lender_payment=Decimal("253.94"),
                         offer=Decimal("253.94"), meets=True), TODAY, True)
    assert card is not None and card.primary and card.label == "personalised_instalments"
    assert (card.ask.kind, card.ask.months, card.ask.needed, card.ask.meets) == (
        AskKind.INSTALMENTS, 60, Decimal("253.94"), True)
    grace = script_ask(_ask(A.AskKind.GRACE, months=3, lender_payment=Decimal("466.67"),
                          offer=Decimal("400")), TODAY, False)
    assert grace is not None and grace.ask.kind is AskKind.GRACE and not grace.ask.meets
    waive = script_ask(_ask(A.AskKind.WAIVE_PENALTY, lender_payment=Decimal("800"),
                          offer=Decimal("800")), TODAY, False)
    assert waive is not None and waive.ask.kind is AskKind.STOP_PENALTY and waive.ask.months is None
    pause = script_ask(_ask(A.AskKind.HARDSHIP_PAUSE, months=3, lender_payment=Decimal(0)), TODAY,
                     True)
    assert pause is not None and pause.ask.kind is AskKind.HARDSHIP_PAUSE


def test_a_settlement_needs_money_to_offer_and_gets_a_date():
    assert script_ask(_ask(A.AskKind.SETTLEMENT), TODAY, False) is None  # nothing saved up
    settle = script_ask(_ask(A.AskKind.SETTLEMENT, offer=Decimal("2000")), TODAY, False)
    assert settle is not None and settle.ask.amount == Decimal("2000")
    assert settle.ask.by == TODAY + SETTLE_WITHIN
