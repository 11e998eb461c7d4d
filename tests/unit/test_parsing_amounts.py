"""Amounts as people type them: formal and colloquial yuan/jiao/fen, and labelled amounts."""

from __future__ import annotations

import warnings
from decimal import Decimal
from typing import Any

import cn2an
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from coach.budget_input import BudgetDraft, category_of, parse_budget_quick
from coach.errors import ParseError
from coach.money import D
from coach.parsing import parse_amount
from coach.parsing.amounts import looks_like_money
from coach.parsing.labelled import (
    LabelledAmount,
    parse_labelled_amount,
    parse_labelled_amounts,
    read_amount,
)


def code_of(fn: Any, *args: Any, **kwargs: Any) -> tuple[str, dict[str, Any]]:
    with pytest.raises(ParseError) as info:
        fn(*args, **kwargs)
    return info.value.code, info.value.params


MONEY = [
    # formal (大写), as on a contract or a receipt
    ("壹仟零陆拾贰圆", "1062"),
    ("伍佰圆整", "500"),
    ("壹佰捌拾壹元柒角", "181.70"),  # 181 + 7 x 0.1
    ("壹佰万元零伍分", "1000000.05"),
    ("壹拾元零伍角", "10.50"),
    ("叁元贰角伍分", "3.25"),
    # colloquial
    ("十二块五毛", "12.50"),  # 12 + 5 x 0.1
    ("十五块八", "15.80"),  # a bare digit after 块 is jiao
    ("五十块二", "50.20"),  # (was refused as amount.invalid)
    ("三块二毛五", "3.25"),  # 3 + 2 x 0.1 + a bare digit after 毛 is fen: 5 x 0.01
    ("十块零五", "10.05"),  # 零 then a digit: fen
    ("一块零五分", "1.05"),
    ("五毛五", "0.55"),
    ("两百块", "200"),
    ("五块钱", "5"),
    ("五毛钱", "0.50"),
    ("5毛", "0.50"),
    ("5 毛", "0.50"),
    ("5分", "0.05"),
    ("一万二", "12000"),
    ("八千六", "8600"),
    # symbols, codes and units
    ("¥1,062.00", "1062"),
    ("RMB 500", "500"),
    ("rmb500", "500"),
    ("500 RMB", "500"),
    ("500元", "500"),
    ("500块", "500"),
    ("1062元整", "1062"),
    ("$1,234.50", "1234.50"),
    ("1.2k", "1200"),
    ("3w", "30000"),
    ("3W", "30000"),
    ("￥１５，０００", "15000"),
]


@pytest.mark.parametrize(("text", "expected"), MONEY)
def test_money_as_people_write_it(text: str, expected: str) -> None:
    assert parse_amount(text) == D(expected)
    assert str(parse_amount(text)) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("1.5元5角", "amount.invalid"),  # a decimal yuan and jiao: which is it?
        ("5块50", "amount.invalid"),  # one digit only after 块
        ("块", "amount.invalid"),
        ("毛", "amount.invalid"),
        ("元整", "amount.invalid"),
        ("五十块二毛三分四", "amount.invalid"),
        ("-5毛", "amount.negative"),
        ("零元", "amount.zero"),
    ],
)
def test_money_words_that_are_not_an_amount(text: str, code: str) -> None:
    assert code_of(parse_amount, text)[0] == code


@pytest.mark.parametrize(
    ("text", "money_like"),
    [
        ("十二块五毛", True),
        ("-500", True),
        ("12.5.3", True),
        ("¥5k", True),
        ("5000元", True),
        ("花呗", False),
        ("360借条", False),
        ("12x2702", False),
        ("一卡通", False),
        ("km", False),
        ("", False),
    ],
)
def test_what_looks_like_money(text: str, money_like: bool) -> None:
    assert looks_like_money(text) is money_like


def _rmb(amount: Decimal) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return str(cn2an.an2cn(str(amount), "rmb"))


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=D("0.01"), max_value=10**8, places=2, allow_nan=False))
def test_formal_rmb_round_trips(amount: Decimal) -> None:
    """What cn2an writes on a cheque (壹仟零陆拾贰元整) reads back as the amount."""
    assert parse_amount(_rmb(amount)) == amount


# --- labelled amounts ---------------------------------------------------------------

