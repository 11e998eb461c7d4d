"""coach.asks: which asks apply (one test per row) and what each costs a month."""

from __future__ import annotations

from decimal import Decimal

import pytest

from coach.asks import (
    CARD_MAX_TERM,
    OTHER_MAX_TERM,
    AskDebt,
    AskError,
    AskKind,
    AskRule,
    asks_for,
    compute_ask,
    level_instalment,
    market,
)
from coach.lenders import LenderType
from coach.planner import PlanDebt, simulate

D = Decimal
K = AskKind


def kinds(lender: LenderType | str, region: str | None) -> list[tuple[AskKind, int | None]]:
    return [(r.kind, r.months) for r in asks_for(lender, region)]


# --- the table, one test per row ---------------------------------------------------------


def test_cn_credit_card_personalised_instalments_up_to_60_months_and_a_penalty_waiver() -> None:
    rules = asks_for(LenderType.CREDIT_CARD, "cn")
    assert [(r.kind, r.months) for r in rules] == [(K.PERSONALISED, 60), (K.WAIVE_PENALTY, None)]
    # 《商业银行信用卡业务监督管理办法》art. 70: the bank *may* agree (V3).
    assert rules[0].basis == "agenda.basis.cn_card_instalments"
    assert rules[1].basis == "agenda.basis.cn_card_penalties"


@pytest.mark.parametrize("lender", ["bank_loan", "bank_card"])  # BANK_UNSPLIT as a bank loan
def test_cn_bank_loan_extension_instalments_waiver(lender: str) -> None:
    assert kinds(lender, "cn") == [(K.GRACE, 3), (K.INSTALMENTS, 36), (K.WAIVE_PENALTY, None)]


@pytest.mark.parametrize("lender", ["consumer_finance", "online_platform"])
def test_cn_consumer_finance_or_platform_36_months_our_own_choice(lender: str) -> None:
    assert OTHER_MAX_TERM == 36  # our conservative choice: rules.md sets no term for them
    assert kinds(lender, "CN") == [(K.GRACE, 3), (K.INSTALMENTS, 36), (K.WAIVE_PENALTY, None)]
    assert all(r.basis is None for r in asks_for(lender, "CN"))  # plain requests


def test_cn_microloan() -> None:
    assert kinds("microloan", "cn") == [(K.GRACE, 3), (K.INSTALMENTS, 36), (K.WAIVE_PENALTY, None)]


def test_private_lender_grace_instalments_settlement_never_personalised() -> None:
    for region in ("cn", "us"):
        assert kinds("private", region) == [(K.GRACE, 3), (K.INSTALMENTS, 36), (K.SETTLEMENT, None)]


def test_unknown_lender_general_asks() -> None:
    assert kinds("unknown", "cn") == [(K.GRACE, 3), (K.INSTALMENTS, 36)]
    assert kinds("unknown", "us") == [(K.GRACE, 3), (K.INSTALMENTS, 36)]


@pytest.mark.parametrize(
    "lender", ["credit_card", "bank_loan", "bank_card", "consumer_finance", "online_platform"]
)
def test_us_card_or_loan_hardship_lower_payment_settlement_no_chinese_rules(lender: str) -> None:
    rules = asks_for(lender, "us")
    assert [(r.kind, r.months) for r in rules] == [
        (K.HARDSHIP_PROGRAM, 60), (K.LOWER_PAYMENT, 36), (K.SETTLEMENT, None),
    ]  # fmt: skip
    assert all(r.basis is None or not r.basis.startswith("agenda.basis.cn") for r in rules)


@pytest.mark.parametrize("region", ["other", None, "", "de"])
@pytest.mark.parametrize("lender", list(LenderType))
def test_other_regions_get_general_asks_only(region: str | None, lender: LenderType) -> None:
    assert market(region) == "OTHER"
    assert kinds(lender, region) == [(K.GRACE, 3), (K.INSTALMENTS, 36)]


# --- what each ask costs ---------------------------------------------------------------


