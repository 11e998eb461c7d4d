"""Application services: one module per feature, one method per conversation step.

:class:`Services` is built once by the composition root (bot/app.py) and is what the
handlers see (``context.services``): ``services.debts``, ``services.payments`` and so on,
each named as its handler module (handlers/<feature>.py -> bot/services/<feature>.py).
Every feature service shares one :class:`~bot.services.base.Context`: the unit of work
(one transaction per update, bot/services/uow.py), the default time zone, and the
nudge re-planner, which each service calls after changing data reminders depend on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.services.arrears import ArrearsService
from bot.services.base import Context
from bot.services.budget import BudgetService
from bot.services.calendar import CalendarService
from bot.services.chat import ChatService
from bot.services.contact_records import ContactRecordsService
from bot.services.contacts import ContactsService
from bot.services.crisis import CrisisService
from bot.services.debts import DebtsService
from bot.services.drafts import Janitor
from bot.services.ledger import LedgerService
from bot.services.negotiate import NegotiateService
from bot.services.nudges import NudgePlanner, NudgeService
from bot.services.offers import OfferService
from bot.services.payments import PaymentsService
from bot.services.plan import PlanService
from bot.services.privacy import PrivacyService
from bot.services.reminders import ReminderService
from bot.services.settings import SettingsService
from bot.services.start import StartService
from bot.services.uow import UnitOfWork, UpdateScope
from coach.clock import Clock

__all__ = ["Services", "UnitOfWork", "UpdateScope"]


@dataclass
class Services:
    """Everything the handlers may call, built once in ``build_application``."""

    engine: AsyncEngine
    uow: UnitOfWork
    clock: Clock
    default_timezone: str
    planner: NudgePlanner = field(init=False)
    context: Context = field(init=False)

    def __post_init__(self) -> None:
        self.planner = NudgePlanner(self.uow, self.default_timezone)
        self.context = Context(self.uow, self.default_timezone, self.planner.replan)

    @cached_property
    def drafts_janitor(self) -> Janitor:
        return Janitor(self.uow)

    @cached_property
    def ledger(self) -> LedgerService:
        return LedgerService(self.uow)

    @cached_property
    def start(self) -> StartService:
        return StartService(self.context)

    @cached_property
    def settings(self) -> SettingsService:
        return SettingsService(self.context)

    @cached_property
    def privacy(self) -> PrivacyService:
        return PrivacyService(self.context)

    @cached_property
    def crisis(self) -> CrisisService:
        return CrisisService(self.context)

    @cached_property
    def debts(self) -> DebtsService:
        return DebtsService(self.context)

    @cached_property
    def payments(self) -> PaymentsService:
        return PaymentsService(self.context)

    @cached_property
    def arrears(self) -> ArrearsService:
        return ArrearsService(self.context)

    @cached_property
    def budget(self) -> BudgetService:
        return BudgetService(self.context)

    @cached_property
    def plan(self) -> PlanService:
        return PlanService(self.context)

    @cached_property
    def offers(self) -> OfferService:
        return OfferService(self.context)

    @cached_property
    def reminders(self) -> ReminderService:
        return ReminderService(self.context)

    @cached_property
    def nudges(self) -> NudgeService:
        return NudgeService(self.context, self.planner)

    @cached_property
    def calendar(self) -> CalendarService:
        return CalendarService(self.context)

    @cached_property
    def contacts(self) -> ContactsService:
        return ContactsService(self.context)

    @cached_property
    def contact_records(self) -> ContactRecordsService:
        return ContactRecordsService(self.context)

    @cached_property
    def negotiate(self) -> NegotiateService:
        return NegotiateService(self.context)

    @cached_property
    def chat(self) -> ChatService:
        return ChatService(self.context, self.debts, self.payments, self.contacts)