LABELLED = [
    ("话费100", "话费", "100"),
    ("话费 100", "话费", "100"),
    ("兼职 4,500", "兼职", "4500"),
    ("房租：3000", "房租", "3000"),
    ("房租: 3000", "房租", "3000"),
    ("rent 1200", "rent", "1200"),
    ("Rent 1.2k", "Rent", "1200"),
    ("100 话费", "话费", "100"),
    ("100话费", "话费", "100"),
    ("100元 话费", "话费", "100"),
    ("话费十二块五毛", "话费", "12.50"),
    ("一卡通100", "一卡通", "100"),
    ("十一月房租3000", "十一月房租", "3000"),
    ("bank500", "bank", "500"),
    ("iphone15 500", "iphone15", "500"),
    ("8000", "", "8000"),
    ("　工资　８０００　", "工资", "8000"),
]


@pytest.mark.parametrize(("text", "label", "amount"), LABELLED)
def test_labelled_amounts(text: str, label: str, amount: str) -> None:
    assert parse_labelled_amount(text) == LabelledAmount(label, D(amount))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("话费 -100", "amount.negative"),
        ("话费-100", "amount.negative"),
        ("话费 0", "amount.zero"),
        ("话费100.123", "amount.too_many_decimals"),
        ("话费", "amount.invalid"),
        ("", "amount.invalid"),
        ("3000 2000", "amount.invalid"),
    ],
)
def test_labelled_amounts_refused(text: str, code: str) -> None:
    assert code_of(parse_labelled_amount, text)[0] == code


def test_a_labelled_zero_can_be_allowed() -> None:
    assert parse_labelled_amount("话费 0", allow_zero=True) == LabelledAmount("话费", D(0))


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["话费", "房租", "兼职", "rent", "Salary", "一卡通", "iPhone 15"]),
    st.decimals(min_value=D("0.01"), max_value=10**7, places=2, allow_nan=False),
    st.sampled_from(["", " ", "：", ": "]),
)
def test_labelled_amounts_round_trip(label: str, amount: Decimal, glue: str) -> None:
    assume(glue or not label[-1].isdigit())  # "iPhone 150.01" is 15 + 0.01 or 150.01
    assert parse_labelled_amount(f"{label}{glue}{amount}") == LabelledAmount(label, amount)


# --- the budget uses it at every step -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "label", "amount"),
    [("兼职 4,500", "兼职", "4500"), ("工资8000", "工资", "8000"), ("8000 工资", "工资", "8000"),
     ("8000", "", "8000")],
)
def test_an_income_is_a_labelled_amount(text: str, label: str, amount: str) -> None:
    assert BudgetDraft().add_income(text).incomes == ((label, amount),)


@pytest.mark.parametrize(
    ("group", "category", "text", "amount"),
    [
        ("essentials", "other", "话费100", "100"),  # was refused: amount.invalid
        ("essentials", "other", "100 话费", "100"),
        ("optionals", "other", "外卖：300", "300"),
        ("assets", "savings", "存款 2万", "20000"),
    ],
)
def test_every_budget_group_takes_a_labelled_amount(
    group: str, category: str, text: str, amount: str
) -> None:
    draft = BudgetDraft().set_amount(group, category, text)
    assert getattr(draft, group) == {category: amount}


def test_a_labelled_zero_clears_a_budget_category() -> None:
    draft = BudgetDraft().set_amount("essentials", "other", "话费100")
    assert draft.set_amount("essentials", "other", "话费 0").essentials == {}


def test_the_margin_takes_a_labelled_amount_too() -> None:
    assert BudgetDraft().set_margin("预留 500").margin_fixed == "500"


@pytest.mark.parametrize(
    "text",
    ["收入8000 必要5000", "收入 8000 必要 5000", "收入：8000 必要：5000", "income 8000 essentials 5000"],
)
def test_the_quick_budget_takes_keys_glued_to_values(text: str) -> None:
    draft = parse_budget_quick(text)
    assert draft.incomes == (("", "8000"),) and draft.essentials == {"other": "5000"}


@pytest.mark.parametrize("text", ["", "收入", "收入8000 收入9000", "foo8000", "必要5000"])
def test_the_quick_budget_refuses(text: str) -> None:
    assert code_of(parse_budget_quick, text)[0] == "budget.quick_invalid"


# --- fuzz -----------------------------------------------------------------------------

