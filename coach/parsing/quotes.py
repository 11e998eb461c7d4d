"""Quoted rates, in zh-CN and en (rates.md, first paragraph; rules.md §1.2).

The parser finds exactly one rate number, then reads the words around it:

- the number: ``18%``, ``百分之十八``, ``5‱`` / ``万五`` / ``万3`` / ``万分之五``
  (per ten thousand: 万五 = 0.05%), ``3‰`` / ``千分之三`` (per mille);
- a period: 年化 / 年利率 / APR / a year / p.a. (annual), 月息 / 月利率 / 每期 /
  a month / monthly (monthly), 日息 / 日利率 / a day / daily (daily);
- a fee word (手续费 / 费率 / 服务费 / fee): a monthly fee on the *original*
  principal, which needs a count: ``x 12期``, ``*12``, ``12期``, ``12 months``;
- filler (的, 为, 约, rate, interest, of, at, per, ``/``, ``:`` ...).

Interest-free, in words: ``无息``, ``免息``, ``0利息``, ``无利息``, ``不要利息``,
``零利息``, ``interest-free``, ``no interest``, ``0% APR`` (and a count:
``免息12期``) are an annual rate of 0.

Anything else left over makes the text unreadable. Defaults: a bare ``18%`` is
annual; a bare ``万五`` is daily (that is how Chinese lenders quote it); a bare
``‰`` has no default. With an annual or monthly word the % sign may be omitted
(``年化18``, ``APR 18``, ``月息1.5``); a daily rate always needs its unit.

Codes (params): ``rate.invalid`` (``text``), ``rate.negative`` (``text``),
``rate.ambiguous`` (``text``: two different periods, or a fee quoted per day or
year), ``rate.period_missing`` (``text``: a bare ‰), ``rate.instalments_missing``
(``text``: a fee without its count), ``rate.too_high`` (``apr``, ``max_apr``:
above 1000% APR-equivalent), ``instalments.out_of_range`` (``instalments``,
``min``, ``max``).
"""

from __future__ import annotations

import re
from decimal import Decimal, localcontext

from coach.errors import ParseError
from coach.parsing._text import cn_digits_fraction, echo, guard, small_number
from coach.rates import QuotedRate, RateKind, quoted_to_apr

__all__ = ["MAX_APR", "ZERO_INTEREST_WORDS", "parse_rate"]

#: Rates above 1000% APR-equivalent are refused as typos.
MAX_APR = Decimal(200)  # 20,000%: payday-style 日息3% (1,095%) must be recordable, then warned

_N = r"[0-9]+(?:\.[0-9]+)?"
_CN = r"[零〇一二两三四五六七八九十]+(?:点[零〇一二两三四五六七八九]+)?"
_NUMBER = re.compile(
    rf"(?P<pct>{_N})\s*(?:%|percent\b|pct\b)"
    rf"|(?P<pmil>{_N})\s*‰"
    rf"|(?P<pbp>{_N})\s*‱"
    rf"|百分之(?P<cnpct>{_N}|{_CN})"
    rf"|千分之(?P<cnpmil>{_N}|{_CN})"
    rf"|万分之(?P<cnpbp>{_N}|{_CN})"
    rf"|(?<![0-9.])万(?P<wan>{_N}|{_CN})"
)
_BARE_NUMBER = re.compile(rf"(?<![0-9.])(?P<bare>{_N})(?![0-9.])")
_SCALE = {
    "pct": Decimal("0.01"),
    "cnpct": Decimal("0.01"),
    "pmil": Decimal("0.001"),
    "cnpmil": Decimal("0.001"),
    "pbp": Decimal("0.0001"),
    "cnpbp": Decimal("0.0001"),
    "wan": Decimal("0.0001"),
    "bare": Decimal("0.01"),
}

