"""Citations users can follow: the rules behind every statement, as data.

Users never see "rules.md §x". They see the rule's **name and article** and the
**kind of source** (law, judicial interpretation, national standard, guideline,
news report...), e.g. 《征信业管理条例》第十六条 or "FDCPA §805(a)(1)", and,
for a V2 source, its date. This module holds:

- :data:`SOURCES`: each rule text or report once: its name (a catalog code,
  ``rule.<key>``), kind, confidence mark (rules.md), date and region;
- :data:`CITATIONS`: what a statement cites: one or more ``(source, article)``
  parts under one key, e.g. ``"cn.credit_reporting_regs.art16"``. These keys are
  what :class:`coach.overdue.Fact`, :class:`coach.verdicts.RateVerdict`,
  :data:`coach.verdicts.FLAG_CITATIONS` and :mod:`coach.fact_rules` hold.

The mapping from each user-facing statement to its citation, one row per
statement with its mark, is :data:`coach.fact_rules.FACT_RULES`. Rendering (the
names, articles as 第十六条 / "art. 16", kinds and dates in the user's language) is
the bot's job (``bot.i18n.cite``). ``ref`` names the rules.md rows for
maintainers and is never shown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from coach.confidence import Hedge, Mark, Wording, parse_mark, weakest_shown, wording
from coach.errors import CoachError
from coach.regions import Region

__all__ = [
    "CITATIONS",
    "SOURCES",
    "ArticleRef",
    "Citation",
    "Cited",
    "Source",
    "SourceKind",
    "cn_articles",
    "get_citation",
]


class SourceKind(StrEnum):
    """What kind of text a source is (catalog: ``source_kind.<value>``)."""

    LAW = "law"  # a statute: 民法典, 刑法, FDCPA, FCRA
    REGULATION = "regulation"  # State Council or regulator rules, US federal regulations
    JUDICIAL_INTERPRETATION = "judicial_interpretation"  # 最高人民法院 司法解释
    NATIONAL_STANDARD = "national_standard"  # GB/T
    GUIDELINE = "guideline"  # industry or court guidance documents
    OFFICIAL_PAGE = "official_page"  # an official web page (PBOC Q&A, CFPB, NIFC)
    NEWS_REPORT = "news_report"  # what a rule says, as reported in the news


@dataclass(frozen=True, slots=True)
class Source:
    """One rule text or report. ``key`` is also its catalog name code ``rule.<key>``."""

    key: str
    kind: SourceKind
    mark: str  # its confidence mark in rules.md, e.g. "V1", "V2/V3"
    region: Region
    ref: str  # rules.md rows, for maintainers only
    issued: date | None = None  # shown with V2 sources ("per the 2026 guideline")
    hedge: Hedge = Hedge.NONE

    @property
    def name_code(self) -> str:
        return f"rule.{self.key}"

    @property
    def kind_code(self) -> str:
        return f"source_kind.{self.kind.value}"


@dataclass(frozen=True, slots=True)
class Cited:
    """One part of a citation: a source and, where it has them, its article(s).

    Chinese articles are written ``"16"``, ``"25–26"`` (a range, en dash),
    ``"31(2)"`` (article 31, paragraph 2), ``"293-1"`` (article 293-1, 之一) and
    lists ``"250, 253–255, 266"``; US sections as printed: ``"§805(a)(1)"``.
    """

    source: Source
    article: str | None = None


@dataclass(frozen=True, slots=True)
class Citation:
    """What a statement cites: ``parts``, the first being the main rule."""

    key: str
    parts: tuple[Cited, ...]

    @property
    def main(self) -> Cited:
        return self.parts[0]

    @property
    def name(self) -> str:
        """The catalog code of the main rule's name, ``rule.<source>``."""
        return self.main.source.name_code

    @property
    def article(self) -> str | None:
        return self.main.article

    @property
    def kind(self) -> SourceKind:
        return self.main.source.kind

    @property
    def region(self) -> Region:
        return self.main.source.region

    @property
    def mark(self) -> str:
        """The weakest shown mark of its parts (the citation is as strong as that)."""
        marks = [m for part in self.parts for m in parse_mark(part.source.mark)]
        weakest = weakest_shown(marks)
        return weakest.value if weakest is not None else Mark.R.value

    @property
    def wording(self) -> Wording:
        hedged = [p.source.hedge for p in self.parts if p.source.hedge is not Hedge.NONE]
        return wording(self.mark, hedged[0] if hedged else Hedge.NONE)