RELEVANT = "0123456789.,:：￥¥$-元块毛角分钱整圆零一二两三四五六七八九十百千万壹贰叁伍佰仟话费房租 rent k w"
texts = st.one_of(st.text(max_size=60), st.text(alphabet=RELEVANT, max_size=30))


@settings(max_examples=300, deadline=None)
@given(texts)
def test_fuzz_labelled_amounts_raise_only_parse_errors(text: str) -> None:
    try:
        parsed = parse_labelled_amount(text)
    except ParseError as exc:
        assert exc.code.startswith("amount.")
    else:
        assert parsed.amount > 0


@settings(max_examples=300, deadline=None)
@given(texts)
def test_fuzz_money_words_raise_only_parse_errors(text: str) -> None:
    try:
        parse_amount(text)
    except ParseError as exc:
        assert exc.code.startswith("amount.")
    looks_like_money(text)


@pytest.mark.parametrize(("text", "amount"), [
    ("到手9000", "9000"), ("每期1,060块", "1060"), ("paid $500", "500"), ("500", "500"),
    ("还了十二块五毛", "12.50"),
])
def test_a_step_reads_its_amount_with_the_words_around_it(text, amount):
    assert read_amount(text) == D(amount)


def test_a_steps_amount_keeps_the_amount_errors():
    assert code_of(read_amount, "还了-500")[0] == "amount.negative"
    assert read_amount("0元", allow_zero=True) == 0


# --- a typed list at the budget's category choice ------------------------------------


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("房租2500", [("房租", "2500")]),
        ("吃饭 1500，话费100", [("吃饭", "1500"), ("话费", "100")]),
        ("吃饭 1500 话费 100", [("吃饭", "1500"), ("话费", "100")]),  # spaces only
        ("rent 1,200, groceries 400 and phone 50",  # 1,200 is one number
         [("rent", "1200"), ("groceries", "400"), ("phone", "50")]),
        ("房租：3000\n吃饭1.5千", [("房租", "3000"), ("吃饭", "1500")]),
        ("外卖 八百；会员30", [("外卖", "800"), ("会员", "30")]),
        ("2500", [("", "2500")]),
    ],
)
def test_a_list_of_labelled_amounts(text: str, items: list[tuple[str, str]]) -> None:
    assert parse_labelled_amounts(text) == tuple(LabelledAmount(k, D(v)) for k, v in items)


@pytest.mark.parametrize("text", ["abc", "房租 2500 abc", "", "，，"])
def test_a_list_with_a_part_that_has_no_amount_is_refused_whole(text: str) -> None:
    assert code_of(parse_labelled_amounts, text)[0] == "amount.invalid"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_a_list_never_raises_anything_but_parse_error(text: str) -> None:
    try:
        parse_labelled_amounts(text)
    except ParseError:
        pass


@pytest.mark.parametrize(
    ("group", "label", "category"),
    [
        ("essentials", "房租", "rent_mortgage"), ("essentials", "房贷月供", "rent_mortgage"),
        ("essentials", "买菜", "food"), ("essentials", "Groceries", "food"),
        ("essentials", "话费", "utilities"), ("essentials", "gas bill", "utilities"),
        ("essentials", "bus pass", "transport"), ("essentials", "business lunch", "other"),
        ("essentials", "孩子学费", "family_support"), ("essentials", "狗粮", "other"),
        ("optionals", "奶茶", "eating_out"), ("optionals", "Netflix", "subscriptions"),
        ("assets", "余额宝", "savings"), ("assets", "二手相机能卖", "sellable"),
    ],
)
def test_a_label_names_its_category(group: str, label: str, category: str) -> None:
    assert category_of(group, label) == category


