"""Replies over Telegram's limits are split, never dropped (bot/splitting.py), and the
emulator's own parser agrees that every part fits and is valid HTML."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.services.pages import page_of
from bot.splitting import (
    MAX_BUTTONS,
    MAX_TEXT,
    fit_caption,
    split_reply,
    split_text,
    visible_length,
)
from emulator import parse_html

LONG_NAME = "中国工商银行牡丹信用卡（白金卡）分期账户" * 3  # 60 characters of Chinese


def _lines(n: int) -> str:
    return "\n".join(f"{i}. <b>{LONG_NAME}</b> · ¥12,345.67 · 年化利率 18.00% · 下次还款 2026年12月10日"
                     for i in range(1, n + 1))


def test_a_short_reply_is_one_message_unchanged() -> None:
    assert split_text("<b>hi</b>\nthere") == ["<b>hi</b>\nthere"]
    assert split_reply("hi", [[("a", "x")]]) == [("hi", [[("a", "x")]])]


def test_two_hundred_long_chinese_lines_are_split_at_line_breaks_and_nothing_is_lost() -> None:
    text = _lines(200)
    parts = split_text(text)
    assert len(parts) > 1
    for part in parts:
        parsed = parse_html(part)  # valid Telegram HTML on its own
        assert 0 < parsed.length <= MAX_TEXT
    # Every line is there, in order, once.
    assert "\n".join(parts) == text


def test_a_tag_open_across_the_cut_is_closed_and_reopened() -> None:
    text = "<i>" + "\n".join("x" * 100 for _ in range(100)) + "</i>"
    parts = split_text(text)
    assert len(parts) > 1
    assert all(p.startswith("<i>") and p.endswith("</i>") for p in parts)
    for part in parts:
        parse_html(part)


def test_a_single_line_longer_than_a_message_is_cut_as_plain_text() -> None:
    line = "<b>" + "债" * 5000 + "</b>"
    parts = split_text(line)
    assert [visible_length(p) for p in parts] == [4096, 904]
    assert "".join(parts) == "债" * 5000


def test_emoji_count_two_utf16_units() -> None:
    assert visible_length("😀") == 2 and visible_length("<b>&amp;</b>") == 1


def test_more_than_100_buttons_are_spread_over_messages_by_whole_rows() -> None:
    rows = [[(f"b{i}", f"d{i}"), (f"c{i}", f"e{i}")] for i in range(120)]  # 240 buttons
    messages = split_reply("list", rows, filler="…")
    assert len(messages) == 3
    assert messages[0][0] == "list" and [m[0] for m in messages[1:]] == ["…", "…"]
    counts = [sum(len(r) for r in m[1]) for m in messages]
    assert counts == [100, 100, 40] and all(c <= MAX_BUTTONS for c in counts)
    assert [r for m in messages for r in m[1]] == rows


def test_buttons_go_with_the_last_part_of_a_long_text() -> None:
    messages = split_reply(_lines(200), [[("Next", "n")]])
    assert all(rows == [] for _, rows in messages[:-1])
    assert messages[-1][1] == [[("Next", "n")]]


def test_a_caption_keeps_1024_characters_and_the_rest_follows() -> None:
    head, rest = fit_caption("\n".join("a" * 500 for _ in range(5)))
    assert visible_length(head) <= 1024 and rest
    assert head.count("a") + sum(p.count("a") for p in rest) == 2500


@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300),
                max_size=40))
def test_every_part_fits_and_the_visible_text_survives(lines: list[str]) -> None:
    import html

    text = "\n".join(html.escape(line, quote=False) for line in lines)
    parts = split_text(text, limit=500)
    assert all(0 < visible_length(p) <= 500 for p in parts)
    kept = "".join(html.unescape(p) for p in parts).replace("\n", "")
    assert "".join(c for c in kept if not c.isspace()) == "".join(
        c for c in "".join(lines) if not c.isspace())


@pytest.mark.parametrize(
    ("total", "number", "items", "pages", "shown"),
    [
        (0, 0, [], 1, 0),
        (25, 0, list(range(10)), 3, 0),
        (25, 2, list(range(20, 25)), 3, 2),
        (25, 9, list(range(20, 25)), 3, 2),  # past the end: the last page
        (25, -1, list(range(10)), 3, 0),
        (10, 1, list(range(10)), 1, 0),
    ],
)
def test_pages(total: int, number: int, items: list[int], pages: int, shown: int) -> None:
    page = page_of(list(range(total)), number, 10)
    assert list(page.items) == items and page.pages == pages and page.number == shown
    assert page.has_next is (shown + 1 < pages) and page.has_previous is (shown > 0)
    assert [n for n, _ in page.numbered()] == [i + 1 for i in items]


def test_card_numbers_are_masked_in_every_log_record(caplog) -> None:
    import logging

    from bot import logmask

    logmask.install()
    caplog.set_level(logging.INFO)
    logging.getLogger("telegram.ext").info("received %s", "卡号6222021234567890123 还款500")
    assert "6222021234567890123" not in caplog.text and "卡号**** 0123 还款500" in caplog.text


def test_configure_logging_installs_the_masking() -> None:
    import logging

    from bot import logmask
    from bot.config import configure_logging

    configure_logging("WARNING")
    record = logging.getLogRecordFactory()("x", logging.INFO, __file__, 1, "ID %s",
                                           ("110101199001011234",), None)
    assert record.getMessage() == "ID **** 1234" and logmask._installed
