"""/settings and /language.

State diagram::

    /settings ─> MENU ─ region ─> REGION ──tap──┐
                     ├ tz ─────> TIMEZONE ─tap|type─┤
                     ├ cur ────> CURRENCY ─tap|type─┤
                     ├ quiet ──> QUIET ──tap|type───┼─> "Saved." ─> MENU
                     ├ lang ───> LANGUAGE ──tap─────┤
                     ├ consent > CONSENT ───tap─────┘
                     └ close ─> END          /cancel at any step ─> END

Every tap or typed value is the confirmation for that one setting, and is saved at once.
"""

from __future__ import annotations

from datetime import timedelta

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.i18n import LANGS, render_error, t
from bot.services.users import default_region, parse_currency
from coach.errors import CoachError
from coach.timezones import parse_quiet_hours, parse_timezone
from handlers import callback_data as cb
from handlers.common import END, close_buttons, current_user, lang_of, say
from handlers.context import BotContext
from handlers.keyboards import columns, keyboard
from handlers.start import currency_choices, region_buttons, summary_params, zone_choices
from storage.models import User

NAME = "settings"
MENU, REGION, TIMEZONE, CURRENCY, QUIET, LANGUAGE, CONSENT = (
    "menu", "region", "timezone", "currency", "quiet", "language", "consent"
)
TIMEOUT = timedelta(hours=6)
QUIET_PRESETS = ((22 * 60, 8 * 60), (23 * 60, 7 * 60), (21 * 60, 9 * 60))
_MENU_ITEMS = ("region", "tz", "cur", "quiet", "lang", "consent")
_MENU_LABELS = {
    "region": "btn.settings_region",
    "tz": "btn.settings_tz",
    "cur": "btn.settings_currency",
    "quiet": "btn.settings_quiet",
    "lang": "btn.settings_language",
    "consent": "btn.settings_consent",
}


def language_keyboard() -> list[list[tuple[str, str]]]:
    return [[(t(lang, "language.name"), cb.data("lang", lang)) for lang in LANGS]]


async def show_menu(update: Update, context: BotContext, user: User) -> str:
    lang = user.language
    params = summary_params(lang, user)
    params["language"] = t(lang, "language.name")
    params["consent"] = t(lang, "consent.on" if user.consent else "consent.off")
    buttons = [(t(lang, _MENU_LABELS[i]), cb.data("set", i)) for i in _MENU_ITEMS]
    await say(
        update,
        context,
        t(lang, "settings.summary", **params),
        keyboard(*columns(buttons, 2), [(t(lang, "btn.close"), cb.data("set", "close"))]),
    )
    return MENU


async def settings(update: Update, context: BotContext) -> str | int:
    user = await current_user(update, context)
    if user is None or not user.onboarded:
        await say(update, context, t(await lang_of(update, context, user), "common.not_registered"))
        return END
    return await show_menu(update, context, user)


async def on_menu(update: Update, context: BotContext) -> str | int:
    assert update.callback_query is not None
    user = await current_user(update, context)
    if user is None:
        await close_buttons(update)
        return END
    lang = user.language
    m = cb.SETTINGS_MENU.match(update.callback_query.data or "")
    assert m
    item = m.group(1)
    if item == "close":
        await close_buttons(update, t(lang, "settings.closed"))
        return END
    await close_buttons(update, t(lang, _MENU_LABELS[item]))
    if item == "region":
        default = user.region or default_region(lang)
        await say(update, context, t(lang, "start.region_question"),
                  keyboard(*region_buttons(lang, "set", default)))
        return REGION
    if item == "tz":
        zones = zone_choices(user.region or "other", context.services.default_timezone)
        await say(update, context, t(lang, "start.tz_question"),
                  keyboard(*columns([(z, cb.data("set", "tz", z)) for z in zones])))
        return TIMEZONE
    if item == "cur":
        codes = currency_choices(user.region or "other")
        await say(update, context, t(lang, "start.currency_question") + "\n" + t(lang, "start.currency_type"),
                  keyboard(*columns([(c, cb.data("set", "cur", c)) for c in codes], 3)))
        return CURRENCY
    if item == "quiet":
        presets = [(f"{s // 60:02d}:00–{e // 60:02d}:00", cb.data("set", "quiet", f"{s}-{e}"))
                   for s, e in QUIET_PRESETS]
        await say(update, context, t(lang, "settings.quiet_question"),
                  keyboard(*columns(presets, 3), [(t(lang, "btn.quiet_off"), cb.data("set", "quiet", "off"))]))
        return QUIET
    if item == "lang":
        await say(update, context, t(lang, "language.choose"), keyboard(*language_keyboard()))
        return LANGUAGE
    current = t(lang, "consent.on" if user.consent else "consent.off")
    toggle = ("btn.consent_withdraw", "n") if user.consent else ("btn.consent_give", "y")
    await say(update, context, t(lang, "settings.consent_question", consent=current),
              keyboard([(t(lang, toggle[0]), cb.data("set", "consent", toggle[1]))],
                       [(t(lang, "btn.close"), cb.data("set", "close"))]))
    return CONSENT