def _s(
    key: str,
    kind: SourceKind,
    mark: str,
    ref: str,
    *,
    issued: date | None = None,
    hedge: Hedge = Hedge.NONE,
) -> Source:
    region = Region.US if key.startswith("us_") else Region.CN
    return Source(key, kind, mark, region, ref, issued, hedge)


_K = SourceKind
_SOURCE_LIST = (
    # China: laws and regulations read in the primary text (rules.md §9).
    _s("cn_civil_code", _K.LAW, "V1", "§2.1l, §3.1d-e, §6.1a-d"),
    _s("cn_criminal_law", _K.LAW, "V1", "§3.1a-b, §6.2f"),
    _s("cn_pipl", _K.LAW, "V1", "§3.1f-g"),
    _s("cn_civil_procedure_law", _K.LAW, "V1", "§6.2a-c"),
    _s("cn_public_security_law", _K.LAW, "V1", "§3.1c"),
    _s("cn_credit_reporting_regs", _K.REGULATION, "V1", "§5a-d"),
    _s("cn_spc_private_lending", _K.JUDICIAL_INTERPRETATION, "V1", "§2.1a-i"),
    _s("cn_spc_bank_card", _K.JUDICIAL_INTERPRETATION, "V1", "§2.3d, §6.1g"),
    _s("cn_spc_limitation", _K.JUDICIAL_INTERPRETATION, "V1", "§6.1e-f"),
    _s("cn_spc_dishonest_list", _K.JUDICIAL_INTERPRETATION, "V1", "§6.2d"),
    _s("cn_spc_spending_ban", _K.JUDICIAL_INTERPRETATION, "V1", "§6.2e"),
    _s("cn_spc_internet_courts", _K.JUDICIAL_INTERPRETATION, "V1", "§4 (courts)"),
    _s("cn_spc_microloan_reply", _K.JUDICIAL_INTERPRETATION, "V1", "§2.1j"),
    # China: texts known only at second hand. A date is given only where rules.md has
    # one (the year of an undated source is part of its catalog name).
    _s("cn_spc_financial_opinion", _K.GUIDELINE, "R/V3", "§2.4h"),
    _s("cn_cbrc_card_measures", _K.REGULATION, "V3", "§2.3e, §3.1i"),
    _s("cn_pboc_card_notice", _K.REGULATION, "V2/V3", "§2.3a"),
    _s("cn_card_rate_reform", _K.NEWS_REPORT, "V2", "§2.3b", issued=date(2021, 1, 11)),
    _s("cn_gbt_45251", _K.NATIONAL_STANDARD, "V2/V3", "§3.2a", issued=date(2025, 2, 28)),
    _s("cn_cba_collection", _K.GUIDELINE, "V2", "§3.2c", issued=date(2026, 1, 30)),
    _s("cn_agent_warning", _K.NEWS_REPORT, "V2", "§4 (agents)", issued=date(2026, 2, 6)),
    _s("cn_credit_repair_warning", _K.NEWS_REPORT, "V2", "§5h", issued=date(2025, 8, 12)),
    _s("cn_one_off_repair", _K.OFFICIAL_PAGE, "V1/V2", "§5f", issued=date(2025, 12, 22)),
    _s("cn_12348", _K.NEWS_REPORT, "V2", "§4 (12348)", issued=date(2023, 1, 19)),
    _s("cn_complaint_lines", _K.NEWS_REPORT, "V3", "§4 (12378, 12363)"),
    _s("cn_window_guidance", _K.NEWS_REPORT, "V2", "§2.4b", hedge=Hedge.WINDOW_GUIDANCE),
    _s(
        "cn_rate_tiers", _K.NEWS_REPORT, "V2", "§2.4e",
        issued=date(2026, 1, 9), hedge=Hedge.UNPUBLISHED_TARGET,
    ),
    _s(
        "cn_microloan_guideline", _K.NEWS_REPORT, "V2", "§2.4f",
        issued=date(2026, 1, 15), hedge=Hedge.UNPUBLISHED_TARGET,
    ),
    _s("cn_lpr", _K.OFFICIAL_PAGE, "V2", "§2.2"),
    _s("cn_pboc_2021_3", _K.NEWS_REPORT, "V2", "§1.1a, §1.1d", issued=date(2021, 3, 31)),
    # United States (rules.md §7).
    _s("us_fdcpa", _K.LAW, "V1", "§7a-g"),
    _s("us_reg_f", _K.REGULATION, "V1", "§7e, §7h"),
    _s("us_fcra", _K.LAW, "V1/V2", "§7i"),
    _s("us_cfpb", _K.OFFICIAL_PAGE, "V1/V2", "§7j"),
)  # fmt: skip
SOURCES: Mapping[str, Source] = MappingProxyType({s.key: s for s in _SOURCE_LIST})


