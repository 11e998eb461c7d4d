"""Typed context (PTB's contexttypesbot pattern): ``context.services`` instead of string keys."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from telegram.ext import CallbackContext, ExtBot

if TYPE_CHECKING:
    from telegram import Bot

    from bot.nudges import NudgeSender
    from bot.services import Services


class BotData:
    """The application's bot_data: holds the services, nothing about users."""

    services: Services
    nudge_sender: NudgeSender
    nudge_bot: Bot


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    @property
    def services(self) -> Services:
        return self.bot_data.services
