"""Data migrations keep what users stored, on SQLite and PostgreSQL.

Each test builds the database at the revision before the migration, writes rows the
way the release of that time wrote them, upgrades, and reads them back.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from datetime import UTC, date, datetime

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.services.portfolio import billing_of
from storage.db import make_engine, make_session_factory
from storage.debts import DebtRepository, PaymentRepository
from storage.migrate import alembic_config, upgrade
from tests.conftest import DEFAULT_PG, _pg_exec


@pytest.fixture(params=["sqlite", "postgres"])
def blank_url(request, tmp_path):
    """An empty database (no migrations applied yet)."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'blank.db'}"
        return
    base = os.environ.get("TEST_DATABASE_URL", DEFAULT_PG)
    request.getfixturevalue("pg_base_url")  # skips (or fails in CI) without PostgreSQL
    name = f"dc_mig_{uuid.uuid4().hex[:10]}"
    asyncio.run(_pg_exec(base, f'CREATE DATABASE "{name}"'))
    yield make_url(base).set(database=name).render_as_string(hide_password=False)
    asyncio.run(_pg_exec(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _exec(url: str, *statements: str) -> list[tuple[object, ...]]:
    engine = make_engine(url)
    rows: list[tuple[object, ...]] = []
    try:
        async with engine.begin() as conn:
            for sql in statements:
                result = await conn.execute(text(sql))
                if result.returns_rows:
                    rows = [tuple(r) for r in result.all()]
    finally:
        await engine.dispose()
    return rows


async def test_0005_sorts_bank_debts_into_cards_and_loans_by_name(blank_url):
    await asyncio.to_thread(upgrade, blank_url, "0004")
    now = "2026-11-01 00:00:00"
    debts = [(1, "招商银行信用卡", "bank_card"), (2, "Chase VISA", "bank_card"),
             (3, "微粒贷", "bank_card"), (4, "工商银行", "bank_card"), (5, "花呗", "online_platform")]
    await _exec(
        blank_url,
        f"INSERT INTO users (id, language, consent, onboarded, active, created_at, updated_at) "
        f"VALUES (7, 'zh_CN', true, true, true, '{now}', '{now}')",
        *(f"INSERT INTO debts (id, user_id, lender, lender_type, balance, overdue_amount, fees, "
          f"reports_to_bureau, auto_debit, muted, status, client_token, created_at, updated_at) "
          f"VALUES ({i}, 7, '{name}', '{kind}', 100, 0, 0, 'unknown', false, false, 'active', "
          f"'t{i}', '{now}', '{now}')" for i, name, kind in debts),
    )
    await asyncio.to_thread(upgrade, blank_url, "0005")
    rows = await _exec(blank_url, "SELECT id, lender_type FROM debts ORDER BY id")
    # A card network or 信用卡 is a card; 微粒贷 is WeBank's loan; a bare bank name stays
    # unsplit (the bot asks the user once); other kinds are untouched.
    assert rows == [(1, "credit_card"), (2, "credit_card"), (3, "bank_loan"),
                    (4, "bank_card"), (5, "online_platform")]


async def test_0006_keeps_ledger_rows_as_id_only_matches(blank_url):
    await asyncio.to_thread(upgrade, blank_url, "0005")
    await _exec(
        blank_url,
        "INSERT INTO processed_updates (update_id, complete, processed_at) "
        "VALUES (41, true, '2026-11-29 09:00:00'), (42, false, '2026-11-29 09:30:00')",
    )
    await asyncio.to_thread(upgrade, blank_url, "0006")
    rows = await _exec(
        blank_url, "SELECT update_id, fingerprint FROM processed_updates ORDER BY update_id"
    )
    # An empty fingerprint: these still match a redelivery of the same id until pruned.
    assert rows == [(41, ""), (42, "")]


async def test_0008_states_existing_arrears_when_they_were_last_written(blank_url):
    await asyncio.to_thread(upgrade, blank_url, "0007")
    created, paid = "2026-11-01 00:00:00", "2026-11-20 08:00:00"
    scale = 10_000 if blank_url.startswith("sqlite") else 1  # Money: 1/10,000ths on SQLite
    await _exec(
        blank_url,
        f"INSERT INTO users (id, language, consent, onboarded, active, created_at, updated_at) "
        f"VALUES (7, 'zh_CN', true, true, true, '{created}', '{created}')",
        # 1: 800 stated, then a payment of 300 lowered it to 500 (updated_at moved on).
        # 2: never touched since it was recorded.
        *(f"INSERT INTO debts (id, user_id, lender, lender_type, balance, overdue_amount, fees, "
          f"reports_to_bureau, auto_debit, muted, status, client_token, created_at, updated_at) "
          f"VALUES ({i}, 7, 'd{i}', 'online_platform', {4700 * scale}, {owed * scale}, 0, "
          f"'unknown', false, false, "
          f"'active', 't{i}', '{created}', '{updated}')"
          for i, owed, updated in ((1, 500, paid), (2, 0, created))),
        f"INSERT INTO payments (id, user_id, debt_id, amount, to_overdue, paid_on, client_token, "
        f"created_at) VALUES (1, 7, 1, {300 * scale}, {300 * scale}, '2026-11-20', 'p1', '{paid}')",
    )
    await asyncio.to_thread(upgrade, blank_url, "0008")
    await asyncio.to_thread(upgrade, blank_url)  # the models read today's columns
    engine = make_engine(blank_url)
    try:
        async with make_session_factory(engine)() as s:
            debts = await DebtRepository(s).list(7)
            payments = await PaymentRepository(s).for_debt(7, 1)
    finally:
        await engine.dispose()
    # Stated when last written: the payment already taken off isn't replayed again, so
    # 500 stays overdue (not 500 - 300 = 200).
    first, second = debts
    assert first.stated_at == datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    assert second.stated_at == datetime(2026, 11, 1, 0, 0, tzinfo=UTC)
    state = billing_of(first, payments, date(2026, 11, 28), "Asia/Shanghai")
    assert state.arrears.unpaid == 500


async def test_0009_keeps_debts_and_adds_empty_card_digits_and_fees(blank_url):
    await asyncio.to_thread(upgrade, blank_url, "0008")
    now = "2026-11-01 00:00:00"
    await _exec(
        blank_url,
        f"INSERT INTO users (id, language, consent, onboarded, active, created_at, updated_at) "
        f"VALUES (7, 'zh_CN', true, true, true, '{now}', '{now}')",
        f"INSERT INTO debts (id, user_id, lender, lender_type, balance, overdue_amount, fees, "
        f"reports_to_bureau, auto_debit, muted, status, client_token, created_at, updated_at) "
        f"VALUES (1, 7, '招商银行信用卡', 'credit_card', 150000000, 0, 0, 'unknown', false, false, "
        f"'active', 't1', '{now}', '{now}')",
    )
    await asyncio.to_thread(upgrade, blank_url, "0009")
    rows = await _exec(blank_url, "SELECT id, lender, last4, principal, received FROM debts")
    assert rows == [(1, "招商银行信用卡", None, None, None)]
    await _exec(blank_url, "UPDATE debts SET last4 = '1234' WHERE id = 1")
    await asyncio.to_thread(command.downgrade, alembic_config(blank_url), "0008")
    assert await _exec(blank_url, "SELECT id, lender FROM debts") == [(1, "招商银行信用卡")]
    await asyncio.to_thread(upgrade, blank_url, "0009")
