"""Every line of the contact log's screens names its rule (or is deliberately uncited),
never one of another region, and every key it names exists."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal
from itertools import product

import pytest

from coach.citations import CITATIONS, get_citation
from coach.complaints import ROUTES, unlicensed_notes, warnings_for
from coach.conduct import CONDUCT_RULES, Region, checks_for, findings
from coach.contact_chain import seal
from coach.contact_citations import LINE_CITATIONS, SECTION_CITATIONS, UNCITED, citation_for
from coach.contacts import Channel, ContactEntry, Direction, Party
from coach.lenders import LenderType
from coach.lines import Line, line
from coach.negotiation import Ask, AskKind, Hardship, ScriptInput, build_script
from coach.regions import Region as RulesRegion

SH = timezone(timedelta(hours=8))


def _script_lines() -> list[Line]:
    out: list[Line] = []
    for region, lender_type in product(Region, (LenderType.CREDIT_CARD, LenderType.MICROLOAN)):
        ask = Ask(AskKind.INSTALMENTS, offer=Decimal(500), needed=Decimal(400), months=12)
        out += build_script(ScriptInput(region, "X", lender_type, Hardship.OTHER, ask)).lines
    return out


def _found_lines() -> list[Line]:
    def call(day: int, hour: int, n: int, seq: int) -> ContactEntry:
        at = datetime(2026, 11, day, hour, 0, tzinfo=SH)
        return ContactEntry(1, at, "Asia/Shanghai", at, Direction.INBOUND, Channel.CALL,
                            Party.AGENCY, attempts=n, connected=True, seq=seq)

    prev = None
    chain = []
    for i, (day, hour, n) in enumerate([(20, 23, 1), (21, 10, 9), (21, 11, 1), (21, 12, 1),
                                        (21, 13, 1)], 1):
        prev = seal(call(day, hour, n, i), prev)
        chain.append(prev)
    return [f.line for region in (Region.CN, Region.US) for f in findings(chain, region)]


def _all_lines() -> list[Line]:
    lines = [r.explanation for r in CONDUCT_RULES] + [r.line for r in ROUTES.values()]
    for region, party in product(Region, Party):
        offer = checks_for(region, party)
        lines += [*offer.notes, *offer.rights]
    lines += [*unlicensed_notes(), *warnings_for(Region.CN), *_script_lines(), *_found_lines()]
    return lines


def test_the_findings_fixture_covers_every_kind():
    codes = {ln.code for ln in _found_lines()}
    assert codes == {"conduct.found.night", "conduct.found.unanswered_per_day",
                     "conduct.found.connected_per_day", "conduct.found.seven_in_seven",
                     "conduct.found.after_conversation"}


@pytest.mark.parametrize("ln", [ln for ln in _all_lines() if ln.sections or ln.mark],
                         ids=lambda ln: f"{ln.code}@{','.join(ln.sections)}")
def test_every_line_that_rests_on_a_rule_cites_it(ln: Line):
    if ln.code in UNCITED or ln.code == "conduct.rule.other":
        assert citation_for(ln) is None
        return
    key = citation_for(ln)
    assert key is not None, ln.code
    assert key in CITATIONS


def test_every_key_in_the_tables_exists():
    for key in [*LINE_CITATIONS.values(), *SECTION_CITATIONS.values()]:
        assert get_citation(key).key == key


@pytest.mark.parametrize(("code", "sections", "region", "expected"), [
    ("conduct.found.night", ("3.2c", "3.2a"), "cn", "cn.collection.hours"),
    ("conduct.found.night", ("7b",), "us", "us.fdcpa.hours"),
    ("conduct.found.night", ("7b",), "cn", None),  # never another region's rule
    ("negotiate.avoid.personal_account", ("3.2c",), "us", None),
    ("negotiate.avoid.personal_account", ("3.2c",), "cn", "cn.collection.fees"),
    ("conduct.rule.us.third_party", ("7c",), RulesRegion.US, "us.fdcpa.third_parties"),
    ("complaint.route.isc_12321", ("4",), "cn", None),
])
def test_a_citation_is_kept_only_in_its_own_region(code, sections, region, expected):
    assert citation_for(line(code, *sections), region) == expected


def test_the_new_citations_name_their_articles():
    police = get_citation("cn.collection.police")
    assert [p.article for p in police.parts] == ["253-1, 293-1", None]
    assert get_citation("us.fdcpa.third_parties").article == "§805(b)"