_ANNUAL, _MONTHLY, _DAILY, _FEE, _FILLER = "annual", "monthly", "daily", "fee", "filler"
# fmt: off
_WORDS: dict[str, tuple[str, ...]] = {
    _ANNUAL: (
        "年化利率", "年化费率", "年化", "年利率", "年息", "年率", "每年", "/年", "年",
        "annual percentage rate", "apr", "a.p.r.", "annual", "annually", "per annum",
        "p.a.", "pa", "per year", "a year", "/year", "/yr", "yearly",
    ),
    _MONTHLY: (
        "月利率", "月息", "月利", "月率", "每月", "每期", "/月", "月",
        "per month", "a month", "/month", "/mo", "monthly", "month",
    ),
    _DAILY: (
        "日利率", "日息", "日利", "日率", "每日", "每天", "/日", "/天", "日", "天",
        "per day", "a day", "/day", "/d", "daily", "day",
    ),
    _FEE: ("手续费率", "手续费", "服务费率", "服务费", "分期费率", "费率", "fee rate", "fee", "fees"),
    _FILLER: (
        "利率", "利息", "的", "为", "是", "约", "大约", "分", "共", "息", "率",
        "interest", "rate", "of", "at", "for", "per", "is", "about", "on", "a", "an",
        "/", ":", ",", ";", "、", "(", ")", "=",
    ),
}
# fmt: on
_KIND_OF_WORD = {w: kind for kind, words in _WORDS.items() for w in words}


def _word_pattern(word: str) -> str:
    escaped = re.escape(word)
    if word[0].isascii() and word[0].isalpha():
        escaped = r"(?<![a-z])" + escaped
    if word[-1].isascii() and word[-1].isalpha():
        escaped += r"(?![a-z])"
    return escaped


_COUNT = re.compile(
    r"(?:[x×*]\s*(?P<n1>[0-9]+|[零〇一二两三四五六七八九十]+)\s*"
    r"(?:期|个月|months?\b|instal(?:l)?ments?\b|payments?\b)?)"
    r"|(?:(?P<n2>[0-9]+|[零〇一二两三四五六七八九十]+)\s*"
    r"(?:期|个月|months?\b|instal(?:l)?ments?\b|payments?\b))"
)
_KEYWORDS = re.compile(
    "|".join(_word_pattern(w) for w in sorted(_KIND_OF_WORD, key=len, reverse=True))
)
# fmt: off
#: Ways of saying "no interest"; matched after the count and filler words are removed.
ZERO_INTEREST_WORDS = (
    "无息", "免息", "零息", "0息", "无利息", "免利息", "零利息", "0利息", "不要利息", "不收利息",
    "没有利息", "没利息", "不用利息", "不计息", "免息分期", "无息分期", "0利率", "零利率",
    "interest free", "interest-free", "no interest", "zero interest", "0 interest",
    "without interest", "interestless", "0 apr", "zero apr", "no apr",
)
# fmt: on
_ZERO_WORDS = re.compile(
    "|".join(_word_pattern(w) for w in sorted(ZERO_INTEREST_WORDS, key=len, reverse=True))
)
_ZERO_FILLER = re.compile(r"[\s,:/()=]|(?<![a-z])(?:a|an|the|loan|is|it's|its)(?![a-z])|的|是|贷款|借款")
_RATE_KIND = {_ANNUAL: RateKind.ANNUAL, _MONTHLY: RateKind.MONTHLY, _DAILY: RateKind.DAILY}
_NEGATIVE_BEFORE = re.compile(r"(?:-|负)\s*$")


def _number_value(raw: str) -> Decimal | None:
    if re.fullmatch(_N, raw):
        return Decimal(raw)
    whole, _, frac = raw.partition("点")
    integer = small_number(whole)
    if integer is None:
        return None
    if not frac:
        return Decimal(integer)
    fraction = cn_digits_fraction(frac)
    return None if fraction is None else integer + fraction


def _invalid(text: str, code: str = "rate.invalid") -> ParseError:
    return ParseError(code, text=echo(text))


