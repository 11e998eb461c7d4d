"""/start: greeting, consent, region, time zone, currency; and who the user is.

Choices wait in a :class:`coach.drafts.OnboardingDraft`; the user's settings are
written once, at the end, in the update's transaction. :meth:`StartService.profile` is
how every handler learns the user's language and settings.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.i18n import choose_language
from bot.services.base import END, FeatureService, Invalid, Refusal, Step
from coach.drafts import OnboardingDraft
from coach.errors import CoachError
from coach.profile import (
    Profile,
    Region,
    currency_choices,
    default_region,
    parse_currency,
    region_of,
    zone_choices,
)
from coach.timezones import parse_timezone
from storage.nudges import NudgeRepository
from storage.repositories import UserRepository

__all__ = [
    "CONSENT", "CURRENCY", "REGION", "TIMEZONE", "AskConsent", "AskCurrency", "AskRegion",
    "AskTimezone", "Done", "StartService", "Welcome",
]  # fmt: skip

CONSENT, REGION, TIMEZONE, CURRENCY = "consent", "region", "timezone", "currency"


@dataclass(frozen=True)
class Welcome:
    """A returning user: nothing to set up."""

    profile: Profile


@dataclass(frozen=True)
class AskConsent:
    pass


@dataclass(frozen=True)
class AskRegion:
    default: Region
    consented: bool | None = None  # the answer just given, for the thank-you line


@dataclass(frozen=True)
class AskTimezone:
    zones: tuple[str, ...]


@dataclass(frozen=True)
class AskCurrency:
    codes: tuple[str, ...]
    typing: bool = False  # "other": type a code


@dataclass(frozen=True)
class Done:
    profile: Profile


class StartService(FeatureService):
    async def ensure(self, user_id: int, language_code: str | None) -> Profile:
        """The user, created with the language Telegram reports when new (no financial data)."""
        async with self.uow() as s:
            repo = UserRepository(s)
            profile = await repo.profile(user_id)
            if profile is None:
                profile = await repo.create(user_id, choose_language(language_code),
                                            self.clock.now())
            return profile

    async def start(self, user_id: int, language_code: str | None) -> Step[object]:
        profile = await self.ensure(user_id, language_code)
        if not profile.active:  # they had blocked the bot and came back: resume reminders
            await self.set_active(user_id, True)
        if profile.onboarded:
            return Step(Welcome(profile), END)
        await self.drafts.save(user_id, OnboardingDraft())
        return Step(AskConsent(), CONSENT)

    async def consent(self, user_id: int, yes: bool) -> Step[object]:
        draft = await self.drafts.load(user_id, OnboardingDraft) or OnboardingDraft()
        await self.drafts.save(user_id, draft.with_(consent=yes))
        profile = await self.profile(user_id)
        language = profile.language if profile else "en"
        return Step(AskRegion(default_region(language), consented=yes), REGION)

    async def region(self, user_id: int, code: str) -> Step[object]:
        region = region_of(code)
        draft = await self.drafts.load(user_id, OnboardingDraft) or OnboardingDraft()
        await self.drafts.save(user_id, draft.with_(region=region.code))
        return Step(AskTimezone(zone_choices(region, self.ctx.default_timezone)), TIMEZONE)

    async def timezone(self, user_id: int, text: str) -> Step[object]:
        try:
            tz = parse_timezone(text)
        except CoachError as err:
            return Step(Invalid(err), None)
        draft = await self.drafts.load(user_id, OnboardingDraft) or OnboardingDraft()
        await self.drafts.save(user_id, draft.with_(timezone=tz))
        return Step(AskCurrency(currency_choices(region_of(draft.region))), CURRENCY)

    async def other_currency(self, user_id: int) -> Step[object]:
        return Step(AskCurrency((), typing=True), None)

    async def currency(self, user_id: int, text: str) -> Step[object]:
        """The last answer: the settings are written, the user is set up."""
        try:
            code = parse_currency(text)
        except CoachError as err:
            return Step(Invalid(err), None)
        draft = await self.drafts.load(user_id, OnboardingDraft) or OnboardingDraft()
        profile = await self.profile(user_id)
        if profile is None:
            return Step(Refusal("not_registered"), END)
        region = region_of(draft.region or default_region(profile.language).code)
        async with self.uow() as s:
            done = await UserRepository(s).update(
                user_id, self.clock.now(), region=region,
                timezone=parse_timezone(draft.timezone or self.ctx.default_timezone),
                currency=code, consent=bool(draft.consent), onboarded=True, active=True,
            )
        await self.drafts.clear(user_id, OnboardingDraft)
        await self.changed(user_id)
        return Step(Done(done or profile), END)

    async def set_active(self, user_id: int, active: bool) -> None:
        """The user blocked (False) or unblocked (True) the bot: hold or resume reminders."""
        async with self.uow() as s:
            await UserRepository(s).update(user_id, self.clock.now(), active=active)
            repo = NudgeRepository(s)
            if active:
                await repo.resume_user(user_id)
            else:
                await repo.pause_user(user_id)
        if active:
            await self.changed(user_id)

    async def discard(self, user_id: int) -> None:
        await self.drafts.clear(user_id, OnboardingDraft)

    async def unsaved(self, user_id: int) -> bool:
        return False  # onboarding holds only settings, asked again on /start
