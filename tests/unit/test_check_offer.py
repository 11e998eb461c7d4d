"""/check's pure helpers: the count parser, the draft <-> schedule mapping, the card."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.services.offers import (
    ensure_covers,
    parse_instalment_count,
    parse_lender_type,
    repaid_total,
    schedule_from_draft,
)
from coach.drafts import CheckDraft
from coach.errors import ParseError
from coach.lenders import LenderType
from coach.offers import Instalments, QuotedTerms, SingleRepayment, offer_check
from coach.parsing import parse_rate
from coach.rates import NoRateError
from emulator.html import parse_html
from handlers.offer_card import render_card

TODAY = date(2026, 11, 28)
D = Decimal
RECEIVED = D(12000)


@pytest.mark.parametrize(
    ("text", "count"),
    [("12", 12), ("12期", 12), ("十二期", 12), ("12 months", 12), ("６个月", 6), (" 3 ", 3),
     ("600", 600), ("1 payment", 1)],
)
def test_instalment_counts_are_read_in_both_languages(text, count):
    assert parse_instalment_count(text) == count


@pytest.mark.parametrize("text", ["", "a dozen", "12.5", "-3", "12x1060", "x" * 200])
def test_unreadable_counts_raise_instalments_invalid(text):
    with pytest.raises(ParseError) as err:
        parse_instalment_count(text)
    assert err.value.code == "instalments.invalid"


@pytest.mark.parametrize("text", ["0", "601"])
def test_counts_out_of_range_are_refused(text):
    with pytest.raises(ParseError) as err:
        parse_instalment_count(text)
    assert err.value.code == "instalments.out_of_range"


@pytest.mark.parametrize("quote", ["年化18%", "月息1.5%", "日息万五", "月手续费0.6% x12期"])
def test_a_quoted_rate_survives_the_json_draft(quote):
    q = parse_rate(quote)
    assert CheckDraft.from_dict(CheckDraft(rate=q).to_dict()).rate == q


def test_a_draft_in_the_earlier_release_s_format_still_reads():
    # What /check stored before drafts were typed: amounts as strings, the rate as a dict.
    old = {"received": "12000", "form": "rate", "months": 12, "upfront": "500", "monthly_fee": "0",
           "rate": {"kind": "annual", "rate": "0.18", "instalments": None, "payment": None,
                    "day_basis": 365}}
    assert schedule_from_draft(CheckDraft.from_dict(old)) == QuotedTerms(
        parse_rate("年化18%"), 12, D(500), D(0))


def test_the_draft_becomes_a_schedule_only_when_complete():
    def of(**fields):
        return schedule_from_draft(CheckDraft.from_dict(fields))

    assert of() is None
    assert of(form="inst", count=12) is None
    assert of(form="inst", count=12, payment="1060") == Instalments(12, D(1060))
    assert of(form="single", repay="1010") is None
    assert of(form="single", repay="1010", days=7) == SingleRepayment(D(1010), 7)
    rate = CheckDraft(rate=parse_rate("年化18%")).to_dict()["rate"]
    partial = {"form": "rate", "rate": rate, "months": 12, "upfront": "500"}
    assert of(**partial) is None  # the monthly fee is still to come
    assert of(**partial, monthly_fee="0") == QuotedTerms(parse_rate("年化18%"), 12, D(500), D(0))
    fee = CheckDraft(rate=parse_rate("月手续费0.6% x12期")).to_dict()["rate"]  # carries its term
    assert of(form="rate", rate=fee, monthly_fee="0") is not None


def test_repayments_below_the_money_received_are_refused():
    assert repaid_total(Instalments(12, D(500))) == D(6000)
    assert repaid_total(SingleRepayment(D(1010), 7)) == D(1010)
    assert repaid_total(QuotedTerms(parse_rate("18%"), 12)) is None
    ensure_covers(D(1000), D(1000))
    with pytest.raises(NoRateError):
        ensure_covers(D(12000), D(6000))


def test_lender_type_codes():
    assert parse_lender_type("none") is None
    assert parse_lender_type("private") is LenderType.PRIVATE


def _card(lang, schedule, received=RECEIVED, lender_type=None, currency="CNY", region="cn"):
    result = offer_check(received, schedule, today=TODAY, lender_type=lender_type)
    card = render_card(lang, result, schedule, currency, region=region)
    parse_html(card)  # valid Telegram HTML
    return card


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.parametrize("lender_type", [None, *LenderType])
def test_every_card_is_short_and_cites_its_rules(lang, lender_type):
    card = _card(lang, Instalments(12, D(1500)), lender_type=lender_type)
    lines = [line for line in card.splitlines() if line.strip()]
    assert len(lines) <= 10
    assert "rules.md" not in card
    if lender_type is not LenderType.BANK_UNSPLIT:  # card or loan unknown: no verdict, no rule
        assert "<i>" in card and " · " in card  # a rule by name, with its kind of source
        assert card.index("%") < card.index("<i>")  # the figures come first


def test_the_apr_comes_first_and_the_effective_rate_second():
    card = _card("en", Instalments(12, D(1060)))
    apr, effective = card.index("10.90%"), card.index("11.46%")
    assert apr < effective and "Effective annual rate" in card


def test_a_single_repayment_card_shows_the_simple_rate_and_xirr():
    card = _card("en", SingleRepayment(D(1010), 7), received=D(1000), currency=None)
    assert "52.14%" in card and "XIRR" in card and "68.01%" in card


@pytest.mark.parametrize(
    ("region", "note"),
    [("us", "vary by state"), ("other", "the rules differ where you live"), (None, "/start")],
)
def test_no_verdict_outside_mainland_china(region, note):
    card = _card("en", Instalments(12, D(1060)), currency="USD", region=region)
    assert "rules.md" not in card and note in card
    assert "✅" not in card and "⚠️" not in card and "LPR" not in card
