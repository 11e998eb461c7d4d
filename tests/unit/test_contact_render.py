"""The bot renders the domain's lines in both languages: a call script shows every field,
each rule by name, and nothing is left as a placeholder; the complaint draft is plain text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from itertools import product
from typing import Any

import pytest

from bot.i18n import t
from coach.complaint_draft import build_complaint
from coach.conduct import Region
from coach.contact_chain import seal
from coach.contacts import Channel, Conduct, ContactEntry, Direction, Party
from coach.lenders import LenderType
from coach.negotiation import Ask, AskKind, Hardship, ScriptInput, build_script
from handlers.contacts_render import complaint_text, render

SH = timezone(timedelta(hours=8))


@dataclass
class FakeTurn:
    """What the renderers read of a Turn: the language and the currency."""

    lang: str
    currency: str | None = "CNY"

    def t(self, key: str, **params: Any) -> str:
        return t(self.lang, key, **params)


ASKS = [
    Ask(AskKind.GRACE, offer=Decimal("800"), needed=Decimal("700"), months=3),
    Ask(AskKind.INSTALMENTS, offer=Decimal("361.53"), needed=Decimal("361.53"), months=36),
    Ask(AskKind.STOP_PENALTY, offer=Decimal("500")),
    Ask(AskKind.SETTLEMENT, offer=Decimal("3000"), amount=Decimal("3000"), by=date(2026, 12, 28)),
    Ask(AskKind.HARDSHIP_PAUSE, offer=Decimal(0), months=3),
    Ask(AskKind.INSTALMENTS, offer=Decimal("200"), needed=Decimal("361.53"), months=36),
]


@pytest.mark.parametrize(("lang", "region", "ask", "hardship"), [
    (lang, region, ask, hardship)
    for (lang, region), ask, hardship in product(
        [("zh_CN", Region.CN), ("en", Region.US), ("en", Region.OTHER), ("zh_CN", Region.OTHER)],
        ASKS, Hardship)
])
def test_a_script_shows_every_field_in_both_languages(lang, region, ask, hardship):
    inp = ScriptInput(region, "招行信用卡", LenderType.CREDIT_CARD, hardship, ask, last4="1234")
    script = build_script(inp)
    turn = FakeTurn(lang)
    text = "\n".join(render(turn, ln, region) for ln in script.lines)  # type: ignore[arg-type]
    assert "招行信用卡" in text and "1234" in text  # who they are and which account
    assert t(lang, f"negotiate.say.hardship.{hardship.value}") in text  # the hardship
    assert not re.search(r"\{[a-z_]+\}", text)  # every placeholder filled
    shown = text.replace(",", "")
    if ask.meets and ask.kind is not AskKind.SETTLEMENT and ask.offer > 0:
        assert str(ask.offer) in shown or str(ask.needed) in shown  # the figures asked
    if not ask.meets:  # never an ask that can't work: what they can pay instead
        assert str(ask.needed) in shown and str(ask.offer) in shown
    records = "录音" in text or "record the call" in text.lower()
    assert records is (region is Region.CN)  # China: record it; the US: nothing about it
    if region is Region.US:
        assert "record" not in text.lower()
    if region is Region.CN:  # the card plan's rule, by name and article
        assert "第七十条" in text


def test_the_complaint_draft_is_plain_text_with_every_breach():
    at = datetime(2026, 11, 27, 23, 30, tzinfo=SH)
    entry = seal(ContactEntry(1, at, "Asia/Shanghai", at, Direction.INBOUND, Channel.CALL,
                              Party.AGENCY, agency="某某<催收>", note="不还就上门 & 威胁",
                              flags=frozenset({Conduct.THREATS})), None)
    for lang, needle in (("zh_CN", "威胁、辱骂"), ("en", "Threats, insults or abuse")):
        draft = build_complaint([entry], region=Region.CN, lender="花呗",
                                lender_type=LenderType.ONLINE_PLATFORM, debt_id=1)
        text = complaint_text(FakeTurn(lang), draft, Region.CN)  # type: ignore[arg-type]
        assert needle in text and "某某<催收>" in text and "& 威胁" in text  # unescaped
        assert entry.short_hash in text and "<b>" not in text and "&amp;" not in text
