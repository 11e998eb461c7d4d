import copy
import json
import time
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.crisis import (
    LINES,
    CrisisSignal,
    assess,
    compile_phrases,
    lines_for,
    normalise,
    suggests_self_harm,
)

SENTENCES = json.loads((Path(__file__).parent / "data/crisis_sentences.json").read_text(encoding="utf-8"))
PHRASES = json.loads(resources.files("coach").joinpath("data/crisis_phrases.json").read_text(encoding="utf-8"))


def _text(entry):
    # A long story is stored in parts (before, phrase, after) so the file stays readable.
    return "".join(entry["text"]) if isinstance(entry["text"], list) else entry["text"]


def _cases(kind):
    return [pytest.param(_text(e), e["category"], id=_text(e)[:40]) for e in SENTENCES[kind]]


def test_the_sentence_file_covers_what_it_must():
    assert len(SENTENCES["self"]) >= 40 and len(SENTENCES["none"]) >= 40
    assert len(SENTENCES["quoted_threat"]) >= 10
    self_texts = {_text(e) for e in SENTENCES["self"]}
    missed_before = {"死了算了", "不如死了", "一死了之", "想不开", "活着太累了", "没有活路了", "想解脱", "我想结束这一切"}
    assert missed_before <= self_texts
    assert any(len(t) > 400 for t in self_texts), "a long message with the phrase in the middle"


@pytest.mark.parametrize(("text", "category"), _cases("self"))
def test_the_users_own_words_are_noticed(text, category):
    signal = assess(text)
    assert signal is not None and (signal.kind, signal.category) == ("self", category), signal
    assert suggests_self_harm(text)


@pytest.mark.parametrize(("text", "category"), _cases("quoted_threat"))
def test_someone_elses_threat_is_told_apart(text, category):
    signal = assess(text)
    assert signal is not None and (signal.kind, signal.category) == ("quoted_threat", category), signal
    assert not suggests_self_harm(text)


@pytest.mark.parametrize("text", SENTENCES["none"])
def test_ordinary_messages_and_idioms_are_not(text):
    assert assess(text) is None
    assert not suggests_self_harm(text)


STORY = "我在花呗欠了五千，借呗欠了一万二，每个月工资才四千五。I pay the minimum on my Visa every month. "


@pytest.mark.parametrize(("text", "category", "kind"),
                         [(_text(e), e["category"], kind) for kind in ("self", "quoted_threat")
                          for e in SENTENCES[kind] if isinstance(e["text"], str)])
def test_a_phrase_buried_in_a_long_message_is_found(text, category, kind):
    long_text = STORY * 40 + text + "。" + STORY * 40  # about 6,000 characters
    assert len(long_text) > 5000
    signal = assess(long_text)
    assert signal is not None and (signal.kind, signal.category) == (kind, category)


def test_a_long_message_is_scanned_in_linear_time():
    text = STORY * 1200 + "真的没有活路了" + STORY * 1200  # ~200,000 characters
    started = time.perf_counter()
    signal = assess(text)
    elapsed = time.perf_counter() - started
    assert signal is not None and signal.phrase == "没有活路"
    # Under 1 s here; a quadratic step would take minutes. The bound is generous for slow CI.
    assert elapsed < 10, elapsed


def test_a_message_with_both_gives_the_users_own_crisis():
    signal = assess("催收让我去死，我真的想死了")
    assert signal == CrisisSignal("self", "statement", "想死")


def test_first_person_wishes_are_never_read_as_quotes():
    # 想死 is a wish of the speaker's; only "quotable" phrases become a collector's words.
    assert assess("他说我想死") == CrisisSignal("self", "statement", "想死")
    assert assess("他说我不如死了").kind == "quoted_threat"


@pytest.mark.parametrize(("raw", "normalised"), [
    ("Ｉ　ｗａｎｔ  TO die，想 死", "i want to die,想死"),
    ("想\u3000死\t了", "想死了"),
    ("I can\u2019t go on", "i can't go on"),
    ("想\u200b死", "想死"),  # a zero-width space pasted in
    ("自殺", "自杀"),
    ("kill   my self", "kill my self"),
])
def test_text_is_normalised_before_matching(raw, normalised):
    assert normalise(raw) == normalised


def test_the_shipped_phrase_data_compiles_and_its_quotables_are_listed():
    compile_phrases(PHRASES)
    for lang in ("zh", "en"):
        for category in ("statement", "method", "hopelessness", "threat"):
            assert PHRASES["categories"][category][lang], (category, lang)


def test_a_broken_phrase_is_named():
    data = copy.deepcopy(PHRASES)
    data["categories"]["method"]["zh"].append("跳(楼")
    with pytest.raises(ValueError, match=r"跳\(楼"):
        compile_phrases(data)


def test_a_quotable_phrase_outside_every_category_is_refused():
    data = copy.deepcopy(PHRASES)
    data["quotable"]["zh"].append("没听过的话")
    with pytest.raises(ValueError, match="没听过的话"):
        compile_phrases(data)


@given(st.text())
def test_assess_never_raises(text):
    signal = assess(text)
    assert signal is None or (signal.kind in ("self", "quoted_threat") and signal.phrase)
    assert suggests_self_harm(text) == (signal is not None and signal.kind == "self")


@given(st.text(alphabet=st.sampled_from("想死了不活跳楼去他说催收：“”，。 \u3000\u200bKILMYSEFkilmysef'\n")))
def test_assess_never_raises_on_near_misses(text):
    assess(text)


CHINESE_ONLY = [_text(e) for e in SENTENCES["self"]
                if isinstance(e["text"], str) and not any(c.isascii() for c in _text(e))]


@given(st.sampled_from(CHINESE_ONLY), st.data())
def test_spaces_typed_between_chinese_characters_change_nothing(text, data):
    spaced = "".join(c + data.draw(st.sampled_from(["", " ", "\u3000", "  ", "\t"])) for c in text)
    assert assess(spaced) == assess(text)


def _full_width(text):
    return "".join("\u3000" if c == " " else chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@pytest.mark.parametrize("text", [_text(e) for e in SENTENCES["self"] + SENTENCES["quoted_threat"]
                                  if isinstance(e["text"], str) and e["text"].isascii()])
def test_full_width_english_reads_the_same(text):
    assert assess(_full_width(text)) == assess(text)


def test_each_region_has_its_lines_with_sources():
    assert [line.number for line in lines_for("cn")] == ["12356", "110 / 120"]
    assert [line.number for line in lines_for("us")] == ["988"]
    assert lines_for("other") == () and lines_for(None) == ()
    assert all(line.source for line in LINES)


@pytest.mark.parametrize(("text", "fires"), [("kms", True), ("KMS", True), ("5 kms", False)])
def test_kms_alone_is_the_users_own_words_but_a_distance_is_not(text, fires):
    assert (assess(text) is not None) is fires
