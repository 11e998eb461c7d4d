"""coach.confidence, coach.citations and coach.fact_rules: how sure each statement
sounds, and the rule every statement a user sees rests on (issue 11)."""

from __future__ import annotations

from datetime import date
from itertools import product

import pytest

from coach.citations import CITATIONS, SOURCES, ArticleRef, SourceKind, cn_articles, get_citation
from coach.confidence import Hedge, Mark, Wording, parse_mark, strongest, wording
from coach.errors import CoachError
from coach.fact_rules import ADVICE, AGENDA_VARIANTS, FACT_RULES, agenda_code, rule_of
from coach.lenders import LenderType
from coach.money import D
from coach.overdue import overdue_facts
from coach.regions import Region, region_of
from coach.verdicts import VerdictFlag, assess_both, assess_rate

TODAY = date(2026, 11, 28)

# --- the confidence table -------------------------------------------------------------

WORDINGS = [
    # mark, hedge, wording (rules.md "How to read this file"; issue 11)
    ("V1", Hedge.NONE, Wording.STATE),  # state it, cite the article
    ("C", Hedge.NONE, Wording.STATE),  # our own arithmetic
    ("V2", Hedge.NONE, Wording.PER_SOURCE),  # with the kind and date of the source
    ("V3", Hedge.NONE, Wording.REPORTEDLY),
    ("R", Hedge.NONE, Wording.NEVER),
    ("V1/V2", Hedge.NONE, Wording.PER_SOURCE),  # a mixed mark follows its weaker part...
    ("V2/V3", Hedge.NONE, Wording.REPORTEDLY),
    ("R/V3", Hedge.NONE, Wording.REPORTEDLY),  # ...its weaker *shown* part: R is never shown
    ("V1/R", Hedge.NONE, Wording.STATE),
    ("V2", Hedge.WINDOW_GUIDANCE, Wording.REPORTEDLY),  # §2.4b, §2.4d
    ("V2", Hedge.UNPUBLISHED_TARGET, Wording.REPORTEDLY),  # §2.4e, §2.4f
    ("V1", Hedge.UNPUBLISHED_TARGET, Wording.REPORTEDLY),
    ("R", Hedge.WINDOW_GUIDANCE, Wording.NEVER),
]


@pytest.mark.parametrize(("mark", "hedge", "expected"), WORDINGS)
def test_the_wording_follows_the_mark(mark: str, hedge: Hedge, expected: Wording) -> None:
    assert wording(mark, hedge) is expected


@pytest.mark.parametrize("bad", ["", "V4", "v1", "V1/", "verified"])
def test_an_unknown_mark_is_an_error_with_a_code(bad: str) -> None:
    with pytest.raises(CoachError) as info:
        parse_mark(bad)
    assert info.value.code == "mark.invalid"


def test_no_statement_shown_to_users_rests_on_a_recalled_fact() -> None:
    assert all(row.wording is not Wording.NEVER for row in FACT_RULES.values())


def test_no_statement_is_stronger_than_the_strongest_part_of_its_citation() -> None:
    order = list(Wording)
    for row in FACT_RULES.values():
        parts = [m for p in row.cited.parts for m in parse_mark(p.source.mark)]
        best = wording(strongest(parts).value)
        assert order.index(row.wording) >= order.index(best), row.code


# --- the tables -----------------------------------------------------------------------


def test_every_cited_key_exists() -> None:
    for row in FACT_RULES.values():
        assert row.citation in CITATIONS, row.code
        assert get_citation(row.citation).key == row.citation
    with pytest.raises(CoachError) as info:
        get_citation("rules.md §5b")
    assert info.value.code == "citation.unknown"


def test_advice_cites_nothing_and_rules_are_not_advice() -> None:
    assert not ADVICE & set(FACT_RULES)
    assert rule_of("fact.help.keep_records") is None
    with pytest.raises(CoachError) as info:
        rule_of("fact.cn.no_such_fact")
    assert info.value.code == "citation.unmapped"


def test_every_source_has_a_kind_a_mark_and_a_rules_md_row() -> None:
    for source in SOURCES.values():
        assert isinstance(source.kind, SourceKind)
        parse_mark(source.mark)
        assert source.ref.startswith("§")
        assert source.region is (Region.US if source.key.startswith("us_") else Region.CN)
        # V2 reports, guidelines and standards are cited with their date.
        dated_kinds = (SourceKind.NEWS_REPORT, SourceKind.GUIDELINE, SourceKind.NATIONAL_STANDARD)
        if wording(source.mark, source.hedge) is Wording.PER_SOURCE and source.kind in dated_kinds:
            assert source.issued is not None, source.key


