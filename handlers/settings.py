"""/settings and /language. Every tap or typed value saves that one setting at once.

The steps are bot/services/settings.py; the state diagram is handlers/settings.mmd.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, ConversationHandler

from bot.i18n import LANGS, t
from bot.services import Services
from bot.services.base import Step
from bot.services.settings import (
    CONSENT,
    CURRENCY,
    LANGUAGE,
    MENU,
    QUIET,
    REGION,
    TIMEZONE,
    AskConsent,
    AskCurrency,
    AskLanguage,
    AskQuiet,
    AskRegion,
    AskTimezone,
    LanguageSet,
    Menu,
)
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
from handlers.start import currency_rows, region_rows, summary_params, zone_rows

NAME = "settings"
TIMEOUT = timedelta(hours=6)
STATES = (MENU, REGION, TIMEZONE, CURRENCY, QUIET, LANGUAGE, CONSENT)
_ITEMS = {"region": "btn.settings_region", "tz": "btn.settings_tz", "cur": "btn.settings_currency",
          "quiet": "btn.settings_quiet", "lang": "btn.settings_language",
          "consent": "btn.settings_consent"}


def language_rows() -> list[list[Button]]:
    return [[(t(lang, "language.name"), cb.LANGUAGE(lang)) for lang in LANGS]]


async def show(turn: Turn, step: Step[Any]) -> State:
    view = step.view
    if await turn.explain(view):
        pass
    elif isinstance(view, Menu):
        turn.lang = view.profile.language
        if view.consent_withdrawn:
            await turn.say(turn.t("settings.consent_withdrawn"))
        if view.saved:
            await turn.say(turn.t("settings.saved"))
        if view.unconverted:  # the figures keep their numbers under the new currency
            await turn.say(turn.t("settings.currency_not_converted", old=view.unconverted,
                                  new=view.profile.currency or ""))
        params = summary_params(turn, view.profile)
        params["language"] = turn.t("language.name")
        params["consent"] = turn.t("consent.on" if view.profile.consent else "consent.off")
        buttons = [(turn.t(label), cb.SET_MENU(item)) for item, label in _ITEMS.items()]
        await turn.say(turn.t("settings.summary", **params),
                       [*columns(buttons, 2), [(turn.t("btn.close"), cb.SET_MENU("close"))]])
    elif isinstance(view, AskRegion):
        await turn.say(turn.t("start.region_question"), region_rows(turn, cb.SET_REGION, view.default))
    elif isinstance(view, AskTimezone):
        await turn.say(turn.t("start.tz_question"), zone_rows(view.zones, cb.SET_TZ))
    elif isinstance(view, AskCurrency):
        await turn.say(turn.t("start.currency_question") + "\n" + turn.t("start.currency_type"),
                       currency_rows(view.codes, cb.SET_CURRENCY))
    elif isinstance(view, AskQuiet):
        presets = [(f"{format_minutes(s)}–{format_minutes(e)}", cb.SET_QUIET(f"{s}-{e}"))
                   for s, e in view.presets]
        await turn.say(turn.t("settings.quiet_question"),
                       [*columns(presets, 3), [(turn.t("btn.quiet_off"), cb.SET_QUIET("off"))]])
    elif isinstance(view, AskLanguage):
        await turn.say(turn.t("language.choose"), language_rows())
    elif isinstance(view, AskConsent):
        current = turn.t("consent.on" if view.consent else "consent.off")
        label, value = ("btn.consent_withdraw", "n") if view.consent else ("btn.consent_give", "y")
        await turn.say(turn.t("settings.consent_question", consent=current),
                       [[(turn.t(label), cb.SET_CONSENT(value))],
                        [(turn.t("btn.close"), cb.SET_MENU("close"))]])
    elif isinstance(view, LanguageSet):
        turn.lang = view.language
        await turn.say(turn.t("language.set"))
    return state(step)


async def settings(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    return await show(turn, await turn.services.settings.menu(turn.uid))


async def on_menu(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    item = cb.SET_MENU.value(turn.data) or "close"
    await turn.close(turn.t("settings.closed") if item == "close" else turn.t(_ITEMS[item]))
    return await show(turn, await turn.services.settings.pick(turn.uid, item))


async def on_region(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    region = cb.SET_REGION.value(turn.data) or "other"
    await turn.close(turn.t(f"btn.region_{region}"))
    return await show(turn, await turn.services.settings.region(turn.uid, region))


async def on_timezone(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    step = await turn.services.settings.timezone(turn.uid, cb.SET_TZ.value(turn.data) or turn.typed)
    if isinstance(step.view, Menu):
        await turn.close(step.view.profile.timezone)
    return await show(turn, step)


async def on_currency(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    step = await turn.services.settings.currency(turn.uid, cb.SET_CURRENCY.value(turn.data) or turn.typed)
    if isinstance(step.view, Menu):
        await turn.close(step.view.profile.currency)
    return await show(turn, step)


async def on_quiet(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    preset = cb.SET_QUIET.value(turn.data)
    step = await turn.services.settings.quiet(turn.uid, text=turn.typed, preset=preset)
    if isinstance(step.view, Menu):
        p = step.view.profile
        note = (turn.t("quiet.off") if p.quiet_start is None or p.quiet_end is None
                else f"{format_minutes(p.quiet_start)}–{format_minutes(p.quiet_end)}")
        await turn.close(note)
    return await show(turn, step)


async def on_consent(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    yes = cb.SET_CONSENT.value(turn.data) == "y"
    await turn.close(turn.t("btn.consent_give" if yes else "btn.consent_withdraw"))
    return await show(turn, await turn.services.settings.consent(turn.uid, yes))


async def on_language_in_settings(update: Update, context: BotContext) -> State:
    turn = await Turn.of(update, context)
    lang = cb.LANGUAGE.value(turn.data) or "en"
    await turn.close(t(lang, "language.name"))
    tg = update.effective_user
    await turn.services.settings.language(turn.uid, lang, tg.language_code if tg else None)
    return await show(turn, await turn.services.settings.menu(turn.uid))


async def language_command(update: Update, context: BotContext) -> None:
    """/language works on its own too, before /start."""
    turn = await Turn.of(update, context)
    await turn.say(turn.t("language.choose"), language_rows())


async def on_language(update: Update, context: BotContext) -> None:
    turn = await Turn.of(update, context)
    lang = cb.LANGUAGE.value(turn.data) or "en"
    await turn.close(t(lang, "language.name"))
    tg = update.effective_user
    await show(turn, await turn.services.settings.language(turn.uid, lang, tg.language_code if tg else None))


async def _nothing(_uid: int) -> None:
    return None


async def _never(_uid: int) -> bool:
    return False


def _flow(_services: Services) -> Flow:
    return Flow(_nothing, _never, cancelled="cancel.settings")


def entry_points() -> list[BaseHandler[Any, Any, Any]]:
    return [CommandHandler("settings", settings)]


def build(others: Any) -> ConversationHandler[BotContext]:
    return conversation(
        NAME,
        entry_points(),
        {
            MENU: tap(on_menu, cb.SET_MENU),
            REGION: tap(on_region, cb.SET_REGION),
            TIMEZONE: typed_or(on_timezone, cb.SET_TZ),
            CURRENCY: typed_or(on_currency, cb.SET_CURRENCY),
            QUIET: typed_or(on_quiet, cb.SET_QUIET),
            LANGUAGE: tap(on_language_in_settings, cb.LANGUAGE),
            CONSENT: tap(on_consent, cb.SET_CONSENT) + tap(on_menu, cb.SET_MENU),
        },
        timeout=TIMEOUT,
        flow=_flow,
        others=others,
    )


def general() -> list[BaseHandler[Any, Any, Any]]:
    return [CommandHandler("language", language_command),
            CallbackQueryHandler(on_language, pattern=cb.LANGUAGE.pattern)]
