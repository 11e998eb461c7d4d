"""coach.offers and coach.lenders: thresholds by lender type, and /check."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.errors import ParseError
from coach.lenders import KNOWN_PLATFORMS, LenderType, find_platform
from coach.money import D
from coach.offers import (
    FLAG_CITATIONS,
    LICENSED_THRESHOLD,
    Instalments,
    QuotedTerms,
    SingleRepayment,
    ThresholdBasis,
    VerdictFlag,
    VerdictLevel,
    assess_rate,
    offer_check,
    schedule_from_quick,
)
from coach.parsing import parse_check_quick, parse_rate
from coach.rates import NoRateError

TODAY = date(2026, 6, 15)
OK, LOOK, ABOVE = VerdictLevel.OK, VerdictLevel.SECOND_LOOK, VerdictLevel.ABOVE_THRESHOLD
AT = VerdictLevel.AT_THRESHOLD

VERDICTS = [
    # apr, lender type, contract date, level, threshold
    ("0.30", LenderType.CREDIT_CARD, date(2024, 1, 1), ABOVE, "0.24"),
    # A tie at the shown precision is "at the line, not above it" (issue 11).
    ("0.24", LenderType.CREDIT_CARD, date(2024, 1, 1), AT, "0.24"),
    ("0.20", LenderType.CONSUMER_FINANCE, date(2025, 6, 1), OK, "0.24"),
    ("0.20", LenderType.CONSUMER_FINANCE, date(2026, 2, 1), LOOK, "0.24"),
    ("0.15", LenderType.ONLINE_PLATFORM, date(2026, 1, 1), LOOK, "0.24"),
    ("0.12", LenderType.MICROLOAN, date(2026, 3, 1), OK, "0.24"),
    ("0.36", LenderType.MICROLOAN, date(2026, 3, 1), ABOVE, "0.24"),
    ("0.13", LenderType.PRIVATE, date(2026, 1, 1), ABOVE, "0.12"),
    ("0.12", LenderType.PRIVATE, date(2026, 1, 1), AT, "0.12"),
    ("0.15", LenderType.PRIVATE, date(2023, 7, 1), ABOVE, "0.142"),
    ("0.15", LenderType.PRIVATE, date(2021, 1, 1), OK, "0.154"),
    # Before 2020-08-20: 4 x the LPR at filing (today: 4 x 3.00% = 12.00%), rules.md §2.1g.
    ("0.15", LenderType.PRIVATE, date(2018, 1, 1), ABOVE, "0.12"),
    ("0.15", LenderType.UNKNOWN, date(2026, 1, 1), ABOVE, "0.12"),
    ("0.10", LenderType.UNKNOWN, date(2026, 1, 1), OK, "0.12"),
]


@pytest.mark.parametrize(("apr", "lender_type", "contract", "level", "threshold"), VERDICTS)
def test_assess_rate_thresholds(
    apr: str, lender_type: LenderType, contract: date, level: VerdictLevel, threshold: str
) -> None:
    verdict = assess_rate(D(apr), lender_type, contract, TODAY)
    assert verdict.level is level
    assert verdict.threshold == D(threshold)
    assert verdict.apr == D(apr)
    assert verdict.lender_type is lender_type


def test_the_outdated_36pct_rule_is_never_a_threshold() -> None:
    # rules.md §0.1: 36% is never a line; 24% is the licensed lenders' line (and a
    # card's or bank loan's warning sign), or the old line of a pre-2020 contract.
    for lender_type in LenderType:
        for contract in (date(2016, 1, 1), date(2020, 1, 1), date(2026, 1, 1)):
            verdict = assess_rate(D("0.30"), lender_type, contract, TODAY)
            lines = {verdict.threshold, verdict.threshold_alt, verdict.old_threshold}
            assert D("0.36") not in lines
            if verdict.threshold == D("0.24"):
                assert verdict.basis in (
                    ThresholdBasis.LICENSED, ThresholdBasis.CARD, ThresholdBasis.BANK_LOAN,
                    ThresholdBasis.BANK_UNSPLIT,
                )
            if verdict.old_threshold is not None:
                assert contract < date(2020, 8, 20) and verdict.basis is ThresholdBasis.PRE_2020
            assert verdict.level is not OK


def test_licensed_verdict_cites_the_rate_line_and_flags_new_loans() -> None:
    verdict = assess_rate(D("0.18"), LenderType.CONSUMER_FINANCE, date(2026, 2, 1), TODAY)
    assert verdict.rule == "cn.licensed.rate_line"
    assert verdict.basis is ThresholdBasis.LICENSED
    assert verdict.second_look_above == D("0.12")
    assert VerdictFlag.NEW_LOAN_TIERS in verdict.flags
    older = assess_rate(D("0.18"), LenderType.CONSUMER_FINANCE, date(2025, 2, 1), TODAY)
    assert older.second_look_above is None and not older.flags


def test_private_verdict_cites_the_lpr_cap() -> None:
    verdict = assess_rate(D("0.18"), LenderType.PRIVATE, date(2026, 2, 1), TODAY)
    assert verdict.basis is ThresholdBasis.LPR_CAP
    assert verdict.rule == "cn.private_lending.cap"
    assert VerdictFlag.UNLICENSED_VOID not in verdict.flags


def test_unknown_lender_is_flagged_as_possibly_void() -> None:
    verdict = assess_rate(D("0.18"), LenderType.UNKNOWN, date(2026, 2, 1), TODAY)
    assert VerdictFlag.UNLICENSED_VOID in verdict.flags
    assert FLAG_CITATIONS[VerdictFlag.UNLICENSED_VOID] == "cn.private_lending.unlicensed_void"


@pytest.mark.parametrize(
    ("lender_type", "contract", "flag"),
    [
        (LenderType.PRIVATE, None, VerdictFlag.CONTRACT_DATE_ASSUMED),
        (LenderType.MICROLOAN, date(2026, 1, 5), VerdictFlag.MICROLOAN_TARGET),
        (LenderType.ONLINE_PLATFORM, date(2026, 1, 5), VerdictFlag.LENDER_UNKNOWN),
        (LenderType.CREDIT_CARD, date(2026, 1, 5), VerdictFlag.COURT_MAY_REDUCE),
        # The 2021-12-20 LPR (3.80%) is V3 in rules.md §2.2: say so.
        (LenderType.PRIVATE, date(2022, 1, 5), VerdictFlag.LPR_UNVERIFIED),
    ],
)
def test_flags(lender_type: LenderType, contract: date | None, flag: VerdictFlag) -> None:
    assert flag in assess_rate(D("0.30"), lender_type, contract, TODAY).flags


def test_a_stale_lpr_table_is_flagged() -> None:
    verdict = assess_rate(D("0.10"), LenderType.PRIVATE, date(2026, 1, 1), date(2027, 6, 1))
    assert VerdictFlag.LPR_STALE in verdict.flags


def test_platform_names_the_lender_behind_it() -> None:
    huabei = find_platform("花呗")
    assert huabei is not None and huabei.lender_type is LenderType.ONLINE_PLATFORM
    verdict = assess_rate(D("0.18"), huabei.lender_type, date(2026, 3, 1), TODAY, platform=huabei)
    assert verdict.lender == "重庆蚂蚁消费金融有限公司"
    assert VerdictFlag.LENDER_UNKNOWN not in verdict.flags


def test_a_lender_known_only_from_memory_is_never_named() -> None:
    # 微粒贷's entry (WeBank) is marked R, recalled without a source: not shown.
    weilidai = find_platform("微粒贷")
    assert weilidai is not None and weilidai.confidence == "R"
    verdict = assess_rate(D("0.30"), LenderType.CONSUMER_FINANCE, date(2026, 3, 1), TODAY,
                          platform=weilidai)
    assert verdict.lender is None


@pytest.mark.parametrize(
    ("name", "key", "lender_type"),
    [
        ("花呗", "huabei", LenderType.ONLINE_PLATFORM),
        ("蚂蚁借呗", "jiebei", LenderType.ONLINE_PLATFORM),
        ("微粒贷", "weilidai", LenderType.BANK_LOAN),
        ("京东白条", "jd", LenderType.ONLINE_PLATFORM),
        ("美团月付", "meituan", LenderType.ONLINE_PLATFORM),
        ("360借条", "qifu_360", LenderType.ONLINE_PLATFORM),
        ("度小满", "duxiaoman", LenderType.ONLINE_PLATFORM),
        ("招商银行信用卡", "credit_card", LenderType.CREDIT_CARD),
        ("Chase VISA", "credit_card", LenderType.CREDIT_CARD),
        ("Credit Card", "credit_card", LenderType.CREDIT_CARD),
        ("招联好期贷", "zhaolian", LenderType.CONSUMER_FINANCE),
        ("朋友", "private", LenderType.PRIVATE),
    ],
)
def test_find_platform(name: str, key: str, lender_type: LenderType) -> None:
    platform = find_platform(name)
    assert platform is not None
    assert (platform.key, platform.lender_type) == (key, lender_type)


@pytest.mark.parametrize("name", ["", "   ", "Acme Loans", "<b>x</b>"])
def test_find_platform_unknown(name: str) -> None:
    assert find_platform(name) is None


def test_platform_table_is_data_with_sources() -> None:
    keys = [p.key for p in KNOWN_PLATFORMS]
    assert len(keys) == len(set(keys))
    for p in KNOWN_PLATFORMS:
        assert p.names and p.source and p.confidence in {"V1", "V2", "V3", "R"}


# --- /check -----------------------------------------------------------------------


def pct(x: Decimal) -> Decimal:
    return (x * 100).quantize(D("0.01"))


def test_check_instalments_vector() -> None:
    result = offer_check(D(12000), Instalments(12, D(1060)), today=TODAY)
    assert pct(result.apr) == D("10.90")
    assert pct(result.effective_annual) == D("11.46")
    assert result.total_repaid == D("12720.00")
    assert result.total_cost == D("720.00")
    assert result.simple_annualised is None
    assert result.xirr is not None and abs(result.xirr - result.effective_annual) < D("0.005")
    # No lender type: both lines, each labelled.
    assert [v.basis for v in result.verdicts] == [ThresholdBasis.IF_LICENSED, ThresholdBasis.IF_PRIVATE]
    assert [v.level for v in result.verdicts] == [OK, OK]


def test_check_single_repayment_shows_the_simple_figure() -> None:
    result = offer_check(D(1000), SingleRepayment(D(1010), 7), today=TODAY)
    assert pct(result.simple_annualised or D(0)) == D("52.14")
    assert result.apr == result.simple_annualised
    assert pct(result.xirr or D(0)) == D("68.01")
    assert result.total_cost == D("10.00")
    assert all(v.level is ABOVE for v in result.verdicts)


def test_check_with_a_lender_type_gives_one_verdict() -> None:
    result = offer_check(
        D(12000),
        Instalments(12, D(1060)),
        today=TODAY,
        lender_type=LenderType.PRIVATE,
        contract_date=date(2026, 6, 1),
    )
    assert len(result.verdicts) == 1 and result.verdicts[0].threshold == D("0.12")


def test_upfront_fee_turns_12pct_into_32_5pct() -> None:
    # rules.md §6.3: a 10% fee deducted up front turns a 12% loan into a 32.5% APR.
    terms = QuotedTerms(parse_rate("年化12%"), months=12, upfront_fee=D(1000))
    result = offer_check(D(9000), terms, today=TODAY)
    assert pct(result.apr) == D("32.50")


def test_quoted_annual_rate_without_fees_is_its_own_apr() -> None:
    result = offer_check(D(10000), QuotedTerms(parse_rate("年化18%"), months=12), today=TODAY)
    assert abs(result.apr - D("0.18")) < D("1e-9")


def test_quoted_monthly_fee_from_the_quick_form() -> None:
    quick = parse_check_quick("12000 月手续费0.5% x12期")
    result = offer_check(quick.received, schedule_from_quick(quick), today=TODAY)
    assert pct(result.apr) == D("10.90")


def test_monthly_service_fee_raises_the_apr() -> None:
    base = offer_check(D(10000), QuotedTerms(parse_rate("年化12%"), 12), today=TODAY)
    fee = offer_check(
        D(10000), QuotedTerms(parse_rate("年化12%"), 12, monthly_fee=D(50)), today=TODAY
    )
    assert fee.apr > base.apr


@pytest.mark.parametrize(
    ("schedule", "code"),
    [
        (QuotedTerms(parse_rate("年化12%")), "check.term_missing"),
        (Instalments(0, D(100)), "instalments.out_of_range"),
        (SingleRepayment(D(1100), 0), "days.out_of_range"),
    ],
)
def test_check_refuses_impossible_schedules(schedule: object, code: str) -> None:
    with pytest.raises(ParseError) as info:
        offer_check(D(1000), schedule, today=TODAY)  # type: ignore[arg-type]
    assert info.value.code == code


def test_check_refuses_payments_below_the_amount() -> None:
    with pytest.raises(NoRateError):
        offer_check(D(1000), SingleRepayment(D(900), 7), today=TODAY)
    with pytest.raises(NoRateError):
        offer_check(D(1000), Instalments(2, D(400)), today=TODAY)


def test_check_of_a_1_day_doubling_has_no_xirr() -> None:
    result = offer_check(D(1000), SingleRepayment(D(2000), 1), today=TODAY)
    assert result.xirr is None
    assert result.apr == D(365)


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=1, max_value=36), st.integers(min_value=0, max_value=300))
def test_check_apr_rises_with_the_monthly_fee(n: int, fee_cents: int) -> None:
    low = offer_check(
        D(10000), QuotedTerms(parse_rate("年化10%"), n, monthly_fee=D(fee_cents) / 100), today=TODAY
    )
    high = offer_check(
        D(10000),
        QuotedTerms(parse_rate("年化10%"), n, monthly_fee=D(fee_cents + 1) / 100),
        today=TODAY,
    )
    assert high.apr > low.apr
    assert LICENSED_THRESHOLD == D("0.24")
