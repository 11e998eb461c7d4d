"""What a free message means when it arrives outside any conversation, and cancel words.

``is_cancel(text)``: the whole message is a cancel word (取消, 算了, 不要了, cancel,
stop, "never mind", nvm ...), trimmed, NFKC, case-folded, with trailing
punctuation or emoji and a final 吧 tolerated (``算了吧！``), possibly repeated
(``算了算了``). ``死了算了``, ``算了一下利息`` and ``stop calling me`` are not.

``classify(text, today)`` returns an :class:`Intent`; the first rule that holds wins:

1. ``collection``: the text is about a collector (``coach.collection_text``:
   催收, collector, "keep calling", a threat, a third party contacted ...). It
   wins over a debt in the same text: the person is being harassed; the debt
   can come after;
2. ``payment``: a payment verb (还了, 已还, paid, made a payment; not 没还 or
   "haven't paid") with an amount or a lender -> :class:`PaymentFields`;
3. ``debt``: a debt word (欠, 借, 贷, 还款, 逾期, owe, loan, card, balance ...) or a
   lender named by its product (花呗, 借呗, a bank; not 美团 or Visa alone, nor a
   friend), **and** a figure (balance, overdue time, rate, minimum or due day) ->
   :class:`DebtFields`. A number alone is not a debt;
4. ``help``, ``greeting``, ``thanks``: the whole message is made of such phrases
   (``你好``, ``在吗``, ``怎么用``, ``?``, ``谢谢``, ``好的``, ``ok``, ``👍``), with fillers
   (啊, 呀, "so much") allowed; help wins over greeting, thanks over greeting;
5. ``unknown``.

The phrases and cue words are data: ``coach/data/intent_words.json``. The crisis
check (``coach.crisis``) runs before this in the bot. Pure; never raises on a ``str``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from typing import Any

from coach.collection_text import mentions_collection
from coach.debt_text import DebtFields, PaymentFields, read_debt_fields, read_payment_fields
from coach.freetext import bare, load_data, prepare
from coach.lender_names import find_lender

__all__ = ["Intent", "IntentKind", "classify", "is_cancel"]

#: Whole-message phrases are short; longer messages are never one.
_MAX_PHRASE = 40


class IntentKind(StrEnum):
    GREETING = "greeting"
    HELP = "help"
    COLLECTION = "collection"
    DEBT = "debt"
    PAYMENT = "payment"
    THANKS = "thanks"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Intent:
    """The kind of a message and the fields found: ``debt`` for ``DEBT``,
    ``payment`` for ``PAYMENT``, nothing for the other kinds."""

    kind: IntentKind
    debt: DebtFields | None = None
    payment: PaymentFields | None = None


_INNER = re.compile(r"[\s\W_]+")


def _any(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def _squash(phrase: str) -> str:
    return _INNER.sub("", phrase.casefold())


@cache
def _words() -> dict[str, Any]:
    data = load_data("intent_words.json")
    phrases = {
        kind: frozenset(_squash(p) for p in data[kind]) for kind in ("greeting", "help", "thanks")
    }
    return {
        "cancel": frozenset(_squash(p) for p in data["cancel"]),
        "cancel_tails": tuple(data["cancel_tails"]),
        "phrases": phrases,
        "fillers": frozenset(_squash(p) for p in data["fillers"]),
        "emoji": {kind: tuple(marks) for kind, marks in data["emoji"].items()},
        "debt": _any(data["debt_words"]),
        "weak": frozenset(w.casefold() for w in data["weak_lenders"]),
        "payment": _any(data["payment"]),
        "not_payment": _any(data["not_payment"]),
    }


def _squashed_bare(text: str) -> str:
    """The message case-folded, without punctuation, emoji or spaces anywhere."""
    return _INNER.sub("", bare(text))


def is_cancel(text: str) -> bool:
    """Whether the whole message is a cancel word (see the module doc)."""
    if not isinstance(text, str):
        raise TypeError(f"expected str, not {type(text).__name__}")
    words = _words()
    s = bare(text)
    if not s or len(s) > _MAX_PHRASE:
        return False
    s = "".join(s.split())
    for tail in words["cancel_tails"]:
        if s.endswith(tail) and len(s) > len(tail):
            s = s[: -len(tail)]
            break
    cancel: frozenset[str] = words["cancel"]
    if s in cancel:
        return True
    # The same word said two or three times: 算了算了, 取消取消取消.
    return any(s in (w * 2, w * 3) for w in cancel)


def _segment(s: str, vocabulary: dict[str, str]) -> set[str] | None:
    """The kinds of the phrases ``s`` is made of, or None if it is not only phrases."""
    best: list[set[str] | None] = [None] * (len(s) + 1)
    best[0] = set()
    for i in range(len(s)):
        kinds_so_far = best[i]
        if kinds_so_far is None:
            continue
        for j in range(i + 1, len(s) + 1):
            kind = vocabulary.get(s[i:j])
            if kind is not None and best[j] is None:
                best[j] = kinds_so_far | ({kind} if kind != "filler" else set())
    return best[len(s)]


@cache
def _vocabulary() -> dict[str, str]:
    words = _words()
    vocabulary = dict.fromkeys(words["fillers"], "filler")
    for kind in ("greeting", "thanks", "help"):  # a later kind wins a shared phrase
        vocabulary.update(dict.fromkeys(words["phrases"][kind], kind))
    return vocabulary


def _small_talk(text: str) -> IntentKind | None:
    s = _squashed_bare(text)
    raw = prepare(text)
    if len(raw) > _MAX_PHRASE:
        return None
    if not s:
        emoji: dict[str, tuple[str, ...]] = _words()["emoji"]
        for kind in ("help", "thanks", "greeting"):
            if raw and any(mark in raw for mark in emoji[kind]):
                return IntentKind(kind)
        return None
    kinds = _segment(s, _vocabulary())
    if not kinds:
        return None
    for kind in ("help", "thanks", "greeting"):
        if kind in kinds:
            return IntentKind(kind)
    return None


def _names_a_lender(s: str) -> bool:
    mention = find_lender(s, people=False)
    return mention is not None and mention.name.casefold() not in _words()["weak"]


def _classify(s: str, text: str, today: date) -> Intent:
    words = _words()
    if mentions_collection(s):
        return Intent(IntentKind.COLLECTION)
    verb = words["payment"].search(s)
    if verb and not words["not_payment"].search(s):
        payment = read_payment_fields(s, today, verb.end())
        if payment.amount is not None or payment.lender is not None:
            return Intent(IntentKind.PAYMENT, payment=payment)
    if words["debt"].search(s) or _names_a_lender(s):
        debt = read_debt_fields(s, today)
        if debt.has_figures:
            return Intent(IntentKind.DEBT, debt=debt)
    kind = _small_talk(text)
    return Intent(kind) if kind else Intent(IntentKind.UNKNOWN)


def classify(text: str, today: date) -> Intent:
    """What a message outside any conversation means (see the module doc).

    ``today`` is the user's local date (it dates "overdue 20 days" and due days).
    ``"花呗欠了8600，逾期20天"`` -> ``Intent(DEBT, debt=DebtFields(lender="花呗",
    platform="huabei", balance=8600, overdue_days=20, overdue_since=today-20))``.
    """
    s = prepare(text)
    if not s:
        return Intent(IntentKind.UNKNOWN)
    try:
        return _classify(s, text, today)
    except (ValueError, OverflowError):  # dates at the ends of the calendar
        return Intent(IntentKind.UNKNOWN)
