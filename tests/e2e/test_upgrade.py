"""Stored state survives the upgrade: what the previous release wrote, this one continues.

The previous release (dd7754d) kept where each user was in ``conversation_states`` (the
state name as JSON, keyed ``[chat_id, user_id]``) and the answers so far in ``drafts``
(one JSON object per user and flow, written by merging keys into it). Each test writes
those rows as that release wrote them, with plain inserts of the JSON text; puts the old
release's last message, with its buttons, in the chat (sent through the Bot API, as it
was); starts this release on that database, and carries on from the step the user was on.

What no longer fits ends cleanly: a conversation state this release doesn't have is
dropped at load (the user starts again and isn't stuck), a draft that no longer reads
is deleted ("that's no longer open"), a button whose data no longer parses has expired.
And nothing unconfirmed outlives its conversation: a timed-out /adddebt draft is deleted.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import insert
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import t
from coach.lenders import LenderType
from emulator import BotApiEmulator, ChatMessage
from handlers import expire_conversations
from handlers.context import BotContext
from storage.db import make_engine, make_session_factory
from storage.models import ConversationState, Draft, User
from tests.e2e.conftest import EN, TOKEN, BotHarness, start_bot, stop_bot
from tests.factories import draft, save_debt, services_for

UID = EN.id
KEY = json.dumps([UID, UID])  # a private chat: chat id == user id
WRITTEN = timedelta(minutes=10)  # how long before the upgrade the old release wrote them


@dataclass
class Stored:
    """What the previous release left for one user."""

    conversation: str
    state: str
    draft_kind: str | None = None
    draft: dict[str, Any] | None = None  # as that release stored it
    message: str = ""  # its last message in the chat
    buttons: list[tuple[str, str]] = field(default_factory=list)


async def _user(factory: Any, clock: Any, *, onboarded: bool = True) -> None:
    """An American user as /start left them (or, not onboarded, as /start began them)."""
    at = clock.now() - timedelta(days=3)
    async with factory() as s:
        if onboarded:
            s.add(User(id=UID, language="en", region="us", timezone="America/New_York",
                       currency="USD", consent=True, consent_at=at, onboarded=True,
                       created_at=at, updated_at=at))
        else:
            s.add(User(id=UID, language="en", created_at=at, updated_at=at))
        await s.commit()


async def _leave(factory: Any, clock: Any, stored: Stored) -> None:
    """The rows, as JSON text, exactly as the previous release wrote them."""
    at = clock.now() - WRITTEN
    async with factory() as s:
        await s.execute(insert(ConversationState.__table__).values(  # type: ignore[attr-defined]
            name=stored.conversation, key=KEY, user_id=UID, state=json.dumps(stored.state),
            updated_at=at))
        if stored.draft_kind is not None:
            await s.execute(insert(Draft.__table__).values(  # type: ignore[attr-defined]
                user_id=UID, kind=stored.draft_kind, updated_at=at,
                data=json.dumps(stored.draft, ensure_ascii=False, sort_keys=True)))
        await s.commit()


async def _old_message(emu: BotApiEmulator, stored: Stored) -> ChatMessage:
    """The previous release's last message in the chat, sent through the Bot API."""
    emu.add_chat(EN.private_chat())
    markup = InlineKeyboardMarkup([[InlineKeyboardButton(text, callback_data=data)]
                                   for text, data in stored.buttons]) if stored.buttons else None
    async with Bot(TOKEN, base_url=f"{emu.base_url}/bot") as old_release:
        await old_release.send_message(UID, stored.message or "…", reply_markup=markup)
    message = emu.last_bot_message(UID)
    assert message is not None
    return message


@asynccontextmanager
async def upgraded(emu: BotApiEmulator, url: str, clock: Any) -> AsyncIterator[BotHarness]:
    """This release, started on the database the previous one left."""
    app = await start_bot(emu, url, clock)
    try:
        yield BotHarness(emu, app, clock, url)
    finally:
        await stop_bot(app)


@pytest.fixture
async def factory(db_url: str) -> AsyncIterator[Any]:
    engine = make_engine(db_url)
    yield make_session_factory(engine)
    await engine.dispose()


