"""The composition root: ``build_application(settings)`` wires everything."""

from __future__ import annotations

import asyncio
import logging
import warnings
from typing import Any

from telegram import Bot, BotCommand, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes, Defaults
from telegram.warnings import PTBUserWarning

from bot import logmask
from bot.charts import chart_font
from bot.config import Settings
from bot.i18n import t
from bot.nudges import NudgeSender
from bot.persistence import DbPersistence
from bot.processing import PerChatUpdateProcessor
from bot.services import Services, UnitOfWork
from coach.clock import Clock, SystemClock
from handlers import (
    COMMANDS,
    CONVERSATION_DRAFTS,
    CONVERSATION_STATES,
    CONVERSATION_TIMEOUTS,
    expire_conversations,
    register,
)
from handlers.context import BotContext, BotData
from handlers.nudge_render import render as render_nudges
from storage.db import make_engine, make_session_factory

_log = logging.getLogger(__name__)

# Our ConversationHandlers mix CallbackQueryHandlers with per_message=False on purpose
# (the conversation is per user, not per message); PTB warns about that at build time.
warnings.filterwarnings("ignore", category=PTBUserWarning, message=".*per_message.*")

LEDGER_PRUNE_JOB = "ledger-prune"
NUDGE_TICK_JOB = "nudge-tick"
REPLAN_JOB = "nudge-replan"
EXPIRE_JOB = "conversation-expiry"


def command_menu(lang: str) -> list[BotCommand]:
    return [BotCommand(name, t(lang, f"cmd.{name}")) for name in COMMANDS]


async def _post_init(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    await app.bot_data.nudge_bot.initialize()
    # Warm the chart renderer (matplotlib import and font lookup) so the first /plan is fast.
    await asyncio.to_thread(chart_font)
    await app.bot.set_my_commands(command_menu("en"))
    await app.bot.set_my_commands(command_menu("zh_CN"), language_code="zh")
    _log.info("bot @%s ready", app.bot.username)


async def _post_shutdown(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    services: Services = app.bot_data.services
    await app.bot_data.nudge_bot.shutdown()
    await services.engine.dispose()


async def _prune_ledger(context: BotContext) -> None:
    await context.services.ledger.prune()


async def _nudge_tick(context: BotContext) -> None:
    stats = await context.bot_data.nudge_sender.tick()
    if stats.claimed:
        _log.info("nudge tick: %s", stats)


async def _replan_all(context: BotContext) -> None:
    await context.services.planner.replan_all()


def build_services(settings: Settings, clock: Clock) -> Services:
    engine = make_engine(settings.database_url)
    return Services(
        engine=engine,
        uow=UnitOfWork(make_session_factory(engine), clock),
        clock=clock,
        default_timezone=settings.default_timezone,
    )


def build_nudge_sender(settings: Settings, services: Services) -> NudgeSender:
    """The reminder sender, with its own Bot (initialise it before use)."""
    assert settings.telegram_bot_token is not None
    # Nudges go out through their own Bot: the sender paces itself and handles RetryAfter
    # by rescheduling the row, where the application's rate limiter would sleep and retry.
    nudge_bot = Bot(
        settings.telegram_bot_token.get_secret_value(),
        base_url=settings.bot_base_url,
        base_file_url=settings.bot_base_file_url,
    )
    return NudgeSender(services, nudge_bot, render_nudges, rate=settings.nudge_rate_per_second)


async def run_nudger(settings: Settings) -> None:
    """``debt-coach nudges``: only the reminder tick, for extra processes that share the sending."""
    services = build_services(settings, SystemClock())
    sender = build_nudge_sender(settings, services)
    interval = settings.nudge_tick_seconds or 30.0
    async with sender.bot:
        await services.planner.replan_all()
        while True:
            stats = await sender.tick()
            if stats.claimed:
                _log.info("nudge tick: %s", stats)
            await asyncio.sleep(interval)


def build_application(
    settings: Settings, *, clock: Clock | None = None
) -> Application[Any, BotContext, Any, Any, BotData, Any]:
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is required to build the application")
    logmask.install()  # card and ID numbers never reach a log
    clock = clock or SystemClock()
    services = build_services(settings, clock)
    factory = services.uow.session_factory
    persistence = DbPersistence(factory, clock, CONVERSATION_TIMEOUTS, CONVERSATION_STATES,
                              CONVERSATION_DRAFTS)
    processor = PerChatUpdateProcessor(services, persistence)
    app = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(settings.bot_base_url)
        .base_file_url(settings.bot_base_file_url)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .context_types(ContextTypes(context=BotContext, bot_data=BotData))
        .persistence(persistence)
        .concurrent_updates(processor)
        .rate_limiter(AIORateLimiter(max_retries=3))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    processor.application = app
    app.bot_data.services = services
    sender = build_nudge_sender(settings, services)
    app.bot_data.nudge_bot = sender.bot
    app.bot_data.nudge_sender = sender
    register(app)
    if app.job_queue is not None:
        jobs = app.job_queue
        jobs.run_repeating(_prune_ledger, interval=3600, first=600, name=LEDGER_PRUNE_JOB)
        if settings.nudge_tick_seconds > 0:  # 0: no scheduled tick (tests call it themselves)
            jobs.run_repeating(_nudge_tick, interval=settings.nudge_tick_seconds,
                               first=min(5.0, settings.nudge_tick_seconds), name=NUDGE_TICK_JOB)
        jobs.run_repeating(_replan_all, interval=6 * 3600, first=1, name=REPLAN_JOB)
        jobs.run_repeating(expire_conversations, interval=600, first=600, name=EXPIRE_JOB)
    return app
