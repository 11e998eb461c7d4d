"""Complaint routing (every lender type x conduct), "may be unlicensed", the warnings."""

from __future__ import annotations

from decimal import Decimal

import pytest

from coach.complaints import (
    CONDUCT_ROUTES,
    REGULATOR,
    ROUTES,
    LicensedLender,
    Problem,
    Role,
    Route,
    is_named_platform,
    licensed_lender,
    may_be_unlicensed,
    route,
    unlicensed_notes,
    warnings_for,
)
from coach.conduct import Region
from coach.contacts import Conduct
from coach.lenders import KNOWN_PLATFORMS, LenderType
from coach.lines import MARKS

C = Conduct
LT = LenderType


def names(steps) -> str:
    return " ".join(s.route.value for s in steps)


# China, every lender type x every conduct, worked out by hand from rules.md §4:
# lender first (not for a private person); the regulator of the licensed lender (banks and
# consumer finance 12378; microloans the local regulator; unknown platform: the contract
# decides); 12321 for harassing calls and leaks; 110 for threats, home intrusion (first)
# and 爆通讯录 (with 12321); 12348 only as advice, for a private lender.
TABLE = [
    ("credit_card", "night_contact", "lender nfra_12378 isc_12321"),
    ("credit_card", "many_attempts", "lender nfra_12378 isc_12321"),
    ("credit_card", "many_calls", "lender nfra_12378 isc_12321"),
    ("credit_card", "call_frequency", "lender nfra_12378 isc_12321"),
    ("credit_card", "contacts_mass", "lender nfra_12378 isc_12321 police_110"),
    ("credit_card", "third_party", "lender nfra_12378 isc_12321"),
    ("credit_card", "threats", "police_110 lender nfra_12378"),
    ("credit_card", "impersonation", "lender nfra_12378"),
    ("credit_card", "false_claims", "lender nfra_12378"),
    ("credit_card", "personal_account", "lender nfra_12378"),
    ("credit_card", "borrow_to_pay", "lender nfra_12378"),
    ("credit_card", "improper_visit", "police_110 lender nfra_12378"),
    ("bank_loan", "night_contact", "lender nfra_12378 isc_12321"),
    ("bank_loan", "many_attempts", "lender nfra_12378 isc_12321"),
    ("bank_loan", "many_calls", "lender nfra_12378 isc_12321"),
    ("bank_loan", "call_frequency", "lender nfra_12378 isc_12321"),
    ("bank_loan", "contacts_mass", "lender nfra_12378 isc_12321 police_110"),
    ("bank_loan", "third_party", "lender nfra_12378 isc_12321"),
    ("bank_loan", "threats", "police_110 lender nfra_12378"),
    ("bank_loan", "impersonation", "lender nfra_12378"),
    ("bank_loan", "false_claims", "lender nfra_12378"),
    ("bank_loan", "personal_account", "lender nfra_12378"),
    ("bank_loan", "borrow_to_pay", "lender nfra_12378"),
    ("bank_loan", "improper_visit", "police_110 lender nfra_12378"),
    ("consumer_finance", "night_contact", "lender nfra_12378 isc_12321"),
    ("consumer_finance", "many_attempts", "lender nfra_12378 isc_12321"),
    ("consumer_finance", "many_calls", "lender nfra_12378 isc_12321"),
    ("consumer_finance", "call_frequency", "lender nfra_12378 isc_12321"),
    ("consumer_finance", "contacts_mass", "lender nfra_12378 isc_12321 police_110"),
    ("consumer_finance", "third_party", "lender nfra_12378 isc_12321"),
    ("consumer_finance", "threats", "police_110 lender nfra_12378"),
    ("consumer_finance", "impersonation", "lender nfra_12378"),
    ("consumer_finance", "false_claims", "lender nfra_12378"),
    ("consumer_finance", "personal_account", "lender nfra_12378"),
    ("consumer_finance", "borrow_to_pay", "lender nfra_12378"),
    ("consumer_finance", "improper_visit", "police_110 lender nfra_12378"),
    ("online_platform", "night_contact", "lender check_contract isc_12321"),
    ("online_platform", "many_attempts", "lender check_contract isc_12321"),
    ("online_platform", "many_calls", "lender check_contract isc_12321"),
    ("online_platform", "call_frequency", "lender check_contract isc_12321"),
    ("online_platform", "contacts_mass", "lender check_contract isc_12321 police_110"),
    ("online_platform", "third_party", "lender check_contract isc_12321"),
    ("online_platform", "threats", "police_110 lender check_contract"),
    ("online_platform", "impersonation", "lender check_contract"),
    ("online_platform", "false_claims", "lender check_contract"),
    ("online_platform", "personal_account", "lender check_contract"),
    ("online_platform", "borrow_to_pay", "lender check_contract"),
    ("online_platform", "improper_visit", "police_110 lender check_contract"),
    ("microloan", "night_contact", "lender local_regulator isc_12321"),
    ("microloan", "many_attempts", "lender local_regulator isc_12321"),
    ("microloan", "many_calls", "lender local_regulator isc_12321"),
    ("microloan", "call_frequency", "lender local_regulator isc_12321"),
    ("microloan", "contacts_mass", "lender local_regulator isc_12321 police_110"),
    ("microloan", "third_party", "lender local_regulator isc_12321"),
    ("microloan", "threats", "police_110 lender local_regulator"),
    ("microloan", "impersonation", "lender local_regulator"),
    ("microloan", "false_claims", "lender local_regulator"),
    ("microloan", "personal_account", "lender local_regulator"),
    ("microloan", "borrow_to_pay", "lender local_regulator"),
    ("microloan", "improper_visit", "police_110 lender local_regulator"),
    ("private", "night_contact", "isc_12321 legal_12348"),
    ("private", "many_attempts", "isc_12321 legal_12348"),
    ("private", "many_calls", "isc_12321 legal_12348"),
    ("private", "call_frequency", "isc_12321 legal_12348"),
    ("private", "contacts_mass", "isc_12321 police_110 legal_12348"),
    ("private", "third_party", "isc_12321 legal_12348"),
    ("private", "threats", "police_110 legal_12348"),
    ("private", "impersonation", "legal_12348"),
    ("private", "false_claims", "legal_12348"),
    ("private", "personal_account", "legal_12348"),
    ("private", "borrow_to_pay", "legal_12348"),
    ("private", "improper_visit", "police_110 legal_12348"),
    ("unknown", "night_contact", "lender check_contract isc_12321"),
    ("unknown", "many_attempts", "lender check_contract isc_12321"),
    ("unknown", "many_calls", "lender check_contract isc_12321"),
    ("unknown", "call_frequency", "lender check_contract isc_12321"),
    ("unknown", "contacts_mass", "lender check_contract isc_12321 police_110"),
    ("unknown", "third_party", "lender check_contract isc_12321"),
    ("unknown", "threats", "police_110 lender check_contract"),
    ("unknown", "impersonation", "lender check_contract"),
    ("unknown", "false_claims", "lender check_contract"),
    ("unknown", "personal_account", "lender check_contract"),
    ("unknown", "borrow_to_pay", "lender check_contract"),
    ("unknown", "improper_visit", "police_110 lender check_contract"),
    ("bank_card", "night_contact", "lender nfra_12378 isc_12321"),
    ("bank_card", "many_attempts", "lender nfra_12378 isc_12321"),
    ("bank_card", "many_calls", "lender nfra_12378 isc_12321"),
    ("bank_card", "call_frequency", "lender nfra_12378 isc_12321"),
    ("bank_card", "contacts_mass", "lender nfra_12378 isc_12321 police_110"),
    ("bank_card", "third_party", "lender nfra_12378 isc_12321"),
    ("bank_card", "threats", "police_110 lender nfra_12378"),
    ("bank_card", "impersonation", "lender nfra_12378"),
    ("bank_card", "false_claims", "lender nfra_12378"),
    ("bank_card", "personal_account", "lender nfra_12378"),
    ("bank_card", "borrow_to_pay", "lender nfra_12378"),
    ("bank_card", "improper_visit", "police_110 lender nfra_12378"),
]


