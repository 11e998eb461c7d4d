"""Every statement a user sees, mapped to the rule it rests on: one row per statement.

A row names the statement's catalog code (``fact.*``, ``verdict.*``, ``flag.*``,
``agenda.*``), the citation key it cites (:data:`coach.citations.CITATIONS`) and its
own confidence mark, which decides its wording (:mod:`coach.confidence`): a
statement marked V3, or resting on window guidance or an unpublished supervisory
target, says "reportedly" / "据报道" in both catalogs; one marked only R is never
shown. The mark of a statement may be weaker than its citation's strongest part
(it says more than the rule), never stronger.

:data:`ADVICE` lists the statements that are the coach's own guidance ("keep
records", "ask for time"): they cite no rule and make no legal claim.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from coach.citations import CITATIONS, Citation, get_citation
from coach.confidence import Hedge, Wording, wording
from coach.errors import CoachError
from coach.regions import Region

__all__ = ["ADVICE", "AGENDA_VARIANTS", "FACT_RULES", "FactRule", "agenda_code", "rule_of"]


@dataclass(frozen=True, slots=True)
class FactRule:
    """What a statement cites and how sure it is."""

    code: str
    citation: str  # a key of CITATIONS
    mark: str  # the statement's confidence mark, e.g. "V1", "V2/V3"
    hedge: Hedge = Hedge.NONE

    @property
    def wording(self) -> Wording:
        return wording(self.mark, self.hedge)

    @property
    def cited(self) -> Citation:
        return get_citation(self.citation)


_WG, _UT = Hedge.WINDOW_GUIDANCE, Hedge.UNPUBLISHED_TARGET
_LEVELS = ("ok", "at_threshold", "above_threshold")


def _rows() -> list[FactRule]:
    r = FactRule
    rows = [
        # Credit report (rules.md §5).
        r("fact.cn.report.notice_first", "cn.credit_reporting_regs.art15", "V1"),
        r("fact.cn.report.kept_5_years", "cn.credit_reporting_regs.art16", "V1"),
        r("fact.cn.report.check_own_report", "cn.credit_reporting_regs.art17", "V1"),
        r("fact.cn.report.one_off_repair", "cn.one_off_repair", "V1/V2"),
        r("fact.cn.report.objection_free", "cn.credit_reporting_regs.art25", "V1"),
        r("fact.cn.report.repair_is_scam", "cn.credit_repair_scam", "V2"),
        # What a lender can and cannot do (§6.2, §3).
        r("fact.cn.can.sue", "cn.civil_procedure.sue", "V1"),
        r("fact.cn.can.payment_order", "cn.civil_procedure.payment_order", "V1"),
        r("fact.cn.can.enforce_judgment", "cn.civil_procedure.enforcement", "V1"),
        r("fact.cn.cannot.arrest_for_debt", "cn.criminal_law.art196", "V1"),
        r("fact.cn.cannot.blacklist_for_inability", "cn.dishonest_list", "V1"),
        r("fact.cn.cannot.collect_at_night", "cn.collection.hours", "V2"),
        # The guarantor part rests on GB/T 45251-2025, whose content is V2/V3 (§3.2a).
        r("fact.cn.cannot.contact_third_parties", "cn.collection.contacts", "V2/V3"),
        r("fact.cn.cannot.charge_collection_fees", "cn.collection.fees", "V2"),
        # Products (§2.1, §2.3, §2.4h).
        r("fact.cn.product.card_personalised_instalments", "cn.card.instalments", "V3"),
        r("fact.cn.product.card_no_interest_on_penalties", "cn.card.no_late_fees", "V2/V3"),
        r("fact.cn.product.card_court_may_reduce", "cn.card.court_may_reduce", "V1"),
        r("fact.cn.product.bank_loan_court_may_reduce", "cn.courts_may_reduce_loans", "R/V3"),
        r("fact.cn.product.private_overdue_cap", "cn.private_lending.overdue_cap", "V1"),
        r("fact.cn.product.unlicensed_may_be_void", "cn.private_lending.unlicensed_void", "V1"),
        # An up-front fee (砍头息): all fees count in the APR (§1.1a, §1.1d); interest
        # deducted in advance is not lent (§2.1l, Civil Code art. 670).
        r("fact.cn.upfront.all_fees_count", "cn.apr_disclosure", "V2"),
        r("fact.cn.upfront.not_lent", "cn.civil_code.art670", "V1"),
        # Limitation (§6.1).
        r("fact.cn.time.limitation_restarts", "cn.limitation.restarts", "V1"),
        r("fact.cn.time.acknowledging_waives", "cn.limitation.waiver", "V1"),
        # Where to turn (§4).
        r("fact.cn.help.complain_lender_first", "cn.complaint_lines", "V3"),
        r("fact.cn.help.avoid_paid_agents", "cn.agent_warning", "V2"),
        r("fact.cn.help.legal_advice_12348", "cn.legal_advice_12348", "V2"),
        # United States (§7).
        r("fact.us.report.kept_7_years", "us.fcra.seven_years", "V1/V2"),
        r("fact.us.cannot.fdcpa_scope", "us.fdcpa.scope", "V2"),
        r("fact.us.cannot.contact_hours", "us.fdcpa.hours", "V1"),
        r("fact.us.cannot.call_frequency", "us.reg_f.call_frequency", "V1"),
        r("fact.us.cannot.false_threats", "us.fdcpa.false_threats", "V1"),
        r("fact.us.can.written_stop_request", "us.fdcpa.stop_contact", "V1"),
        r("fact.us.can.validation_dispute", "us.fdcpa.validation", "V1/V2"),
        # The revival of the clock by a payment is V3 (§7h, meddebtsol.us).
        r("fact.us.time.time_barred_no_suit", "us.reg_f.time_barred", "V1/V3"),
        r("fact.us.help.cfpb_complaint", "us.cfpb.complaint", "V1/V2"),
        # Flags of a rate verdict.
        r("flag.unlicensed_void", "cn.private_lending.unlicensed_void", "V1"),
        r("flag.contract_date_assumed", "cn.private_lending.cap", "V1"),
        r("flag.contract_date_assumed_licensed", "cn.licensed.rate_tiers", "V2", _UT),
        r("flag.month_two_caps", "cn.private_lending.cap", "V1"),
        r("flag.new_loan_tiers", "cn.licensed.rate_tiers", "V2", _UT),
        r("flag.microloan_target", "cn.microloan.target", "V2", _UT),
        r("flag.court_may_reduce", "cn.card.court_may_reduce", "V1"),
        # Agenda asks with a Chinese rule behind them (see AGENDA_VARIANTS).
        r("agenda.stop_penalty.cn_card", "cn.card.court_may_reduce", "V1"),
        r("agenda.stop_penalty.cn_private", "cn.private_lending.overdue_cap", "V1"),
        r("agenda.stop_penalty.cn_licensed", "cn.courts_may_reduce_loans", "R/V3"),
        r("agenda.restructure_instalments.cn_card", "cn.card.instalments", "V3"),
        r("agenda.seek_help.cn", "cn.legal_advice_12348", "V2"),
        # The new agenda's grounds for a card's asks (rules.md §2.3e V3; §2.3a V2/V3 + §2.3d V1).
        r("agenda.basis.cn_card_instalments", "cn.card.instalments", "V3"),
        r("agenda.basis.cn_card_penalties", "cn.card.no_late_fees", "V2/V3"),
        # Rate verdicts: verdict.<basis>.<level>.
        r("verdict.card.ok", "cn.card.market_rates", "V2"),
        *(r(f"verdict.card.{lv}", "cn.card.rate_line", "V2", _WG) for lv in _LEVELS[1:]),
        *(r(f"verdict.bank_loan.{lv}", "cn.courts_may_reduce_loans", "R/V3") for lv in _LEVELS),
        *(r(f"verdict.pre_2020.old_{lv}", "cn.private_lending.pre_2020", "V1") for lv in _LEVELS),
        *(r(f"verdict.pre_2020.new_{lv}", "cn.private_lending.pre_2020", "V1") for lv in _LEVELS),
    ]
    for basis in ("licensed", "if_licensed"):
        for lv in (*_LEVELS, "second_look"):
            rows.append(r(f"verdict.{basis}.{lv}", "cn.licensed.rate_line", "V2", _WG))
    # 4 x LPR at the contract date (art. 25); a lender of unknown kind is never told
    # "protected": its flag unlicensed_void adds art. 13 (rules.md §2.1h).
    for basis, levels in (
        ("lpr_cap", (*_LEVELS, "depends")),
        ("unlicensed", (*_LEVELS, "depends")),
        ("if_private", _LEVELS),
    ):
        for lv in levels:
            rows.append(r(f"verdict.{basis}.{lv}", "cn.private_lending.cap", "V1"))
    return rows


FACT_RULES: Mapping[str, FactRule] = MappingProxyType({row.code: row for row in _rows()})

#: The coach's own guidance: no rule cited, no legal claim made.
ADVICE: frozenset[str] = frozenset(
    {
        "fact.help.ask_for_time_or_instalments",
        "fact.help.no_new_loans_to_repay",
        "fact.help.keep_records",
        "fact.cn.product.bank_card_or_loan",
        "fact.other.rules_differ",
        "flag.lender_unknown",
        "flag.lpr_stale",
        "flag.lpr_unverified",
        "verdict.bank_unsplit.info",
        "agenda.grace_period",
        "agenda.stop_penalty",
        "agenda.restructure_instalments",
        "agenda.reduce_minimum",
        "agenda.seek_help.us",
        "agenda.seek_help.other",
        # The computed agenda (coach.agenda.negotiate): requests and their figures.
        *(f"agenda.ask.{k}" for k in (
            "grace", "hardship_pause", "hardship_program", "instalments", "lower_payment",
            "personalised_instalments", "settlement", "stop_interest", "waive_penalty")),
        *(f"agenda.why.{k}" for k in ("largest_interest", "largest_payment", "oldest_arrears")),
        "agenda.call_first", "agenda.lender.now", "agenda.lender.overdue",
        "agenda.lender.overdue_only", "agenda.lender.overdue_undated",
        "agenda.lender.overdue_undated_more", "agenda.may_refuse",
        "agenda.offer.meets", "agenda.offer.short", "agenda.short_by", "agenda.help",
    }
)

#: Agenda asks worded for the Chinese rule behind them: (kind, citation) -> code.
AGENDA_VARIANTS: Mapping[tuple[str, str], str] = MappingProxyType(
    {
        ("stop_penalty", "cn.card.court_may_reduce"): "agenda.stop_penalty.cn_card",
        ("stop_penalty", "cn.private_lending.overdue_cap"): "agenda.stop_penalty.cn_private",
        ("stop_penalty", "cn.courts_may_reduce_loans"): "agenda.stop_penalty.cn_licensed",
        ("restructure_instalments", "cn.card.instalments"): (
            "agenda.restructure_instalments.cn_card"
        ),
    }
)


def rule_of(code: str) -> FactRule | None:
    """The row of statement ``code``; None for :data:`ADVICE`. Raises
    ``CoachError("citation.unmapped", statement=...)`` for a code with no row at all."""
    row = FACT_RULES.get(code)
    if row is None and code not in ADVICE:
        raise CoachError("citation.unmapped", statement=code)
    return row


def agenda_code(kind: str, citation: str | None, region: Region) -> str:
    """The catalog code of an agenda ask for the user's region.

    In mainland China an ask backed by a rule gets its own wording (e.g. a card's
    个性化分期, rules.md §2.3e, "reportedly"); elsewhere the plain request, which
    cites no Chinese rule. ``seek_help`` names the help of the region.
    """
    if kind == "seek_help":
        return f"agenda.seek_help.{region.value.lower()}"
    if region is Region.CN and citation is not None:
        return AGENDA_VARIANTS.get((kind, citation), f"agenda.{kind}")
    return f"agenda.{kind}"


# Every row cites a known key (also checked by the tests, with the reverse direction).
assert all(row.citation in CITATIONS for row in FACT_RULES.values())
