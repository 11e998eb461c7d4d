"""Where to complain when a rule was broken, and the warnings that go with it (rules.md §4).

Routing is a table (:data:`ROUTES` for what each channel is, :data:`REGULATOR` for which
regulator supervises which kind of licensed lender, :data:`CONDUCT_ROUTES` for the
channels particular conduct adds), applied by :func:`route`:

* China: the lender's own complaint channel first (§4); then the regulator of the
  licensed lender: 12378 for banks and consumer-finance companies, and for a platform
  whose licensed lender is one of them; the local financial regulator (地方金融管理局)
  for microloan companies and a platform whose licensed lender is one (§2.1j); when the
  platform's lender is unknown, the contract names it (``check_contract``). A credit-
  report error starts with the free objection procedure (§5d: an answer within 20 days),
  then 12363. Harassing calls, spam SMS and personal-information leaks, 爆通讯录 among
  them, also go to 12321; threats, violence, stalking, home intrusion and mass messages to
  contacts to the police, 110 (爆通讯录 to both). Threats and home intrusion put 110 first.
  12348 is free legal advice, never a complaint channel (``Role.ADVICE``), suggested for a
  private lender or one that may be unlicensed.
* US: the CFPB (§7j).
* Other regions: general guidance (the rules differ where you live).

A paid "debt optimisation" / "credit repair" agent is never recommended; China's routes
come with the warning against them (:func:`warnings_for`, §4, §5h). The complaint draft
is in :mod:`coach.complaint_draft`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from coach.conduct import Region
from coach.contacts import Conduct
from coach.lenders import LenderType, find_platform
from coach.lines import Line, line

__all__ = [
    "CONDUCT_ROUTES",
    "DANGER",
    "GENERIC_PLATFORM_KEYS",
    "PAID_AGENT_WARNING",
    "REGULATOR",
    "ROUTES",
    "UNLICENSED_APR",
    "LicensedLender",
    "Problem",
    "Role",
    "Route",
    "RouteStep",
    "is_named_platform",
    "licensed_lender",
    "may_be_unlicensed",
    "route",
    "unlicensed_notes",
    "warnings_for",
]


class Route(StrEnum):
    LENDER = "lender"  # the lender's own complaint channel
    CREDIT_OBJECTION = "credit_objection"  # objection to the credit reference centre/lender
    NFRA_12378 = "nfra_12378"
    LOCAL_REGULATOR = "local_regulator"  # 地方金融管理局
    CHECK_CONTRACT = "check_contract"  # 12378 or the local regulator, by the contract's lender
    PBOC_12363 = "pboc_12363"
    ISC_12321 = "isc_12321"
    POLICE_110 = "police_110"
    LEGAL_12348 = "legal_12348"
    CFPB = "cfpb"
    LOCAL_AUTHORITY = "local_authority"  # other regions: whoever regulates lenders there


class Role(StrEnum):
    COMPLAINT = "complaint"
    OBJECTION = "objection"  # a correction procedure (credit report), not a complaint
    POLICE = "police"
    ADVICE = "advice"  # free advice; never a complaint channel


class Problem(StrEnum):
    """What is wrong besides collection conduct."""

    CREDIT_REPORT = "credit_report"  # an error in the credit report
    CHARGES = "charges"  # rates or fees (too high, not disclosed)


class LicensedLender(StrEnum):
    """Who actually lent, as far as supervision goes."""

    BANK = "bank"
    CONSUMER_FINANCE = "consumer_finance"
    MICROLOAN = "microloan"
    PRIVATE = "private"
    UNKNOWN = "unknown"  # e.g. a platform whose partner lender isn't known


@dataclass(frozen=True)
class RouteStep:
    """One channel: ``key`` is ``complaint.route.<route>``; sections and mark as rules.md."""

    route: Route
    role: Role
    sections: tuple[str, ...]
    mark: str | None

    @property
    def key(self) -> str:
        return f"complaint.route.{self.route.value}"

    @property
    def line(self) -> Line:
        return line(self.key, *self.sections, mark=self.mark)


#: What each channel is. Marks: the channel rows of rules.md §4 are V3 (numbers certain,
#: scope and hours from weak pages), so their wording says "reportedly" about scope; the
#: objection procedure is the regulation itself (§5d, V1); the police row is V1 for the
#: laws; the local regulator supervising microloan companies rests on the SPC reply
#: (§2.1j, V1); 12348 V2; the CFPB V1/V2 (§7j, worded from its own pages).
ROUTES: Mapping[Route, RouteStep] = MappingProxyType({
    r.route: r for r in (
        RouteStep(Route.LENDER, Role.COMPLAINT, ("4",), "V3"),
        RouteStep(Route.CREDIT_OBJECTION, Role.OBJECTION, ("5d",), "V1"),
        RouteStep(Route.NFRA_12378, Role.COMPLAINT, ("4",), "V3"),
        RouteStep(Route.LOCAL_REGULATOR, Role.COMPLAINT, ("4", "2.1j"), "V1"),
        RouteStep(Route.CHECK_CONTRACT, Role.COMPLAINT, ("4", "2.1j"), "V3"),
        RouteStep(Route.PBOC_12363, Role.COMPLAINT, ("4", "5d"), "V3"),
        RouteStep(Route.ISC_12321, Role.COMPLAINT, ("4",), "V3"),
        RouteStep(Route.POLICE_110, Role.POLICE, ("4", "3.1a", "3.1b", "3.1c"), "V1"),
        RouteStep(Route.LEGAL_12348, Role.ADVICE, ("4",), "V2"),
        RouteStep(Route.CFPB, Role.COMPLAINT, ("7j",), "V1"),
        RouteStep(Route.LOCAL_AUTHORITY, Role.COMPLAINT, (), None),
    )
})

#: The regulator of each kind of licensed lender (China).
REGULATOR: Mapping[LicensedLender, Route | None] = MappingProxyType({
    LicensedLender.BANK: Route.NFRA_12378,
    LicensedLender.CONSUMER_FINANCE: Route.NFRA_12378,
    LicensedLender.MICROLOAN: Route.LOCAL_REGULATOR,
    LicensedLender.UNKNOWN: Route.CHECK_CONTRACT,
    LicensedLender.PRIVATE: None,
})

#: Channels that particular conduct adds (China): 12321 for harassing calls and messages
#: and personal-information leaks; 110 for threats, home intrusion and 爆通讯录.
CONDUCT_ROUTES: Mapping[Conduct, frozenset[Route]] = MappingProxyType({
    Conduct.NIGHT_CONTACT: frozenset({Route.ISC_12321}),
    Conduct.MANY_ATTEMPTS: frozenset({Route.ISC_12321}),
    Conduct.MANY_CALLS: frozenset({Route.ISC_12321}),
    Conduct.CALL_FREQUENCY: frozenset({Route.ISC_12321}),
    Conduct.CONTACTS_MASS: frozenset({Route.ISC_12321, Route.POLICE_110}),
    Conduct.THIRD_PARTY: frozenset({Route.ISC_12321}),
    Conduct.THREATS: frozenset({Route.POLICE_110}),
    Conduct.IMPERSONATION: frozenset(),
    Conduct.FALSE_CLAIMS: frozenset(),
    Conduct.PERSONAL_ACCOUNT: frozenset(),
    Conduct.BORROW_TO_PAY: frozenset(),
    Conduct.IMPROPER_VISIT: frozenset({Route.POLICE_110}),
})
#: Conduct that puts the police first: the user's safety comes before a complaint.
DANGER: frozenset[Conduct] = frozenset({Conduct.THREATS, Conduct.IMPROPER_VISIT})

#: lenders.KnownPlatform.lender_kind -> who lent. A platform's partner lenders may be
#: banks, consumer-finance or microloan companies: unknown until the contract says.
_PLATFORM_LENDER: Mapping[str, LicensedLender] = MappingProxyType({
    "bank": LicensedLender.BANK,
    "issuing_bank": LicensedLender.BANK,
    "consumer_finance": LicensedLender.CONSUMER_FINANCE,
    "consumer_finance_or_funding_bank": LicensedLender.CONSUMER_FINANCE,
    "consumer_finance_and_partner_banks": LicensedLender.CONSUMER_FINANCE,
    "local_microloan": LicensedLender.MICROLOAN,
    "partner_lenders": LicensedLender.UNKNOWN,
    "partner_lenders_and_own_microloan": LicensedLender.UNKNOWN,
})
_BY_TYPE: Mapping[LenderType, LicensedLender] = MappingProxyType({
    LenderType.CREDIT_CARD: LicensedLender.BANK,
    LenderType.BANK_LOAN: LicensedLender.BANK,
    LenderType.BANK_UNSPLIT: LicensedLender.BANK,
    LenderType.CONSUMER_FINANCE: LicensedLender.CONSUMER_FINANCE,
    LenderType.MICROLOAN: LicensedLender.MICROLOAN,
    LenderType.PRIVATE: LicensedLender.PRIVATE,
    LenderType.UNKNOWN: LicensedLender.UNKNOWN,
    LenderType.ONLINE_PLATFORM: LicensedLender.UNKNOWN,
})


def licensed_lender(
    lender_type: LenderType,
    platform_lender_kind: str | None = None,
    contract_lender: LicensedLender | None = None,
) -> LicensedLender:
    """Who lent: what the user read in the contract (``contract_lender``) wins; a platform
    goes by its table row's ``lender_kind`` (coach.lenders.KnownPlatform), else unknown;
    other types by :data:`_BY_TYPE`."""
    if contract_lender is not None:
        return LicensedLender(contract_lender)
    lender_type = LenderType(lender_type)
    if lender_type is LenderType.ONLINE_PLATFORM and platform_lender_kind is not None:
        return _PLATFORM_LENDER.get(platform_lender_kind, LicensedLender.UNKNOWN)
    return _BY_TYPE[LenderType(lender_type)]


def route(
    region: Region,
    lender_type: LenderType,
    *,
    conducts: Collection[Conduct] = (),
    problems: Collection[Problem] = (),
    platform_lender_kind: str | None = None,
    contract_lender: LicensedLender | None = None,
    unlicensed: bool = False,
) -> tuple[RouteStep, ...]:
    """The channels for a complaint, in the order to use them (see the module doc).

    ``conducts``: what the collector did; ``problems``: a credit-report error, or the
    charges. ``unlicensed``: :func:`may_be_unlicensed` said so (then no lender or regulator
    channel, 110 for violent collection and 12348 for advice; add :func:`unlicensed_notes`).
    Returns no steps when there is nothing to complain about.
    """
    region, lender_type = Region(region), LenderType(lender_type)
    conducts = frozenset(Conduct(c) for c in conducts)
    problems = frozenset(Problem(p) for p in problems)
    if not conducts and not problems:
        return ()
    if region is Region.US:
        return (ROUTES[Route.CFPB],)
    if region is Region.OTHER:
        return (ROUTES[Route.LOCAL_AUTHORITY],)
    who = licensed_lender(lender_type, platform_lender_kind, contract_lender)
    order: list[Route] = []
    if conducts & DANGER:
        order.append(Route.POLICE_110)
    if who is not LicensedLender.PRIVATE and not unlicensed:
        order.append(Route.LENDER)
    if Problem.CREDIT_REPORT in problems:
        order.append(Route.CREDIT_OBJECTION)
    regulator = REGULATOR[who]
    if regulator is not None and not unlicensed and (conducts or Problem.CHARGES in problems):
        order.append(regulator)
    if Problem.CREDIT_REPORT in problems:
        order.append(Route.PBOC_12363)
    extra: frozenset[Route] = frozenset().union(*(CONDUCT_ROUTES[c] for c in conducts))
    if Route.ISC_12321 in extra:
        order.append(Route.ISC_12321)
    if Route.POLICE_110 in extra and Route.POLICE_110 not in order:
        order.append(Route.POLICE_110)
    if who is LicensedLender.PRIVATE or unlicensed:
        order.append(Route.LEGAL_12348)
    return tuple(ROUTES[r] for r in order)


# --- may be unlicensed -------------------------------------------------------------------

#: Above this APR (a fraction) an unknown lender may be unlicensed: the regulators' line
#: for licensed lenders (rules.md §2.4e-f, "above 24% prohibited").
UNLICENSED_APR = Decimal("0.24")
#: Rows of coach.lenders.KNOWN_PLATFORMS that name a kind of lender, not a lender.
GENERIC_PLATFORM_KEYS = frozenset({"credit_card", "microloan", "private"})
_CAN_BE_UNLICENSED = frozenset({
    LenderType.UNKNOWN, LenderType.ONLINE_PLATFORM, LenderType.MICROLOAN,
    LenderType.CONSUMER_FINANCE,
})


def is_named_platform(name: str) -> bool:
    """Whether ``name`` is a platform of the known-platform table (not a generic word
    such as 小贷 or 信用卡, which match a row but name no lender)."""
    platform = find_platform(name)
    return platform is not None and platform.key not in GENERIC_PLATFORM_KEYS


def may_be_unlicensed(
    lender_type: LenderType,
    *,
    named_platform: bool,
    apr: Decimal | None,
    licence_not_found: bool = False,
) -> bool:
    """Whether to say the lender *may be* unlicensed (always hedged): the user couldn't
    find its licence, or it isn't in the known-platform table and its APR is over 24%.

    Banks and card issuers (their licence is not in doubt) and private persons (a
    different rule, §2.1) never are; for them a high rate is a complaint about charges.
    """
    if LenderType(lender_type) not in _CAN_BE_UNLICENSED:
        return False
    if licence_not_found:
        return True
    return not named_platform and apr is not None and apr > UNLICENSED_APR


def unlicensed_notes() -> tuple[Line, ...]:
    """What to tell a user whose lender may be unlicensed: the contract may be void
    (§2.1h, hedged), 110 for violent collection (§3.1a), 12348 for the licence question."""
    return (
        line("complaint.unlicensed.may_be_void", "2.1h", mark="V1"),
        line("complaint.unlicensed.police", "3.1a", mark="V1"),
        line("complaint.unlicensed.legal_advice", "4", mark="V2"),
    )


#: Never pay an agent to negotiate or to "repair" a credit report (§4, §5h).
PAID_AGENT_WARNING = line("complaint.warn_paid_agents", "4", "5h", mark="V2")


def warnings_for(region: Region) -> tuple[Line, ...]:
    """Warnings to show with the routes: in China, against paid agents (§4, §5h)."""
    return (PAID_AGENT_WARNING,) if Region(region) is Region.CN else ()