def test_the_table_covers_every_lender_type_and_conduct():
    assert {(t, c) for t, c, _ in TABLE} == {(t.value, c.value) for t in LT for c in C}
    assert set(CONDUCT_ROUTES) == set(C)


@pytest.mark.parametrize(("lender_type", "conduct", "expected"), TABLE)
def test_china_routes_every_lender_type_and_conduct(lender_type, conduct, expected):
    assert names(route(Region.CN, LT(lender_type), conducts={C(conduct)})) == expected


PLATFORMS = [
    # platform lender_kind (coach.lenders), contract lender -> regulator step
    ("consumer_finance_or_funding_bank", None, "nfra_12378"),  # 花呗
    ("consumer_finance_and_partner_banks", None, "nfra_12378"),  # 借呗
    ("bank", None, "nfra_12378"),
    ("local_microloan", None, "local_regulator"),  # §2.1j: not 12378
    ("partner_lenders_and_own_microloan", None, "check_contract"),  # 白条, 美团, ...
    ("partner_lenders", None, "check_contract"),
    ("partner_lenders_and_own_microloan", LicensedLender.MICROLOAN, "local_regulator"),
    ("partner_lenders_and_own_microloan", LicensedLender.BANK, "nfra_12378"),
    ("partner_lenders", LicensedLender.CONSUMER_FINANCE, "nfra_12378"),
    (None, None, "check_contract"),
]


