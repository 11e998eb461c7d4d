"""/check: what an offer really costs, before signing. Nothing is kept.

State diagram::

    /check 12000 12x1060 | /check 1000 1010 7d ───────────────────────────> card, END
    /check [12000] ─> AMOUNT ─type─> FORM ─┬ inst ───> COUNT ─tap|type─> PAYMENT ─type──┐
       (a whole quick line typed at        ├ rate ───> RATE ─type─> [MONTHS] ─tap|type─┐ │
        AMOUNT gives the card too)         │           UPFRONT ─tap|type─> MONTHLY_FEE ┤ │
                                           └ single ─> REPAY ─type─> DAYS ─tap|type────┤ │
                                                                                       v v
                    region not "cn": card, END  <── schedule complete ──> LENDER ─tap─> card, END
    /cancel at any step ─> END (the draft is deleted: nothing saved)

A quick line with a rate but no term (``/check 10000 年化18%``) continues at MONTHS;
``/check 12000`` alone continues at FORM; an unreadable one is explained and the
guided flow starts. Answers wait in a draft (``offer_check``, see
bot/services/offers.py) and the draft is deleted when the card is shown. Without a
lender type the card shows both lines, each labelled; the lines are mainland-China
rules, so a user whose region is elsewhere (or not set) sees the figures without a
verdict (and is not asked the lender type).
A number typed where a step expects one that can't be read is explained with an
example, and the conversation stays on that step.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.i18n import money, render_error
from bot.services.offers import (
    OfferService,
    parse_instalment_count,
    parse_lender_type,
    rate_to_json,
    repaid_total,
    schedule_from_draft,
)
from coach.errors import CoachError, ParseError
from coach.lenders import LenderType
from coach.offers import OfferCheck, Schedule, schedule_from_quick
from coach.parsing import CheckQuick, parse_amount, parse_check_quick, parse_days, parse_rate
from coach.rates import NoRateError
from handlers.common import END
from handlers.context import BotContext
from handlers.keyboards import columns
from handlers.offer_card import render_card
from handlers.privacy import delete_me
from handlers.turn import Turn as BaseTurn

NAME = "offer_check"
TIMEOUT = timedelta(hours=1)
AMOUNT, FORM, COUNT, PAYMENT, RATE, MONTHS, UPFRONT, MONTHLY_FEE, REPAY, DAYS, LENDER = (
    "amount", "form", "count", "payment", "rate", "months", "upfront", "monthly_fee",
    "repay", "days", "lender",
)  # fmt: skip
State = str | int | None  # the next state, END, or None: stay on this step

# Callback data (well under 64 bytes): chk:<what>:<value>.
CB_FORM = re.compile(r"^chk:form:(inst|rate|single)$")
CB_COUNT = re.compile(r"^chk:n:([0-9]{1,3})$")
CB_DAYS = re.compile(r"^chk:d:([0-9]{1,4})$")
CB_NO_UPFRONT = re.compile(r"^chk:fee:(up)$")
CB_NO_MONTHLY_FEE = re.compile(r"^chk:fee:(mo)$")
CB_LENDER = re.compile(rf"^chk:lt:({'|'.join(lt.value for lt in LenderType.choices())}|none)$")

FORMS = ("inst", "rate", "single")
MONTH_CHOICES = (3, 6, 12, 24, 36)
DAY_CHOICES = (7, 14, 30)
LENDER_CHOICES = (*(lt.value for lt in LenderType.choices()), "none")


class Turn(BaseTurn):
    """A /check step's update."""

    @property
    def service(self) -> OfferService:
        return OfferService(self.context.services)

    @property
    def region(self) -> str | None:
        """The user's region setting (None: not set yet)."""
        return self.user.region if self.user is not None else None

    @property
    def shows_verdicts(self) -> bool:
        """The thresholds are mainland-China rules: a verdict only for that region."""
        return self.region == "cn"

    async def remember(self, **fields: Any) -> None:
        tg = self.update.effective_user
        assert tg is not None
        await self.service.remember(tg.id, tg.language_code, self.update.update_id, **fields)


# --- shared steps ---------------------------------------------------------------------


async def _refuse(turn: Turn, err: CoachError, received: Decimal, schedule: Schedule) -> None:
    """Explain why the numbers don't work; repayments below the money received are named."""
    total = repaid_total(schedule)
    below = isinstance(err, NoRateError) and err.params.get("reason") == "payments_below_received"
    if below and total is not None:
        cur, lang = turn.currency, turn.lang
        text = turn.t(
            "check.below_received", repaid=money(total, cur, lang), received=money(received, cur, lang)
        )
        await turn.say(text)
        return
    await turn.say(render_error(turn.lang, err))