def jiebei(**kw: object) -> AskDebt:
    args: dict[str, object] = {
        "id": "jb", "lender_type": LenderType.ONLINE_PLATFORM, "balance": D("30000"),
        "contract_apr": D("0.146"), "arrears": D("2702"), "cycle_due": D("2702"),
    }  # fmt: skip
    args.update(kw)
    return AskDebt(**args)  # type: ignore[arg-type]


def test_jiebei_36_instalments_are_about_1034_not_the_users_offer() -> None:
    # Issue 10 case 4. r = 14.6% / 12 = 0.0121667; (1 + r)^36 = 1.5455146;
    # 30,000 x 0.0121667 x 1.5455146 / 0.5455146 = 1,034.0930 -> 1,034.10 (rounded up so
    # the 36 payments clear the balance). 36 x 224.65 = 8,087.40 would not.
    rule = AskRule(K.INSTALMENTS, 36)
    ask = compute_ask(jiebei(), rule, D("1000"))
    assert ask.lender_payment == D("1034.10") and ask.apr == D("0.146")
    assert ask.now == D("5404")  # 2,702 overdue + 2,702 this cycle: "now" includes arrears
    assert (ask.offer, ask.meets, ask.short_by) == (D("1000"), False, D("34.10"))
    assert ask.may_refuse and ask.code == "agenda.ask.instalments"


def test_personalised_instalments_use_the_contract_rate_not_zero() -> None:
    card = AskDebt("c", LenderType.CREDIT_CARD, D("30000"), D("0.18"), D("4500"),
                   penalty_apr=D("0.27"), cycle_due=D("900"))  # fmt: skip
    ask = compute_ask(card, AskRule(K.PERSONALISED, CARD_MAX_TERM), D("800"))
    # 30,000 x 0.015 / (1 - 1.015^-60) = 761.8028 -> 761.81 at 18% (not 27%, not 0%).
    assert ask.apr == D("0.18") and ask.lender_payment == D("761.81") and ask.meets
    # Waiving the penalty keeps the contract rate and saves what the penalty adds on the
    # overdue part: 4,500 x (27% - 18%) / 12 = 33.75 a month (not 30,000 x 9% / 12 = 225).
    waive = compute_ask(card, AskRule(K.WAIVE_PENALTY), D("800"))
    assert waive.apr == D("0.18") and waive.saves == D("33.75")
    assert waive.lender_payment == D("5400")  # 4,500 overdue + 900 this cycle
    # Only an agreed stop of all interest is 0%: 30,000 / 60 = 500.00.
    stop = compute_ask(card, AskRule(K.STOP_INTEREST, 60), D("800"))
    assert stop.apr == 0 and stop.lender_payment == D("500.00")


def test_grace_needs_the_cycle_plus_the_arrears_made_up_within_it() -> None:
    # 2,702 this cycle + 2,702 / 3 = 900.666.. -> 900.67 a month for three months.
    ask = compute_ask(jiebei(), AskRule(K.GRACE, 3), D("1000"))
    assert ask.lender_payment == D("3602.67") and ask.deferred == D("2702")
    assert not ask.meets and ask.short_by == D("2602.67")


def test_settlement_offers_the_money_raised_once_and_the_lender_decides() -> None:
    ask = compute_ask(jiebei(), AskRule(K.SETTLEMENT), D("1000"), lump=D("50000"))
    assert ask.offer == D("30000") and ask.lender_payment is None and ask.meets is None


@pytest.mark.parametrize(
    ("balance", "apr", "months"),
    [
        ("30000", "0.18", 60),
        ("999.99", "0.36", 36),
        ("5000", "0", 36),
        ("100", "0.05", 1),
        ("30000", "0.146", 36),
    ],
)
def test_level_instalment_is_the_smallest_payment_that_clears_in_time(
    balance: str, apr: str, months: int
) -> None:
    pay = level_instalment(D(balance), D(apr), months)

    def clears(p: Decimal) -> bool:
        debt = PlanDebt(1, "x", D(balance), D(apr), minimum=p)
        return simulate([debt], p, "avalanche", max_months=months).feasible

    assert clears(pay) and not clears(pay - D("0.01"))
    with pytest.raises(AskError):
        level_instalment(D(balance), D(apr), 0)