async def _visa(factory: Any, clock: Any) -> int:
    """A Visa card debt of $3,000 (not part of the upgrade: the debts table is migrated)."""
    view = await save_debt(services_for(factory, clock), UID,
                           draft("f0", lender="Visa", balance="3000", lender_type="credit_card"))
    return int(view.debt.id)


def _answer(emu: BotApiEmulator) -> str | None:
    """The text of the bot's last answer to a tap."""
    return emu.calls_to("answerCallbackQuery")[-1].params.get("text")


# --- each flow continues from the step it was on --------------------------------------------


async def test_onboarding_continues_at_the_time_zone_with_the_consent_given_before(
        emulator, db_url, factory, clock):
    await _user(factory, clock, onboarded=False)
    stored = Stored("onboarding", "timezone", "onboarding", {"consent": True, "region": "us"},
                    "Which time zone are you in?",
                    [("America/New_York", "ob:tz:America/New_York"),
                     ("America/Chicago", "ob:tz:America/Chicago")])
    await _leave(factory, clock, stored)
    old = await _old_message(emulator, stored)
    async with upgraded(emulator, db_url, clock) as bot:
        chat = bot.chat(EN)
        [question] = await chat.press(old.message_id, "ob:tz:America/Chicago")
        assert question.source_text == t("en", "start.currency_question")
        await chat.tap("USD")
        assert chat.last.text.startswith("All set")
        user = await bot.look.user(UID)
        assert user is not None
        assert (user.onboarded, user.consent, user.region.code, user.timezone, user.currency) == (
            True, True, "us", "America/Chicago", "USD")
        assert await bot.look.draft(UID, "onboarding") == {}


async def test_settings_continue_at_the_quiet_hours_question(emulator, db_url, factory, clock):
    await _user(factory, clock)
    stored = Stored("settings", "quiet", message="Quiet hours?",
                    buttons=[("23:00–07:00", "set:quiet:1380-420"), ("Off", "set:quiet:off")])
    await _leave(factory, clock, stored)
    old = await _old_message(emulator, stored)
    async with upgraded(emulator, db_url, clock) as bot:
        saved, menu = await bot.chat(EN).press(old.message_id, "set:quiet:1380-420")
        assert saved.source_text == t("en", "settings.saved")
        assert "23:00–07:00" in menu.text  # the menu again, with the new hours
        user = await bot.look.user(UID)
        assert user is not None and (user.quiet_start, user.quiet_end) == (23 * 60, 7 * 60)


# The previous release's /adddebt draft: DebtDraft.to_dict() of that release (no
# ``due_passed`` yet), a card's lender type from before credit cards and bank loans were
# told apart ("bank_card"), the rate and minimum in its dict shapes.
OLD_DEBT_DRAFT = {
    "answered": ["lender", "type", "balance", "rate", "minimum", "due"], "balance": "3000",
    "bureau": None, "due_day": 10, "due_on": None, "edit_id": None, "fees": None,
    "lender": "Visa", "lender_type": "bank_card",
    "minimum": {"amount": "100", "floor": None, "kind": "fixed", "percent": None},
    "mode": "quick", "overdue": None, "overdue_amount": None, "overdue_since": None,
    "penalty": None, "purpose": None,
    "rate": {"balance": None, "day_basis": 365, "instalments": None, "kind": "annual",
             "payment": None, "rate": "0.18"},
    "rate_text": None, "rate_unknown": False, "taken_on": None, "taken_precision": None,
    "token": "0a1b2c3d4e5f6071",
}


async def test_adddebt_saves_the_card_the_old_release_showed(emulator, db_url, factory, clock):
    await _user(factory, clock)
    stored = Stored("adddebt", "confirm", "adddebt", OLD_DEBT_DRAFT, "Please check this debt",
                    [("✅ Save", "ad:save:0a1b2c3d4e5f6071")])
    await _leave(factory, clock, stored)
    old = await _old_message(emulator, stored)
    async with upgraded(emulator, db_url, clock) as bot:
        [saved] = await bot.chat(EN).press(old.message_id, "ad:save:0a1b2c3d4e5f6071")
        assert saved.source_text == t("en", "adddebt.saved", lender="Visa", amount="$3,000.00")
        [debt] = await bot.look.debts(UID)
        assert (debt.lender, debt.balance, debt.apr, debt.due_day) == (
            "Visa", Decimal("3000.00"), Decimal("0.18"), 10)
        # Stored as the old release knew it: the card asks "credit card or bank loan?".
        assert debt.lender_type is LenderType.BANK_UNSPLIT
        assert await bot.look.draft(UID, "adddebt") == {}


