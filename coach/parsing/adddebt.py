"""``/adddebt`` on one line: ``Amex 2,300.50 24.99% APR due Nov 15 min 75``.

The line is first made ready (:mod:`coach.parsing.line_prep`: parts run together set
apart, 利率不知道 and 逾期20天 taken out), then split into tokens (spaces, ``，、；``, and
commas that are not thousands separators). Parts are then recognised in this order, each only
among the tokens no earlier part took:

1. a schedule, N payments of X (:mod:`coach.parsing.schedule`): ``12x2702``,
   ``12期每期2702``, ``分12期每期1000``, ``12期 每期1000``;
2. keyword-led parts, the keyword consumed with its value (glued or the next
   tokens): the minimum (``min 75``, ``min 1%``, ``最低还款 10% 最少50``), the due
   date (``due Nov 15``, ``到期12月10日``, ``还款日15号``), the money received
   (``到手9000``, ``实际到账9000``, ``received 9000``), the principal
   (``借10000``, ``借款1万``, ``本金 10000``);
3. the rate (:func:`~coach.parsing.quotes.parse_rate`), joined with up to two
   neighbours when that reads (``24.99% APR``, ``APR 18%``, ``年化 18%``,
   ``免息``);
4. the payment per instalment (``每期1000``, ``月供2702``, ``每月还2702``);
5. the instalments left (``剩12期``, ``还剩12期``, ``12 payments left``; a bare
   ``12期`` / ``分12期`` is read as a term with all of it left);
6. a due date without a keyword (:func:`~coach.parsing.due.parse_due`): the
   longest run of up to four tokens that reads as one;
7. the balance: the first remaining amount;
8. the lender: the leading run of remaining name-like tokens (neither money
   nor a keyword), or else a known platform name anywhere
   (:func:`coach.lenders.find_platform`).

Everything left is returned in ``unparsed``, in order: nothing unread becomes
part of the lender's name. A part that clearly tried and failed raises its
own code (``rate.too_high``, ``amount.negative``, ``date.no_such_date``,
``minimum.invalid``, ``instalments.out_of_range`` ...); a money-looking token
that is not an amount raises the amount's code.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from coach.errors import ParseError
from coach.lenders import find_platform
from coach.parsing._text import CN_CHARS, normalise, small_number
from coach.parsing._tokens import attempt, split_tokens
from coach.parsing.amounts import looks_like_money, parse_amount
from coach.parsing.calendar import DueDate
from coach.parsing.due import DUE_KEYWORD, DueAnswer, parse_due
from coach.parsing.line_prep import prepare_line
from coach.parsing.minimum import MIN_KEYWORD, MinimumRule, parse_minimum
from coach.parsing.quotes import parse_rate
from coach.parsing.schedule import Schedule, parse_schedule
from coach.rates import MAX_INSTALMENTS, QuotedRate

__all__ = ["AddDebtQuick", "parse_adddebt_quick"]


@dataclass(frozen=True, slots=True)
class AddDebtQuick:
    """``/adddebt`` on one line: every part that was not given is ``None``.

    - ``lender``: the name as typed (the bot escapes it when rendering);
    - ``balance``: the amount owed; ``principal``: the amount borrowed (``借10000``);
      ``received``: the money actually received (``到手9000``);
    - ``rate``: the quoted rate, or, when none was typed, the ``schedule`` as an
      instalments quote whose ``balance`` is ``received`` (else ``principal``,
      else ``None``): ``quoted_to_apr(rate)`` is then the APR on the money
      received;
    - ``schedule``: N payments of X as typed; ``instalments_left``: N, from the
      schedule or ``剩12期`` alone;
    - ``min_payment``: a :class:`MinimumRule` (a fixed amount, the schedule's
      payment, or a percent of the balance with an optional floor);
    - ``due``: the due date as a :class:`DueDate` (a fixed date, or the monthly
      day); ``due_answer``: the full reading, with ``passed`` when the typed
      date had passed (:func:`~coach.parsing.due.parse_due`);
    - ``unparsed``: the tokens not understood, in order, as typed;
    - ``overdue_since``: from ``逾期20天`` / ``20 days overdue`` (today - 20 days);
      ``rate_unknown``: the line said the rate is not known (``利率不知道``).
    """

    lender: str | None = None
    balance: Decimal | None = None
    rate: QuotedRate | None = None
    min_payment: MinimumRule | None = None
    due: DueDate | None = None
    unparsed: tuple[str, ...] = ()
    instalments_left: int | None = None
    received: Decimal | None = None
    principal: Decimal | None = None
    schedule: Schedule | None = None
    due_answer: DueAnswer | None = None
    overdue_since: date | None = None
    rate_unknown: bool = False


def _ascii(*words: str) -> str:
    return "|".join(rf"{w}(?![a-z])" for w in words)


_N = r"(?P<n>[0-9]{1,4}|[零〇一二两三四五六七八九十百]{1,4})"
_COUNT_UNIT = r"(?:期|个月|payments?|instal(?:l)?ments?|months?)"
_RECEIVED_KW = rf"(?:实际到账|实际到手|实际收到|实际放款|到手|到账|实收|{_ascii('received', 'got')})"
_NUMERAL_NEXT = rf"(?=$|[\s:=0-9{CN_CHARS}¥$￥])"
_PRINCIPAL_KW = rf"(?:借款金额|借款|借了|借入|本金|合同金额|借{_NUMERAL_NEXT}|{_ascii('principal', 'borrowed')})"
_PAYMENT_KW = rf"(?:每期还款?|每期应还|每期|月供|每月还款?|每月应还|每月|{_ascii('monthly payment')})"
_LEFT = [
    re.compile(rf"(?:还剩|剩余|剩下|剩|还有|remaining)\s*{_N}\s*{_COUNT_UNIT}?"),
    re.compile(rf"{_N}\s*{_COUNT_UNIT}\s*(?:left|remaining|to go|more)"),
    re.compile(rf"(?:remaining|left)\s*(?:payments?|instal(?:l)?ments?)\s*[:=]?\s*{_N}"),
    re.compile(rf"(?:分|共)?\s*{_N}\s*期"),
]
_RATE_ANCHOR = re.compile(
    r"[%‰‱]|percent|百分之|千分之|万分之|(?:^|[息率费])万[0-9零〇一二两三四五六七八九十]"
    r"|^(?:年化|年利率|年息|月息|月利率|日息|日利率|apr)[0-9]|息|interest"
)
_KEYWORD = re.compile(
    rf"(?:{MIN_KEYWORD}|{DUE_KEYWORD}|{_RECEIVED_KW}|{_PRINCIPAL_KW}|{_PAYMENT_KW}|年化利率|年化|"
    r"年利率|月息|日息|利率|利息|分期|还剩|剩余|剩|×|\*|期|"
    rf"{_ascii('apr', 'rate', 'interest', 'left', 'remaining', 'payments', 'instalments')})"
    r"\s*[:=]?"
)
_DAY_LIKE = re.compile(r"[0-9]{1,2}|[零〇一二两三四五六七八九十]{1,3}")


class _Line:
    """The tokens of a line, which of them are taken, and the parts found so far."""

    def __init__(self, tokens: list[str], today: date) -> None:
        self.raw = tokens
        self.norm = [normalise(t) for t in tokens]
        self.used = [False] * len(tokens)
        self.today = today

    def free(self, i: int, j: int) -> bool:
        return 0 <= i < j <= len(self.raw) and not any(self.used[i:j])

    def take(self, i: int, j: int) -> None:
        self.used[i:j] = [True] * (j - i)

    def runs(self, longest: int) -> list[tuple[int, int]]:
        """Free runs of tokens, longest first, then left to right."""
        n = len(self.raw)
        return [
            (i, i + size)
            for size in range(min(longest, n), 0, -1)
            for i in range(n - size + 1)
            if self.free(i, i + size)
        ]

    def keyed(
        self,
        keyword: str,
        read: Callable[[str, str], Any],
        following: int,
    ) -> Any:
        """The value of the first free token led by ``keyword`` (glued, or in the next tokens).

        ``read(keyword_text, value_text)`` parses, or returns ``None`` for "not
        this part". A keyword standing alone that no value follows is left
        (the bot sees it in ``unparsed``); one followed by a value that does
        not read raises that value's error, and so does a glued value that
        looks like money (``最低abc`` is left, ``最低-5`` raises).
        """
        start = re.compile(rf"(?:{keyword})\s*[:=]?\s*")
        for k, token in enumerate(self.norm):
            m = None if self.used[k] else start.match(token)
            if m is None:
                continue
            rest = token[m.end() :]
            first = k + 1 if rest else k + 2
            error: ParseError | None = None
            for j in range(min(len(self.raw), k + 1 + following), first - 1, -1):
                if not self.free(k, j):
                    continue
                value_text = " ".join(([rest] if rest else []) + self.norm[k + 1 : j])
                result = attempt(read, token[: m.end()].strip(" :="), value_text)
                if result is None:
                    continue
                if not isinstance(result, ParseError):
                    self.take(k, j)
                    return result
                if not rest or looks_like_money(rest) or "%" in rest:
                    error = result
            if error is not None:
                raise error
        return None


def _find_schedule(line: _Line) -> Schedule | None:
    for i, j in line.runs(4):
        schedule = parse_schedule(" ".join(line.norm[i:j]))
        if schedule is not None:
            line.take(i, j)
            return schedule
    return None


def _find_left(line: _Line) -> int | None:
    for i, j in line.runs(3):
        text = " ".join(line.norm[i:j])
        m = next((m for p in _LEFT if (m := p.fullmatch(text))), None)
        count = small_number(m["n"]) if m else None
        if count is None:
            continue
        if not 1 <= count <= MAX_INSTALMENTS:
            raise ParseError("instalments.out_of_range", instalments=count, min=1, max=MAX_INSTALMENTS)
        line.take(i, j)
        return count
    return None


def _find_rate(line: _Line) -> QuotedRate | None:
    remembered: ParseError | None = None
    n = len(line.raw)
    for a, token in enumerate(line.norm):
        if line.used[a] or not _RATE_ANCHOR.search(token):
            continue
        windows = [
            (i, j)
            for i in range(max(0, a - 2), a + 1)
            for j in range(a + 1, min(n, a + 3) + 1)
            if line.free(i, j)
        ]
        windows.sort(key=lambda w: (w[0] - w[1], w[0]))
        for i, j in windows:
            result = attempt(parse_rate, " ".join(line.norm[i:j]))
            if isinstance(result, QuotedRate):
                line.take(i, j)
                return result
            if (i, j) == (a, a + 1) and result.code != "rate.invalid":
                remembered = remembered or result
    if remembered is not None:
        raise remembered
    return None


def _find_due(line: _Line) -> DueAnswer | None:
    remembered: ParseError | None = None
    for i, j in line.runs(4):
        result = attempt(parse_due, " ".join(line.norm[i:j]), today=line.today, form="due")
        if isinstance(result, DueAnswer):
            line.take(i, j)
            return result
        if result.code != "date.invalid":
            remembered = remembered or result
    if remembered is not None:
        raise remembered
    return None


def _find_balance(line: _Line) -> Decimal | None:
    """The first amount left (``5000``, or ``5000 元`` / ``¥ 5000`` over two tokens).

    Any other money-looking token that is not an amount raises its code.
    """
    balance: Decimal | None = None
    for i, j in sorted(line.runs(2), key=lambda run: (run[0], -run[1])):
        text = " ".join(line.norm[i:j])
        if not line.free(i, j) or not looks_like_money(text):
            continue
        if j - i == 2:
            pair = attempt(parse_amount, text)  # 5000 元, ¥ 5000: one amount, two tokens
            if balance is None and isinstance(pair, Decimal) and not all(
                looks_like_money(t) for t in line.norm[i:j]
            ):
                balance = pair
                line.take(i, j)
            continue
        if j - i == 1:
            amount = parse_amount(text)  # 12.5.3: its code, not a name
            if balance is None:
                balance = amount
                line.take(i, j)
    return balance


def _lender(line: _Line) -> str | None:
    def name_like(k: int) -> bool:
        token = line.norm[k]
        return not (line.used[k] or looks_like_money(token) or _KEYWORD.fullmatch(token))

    run = 0
    while run < len(line.raw) and name_like(run):
        run += 1
    if run:
        line.take(0, run)
        return " ".join(line.raw[:run])
    for i, j in line.runs(2):
        if all(name_like(k) for k in range(i, j)) and find_platform(" ".join(line.norm[i:j])):
            line.take(i, j)
            return " ".join(line.raw[i:j])
    return None


def _payment(keyword: str, value: str) -> Decimal | None:
    if keyword == "每月" and (not looks_like_money(value) or _DAY_LIKE.fullmatch(value)):
        return None  # 每月10号, 每月 10: a due day, not a payment of 10
    return parse_amount(value)


def _minimum(keyword: str, value: str) -> MinimumRule:
    return parse_minimum(f"{keyword} {value}")


def parse_adddebt_quick(text: str, *, today: date) -> AddDebtQuick:
    """Read a one-line ``/adddebt`` (see the module docstring).

    Codes: ``adddebt.invalid`` (``text``: over 400 characters or 40 tokens), and
    those of the parts. Raises :class:`ParseError` only.
    """
    said = prepare_line(text, today, is_part=_names_a_part)
    rate_unknown, overdue_since = said.rate_unknown, said.overdue_since
    line = _Line(split_tokens(said.text, "adddebt.invalid"), today)
    schedule = _find_schedule(line)
    minimum: MinimumRule | None = line.keyed(MIN_KEYWORD, _minimum, 4)
    due: DueAnswer | None = line.keyed(
        DUE_KEYWORD, lambda _, v: parse_due(v, today=today, form="due"), 4
    )
    received: Decimal | None = line.keyed(_RECEIVED_KW, _amount, 2)
    principal: Decimal | None = line.keyed(_PRINCIPAL_KW, _amount, 2)
    rate = _find_rate(line)
    payment: Decimal | None = line.keyed(_PAYMENT_KW, _payment, 2)
    left = _find_left(line)
    if payment is not None and left is not None and schedule is None:
        schedule = Schedule(left, payment)
    due = due or _find_due(line)
    balance = _find_balance(line)
    lender = _lender(line)
    if schedule is not None:
        left = left or schedule.instalments
        payment = payment or schedule.payment
        rate = rate or schedule.as_quote(received or principal)
    if minimum is None and payment is not None:
        minimum = MinimumRule("fixed", amount=payment)
    return AddDebtQuick(
        lender=lender,
        balance=balance,
        rate=rate,
        min_payment=minimum,
        due=None if due is None else due.due_date,
        unparsed=tuple(t for t, used in zip(line.raw, line.used, strict=True) if not used),
        instalments_left=left,
        received=received,
        principal=principal,
        schedule=schedule,
        due_answer=due,
        overdue_since=overdue_since,
        rate_unknown=rate_unknown and rate is None,
    )


def _names_a_part(word: str) -> bool:
    """Whether ``word`` opens a part of the line (a keyword or a rate), never a name."""
    return bool(_KEYWORD.match(word.casefold()) or _RATE_ANCHOR.search(word))


def _amount(_: str, value: str) -> Decimal:
    return parse_amount(value)
