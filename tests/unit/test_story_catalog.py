"""Every code the story, what-ifs, agenda and explanation can produce has a text in both
catalogs, with the placeholders the domain fills in."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from coach.asks import ASK_TABLE, AskKind

ROOT = Path(__file__).resolve().parents[2]


def catalog(lang: str) -> dict[str, str]:
    with (ROOT / "bot/i18n" / lang / "LC_MESSAGES/messages.po").open("rb") as fh:
        return {m.id: m.string for m in read_po(fh) if m.id}


def fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


STORY = {
    "plan.story.ends": {"date"},
    "plan.story.overdue": {"overdue", "money"},
    "plan.story.overdue_short": {"overdue", "gap"},
    "plan.story.short": {"gap"},
    "plan.story.never_ends": {"interest", "paid", "grows"},
    "plan.story.too_long": set(),
    "plan.step.overdue_now": {"amount", "since"},
    "plan.step.overdue_part": {"amount", "required", "since"},
    "plan.step.overdue_wait": {"required", "since"},
    "plan.step.by_date": {"amount", "date"},
    "plan.step.by_date_short": {"amount", "date", "required"},
    "plan.step.this_month": {"amount"},
    "plan.whatif.still_short": {"what", "gap"},
    "plan.whatif.once_still_short": {"what", "gap"},
    "plan.whatif.still_never": {"what", "grows"},
    "plan.whatif.still_too_long": {"what"},
    "plan.whatif.closes_gap": {"what", "date"},
    "plan.whatif.now_ends": {"what", "date"},
    "plan.whatif.sooner": {"what", "date", "before", "saved"},
    "plan.whatif.less_interest": {"what", "date", "saved"},
    "plan.whatif.same": {"what", "date"},
    "agenda.why.oldest_arrears": {"amount", "since"},
    "agenda.why.largest_payment": {"amount"},
    "agenda.why.largest_interest": {"amount"},
    "plan.explain.gap": {"required", "money", "gap"},
    "plan.explain.growth": {"interest", "paid", "grows"},
}


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_story_codes_have_texts_with_the_domains_placeholders(lang: str) -> None:
    texts = catalog(lang)
    for code, params in STORY.items():
        assert code in texts, code
        assert fields(texts[code]) <= params | {"lender"}, code


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_every_ask_and_basis_has_a_text(lang: str) -> None:
    texts = catalog(lang)
    for kind in AskKind:
        assert f"agenda.ask.{kind.value}" in texts
        allowed = {"lender", "months", "rate", "payment", "offer", "deferred", "saves", "now"}
        assert fields(texts[f"agenda.ask.{kind.value}"]) <= allowed, kind
    for rules in ASK_TABLE.values():
        for rule in rules:
            assert rule.basis is None or rule.basis in texts