async def test_autodebit_takes_the_account_typed_after_the_upgrade(emulator, db_url, factory, clock):
    await _user(factory, clock)
    debt_id = await _visa(factory, clock)
    stored = Stored("autodebit", "account", "autodebit", {"debt_id": debt_id},
                    t("en", "debts.auto_q", lender="Visa"))
    await _leave(factory, clock, stored)
    await _old_message(emulator, stored)
    async with upgraded(emulator, db_url, clock) as bot:
        [done] = await bot.chat(EN).send("Chase checking")
        assert done.source_text == t("en", "debts.auto_on", lender="Visa", account="Chase checking")
        debt = await bot.look.debt(UID, debt_id)
        assert debt is not None and (debt.auto_debit, debt.auto_debit_account) == (
            True, "Chase checking")


async def test_paid_records_the_payment_the_old_card_confirmed(emulator, db_url, factory, clock):
    await _user(factory, clock)
    debt_id = await _visa(factory, clock)
    stored = Stored("paid", "confirm", "paid",
                    {"amount": "500", "debt_id": debt_id, "paid_on": "2026-11-27", "quick": True,
                     "token": "00aa11bb22cc33dd"},
                    "Record $500.00 to Visa?", [("✅ Save", "pay:save:00aa11bb22cc33dd")])
    await _leave(factory, clock, stored)
    old = await _old_message(emulator, stored)
    async with upgraded(emulator, db_url, clock) as bot:
        [recorded] = await bot.chat(EN).press(old.message_id, "pay:save:00aa11bb22cc33dd")
        # 3,000 − 500 = 2,500
        assert recorded.source_text == t("en", "paid.recorded", amount="$500.00", lender="Visa",
                                  balance="$2,500.00")
        [payment] = await bot.look.payments(UID, debt_id)
        assert (payment.amount, payment.paid_on) == (Decimal("500.00"), date(2026, 11, 27))


async def test_check_shows_the_card_after_the_last_answer(emulator, db_url, factory, clock):
    await _user(factory, clock)
    stored = Stored("offer_check", "days", "offer_check",
                    {"form": "single", "received": "1000", "repay": "1100"},
                    "After how many days?", [("7 days", "chk:d:7"), ("30 days", "chk:d:30")])
    await _leave(factory, clock, stored)
    old = await _old_message(emulator, stored)
    async with upgraded(emulator, db_url, clock) as bot:
        [card] = await bot.chat(EN).press(old.message_id, "chk:d:30")
        # 100 on 1,000 for 30 days: 0.1 × 365 / 30 = 1.21666… a year, shown as 121.67%.
        assert "121.67%" in card.text
        assert await bot.look.draft(UID, "offer_check") == {}  # a card keeps nothing


async def test_budget_takes_the_amount_of_the_item_it_asked_for(emulator, db_url, factory, clock):
    await _user(factory, clock)
    old_flow = {"category": "rent_mortgage", "group": "essentials", "walked": False,
                "draft": {"assets": {}, "essentials": {}, "incomes": [["", "5000"]],
                          "margin_fixed": None, "margin_percent": "0.05", "optionals": {}}}
    stored = Stored("budget", "amount", "budget", old_flow,
                    t("en", "budget.q.amount", category="Rent or mortgage"))
    await _leave(factory, clock, stored)
    await _old_message(emulator, stored)
    async with upgraded(emulator, db_url, clock) as bot:
        [question] = await bot.chat(EN).send("2000")
        assert question.source_text == t("en", "budget.q.essentials")
        assert ("Rent or mortgage · $2,000.00", "bu:cat:rent_mortgage") in emulator.buttons(question)
        assert (await bot.look.draft(UID, "budget"))["draft"]["essentials"] == {
            "rent_mortgage": "2000"}


# --- what no longer fits ends cleanly -----------------------------------------------------


