"""coach.intents: cancel words and what a message outside any conversation means."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.debt_text import DebtFields, PaymentFields
from coach.intents import Intent, IntentKind, classify, is_cancel
from coach.parsing import DueDate
from coach.rates import QuotedRate, RateKind

TODAY = date(2026, 6, 15)  # a Monday
K = IntentKind


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


# --- cancel words -----------------------------------------------------------------

CANCEL = [
    ("取消", True),
    ("算了", True),
    ("算了吧", True),
    ("算了吧！", True),
    ("算了。。。", True),
    ("算了算了", True),
    ("取消吧～", True),
    ("不要了", True),
    ("退出", True),
    ("不弄了", True),
    ("先不了😅", True),
    ("  取消  ", True),
    ("Cancel", True),
    ("STOP!", True),
    ("quit", True),
    ("exit", True),
    ("never mind", True),
    ("Never mind.", True),
    ("nvm", True),
    ("ｃａｎｃｅｌ", True),  # full-width
    ("/cancel", True),
    ("死了算了", False),
    ("算了一下利息", False),
    ("我算了一下", False),
    ("stop calling me", False),
    ("取消分期", False),
    ("cancel my card", False),
    ("不要了吗", False),
    ("吧", False),
    ("", False),
    ("   ", False),
    ("👍", False),
]


@pytest.mark.parametrize(("text", "expected"), CANCEL)
def test_cancel_only_as_the_whole_message(text, expected):
    assert is_cancel(text) is expected


@given(st.text(max_size=80))
def test_is_cancel_never_raises_and_says_no_to_anything_long(text):
    result = is_cancel(text)
    if len(text.strip()) > 60:
        assert result is False


# --- intents ------------------------------------------------------------------------

# (message, kind, fields the debt or payment must have; others must be None/default)
INTENTS: list[tuple[str, IntentKind, dict]] = [
    # greetings
    ("你好", K.GREETING, {}),
    ("您好！", K.GREETING, {}),
    ("在吗", K.GREETING, {}),
    ("在吗？？", K.GREETING, {}),
    ("hi", K.GREETING, {}),
    ("Hello", K.GREETING, {}),
    ("hey there", K.GREETING, {}),
    ("早上好呀", K.GREETING, {}),
    ("hello 你好", K.GREETING, {}),
    ("👋", K.GREETING, {}),
    # help
    ("帮助", K.HELP, {}),
    ("怎么用", K.HELP, {}),
    ("菜单", K.HELP, {}),
    ("help", K.HELP, {}),
    ("Menu", K.HELP, {}),
    ("?", K.HELP, {}),
    ("？", K.HELP, {}),
    ("你能做什么", K.HELP, {}),
    ("你好，怎么用啊", K.HELP, {}),
    ("what can you do?", K.HELP, {}),
    # thanks
    ("谢谢", K.THANKS, {}),
    ("谢谢你的帮助", K.THANKS, {}),
    ("好的", K.THANKS, {}),
    ("好的谢谢", K.THANKS, {}),
    ("ok", K.THANKS, {}),
    ("OK thanks!", K.THANKS, {}),
    ("thank you so much", K.THANKS, {}),
    ("👍", K.THANKS, {}),
    ("收到🙏", K.THANKS, {}),
    # collection (wins over debt)
    ("催收打电话给我妈", K.COLLECTION, {}),
    ("催收天天打电话", K.COLLECTION, {}),
    ("他们爆我通讯录了", K.COLLECTION, {}),
    ("说要上门找我", K.COLLECTION, {}),
    ("给我同事打电话了怎么办", K.COLLECTION, {}),
    ("发短信威胁我", K.COLLECTION, {}),
    ("收到律师函了", K.COLLECTION, {}),
    ("他们说要起诉我", K.COLLECTION, {}),
    ("我花呗欠了8600，催收天天打电话", K.COLLECTION, {}),
    ("collector called my sister", K.COLLECTION, {}),
    ("a debt collector keeps texting me", K.COLLECTION, {}),
    ("they keep calling me", K.COLLECTION, {}),
    ("they're threatening to sue", K.COLLECTION, {}),
    ("I owe amex 2300 and their collections guy called my boss", K.COLLECTION, {}),
    # debts
    ("花呗欠了8600，逾期20天", K.DEBT,
     {"lender": "花呗", "platform": "huabei", "balance": Decimal(8600), "overdue_days": 20,
      "overdue_since": ago(20)}),
    ("借呗还欠3万 年化18%", K.DEBT,
     {"lender": "借呗", "platform": "jiebei", "balance": Decimal(30000),
      "rate": QuotedRate(RateKind.ANNUAL, Decimal("0.18"))}),
    ("I owe Amex 2300", K.DEBT,
     {"lender": "American Express", "platform": "credit_card", "balance": Decimal(2300)}),
    ("信用卡欠5万 最低还款2500 每月10号", K.DEBT,
     {"lender": "信用卡", "platform": "credit_card", "balance": Decimal(50000),
      "min_payment": Decimal(2500), "due": DueDate(day_of_month=10)}),
    ("花呗8600", K.DEBT, {"lender": "花呗", "platform": "huabei", "balance": Decimal(8600)}),
    ("借呗逾期两个月了，欠12000", K.DEBT,
     # two months before 2026-06-15 is 2026-04-15: 15 + 31 + 15 = 61 days
     {"lender": "借呗", "platform": "jiebei", "balance": Decimal(12000), "overdue_days": 61,
      "overdue_since": date(2026, 4, 15)}),
    ("信用卡逾期半年 欠3万5", K.DEBT,
     # half a year before 2026-06-15 is 2025-12-15: 16 + 31 + 28 + 31 + 30 + 31 + 15 = 182 days
     {"lender": "信用卡", "platform": "credit_card", "balance": Decimal(35000),
      "overdue_days": 182, "overdue_since": date(2025, 12, 15)}),
    ("微粒贷 欠 2w 逾期 10天", K.DEBT,
     {"lender": "微粒贷", "platform": "weilidai", "balance": Decimal(20000), "overdue_days": 10,
      "overdue_since": ago(10)}),
    ("白条还有2000没还", K.DEBT, {"lender": "白条", "platform": "jd", "balance": Decimal(2000)}),
    ("网贷日息万五 借了1万", K.DEBT,
     {"balance": Decimal(10000), "rate": QuotedRate(RateKind.DAILY, Decimal("0.0005"))}),
    ("欠张三5000", K.DEBT, {"lender": "张三", "balance": Decimal(5000)}),
    ("我没还花呗500", K.DEBT, {"lender": "花呗", "platform": "huabei", "balance": Decimal(500)}),
    ("招行信用卡欠了两万三 10号还款", K.DEBT,
     {"lender": "招商银行", "platform": "credit_card", "balance": Decimal(23000),
      "due": DueDate(day_of_month=10)}),
    ("huabei 8600 overdue 3 weeks", K.DEBT,
     {"lender": "huabei", "platform": "huabei", "balance": Decimal(8600), "overdue_days": 21,
      "overdue_since": ago(21)}),
    ("i owe my brother 500 bucks", K.DEBT,
     {"lender": "brother", "balance": Decimal(500), "currency": "USD"}),
    ("I owe 2,300 on my chase card, apr 24.99%, min payment $75, due on the 15th", K.DEBT,
     {"lender": "Chase", "platform": "credit_card", "balance": Decimal(2300), "currency": "USD",
      "rate": QuotedRate(RateKind.ANNUAL, Decimal("0.2499")), "min_payment": Decimal(75),
      "due": DueDate(day_of_month=15)}),
    ("my capital one card is 45 days late, balance $1,250.75", K.DEBT,
     {"lender": "Capital One", "platform": "credit_card", "balance": Decimal("1250.75"),
      "currency": "USD", "overdue_days": 45, "overdue_since": ago(45)}),
    ("haven't paid my amex 300 yet", K.DEBT,
     {"lender": "American Express", "platform": "credit_card", "balance": Decimal(300)}),
    ("花被欠了八千六", K.DEBT, {"balance": Decimal(8600)}),  # a typo for 花呗: still a debt
    # payments
    ("刚还了花呗500", K.PAYMENT,
     {"lender": "花呗", "platform": "huabei", "amount": Decimal(500), "paid_on": TODAY}),
    ("paid 200 to Visa", K.PAYMENT,
     {"lender": "Visa", "platform": "credit_card", "amount": Decimal(200)}),
    ("昨天还了借呗2000块", K.PAYMENT,
     {"lender": "借呗", "platform": "jiebei", "amount": Decimal(2000), "currency": "CNY",
      "paid_on": ago(1)}),
    ("还了500", K.PAYMENT, {"amount": Decimal(500)}),
    ("今天还款1500 招行", K.PAYMENT,
     {"lender": "招商银行", "amount": Decimal(1500), "paid_on": TODAY}),
    ("just paid my chase card $150", K.PAYMENT,
     {"lender": "Chase", "platform": "credit_card", "amount": Decimal(150), "currency": "USD",
      "paid_on": TODAY}),
    ("made a $75 payment on my Discover", K.PAYMENT,
     {"lender": "Discover", "platform": "credit_card", "amount": Decimal(75), "currency": "USD"}),
    # unknown: numbers without a debt word, chat, questions
    ("今天天气不错", K.UNKNOWN, {}),
    ("我买了个手机3000", K.UNKNOWN, {}),
    ("美团外卖花了50", K.UNKNOWN, {}),
    ("我的电话是13812345678", K.UNKNOWN, {}),
    ("花呗逾期了怎么办", K.UNKNOWN, {}),  # no figure to pre-fill
    ("my rent is 1500", K.UNKNOWN, {}),
    ("hello how are you doing today", K.UNKNOWN, {}),
    ("asdfgh", K.UNKNOWN, {}),
    ("", K.UNKNOWN, {}),
]


@pytest.mark.parametrize(("text", "kind", "fields"), INTENTS)
def test_classify(text, kind, fields):
    intent = classify(text, TODAY)
    assert intent.kind is kind
    # Fields a row does not name must be empty; the currency is checked only where named.
    if kind is K.DEBT:
        assert intent.payment is None
        assert intent.debt == DebtFields(**{"currency": intent.debt.currency, **fields})
    elif kind is K.PAYMENT:
        assert intent.debt is None
        assert intent.payment == PaymentFields(**{"currency": intent.payment.currency, **fields})
    else:
        assert intent == Intent(kind)


def test_the_table_covers_every_kind_in_both_languages():
    assert {kind for _, kind, _ in INTENTS} == set(IntentKind)
    assert len(INTENTS) >= 60


def test_mixed_text_collection_wins_over_debt():
    text = "催收说我欠了8600不还就起诉我"
    assert classify(text, TODAY).kind is K.COLLECTION


def test_a_number_alone_is_not_a_debt():
    for text in ["3000", "我有3000", "8600 20天", "I have 2300"]:
        assert classify(text, TODAY).kind is K.UNKNOWN, text


@settings(max_examples=300)
@given(
    st.text(max_size=200)
    | st.lists(
        st.sampled_from(
            ["花呗", "欠了", "8600", "逾期", "20天", "年化", "18%", "最低还款", "每月", "10号", "还了",
             "owe", "amex", "$", "2,300", "overdue", "days", "due", "the 31st", "万五", "99999天",
             "谢谢", "你好", "?", "👍", "催收", "my sister", " ", "，"]
        ),
        max_size=12,
    ).map("".join),
    st.dates(),
)
def test_classify_never_raises(text, today):
    intent = classify(text, today)
    assert isinstance(intent, Intent)
    assert (intent.debt is not None) == (intent.kind is K.DEBT)
    assert (intent.payment is not None) == (intent.kind is K.PAYMENT)


def test_a_month_day_before_a_repay_word_is_a_date():
    intent = classify("白条欠3000 7月10日还款", TODAY)
    assert intent.debt is not None
    assert intent.debt.due == DueDate(on=date(2026, 7, 10))
