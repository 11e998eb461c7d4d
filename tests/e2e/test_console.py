"""`debt-coach console`: the real bot in a terminal, driven through stdin/stdout."""

from __future__ import annotations

import asyncio
import os
import sys


async def _console(tmp_path, lines: list[str], lang: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    env.update({"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'console.db'}", "LOG_LEVEL": "WARNING"})
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "console", "--lang", lang, cwd=tmp_path, env=env,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate("\n".join(lines).encode() + b"\n"), 60)
    assert proc.returncode == 0, err.decode()
    return out.decode()


async def test_console_chats_in_chinese_with_numbered_buttons(tmp_path):
    out = await _console(tmp_path, ["/start", "1", "1", "1", "1", "/quit"], "zh")
    assert "还款教练控制台" in out
    assert "[1] ✅ 同意" in out and "[2] 暂不同意" in out
    assert "设置完成" in out and "Asia/Shanghai" in out
    assert "<b>" not in out  # HTML is rendered for the terminal


async def test_console_chats_in_english(tmp_path):
    out = await _console(tmp_path, ["/help", "/quit"], "en")
    assert "Here's what I can do" in out


async def test_quit_alone_goes_to_the_bot_and_only_slash_quit_leaves(tmp_path):
    out = await _console(tmp_path, ["/start", "1", "1", "1", "1", "/adddebt", "quit", "/quit"],
                         "en")
    assert "Cancelled" in out  # "quit" is a cancel word for the bot, not the console's exit
