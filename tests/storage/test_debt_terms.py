"""Agreed outcomes on the stored debt, on SQLite and PostgreSQL: a change writes the
debt's columns and its marker, a correction reverts it and applies the new version, a
withdrawal only reverts, and the nudge facts come from what is not reverted."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from bot.services.contact_effects import contact_facts, markers, record_outcome
from coach.contact_chain import correction, seal, withdrawal
from coach.contacts import (
    Channel,
    ContactEntry,
    Direction,
    NextStep,
    Outcome,
    OutcomeKind,
    Party,
)
from storage.contacts import ContactRepository, DebtChangeRepository
from storage.db import make_engine, make_session_factory
from storage.debt_terms import DebtTermsRepository
from storage.models import Debt, User

NOW = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
SH = timezone(timedelta(hours=8))


@pytest.fixture
async def factory(db_url):
    engine = make_engine(db_url)
    factory = make_session_factory(engine)
    async with factory() as s:
        s.add(User(id=42, language="zh_CN", created_at=NOW, updated_at=NOW))
        await s.flush()
        s.add(Debt(id=1, user_id=42, lender="花呗", balance=Decimal("5000"), apr=Decimal("0.18"),
                   min_kind="fixed", min_amount=Decimal("300"), due_day=10,
                   overdue_amount=Decimal("500"), overdue_since=date(2026, 11, 10),
                   penalty_apr=Decimal("0.27"), client_token="t1", created_at=NOW,
                   updated_at=NOW))
        await s.commit()
    yield factory
    await engine.dispose()


def entry(outcome: Outcome, **kw: object) -> ContactEntry:
    at = datetime(2026, 11, 28, 9, 0, tzinfo=SH)
    return ContactEntry(1, at, "Asia/Shanghai", NOW, Direction.OUTBOUND, Channel.CALL,
                        Party.LENDER, outcome=outcome, **kw)  # type: ignore[arg-type]


async def save(factory, draft: ContactEntry) -> ContactEntry:
    async with factory() as s:
        repo = ContactRepository(s)
        sealed = seal(draft, await repo.head(42, lock=True))
        await repo.append(42, sealed)
        await record_outcome(s, 42, sealed, NOW)
        await s.commit()
    return sealed


async def terms(factory):
    async with factory() as s:
        return await DebtTermsRepository(s).get(42, 1)


async def test_instalments_replace_the_schedule_and_a_correction_reverts_them(factory):
    first = await save(factory, entry(Outcome(OutcomeKind.INSTALMENTS, Decimal("450"), 12)))
    after = await terms(factory)
    # 12 x 450 = 5,400 against 5,000: the schedule and its APR; the arrears are absorbed.
    assert (after.min_kind, after.min_amount, after.rate_periods) == ("fixed", Decimal("450"), 12)
    assert after.overdue_amount == 0 and after.penalty_apr is None
    assert after.apr is not None and Decimal("0.14") < after.apr < Decimal("0.15")
    fixed = await save(factory, correction(first, NOW, outcome=Outcome(OutcomeKind.GRACE,
                                                                        on=date(2026, 12, 20))))
    back = await terms(factory)
    assert (back.min_amount, back.overdue_amount, back.apr) == (Decimal("300"), Decimal("500"),
                                                               Decimal("0.18"))
    assert back.grace_until == date(2026, 12, 20)  # the corrected outcome's marker
    async with factory() as s:
        changes = DebtChangeRepository(s)
        assert await changes.for_entry(42, first.hash) is None  # reverted
        assert (await changes.for_entry(42, fixed.hash)).kind is OutcomeKind.GRACE
        assert await markers(s, 42, 1) == {"grace_until": date(2026, 12, 20)}
    await save(factory, withdrawal(fixed, NOW))
    assert (await terms(factory)).grace_until is None


async def test_the_nudge_facts_are_the_current_follow_ups_promises_and_grace(factory):
    promise = await save(factory, entry(Outcome(OutcomeKind.PROMISE, Decimal("200"),
                                                on=date(2026, 12, 5)),
                                        next_step=NextStep.CALL_BACK, follow_up=date(2026, 12, 1)))
    await save(factory, entry(Outcome(OutcomeKind.GRACE, on=date(2026, 12, 20))))
    async with factory() as s:
        facts = (await contact_facts(s, 42))[1]
    assert [(f.entry, f.on, f.step) for f in facts.follow_ups] == [
        (promise.hash, date(2026, 12, 1), "call_back")]
    assert [(p.entry, p.due, p.amount) for p in facts.promises] == [
        (promise.hash, date(2026, 12, 5), Decimal("200"))]
    assert facts.grace_until == date(2026, 12, 20)
    await save(factory, withdrawal(promise, NOW))
    async with factory() as s:
        facts = (await contact_facts(s, 42))[1]
    assert facts.follow_ups == () and facts.promises == ()  # withdrawn: no reminders


async def test_a_settlement_is_the_balance_due_once_until_it_is_withdrawn(factory):
    first = await save(factory, entry(Outcome(OutcomeKind.SETTLEMENT, Decimal("3000"),
                                              on=date(2026, 12, 31))))
    settled = await terms(factory)
    assert (settled.balance, settled.next_due, settled.due_day) == (Decimal("3000"),
                                                                   date(2026, 12, 31), None)
    assert settled.settle_by == date(2026, 12, 31)
    await save(factory, withdrawal(first, NOW))
    back = await terms(factory)
    assert (back.balance, back.due_day, back.settle_by) == (Decimal("5000"), 10, None)
