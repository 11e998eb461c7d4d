"""coach.overdue: penalty accrual and the facts of rules.md §2-§7, as codes."""

from datetime import date, time
from decimal import Decimal

import pytest

from coach.citations import CITATIONS
from coach.errors import CoachError
from coach.fact_rules import ADVICE
from coach.lenders import LenderType
from coach.money import D
from coach.overdue import Fact, Region, overdue_facts, penalty_accrued
from coach.rates import QuotedRate, RateKind

TODAY = date(2026, 6, 15)

PENALTIES = [
    # amount, rate, since, expected
    ("10000", QuotedRate(RateKind.DAILY, D("0.0005")), date(2026, 6, 5), "50.00"),
    ("10000", D("0.1825"), date(2026, 6, 5), "50.00"),
    ("10000", QuotedRate(RateKind.ANNUAL, D("0.365")), date(2026, 5, 16), "300.00"),
    ("10000", QuotedRate(RateKind.MONTHLY, D("0.01")), date(2026, 6, 14), "3.29"),
    ("10000", D("0.18"), TODAY, "0.00"),
    ("10000", D("0.18"), date(2026, 7, 1), "0.00"),
    ("0", D("0.18"), date(2026, 1, 1), "0.00"),
    ("333.33", QuotedRate(RateKind.DAILY, D("0.0005")), date(2026, 6, 12), "0.50"),
]


@pytest.mark.parametrize(("amount", "rate", "since", "expected"), PENALTIES)
def test_penalty_accrues_simple_daily_interest(
    amount: str, rate: QuotedRate | Decimal, since: date, expected: str
) -> None:
    result = penalty_accrued(D(amount), rate, since, TODAY)
    assert result == D(expected)
    assert result.as_tuple().exponent == -2


def test_penalty_refuses_a_negative_amount() -> None:
    with pytest.raises(CoachError) as info:
        penalty_accrued(D(-1), D("0.18"), date(2026, 1, 1), TODAY)
    assert info.value.code == "amount.negative"


def codes(facts: list[Fact]) -> list[str]:
    return [f.code for f in facts]


def test_cn_overdue_card_facts() -> None:
    facts = overdue_facts(45, True, LenderType.CREDIT_CARD, Region.CN, today=TODAY)
    c = codes(facts)
    assert c[:2] == ["fact.cn.report.notice_first", "fact.cn.report.kept_5_years"]
    assert "fact.cn.product.card_personalised_instalments" in c
    assert "fact.cn.cannot.arrest_for_debt" in c
    assert "fact.cn.report.one_off_repair" not in c  # the 2026-03-31 deadline has passed
    assert c[-3:] == [
        "fact.help.ask_for_time_or_instalments",
        "fact.help.no_new_loans_to_repay",
        "fact.help.keep_records",
    ]
    by_code = {f.code: f for f in facts}
    assert by_code["fact.cn.report.kept_5_years"].params == {"years": 5}
    assert by_code["fact.cn.report.kept_5_years"].citation == "cn.credit_reporting_regs.art16"
    assert by_code["fact.cn.cannot.collect_at_night"].params == {
        "start": time(22, 0),
        "end": time(8, 0),
    }


def test_every_fact_is_a_code_with_a_citation() -> None:
    for region in Region:
        for lender_type in LenderType:
            for days in (0, 10, 400):
                for reports in (True, False, None):
                    for fact in overdue_facts(days, reports, lender_type, region, today=TODAY):
                        assert fact.code.startswith("fact.") and " " not in fact.code
                        assert fact.citation in CITATIONS or (
                            fact.citation is None and fact.code in ADVICE
                        )
                        code, _params, citation = fact  # a triple
                        assert (code, citation) == (fact.code, fact.citation)


@pytest.mark.parametrize(
    ("kwargs", "present", "absent"),
    [
        (
            {
                "days_overdue": 10,
                "reports_to_bureau": None,
                "lender_type": LenderType.CONSUMER_FINANCE,
            },
            "fact.cn.report.check_own_report",
            "fact.cn.time.limitation_restarts",
        ),
        (
            {"days_overdue": 10, "reports_to_bureau": False, "lender_type": LenderType.PRIVATE},
            "fact.cn.product.private_overdue_cap",
            "fact.cn.report.kept_5_years",
        ),
        (
            {"days_overdue": 400, "reports_to_bureau": True, "lender_type": LenderType.UNKNOWN},
            "fact.cn.time.acknowledging_waives",
            "fact.cn.report.check_own_report",
        ),
        (
            {"days_overdue": 400, "reports_to_bureau": True, "lender_type": LenderType.UNKNOWN},
            "fact.cn.product.unlicensed_may_be_void",
            "fact.us.help.cfpb_complaint",
        ),
        (
            {"days_overdue": 0, "reports_to_bureau": True, "lender_type": LenderType.CREDIT_CARD},
            "fact.help.keep_records",
            "fact.cn.can.sue",
        ),
    ],
)
def test_cn_facts_depend_on_the_situation(
    kwargs: dict[str, object], present: str, absent: str
) -> None:
    c = codes(overdue_facts(region="CN", **kwargs))  # type: ignore[arg-type]
    assert present in c and absent not in c


def test_one_off_repair_is_shown_before_its_deadline() -> None:
    facts = overdue_facts(30, True, LenderType.ONLINE_PLATFORM, "CN", today=date(2026, 2, 1))
    repair = next(f for f in facts if f.code == "fact.cn.report.one_off_repair")
    assert repair.params["max_amount"] == D(10000)
    assert repair.params["repay_by"] == date(2026, 3, 31)
    assert repair.citation == "cn.one_off_repair"


def test_us_facts() -> None:
    facts = overdue_facts(200, True, LenderType.CREDIT_CARD, "us")
    c = codes(facts)
    assert c[0] == "fact.us.report.kept_7_years"
    assert facts[0].params == {"years": 7, "start_after_days": 180}
    assert "fact.us.cannot.call_frequency" in c
    assert not any(code.startswith("fact.cn.") for code in c)
    hours = next(f for f in facts if f.code == "fact.us.cannot.contact_hours")
    assert hours.params == {"start": time(8, 0), "end": time(21, 0)}


def test_unknown_region_is_an_error_with_a_code() -> None:
    with pytest.raises(CoachError) as info:
        overdue_facts(10, True, LenderType.CREDIT_CARD, "FR")
    assert (info.value.code, info.value.params) == ("region.unsupported", {"region": "FR"})
