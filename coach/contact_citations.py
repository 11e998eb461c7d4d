"""The rule each line of the contact log's screens cites, by name and article.

The conduct, complaint and script lines (:mod:`coach.conduct`, :mod:`coach.complaints`,
:mod:`coach.negotiation`, :mod:`coach.complaint_draft`) carry rules.md section ids for
maintainers; users see the rule itself. This table maps each line's catalog code (and,
where one code serves two regions, its first section id) to a key of
:data:`coach.citations.CITATIONS`, which the bot renders with ``bot.i18n.with_citation``.

A line whose citation belongs to another region than the user's cites nothing (a US
user's script never cites the Chinese guideline behind "don't pay into a personal
account"). Lines that are the coach's own guidance, or whose only source is too weak to
name as a rule (the 12321 centre's scope, reported by weak pages), cite nothing:
:data:`UNCITED` lists them so a test can tell a forgotten row from a deliberate one.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from coach.citations import get_citation
from coach.lines import Line
from coach.regions import Region
from coach.regions import region_of as rules_region

__all__ = ["LINE_CITATIONS", "SECTION_CITATIONS", "UNCITED", "citation_for"]

_CN_CONDUCT = {
    "night_contact": "cn.collection.hours",
    "many_attempts": "cn.collection.attempts",
    "many_calls": "cn.collection.connected_calls",
    "contacts_mass": "cn.collection.phone_book",
    "third_party": "cn.collection.contacts",
    "threats": "cn.collection.threats",
    "impersonation": "cn.collection.impersonation",
    "false_claims": "cn.collection.false_claims",
    "personal_account": "cn.collection.fees",
    "borrow_to_pay": "cn.collection.new_loans",
    "improper_visit": "cn.collection.visits",
}
_US_CONDUCT = {
    "night_contact": "us.fdcpa.hours",
    "call_frequency": "us.reg_f.call_frequency",
    "third_party": "us.fdcpa.third_parties",
    "false_claims": "us.fdcpa.false_threats",
    "impersonation": "us.fdcpa.false_threats",
}

#: Catalog code -> citation key.
LINE_CITATIONS: Mapping[str, str] = MappingProxyType({
    **{f"conduct.rule.cn.{c}": k for c, k in _CN_CONDUCT.items()},
    **{f"complaint.breach.cn.{c}": k for c, k in _CN_CONDUCT.items()},
    **{f"conduct.rule.us.{c}": k for c, k in _US_CONDUCT.items()},
    **{f"complaint.breach.us.{c}": k for c, k in _US_CONDUCT.items()},
    "conduct.us.right.cease": "us.fdcpa.stop_contact",
    "conduct.us.right.validation": "us.fdcpa.validation",
    "conduct.us.original_creditor": "us.fdcpa.scope",
    "conduct.us.only_collectors": "us.fdcpa.scope",
    "conduct.found.unanswered_per_day": "cn.collection.attempts",
    "conduct.found.connected_per_day": "cn.collection.connected_calls",
    "conduct.found.seven_in_seven": "us.reg_f.call_frequency",
    "conduct.found.after_conversation": "us.reg_f.call_frequency",
    "complaint.route.lender": "cn.complaint_lines",
    "complaint.route.nfra_12378": "cn.complaint_lines",
    "complaint.route.pboc_12363": "cn.complaint_lines",
    "complaint.route.check_contract": "cn.complaint_lines",
    "complaint.route.credit_objection": "cn.credit_reporting_regs.art25",
    "complaint.route.local_regulator": "cn.microloan.local_regulator",
    "complaint.route.police_110": "cn.collection.police",
    "complaint.route.legal_12348": "cn.legal_advice_12348",
    "complaint.route.cfpb": "us.cfpb.complaint",
    "complaint.unlicensed.may_be_void": "cn.private_lending.unlicensed_void",
    "complaint.unlicensed.police": "cn.criminal_law.art293_1",
    "complaint.unlicensed.legal_advice": "cn.legal_advice_12348",
    "complaint.warn_paid_agents": "cn.agent_warning",
    "negotiate.note.card_plan": "cn.card.instalments",
    "negotiate.avoid.personal_account": "cn.collection.fees",
})
#: (code, first section id) -> citation key, for a code whose rule depends on the region.
SECTION_CITATIONS: Mapping[tuple[str, str], str] = MappingProxyType({
    ("conduct.found.night", "3.2c"): "cn.collection.hours",
    ("conduct.found.night", "7b"): "us.fdcpa.hours",
})
#: Lines with sections that deliberately cite no rule (see the module doc).
UNCITED = frozenset({
    "complaint.route.isc_12321",  # the centre's scope rests on weak pages (V3)
    "complaint.route.local_authority",  # other regions: no rule to name
    "negotiate.avoid.new_loan",  # the coach's own advice (§6.3)
    "negotiate.check.record_cn",  # the coach's own advice (keep evidence, §3)
})


def citation_for(line: Line, region: Region | str | None = None) -> str | None:
    """The citation key of ``line`` (None: it cites nothing). With ``region`` (the
    user's), a citation of another region's rule is dropped."""
    key = LINE_CITATIONS.get(line.code)
    if key is None and line.sections:
        key = SECTION_CITATIONS.get((line.code, line.sections[0]))
    if key is None:
        return None
    if region is not None:
        wanted = region if isinstance(region, Region) else rules_region(str(region))
        if get_citation(key).region is not wanted:
            return None
    return key
