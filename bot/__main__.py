"""The ``debt-coach`` command line: run | console | nudges | db upgrade.

Each command imports what it needs when it runs (the bot, the console, migrations), so
``debt-coach db upgrade`` doesn't load Telegram or the chart renderer.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot.config import Settings, SettingsError, configure_logging, load_settings


def _run(settings: Settings, *, console_if_no_token: bool) -> int:
    from storage.migrate import upgrade

    if settings.telegram_bot_token is None:
        if console_if_no_token:
            return _console(settings, lang=None)
        print(
            "TELEGRAM_BOT_TOKEN is not set: put it in the environment or in .env "
            "(or try the bot locally with `debt-coach console`).",
            file=sys.stderr,
        )
        return 2
    from telegram import Update

    from bot.app import build_application

    upgrade(settings.database_url)
    app = build_application(settings)
    app.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0


def _console(settings: Settings, lang: str | None) -> int:
    import asyncio

    from bot.console import run_console
    from storage.migrate import upgrade

    upgrade(settings.database_url)
    try:
        asyncio.run(run_console(settings, lang=lang))
    except KeyboardInterrupt:
        pass
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="debt-coach", description="Debt Coach Telegram bot")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="poll Telegram (needs TELEGRAM_BOT_TOKEN)")
    run.add_argument(
        "--console-if-no-token",
        action="store_true",
        help="start the local console instead when no token is configured",
    )
    console = sub.add_parser("console", help="chat with the bot in this terminal, offline")
    console.add_argument("--lang", choices=["zh", "en"], default=None, help="your language")
    sub.add_parser("nudges", help="only send reminders (extra processes sharing the sending)")
    db = sub.add_parser("db", help="database commands")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="apply migrations")
    args = parser.parse_args(argv)

    try:
        settings = load_settings()
    except SettingsError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    configure_logging(settings.log_level)

    if args.command == "run":
        return _run(settings, console_if_no_token=args.console_if_no_token)
    if args.command == "console":
        return _console(settings, lang=args.lang)
    if args.command == "nudges":
        if settings.telegram_bot_token is None:
            print("TELEGRAM_BOT_TOKEN is not set: put it in the environment or in .env.", file=sys.stderr)
            return 2
        import asyncio

        from bot.app import run_nudger
        from storage.migrate import upgrade

        upgrade(settings.database_url)
        try:
            asyncio.run(run_nudger(settings))
        except KeyboardInterrupt:
            pass
        return 0
    if args.command == "db" and args.db_command == "upgrade":
        from storage.migrate import upgrade

        upgrade(settings.database_url)
        print("database is up to date")
        return 0
    parser.error("unknown command")
    return 2


if __name__ == "__main__":
    sys.exit(main())
