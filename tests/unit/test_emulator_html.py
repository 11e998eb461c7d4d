"""The emulator's Telegram-HTML parser: what Telegram accepts, refuses, and how it counts."""

from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from emulator import EntityParseError, parse_html, utf16_len


def entities(source: str) -> list[tuple[str, int, int]]:
    return [(e.type, e.offset, e.length) for e in parse_html(source).entities]


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("plain", "plain"),
        ("&lt;tag&gt; &amp; &quot;q&quot;", '<tag> & "q"'),
        ("&#65;&#x42;&#X43;", "ABC"),
        ("1 > 0", "1 > 0"),
        ("<b>x</b> <strong>y</strong> <i>z</i> <em>w</em>", "x y z w"),
        ("<u>a</u><ins>b</ins><s>c</s><strike>d</strike><del>e</del>", "abcde"),
        ('<tg-spoiler>a</tg-spoiler><span class="tg-spoiler">b</span>', "ab"),
        ("<a href='https://example.com/?a=1&amp;b=2'>link</a>", "link"),
        ("<a href=https://example.com>link</a>", "link"),
        ("<code>x</code><pre>y</pre>", "xy"),
        ("<blockquote>q</blockquote><blockquote expandable>r</blockquote>", "qr"),
        ('<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>', "👍"),
        ('<tg-time unix="1647531900" format="wDT">Thu</tg-time>', "Thu"),
        ("<B>upper</B>", "upper"),
        ("<b>bold <i>both</i></b>", "bold both"),
        ('<b data-x="ignored">x</b>', "x"),
        ("  <b> padded </b>\n", "padded"),
    ],
)
def test_accepted_html_gives_plain_text(source: str, text: str) -> None:
    assert parse_html(source).text == text


def test_entities_have_telegram_types_and_utf16_offsets() -> None:
    assert entities("😀<b>bold</b> <i>it</i>") == [("bold", 2, 4), ("italic", 7, 2)]
    parsed = parse_html('<pre><code class="language-python">print(1)</code></pre>')
    assert parsed.entity_dicts() == [
        {"type": "pre", "offset": 0, "length": 8, "language": "python"}
    ]
    assert parse_html('<a href="tg://user?id=1">x</a>').entity_dicts()[0]["url"] == (
        "tg://user?id=1"
    )
    assert entities("<blockquote expandable>q</blockquote>") == [("expandable_blockquote", 0, 1)]
    assert entities("<b>outer <i>inner</i></b>") == [("bold", 0, 11), ("italic", 6, 5)]
    assert entities("<b></b>x") == []  # empty entities are dropped


def test_whitespace_trim_shifts_entities() -> None:
    parsed = parse_html("  <b> hi </b>  ")
    assert parsed.text == "hi"
    assert [(e.offset, e.length) for e in parsed.entities] == [(0, 2)]


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("line<br>break", 'Unsupported start tag "br" at byte offset 4'),
        ("a < b", "Unsupported start tag"),
        ("<div>x</div>", 'Unsupported start tag "div"'),
        ("AT&T", 'Character "&" at byte offset 2 must be escaped'),
        ("&nbsp;", 'Character "&" at byte offset 0'),
        ("&#xD800;", 'Character "&"'),
        ("&lt", 'Character "&"'),
        ("<b>never closed", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x<i>y</b></i>", 'Unmatched end tag at byte offset 8, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag"),
        ("<b", "Unclosed start tag at byte offset 0"),
        ("<b>x</b", "Unclosed end tag"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler"'),
        ('<span class="other">x</span>', 'Tag "span" must have class "tg-spoiler"'),
        ("<a>x</a>", 'Tag "a" at byte offset 0 must have a non-empty "href"'),
        ("<tg-emoji>x</tg-emoji>", '"emoji-id"'),
        ("<tg-time>x</tg-time>", '"unix"'),
        ("<code><b>x</b></code>", 'can\'t be nested inside "code"'),
        ("<pre><i>x</i></pre>", 'can\'t be nested inside "pre"'),
        ("<blockquote><blockquote>x</blockquote></blockquote>", "blockquote"),
        ('<a href="https://a"><a href="https://b">x</a></a>', "nested inside a link"),
        ('<a href="x&y">z</a>', "attribute value must be escaped"),
    ],
)
def test_refused_html(source: str, reason: str) -> None:
    with pytest.raises(EntityParseError) as error:
        parse_html(source)
    assert reason in str(error.value)


def test_error_offsets_are_in_utf8_bytes() -> None:
    with pytest.raises(EntityParseError, match="byte offset 4"):
        parse_html("éé<br>")


def test_length_is_counted_in_utf16_code_units_after_parsing() -> None:
    assert utf16_len("😀") == 2
    assert utf16_len("还款") == 2
    assert parse_html("<b>😀</b>&#128512;").length == 4
    assert parse_html("<b>" + "a" * 4096 + "</b>").length == 4096
    assert parse_html("&amp;" * 10).length == 10


@given(st.text(max_size=200))
def test_escaped_text_round_trips(text: str) -> None:
    """Whatever a user types, html.escape makes it acceptable and it reads back unchanged."""
    parsed = parse_html(html.escape(text))
    assert parsed.text == text.strip()
    assert parsed.entities == ()


@given(st.text(max_size=50), st.sampled_from(["b", "i", "u", "s", "code", "tg-spoiler"]))
def test_wrapped_escaped_text_yields_one_entity(text: str, tag: str) -> None:
    parsed = parse_html(f"x<{tag}>{html.escape(text)}</{tag}>")
    assert parsed.text == ("x" + text).rstrip()
    inner = utf16_len(("x" + text).rstrip()) - 1
    assert [(e.offset, e.length) for e in parsed.entities] == ([(1, inner)] if inner else [])
