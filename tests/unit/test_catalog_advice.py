"""The catalogs against rules.md and coach.fact_rules (issue 11): every legal statement
is worded as its mark allows, names a rule users can look up, never "rules.md", and
Chinese reads with one term per concept; English users see English examples only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from coach.citations import SOURCES, SourceKind
from coach.confidence import Wording
from coach.fact_rules import ADVICE, FACT_RULES
from coach.regions import Region

ROOT = Path(__file__).resolve().parents[2]
PO = {lang: ROOT / "bot/i18n" / lang / "LC_MESSAGES/messages.po" for lang in ("en", "zh_CN")}


def _catalog(lang: str) -> dict[str, str]:
    with PO[lang].open("rb") as fh:
        return {m.id: m.string for m in read_po(fh) if m.id}


EN, ZH = _catalog("en"), _catalog("zh_CN")
STATEMENT = re.compile(r"^(fact|verdict|flag|agenda)\.")
# Catalog keys under those prefixes that state nothing: headings and closing lines.
STRUCTURAL = {"agenda.title"}


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_no_user_facing_text_mentions_rules_md(lang: str) -> None:
    texts = _catalog(lang)
    # "§2.3e" or "§7e" is how rules.md numbers its rows; statutes keep theirs ("FDCPA §805").
    bad = sorted(k for k, v in texts.items()
                 if "rules.md" in v or re.search(r"§\d(?:\.\d+)?[a-z]\b", v))
    assert not bad


def test_every_statement_in_the_catalogs_has_a_row_and_every_row_a_text() -> None:
    keys = {k for k in EN if STATEMENT.match(k)} - STRUCTURAL
    assert keys == set(FACT_RULES) | ADVICE


def test_every_rule_name_kind_and_footer_is_in_both_catalogs() -> None:
    needed = {s.name_code for s in SOURCES.values()} | {
        f"source_kind.{k.value}" for k in SourceKind
    }
    needed |= {f"legal.footer.{r.value.lower()}" for r in Region}
    assert needed <= set(EN) and needed <= set(ZH)


@pytest.mark.parametrize(
    "code", sorted(c for c, r in FACT_RULES.items() if r.wording is Wording.REPORTEDLY)
)
def test_hedged_statements_say_reportedly(code: str) -> None:
    # V3, R/V3, window guidance and unpublished supervisory targets (coach.confidence).
    assert "reportedly" in EN[code].lower(), EN[code]
    assert "据报道" in ZH[code], ZH[code]


def test_every_legal_text_ends_with_the_region_line() -> None:
    assert "12348" in EN["legal.footer.cn"] and "lawyer" in EN["legal.footer.cn"]
    assert "official text" in EN["legal.footer.cn"] and "免费法律咨询" in ZH["legal.footer.cn"]
    assert "CFPB" in EN["legal.footer.us"] and "lawyer" in EN["legal.footer.us"]
    assert "differ where you live" in EN["legal.footer.other"]


# --- the wording fixes of the issue, one by one ---------------------------------------


def test_credit_repair_is_a_scam_because_no_agent_can_change_a_record_for_a_fee() -> None:
    # Records do go: after 5 years and by the 2025 one-off repair (rules.md §5b, §5f).
    assert "No one can delete" not in EN["fact.cn.report.repair_is_scam"]
    assert "for a fee" in EN["fact.cn.report.repair_is_scam"]
    assert "谁也删不掉" not in ZH["fact.cn.report.repair_is_scam"]
    assert "收费替你更改或删除" in ZH["fact.cn.report.repair_is_scam"]


def test_payment_orders_and_enforcement_say_who_must_and_who_can() -> None:
    # rules.md §6.2b: the debtor must pay or object in writing within 15 days.
    assert "must then pay, or object in writing" in EN["fact.cn.can.payment_order"]
    assert (
        "必须" in ZH["fact.cn.can.payment_order"] and "书面异议" in ZH["fact.cn.can.payment_order"]
    )
    # §6.2c: the creditor can apply for enforcement within 2 years.
    assert (
        "can apply to the court for enforcement within {years} years"
        in EN["fact.cn.can.enforce_judgment"]
    )
    assert "{years}年内申请法院强制执行" in ZH["fact.cn.can.enforce_judgment"]


def test_collectors_may_also_contact_a_guarantor_hedged() -> None:
    assert "Collectors should deal only with you" not in EN["fact.cn.cannot.contact_third_parties"]
    assert "guarantor" in EN["fact.cn.cannot.contact_third_parties"]
    assert "担保人" in ZH["fact.cn.cannot.contact_third_parties"]


def test_12348_is_free_public_legal_advice_and_no_unsupported_channel_is_named() -> None:
    for texts in (EN, ZH):
        assert not any("公益性的债务咨询" in v or "debt counsellor" in v for v in texts.values())
    assert "12348" in ZH["agenda.seek_help.cn"] and "免费法律咨询" in ZH["agenda.seek_help.cn"]
    assert "12348" not in EN["agenda.seek_help.us"] + EN["agenda.seek_help.other"]
    assert "12348" not in EN["budget.negative"] + EN["debts.rights_lawyer"]


def test_the_greeting_promises_no_contact_log() -> None:
    assert "log" not in EN["start.greeting"] and "记录每次联系" not in ZH["start.greeting"]


def test_a_rise_in_the_total_is_not_an_accusation() -> None:
    assert "Did you take a new loan?" not in EN["nudge.review_up"]
    assert "是借了新的钱吗" not in ZH["nudge.review_up"]
    for word in ("Interest", "penalty interest", "new loan"):
        assert word in EN["nudge.review_up"]
    for word in ("利息", "罚息", "新的借款"):
        assert word in ZH["nudge.review_up"]


def test_the_typo_guard_does_not_read_like_a_legal_cap() -> None:
    assert "not a legal cap" in EN["error.rate.too_high"]
    assert (
        "不是法律上限" in ZH["error.rate.too_high"] and "的上限，" not in ZH["error.rate.too_high"]
    )


def test_savings_are_asked_as_a_total() -> None:
    assert "每月" not in ZH["budget.q.amount_total"] and "一共" in ZH["budget.q.amount_total"]
    assert (
        "a month" not in EN["budget.q.amount_total"] and "in total" in EN["budget.q.amount_total"]
    )


def test_the_bureau_question_names_the_pboc_system_and_the_loan() -> None:
    assert ZH["adddebt.q.bureau"] == "这笔借款会上报人行征信吗？"


def test_the_us_7_in_7_rule_covers_a_call_after_a_conversation() -> None:
    # rules.md §7e: presumed harassment also for a call within 7 days after a conversation.
    assert "after a phone conversation" in EN["fact.us.cannot.call_frequency"]
    assert "通话后{days}天内" in ZH["fact.us.cannot.call_frequency"]


# --- Chinese: one term per concept ----------------------------------------------------

GLOSSARY = ("年化利率", "实际年化（复利）", "贷款机构", "出借人", "最低还款", "逾期", "罚息",
            "宽限期", "分期", "征信")  # fmt: skip
BANNED = ("贷款方", "放贷方", "出借方", "实际年利率", "复利实际年化", "跑通", "借款平台")
CODE = re.compile(r"<code>.*?</code>", re.S)


def test_the_zh_catalog_opens_with_its_glossary() -> None:
    head = PO["zh_CN"].read_text(encoding="utf-8").split('msgid ""')[0]
    assert "术语表" in head
    for term in GLOSSARY:
        assert term in head, term


@pytest.mark.parametrize("word", BANNED)
def test_the_zh_catalog_uses_the_glossary_terms_only(word: str) -> None:
    assert not sorted(k for k, v in ZH.items() if word in CODE.sub("", v))


def test_annual_rates_are_named_as_the_glossary_says() -> None:
    # 年化 alone is not a term: 年化利率 (APR) or 实际年化（复利）; user examples excepted.
    loose = re.compile(r"(?<!实际)年化(?!利率|（)")
    assert not sorted(k for k, v in ZH.items() if loose.search(CODE.sub("", v)))


@pytest.mark.parametrize("key", ["budget.cut_rescues"])
def test_a_plan_that_works_is_kexing(key: str) -> None:
    assert "计划就可行了" in ZH[key]


# --- English users see English examples ------------------------------------------------

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")


def test_english_examples_are_english() -> None:
    bad = sorted(k for k, v in EN.items() if any(CJK.search(code) for code in CODE.findall(v)))
    assert not bad
    assert "花呗" not in EN["help.text"] and "12月10日" not in EN["help.text"]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_catalogs_are_as_babel_writes_them(lang: str) -> None:
    # Sorted, unwrapped, and the zh glossary survives a rewrite by pybabel.
    import io

    from babel.messages.pofile import write_po

    with PO[lang].open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    buf = io.BytesIO()
    write_po(buf, catalog, width=0, sort_output=True)
    assert buf.getvalue().decode("utf-8") == PO[lang].read_text(encoding="utf-8")


def test_zh_dates_sit_in_the_sentence_without_spaces() -> None:
    # A date reads 2026年12月10日 and joins the words around it: 自2026年10月28日起.
    around = re.compile(
        r"[\u4e00-\u9fff] (?:<b>)?\{(?:date|month|since|when)\}|\{(?:date|month|since|when)\}(?:</b>)? [\u4e00-\u9fff]"
    )
    assert not sorted(k for k, v in ZH.items() if around.search(v))