@pytest.mark.parametrize(("kind", "contract", "regulator"), PLATFORMS)
def test_a_platform_goes_to_the_regulator_of_its_licensed_lender(kind, contract, regulator):
    steps = route(Region.CN, LT.ONLINE_PLATFORM, conducts={C.FALSE_CLAIMS},
                  platform_lender_kind=kind, contract_lender=contract)
    assert names(steps) == f"lender {regulator}"


def test_every_lender_kind_of_the_platform_table_is_known():
    kinds = {p.lender_kind for p in KNOWN_PLATFORMS if p.lender_kind}
    for kind in kinds:
        assert licensed_lender(LT.ONLINE_PLATFORM, kind) is not None
    assert licensed_lender(LT.ONLINE_PLATFORM, "something_new") is LicensedLender.UNKNOWN


PROBLEMS = [
    # credit-report error: the free objection first (§5d: 20 days), then 12363
    (LT.CREDIT_CARD, {Problem.CREDIT_REPORT}, set(), "lender credit_objection pboc_12363"),
    (LT.MICROLOAN, {Problem.CREDIT_REPORT}, set(), "lender credit_objection pboc_12363"),
    # charges go to the lender and its regulator
    (LT.CONSUMER_FINANCE, {Problem.CHARGES}, set(), "lender nfra_12378"),
    (LT.MICROLOAN, {Problem.CHARGES}, set(), "lender local_regulator"),
    # both, with conduct: each channel once, in order
    (LT.CREDIT_CARD, {Problem.CREDIT_REPORT}, {C.THREATS, C.CONTACTS_MASS},
     "police_110 lender credit_objection nfra_12378 pboc_12363 isc_12321"),
    (LT.BANK_LOAN, set(), {C.NIGHT_CONTACT, C.MANY_ATTEMPTS, C.THIRD_PARTY},
     "lender nfra_12378 isc_12321"),
    (LT.PRIVATE, {Problem.CHARGES}, set(), "legal_12348"),
]


@pytest.mark.parametrize(("lender_type", "problems", "conducts", "expected"), PROBLEMS)
def test_problems_and_several_conducts(lender_type, problems, conducts, expected):
    assert names(route(Region.CN, lender_type, conducts=conducts, problems=problems)) == expected


@pytest.mark.parametrize("lender_type", list(LT))
@pytest.mark.parametrize("conduct", [C.NIGHT_CONTACT, C.CALL_FREQUENCY, C.THREATS])
def test_the_us_routes_to_the_cfpb_and_other_regions_generally(lender_type, conduct):
    assert names(route(Region.US, lender_type, conducts={conduct})) == "cfpb"
    assert names(route(Region.OTHER, lender_type, conducts={conduct})) == "local_authority"
    assert names(route(Region.US, lender_type, problems={Problem.CREDIT_REPORT})) == "cfpb"


def test_nothing_to_complain_about_routes_nowhere():
    assert route(Region.CN, LT.CREDIT_CARD) == ()


def test_12348_is_advice_never_a_complaint_channel():
    assert ROUTES[Route.LEGAL_12348].role is Role.ADVICE
    assert all(s.role is not Role.COMPLAINT for s in ROUTES.values() if s.route is Route.LEGAL_12348)
    assert Route.LEGAL_12348 not in set(REGULATOR.values())
    for steps in (route(Region.CN, t, conducts={c}) for t in LT for c in C):
        assert all(s.role is Role.ADVICE for s in steps if s.route is Route.LEGAL_12348)


ROUTE_ROWS = [
    (Route.LENDER, Role.COMPLAINT, ("4",), "V3"),
    (Route.CREDIT_OBJECTION, Role.OBJECTION, ("5d",), "V1"),
    (Route.NFRA_12378, Role.COMPLAINT, ("4",), "V3"),
    (Route.LOCAL_REGULATOR, Role.COMPLAINT, ("4", "2.1j"), "V1"),
    (Route.CHECK_CONTRACT, Role.COMPLAINT, ("4", "2.1j"), "V3"),
    (Route.PBOC_12363, Role.COMPLAINT, ("4", "5d"), "V3"),
    (Route.ISC_12321, Role.COMPLAINT, ("4",), "V3"),
    (Route.POLICE_110, Role.POLICE, ("4", "3.1a", "3.1b", "3.1c"), "V1"),
    (Route.LEGAL_12348, Role.ADVICE, ("4",), "V2"),
    (Route.CFPB, Role.COMPLAINT, ("7j",), "V1"),
    (Route.LOCAL_AUTHORITY, Role.COMPLAINT, (), None),
]


