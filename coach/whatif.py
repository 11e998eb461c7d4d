"""What-ifs: the same story told again with more money a month, or a one-off now.

A what-if re-runs :func:`coach.story.tell` on the same inputs, so its figures are the
story's: "+$500 a month" compares two monthly gaps and never reads "still short by
$0.00", and a one-off (a lump sum in month 1) pays arrears and brings the end closer but
never changes the monthly gap by itself (:attr:`coach.planner.Plan.monthly_gap` ignores
lump sums). The verdict is a catalog code (``plan.whatif.*``) with its params:

* ``still_short`` / ``once_still_short``: the new story is still short, by ``gap`` a month;
* ``still_never`` (``grows`` a month) / ``still_too_long``: it still doesn't end;
* ``closes_gap``: it was short and no longer is, debt-free by ``date``;
* ``now_ends``: it didn't end and now does, by ``date``;
* ``sooner``: debt-free by ``date`` instead of ``before``, ``saved`` less interest;
* ``less_interest``: the same month, ``saved`` less interest; ``same``: little changes.

Every verdict also carries ``amount``, ``arrears_left`` (overdue after this month's
payments) and ``gap``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Literal

from coach.errors import CoachError
from coach.story import Ending, Story, StoryInput, tell

__all__ = ["STEPS", "WhatIf", "WhatIfError", "suggested_amounts", "what_if"]

_ZERO = Decimal(0)


class WhatIfError(CoachError, ValueError):
    """Codes: ``whatif.one_amount`` (give exactly one positive amount)."""

    code = "whatif.invalid"


@dataclass(frozen=True)
class WhatIf:
    """``kind`` ``monthly`` (``amount`` more a month) or ``once`` (``amount`` now);
    ``base`` and ``story`` are the stories before and after; ``code``/``params`` the
    verdict (module doc)."""

    kind: Literal["monthly", "once"]
    amount: Decimal
    base: Story
    story: Story
    code: str
    params: dict[str, Decimal | date | int | str]


def _ym(ending: Ending) -> str:
    assert ending.label is not None
    return f"{ending.label[0]}-{ending.label[1]:02d}"


def what_if(
    inp: StoryInput,
    *,
    monthly: Decimal = _ZERO,
    once: Decimal = _ZERO,
    base: Story | None = None,
) -> WhatIf:
    """Tell the story again with ``monthly`` more a month or ``once`` now (exactly one,
    positive; else :class:`WhatIfError`). ``base``: the story already told on ``inp``
    (told again when None). The agenda is not recomputed for the what-if."""
    if (monthly > 0) == (once > 0) or monthly < 0 or once < 0:
        raise WhatIfError("whatif.one_amount")
    base = base or tell(inp, with_agenda=False)
    if monthly > 0:
        kind: Literal["monthly", "once"] = "monthly"
        amount = monthly
        changed = replace(inp, money=inp.money + monthly, start=base.start)
    else:
        kind, amount = "once", once
        lumps = dict(inp.lump_sums)
        lumps[1] = lumps.get(1, _ZERO) + once
        changed = replace(inp, lump_sums=lumps, start=base.start)
    new = tell(changed, with_agenda=False)
    params: dict[str, Decimal | date | int | str] = {
        "amount": amount, "arrears_left": new.arrears_left, "gap": new.gap,
    }  # fmt: skip
    ending = new.ending
    if new.gap > 0:
        code = "once_still_short" if kind == "once" else "still_short"
    elif ending.kind == "never_ends":
        code = "still_never"
        params["grows"] = ending.growth.grows if ending.growth else _ZERO
    elif ending.kind == "too_long":
        code = "still_too_long"
    else:
        params["date"] = _ym(ending)
        before = base.ending
        if base.gap > 0:
            code = "closes_gap"
        elif before.kind != "ends" or before.month is None or ending.month is None:
            code = "now_ends"
        else:
            saved = base.plan.total_interest - new.plan.total_interest
            params["saved"] = max(saved, _ZERO)
            if ending.month < before.month:
                code = "sooner"
                params["before"] = _ym(before)
            else:
                code = "less_interest" if saved > 0 else "same"
    return WhatIf(kind, amount, base, new, f"plan.whatif.{code}", params)


#: Usual steps a user taps for a what-if, by currency (a typed amount is always allowed).
STEPS: dict[str, tuple[Decimal, ...]] = {
    "CNY": (Decimal(100), Decimal(500), Decimal(1000)),
    "USD": (Decimal(50), Decimal(100), Decimal(500)),
}


def suggested_amounts(currency: str | None, gap: Decimal = _ZERO) -> tuple[Decimal, ...]:
    """Buttons for a what-if: the currency's usual steps (CNY ¥100/500/1,000, USD
    $50/100/500, others the USD steps), led by the monthly ``gap`` rounded up to a whole
    unit when there is one, so "what closes the gap" is one tap."""
    steps = STEPS.get((currency or "").upper(), STEPS["USD"])
    if gap <= 0:
        return steps
    whole = gap.to_integral_value(rounding="ROUND_CEILING")
    return (whole, *(s for s in steps if s != whole))