def _c(key: str, *parts: tuple[str, str | None]) -> Citation:
    return Citation(key, tuple(Cited(SOURCES[src], art) for src, art in parts))


_CITATION_LIST = (
    # Credit report (rules.md §5).
    _c("cn.credit_reporting_regs.art15", ("cn_credit_reporting_regs", "15")),
    _c("cn.credit_reporting_regs.art16", ("cn_credit_reporting_regs", "16")),
    _c("cn.credit_reporting_regs.art17", ("cn_credit_reporting_regs", "17")),
    _c("cn.credit_reporting_regs.art25", ("cn_credit_reporting_regs", "25–26")),
    _c("cn.one_off_repair", ("cn_one_off_repair", None)),
    _c(
        "cn.credit_repair_scam",
        ("cn_credit_repair_warning", None), ("cn_credit_reporting_regs", "16"),
        ("cn_one_off_repair", None),
    ),
    # What a lender can and cannot do (§6.2, §3).
    _c("cn.civil_procedure.sue", ("cn_civil_procedure_law", "165"), ("cn_spc_internet_courts", "2")),
    _c("cn.civil_procedure.payment_order", ("cn_civil_procedure_law", "225–227")),
    _c(
        "cn.civil_procedure.enforcement",
        ("cn_civil_procedure_law", "250, 253–255, 266"), ("cn_spc_spending_ban", "3"),
    ),
    _c("cn.criminal_law.art196", ("cn_criminal_law", "196")),
    _c("cn.dishonest_list", ("cn_spc_dishonest_list", "1")),
    _c("cn.collection.hours", ("cn_cba_collection", None), ("cn_gbt_45251", None)),
    _c(
        "cn.collection.contacts",
        ("cn_cba_collection", None), ("cn_gbt_45251", None), ("cn_civil_code", "1032–1033"),
    ),
    _c("cn.collection.fees", ("cn_cba_collection", None)),
    # Collection conduct a user can flag on a logged contact (§3, coach.contact_citations).
    _c("cn.collection.attempts", ("cn_cba_collection", None)),
    _c("cn.collection.connected_calls", ("cn_gbt_45251", None)),
    _c("cn.collection.phone_book", ("cn_cba_collection", None), ("cn_pipl", "13")),
    _c("cn.collection.threats", ("cn_cba_collection", None), ("cn_public_security_law", None)),
    _c("cn.collection.impersonation", ("cn_cba_collection", None)),
    _c(
        "cn.collection.false_claims",
        ("cn_cba_collection", None), ("cn_criminal_law", "196"), ("cn_spc_dishonest_list", "1"),
    ),
    _c("cn.collection.new_loans", ("cn_cba_collection", None)),
    _c("cn.collection.visits", ("cn_cba_collection", None), ("cn_civil_code", "1033")),
    _c(
        "cn.collection.police",
        ("cn_criminal_law", "253-1, 293-1"), ("cn_public_security_law", None),
    ),
    _c("cn.criminal_law.art293_1", ("cn_criminal_law", "293-1")),
    # Help (§4).
    _c("cn.complaint_lines", ("cn_complaint_lines", None)),
    _c("cn.agent_warning", ("cn_agent_warning", None)),
    _c("cn.legal_advice_12348", ("cn_12348", None)),
    _c("cn.microloan.local_regulator", ("cn_spc_microloan_reply", None)),
    # Products (§2.1, §2.3, §2.4).
    _c("cn.card.instalments", ("cn_cbrc_card_measures", "70")),
    _c("cn.card.no_late_fees", ("cn_pboc_card_notice", None)),
    _c("cn.card.court_may_reduce", ("cn_spc_bank_card", "2")),
    _c("cn.card.market_rates", ("cn_card_rate_reform", None)),
    _c("cn.card.rate_line", ("cn_card_rate_reform", None), ("cn_window_guidance", None)),
    _c("cn.courts_may_reduce_loans", ("cn_spc_financial_opinion", None)),
    _c("cn.private_lending.cap", ("cn_spc_private_lending", "25")),
    _c("cn.private_lending.overdue_cap", ("cn_spc_private_lending", "28–29")),
    _c("cn.private_lending.pre_2020", ("cn_spc_private_lending", "31(2)")),
    _c("cn.private_lending.unlicensed_void", ("cn_spc_private_lending", "13")),
    _c("cn.licensed.rate_line", ("cn_window_guidance", None), ("cn_rate_tiers", None)),
    _c("cn.licensed.rate_tiers", ("cn_rate_tiers", None)),
    _c("cn.microloan.target", ("cn_microloan_guideline", None)),
    _c("cn.lpr", ("cn_lpr", None)),
    # The annualised rate: all costs on the money actually used (rules.md §1.1a, §1.1d).
    _c("cn.apr_disclosure", ("cn_pboc_2021_3", None)),
    _c("cn.civil_code.art670", ("cn_civil_code", "670")),
    # Limitation (§6.1).
    _c("cn.limitation.restarts", ("cn_civil_code", "188, 195"), ("cn_spc_limitation", "8")),
    _c("cn.limitation.waiver", ("cn_civil_code", "192"), ("cn_spc_limitation", "19")),
    # United States (§7).
    _c("us.fcra.seven_years", ("us_fcra", "§605(a)(4), (c)(1)")),
    _c("us.fdcpa.scope", ("us_fdcpa", "§803(6)")),
    _c("us.fdcpa.hours", ("us_fdcpa", "§805(a)(1), (a)(3)")),
    _c("us.reg_f.call_frequency", ("us_reg_f", "§1006.14(b)(2)")),
    _c("us.fdcpa.false_threats", ("us_fdcpa", "§807")),
    _c("us.fdcpa.third_parties", ("us_fdcpa", "§805(b)")),
    _c("us.fdcpa.stop_contact", ("us_fdcpa", "§805(c)")),
    _c("us.fdcpa.validation", ("us_fdcpa", "§809(b)")),
    _c("us.reg_f.time_barred", ("us_reg_f", "§1006.26(b)")),
    _c("us.cfpb.complaint", ("us_cfpb", None)),
)  # fmt: skip
CITATIONS: Mapping[str, Citation] = MappingProxyType({c.key: c for c in _CITATION_LIST})