def _zero_interest(s: str) -> QuotedRate | None:
    """``免息``, ``no interest``, ``免息12期`` ... as an annual 0; None when not such words."""
    if _ZERO_WORDS.search(s) is None:
        return None
    count: int | None = None
    counts = list(_COUNT.finditer(s))
    if len(counts) > 1:
        return None
    if counts:
        count = small_number(counts[0].group("n1") or counts[0].group("n2"))
        if count is None:
            return None
        s = s[: counts[0].start()] + " " + s[counts[0].end() :]
    rest = _ZERO_FILLER.sub("", _ZERO_WORDS.sub("", s, count=1))
    if rest.removeprefix("分").strip(" .-~"):
        return None
    return QuotedRate(RateKind.ANNUAL, Decimal(0), instalments=count)


def parse_rate(text: str) -> QuotedRate:
    """Parse a quoted rate into a :class:`~coach.rates.QuotedRate` (see module doc)."""
    s = guard(text, "rate.invalid")
    if (zero := _zero_interest(s)) is not None:
        return zero
    numbers = list(_NUMBER.finditer(s))
    if len(numbers) > 1:
        raise _invalid(text)
    if numbers:
        match = numbers[0]
    else:
        bare = list(_BARE_NUMBER.finditer(s))
        if len(bare) != 1:
            raise _invalid(text)
        match = bare[0]
    group = next(g for g, v in match.groupdict().items() if v is not None)
    value = _number_value(match.group(group))
    if value is None:
        raise _invalid(text)
    negative = _NEGATIVE_BEFORE.search(s[: match.start()]) is not None
    rest_of = s[: match.start()] + " " + s[match.end() :]
    if negative:
        rest_of = _NEGATIVE_BEFORE.sub(" ", s[: match.start()]) + " " + s[match.end() :]

    count: int | None = None
    counts = list(_COUNT.finditer(rest_of))
    if len(counts) > 1:
        raise _invalid(text)
    if counts:
        raw_count = counts[0].group("n1") or counts[0].group("n2")
        count = small_number(raw_count)
        if count is None:
            raise _invalid(text)
        rest_of = rest_of[: counts[0].start()] + " " + rest_of[counts[0].end() :]

    kinds: list[str] = []
    for kw in _KEYWORDS.finditer(rest_of):
        kind = _KIND_OF_WORD[kw.group()]
        if kind != _FILLER:
            kinds.append(kind)
    if _KEYWORDS.sub("", rest_of).strip(" .-~"):
        raise _invalid(text)
    if len(kinds) != len(set(kinds)):
        raise _invalid(text)
    periods = [k for k in kinds if k != _FEE]
    if len(periods) > 1:
        raise _invalid(text, "rate.ambiguous")
    period = periods[0] if periods else None
    fee = _FEE in kinds

    if group == "bare" and period not in (_ANNUAL, _MONTHLY):
        raise _invalid(text)
    if negative and value != 0:
        raise _invalid(text, "rate.negative")
    rate = value * _SCALE[group]

    if fee:
        if period not in (None, _MONTHLY):
            raise _invalid(text, "rate.ambiguous")
        if count is None:
            raise _invalid(text, "rate.instalments_missing")
        quote = QuotedRate(RateKind.MONTHLY_FEE, rate, instalments=count)
    else:
        if period is None:
            if group in ("pmil", "cnpmil"):
                raise _invalid(text, "rate.period_missing")
            period = _DAILY if group in ("wan", "pbp", "cnpbp") else _ANNUAL
        quote = QuotedRate(_RATE_KIND[period], rate, instalments=count)

    if _apr_equivalent(quote) > MAX_APR:
        raise ParseError("rate.too_high", apr=_apr_equivalent(quote), max_apr=MAX_APR)
    return quote


def _apr_equivalent(q: QuotedRate) -> Decimal:
    """The APR a quote amounts to, cheaply bounded before any IRR is solved."""
    with localcontext() as ctx:
        ctx.prec = 40
        per_year = {RateKind.ANNUAL: 1, RateKind.DAILY: q.day_basis}.get(q.kind, 12)
        simple = q.rate * per_year
        if q.kind is not RateKind.MONTHLY_FEE or simple > MAX_APR:
            return simple  # a monthly fee's APR is always above 12 x m
        return quoted_to_apr(q)
