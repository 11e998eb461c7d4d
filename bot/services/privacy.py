"""/delete_me: erase the user and every row about them, in every table."""

from __future__ import annotations

import logging

from bot.services.base import FeatureService
from storage.repositories import erase_user

_log = logging.getLogger(__name__)


class PrivacyService(FeatureService):
    async def erase(self, user_id: int) -> bool:
        """Delete the user and everything stored about them; False when nothing was stored."""
        async with self.uow() as s:
            counts = await erase_user(s, user_id)
        _log.info("erased user data: %s rows", sum(counts.values()))
        return counts.get("users", 0) > 0