def get_citation(key: str) -> Citation:
    """The citation under ``key``. Raises ``CoachError("citation.unknown", key=...)``."""
    try:
        return CITATIONS[key]
    except KeyError:
        raise CoachError("citation.unknown", key=key) from None


# --- Chinese article numbers ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """Article ``number`` (to ``to`` for a range), sub-article ``sub`` (之一) and
    paragraph ``paragraph`` (款), as printed in a Chinese statute."""

    number: int
    to: int | None = None
    sub: int | None = None
    paragraph: int | None = None


_ARTICLE = re.compile(r"^(\d{1,4})(?:–(\d{1,4})|-(\d))?(?:\((\d)\))?$")


def cn_articles(article: str) -> tuple[ArticleRef, ...]:
    """Parse a Chinese article string (see :class:`Cited`): ``"250, 253–255"`` ->
    ``(ArticleRef(250), ArticleRef(253, to=255))``. Raises
    ``CoachError("citation.bad_article", article=...)``."""
    refs = []
    for part in article.split(","):
        m = _ARTICLE.match(part.strip())
        if m is None:
            raise CoachError("citation.bad_article", article=article)
        number, to, sub, paragraph = (int(g) if g else None for g in m.groups())
        assert number is not None
        if to is not None and to <= number:
            raise CoachError("citation.bad_article", article=article)
        refs.append(ArticleRef(number, to, sub, paragraph))
    return tuple(refs)
