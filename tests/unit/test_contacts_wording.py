"""Legal statements are worded exactly as strong as their rules.md mark, in both catalogs:
V1 stated and cited, V2 with its source ("as reported", "according to"), V3 "reportedly"
(据报道), and lines with no mark make no citation."""

from __future__ import annotations

import re
from decimal import Decimal

from coach.complaints import ROUTES, unlicensed_notes, warnings_for
from coach.conduct import CONDUCT_RULES, Region, checks_for
from coach.contacts import Party
from coach.lenders import LenderType
from coach.lines import line
from coach.negotiation import Ask, AskKind, Hardship, ScriptInput, build_script
from coach.outcomes import check_promise
from tests.unit.test_i18n import _catalog


def test_legal_lines_are_worded_as_strong_as_their_mark():
    en, zh = _catalog("en"), _catalog("zh_CN")
    lines = [r.explanation for r in CONDUCT_RULES] + [s.line for s in ROUTES.values()]
    lines += list(unlicensed_notes()) + list(warnings_for(Region.CN))
    lines += [n for p in Party for r in Region for n in checks_for(r, p).notes + checks_for(r, p).rights]
    card = build_script(ScriptInput(Region.CN, "招商银行", LenderType.CREDIT_CARD, Hardship.OTHER,
                                    Ask(AskKind.GRACE, offer=Decimal(0), months=3)))
    promise = check_promise(Decimal(2), Decimal(1))
    assert promise is not None
    lines += [*card.notes, promise]
    lines += [line(f"complaint.breach.{r.region.value}.{r.conduct.value}", mark=r.mark)
              for r in CONDUCT_RULES if r.region is not Region.OTHER]
    assert {ln.mark for ln in lines} == {"V1", "V2", "V3", None}
    for ln in lines:
        if ln.mark == "V3":
            assert "reportedly" in en[ln.code].lower() and "据报道" in zh[ln.code], ln.code
        elif ln.mark == "V2":
            assert re.search(r"as reported|according to|as described", en[ln.code], re.I), ln.code
            assert re.search(r"据", zh[ln.code]), ln.code
        elif ln.mark == "V1":
            # stated and cited: an article, a section or a named law
            assert re.search(r"art\. |§|CFR|Law|Code|Regulation|Court|FDCPA|CFPB", en[ln.code]), ln.code
            assert re.search(r"第|条|法|条例|批复|FDCPA|CFR|CFPB", zh[ln.code]), ln.code
        else:
            assert not re.search(r"art\. |§", en[ln.code]), ln.code


PREFIXES = ("negotiate.", "contact.", "conduct.", "complaint.", "outcome.")
#: Facts rules.md marks R (recalled, unsourced) that must never be shown.
RECALLED = ("12377", "12315", "Rosenthal", "Shenzhen", "深圳", "141号", "111号", "第四十二条",
            "art. 42", "art. 41")


def test_no_recalled_fact_is_shown():
    for lang in ("en", "zh_CN"):
        for key, text in _catalog(lang).items():
            if key.startswith(PREFIXES):
                assert not any(r in text for r in RECALLED), (lang, key)