async def _save(update: Update, context: BotContext, note: str, **fields: object) -> str | int:
    assert update.effective_user is not None
    user = await context.services.users.update(update.effective_user.id, update.update_id, **fields)
    if user is None:
        return END
    await close_buttons(update, note)
    await say(update, context, t(user.language, "settings.saved"))
    return await show_menu(update, context, user)


def _choice(update: Update) -> str | None:
    """The value of a tapped button, or None when the user typed."""
    if update.callback_query is not None:
        return (update.callback_query.data or "").split(":", 2)[-1]
    return None


def _typed(update: Update) -> str:
    return (update.effective_message.text or "") if update.effective_message else ""


async def on_region(update: Update, context: BotContext) -> str | int:
    region = _choice(update) or "other"
    lang = await lang_of(update, context)
    return await _save(update, context, t(lang, f"btn.region_{region}"), region=region)


async def _validated(update: Update, context: BotContext, value: str, parse: object) -> str | None:
    try:
        return parse(value)  # type: ignore[operator,no-any-return]
    except CoachError as err:
        await say(update, context, render_error(await lang_of(update, context), err))
        return None


async def on_timezone(update: Update, context: BotContext) -> str | int | None:
    tz = await _validated(update, context, _choice(update) or _typed(update), parse_timezone)
    if tz is None:
        return None
    return await _save(update, context, tz, timezone=tz)


async def on_currency(update: Update, context: BotContext) -> str | int | None:
    code = await _validated(update, context, _choice(update) or _typed(update), parse_currency)
    if code is None:
        return None
    return await _save(update, context, code, currency=code)


async def on_quiet(update: Update, context: BotContext) -> str | int | None:
    lang = await lang_of(update, context)
    choice = _choice(update)
    if choice == "off":
        return await _save(update, context, t(lang, "quiet.off"), quiet_start=None, quiet_end=None)
    try:
        if choice is not None:
            start, end = (int(x) for x in choice.split("-"))
            if not (0 <= start < 1440 and 0 <= end < 1440):
                raise CoachError("quiet.invalid", value=choice)
        else:
            start, end = parse_quiet_hours(_typed(update))
    except CoachError as err:
        await say(update, context, render_error(lang, err))
        return None
    note = f"{start // 60:02d}:{start % 60:02d}–{end // 60:02d}:{end % 60:02d}"
    return await _save(update, context, note, quiet_start=start, quiet_end=end)


async def on_consent(update: Update, context: BotContext) -> str | int:
    yes = _choice(update) == "y"
    lang = await lang_of(update, context)
    if not yes:  # processing stops: no more reminders; stored data stays until they erase it
        await say(update, context, t(lang, "settings.consent_withdrawn"))
    return await _save(
        update, context, t(lang, "btn.consent_give" if yes else "btn.consent_withdraw"), consent=yes
    )


async def on_language_in_settings(update: Update, context: BotContext) -> str | int:
    lang = _choice(update) or "en"
    return await _save(update, context, t(lang, "language.name"), language=lang)


# /language works on its own too, outside /settings.
async def language_command(update: Update, context: BotContext) -> None:
    lang = await lang_of(update, context)
    await say(update, context, t(lang, "language.choose"), keyboard(*language_keyboard()))


async def on_language(update: Update, context: BotContext) -> None:
    assert update.callback_query is not None and update.effective_user is not None
    m = cb.LANGUAGE.match(update.callback_query.data or "")
    assert m
    lang = m.group(1)
    users = context.services.users
    await users.ensure(update.effective_user.id, update.effective_user.language_code)
    await users.update(update.effective_user.id, update.update_id, language=lang)
    await close_buttons(update, t(lang, "language.name"))
    await say(update, context, t(lang, "language.set"))


def conversation() -> ConversationHandler[BotContext]:
    from handlers.flow import cancel_handler
    from handlers.flow import conversation as make

    text = filters.TEXT & ~filters.COMMAND
    return make(
        NAME,
        [CommandHandler("settings", settings)],
        {
            MENU: [CallbackQueryHandler(on_menu, pattern=cb.SETTINGS_MENU)],
            REGION: [CallbackQueryHandler(on_region, pattern=cb.SETTINGS_REGION)],
            TIMEZONE: [
                CallbackQueryHandler(on_timezone, pattern=cb.SETTINGS_TZ),
                MessageHandler(text, on_timezone),
            ],
            CURRENCY: [
                CallbackQueryHandler(on_currency, pattern=cb.SETTINGS_CURRENCY),
                MessageHandler(text, on_currency),
            ],
            QUIET: [
                CallbackQueryHandler(on_quiet, pattern=cb.SETTINGS_QUIET),
                MessageHandler(text, on_quiet),
            ],
            LANGUAGE: [CallbackQueryHandler(on_language_in_settings, pattern=cb.LANGUAGE)],
            CONSENT: [
                CallbackQueryHandler(on_consent, pattern=cb.SETTINGS_CONSENT),
                CallbackQueryHandler(on_menu, pattern=cb.SETTINGS_MENU),
            ],
        },
        timeout=TIMEOUT,
        cancel=cancel_handler(None, "cancel.settings"),
    )
