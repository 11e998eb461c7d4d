"""What every feature service shares: its dependencies, the user, and step results.

A feature service (``bot/services/<feature>.py``) has one method per conversation step.
Each takes the parsed input and returns a :class:`Step`: the state the conversation
goes to (a state name, :data:`END`, or ``None`` to stay on the step) and a view model the
handler renders from the catalog. A step that can't run returns a :class:`Refusal`
view (a reason code); input that can't be used returns :class:`Invalid` (the domain
error to explain, the conversation staying on the step). Services never return
database rows and never hold user-facing text.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from bot.services.drafts import Drafts
from bot.services.uow import UnitOfWork
from coach.clock import Clock
from coach.errors import CoachError
from coach.profile import Profile
from storage.repositories import UserRepository

__all__ = ["END", "Context", "FeatureService", "Invalid", "Refusal", "Step"]

#: The conversation ends (the handler maps it to ``ConversationHandler.END``).
END = "end"

V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class Step(Generic[V]):
    """One step's result: what to show, and where the conversation goes next.

    ``next``: a state name, :data:`END`, or None (stay on this step).
    """

    view: V
    next: str | None = None


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a step didn't run. ``reason`` is a catalog key suffix (``refusal.<reason>``):
    ``not_registered`` (no /start yet), ``need_consent``, ``not_found`` (not this user's,
    or gone), ``expired`` (a button of an earlier step), ``gone`` (a draft that ended)."""

    reason: str


@dataclass(frozen=True, slots=True)
class Invalid:
    """Input that couldn't be used: the domain error to explain; the step stays."""

    error: CoachError


@dataclass(frozen=True)
class Context:
    """A feature service's dependencies, built once in :class:`bot.services.Services`.

    ``replan(user_id)`` re-plans the user's nudges in the current transaction; every
    service calls it after changing data the reminders depend on.
    """

    uow: UnitOfWork
    default_timezone: str
    replan: Callable[[int], Awaitable[int]]

    @property
    def drafts(self) -> Drafts:
        return Drafts(self.uow)


class FeatureService:
    """Base of the feature services: the user, today in their zone, re-planning."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.uow = ctx.uow
        self.drafts = ctx.drafts

    @property
    def clock(self) -> Clock:
        return self.uow.clock

    async def profile(self, user_id: int) -> Profile | None:
        async with self.uow() as s:
            return await UserRepository(s).profile(user_id)

    async def registered(self, user_id: int) -> Profile | Refusal:
        """The user if /start is done, else ``Refusal("not_registered")``."""
        profile = await self.profile(user_id)
        if profile is None or not profile.onboarded:
            return Refusal("not_registered")
        return profile

    async def ready(self, user_id: int) -> Profile | Refusal:
        """The user if set up and consenting to store financial data (PIPL arts. 28-29)."""
        profile = await self.registered(user_id)
        if isinstance(profile, Profile) and not profile.consent:
            return Refusal("need_consent")
        return profile

    def today(self, profile: Profile | None) -> date:
        """The user's local date (the default zone for someone without a profile)."""
        if profile is None:
            return Profile(0, "en").today(self.uow.clock.now(), self.ctx.default_timezone)
        return profile.today(self.uow.clock.now(), self.ctx.default_timezone)

    async def changed(self, user_id: int) -> None:
        """Data the reminders depend on changed: re-plan them, in this transaction."""
        await self.ctx.replan(user_id)
