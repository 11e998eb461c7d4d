"""Data migrations keep what users stored, on SQLite and PostgreSQL.

Each test builds the database at the revision before the migration, writes rows the
way the release of that time wrote them, upgrades, and reads them back.
"""

from __future__ import annotations

import asyncio
import os
import uuid

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import make_url

from storage.db import make_engine
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


async def test_0009_keeps_debts_and_adds_empty_card_digits_and_fees(blank_url):
    await asyncio.to_thread(upgrade, blank_url, "0007")
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
    await asyncio.to_thread(command.downgrade, alembic_config(blank_url), "0007")
    assert await _exec(blank_url, "SELECT id, lender FROM debts") == [(1, "招商银行信用卡")]
    await asyncio.to_thread(upgrade, blank_url, "0009")
