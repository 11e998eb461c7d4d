"""/start: greeting, consent, region, time zone, currency.

State diagram::

    /start ─> CONSENT ─(yes|no)─> REGION ─> TIMEZONE ─(tap|type)─> CURRENCY ─(tap|type)─> END
                                                                        └─ other ─> type a code
    /cancel at any step ─> END (the draft is dropped; nothing saved)

Choices go into a draft that survives restarts; the user row is updated once,
at the end, in one transaction.
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

from bot.i18n import render_error, t
from bot.services.users import REGION_DEFAULTS, default_region, parse_currency
from coach.errors import CoachError
from coach.timezones import format_minutes, parse_timezone
from handlers import callback_data as cb
from handlers.common import END, close_buttons, lang_of, say
from handlers.context import BotContext
from handlers.keyboards import Button, columns, keyboard
from storage.models import User

CONSENT, REGION, TIMEZONE, CURRENCY = "consent", "region", "timezone", "currency"
NAME = "onboarding"
TIMEOUT = timedelta(days=2)
DRAFT = "onboarding"

US_ZONES = ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles")
OTHER_ZONES = ("UTC", "Europe/London", "Europe/Berlin", "Asia/Hong_Kong", "Asia/Singapore")
OTHER_CURRENCIES = ("CNY", "USD", "EUR", "GBP", "HKD")


def region_buttons(lang: str, prefix: str, default: str) -> list[list[Button]]:
    order = [default] + [r for r in ("cn", "us", "other") if r != default]
    return [[(t(lang, f"btn.region_{r}"), cb.data(prefix, "region", r))] for r in order]


def zone_choices(region: str, default_tz: str) -> list[str]:
    if region == "cn":
        return ["Asia/Shanghai"]
    if region == "us":
        return list(US_ZONES)
    return [default_tz] + [z for z in OTHER_ZONES if z != default_tz]


def currency_choices(region: str) -> list[str]:
    if region in REGION_DEFAULTS:
        return [REGION_DEFAULTS[region][1]]
    return list(OTHER_CURRENCIES)


def quiet_text(lang: str, user: User) -> str:
    if user.quiet_start is None or user.quiet_end is None:
        return t(lang, "quiet.off")
    return f"{format_minutes(user.quiet_start)}–{format_minutes(user.quiet_end)}"


def summary_params(lang: str, user: User) -> dict[str, str]:
    return {
        "region": t(lang, f"region.{user.region}") if user.region else t(lang, "region.unset"),
        "tz": user.timezone or "—",
        "currency": user.currency or "—",
        "quiet": quiet_text(lang, user),
    }


async def start(update: Update, context: BotContext) -> str | int:
    assert update.effective_user is not None and update.effective_message is not None
    users = context.services.users
    user = await users.ensure(update.effective_user.id, update.effective_user.language_code)
    if not user.active:  # they had blocked the bot and came back: resume their nudges
        user = await users.update(user.id, update.update_id, active=True) or user
        await context.services.nudges.resume(user.id)
    lang = user.language
    if user.onboarded:
        await say(update, context, t(lang, "start.welcome_back"))
        return END
    await context.services.drafts.clear(user.id, DRAFT, update.update_id)
    await say(update, context, t(lang, "start.greeting"))
    await say(
        update,
        context,
        t(lang, "start.consent_question"),
        keyboard(
            [(t(lang, "btn.consent_yes"), cb.data("ob", "consent", "y"))],
            [(t(lang, "btn.consent_no"), cb.data("ob", "consent", "n"))],
        ),
    )
    return CONSENT


async def on_consent(update: Update, context: BotContext) -> str:
    assert update.callback_query is not None and update.effective_user is not None
    m = cb.CONSENT.match(update.callback_query.data or "")
    assert m
    lang = await lang_of(update, context)
    yes = m.group(1) == "y"
    await close_buttons(update, t(lang, "btn.consent_yes" if yes else "btn.consent_no"))
    await context.services.drafts.update(
        update.effective_user.id, DRAFT, update.update_id, consent=yes
    )
    await say(update, context, t(lang, "start.consent_given" if yes else "start.consent_declined"))
    await ask_region(update, context, lang)
    return REGION


async def ask_region(update: Update, context: BotContext, lang: str) -> None:
    default = default_region(lang)
    await say(
        update,
        context,
        t(lang, "start.region_question"),
        keyboard(*region_buttons(lang, "ob", default)),
    )


async def on_region(update: Update, context: BotContext) -> str:
    assert update.callback_query is not None and update.effective_user is not None
    m = cb.REGION.match(update.callback_query.data or "")
    assert m
    region = m.group(1)
    lang = await lang_of(update, context)
    await close_buttons(update, t(lang, f"btn.region_{region}"))
    await context.services.drafts.update(
        update.effective_user.id, DRAFT, update.update_id, region=region
    )
    await ask_timezone(update, context, lang, region)
    return TIMEZONE


async def ask_timezone(update: Update, context: BotContext, lang: str, region: str) -> None:
    zones = zone_choices(region, context.services.default_timezone)
    await say(
        update,
        context,
        t(lang, "start.tz_question"),
        keyboard(*columns([(z, cb.data("ob", "tz", z)) for z in zones])),
    )


async def on_timezone(update: Update, context: BotContext) -> str | None:
    assert update.effective_user is not None
    lang = await lang_of(update, context)
    if update.callback_query is not None:
        m = cb.TZ.match(update.callback_query.data or "")
        assert m
        raw = m.group(1)
    else:
        assert update.effective_message is not None
        raw = update.effective_message.text or ""
    try:
        tz = parse_timezone(raw)
    except CoachError as err:
        await say(update, context, render_error(lang, err))
        return None  # stay on this step
    await close_buttons(update, tz)
    draft = await context.services.drafts.update(
        update.effective_user.id, DRAFT, update.update_id, timezone=tz
    )
    region = draft.get("region", "other")
    choices = [(c, cb.data("ob", "cur", c)) for c in currency_choices(region)]
    choices.append((t(lang, "btn.currency_other"), cb.data("ob", "cur", "other")))
    await say(update, context, t(lang, "start.currency_question"), keyboard(*columns(choices, 3)))
    return CURRENCY


async def on_currency(update: Update, context: BotContext) -> str | int | None:
    assert update.effective_user is not None
    lang = await lang_of(update, context)
    if update.callback_query is not None:
        m = cb.CURRENCY.match(update.callback_query.data or "")
        assert m
        if m.group(1) == "other":
            await close_buttons(update, t(lang, "btn.currency_other"))
            await say(update, context, t(lang, "start.currency_type"))
            return None
        raw = m.group(1)
    else:
        assert update.effective_message is not None
        raw = update.effective_message.text or ""
    try:
        currency = parse_currency(raw)
    except CoachError as err:
        await say(update, context, render_error(lang, err))
        return None
    await close_buttons(update, currency)
    services = context.services
    draft = await services.drafts.get(update.effective_user.id, DRAFT)
    draft["currency"] = currency
    user = await services.users.finish_onboarding(update.effective_user.id, update.update_id, draft)
    if user is None:
        await say(update, context, t(lang, "common.not_registered"))
        return END
    await say(update, context, t(lang, "start.done", **summary_params(lang, user)))
    return END


def conversation() -> ConversationHandler[BotContext]:
    from handlers.flow import cancel_handler
    from handlers.flow import conversation as make

    text = filters.TEXT & ~filters.COMMAND
    return make(
        NAME,
        [CommandHandler("start", start)],
        {
            CONSENT: [CallbackQueryHandler(on_consent, pattern=cb.CONSENT)],
            REGION: [CallbackQueryHandler(on_region, pattern=cb.REGION)],
            TIMEZONE: [
                CallbackQueryHandler(on_timezone, pattern=cb.TZ),
                MessageHandler(text, on_timezone),
            ],
            CURRENCY: [
                CallbackQueryHandler(on_currency, pattern=cb.CURRENCY),
                MessageHandler(text, on_currency),
            ],
        },
        timeout=TIMEOUT,
        cancel=cancel_handler(DRAFT),
    )
