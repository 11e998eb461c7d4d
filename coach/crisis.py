"""Crisis care: the lines by region (data with sources, shared/domain/crisis.md) and
:func:`assess`, which notices words suggesting a user may harm themselves, or that
someone told them to die.

When the words are the user's own (``kind == "self"``) the bot answers with care and
the line for the user's region first, then carries on helping with the debt. When
someone else said them (``"quoted_threat"``: a collector's "不还就去死") the bot says
that this is not OK, gives the same lines, and goes on with the message. It never
lectures. It errs on the side of caring: a false alarm costs one kind message, a miss
can cost a life.

How the words are matched
    The phrases are data, ``coach/data/crisis_phrases.json``, in four categories
    (``statement`` 想死 / kill myself, ``method`` 跳楼 / overdose, ``hopelessness``
    没有活路 / no way out, ``threat`` 让我去死 / told me to kill myself), Chinese and
    English, each a small regular-expression fragment. They are compiled once into a
    single alternation and the text is scanned once, left to right.

    1. **Normalise.** NFKC (full-width ``ＷＡＮＴ`` and ``　`` become ASCII), case-fold,
       drop invisible format characters, map the few traditional characters the
       phrases use to simplified ones, straighten curly apostrophes, collapse runs of
       whitespace, and remove whitespace next to a Chinese character (``想 死`` is
       ``想死``). English keeps its single spaces, and an English phrase must stand as
       whole words.
    2. **Whole phrases, never a bare 死 or "die".** Exaggeration idioms (笑死了,
       累死了, 气死我了, "my phone died", "dying to know") contain no listed phrase,
       so they cannot fire; 死了算了, 不如死了 and 想死 are phrases of their own.
    3. **Benign idioms win ties.** Where an idiom shares characters with a phrase
       (想死你了 "missed you so much", 跳楼价 "rock-bottom price", "financial
       suicide"), a ``benign`` entry is tried before the phrases at the same
       position; the scan does not overlap matches, so it uses those characters up.
    4. **死 in a compound is not death.** A Chinese phrase ending in 死 does not match
       where 死 starts a compound word (死磕, 死守, 死活, 死心, 死机, 死期...):
       我想死磕到底 is determination.

Someone else's words
    ``threat`` phrases (让我去死, 不还就去死, "told me to kill myself") are always
    someone else's. Phrases marked ``quotable`` in the data (不如死了, 去死, "better off
    dead") count as a quoted threat too when they sit in *reported speech*: within a
    few characters after a frame such as 催收说 / "the collector said", with no clause
    break between, or inside quotation marks that open right after one. A frame with
    the other person as object (我跟他说) is not one. First-person wishes (想死,
    不想活) are never re-read as quotes, and if a message has both, its ``self``
    signal wins: the user's own crisis comes first.

Speed: the phrase data is read and compiled once (:func:`functools.cache`); a message
is normalised and scanned in linear passes (about 5 µs a character: some 20 ms for a
4,096-character message, Telegram's limit), and the reported-speech check runs only
on messages that already matched.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

__all__ = [
    "LINES",
    "Category",
    "CrisisLine",
    "CrisisSignal",
    "Kind",
    "assess",
    "lines_for",
    "normalise",
    "suggests_self_harm",
]


@dataclass(frozen=True)
class CrisisLine:
    region: str  # "cn" | "us" | "other"
    number: str
    what: str  # catalog key of the description
    source: str


LINES: tuple[CrisisLine, ...] = (
    CrisisLine("cn", "12356", "crisis.line.cn_12356",
               "National Health Commission notice, Dec 2024; Xinhua / People's Daily 2024-12-25"),
    CrisisLine("cn", "110 / 120", "crisis.line.cn_emergency", "—"),
    CrisisLine("us", "988", "crisis.line.us_988", "988lifeline.org (in service since 2022-07-16)"),
)

Kind = Literal["self", "quoted_threat"]
Category = Literal["statement", "method", "hopelessness", "threat"]
_CATEGORIES: tuple[Category, ...] = ("statement", "method", "hopelessness", "threat")


@dataclass(frozen=True)
class CrisisSignal:
    """What :func:`assess` noticed.

    ``kind``: ``"self"`` (the user's own words) or ``"quoted_threat"`` (someone told
    the user to die, or threatened them). ``category``: the category of the matched
    phrase (a quotable ``statement`` such as 不如死了 keeps its category when it is a
    quote). ``phrase``: the matched text, normalised (see :func:`normalise`).
    """

    kind: Kind
    category: Category
    phrase: str


# --- normalisation -------------------------------------------------------------------

_CJK = "\u2e80-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_SPACE_NEAR_CJK = re.compile(f"(?<=[{_CJK}]) | (?=[{_CJK}])")
_SPACES = re.compile(r"\s+")
_APOSTROPHES = {ord("\u2019"): "'", ord("\u2018"): "'", ord("\u02bc"): "'", ord("`"): "'"}


def _invisible() -> dict[int, None]:
    # Format characters (zero-width space and joiners, soft hyphen, bidi marks, BOM,
    # tags): in the BMP and the tag block, where the ones people type or paste live.
    codes = [*range(0x10000), *range(0xE0000, 0xE0080)]
    return {c: None for c in codes if unicodedata.category(chr(c)) == "Cf"}


def normalise(text: str) -> str:
    """The text as the phrases are matched against it (see the module docstring, step 1).

    >>> normalise("Ｉ　ｗａｎｔ  TO die，想 死")
    'i want to die,想死'
    """
    text = unicodedata.normalize("NFKC", text).casefold().translate(_patterns().table)
    return _SPACE_NEAR_CJK.sub("", _SPACES.sub(" ", text))


# --- the compiled phrases ------------------------------------------------------------

@dataclass(frozen=True)
class _Frames:
    pattern: re.Pattern[str]
    max_gap: int


@dataclass(frozen=True)
class _Patterns:
    scan: re.Pattern[str]
    frames: tuple[_Frames, ...]
    table: dict[int, str | None]  # for str.translate: invisible, traditional, apostrophes


_EN_WORD = "(?<![a-z0-9])(?:{})(?![a-z0-9])"
_BREAKS = ",.。!?;\n"
_OPEN_QUOTES = {"\u201c": "\u201d", "\u300c": "\u300d", "\u300e": "\u300f", '"': '"', "\u00ab": "\u00bb"}


def _fragment(phrase: str, lang: str, compounds: str) -> str:
    if lang == "en":
        return _EN_WORD.format(phrase)
    if phrase.endswith("死") and compounds:
        return f"(?:{phrase})(?![{compounds}])"
    return f"(?:{phrase})"


def _alternation(phrases: list[tuple[str, str]], compounds: str) -> str:
    # Longer fragments first, so at one position the longer phrase is the one reported.
    ordered = sorted(phrases, key=lambda p: -len(p[0]))
    return "|".join(_fragment(p, lang, compounds) for p, lang in ordered)


def compile_phrases(data: dict[str, Any]) -> _Patterns:
    """Compile the phrase data (the shape of ``coach/data/crisis_phrases.json``).

    Raises ``ValueError`` naming the phrase when a fragment is not a valid regular
    expression, or a ``quotable`` phrase is not listed under a category.
    """
    compounds = str(data["death_compounds"]["chars"])
    langs = ("zh", "en")
    for lang in langs:
        for section in (*(data["categories"][c][lang] for c in _CATEGORIES),
                        data["quotable"][lang], data["benign"][lang]):
            for phrase in section:
                try:
                    re.compile(phrase)
                except re.error as exc:
                    raise ValueError(f"crisis phrase {phrase!r} ({lang}): {exc}") from exc
    quotable = {(p, lang) for lang in langs for p in data["quotable"][lang]}
    listed = {(p, lang) for c in _CATEGORIES for lang in langs for p in data["categories"][c][lang]}
    if stray := sorted(quotable - listed):
        raise ValueError(f"quotable phrases not under any category: {stray}")

    groups = [("benign", [(p, lang) for lang in langs for p in data["benign"][lang]])]
    for category in ("threat", "statement", "method", "hopelessness"):
        phrases = [(p, lang) for lang in langs for p in data["categories"][category][lang]]
        groups.append((category, [p for p in phrases if p not in quotable]))
        groups.append((f"{category}_q", [p for p in phrases if p in quotable]))
    # Benign idioms first, then threats (someone else's words usually start earlier
    # than the phrase they contain, but at a tie the threat is the better reading).
    scan = "|".join(f"(?P<{name}>{_alternation(phrases, compounds)})"
                    for name, phrases in groups if phrases)
    frames = tuple(_Frames(re.compile(data["reported_speech"][lang]["frame"]),
                           int(data["reported_speech"][lang]["max_gap"])) for lang in langs)
    table = str(data["traditional"]["map"])
    translate: dict[int, str | None] = {**_invisible(), **_APOSTROPHES}
    translate.update({ord(table[i]): table[i + 1] for i in range(0, len(table) - 1, 2)})
    return _Patterns(re.compile(scan), frames, translate)


@cache
def _patterns() -> _Patterns:
    text = resources.files("coach").joinpath("data/crisis_phrases.json").read_text(encoding="utf-8")
    return compile_phrases(json.loads(text))


# --- reported speech -----------------------------------------------------------------

@dataclass(frozen=True)
class _Reported:
    """Where someone else speaks: ``near`` are (frame end, last start allowed) for a
    quotable phrase; ``quoted`` are merged spans inside quotation marks opened right
    after a frame, where any phrase is theirs. Both sorted."""

    near: list[tuple[int, int]]
    quoted: list[tuple[int, int]]

    def covers(self, text: str, start: int, end: int, quotable: bool) -> bool:
        i = bisect_right(self.quoted, (start, sys.maxsize)) - 1
        if i >= 0 and self.quoted[i][0] <= start and end <= self.quoted[i][1]:
            return True
        if not quotable:
            return False
        i = bisect_right(self.near, (start, sys.maxsize)) - 1
        return i >= 0 and start <= self.near[i][1] and not any(
            c in _BREAKS for c in text[self.near[i][0]:start])


def _reported(text: str) -> _Reported:
    near: list[tuple[int, int]] = []
    quoted: list[tuple[int, int]] = []
    for frames in _patterns().frames:
        for frame in frames.pattern.finditer(text):
            end = frame.end()
            near.append((end, end + frames.max_gap))
            i = end
            while i < min(len(text), end + 3) and text[i] in " :":
                i += 1
            if i < len(text) and text[i] in _OPEN_QUOTES:
                close = text.find(_OPEN_QUOTES[text[i]], i + 1)
                quoted.append((i, close if close != -1 else len(text)))
    merged: list[tuple[int, int]] = []
    for a, b in sorted(quoted):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return _Reported(sorted(near), merged)


# --- the public checks ---------------------------------------------------------------

def assess(text: str) -> CrisisSignal | None:
    """What the words of one message suggest, or ``None`` when nothing was noticed.

    ``text``: any string (a message or a caption, any length). Never raises. When the
    message holds both the user's own words and someone else's, the user's own
    (``kind="self"``) is returned; otherwise the first match in the text.
    """
    norm = normalise(text)
    hits = [(m.lastgroup, m.start(), m.end()) for m in _patterns().scan.finditer(norm)
            if m.lastgroup and m.lastgroup != "benign"]
    if not hits:
        return None
    reported_speech = _reported(norm)
    signals: list[CrisisSignal] = []
    for group, start, end in hits:
        category: Category = next(c for c in _CATEGORIES if group.startswith(c))
        quotable = group.endswith("_q")
        reported = category == "threat" or reported_speech.covers(norm, start, end, quotable)
        signals.append(CrisisSignal("quoted_threat" if reported else "self", category,
                                    norm[start:end]))
    return next((s for s in signals if s.kind == "self"), signals[0])


def suggests_self_harm(text: str) -> bool:
    """Whether the user's own words suggest they may harm themselves (``assess`` gives
    ``kind == "self"``); a quoted threat alone is ``False``."""
    signal = assess(text)
    return signal is not None and signal.kind == "self"


def lines_for(region: str | None) -> tuple[CrisisLine, ...]:
    """The lines for a region; elsewhere, none (the bot points to local emergency services)."""
    return tuple(line for line in LINES if line.region == (region or "other"))
