"""coach.verdicts: the line for each lender, compared as the user sees it (issue 11).

Each case here failed on the code before issue 11 (it said "exceeds" at a tie, gave a
pre-2020 loan a 15.40% verdict, told an unknown lender "protected", applied the card
rules to any bank, compared month-only dates with one cap).
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.i18n import t
from coach.lenders import LenderType
from coach.money import D
from coach.offers import Instalments, offer_check
from coach.verdicts import (
    ThresholdBasis,
    VerdictFlag,
    VerdictLevel,
    assess_rate,
    compare_shown,
    shown_rate,
)
from handlers.offer_card import render_card, verdict_line

TODAY = date(2026, 11, 28)  # LPR 3.00% since 2025-05-20: 4 x LPR = 12.00%
OK, AT, ABOVE = VerdictLevel.OK, VerdictLevel.AT_THRESHOLD, VerdictLevel.ABOVE_THRESHOLD
LOOK, DEPENDS, INFO = VerdictLevel.SECOND_LOOK, VerdictLevel.DEPENDS, VerdictLevel.INFO


@pytest.mark.parametrize(
    ("rate", "line", "level"),
    [
        ("0.120005", "0.12", AT),  # 12.0005% is shown 12.00%: at the cap, not above it
        ("0.120049", "0.12", AT),  # 12.0049% -> 12.00%
        ("0.12005", "0.12", ABOVE),  # 12.005% -> 12.01% (half-up)
        ("0.119951", "0.12", AT),  # 11.9951% -> 12.00%
        ("0.11994", "0.12", OK),  # 11.994% -> 11.99%
        ("1428", "0.24", ABOVE),  # 142,800%: no overflow
    ],
)
def test_rates_are_compared_at_the_shown_precision(
    rate: str, line: str, level: VerdictLevel
) -> None:
    assert compare_shown(D(rate), D(line)) is level


def test_the_shown_rate_is_rounded_half_up_to_a_hundredth_of_a_point() -> None:
    assert shown_rate(D("0.120049")) == D("0.1200")
    assert shown_rate(D("0.12005")) == D("0.1201")
    assert shown_rate(D("8916100448255999999999999")) == D("8916100448255999999999999.0000")


# /check 10000 12x888.49: 12 x 888.49 = 10,661.88; the monthly IRR is 1.000038%,
# so the APR is 12 x 1.000038% = 12.0005%, shown 12.00% = 4 x 3.00%: a tie.
# /check 10000 12x945.60: 12 x 945.60 = 11,347.20; monthly IRR 2.0001%, APR 24.0008%,
# shown 24.00%: a tie with the licensed lenders' 24% line.
@pytest.mark.parametrize(
    ("payment", "basis", "level", "words"),
    [
        ("888.49", ThresholdBasis.IF_PRIVATE, AT, "at the cap, not above it"),
        ("945.60", ThresholdBasis.IF_LICENSED, AT, "at the line, not above it"),
    ],
)
def test_check_ties_read_at_the_line_not_above_it(
    payment: str, basis: ThresholdBasis, level: VerdictLevel, words: str
) -> None:
    result = offer_check(D(10000), Instalments(12, D(payment)), today=TODAY)
    verdict = next(v for v in result.verdicts if v.basis is basis)
    assert verdict.level is level
    line = verdict_line("en", verdict)
    assert words in line and "above 12.00%" not in line and "over the 24" not in line


def test_a_2019_private_loan_gets_the_two_part_pre_2020_verdict() -> None:
    # rules.md §2.1g (art. 31 ¶2): 20% is within the old 24% line up to 2020-08-19; from
    # 2020-08-20 the cap is 4 x the LPR at filing: 4 x 3.00% = 12.00% if filed today.
    verdict = assess_rate(D("0.20"), LenderType.PRIVATE, date(2019, 6, 1), TODAY)
    assert verdict.basis is ThresholdBasis.PRE_2020
    assert (verdict.old_level, verdict.old_threshold) == (OK, D("0.24"))
    assert (verdict.level, verdict.threshold, verdict.filed_on) == (ABOVE, D("0.12"), TODAY)
    assert verdict.rule == "cn.private_lending.pre_2020"
    en = verdict_line("en", verdict)
    assert "within the old 24.00% line" in en and "Aug 19, 2020" in en
    assert "12.00% if filed today" in en and "may not be protected" in en
    assert "15.40%" not in en and "not protected" not in en.replace("may not be protected", "")
    zh = verdict_line("zh_CN", verdict)
    assert "2020年8月19日" in zh and "起诉时" in zh and "12.00%" in zh


@pytest.mark.parametrize("contract", [date(2015, 6, 1), date(2019, 8, 20), date(2020, 8, 19)])
def test_every_contract_before_2020_08_20_uses_the_cap_at_filing(contract: date) -> None:
    # There is no contract-date LPR before 2019-08-20 (art. 25 ¶2); none is needed.
    verdict = assess_rate(D("0.10"), LenderType.PRIVATE, contract, TODAY)
    assert verdict.codes == ("verdict.pre_2020.old_ok", "verdict.pre_2020.new_ok")


def test_an_unknown_lender_is_never_told_it_is_protected() -> None:
    # rules.md §2.1h: below 4 x LPR, and the contract may be void if the lender is an
    # unlicensed lender to the public.
    unknown = assess_rate(D("0.10"), LenderType.UNKNOWN, date(2026, 1, 5), TODAY)
    assert unknown.basis is ThresholdBasis.UNLICENSED and unknown.level is OK
    assert VerdictFlag.UNLICENSED_VOID in unknown.flags
    result = offer_check(
        D(10000), Instalments(12, D(870)), today=TODAY, lender_type=LenderType.UNKNOWN
    )
    card = render_card("en", result, Instalments(12, D(870)), "CNY")
    assert "✅" not in card and "protect" not in card and "may be void" in card
    friend = assess_rate(D("0.10"), LenderType.PRIVATE, date(2026, 1, 5), TODAY)
    assert friend.basis is ThresholdBasis.LPR_CAP
    assert verdict_line("en", friend).startswith("✅") and "protect" in verdict_line("en", friend)


@pytest.mark.parametrize("contract", [date(2018, 1, 1), date(2024, 10, 1), date(2026, 1, 5), None])
@pytest.mark.parametrize("apr", ["0.05", "0.12", "0.13", "0.24", "0.40"])
@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_no_unknown_lender_ever_gets_a_tick(contract: date | None, apr: str, lang: str) -> None:
    for month_only in (False, True):
        verdict = assess_rate(
            D(apr), LenderType.UNKNOWN, contract, TODAY, contract_month_only=month_only
        )
        assert "✅" not in verdict_line(lang, verdict)
        assert VerdictFlag.UNLICENSED_VOID in verdict.flags


BANKS = [
    # lender type, apr, basis, level, flag of a court reduction
    (LenderType.CREDIT_CARD, "0.18", ThresholdBasis.CARD, OK, False),
    (LenderType.CREDIT_CARD, "0.24", ThresholdBasis.CARD, AT, False),
    (LenderType.CREDIT_CARD, "0.30", ThresholdBasis.CARD, ABOVE, True),
    (LenderType.BANK_LOAN, "0.30", ThresholdBasis.BANK_LOAN, ABOVE, False),
    (LenderType.BANK_LOAN, "0.08", ThresholdBasis.BANK_LOAN, OK, False),
    (LenderType.BANK_UNSPLIT, "0.30", ThresholdBasis.BANK_UNSPLIT, INFO, False),
]


@pytest.mark.parametrize(("lender_type", "apr", "basis", "level", "court"), BANKS)
def test_card_rules_only_for_cards_and_no_cap_verdict_for_any_bank(
    lender_type: LenderType, apr: str, basis: ThresholdBasis, level: VerdictLevel, court: bool
) -> None:
    verdict = assess_rate(D(apr), lender_type, date(2026, 3, 1), TODAY)
    assert (verdict.basis, verdict.level) == (basis, level)
    assert (VerdictFlag.COURT_MAY_REDUCE in verdict.flags) is court
    en = verdict_line("en", verdict)
    assert "cap" not in en.replace("no fixed legal cap", "").replace("no cap to compare", "")
    if basis is ThresholdBasis.CARD and level is ABOVE:
        assert "high for a card" in en and "reportedly treat over 24.00% as a warning sign" in en
    if basis is ThresholdBasis.BANK_LOAN:
        assert "reportedly ask the court to reduce" in en


def test_without_a_lender_type_the_lpr_line_is_labelled_private_only() -> None:
    result = offer_check(D(12000), Instalments(12, D(1060)), today=TODAY)
    private = next(v for v in result.verdicts if v.basis is ThresholdBasis.IF_PRIVATE)
    assert verdict_line("en", private).startswith("✅ If this is a private loan")
    assert "如果这是民间借贷" in verdict_line("zh_CN", private)


MONTHS = [
    # October 2024: 3.35% until the 20th (cap 13.40%), 3.10% from the 21st (cap 12.40%).
    ("0.1300", DEPENDS),  # within 13.40%, above 12.40%
    ("0.1200", OK),  # within both
    ("0.1400", ABOVE),  # above both
]


@pytest.mark.parametrize(("apr", "level"), MONTHS)
def test_a_month_only_date_whose_month_saw_an_lpr_change_has_two_caps(
    apr: str, level: VerdictLevel
) -> None:
    verdict = assess_rate(
        D(apr), LenderType.PRIVATE, date(2024, 10, 1), TODAY, contract_month_only=True
    )
    assert verdict.level is level
    assert (verdict.threshold, verdict.threshold_alt) == (D("0.134"), D("0.124"))
    assert verdict.changed_on == date(2024, 10, 21)
    # Either the verdict names both caps (depends) or a flag line does.
    assert (VerdictFlag.MONTH_TWO_CAPS in verdict.flags) is (level is not DEPENDS)
    text = verdict_line("en", verdict)
    if level is DEPENDS:
        assert "13.40% or 12.40%" in text and "Oct 21, 2024" in text
    flag = t("en", "flag.month_two_caps", threshold="13.40%", threshold_alt="12.40%",
             changed_on="Oct 21, 2024")  # fmt: skip
    assert "13.40%" in flag and "12.40%" in flag


def test_at_one_cap_and_within_the_other_depends_on_the_date_too() -> None:
    verdict = assess_rate(
        D("0.124"), LenderType.PRIVATE, date(2024, 10, 1), TODAY, contract_month_only=True
    )
    assert verdict.level is DEPENDS  # OK against 13.40%, AT against 12.40%


def test_a_month_without_an_lpr_change_has_one_cap() -> None:
    verdict = assess_rate(
        D("0.13"), LenderType.PRIVATE, date(2024, 11, 1), TODAY, contract_month_only=True
    )
    assert verdict.threshold_alt is None and VerdictFlag.MONTH_TWO_CAPS not in verdict.flags
    assert verdict.level is ABOVE  # 13.00% > 4 x 3.10% = 12.40%


@pytest.mark.parametrize(
    ("lender_type", "flag"),
    [
        (LenderType.PRIVATE, VerdictFlag.CONTRACT_DATE_ASSUMED),  # the 4 x LPR cap by date
        (LenderType.ONLINE_PLATFORM, VerdictFlag.CONTRACT_DATE_ASSUMED_LICENSED),  # 2026 tiers
        (LenderType.BANK_LOAN, None),  # a bank's verdict doesn't turn on the date
    ],
)
def test_an_assumed_contract_date_is_said_with_the_rule_it_matters_for(lender_type, flag):
    verdict = assess_rate(D("0.18"), lender_type, None, date(2026, 11, 29))
    dated = {VerdictFlag.CONTRACT_DATE_ASSUMED, VerdictFlag.CONTRACT_DATE_ASSUMED_LICENSED}
    assert verdict.flags & dated == ({flag} if flag else set())
