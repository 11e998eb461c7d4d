"""The offer check (/check): what an offer really costs. Stores nothing lasting.

The computation is :func:`coach.offers.offer_check`; this service adds what the
domain cannot know: the user's local "today", and the guided flow's answers
kept as a draft (kind ``offer_check``) until the result is shown. The draft is
transient input: :meth:`OfferService.finish` and :meth:`OfferService.discard`
delete it.

Draft fields (JSON): ``received``, ``repay``, ``payment``, ``upfront``,
``monthly_fee`` (amounts as strings), ``form`` (``inst`` | ``rate`` |
``single``), ``count``, ``months``, ``days`` (ints), ``rate`` (a
:class:`~coach.rates.QuotedRate` as a dict, see :func:`rate_to_json`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from coach.errors import ParseError
from coach.lenders import LenderType
from coach.offers import (
    Instalments,
    OfferCheck,
    QuotedTerms,
    Schedule,
    SingleRepayment,
    offer_check,
)
from coach.parsing._text import echo, guard, small_number
from coach.rates import MAX_INSTALMENTS, NoRateError, QuotedRate, RateKind
from coach.timezones import local_now
from storage.models import User

if TYPE_CHECKING:
    from bot.services import Services

DRAFT = "offer_check"
FORMS = ("inst", "rate", "single")

_COUNT = re.compile(
    r"(?P<n>[0-9]+|[零〇一二两三四五六七八九十百]+)\s*"
    r"(?:期|个月|月|months?|mos?|instal(?:l)?ments?|payments?)?"
)


def parse_instalment_count(text: str) -> int:
    """A number of monthly instalments: ``12``, ``12期``, ``十二个月``, ``12 months``.

    Codes: ``instalments.invalid`` (``text``), ``instalments.out_of_range``
    (``instalments``, ``min``, ``max``).
    """
    m = _COUNT.fullmatch(guard(text, "instalments.invalid"))
    count = small_number(m["n"]) if m else None
    if count is None:
        raise ParseError("instalments.invalid", text=echo(text))
    if not 1 <= count <= MAX_INSTALMENTS:
        raise ParseError("instalments.out_of_range", instalments=count, min=1, max=MAX_INSTALMENTS)
    return count


def rate_to_json(q: QuotedRate) -> dict[str, Any]:
    return {
        "kind": q.kind.value,
        "rate": str(q.rate),
        "instalments": q.instalments,
        "payment": None if q.payment is None else str(q.payment),
        "day_basis": q.day_basis,
    }


def rate_from_json(d: Mapping[str, Any]) -> QuotedRate:
    return QuotedRate(
        RateKind(d["kind"]),
        Decimal(d["rate"]),
        instalments=d.get("instalments"),
        payment=None if d.get("payment") is None else Decimal(d["payment"]),
        day_basis=int(d.get("day_basis") or 365),
    )


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def schedule_from_draft(draft: Mapping[str, Any]) -> Schedule | None:
    """The schedule the answers so far describe, or None while one is missing."""
    form = draft.get("form")
    if form == "inst":
        payment = _dec(draft.get("payment"))
        count = draft.get("count")
        return None if payment is None or count is None else Instalments(int(count), payment)
    if form == "single":
        repay, days = _dec(draft.get("repay")), draft.get("days")
        return None if repay is None or days is None else SingleRepayment(repay, int(days))
    if form == "rate":
        if draft.get("rate") is None or "monthly_fee" not in draft:
            return None
        q = rate_from_json(draft["rate"])
        months = draft.get("months") or q.instalments
        if months is None:
            return None
        return QuotedTerms(
            q,
            months=int(months),
            upfront_fee=_dec(draft.get("upfront")) or Decimal(0),
            monthly_fee=_dec(draft.get("monthly_fee")) or Decimal(0),
        )
    return None


def repaid_total(schedule: Schedule) -> Decimal | None:
    """What the repayments add up to, when that is known without the rate maths."""
    if isinstance(schedule, Instalments):
        return schedule.payment * schedule.count
    if isinstance(schedule, SingleRepayment):
        return schedule.amount
    return None


def ensure_covers(received: Decimal, total: Decimal) -> None:
    """Repayments below the money received are a typo: NoRateError ``payments_below_received``."""
    if total < received:
        raise NoRateError("payments_below_received")


def parse_lender_type(code: str) -> LenderType | None:
    """A lender type from its button code; ``none`` (don't know) is None."""
    return None if code == "none" else LenderType(code)


class OfferService:
    """The /check use case. Built per call from the application's services."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def today(self, user: User | None) -> date:
        tz = (user.timezone if user is not None else None) or self.services.default_timezone
        return local_now(self.services.clock.now(), tz).date()

    def check(
        self,
        received: Decimal,
        schedule: Schedule,
        user: User | None,
        lender_type: LenderType | None = None,
    ) -> OfferCheck:
        """APR, effective rate, cost and verdicts (pure; raises CoachError on bad input)."""
        total = repaid_total(schedule)
        if total is not None:
            ensure_covers(received, total)
        return offer_check(received, schedule, today=self.today(user), lender_type=lender_type)

    async def remember(
        self, user_id: int, language_code: str | None, update_id: int, **fields: Any
    ) -> dict[str, Any]:
        """Add answers to the draft. A user who never ran /start gets a settings-only row."""
        await self.services.users.ensure(user_id, language_code)
        return await self.services.drafts.update(user_id, DRAFT, update_id, **fields)

    async def answers(self, user_id: int) -> dict[str, Any]:
        return await self.services.drafts.get(user_id, DRAFT)

    async def finish(
        self, user_id: int, user: User | None, lender_type: LenderType | None
    ) -> tuple[OfferCheck, Schedule] | None:
        """The result from the draft, which is then deleted; None when the draft is gone.

        The delete records no update id: the same update may have written the draft's
        last answer, and deleting twice is harmless.
        """
        draft = await self.answers(user_id)
        schedule = schedule_from_draft(draft)
        received = _dec(draft.get("received"))
        if schedule is None or received is None:
            return None
        result = self.check(received, schedule, user, lender_type)
        await self.discard(user_id)
        return result, schedule

    async def discard(self, user_id: int) -> None:
        await self.services.drafts.clear(user_id, DRAFT)
