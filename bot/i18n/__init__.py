"""Message catalogs (gettext, zh_CN and en) and locale-aware formatting.

Message ids are keys (``start.greeting``), so every text exists in both catalogs
and none lives in code. Parameters are HTML-escaped here, at the one place where
replies are rendered; a parameter wrapped in :class:`Safe` is already HTML.
"""

from __future__ import annotations

import gettext
import html
import io
import logging
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import cache
from pathlib import Path
from typing import Any

import cn2an
from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.dates import format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal

from coach.citations import ArticleRef, Cited, cn_articles, get_citation
from coach.confidence import Wording, wording
from coach.errors import CoachError
from coach.rates import EFFECTIVE_SHOWN_BELOW
from coach.regions import Region, region_of

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
    """Render a domain error from the catalog: ``error.<code>``, or its variant for the
    error's ``reason`` or the ``form`` of the question it answers (a date's example is
    that question's own: a due day, a payment date, a loan's month)."""
    key = f"error.{err.code}"
    reason = err.params.get("reason")
    if isinstance(reason, str) and has(lang, f"{key}.{reason}"):
        key = f"{key}.{reason}"
    form = err.params.get("form")  # a date error names its question: error.date.invalid.due
    if isinstance(form, str) and has(lang, f"{key}.{form}"):
        key = f"{key}.{form}"
    if not has(lang, key):
        _log.error("no catalog entry for error code %s", err.code)
        key = "error.input"
    params = {k: (percent(v, lang) if k in _RATE_PARAMS and isinstance(v, Decimal)
                  else fmt_date(v, lang) if isinstance(v, date) else v)
              for k, v in err.params.items()}
    return t(lang, key, **params)


_RATE_PARAMS = frozenset({"apr", "max_apr", "rate", "threshold"})


def _babel_locale(lang: str) -> str:
    return "zh_Hans_CN" if lang == "zh_CN" else "en_US"


def money(amount: Decimal, currency: str | None, lang: str) -> str:
    if not currency:
        return format_decimal(amount, format="#,##0.00", locale=_babel_locale(lang))
    return format_currency(amount, currency, locale=_babel_locale(lang))


def local_datetime(when: datetime, lang: str) -> str:
    """A date and time in the locale's style: 2026年12月10日 14:00 / Dec 10, 2026 14:00."""
    fmt = "y年M月d日 HH:mm" if lang == "zh_CN" else "MMM d, y HH:mm"
    return babel_format_datetime(when, fmt, tzinfo=when.tzinfo, locale=_babel_locale(lang))


def percent(rate: Decimal, lang: str) -> str:
    """A fraction as a percentage with two decimals: 0.1090 -> 10.90%.

    Never overflows: any finite rate is formatted in full (1428 -> 142,800.00%),
    rounded half-up to 0.01 percentage point like every shown figure; a non-finite
    value (never produced by the coach) is shown as "—".
    """
    if not rate.is_finite():
        return "—"
    with localcontext() as ctx:
        ctx.prec = max(40, rate.adjusted() + 12)
        pct = (rate * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return format_decimal(pct, format="#,##0.00", locale=_babel_locale(lang)) + "%"


def effective_percent(rate: Decimal | None, lang: str) -> str:
    """An effective annual rate: the percentage below 10,000%, "over 10,000%" from
    there on (coach.rates.EFFECTIVE_SHOWN_BELOW); ``None`` (not computable) too."""
    if rate is None or not rate.is_finite() or rate >= EFFECTIVE_SHOWN_BELOW:
        limit = format_decimal(EFFECTIVE_SHOWN_BELOW * 100, format="#,##0", locale=_babel_locale(lang))
        return t(lang, "rate.effective_over", limit=f"{limit}%")
    return percent(rate, lang)


def fmt_date(d: date, lang: str) -> str:
    """A date in the locale's style: 2026年12月10日 (mainland style) / Dec 10, 2026."""
    return babel_format_date(d, "medium", locale=_babel_locale(lang))


def fmt_month(year: int, month: int, lang: str) -> str:
    """A month in the locale's style: 2026年11月 / Nov 2026."""
    return format_skeleton("yMMM", date(year, month, 1), locale=_babel_locale(lang))


# --- citations ------------------------------------------------------------------------


def _number(n: int, lang: str) -> str:
    return str(cn2an.an2cn(str(n))) if lang == "zh_CN" else str(n)


def _article(lang: str, ref: ArticleRef) -> str:
    n = _number(ref.number, lang)
    if ref.to is not None:
        return t(lang, "cite.article_range", a=n, b=_number(ref.to, lang))
    if ref.sub is not None:
        return t(lang, "cite.article_sub", n=n, sub=_number(ref.sub, lang))
    if ref.paragraph is not None:
        return t(lang, "cite.article_paragraph", n=n, p=_number(ref.paragraph, lang))
    return t(lang, "cite.article_one", n=n)


def _part(lang: str, part: Cited) -> str:
    source = part.source
    name = t(lang, source.name_code)
    if part.article is not None:
        if source.region is Region.US:
            article = part.article
        else:
            joiner = t(lang, "cite.article_join")
            article = joiner.join(_article(lang, ref) for ref in cn_articles(part.article))
        name = t(lang, "cite.name_article", name=name, article=article)
    kind = t(lang, source.kind_code)
    if source.issued is not None and wording(source.mark, source.hedge) is not Wording.STATE:
        when = fmt_month(source.issued.year, source.issued.month, lang)
        return t(lang, "cite.source_dated", source=name, kind=kind, date=when)
    return t(lang, "cite.source", source=name, kind=kind)


def cite(lang: str, key: str) -> str:
    """The rule behind a statement, as users can look it up: name and article, the kind
    of source and, for secondary sources, its date. E.g. zh 《征信业管理条例》第十六条 · 法规,
    en "FDCPA §805(c) · law". ``key`` is a key of coach.citations.CITATIONS. HTML-escaped.
    """
    parts = get_citation(key).parts
    return t(lang, "cite.separator").join(_part(lang, part) for part in parts)


def with_citation(lang: str, text: str, key: str | None) -> str:
    """``text`` followed by its citation in italics (nothing for our own guidance)."""
    if key is None:
        return text
    return text + t(lang, "cite.wrap", cite=Safe(cite(lang, key)))


def legal_footer(lang: str, region: Region | str | None) -> str:
    """The line every legal text ends with, by region: check the official text or ask
    12348 or a lawyer (China); ask a lawyer or the CFPB (US); elsewhere, the rules
    differ where you live."""
    return t(lang, f"legal.footer.{region_of(region).value.lower()}")
