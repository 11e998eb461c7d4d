"""Users and their settings; erasing a user."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from babel.numbers import list_currencies

from bot.i18n import choose_language, normalise_lang
from bot.services.hooks import ZonedService
from coach.errors import ParseError
from coach.timezones import parse_timezone
from storage.models import User
from storage.repositories import DraftRepository, UserRepository, erase_user

if TYPE_CHECKING:
    pass

_log = logging.getLogger(__name__)

REGIONS = ("cn", "us", "other")
REGION_DEFAULTS = {
    "cn": ("Asia/Shanghai", "CNY"),
    "us": ("America/New_York", "USD"),
}
_SETTABLE = {"language", "region", "timezone", "currency", "quiet_start", "quiet_end", "consent", "active"}


def default_region(language: str) -> str:
    """The region proposed first: mainland China for Chinese, elsewhere otherwise."""
    return "cn" if language == "zh_CN" else "us"


def parse_currency(text: str) -> str:
    code = text.strip().upper()
    if len(code) != 3 or code not in list_currencies():
        raise ParseError("currency.invalid", value=text[:16])
    return code


class UserService(ZonedService):
    async def get(self, user_id: int) -> User | None:
        async with self.uow() as s:
            return await UserRepository(s).get(user_id)

    async def ensure(self, user_id: int, language_code: str | None) -> User:
        """The user, created with the language Telegram reports when new. No financial data."""
        async with self.uow() as s:
            repo = UserRepository(s)
            user = await repo.get(user_id)
            if user is None:
                now = self.uow.clock.now()
                user = await repo.add(
                    User(
                        id=user_id,
                        language=choose_language(language_code),
                        created_at=now,
                        updated_at=now,
                    )
                )
            return user

    async def update(self, user_id: int, update_id: int | None, **fields: Any) -> User | None:
        """Change settings. Validates every field; unknown fields are a programming error."""
        unknown = set(fields) - _SETTABLE
        if unknown:
            raise TypeError(f"not a user setting: {sorted(unknown)}")
        if "language" in fields:
            fields["language"] = normalise_lang(fields["language"])
        if "region" in fields and fields["region"] not in REGIONS:
            raise ValueError(f"unknown region {fields['region']!r}")
        if "timezone" in fields and fields["timezone"] is not None:
            fields["timezone"] = parse_timezone(fields["timezone"])
        if "currency" in fields and fields["currency"] is not None:
            fields["currency"] = parse_currency(fields["currency"])
        async with self.uow(update_id) as s:
            user = await UserRepository(s).get(user_id)
            if user is None:
                return None
            now = self.uow.clock.now()
            if "consent" in fields and bool(fields["consent"]) != user.consent:
                user.consent_at = now if fields["consent"] else None
            for key, value in fields.items():
                setattr(user, key, value)
            user.updated_at = now
            s.add(user)
        if fields.keys() & {"timezone", "quiet_start", "quiet_end", "active", "consent"}:
            await self._changed(user_id)
        return user

    async def finish_onboarding(
        self, user_id: int, update_id: int, draft: dict[str, Any]
    ) -> User | None:
        """Apply the onboarding draft in one transaction and mark the user onboarded."""
        async with self.uow(update_id) as s:
            user = await UserRepository(s).get(user_id)
            if user is None:
                return None
            now = self.uow.clock.now()
            region = draft.get("region") or default_region(user.language)
            user.region = region if region in REGIONS else "other"
            user.timezone = parse_timezone(draft.get("timezone") or self.default_timezone)
            user.currency = parse_currency(draft.get("currency") or "CNY")
            user.consent = bool(draft.get("consent"))
            user.consent_at = now if user.consent else None
            user.onboarded = True
            user.active = True
            user.updated_at = now
            s.add(user)
            await DraftRepository(s).remove(user_id, "onboarding")
        await self._changed(user_id)
        return user

    async def erase(self, user_id: int, update_id: int) -> bool:
        """Delete the user and every row about them, in every table."""
        async with self.uow(update_id) as s:
            counts = await erase_user(s, user_id)
        _log.info("erased user data: %s rows", sum(counts.values()))
        return counts.get("users", 0) > 0
