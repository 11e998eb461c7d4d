"""/start: greeting, consent, region, time zone, currency.

The steps are bot/services/start.py; the state diagram is handlers/onboarding.mmd. The
region, time-zone and currency questions are drawn here once and reused by /settings.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, ConversationHandler

from bot.services import Services
from bot.services.base import Step
from bot.services.start import (
    CONSENT,
    CURRENCY,
    REGION,
    TIMEZONE,
    AskConsent,
    AskCurrency,
    AskRegion,
    AskTimezone,
    Done,
    Welcome,
)
from coach.profile import Profile, Region
from coach.timezones import format_minutes
from handlers import callback_data as cb
from handlers.context import BotContext
from handlers.conversation import (
    Button,
    Flow,
    State,
    Turn,
    columns,
    conversation,
    state,
    tap,
    typed_or,
)

NAME = "onboarding"
TIMEOUT = timedelta(days=2)
STATES = (CONSENT, REGION, TIMEZONE, CURRENCY)


def region_rows(turn: Turn, kind: cb.Cb, default: Region) -> list[list[Button]]:
    """The region question's buttons, the proposed one first."""
    order = [default, *(r for r in Region if r is not default)]
    return [[(turn.t(f"btn.region_{r.code}"), kind(r.code))] for r in order]


def zone_rows(zones: tuple[str, ...], kind: cb.Cb) -> list[list[Button]]:
    return columns([(z, kind(z)) for z in zones])


def currency_rows(codes: tuple[str, ...], kind: cb.Cb) -> list[list[Button]]:
    return columns([(c, kind(c)) for c in codes], 3)


def summary_params(turn: Turn, profile: Profile) -> dict[str, str]:
    """A user's settings for ``start.done`` and ``settings.summary``."""
    if profile.quiet_start is None or profile.quiet_end is None:
        quiet = turn.t("quiet.off")
    else:
        quiet = f"{format_minutes(profile.quiet_start)}–{format_minutes(profile.quiet_end)}"
    region = turn.t(f"region.{profile.region.code}") if profile.region else turn.t("region.unset")
    return {"region": region, "tz": profile.timezone or "—", "currency": profile.currency or "—",
            "quiet": quiet}


async def show(turn: Turn, step: Step[Any]) -> State:
    view = step.view
    if await turn.explain(view):
        pass
    elif isinstance(view, Welcome):
        await turn.say(turn.t("start.welcome_back"))
    elif isinstance(view, AskConsent):
        await turn.say(turn.t("start.greeting"))
        await turn.say(turn.t("start.consent_question"),
                       [[(turn.t("btn.consent_yes"), cb.OB_CONSENT("y"))],
                        [(turn.t("btn.consent_no"), cb.OB_CONSENT("n"))]])
    elif isinstance(view, AskRegion):
        if view.consented is not None:
            await turn.say(turn.t("start.consent_given" if view.consented else "start.consent_declined"))
        await turn.say(turn.t("start.region_question"), region_rows(turn, cb.OB_REGION, view.default))
    elif isinstance(view, AskTimezone):
        await turn.say(turn.t("start.tz_question"), zone_rows(view.zones, cb.OB_TZ))
    elif isinstance(view, AskCurrency):
        if view.typing:
            await turn.say(turn.t("start.currency_type"))
        else:
            rows = currency_rows(view.codes, cb.OB_CURRENCY)
            rows.append([(turn.t("btn.currency_other"), cb.OB_CURRENCY("other"))])
            await turn.say(turn.t("start.currency_question"), rows)
    elif isinstance(view, Done):
        turn.lang = view.profile.language
        await turn.say(turn.t("start.done", **summary_params(turn, view.profile)))
    return state(step)


async def start(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    tg = update.effective_user
    code = tg.language_code if tg is not None else None
    return await show(turn, await turn.services.start.start(turn.uid, code))


async def on_consent(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    yes = cb.OB_CONSENT.value(turn.data) == "y"
    await turn.close(turn.t("btn.consent_yes" if yes else "btn.consent_no"))
    return await show(turn, await turn.services.start.consent(turn.uid, yes))


async def on_region(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    region = cb.OB_REGION.value(turn.data) or "other"
    await turn.close(turn.t(f"btn.region_{region}"))
    return await show(turn, await turn.services.start.region(turn.uid, region))


async def on_timezone(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    step = await turn.services.start.timezone(turn.uid, cb.OB_TZ.value(turn.data) or turn.typed)
    if isinstance(step.view, AskCurrency):
        await turn.close(cb.OB_TZ.value(turn.data))
    return await show(turn, step)


async def on_currency(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    tapped = cb.OB_CURRENCY.value(turn.data)
    if tapped == "other":
        await turn.close(turn.t("btn.currency_other"))
        return await show(turn, await turn.services.start.other_currency(turn.uid))
    step = await turn.services.start.currency(turn.uid, tapped or turn.typed)
    if isinstance(step.view, Done):
        await turn.close(tapped)
    return await show(turn, step)


def _flow(services: Services) -> Flow:
    return Flow(services.start.discard, services.start.unsaved, "flow.noun.setup")


def entry_points() -> list[BaseHandler[Any, Any, Any]]:
    return [CommandHandler("start", start)]


def build(others: Any) -> ConversationHandler[BotContext]:
    return conversation(
        NAME,
        entry_points(),
        {
            CONSENT: tap(on_consent, cb.OB_CONSENT),
            REGION: tap(on_region, cb.OB_REGION),
            TIMEZONE: typed_or(on_timezone, cb.OB_TZ),
            CURRENCY: typed_or(on_currency, cb.OB_CURRENCY),
        },
        timeout=TIMEOUT,
        flow=_flow,
        others=others,
    )


def general() -> list[BaseHandler[Any, Any, Any]]:
    return []
