"""Benchmark: one debt's billing state (coach.billing.billing_state), the replay every
screen reads, with and without penalty interest (a penalty makes each payment pay it
first, settled by a short fixed-point loop of replays).

Run: .venv/bin/python scripts/bench_billing.py [--runs N] [--payments N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date, datetime
from decimal import Decimal

from coach.billing import Payment, Stated, Terms, billing_state
from coach.debts import MinimumRule


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=501)
    parser.add_argument("--payments", type=int, default=5)
    args = parser.parse_args()
    rule = MinimumRule("fixed", amount=Decimal(800))
    stated = Stated(Decimal(2400), date(2026, 6, 5), date(2026, 6, 10), datetime(2026, 6, 10, 9))
    pays = [Payment(date(2026, 7 + i % 5, 20), Decimal(500), datetime(2026, 7 + i % 5, 20, 20 + i % 3))
            for i in range(args.payments)]
    today = date(2026, 11, 29)
    for penalty in (None, Decimal("0.1825")):
        terms = Terms(Decimal(8000), 5, None, rule, None, penalty)
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            billing_state(terms, stated, pays, today)
            times.append((time.perf_counter() - start) * 1000)
        label = "with a penalty rate" if penalty else "without a penalty rate"
        print(f"billing_state, {args.payments} payments, {label}: "
              f"median {statistics.median(times):.3f} ms, max {max(times):.3f} ms over {args.runs} runs")


if __name__ == "__main__":
    main()