async def _valid(turn: Turn, **answer: Any) -> bool:
    """Whether the answers so far plus ``answer`` make numbers the maths accepts."""
    draft = {**await turn.service.answers(turn.uid), **answer}
    schedule = schedule_from_draft(draft)
    if schedule is None or draft.get("received") is None:
        return True  # incomplete: nothing to check yet
    received = Decimal(draft["received"])
    try:
        turn.service.check(received, schedule, turn.user)
    except CoachError as err:
        await _refuse(turn, err, received, schedule)
        return False
    return True


async def _card(turn: Turn, result: OfferCheck, schedule: Schedule) -> int:
    await turn.say(render_card(turn.lang, result, schedule, turn.currency, region=turn.region))
    return END


async def _ask_amount(turn: Turn, lead: str) -> str:
    await turn.say(turn.t(lead) + "\n\n" + turn.t("check.ask_amount"))
    return AMOUNT


async def _ask_form(turn: Turn) -> str:
    await turn.say(
        turn.t("check.ask_form"), [[(turn.t(f"btn.check_form_{f}"), f"chk:form:{f}")] for f in FORMS]
    )
    return FORM


async def _ask_count(turn: Turn, state: str) -> str:
    buttons = [(turn.t("btn.check_months", n=n), f"chk:n:{n}") for n in MONTH_CHOICES]
    await turn.say(turn.t("check.ask_count"), columns(buttons, 3))
    return state


async def _ask_upfront(turn: Turn) -> str:
    await turn.say(turn.t("check.ask_upfront"), [[(turn.t("btn.check_no_upfront"), "chk:fee:up")]])
    return UPFRONT


async def _schedule_done(turn: Turn) -> State:
    """Every repayment answer is in: ask the lender type, or (US) show the card."""
    if not turn.shows_verdicts:
        return await _finish(turn, None)
    buttons = [(turn.t(f"btn.check_lt_{c}"), f"chk:lt:{c}") for c in LENDER_CHOICES]
    await turn.say(turn.t("check.ask_lender"), columns(buttons, 2))
    return LENDER


async def _finish(turn: Turn, lender_type: LenderType | None) -> int:
    try:
        done = await turn.service.finish(turn.uid, turn.user, lender_type)
    except CoachError as err:  # numbers that no rate solves (e.g. a forged button): say so
        await turn.say(render_error(turn.lang, err))
        await turn.service.discard(turn.uid)
        return END
    if done is None:  # the draft is gone: a redelivered tap
        await turn.say(turn.t("check.expired"))
        return END
    return await _card(turn, *done)


async def _from_quick(turn: Turn, quick: CheckQuick) -> State:
    """A parsed quick line: the card at once, or MONTHS when the quote has no term."""
    await turn.service.discard(turn.uid)
    if quick.rate is not None and quick.rate.instalments is None:
        rate = rate_to_json(quick.rate)
        await turn.remember(received=str(quick.received), form="rate", rate=rate)
        return await _ask_count(turn, MONTHS)
    schedule = schedule_from_quick(quick)
    try:
        result = turn.service.check(quick.received, schedule, turn.user)
    except CoachError as err:
        await _refuse(turn, err, quick.received, schedule)
        return await _ask_amount(turn, "check.step_by_step")
    return await _card(turn, result, schedule)


# --- the steps ------------------------------------------------------------------------


