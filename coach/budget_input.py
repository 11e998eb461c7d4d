"""The budget as the user enters it: a JSON-able draft, and the one-line quick form.

``/budget income 8000 essentials 5000`` (zh: ``/budget 收入 8000 必要 5000``) sets the
totals without categories: they go to the ``other`` category of each group.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, ClassVar

from coach.budget import (
    DEFAULT_MARGIN_PERCENT,
    ESSENTIAL_CATEGORIES,
    OPTIONAL_CATEGORIES,
    Asset,
    Budget,
    Expense,
    IncomeSource,
    SafetyMargin,
)
from coach.errors import ParseError
from coach.parsing import parse_amount
from coach.parsing.labelled import parse_labelled_amount, parse_labelled_amounts

_KEYS = {
    "income": "income", "incomes": "income", "收入": "income", "月收入": "income",
    "essentials": "essentials", "essential": "essentials", "必要": "essentials",
    "必要支出": "essentials", "必需": "essentials",
    "optional": "optional", "optionals": "optional", "可选": "optional", "非必要": "optional",
    "可选支出": "optional",
    "savings": "savings", "存款": "savings", "储蓄": "savings",
    "sellable": "sellable", "可变卖": "sellable",
    "margin": "margin", "安全垫": "margin", "预留": "margin",
}
_KEYS_LONGEST_FIRST = sorted(_KEYS, key=len, reverse=True)
_PERCENT = re.compile(r"^(\d{1,2}(?:\.\d+)?)\s*[%％]$")
MAX_LABEL = 40


#: The words people use for each budget category, by group (case-folded, NFKC). A typed
#: label is the category whose word it contains (the longest word wins); a label no
#: word matches is the group's ``other``.
CATEGORY_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "essentials": {
        "rent_mortgage": ("房租", "租房", "房贷", "租金", "月供", "物业", "rent", "mortgage",
                          "housing"),
        "food": ("吃饭", "伙食", "饭钱", "饭费", "买菜", "生活费", "餐费", "food", "groceries",
                 "grocery", "meals"),
        "utilities": ("水电", "水费", "电费", "燃气", "煤气", "暖气", "网费", "宽带", "话费",
                      "utilities", "utility", "electric", "water", "gas bill", "internet",
                      "phone"),
        "transport": ("交通", "地铁", "公交", "打车", "油费", "加油", "停车", "通勤",
                      "transport", "commute", "bus", "subway", "fuel", "gas", "car"),
        "medical": ("医疗", "看病", "医药", "药费", "买药", "医院", "medical", "doctor",
                    "medicine", "health"),
        "family_support": ("赡养", "抚养", "孩子", "小孩", "学费", "父母", "老人", "家用",
                           "托儿", "幼儿园", "奶粉", "child", "childcare", "daycare", "kids",
                           "school", "tuition", "parents", "family"),
        "insurance": ("保险", "社保", "医保", "insurance"),
    },
    "optionals": {
        "eating_out": ("外卖", "下馆子", "聚餐", "奶茶", "咖啡", "eating out", "takeaway",
                       "takeout", "restaurant", "coffee", "delivery"),
        "subscriptions": ("会员", "订阅", "视频", "音乐", "subscription", "netflix",
                          "spotify", "streaming"),
        "shopping": ("购物", "网购", "衣服", "化妆品", "淘宝", "shopping", "clothes"),
        "entertainment": ("娱乐", "游戏", "电影", "旅游", "ktv", "entertainment", "games",
                          "movies", "travel", "fun"),
        "phone_extra": ("流量", "手机套餐", "超出", "phone extra", "data"),
    },
    "assets": {
        "savings": ("存款", "储蓄", "积蓄", "余额宝", "零钱", "savings", "saved", "bank"),
        "sellable": ("可变卖", "能卖", "卖掉", "二手", "sellable", "sell"),
    },
}


def category_of(group: str, label: str) -> str:
    """The ``group``'s category a typed ``label`` names (``房租`` -> ``rent_mortgage``);
    ``other`` when no word matches (assets have no ``other``: ``savings``)."""
    key = unicodedata.normalize("NFKC", label).casefold()
    best, length = ("other" if group != "assets" else "savings"), 0
    for category, words in CATEGORY_WORDS.get(group, {}).items():
        for word in words:
            # An English word is a whole word (bus is not in business); Chinese, anywhere.
            found = (re.search(rf"\b{re.escape(word)}s?\b", key) if word.isascii()
                     else word in key)
            if found and len(word) > length:
                best, length = category, len(word)
    return best


@dataclass(frozen=True)
class BudgetDraft:
    incomes: tuple[tuple[str, str], ...] = ()  # (label, amount)
    essentials: dict[str, str] = field(default_factory=dict)
    optionals: dict[str, str] = field(default_factory=dict)
    assets: dict[str, str] = field(default_factory=dict)  # savings | sellable
    margin_percent: str | None = str(DEFAULT_MARGIN_PERCENT)
    margin_fixed: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "incomes": [list(i) for i in self.incomes],
            "essentials": dict(self.essentials),
            "optionals": dict(self.optionals),
            "assets": dict(self.assets),
            "margin_percent": self.margin_percent,
            "margin_fixed": self.margin_fixed,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> BudgetDraft:
        return cls(
            incomes=tuple((str(a), str(b)) for a, b in d.get("incomes", [])),
            essentials=dict(d.get("essentials", {})),
            optionals=dict(d.get("optionals", {})),
            assets=dict(d.get("assets", {})),
            margin_percent=d.get("margin_percent"),
            margin_fixed=d.get("margin_fixed"),
        )

    def to_budget(self) -> Budget:
        margin = (
            SafetyMargin.of_amount(Decimal(self.margin_fixed))
            if self.margin_fixed is not None
            else SafetyMargin(percent=Decimal(self.margin_percent or "0"))
        )
        return Budget(
            incomes=tuple(IncomeSource(Decimal(a), label) for label, a in self.incomes),
            essentials=tuple(
                Expense(c, Decimal(a)) for c, a in self.essentials.items() if Decimal(a) > 0
            ),
            optionals=tuple(
                Expense(c, Decimal(a)) for c, a in self.optionals.items() if Decimal(a) > 0
            ),
            assets=tuple(
                Asset("savings" if k == "savings" else "sellable", Decimal(a))
                for k, a in self.assets.items()
                if Decimal(a) > 0
            ),
            margin=margin,
        )

    # -- edits ----------------------------------------------------------------------
    def add_income(self, text: str) -> BudgetDraft:
        """``8000``, ``salary 8000``, ``工资8000``, ``8000 工资``: an income source; a list
        (``工资6000 兼职1500``, ``salary 3000, tips 500``) adds each
        (:func:`coach.parsing.labelled.parse_labelled_amounts`)."""
        items = parse_labelled_amounts(text)
        added = tuple((item.label[:MAX_LABEL], str(item.amount)) for item in items)
        return replace(self, incomes=(*self.incomes, *added))

    def set_amount(self, group: str, category: str, text: str) -> BudgetDraft:
        allowed = {
            "essentials": ESSENTIAL_CATEGORIES,
            "optionals": OPTIONAL_CATEGORIES,
            "assets": ("savings", "sellable"),
        }[group]
        if category not in allowed:
            raise ParseError("budget.unknown_category", category=category)
        try:  # 话费100 (the button named it), 600/月, 400 a week, 水费100 电费200 (added)
            amount = sum((i.amount for i in parse_labelled_amounts(text)), Decimal(0))
        except ParseError:  # 0 takes the item out; else the single amount's own error
            amount = parse_labelled_amount(text, allow_zero=True).amount
        values = dict(getattr(self, group))
        if amount == 0:
            values.pop(category, None)
        else:
            values[category] = str(amount)
        if group == "essentials":
            return replace(self, essentials=values)
        if group == "optionals":
            return replace(self, optionals=values)
        return replace(self, assets=values)

    def set_items(self, group: str, text: str) -> tuple[BudgetDraft, tuple[tuple[str, Decimal], ...]]:
        """A typed list at a category choice (``房租2500，吃饭1500，话费100``): each labelled
        amount set on the category its label names (:func:`category_of`); labels no word
        matches are added together on ``other``. Returns the draft and the (category,
        amount) pairs set, in order. Raises :class:`ParseError`: ``budget.items_invalid``
        when an amount has no label (a bare ``2500`` needs a category tapped first), or
        the amount parser's codes."""
        items = parse_labelled_amounts(text)
        if any(not item.label for item in items):
            raise ParseError("budget.items_invalid")
        totals: dict[str, Decimal] = {}
        for item in items:
            category = category_of(group, item.label)
            totals[category] = totals.get(category, Decimal(0)) + item.amount
        draft = self
        for category, amount in totals.items():
            draft = draft.set_amount(group, category, str(amount))
        return draft, tuple(totals.items())

    def set_margin(self, text: str) -> BudgetDraft:
        """``5%`` (of income) or an amount."""
        raw = text.strip()
        m = _PERCENT.match(raw)
        if m:
            pct = Decimal(m.group(1)) / 100
            return replace(self, margin_percent=str(pct), margin_fixed=None)
        amount = parse_labelled_amount(raw, allow_zero=True).amount
        return replace(self, margin_percent=None, margin_fixed=str(amount))