@pytest.mark.parametrize(("r", "role", "sections", "mark"), ROUTE_ROWS)
def test_each_channel_rests_on_its_rules(r, role, sections, mark):
    step = ROUTES[r]
    assert (step.role, step.sections, step.mark) == (role, sections, mark)
    assert step.key == f"complaint.route.{r.value}"
    assert step.line.code == step.key and (step.mark in MARKS or step.mark is None)
    assert {row[0] for row in ROUTE_ROWS} == set(Route)


# --- may be unlicensed ---------------------------------------------------------------------

UNLICENSED = [
    # type, named platform, APR, can't find licence -> hedged "may be unlicensed"
    (LT.UNKNOWN, False, Decimal("0.36"), False, True),  # not in the table, over 24%
    (LT.UNKNOWN, False, Decimal("0.24"), False, False),  # exactly 24% is not over
    (LT.UNKNOWN, False, Decimal("0.2401"), False, True),
    (LT.UNKNOWN, False, None, False, False),  # APR unknown
    (LT.UNKNOWN, False, None, True, True),  # the user can't find the licence
    (LT.ONLINE_PLATFORM, True, Decimal("0.36"), False, False),  # a known platform: complain
    (LT.ONLINE_PLATFORM, True, Decimal("0.10"), True, True),
    (LT.MICROLOAN, False, Decimal("0.30"), False, True),
    (LT.CONSUMER_FINANCE, False, Decimal("0.30"), False, True),
    (LT.CREDIT_CARD, False, Decimal("0.30"), True, False),  # a bank's licence isn't in doubt
    (LT.BANK_LOAN, False, Decimal("0.30"), False, False),
    (LT.BANK_UNSPLIT, False, Decimal("0.30"), False, False),
    (LT.PRIVATE, False, Decimal("0.30"), True, False),  # private lending has its own rules
]


@pytest.mark.parametrize(("lender_type", "named", "apr", "no_licence", "expected"), UNLICENSED)
def test_may_be_unlicensed(lender_type, named, apr, no_licence, expected):
    assert may_be_unlicensed(lender_type, named_platform=named, apr=apr,
                             licence_not_found=no_licence) is expected


@pytest.mark.parametrize(("name", "named"), [("花呗", True), ("360借条", True), ("招联", True),
                                             ("小贷", False), ("信用卡", False), ("朋友", False),
                                             ("某某快贷", False), ("", False)])
def test_a_named_platform_is_a_row_that_names_a_lender(name, named):
    assert is_named_platform(name) is named


def test_an_unlicensed_lender_gets_the_hedged_note_police_and_free_advice():
    notes = unlicensed_notes()
    assert [(n.code, n.sections, n.mark) for n in notes] == [
        ("complaint.unlicensed.may_be_void", ("2.1h",), "V1"),
        ("complaint.unlicensed.police", ("3.1a",), "V1"),
        ("complaint.unlicensed.legal_advice", ("4",), "V2")]
    # no lender or regulator channel for a lender that may be unlicensed
    assert names(route(Region.CN, LT.UNKNOWN, conducts={C.THREATS}, unlicensed=True)) == (
        "police_110 legal_12348")
    assert names(route(Region.CN, LT.UNKNOWN, conducts={C.NIGHT_CONTACT}, unlicensed=True)) == (
        "isc_12321 legal_12348")


def test_china_warns_against_paid_agents_and_recommends_none():
    (warning,) = warnings_for(Region.CN)
    assert (warning.code, warning.sections, warning.mark) == (
        "complaint.warn_paid_agents", ("4", "5h"), "V2")
    assert warnings_for(Region.US) == () and warnings_for(Region.OTHER) == ()
    assert not any("agent" in r.value or "optimi" in r.value for r in Route)


def test_plain_strings_from_storage_are_accepted():
    steps = route("cn", "microloan", conducts={"threats"})  # type: ignore[arg-type]
    assert names(steps) == "police_110 lender local_regulator"
    assert licensed_lender("online_platform", "local_microloan") is LicensedLender.MICROLOAN  # type: ignore[arg-type]
