"""Crisis lines by region, as data with sources (shared/domain/crisis.md), and a
conservative check for words that suggest a user may harm themselves.

When it matches, the bot answers with care and the line for the user's region
first, then carries on helping with the debt. It never lectures.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class CrisisLine:
    region: str  # "cn" | "us" | "other"
    number: str
    what: str  # catalog key of the description
    source: str


LINES: tuple[CrisisLine, ...] = (
    CrisisLine("cn", "12356", "crisis.line.cn_12356",
               "National Health Commission notice, Dec 2024; Xinhua / People's Daily 2024-12-25"),
    CrisisLine("cn", "110 / 120", "crisis.line.cn_emergency", "—"),
    CrisisLine("us", "988", "crisis.line.us_988", "988lifeline.org (in service since 2022-07-16)"),
)

_PATTERNS = (
    r"自杀", r"轻生", r"不想活", r"活不下去", r"想死", r"去死", r"寻死", r"结束(自己的)?生命",
    r"跳楼", r"割腕", r"一了百了", r"活着没(有)?意思",
    r"\bsuicid", r"\bkill (my ?self|me)\b", r"\bend (it all|my life)\b", r"\bwant to die\b",
    r"\bno reason to live\b", r"\bbetter off dead\b", r"\bhurt myself\b",
)
_RE = re.compile("|".join(_PATTERNS), re.IGNORECASE)


def suggests_self_harm(text: str) -> bool:
    """Whether the words suggest the user may harm themselves (errs on the side of caring)."""
    return bool(_RE.search(unicodedata.normalize("NFKC", text)))


def lines_for(region: str | None) -> tuple[CrisisLine, ...]:
    """The lines for a region; elsewhere, none (the bot points to local emergency services)."""
    return tuple(line for line in LINES if line.region == (region or "other"))