def _quick_pairs(text: str) -> list[tuple[str | None, str]]:
    """(key, value) pairs of the quick form; a key may be glued to its value (``收入8000``)."""
    tokens = unicodedata.normalize("NFKC", text).replace(":", " ").split()
    pairs: list[tuple[str | None, str]] = []
    i = 0
    while i < len(tokens):
        word = tokens[i].casefold()
        if word in _KEYS:
            if i + 1 >= len(tokens):
                return [(None, "")]
            pairs.append((_KEYS[word], tokens[i + 1]))
            i += 2
            continue
        glued = next((k for k in _KEYS_LONGEST_FIRST if word.startswith(k) and word != k), None)
        pairs.append((None if glued is None else _KEYS[glued], tokens[i][len(glued or "") :]))
        i += 1
    return pairs


def parse_budget_quick(text: str) -> BudgetDraft:
    """``income 8000 essentials 5000 [optional 1000] [savings 2万] [margin 5%|400]``.

    A key may be glued to its value: ``/budget 收入8000 必要5000``.
    """
    pairs = _quick_pairs(text)
    if not pairs:
        raise ParseError("budget.quick_invalid", text=text[:64])
    draft = BudgetDraft()
    seen: set[str] = set()
    for key, value in pairs:
        if key is None or key in seen:
            raise ParseError("budget.quick_invalid", text=text[:64])
        seen.add(key)
        if key == "income":
            draft = replace(draft, incomes=(("", str(parse_amount(value))),))
        elif key == "essentials":
            draft = draft.set_amount("essentials", "other", value)
        elif key == "optional":
            draft = draft.set_amount("optionals", "other", value)
        elif key in ("savings", "sellable"):
            draft = draft.set_amount("assets", key, value)
        else:
            draft = draft.set_margin(value)
    if "income" not in seen:
        raise ParseError("budget.quick_invalid", text=text[:64])
    return draft


@dataclass(frozen=True)
class BudgetFlow:
    """The /budget conversation's draft: the budget being edited and where the user is.

    ``group`` is the section being filled (``essentials | optionals | assets``),
    ``category`` the item whose amount is asked, ``walked`` whether the first walk
    through every section is done (afterwards each section returns to the menu).
    """

    KIND: ClassVar[str] = "budget"

    draft: BudgetDraft = field(default_factory=BudgetDraft)
    group: str = "essentials"
    category: str = "other"
    walked: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"draft": self.draft.to_dict(), "group": self.group, "category": self.category,
                "walked": self.walked}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BudgetFlow:
        return cls(
            draft=BudgetDraft.from_dict(dict(data.get("draft") or {})),
            group=str(data.get("group") or "essentials"),
            category=str(data.get("category") or "other"),
            walked=bool(data.get("walked")),
        )

    def with_(self, **changes: Any) -> BudgetFlow:
        return replace(self, **changes)
