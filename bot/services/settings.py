"""/settings and /language: each tap or typed value sets one setting, saved at once.

Every step returns the settings menu again (:class:`Menu`) after a change, or the
question of the item picked; changes that affect when reminders go out (time zone,
quiet hours, consent) re-plan them in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.i18n import choose_language, normalise_lang
from bot.services.base import END, FeatureService, Invalid, Refusal, Step
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
from coach.timezones import parse_quiet_hours, parse_timezone
from storage.debts import DebtRepository
from storage.repositories import UserRepository

__all__ = [
    "CONSENT", "CURRENCY", "LANGUAGE", "MENU", "QUIET", "QUIET_PRESETS", "REGION", "TIMEZONE",
    "AskConsent", "AskCurrency", "AskLanguage", "AskQuiet", "AskRegion", "AskTimezone", "Closed",
    "LanguageSet", "Menu", "SettingsService",
]  # fmt: skip

MENU, REGION, TIMEZONE, CURRENCY, QUIET, LANGUAGE, CONSENT = (
    "menu", "region", "timezone", "currency", "quiet", "language", "consent"
)
#: Quiet hours offered as buttons (minutes after midnight, start and end).
QUIET_PRESETS = ((22 * 60, 8 * 60), (23 * 60, 7 * 60), (21 * 60, 9 * 60))
_REPLANS = frozenset({"timezone", "quiet_start", "quiet_end", "consent", "active"})


@dataclass(frozen=True)
class Menu:
    """The settings. ``unconverted``: the currency changed while debts are recorded (their
    figures keep their numbers: nothing is converted), the old code."""

    profile: Profile
    saved: bool = False  # a setting was just saved
    consent_withdrawn: bool = False
    unconverted: str | None = None


@dataclass(frozen=True)
class AskRegion:
    default: Region


@dataclass(frozen=True)
class AskTimezone:
    zones: tuple[str, ...]


@dataclass(frozen=True)
class AskCurrency:
    codes: tuple[str, ...]


@dataclass(frozen=True)
class AskQuiet:
    presets: tuple[tuple[int, int], ...] = QUIET_PRESETS


@dataclass(frozen=True)
class AskLanguage:
    pass


@dataclass(frozen=True)
class AskConsent:
    consent: bool


@dataclass(frozen=True)
class Closed:
    pass


@dataclass(frozen=True)
class LanguageSet:
    language: str


class SettingsService(FeatureService):
    async def menu(self, user_id: int) -> Step[object]:
        profile = await self.registered(user_id)
        if isinstance(profile, Refusal):
            return Step(profile, END)
        return Step(Menu(profile), MENU)

    async def pick(self, user_id: int, item: str) -> Step[object]:
        """An item of the menu: its question (or close)."""
        profile = await self.registered(user_id)
        if isinstance(profile, Refusal):
            return Step(profile, END)
        region = profile.region or Region.OTHER
        if item == "close":
            return Step(Closed(), END)
        if item == "region":
            return Step(AskRegion(profile.region or default_region(profile.language)), REGION)
        if item == "tz":
            return Step(AskTimezone(zone_choices(region, self.ctx.default_timezone)), TIMEZONE)
        if item == "cur":
            return Step(AskCurrency(currency_choices(region)), CURRENCY)
        if item == "quiet":
            return Step(AskQuiet(), QUIET)
        if item == "lang":
            return Step(AskLanguage(), LANGUAGE)
        return Step(AskConsent(profile.consent), CONSENT)

    async def _set(self, user_id: int, **fields: object) -> Step[object]:
        async with self.uow() as s:
            profile = await UserRepository(s).update(user_id, self.clock.now(), **fields)
        if profile is None:
            return Step(Refusal("not_registered"), END)
        if fields.keys() & _REPLANS:
            await self.changed(user_id)
        withdrawn = fields.get("consent") is False
        return Step(Menu(profile, saved=True, consent_withdrawn=withdrawn), MENU)

    async def region(self, user_id: int, code: str) -> Step[object]:
        return await self._set(user_id, region=region_of(code))

    async def timezone(self, user_id: int, text: str) -> Step[object]:
        try:
            return await self._set(user_id, timezone=parse_timezone(text))
        except CoachError as err:
            return Step(Invalid(err), None)

    async def currency(self, user_id: int, text: str) -> Step[object]:
        try:
            code = parse_currency(text)
        except CoachError as err:
            return Step(Invalid(err), None)
        before = await self.profile(user_id)
        step = await self._set(user_id, currency=code)
        old = before.currency if before is not None else None
        if isinstance(step.view, Menu) and old and old != code:
            async with self.uow() as s:
                if await DebtRepository(s).list(user_id):
                    step = Step(replace(step.view, unconverted=old), step.next)
        return step

    async def quiet(self, user_id: int, *, text: str = "", preset: str | None = None) -> Step[object]:
        """Quiet hours: a preset (``off`` or ``start-end`` in minutes) or typed (23:00-08:00)."""
        if preset == "off":
            return await self._set(user_id, quiet_start=None, quiet_end=None)
        try:
            if preset is not None:
                start, end = (int(x) for x in preset.split("-"))
                if not (0 <= start < 1440 and 0 <= end < 1440):
                    raise CoachError("quiet.invalid", value=preset)
            else:
                start, end = parse_quiet_hours(text)
        except CoachError as err:
            return Step(Invalid(err), None)
        return await self._set(user_id, quiet_start=start, quiet_end=end)

    async def consent(self, user_id: int, yes: bool) -> Step[object]:
        """Give or withdraw consent; withdrawn, reminders stop (data stays until /delete_me)."""
        return await self._set(user_id, consent=yes)

    async def language(self, user_id: int, language: str, language_code: str | None) -> Step[object]:
        """/language (also inside /settings): works before /start too."""
        lang = normalise_lang(language)
        await self._ensure(user_id, language_code)
        async with self.uow() as s:
            await UserRepository(s).update(user_id, self.clock.now(), language=lang)
        return Step(LanguageSet(lang), None)

    async def _ensure(self, user_id: int, language_code: str | None) -> None:
        async with self.uow() as s:
            repo = UserRepository(s)
            if await repo.profile(user_id) is None:
                await repo.create(user_id, choose_language(language_code), self.clock.now())
