"""A user's settings as the domain sees them, and the jurisdiction they imply.

The region (coach.regions) decides which rules apply, never the language: a Chinese
speaker in New York gets US rules, an English speaker in Shanghai Chinese rules;
elsewhere, figures and general guidance without a verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from babel.numbers import get_currency_name, list_currencies

from coach.errors import ParseError
from coach.regions import Region, region_of
from coach.timezones import local_now

__all__ = [
    "DEFAULT_QUIET", "Profile", "Region", "currency_choices", "default_region", "parse_currency",
    "region_of", "zone_choices",
]  # fmt: skip

#: Quiet hours a new user gets: 22:00-08:00 local (minutes after midnight).
DEFAULT_QUIET = (22 * 60, 8 * 60)


#: The zone and currency proposed first for each region.
_REGION_DEFAULTS = {Region.CN: ("Asia/Shanghai", "CNY"), Region.US: ("America/New_York", "USD")}
_US_ZONES = ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles")
_OTHER_ZONES = ("UTC", "Europe/London", "Europe/Berlin", "Asia/Hong_Kong", "Asia/Singapore")
_OTHER_CURRENCIES = ("CNY", "USD", "EUR", "GBP", "HKD")


def default_region(language: str) -> Region:
    """The region proposed first: mainland China for Chinese, the US otherwise."""
    return Region.CN if language == "zh_CN" else Region.US


def zone_choices(region: Region, default_tz: str) -> tuple[str, ...]:
    """The time zones offered as buttons for a region (the user may type another)."""
    if region is Region.CN:
        return ("Asia/Shanghai",)
    if region is Region.US:
        return _US_ZONES
    return (default_tz, *(z for z in _OTHER_ZONES if z != default_tz))


def currency_choices(region: Region) -> tuple[str, ...]:
    """The currencies offered as buttons for a region (the user may type another code)."""
    if region in _REGION_DEFAULTS:
        return (_REGION_DEFAULTS[region][1],)
    return _OTHER_CURRENCIES


#: What people type for a currency besides its code: symbols and everyday names. "$"
#: and "dollars" alone mean US dollars; a symbol shared by several currencies (¥) is read
#: as the one most users mean.
_CURRENCY_WORDS: dict[str, str] = {
    "$": "USD", "us$": "USD", "dollar": "USD", "dollars": "USD", "bucks": "USD",
    "£": "GBP", "pound": "GBP", "pounds": "GBP", "quid": "GBP", "sterling": "GBP",
    "€": "EUR", "euro": "EUR", "euros": "EUR",
    "¥": "CNY", "￥": "CNY", "元": "CNY", "块": "CNY", "人民币": "CNY", "rmb": "CNY", "yuan": "CNY",
    "hk$": "HKD", "港币": "HKD", "港元": "HKD", "yen": "JPY", "日元": "JPY",
    "nt$": "TWD", "台币": "TWD", "新台币": "TWD", "s$": "SGD", "新币": "SGD",
    "a$": "AUD", "c$": "CAD", "rs": "INR", "₹": "INR", "rupees": "INR", "₩": "KRW", "won": "KRW",
}


@cache
def _currency_names() -> dict[str, str]:
    """Every currency's name in English (one and many) and Chinese, casefolded: code."""
    names: dict[str, str] = {}
    for code in list_currencies():
        for locale, count in (("en", None), ("en", 2), ("zh_CN", None)):
            try:
                name = get_currency_name(code, count=count, locale=locale)
            except (KeyError, ValueError):
                continue
            names.setdefault(" ".join(name.casefold().split()), code)
    return names


def parse_currency(text: str) -> str:
    """An ISO 4217 code from a code (``cny``, `` USD ``), a symbol (``£``, ``€``), or a
    name (``dollars``, ``pounds``, ``人民币``, ``euros``, ``Japanese yen``);
    ParseError ``currency.invalid`` (``value``)."""
    words = " ".join(text.strip().casefold().split())
    code = words.upper()
    if len(code) == 3 and code in list_currencies():
        return code
    found = _CURRENCY_WORDS.get(words) or _currency_names().get(words)
    if found is None:
        raise ParseError("currency.invalid", value=text[:16])
    return found


@dataclass(frozen=True, slots=True)
class Profile:
    """One user's settings. ``quiet_start``/``quiet_end`` are minutes after local midnight
    (None: no quiet hours); ``timezone`` is an IANA name or a fixed offset (coach.timezones);
    ``region`` None until onboarding sets it."""

    id: int
    language: str
    region: Region | None = None
    timezone: str | None = None
    currency: str | None = None
    quiet_start: int | None = DEFAULT_QUIET[0]
    quiet_end: int | None = DEFAULT_QUIET[1]
    consent: bool = False
    onboarded: bool = False
    active: bool = True

    @property
    def jurisdiction(self) -> Region:
        """The rules that apply: the region, OTHER while unset."""
        return self.region or Region.OTHER

    def zone_name(self, default: str) -> str:
        return self.timezone or default

    def today(self, now_utc: datetime, default_tz: str) -> date:
        """The user's local date at ``now_utc``."""
        return local_now(now_utc, self.zone_name(default_tz)).date()

    @property
    def ready(self) -> bool:
        """Set up and consenting to store financial data (PIPL arts. 28-29)."""
        return self.onboarded and self.consent
