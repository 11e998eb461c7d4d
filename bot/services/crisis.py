"""Care first: does a message suggest self-harm (or quote a threat), and which lines to give.

The words are read by coach.crisis; the lines are those of the user's region (their
setting, else mainland China for a Chinese speaker who hasn't set one).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.base import FeatureService
from coach.crisis import CrisisLine, assess, lines_for


@dataclass(frozen=True)
class CrisisCare:
    """``quoted_threat``: someone else told the user to die (care, and the update goes on);
    otherwise the user's own words (care first; nothing else answers the message)."""

    quoted_threat: bool
    category: str
    lines: tuple[CrisisLine, ...]


class CrisisService(FeatureService):
    async def care(self, user_id: int, text: str, language: str) -> CrisisCare | None:
        signal = assess(text)
        if signal is None:
            return None
        profile = await self.profile(user_id)
        if profile is not None and profile.region is not None:
            region: str | None = profile.region.code
        else:
            region = "cn" if language == "zh_CN" else None
        return CrisisCare(signal.kind == "quoted_threat", signal.category, lines_for(region))
