"""Long cards are split between lines, each part under Telegram's limit."""

from hypothesis import given
from hypothesis import strategies as st

from handlers.contacts_render import chunks, clip


@given(st.lists(st.text(alphabet="ab长 ", max_size=60), max_size=40), st.integers(20, 200))
def test_parts_keep_every_line_and_stay_under_the_limit(lines, limit):
    text = "\n".join(lines)
    parts = chunks(text, limit)
    assert all(len(p) <= limit for p in parts)
    assert "".join(parts).replace("\n", "") == text.replace("\n", "")


def test_a_short_card_is_one_message_and_a_long_note_is_clipped():
    assert chunks("a\nb") == ["a\nb"]
    assert chunks("aaaa\nbbbb", 5) == ["aaaa", "bbbb"]
    assert clip("x" * 10, 4) == "xxxx…" and clip("xyz", 4) == "xyz"
