"""coach.bills: pasted bills and lender reminders (invented numbers, real shapes)."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.bills import BILL_FIELDS, BillFacts, bill_patterns, read_bill
from coach.freetext import prepare

TODAY = date(2026, 12, 2)

# (message, today, expected facts; `matched` is not compared here)
BILLS: list[tuple[str, date, BillFacts]] = [
    (
        "【招商银行】您尾号1234的信用卡本期账单金额15,000.00元，最低还款1,500.00元，"
        "到期还款日12月05日。",
        TODAY,
        BillFacts("招商银行", "credit_card", "1234", Decimal("15000.00"), Decimal("1500.00"),
                  date(2026, 12, 5), currency="CNY"),
    ),
    (
        "【XX银行】尊敬的客户，您尾号8821的信用卡11月账单金额2,100.00元，最低还款额210.00元，"
        "到期还款日12月20日，请按时还款。",
        TODAY,
        BillFacts("XX银行", "credit_card", "8821", Decimal("2100.00"), Decimal("210.00"),
                  date(2026, 12, 20), currency="CNY", statement_month=date(2026, 11, 1)),
    ),
    (
        "您的花呗12月账单已出，应还金额3,256.80元，还款日12月10日，记得按时还款哦",
        TODAY,
        BillFacts("花呗", "huabei", None, Decimal("3256.80"), due_on=date(2026, 12, 10),
                  currency="CNY", statement_month=date(2026, 12, 1)),
    ),
    (
        "【支付宝】您的借呗本期应还2,702.00元，最后还款日12月15日，请确保余额宝或银行卡余额充足。",
        TODAY,
        BillFacts("借呗", "jiebei", None, Decimal("2702.00"), due_on=date(2026, 12, 15),
                  currency="CNY"),
    ),
    (
        "【京东金融】您的京东白条本期待还1,500.00元，最后还款日为2026年12月18日，逾期将产生违约金。",
        TODAY,
        BillFacts("京东白条", "jd", None, Decimal("1500.00"), due_on=date(2026, 12, 18),
                  currency="CNY"),
    ),
    (
        "【美团】您的美团月付11月账单应还金额686.40元，请于12月10日前还款。",
        TODAY,
        BillFacts("美团月付", "meituan", None, Decimal("686.40"), due_on=date(2026, 12, 10),
                  currency="CNY", statement_month=date(2026, 11, 1)),
    ),
    (
        "【微众银行】您的微粒贷本期应还款金额1,088.50元，还款日为12月22日，请在还款日前存入尾号3344的银行卡。",
        TODAY,
        BillFacts("微粒贷", "weilidai", "3344", Decimal("1088.50"), due_on=date(2026, 12, 22),
                  currency="CNY"),
    ),
    (
        "【建设银行】尊敬的客户，您的个人贷款本期应还2,345.67元，请于12月20日前存入尾号5678账户，谢谢。",
        TODAY,
        BillFacts("建设银行", None, "5678", Decimal("2345.67"), due_on=date(2026, 12, 20),
                  currency="CNY"),
    ),
    (
        "【某某消费金融】您的借款已逾期3天，逾期金额1,200元，请尽快还款以免影响征信。",
        TODAY,
        BillFacts("某某消费金融", None, None, overdue_days=3, overdue_amount=Decimal("1200"),
                  currency="CNY"),
    ),
    (
        "95588：您尾号6789的工行信用卡已逾期15天，逾期欠款5,432.10元，最低还款额543.21元。",
        TODAY,
        BillFacts("工商银行", "credit_card", "6789", minimum=Decimal("543.21"), overdue_days=15,
                  overdue_amount=Decimal("5432.10"), currency="CNY"),
    ),
    (
        "95555 您尾号4455账户本期账单为人民币3,000元，到期还款日01月05日。",
        TODAY,
        BillFacts("招商银行", None, "4455", Decimal("3000"), due_on=date(2027, 1, 5),
                  currency="CNY"),
    ),
    (
        # pasted late, in January: this year's... last year's December due date, not next year's
        "【招商银行】您尾号1234的信用卡本期账单金额15,000.00元，最低还款1,500.00元，到期还款日12月05日",
        date(2027, 1, 3),
        BillFacts("招商银行", "credit_card", "1234", Decimal("15000.00"), Decimal("1500.00"),
                  date(2026, 12, 5), currency="CNY"),
    ),
    (
        "Chase: Your statement is ready. Statement balance $2,300.50, minimum payment $75.00 due Dec 15.",
        TODAY,
        BillFacts("Chase", "credit_card", None, Decimal("2300.50"), Decimal("75.00"),
                  date(2026, 12, 15), currency="USD"),
    ),
    (
        "American Express: Your statement for the card ending in 1005 is ready. New balance "
        "$3,456.78; minimum payment due $40.00 by Jan 2.",
        TODAY,
        BillFacts("American Express", "credit_card", "1005", Decimal("3456.78"),
                  Decimal("40.00"), date(2027, 1, 2), currency="USD"),
    ),
    (
        "Citi Alert: Your payment of $50.00 is past due. Past due amount: $50.00. "
        "Account ending 9876.",
        TODAY,
        BillFacts("Citi", "credit_card", "9876", overdue_amount=Decimal("50.00"), currency="USD"),
    ),
    (
        "Discover: Your payment is 5 days past due. Minimum payment due: $35.00. "
        "Payment due date: 11/27/2026.",
        TODAY,
        BillFacts("Discover", "credit_card", None, minimum=Decimal("35.00"),
                  due_on=date(2026, 11, 27), overdue_days=5, currency="USD"),
    ),
    (
        "Your November statement for Capital One card ****2468 is available. Statement balance: "
        "$0.00. No payment due.",
        TODAY,
        BillFacts("Capital One", "credit_card", "2468", Decimal("0"), currency="USD",
                  statement_month=date(2026, 11, 1)),
    ),
    (
        # full-width digits and punctuation, as some phones forward them
        "【招商银行】您尾号１２３４的信用卡本期账单金额１５，０００．００元，最低还款１，５００．００元",
        TODAY,
        BillFacts("招商银行", "credit_card", "1234", Decimal("15000.00"), Decimal("1500.00"),
                  currency="CNY"),
    ),
]

NOT_BILLS = [
    "我花呗欠了8600，逾期20天，怎么办",
    "催收昨晚11点半给我姐打电话，说要上门",
    "【招商银行】验证码123456，您正在进行还款操作，请勿泄露给他人。",
    "Your verification code is 482913. Do not share it.",
    "【XX银行】尊享分期手续费低至0.3%，最高可借20万，点击领取 回T退订",
    "You're pre-approved! Borrow up to $20,000 today.",
    "还款日是什么意思",
    "好的谢谢",
    "",
    "   ",
]


@pytest.mark.parametrize(("text", "today", "expected"), BILLS)
def test_bills_are_read_field_by_field(text, today, expected):
    facts = read_bill(text, today)
    assert facts is not None
    assert facts.matched  # which patterns read it, for the logs
    got = BillFacts(**{f: getattr(facts, f) for f in BillFacts.__slots__ if f != "matched"})
    assert got == expected


@pytest.mark.parametrize("text", NOT_BILLS)
def test_chat_codes_and_ads_are_not_bills(text):
    assert read_bill(text, TODAY) is None


def test_one_field_without_a_sender_mark_is_not_a_bill():
    assert read_bill("应还金额300元", TODAY) is None
    assert read_bill("您的应还金额300元", TODAY) is not None


def test_a_credit_balance_is_left_out_not_read_as_debt():
    facts = read_bill("Your statement balance: -$12.00. Payment due date: Dec 15", TODAY)
    assert facts is not None
    assert facts.statement_amount is None
    assert facts.due_on == date(2026, 12, 15)


def test_the_statement_month_dates_the_due_day():
    # A November bill pasted on 2026-12-02 is due 12月05日 of this year: the first
    # 12-05 on or after 2026-11-01.
    facts = read_bill("【招商银行】您11月账单金额100元，到期还款日12月05日", TODAY)
    assert facts is not None and facts.due_on == date(2026, 12, 5)
    # A December bill read in early January belongs to last December.
    facts = read_bill("您的花呗12月账单已出，应还金额300元，还款日12月10日", date(2027, 1, 4))
    assert facts is not None
    assert facts.statement_month == date(2026, 12, 1)
    assert facts.due_on == date(2026, 12, 10)


@pytest.mark.parametrize(
    "pattern", bill_patterns(), ids=lambda p: f"{p.field}:{p.name}"
)
def test_every_data_pattern_reads_its_own_examples(pattern):
    assert pattern.examples, "each pattern carries examples"
    assert pattern.field in BILL_FIELDS
    for text, value in pattern.examples:
        m = pattern.regex.search(prepare(text))
        assert m is not None, text
        assert m["v"] == value, text


def test_pattern_names_are_unique():
    names = [p.name for p in bill_patterns()]
    assert len(names) == len(set(names))


@settings(max_examples=300)
@given(
    st.text(max_size=300)
    | st.lists(
        st.sampled_from(
            ["【招商银行】", "尾号", "1234", "本期账单金额", "15,000.00元", "最低还款", "到期还款日",
             "12月05日", "02月30日", "逾期", "99999天", "statement balance", "$", "-", "due",
             "Feb 30", "13/45/2026", "9999年1月1日", "95555", "，", " "]
        ),
        max_size=14,
    ).map("".join),
    st.dates(),
)
def test_read_bill_never_raises(text, today):
    facts = read_bill(text, today)
    assert facts is None or isinstance(facts, BillFacts)