async def check(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    line = " ".join(context.args or [])
    if not line:
        await turn.service.discard(turn.uid)
        return await _ask_amount(turn, "check.start")
    try:
        quick = parse_check_quick(line)
    except ParseError as err:
        await turn.service.discard(turn.uid)
        try:
            received = parse_amount(line)  # the amount alone: go on with the form
        except ParseError:
            await turn.say(render_error(turn.lang, err))
            return await _ask_amount(turn, "check.step_by_step")
        await turn.remember(received=str(received))
        return await _ask_form(turn)
    return await _from_quick(turn, quick)


async def on_amount(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    if len(turn.typed.split()) > 1:  # perhaps a whole quick line
        try:
            return await _from_quick(turn, parse_check_quick(turn.typed))
        except ParseError:
            pass
    received = await turn.parsed(parse_amount)
    if received is None:
        return None
    await turn.remember(received=str(received))
    return await _ask_form(turn)


async def on_form(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    form = turn.tapped(CB_FORM)
    assert form is not None
    await turn.close(f"btn.check_form_{form}")
    await turn.remember(form=form)
    if form == "inst":
        return await _ask_count(turn, COUNT)
    await turn.say(turn.t("check.ask_rate" if form == "rate" else "check.ask_repay"))
    return RATE if form == "rate" else REPAY


async def _count(turn: Turn) -> int | None:
    """The tapped or typed number of months; None (explained) when unreadable."""
    tapped = turn.tapped(CB_COUNT)
    if tapped is None:
        return await turn.parsed(parse_instalment_count)
    await turn.close("btn.check_months", n=int(tapped))
    return int(tapped)


async def on_count(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    count = await _count(turn)
    if count is None:
        return None
    await turn.remember(count=count)
    await turn.say(turn.t("check.ask_payment"))
    return PAYMENT


async def on_payment(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    payment = await turn.parsed(parse_amount)
    if payment is None or not await _valid(turn, payment=str(payment)):
        return None
    await turn.remember(payment=str(payment))
    return await _schedule_done(turn)


async def on_rate(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    rate = await turn.parsed(parse_rate)
    if rate is None:
        return None
    await turn.remember(rate=rate_to_json(rate))
    return await (_ask_count(turn, MONTHS) if rate.instalments is None else _ask_upfront(turn))


async def on_months(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    months = await _count(turn)
    if months is None:
        return None
    await turn.remember(months=months)
    return await _ask_upfront(turn)


async def _fee(turn: Turn, pattern: re.Pattern[str], label: str) -> Decimal | None:
    """A tapped "no fee" (0) or a typed amount; None (explained) when unreadable."""
    if turn.tapped(pattern) is None:
        return await turn.parsed(lambda text: parse_amount(text, allow_zero=True))
    await turn.close(label)
    return Decimal(0)


async def on_upfront(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    fee = await _fee(turn, CB_NO_UPFRONT, "btn.check_no_upfront")
    if fee is None:
        return None
    await turn.remember(upfront=str(fee))
    rows = [[(turn.t("btn.check_no_monthly_fee"), "chk:fee:mo")]]
    await turn.say(turn.t("check.ask_monthly_fee"), rows)
    return MONTHLY_FEE


async def on_monthly_fee(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    fee = await _fee(turn, CB_NO_MONTHLY_FEE, "btn.check_no_monthly_fee")
    if fee is None or not await _valid(turn, monthly_fee=str(fee)):
        return None
    await turn.remember(monthly_fee=str(fee))
    return await _schedule_done(turn)


async def on_repay(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    repay = await turn.parsed(parse_amount)
    # Checked against the money received now (with a placeholder term), so that a
    # typo is caught on this step rather than after the days.
    if repay is None or not await _valid(turn, repay=str(repay), days=30):
        return None
    await turn.remember(repay=str(repay))
    buttons = [(turn.t("btn.check_days", n=n), f"chk:d:{n}") for n in DAY_CHOICES]
    await turn.say(turn.t("check.ask_days"), columns(buttons, 3))
    return DAYS


async def on_days(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    tapped = turn.tapped(CB_DAYS)
    days = int(tapped) if tapped is not None else await turn.parsed(parse_days)
    if days is None:
        return None
    if tapped is not None:
        await turn.close("btn.check_days", n=days)
    await turn.remember(days=days)
    return await _schedule_done(turn)


async def on_lender(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    code = turn.tapped(CB_LENDER)
    assert code is not None
    await turn.close(f"btn.check_lt_{code}")
    return await _finish(turn, parse_lender_type(code))


async def cancel(update: Update, context: BotContext) -> int:
    turn = await Turn.of(update, context)
    await turn.service.discard(turn.uid)
    await turn.say(turn.t("cancel.done"))
    return END


async def on_timeout(update: object, context: BotContext) -> None:
    """The conversation timed out while the process ran: drop the draft, silently."""
    if isinstance(update, Update) and update.effective_user is not None:
        await OfferService(context.services).discard(update.effective_user.id)


def conversation() -> ConversationHandler[BotContext]:
    text = filters.TEXT & ~filters.COMMAND

    def step(callback: Any, pattern: re.Pattern[str] | None = None) -> list[Any]:
        typed = MessageHandler(text, callback)
        return [CallbackQueryHandler(callback, pattern=pattern), typed] if pattern else [typed]

    return ConversationHandler(
        entry_points=[CommandHandler("check", check)],
        states={
            AMOUNT: step(on_amount),
            FORM: [CallbackQueryHandler(on_form, pattern=CB_FORM)],
            COUNT: step(on_count, CB_COUNT),
            PAYMENT: step(on_payment),
            RATE: step(on_rate),
            MONTHS: step(on_months, CB_COUNT),
            UPFRONT: step(on_upfront, CB_NO_UPFRONT),
            MONTHLY_FEE: step(on_monthly_fee, CB_NO_MONTHLY_FEE),
            REPAY: step(on_repay),
            DAYS: step(on_days, CB_DAYS),
            LENDER: [CallbackQueryHandler(on_lender, pattern=CB_LENDER)],
            ConversationHandler.TIMEOUT: [TypeHandler(Update, on_timeout)],
        },
        fallbacks=[CommandHandler("cancel", cancel), CommandHandler("delete_me", delete_me)],
        allow_reentry=True,
        name=NAME,
        persistent=True,
        conversation_timeout=TIMEOUT,
    )


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    app.add_handler(conversation())
