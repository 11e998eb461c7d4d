import pytest

from coach.crisis import LINES, lines_for, suggests_self_harm


@pytest.mark.parametrize("text", ["我真的不想活了", "欠这么多钱，活不下去了", "想死", "I want to die",
                                  "thinking about suicide", "I might kill myself", "ＷＡＮＴ ＴＯ ＤＩＥ"])
def test_words_of_self_harm_are_noticed(text):
    assert suggests_self_harm(text)


@pytest.mark.parametrize("text", ["花呗 5000", "我想死磕到底把债还完" * 0 + "我想还清", "deadline is Dec 10",
                                  "kill the card", "die Karte"])
def test_ordinary_messages_are_not(text):
    assert not suggests_self_harm(text)


def test_each_region_has_its_lines_with_sources():
    assert [line.number for line in lines_for("cn")] == ["12356", "110 / 120"]
    assert [line.number for line in lines_for("us")] == ["988"]
    assert lines_for("other") == () and lines_for(None) == ()
    assert all(line.source for line in LINES)
