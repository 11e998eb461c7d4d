"""Showing rates, dates and citations: never an overflow, the locale's own style, and a
rule users can look up (issue 10 item 10; issue 11)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.i18n import (
    cite,
    effective_percent,
    fmt_date,
    fmt_month,
    local_datetime,
    percent,
    with_citation,
)
from coach.errors import CoachError
from coach.money import D
from coach.offers import Instalments, offer_check, schedule_from_quick
from coach.parsing import parse_check_quick
from emulator.html import parse_html
from handlers.offer_card import render_card

TODAY = date(2026, 11, 28)


# --- /check 100 1x12000 ---------------------------------------------------------------
# Receive 100, repay 12,000 after a month: the monthly rate is 12,000/100 - 1 = 119 (11,900%),
# so the APR is 12 x 119 = 1,428 = 142,800.00%; the effective rate (1 + 119)^12 - 1 is
# about 8.9 x 10^24 (8.9 x 10^26 %), shown only as "over 10,000%".


def test_an_absurd_offer_shows_the_apr_and_no_effective_rate() -> None:
    schedule = Instalments(1, D(12000))
    result = offer_check(D(100), schedule, today=TODAY)
    assert result.apr == D(1428)
    card = render_card("en", result, schedule, None)
    assert "142,800.00%" in card and "over 10,000%" in card
    assert "超过 10,000%" in render_card("zh_CN", result, schedule, None)


def test_1x9000_shows_no_26_digit_percentage() -> None:
    # 9,000/100 - 1 = 89 a month: APR 12 x 89 = 1,068 = 106,800.00%; (1 + 89)^12 - 1 ~ 2.8e23.
    result = offer_check(D(100), Instalments(1, D(9000)), today=TODAY)
    card = render_card("en", result, Instalments(1, D(9000)), None)
    assert "106,800.00%" in card and "over 10,000%" in card
    assert max(len(word) for word in card.split()) < 20


@pytest.mark.parametrize(
    ("rate", "shown"),
    [("0.1090", "10.90%"), ("0.120049", "12.00%"), ("0.12005", "12.01%"), ("1428", "142,800.00%"),
     ("8916100448255999999999999", "891,610,044,825,599,999,999,999,900.00%")],
)  # fmt: skip
def test_percent_never_overflows_and_rounds_half_up(rate: str, shown: str) -> None:
    assert percent(D(rate), "en") == shown


@pytest.mark.parametrize(
    ("rate", "shown"), [("99.9999", "9,999.99%"), ("100", "over 10,000%"), ("1e30", "over 10,000%")]
)
def test_the_effective_rate_is_shown_only_below_10000pct(rate: str, shown: str) -> None:
    assert effective_percent(D(rate), "en") == shown
    assert effective_percent(None, "en") == "over 10,000%"


@settings(max_examples=60, deadline=None)
@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**40), max_value=10**40))
def test_percent_formats_any_finite_rate(rate: Decimal) -> None:
    assert percent(rate, "en").endswith("%") and percent(rate, "zh_CN").endswith("%")


_amount = st.integers(min_value=1, max_value=10**14).map(lambda c: str(Decimal(c) / 100))
QUICK = st.one_of(
    st.builds(lambda a, n, p: f"{a} {n}x{p}", _amount, st.integers(1, 600), _amount),
    st.builds(lambda a, r, d: f"{a} {r} {d}d", _amount, _amount, st.integers(1, 3650)),
    st.builds(
        lambda a, r, n: f"{a} {r}% x{n}", _amount, st.integers(0, 20000), st.integers(1, 600)
    ),
)


@settings(max_examples=120, deadline=None)
@given(QUICK, st.sampled_from(["cn", "us", "other", None]))
def test_no_accepted_check_input_makes_the_maths_or_the_card_raise(
    line: str, region: str | None
) -> None:
    try:
        quick = parse_check_quick(line)
        schedule = schedule_from_quick(quick)
        result = offer_check(quick.received, schedule, today=TODAY)
    except CoachError:
        return  # refused with a code the bot explains: not accepted
    for lang in ("en", "zh_CN"):
        card = render_card(lang, result, schedule, "CNY", region=region)
        parse_html(card)
        assert "rules.md" not in card


# --- dates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "day", "month"),
    [("zh_CN", "2026年12月10日", "2026年11月"), ("en", "Dec 10, 2026", "Nov 2026")],
)
def test_dates_in_the_locales_style(lang: str, day: str, month: str) -> None:
    assert fmt_date(date(2026, 12, 10), lang) == day
    assert fmt_month(2026, 11, lang) == month
    when = datetime(2026, 12, 10, 14, 5, tzinfo=UTC)
    assert local_datetime(when, lang) == f"{day} 14:05"


# --- citations ------------------------------------------------------------------------

CITES = [
    # key, language, text
    ("cn.credit_reporting_regs.art16", "zh_CN", "《征信业管理条例》第十六条 · 法规规章"),
    ("cn.private_lending.pre_2020", "zh_CN",
     "《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》第三十一条第二款 · 司法解释"),
    ("cn.civil_procedure.payment_order", "en", "Civil Procedure Law, arts. 225–227 · law"),
    ("us.fdcpa.stop_contact", "en", "Fair Debt Collection Practices Act (FDCPA), §805(c) · law"),
    # A V2 source is cited with its kind and date.
    ("cn.collection.fees", "en",
     "China Banking Association guideline on collecting consumer loans (trial) · guideline, Jan 2026"),
    ("cn.legal_advice_12348", "zh_CN", "《河北法制报》关于12348公共法律服务热线的报道 · 新闻报道，2023年1月"),
]  # fmt: skip


@pytest.mark.parametrize(("key", "lang", "text"), CITES)
def test_a_citation_names_the_rule_its_article_and_its_kind(key: str, lang: str, text: str) -> None:
    assert cite(lang, key) == text


def test_a_citation_follows_its_statement_in_italics_and_guidance_has_none() -> None:
    line = with_citation("en", "• text", "cn.card.court_may_reduce")
    assert line.startswith("• text <i>(") and line.endswith(")</i>") and "art. 2" in line
    assert with_citation("en", "• text", None) == "• text"
