"""How long /plan takes, with its chart, through the real Application and the emulator.

    python scripts/bench_plan.py [--debts 10] [--runs 15]

Times from the update entering the emulator's queue to the chart photo arriving,
median of the runs (the first, cold run is reported separately).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from telegram import Update

from bot.app import build_application
from bot.config import Settings
from coach.clock import FixedClock
from emulator import BotApiEmulator, TgUser
from storage.migrate import upgrade

TOKEN = "123456:BENCH"


async def main(n_debts: int, runs: int) -> None:
    url = f"sqlite+aiosqlite:///{tempfile.mkdtemp()}/bench.db"
    await asyncio.to_thread(upgrade, url)
    async with BotApiEmulator(token=TOKEN) as emu:
        settings = Settings(_env_file=None, telegram_bot_token=TOKEN, telegram_api_url=emu.base_url,  # type: ignore[call-arg]
                            database_url=url, nudge_tick_seconds=0)
        app = build_application(settings, clock=FixedClock(datetime(2026, 11, 28, 2, tzinfo=UTC)))
        await app.initialize()
        await app.post_init(app)
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=5, allowed_updates=Update.ALL_TYPES)
        user = TgUser(id=42, first_name="Bench", language_code="zh-hans")
        proc = app.update_processor

        async def say(text: str) -> None:
            await proc.wait_processed(emu.send_text(user, text), timeout=30)

        async def tap(label: str) -> None:
            msgs = [m for m in reversed(emu.bot_messages(user.id)) if any(label in b for b, _ in emu.buttons(m))]
            if not msgs:
                last = emu.bot_messages(user.id)[-1]
                raise SystemExit(f"no button {label!r}; last: {last.text!r} {emu.buttons(last)}")
            msg = msgs[0]
            data = next(d for b, d in emu.buttons(msg) if label in b)
            await proc.wait_processed(emu.press(user, msg.message_id, data), timeout=30)

        await say("/start")
        for label in ("同意", "中国大陆", "Asia/Shanghai", "CNY"):
            await tap(label)
        for i in range(n_debts):
            await say(f"/adddebt 贷款{i} {5000 + 700 * i} 年化{12 + i}% 12月{1 + i % 28}日 最低 {200 + 10 * i}")
            await tap("银行")  # the lender type: not a known platform
            await tap("保存")
        await say("/budget 收入 20000 必要 9000")
        await tap("保存")
        times = []
        for _ in range(runs + 1):
            before = len(emu.bot_messages(user.id))
            start = time.perf_counter()
            uid = emu.send_text(user, "/plan")
            await emu.wait_for(lambda b=before: any(m.kind == "photo" for m in emu.bot_messages(user.id)[b:]),
                               timeout=30)
            times.append((time.perf_counter() - start) * 1000)
            await proc.wait_processed(uid)
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        await app.post_shutdown(app)
    print(f"/plan with chart, {n_debts} debts: first {times[0]:.0f} ms, "
          f"median {statistics.median(times[1:]):.0f} ms, max {max(times[1:]):.0f} ms over {runs} runs")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--debts", type=int, default=10)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    asyncio.run(main(args.debts, args.runs))
