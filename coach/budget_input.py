"""The budget as the user enters it: a JSON-able draft, and the one-line quick form.

``/budget income 8000 essentials 5000`` (zh: ``/budget 收入 8000 必要 5000``) sets the
totals without categories: they go to the ``other`` category of each group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

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
_PERCENT = re.compile(r"^(\d{1,2}(?:\.\d+)?)\s*[%％]$")
MAX_LABEL = 40


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
        """``8000`` or ``salary 8000`` / ``工资 8000``: one income source."""
        label, amount = split_label_amount(text)
        return replace(self, incomes=(*self.incomes, (label, str(amount))))

    def set_amount(self, group: str, category: str, text: str) -> BudgetDraft:
        allowed = {
            "essentials": ESSENTIAL_CATEGORIES,
            "optionals": OPTIONAL_CATEGORIES,
            "assets": ("savings", "sellable"),
        }[group]
        if category not in allowed:
            raise ParseError("budget.unknown_category", category=category)
        amount = parse_amount(text, allow_zero=True)
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

    def set_margin(self, text: str) -> BudgetDraft:
        """``5%`` (of income) or an amount."""
        raw = text.strip()
        m = _PERCENT.match(raw)
        if m:
            pct = Decimal(m.group(1)) / 100
            return replace(self, margin_percent=str(pct), margin_fixed=None)
        amount = parse_amount(raw, allow_zero=True)
        return replace(self, margin_percent=None, margin_fixed=str(amount))


def split_label_amount(text: str) -> tuple[str, Decimal]:
    """``工资 8000`` -> ("工资", 8000); ``8000`` -> ("", 8000). The amount is the last token."""
    parts = text.strip().rsplit(maxsplit=1)
    if len(parts) == 2:
        try:
            return parts[0][:MAX_LABEL], parse_amount(parts[1])
        except ParseError:
            pass
    return "", parse_amount(text)


def parse_budget_quick(text: str) -> BudgetDraft:
    """``income 8000 essentials 5000 [optional 1000] [savings 2万] [margin 5%|400]``."""
    tokens = text.split()
    if not tokens or len(tokens) % 2:
        raise ParseError("budget.quick_invalid", text=text[:64])
    draft = BudgetDraft()
    seen: set[str] = set()
    for key_text, value in zip(tokens[::2], tokens[1::2], strict=True):
        key = _KEYS.get(key_text.lower())
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