async def test_a_state_this_release_does_not_have_is_dropped_and_the_user_starts_again(
        emulator, db_url, factory, clock):
    await _user(factory, clock)
    stored = Stored("adddebt", "lender_name", "adddebt", {**OLD_DEBT_DRAFT, "answered": []},
                    "What is the lender called?")
    await _leave(factory, clock, stored)
    await _old_message(emulator, stored)
    async with upgraded(emulator, db_url, clock) as bot:
        # This release doesn't load a state it has no step for: the conversation ended at
        # startup, and its unconfirmed draft went with it.
        assert await bot.app.persistence.get_conversations("adddebt") == {}
        assert await bot.look.draft(UID, "adddebt") == {}
        chat = bot.chat(EN)
        # Not taken as an answer to a step that no longer exists, and no error:
        [reply] = await chat.send("Visa")
        assert reply.source_text == t("en", "common.unknown_text")
        [question] = await chat.send("/adddebt")  # a fresh start, at the first question
        assert question.source_text == t("en", "adddebt.q.lender")
        assert (await bot.look.draft(UID, "adddebt"))["answered"] == []
        assert (await bot.look.draft(UID, "adddebt"))["token"] != OLD_DEBT_DRAFT["token"]


async def test_a_draft_that_no_longer_reads_is_deleted_and_said_so(emulator, db_url, factory, clock):
    await _user(factory, clock)
    debt_id = await _visa(factory, clock)
    stored = Stored("paid", "confirm", "paid",
                    {"amount": "500", "debt_id": debt_id, "paid_on": "yesterday",
                     "token": "00aa11bb22cc33dd"},
                    "Record $500.00 to Visa?", [("✅ Save", "pay:save:00aa11bb22cc33dd")])
    await _leave(factory, clock, stored)
    old = await _old_message(emulator, stored)
    async with upgraded(emulator, db_url, clock) as bot:
        assert await bot.chat(EN).press(old.message_id, "pay:save:00aa11bb22cc33dd") == []
        assert _answer(emulator) == t("en", "refusal.gone")
        assert await bot.look.draft(UID, "paid") == {}
        assert await bot.look.payments(UID, debt_id) == []  # nothing recorded from it


@pytest.mark.parametrize("data", [
    "ad:c:skip",  # an /adddebt answer of an early release, before buttons named their question
    "debt:1234567890",  # a debt id longer than any this release hands out
])
async def test_an_old_button_whose_data_no_longer_parses_has_expired(
        emulator, db_url, factory, clock, data):
    await _user(factory, clock)
    answered = ["lender", "type", "taken", "balance", "rate"]
    stored = Stored("adddebt", "minimum", "adddebt", {**OLD_DEBT_DRAFT, "mode": "full",
                                                     "answered": answered, "minimum": None},
                    "What is the minimum payment?", [("Skip", data)])
    await _leave(factory, clock, stored)
    old = await _old_message(emulator, stored)
    async with upgraded(emulator, db_url, clock) as bot:
        chat = bot.chat(EN)
        assert await chat.press(old.message_id, data) == []
        assert _answer(emulator) == t("en", "common.expired")
        # The flow is still at the minimum: a typed answer goes on to the due date.
        [question] = await chat.send("100")
        assert question.source_text == t("en", "adddebt.q.due")


# --- nothing unconfirmed outlives its conversation ------------------------------------------


async def test_a_timed_out_adddebt_draft_is_deleted(bot):
    chat = bot.chat(EN)
    await _user(bot.services.uow.session_factory, bot.clock)
    await chat.send("/adddebt")
    await chat.send("Visa")  # a lender and a balance: worth keeping, not yet saved
    await chat.tap("Credit card")
    await chat.tap("Don't know")
    await chat.send("3000")
    assert (await bot.look.draft(UID, "adddebt"))["balance"] == "3000"
    bot.clock.advance(timedelta(days=1, minutes=1))  # past /adddebt's one-day timeout
    await expire_conversations(BotContext(bot.app))
    assert await bot.look.draft(UID, "adddebt") == {}
    # The conversation ended with it: the next words are not the rate.
    [reply] = await chat.send("18%")
    assert reply.source_text == t("en", "common.unknown_text")