@pytest.mark.parametrize(
    ("article", "refs"),
    [
        ("16", (ArticleRef(16),)),
        ("25–26", (ArticleRef(25, to=26),)),
        ("31(2)", (ArticleRef(31, paragraph=2),)),
        ("293-1", (ArticleRef(293, sub=1),)),
        ("250, 253–255, 266", (ArticleRef(250), ArticleRef(253, to=255), ArticleRef(266))),
    ],
)
def test_chinese_articles_parse(article: str, refs: tuple[ArticleRef, ...]) -> None:
    assert cn_articles(article) == refs


@pytest.mark.parametrize("bad", ["", "art. 16", "26–25", "16(a)", "§805"])
def test_a_bad_article_is_an_error_with_a_code(bad: str) -> None:
    with pytest.raises(CoachError) as info:
        cn_articles(bad)
    assert info.value.code == "citation.bad_article"


def test_every_article_in_the_table_is_readable() -> None:
    for citation in CITATIONS.values():
        for part in citation.parts:
            if part.article is None:
                continue
            if part.source.region is Region.US:
                assert part.article.startswith("§")
            else:
                cn_articles(part.article)


# --- every statement the coach emits has a row ----------------------------------------


def _emitted_fact_codes() -> set[str]:
    codes = set()
    for region, lender_type, days, reports, today in product(
        Region, LenderType, (0, 10, 400), (True, False, None), (date(2026, 2, 1), TODAY)
    ):
        for fact in overdue_facts(days, reports, lender_type, region, today=today):
            codes.add(fact.code)
            row = rule_of(fact.code)
            assert fact.citation == (row.citation if row is not None else None)
    return codes


def test_every_fact_has_a_row() -> None:
    codes = _emitted_fact_codes()
    assert {"fact.cn.report.kept_5_years", "fact.us.cannot.call_frequency"} <= codes
    assert codes <= set(FACT_RULES) | ADVICE


def test_every_verdict_and_flag_has_a_row() -> None:
    contracts = (date(2018, 1, 1), date(2024, 10, 1), date(2026, 3, 1), None)
    rates = ("0.05", "0.12", "0.1340", "0.13", "0.24", "0.30")
    verdicts = []
    for lender_type, contract, rate, month_only in product(
        LenderType, contracts, rates, (False, True)
    ):
        verdicts.append(
            assess_rate(D(rate), lender_type, contract, TODAY, contract_month_only=month_only)
        )
    for contract, rate in product(contracts, rates):
        verdicts.extend(assess_both(D(rate), contract, TODAY))
    for verdict in verdicts:
        for code in verdict.codes:
            assert code in FACT_RULES or code in ADVICE, code
        row = FACT_RULES.get(verdict.codes[-1])
        assert verdict.rule == (row.citation if row is not None else None)
    for flag in VerdictFlag:
        assert f"flag.{flag.value}" in FACT_RULES or f"flag.{flag.value}" in ADVICE


AGENDA_CODES = [
    # kind, citation, region, code
    ("stop_penalty", "cn.card.court_may_reduce", Region.CN, "agenda.stop_penalty.cn_card"),
    ("stop_penalty", "cn.card.court_may_reduce", Region.US, "agenda.stop_penalty"),
    ("stop_penalty", "cn.courts_may_reduce_loans", Region.CN, "agenda.stop_penalty.cn_licensed"),
    ("stop_penalty", "cn.private_lending.overdue_cap", Region.OTHER, "agenda.stop_penalty"),
    (
        "restructure_instalments", "cn.card.instalments", Region.CN,
        "agenda.restructure_instalments.cn_card",
    ),
    ("restructure_instalments", None, Region.CN, "agenda.restructure_instalments"),
    ("grace_period", None, Region.US, "agenda.grace_period"),
    ("seek_help", "cn.legal_advice_12348", Region.CN, "agenda.seek_help.cn"),
    ("seek_help", "cn.legal_advice_12348", Region.US, "agenda.seek_help.us"),
    ("seek_help", "cn.legal_advice_12348", Region.OTHER, "agenda.seek_help.other"),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "citation", "region", "code"), AGENDA_CODES)
def test_agenda_asks_are_worded_by_region(
    kind: str, citation: str | None, region: Region, code: str
) -> None:
    assert agenda_code(kind, citation, region) == code
    assert code in FACT_RULES or code in ADVICE


def test_agenda_variants_cite_the_rule_of_the_ask() -> None:
    for (_kind, citation), code in AGENDA_VARIANTS.items():
        assert FACT_RULES[code].citation == citation


@pytest.mark.parametrize(
    ("setting", "region"),
    [("cn", Region.CN), ("us", Region.US), ("other", Region.OTHER), (None, Region.OTHER),
     ("CN", Region.CN)],
)  # fmt: skip
def test_the_region_comes_from_the_setting(setting: str | None, region: Region) -> None:
    assert region_of(setting) is region


def test_an_unknown_region_setting_is_an_error() -> None:
    with pytest.raises(CoachError) as info:
        region_of("fr")
    assert info.value.code == "region.unsupported"


def test_marks_enum_covers_rules_md() -> None:
    assert {m.value for m in Mark} == {"V1", "V2", "V3", "R", "C"}
