"""Time coach.planner.simulate on 50 debts x 600 months (the target is <= 20 ms).

Run:  .venv/bin/python scripts/bench_planner.py [--runs N]

Worst case: every minimum equals the first month's interest, so no balance ever falls and
all 50 debts stay unpaid through all 600 months (30,000 debt-months, ends "too_long").
Long plan: minimums just above interest, so the plan is feasible and runs for hundreds of
months. Figures are the median of N runs, with and without the schedule rows; turning
the rows into Decimal (first read of ``Plan.schedule``) is timed separately.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coach.planner import Plan, PlanDebt, simulate

CENT = Decimal("0.01")


def make_debts(n: int, factor: Decimal) -> list[PlanDebt]:
    """n debts with minimum = factor x first-month interest (+0.01 when factor > 1)."""
    debts = []
    for i in range(n):
        balance = Decimal(2000 + 397 * i)
        apr = Decimal("0.06") + Decimal(i % 17) / 100
        minimum = (balance * apr / 12 * factor).quantize(CENT)
        if factor > 1:
            minimum += CENT
        debts.append(PlanDebt(i, f"debt {i}", balance, apr, minimum=minimum))
    return debts


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def debt_months(debts: list[PlanDebt], budget: Decimal) -> tuple[Plan, int]:
    plan = simulate(debts, budget, "avalanche")
    return plan, sum(len(row.debts) for row in plan.schedule)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=31)
    args = parser.parse_args()
    for label, factor in (("worst case", Decimal(1)), ("long plan", Decimal("1.0005"))):
        debts = make_debts(50, factor)
        budget = sum((d.minimum or Decimal(0) for d in debts), Decimal(0))
        plan, cells = debt_months(debts, budget)
        lean = median_ms(
            lambda d=debts, b=budget: simulate(d, b, "avalanche", keep_schedule=False),
            args.runs,
        )
        kept = median_ms(lambda d=debts, b=budget: simulate(d, b, "avalanche"), args.runs)
        rows = median_ms(
            lambda d=debts, b=budget: simulate(d, b, "avalanche").schedule, max(3, args.runs // 5)
        )
        print(
            f"{label}: 50 debts, {plan.months} months ({plan.reason or 'feasible'}), "
            f"{cells} debt-months | simulate: {lean:.2f} ms (keep_schedule=False), "
            f"{kept:.2f} ms (keep_schedule=True) | + Decimal rows: {rows:.1f} ms "
            f"| median of {args.runs} runs"
        )


if __name__ == "__main__":
    main()