@pytest.mark.parametrize(
    ("text", "incomes"),
    [
        ("工资6000 兼职1500", (("工资", "6000"), ("兼职", "1500"))),  # was one, 1,500
        ("工资6000，兼职1500", (("工资", "6000"), ("兼职", "1500"))),
        ("salary 3000, tips 500", (("salary", "3000"), ("tips", "500"))),
        ("$3,000/mo", (("", "3000"),)),  # "a month" is no label
    ],
)
def test_incomes_typed_as_a_list_are_each_added(text: str, incomes: tuple[tuple[str, str], ...]) -> None:
    assert BudgetDraft().add_income(text).incomes == incomes


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("吃饭１５００ 打车300 看病500", [("吃饭", "1500"), ("打车", "300"), ("看病", "500")]),
        ("房租2500吃饭1500", [("房租", "2500"), ("吃饭", "1500")]),  # nothing between them
        ("房租两千五 吃饭一千五", [("房租", "2500"), ("吃饭", "1500")]),
        ("房租2.5k 吃饭1.5千", [("房租", "2500"), ("吃饭", "1500")]),
        ("rent1200 groceries400 phone 50", [("rent", "1200"), ("groceries", "400"), ("phone", "50")]),
        ("2500 房租 1500 吃饭", [("房租", "2500"), ("吃饭", "1500")]),  # amounts first
        ("三餐1500", [("三餐", "1500")]),  # one numeral in a label is part of it
    ],
)
def test_items_run_together_are_told_apart(text: str, items: list[tuple[str, str]]) -> None:
    assert parse_labelled_amounts(text) == tuple(LabelledAmount(k, D(v)) for k, v in items)


def test_a_typed_list_sets_each_category_and_adds_the_unknown_ones_on_other() -> None:
    draft, typed = BudgetDraft().set_items("essentials", "房租2500，吃饭1500，狗粮100，猫砂50")
    # 狗粮 and 猫砂 name no category: other = 100 + 50 = 150.
    assert draft.essentials == {"rent_mortgage": "2500", "food": "1500", "other": "150"}
    assert typed == (("rent_mortgage", D(2500)), ("food", D(1500)), ("other", D(150)))
    # A bare amount needs a category tapped first: nothing is set.
    assert code_of(BudgetDraft().set_items, "essentials", "2500")[0] == "budget.items_invalid"


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("工资 6000元/月", [("工资", "6000")]),  # "/月" is how often, not the amount
        ("兼职大概1500左右", [("兼职", "1500")]),  # hedges change nothing
        ("i make like 3k a month", [("i make", "3000")]),
        # A month's worth of what comes weekly or every two weeks:
        # 400 x 52 / 12 = 1,733.33; 1,500 x 26 / 12 = 3,250.00; 120,000 / 12 = 10,000.00.
        ("side gig 400/wk", [("side gig", "1733.33")]),
        ("paycheck 1500 biweekly", [("paycheck", "3250.00")]),
        ("年薪12万", [("", "10000.00")]),
        ("月供 3000", [("月供", "3000")]),  # a monthly payment's name stays a label
        # Each period is its own item's, never the list's (rent was read as weekly:
        # 2,500 x 52 / 12 = 10,833.33): 100 x 52 / 12 = 433.33.
        ("房租2500 打车每周100", [("房租", "2500"), ("打车", "433.33")]),
        ("rent 1200 groceries weekly 100", [("rent", "1200"), ("groceries", "433.33")]),
        ("年终奖12000", [("", "1000.00")]),  # a yearly bonus: 12,000 / 12
        ("周薪1200", [("", "5200.00")]),  # weekly pay: 1,200 x 52 / 12
        ("半个月发一次2500", [("", "5000.00")]),  # twice a month
        ("800 twice a month", [("", "1600.00")]),
        ("话费每月50，水电一季度300", [("话费", "50"), ("水电", "100.00")]),  # 300 / 3
        ("孩子学费一学期6000", [("孩子学费", "1000.00")]),  # a semester: 6,000 / 6
    ],
)
def test_how_often_an_amount_comes_makes_it_monthly(text: str, items: list[tuple[str, str]]) -> None:
    assert parse_labelled_amounts(text) == tuple(LabelledAmount(k, D(v)) for k, v in items)


def test_a_tapped_category_takes_a_period_or_several_amounts() -> None:
    draft = BudgetDraft().set_amount("essentials", "utilities", "水费100 电费200")
    assert draft.essentials == {"utilities": "300"}  # 100 + 200
    assert BudgetDraft().set_amount("optionals", "other", "100/wk").optionals == {
        "other": "433.33"}  # 100 x 52 / 12


@pytest.mark.parametrize("text", ["兼职每天200", "300 a day", "日结200"])
def test_an_amount_by_the_day_is_asked_as_a_month(text: str) -> None:
    # A month's worth depends on the days worked: never guessed.
    assert code_of(parse_labelled_amounts, text)[0] == "amount.per_day"
