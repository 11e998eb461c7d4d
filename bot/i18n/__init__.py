"""Message catalogs (gettext, zh_CN and en) and locale-aware formatting.

Message ids are keys (``start.greeting``), so every text exists in both catalogs
and none lives in code. Parameters are HTML-escaped here, at the one place where
replies are rendered; a parameter wrapped in :class:`Safe` is already HTML.
"""

from __future__ import annotations

import gettext
import html
import logging
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from babel.dates import format_datetime as babel_format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal

from coach.errors import CoachError

LANGS = ("zh_CN", "en")
DEFAULT_LANG = "en"
DOMAIN = "messages"
_DIR = Path(__file__).resolve().parent
_log = logging.getLogger(__name__)


class Safe(str):
    """A string that is already valid Telegram HTML and must not be escaped again."""


def choose_language(language_code: str | None) -> str:
    """zh-CN for any Telegram language code starting with ``zh``, English otherwise."""
    if language_code and language_code.lower().startswith("zh"):
        return "zh_CN"
    return "en"


def normalise_lang(lang: str | None) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """Load a compiled catalog; compile the .po in memory if the .mo is missing."""
    lang = normalise_lang(lang)
    folder = _DIR / lang / "LC_MESSAGES"
    mo = folder / f"{DOMAIN}.mo"
    if mo.exists() and mo.stat().st_mtime >= (folder / f"{DOMAIN}.po").stat().st_mtime:
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    _log.info("compiled catalog for %s missing or stale; compiling %s.po in memory", lang, DOMAIN)
    import io

    with (folder / f"{DOMAIN}.po").open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def _escape(value: Any) -> str:
    if isinstance(value, Safe):
        return value
    return html.escape(str(value), quote=False)


def t(lang: str, key: str, **params: Any) -> str:
    """The text for ``key`` in ``lang``, with parameters escaped and filled in."""
    text = translations(lang).gettext(key)
    if text == key:
        # A missing key is a bug; fall back to English rather than show the key.
        text = translations(DEFAULT_LANG).gettext(key)
        _log.error("message %r missing in %s catalog", key, lang)
    if not params:
        return text
    return text.format(**{k: _escape(v) for k, v in params.items()})


def has(lang: str, key: str) -> bool:
    return translations(lang).gettext(key) != key


def render_error(lang: str, err: CoachError) -> str:
    """Render a domain error from the catalog: ``error.<code>``."""
    key = f"error.{err.code}"
    reason = err.params.get("reason")
    if isinstance(reason, str) and has(lang, f"{key}.{reason}"):
        key = f"{key}.{reason}"
    if not has(lang, key):
        _log.error("no catalog entry for error code %s", err.code)
        key = "error.input"
    params = {k: (percent(v, lang) if k in _RATE_PARAMS and isinstance(v, Decimal) else v)
              for k, v in err.params.items()}
    return t(lang, key, **params)


_RATE_PARAMS = frozenset({"apr", "max_apr", "rate", "threshold"})


def _babel_locale(lang: str) -> str:
    return "zh_Hans_CN" if lang == "zh_CN" else "en_US"


def money(amount: Decimal, currency: str | None, lang: str) -> str:
    if not currency:
        return format_decimal(amount, format="#,##0.00", locale=_babel_locale(lang))
    return format_currency(amount, currency, locale=_babel_locale(lang))


def day(d: date, lang: str) -> str:
    """A date for a reply: ``2026-12-10`` (zh) or ``Dec 10, 2026`` (en)."""
    return d.isoformat() if lang == "zh_CN" else d.strftime("%b %d, %Y").replace(" 0", " ")


def local_datetime(when: datetime, lang: str) -> str:
    fmt = "yyyy-MM-dd HH:mm" if lang == "zh_CN" else "MMM d, yyyy HH:mm"
    return babel_format_datetime(when, fmt, tzinfo=when.tzinfo, locale=_babel_locale(lang))


def percent(rate: Decimal, lang: str) -> str:
    """A fraction as a percentage with two decimals: 0.1090 -> 10.90%."""
    return format_decimal(rate * 100, format="#,##0.00", locale=_babel_locale(lang)) + "%"
