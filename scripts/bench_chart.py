"""Time bot.charts.render_plan_chart (the /plan chart; target well under 300 ms warm).

Run:  .venv/bin/python scripts/bench_chart.py [--runs N] [--latin]

Cases: 5 debts x 36 months, 10 x 60 (budgets found by bisection so the plans are feasible
and last that long), and 50 x 600 (every minimum equals the first month's interest, so
all 50 debts stay unpaid for 600 months: the most series and points a plan can have).
Figures: the one-off font lookup, the first render in the process (loads the font file),
then the median of N warm renders in the main thread, and the first render in a new thread
(matplotlib caches loaded fonts per thread). ``Plan.schedule`` is read before timing, as
the bot reads it anyway for the text reply. ``--latin`` forces the no-CJK-font path.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import threading
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot import charts
from coach.planner import DebtId, Plan, PlanDebt, simulate

CENT = Decimal("0.01")
LENDERS = ("招商银行信用卡", "花呗", "借呗", "京东白条", "微粒贷", "建设银行", "美团月付", "Citi")
START = dt.date(2026, 11, 28)


def make_debts(n: int, factor: Decimal | None) -> list[PlanDebt]:
    """n debts; minimum = factor x first-month interest, or 2% of the balance if None."""
    debts = []
    for i in range(n):
        balance = Decimal(3000 + 1397 * (i % 13) + 211 * i)
        apr = Decimal("0.06") + Decimal(i % 17) / 100
        if factor is None:
            minimum = (balance * Decimal("0.02")).quantize(CENT)
        else:
            minimum = (balance * apr / 12 * factor).quantize(CENT)
        name = f"{LENDERS[i % len(LENDERS)]}{i // len(LENDERS) or ''}"
        debts.append(PlanDebt(i, name, balance, apr, minimum=minimum))
    return debts


def plan_lasting(n: int, months: int) -> tuple[Plan, list[PlanDebt]]:
    """A feasible avalanche plan for n debts lasting about ``months`` months."""
    debts = make_debts(n, None)
    low = sum((d.minimum or Decimal(0) for d in debts), Decimal(0))
    high = sum((d.balance for d in debts), Decimal(0))
    for _ in range(40):  # bisect on the budget: more budget, fewer months
        mid = ((low + high) / 2).quantize(CENT)
        plan = simulate(debts, mid, "avalanche", keep_schedule=False)
        if plan.feasible and plan.months <= months:
            high = mid
        else:
            low = mid
    return simulate(debts, high, "avalanche"), debts


def worst_plan(n: int) -> tuple[Plan, list[PlanDebt]]:
    debts = make_debts(n, Decimal(1))
    budget = sum((d.minimum or Decimal(0) for d in debts), Decimal(0))
    return simulate(debts, budget, "avalanche"), debts


def render(plan: Plan, names: dict[DebtId, str], allow_cjk: bool) -> bytes:
    return charts.render_plan_chart(
        plan,
        names,
        start=START,
        lang="zh_CN",
        currency="CNY",
        title="还款计划：雪崩法",
        note=None if plan.feasible else "预算不足",
        allow_cjk=allow_cjk,
    )


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def in_new_thread(fn: Callable[[], object]) -> float:
    result: list[float] = []
    thread = threading.Thread(target=lambda: result.append(timed(fn)))
    thread.start()
    thread.join()
    return result[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--latin", action="store_true", help="force the no-CJK-font path")
    args = parser.parse_args()
    allow_cjk = not args.latin
    cases = [
        ("5 debts x 36 months", plan_lasting(5, 36)),
        ("10 debts x 60 months", plan_lasting(10, 60)),
        ("50 debts x 600 months", worst_plan(50)),
    ]
    font = charts.chart_font() if allow_cjk else None
    print(f"font: {font.family + ' (' + font.path + f' face {font.index})' if font else 'Latin'}")
    for i, (label, (plan, debts)) in enumerate(cases):
        names: dict[DebtId, str] = {d.id: d.name for d in debts}

        def run(p: Plan = plan, n: dict[DebtId, str] = names) -> bytes:
            return render(p, n, allow_cjk)

        if i == 0:
            charts.clear_font_cache()
            lookup = timed(charts.chart_font)
            print(f"  font lookup (chart_font(), once per process): {lookup:.0f} ms")
            print(f"  first render in the process (font file load etc.): {timed(run):.0f} ms")
        png = run()
        warm = statistics.median(timed(run) for _ in range(args.runs))
        fresh = in_new_thread(run)
        print(
            f"{label}: {plan.months} months ({plan.reason or 'feasible'}), "
            f"{len(plan.schedule[0].debts)} debts | warm median {warm:.0f} ms of {args.runs} "
            f"| first in a new thread {fresh:.0f} ms | PNG {len(png) // 1024} KiB"
        )


if __name__ == "__main__":
    main()
