"""The contact log and debt changes in the database, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from coach.contact_chain import compute_hash, correction, seal, verify_chain, withdrawal
from coach.contacts import (
    Attachment,
    AttachmentKind,
    Channel,
    Conduct,
    Confirmation,
    ContactEntry,
    Direction,
    NextStep,
    Outcome,
    OutcomeKind,
    Party,
    ThirdPartyContact,
)
from coach.outcomes import DebtTerms, apply_change, change_for, revert_change
from storage.contacts import ChainConflict, ContactRepository, DebtChangeRepository
from storage.db import make_engine, make_session_factory
from storage.models import ContactAttachment, ContactLogEntry, Debt, DebtChangeRecord, User
from storage.repositories import erase_user
from tests.storage.test_migrations import blank_url  # noqa: F401  (a fixture)

NOW = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
SH = timezone(timedelta(hours=8))


@pytest.fixture
async def factory(db_url):
    engine = make_engine(db_url)
    factory = make_session_factory(engine)
    async with factory() as s:
        for uid in (42, 43):
            s.add(User(id=uid, language="zh_CN", created_at=NOW, updated_at=NOW))
        await s.flush()
        for uid, debt_id in ((42, 1), (43, 2)):
            s.add(Debt(id=debt_id, user_id=uid, lender="花呗", balance=Decimal("5000"),
                       client_token=f"t{debt_id}", created_at=NOW, updated_at=NOW))
        await s.commit()
    yield factory
    await engine.dispose()


def draft(**kw: object) -> ContactEntry:
    base: dict[str, object] = {
        "debt_id": 1, "occurred_at": datetime(2026, 11, 27, 23, 30, tzinfo=SH),
        "tz": "Asia/Shanghai", "received_at": NOW, "direction": Direction.INBOUND,
        "channel": Channel.CALL,
    }
    base.update(kw)
    return ContactEntry(**base)  # type: ignore[arg-type]


FULL = draft(
    party=Party.AGENCY, agency="某某催收", agent="工号A17", phone="0571-12345678",
    note="说不还就上门，卡号6222021234567890123", attempts=3, connected=True,
    attachments=(
        Attachment(AttachmentKind.VOICE, file_id="AwACAgUAAxkBAAI", file_unique_id="AgADxx"),
        Attachment(AttachmentKind.FORWARDED, text="逾期将上门", sent_at=NOW - timedelta(hours=2)),
        Attachment(AttachmentKind.PHOTO, file_id="AgACAgUAAxkBAAJ"),
    ),
    outcome=Outcome(OutcomeKind.PROMISE, Decimal("500.50"), on=date(2026, 12, 5),
                    confirmation=Confirmation.WRITTEN),
    next_step=NextStep.AWAIT_WRITTEN, next_note="等短信确认", follow_up=date(2026, 12, 3),
    flags=frozenset({Conduct.THREATS, Conduct.NIGHT_CONTACT}),
    third_party=ThirdPartyContact("姐姐", reachable=True, debt_revealed=None),
)


async def append(factory, user_id: int, d: ContactEntry) -> ContactEntry:
    async with factory() as s:
        repo = ContactRepository(s)
        entry = seal(d, await repo.head(user_id, lock=True))
        await repo.append(user_id, entry)
        await s.commit()
    return entry


async def test_an_entry_round_trips_exactly_and_still_verifies(factory):
    stored = await append(factory, 42, FULL)
    assert "**** 0123" in stored.note  # masked before it was stored
    async with factory() as s:
        (loaded,) = await ContactRepository(s).chain(42)
    assert loaded == stored
    assert loaded.occurred_at.utcoffset() == timedelta(0)  # back as UTC, the same instant
    assert loaded.outcome.amount == Decimal("500.50")
    assert [a.kind for a in loaded.attachments] == [AttachmentKind.VOICE,
                                                    AttachmentKind.FORWARDED, AttachmentKind.PHOTO]
    assert compute_hash(loaded) == loaded.hash == stored.hash
    assert verify_chain([loaded], head=stored.short_hash).ok


async def test_whole_amounts_hash_the_same_after_the_database_adds_cents(factory):
    stored = await append(factory, 42, draft(outcome=Outcome(OutcomeKind.PROMISE, Decimal("500"),
                                                             on=date(2026, 12, 5))))
    async with factory() as s:
        (loaded,) = await ContactRepository(s).chain(42)
    assert str(loaded.outcome.amount) == "500.00"
    assert compute_hash(loaded) == stored.hash


async def test_each_user_has_their_own_chain_in_order(factory):
    for i in range(3):
        await append(factory, 42, draft(note=f"a{i}"))
        await append(factory, 43, draft(debt_id=2, note=f"b{i}"))
    async with factory() as s:
        repo = ContactRepository(s)
        mine, theirs = await repo.chain(42), await repo.chain(43)
        assert await repo.count(42) == 3
    assert [(e.seq, e.note) for e in mine] == [(1, "a0"), (2, "a1"), (3, "a2")]
    assert [(e.seq, e.note) for e in theirs] == [(1, "b0"), (2, "b1"), (3, "b2")]
    assert verify_chain(mine).ok and verify_chain(theirs).ok
    assert mine[1].prev_hash == mine[0].hash


async def test_an_entry_sealed_on_a_stale_head_is_refused(factory):
    first = await append(factory, 42, draft(note="one"))
    late = seal(draft(note="late"), first)
    await append(factory, 42, draft(note="two"))
    async with factory() as s:
        with pytest.raises(ChainConflict):
            await ContactRepository(s).append(42, late)
        with pytest.raises(ChainConflict):
            await ContactRepository(s).append(42, draft())  # not sealed


async def test_short_hash_lookup_and_the_timeline_page(factory):
    a = await append(factory, 42, draft(note="a", occurred_at=datetime(2026, 11, 20, tzinfo=SH)))
    b = await append(factory, 42, draft(note="b", occurred_at=datetime(2026, 11, 21, tzinfo=SH)))
    await append(factory, 42, draft(note="c", occurred_at=datetime(2026, 11, 22, tzinfo=SH)))
    async with factory() as s:
        repo = ContactRepository(s)
        assert await repo.by_hash(42, a.short_hash) == a
        assert await repo.by_hash(42, a.hash.upper()) == a
        assert await repo.by_hash(43, a.short_hash) is None  # another user's entry
        assert await repo.by_hash(42, a.hash[:7]) is None  # too short to be sure
        page, total = await repo.timeline(42, debt_id=1, offset=1, limit=1)
    assert total == 3 and [i.entry.note for i in page] == ["b"] and page[0].entry == b


async def test_a_correction_and_its_debt_change_are_reverted(factory):
    terms = DebtTerms(balance=Decimal("5000.00"), overdue_amount=Decimal("800.00"),
                      apr=Decimal("0.18"), min_kind="fixed", min_amount=Decimal("500.00"),
                      due_day=10)
    original = await append(factory, 42, draft(
        direction=Direction.OUTBOUND, party=Party.LENDER,
        outcome=Outcome(OutcomeKind.INSTALMENTS, Decimal("300.00"), count=24,
                        on=date(2026, 12, 15))))
    change = change_for(original, terms)
    assert change is not None
    async with factory() as s:
        await DebtChangeRepository(s).add(42, change, NOW)
        await s.commit()
    async with factory() as s:
        changes = DebtChangeRepository(s)
        loaded = await changes.for_entry(42, original.hash)
        assert loaded == change  # every before/after value comes back with its type
        assert await changes.active(42, 1) == [change]
        assert await changes.active(43) == []
    after = apply_change(terms, change)
    # the user corrects the contact: it was 250 a month, not 300
    fixed = await append(factory, 42, correction(original, NOW + timedelta(minutes=5),
                                                 outcome=Outcome(OutcomeKind.INSTALMENTS,
                                                                 Decimal("250.00"), count=24)))
    async with factory() as s:
        changes = DebtChangeRepository(s)
        old = await changes.for_entry(42, original.hash)
        assert old is not None
        assert await changes.revert(42, original.hash, by=fixed.hash, now=NOW) is True
        assert await changes.revert(42, original.hash, by=fixed.hash, now=NOW) is False
        back = revert_change(after, old).terms
        new = change_for(fixed, back)
        assert new is not None
        await changes.add(42, new, NOW)
        await s.commit()
    async with factory() as s:
        changes = DebtChangeRepository(s)
        assert await changes.for_entry(42, original.hash) is None
        assert [c.entry for c in await changes.active(42, 1)] == [fixed.hash]
        items, total = await ContactRepository(s).timeline(42)
        row = (await s.execute(select(DebtChangeRecord.reverted_by).where(
            DebtChangeRecord.entry_hash == original.hash))).scalar_one()  # type: ignore[arg-type]
    assert row == fixed.hash
    assert total == 1 and items[0].entry.outcome.amount == Decimal("250.00") and items[0].corrected
    assert back == terms


async def test_a_withdrawn_entry_stays_in_the_chain(factory):
    a = await append(factory, 42, FULL)
    await append(factory, 42, withdrawal(a, NOW))
    async with factory() as s:
        repo = ContactRepository(s)
        chain = await repo.chain(42)
        items, total = await repo.timeline(42)
    assert len(chain) == 2 and chain[1].withdrawn and verify_chain(chain).ok
    assert (items, total) == ([], 0)


async def test_erasing_a_user_removes_their_log_attachments_and_changes(factory):
    mine = await append(factory, 42, FULL)
    await append(factory, 43, draft(debt_id=2, attachments=(
        Attachment(AttachmentKind.PHOTO, file_id="x"),)))
    change = change_for(mine, DebtTerms(balance=Decimal("5000.00")))
    assert change is not None  # a promise: no field changes, still recorded
    async with factory() as s:
        await DebtChangeRepository(s).add(42, change, NOW)
        await s.commit()
    async with factory() as s:
        counts = await erase_user(s, 42)
        await s.commit()
    assert counts["contact_entries"] == 1 and counts["contact_attachments"] == 3
    assert counts["debt_changes"] == 1
    async with factory() as s:
        for model in (ContactLogEntry, ContactAttachment, DebtChangeRecord):
            left = await s.scalar(select(func.count()).select_from(model).where(
                model.user_id == 42))  # type: ignore[attr-defined]
            assert left == 0, model.__tablename__
        assert await ContactRepository(s).count(43) == 1
        (theirs,) = await ContactRepository(s).chain(43)
        assert len(theirs.attachments) == 1


async def test_migration_0007_downgrades_and_upgrades_again(blank_url):  # noqa: F811
    import asyncio

    from alembic import command

    from storage.migrate import alembic_config, upgrade

    await asyncio.to_thread(upgrade, blank_url, "head")
    await asyncio.to_thread(command.downgrade, alembic_config(blank_url), "0005")
    tables = await _tables(blank_url)
    assert not {"contact_entries", "contact_attachments", "debt_changes"} & tables
    await asyncio.to_thread(upgrade, blank_url, "head")
    assert {"contact_entries", "contact_attachments", "debt_changes"} <= await _tables(blank_url)


async def _tables(url: str) -> set[str]:
    from sqlalchemy import inspect

    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            return set(await conn.run_sync(lambda c: inspect(c).get_table_names()))
    finally:
        await engine.dispose()
