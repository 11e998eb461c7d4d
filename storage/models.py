"""SQLModel tables.

Every table that holds something about a person has a ``user_id`` column:
:func:`storage.repositories.erase_user` deletes by that column in every table,
so ``/delete_me`` stays complete as tables are added (a test enforces it).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from storage.types import ExactDecimal, Money, UTCDateTime

# Tables that hold nothing about a person (checked by tests/storage/test_erase.py).
NON_PERSONAL_TABLES = frozenset({"processed_updates", "alembic_version"})


class User(SQLModel, table=True):
    __tablename__ = "users"

    id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    language: str = Field(default="en", sa_column=Column(String(8), nullable=False))
    region: str | None = Field(default=None, sa_column=Column(String(8)))
    timezone: str | None = Field(default=None, sa_column=Column(String(64)))
    currency: str | None = Field(default=None, sa_column=Column(String(3)))
    quiet_start: int | None = Field(default=22 * 60)
    quiet_end: int | None = Field(default=8 * 60)
    consent: bool = Field(default=False)
    consent_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    onboarded: bool = Field(default=False)
    active: bool = Field(default=True)
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class ProcessedUpdate(SQLModel, table=True):
    """The update ledger: an update applied, skipped if Telegram delivers it again.

    Keyed by the update id *and* a fingerprint of the update (a hash of its chat, its
    message or callback query id and its date: see bot/ledger.py), so a different
    update that reuses an old id (a new console run, or Telegram after a quiet week) is
    processed. Rows written before revision 0006 have an empty fingerprint and match on
    the id alone until they are pruned (24 hours). It holds no user id, and the
    fingerprint is a hash, so nothing here says anything about anyone.
    """

    __tablename__ = "processed_updates"

    update_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    fingerprint: str = Field(default="", sa_column=Column(String(64), primary_key=True))
    processed_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))


class ConversationState(SQLModel, table=True):
    """Where a user is in a conversation; written after every update."""

    __tablename__ = "conversation_states"

    name: str = Field(sa_column=Column(String(64), primary_key=True))
    key: str = Field(sa_column=Column(String(128), primary_key=True))
    user_id: int | None = Field(
        default=None,
        sa_column=Column(BigInteger, nullable=True),
    )
    state: str = Field(sa_column=Column(Text, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))

    __table_args__ = (Index("ix_conversation_states_user", "user_id"),)


class Draft(SQLModel, table=True):
    """Unconfirmed input of a conversation (nothing is saved before the user confirms)."""

    __tablename__ = "drafts"

    user_id: int = Field(
        sa_column=Column(
            BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
        )
    )
    kind: str = Field(sa_column=Column(String(32), primary_key=True))
    data: str = Field(sa_column=Column(Text, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class Debt(SQLModel, table=True):
    """One debt. Money is exact (``Money``); rates are fractions (``ExactDecimal``)."""

    __tablename__ = "debts"

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True, autoincrement=True))
    user_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    )
    lender: str = Field(sa_column=Column(String(100), nullable=False))
    lender_type: str = Field(default="unknown", sa_column=Column(String(24), nullable=False))
    taken_on: date | None = Field(default=None, sa_column=Column(Date))
    taken_precision: str | None = Field(default=None, sa_column=Column(String(8)))
    balance: Decimal = Field(sa_column=Column(Money(), nullable=False))
    rate_kind: str | None = Field(default=None, sa_column=Column(String(16)))
    rate_value: Decimal | None = Field(default=None, sa_column=Column(ExactDecimal()))
    rate_periods: int | None = Field(default=None)
    rate_amount: Decimal | None = Field(default=None, sa_column=Column(Money()))
    rate_text: str | None = Field(default=None, sa_column=Column(String(100)))
    apr: Decimal | None = Field(default=None, sa_column=Column(ExactDecimal()))
    min_kind: str | None = Field(default=None, sa_column=Column(String(16)))
    min_amount: Decimal | None = Field(default=None, sa_column=Column(Money()))
    min_percent: Decimal | None = Field(default=None, sa_column=Column(ExactDecimal()))
    min_floor: Decimal | None = Field(default=None, sa_column=Column(Money()))
    due_day: int | None = Field(default=None)
    next_due: date | None = Field(default=None, sa_column=Column(Date))
    overdue_since: date | None = Field(default=None, sa_column=Column(Date))
    overdue_amount: Decimal = Field(default=Decimal(0), sa_column=Column(Money(), nullable=False))
    #: When the user stated ``overdue_amount`` / ``overdue_since`` (recording the debt or
    #: editing those answers); payments recorded after it replay against them (0008).
    overdue_stated_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    penalty_apr: Decimal | None = Field(default=None, sa_column=Column(ExactDecimal()))
    fees: Decimal = Field(default=Decimal(0), sa_column=Column(Money(), nullable=False))
    reports_to_bureau: str = Field(default="unknown", sa_column=Column(String(8), nullable=False))
    purpose: str | None = Field(default=None, sa_column=Column(String(16)))
    auto_debit: bool = Field(default=False)
    auto_debit_account: str | None = Field(default=None, sa_column=Column(String(64)))
    muted: bool = Field(default=False)
    status: str = Field(default="active", sa_column=Column(String(16), nullable=False))
    client_token: str = Field(sa_column=Column(String(40), nullable=False))
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    # Revision 0009: a card's last four digits (to match pasted bills) and an up-front
    # fee: what was borrowed and what arrived (the balance is then what is left to pay).
    last4: str | None = Field(default=None, sa_column=Column(String(4)))
    principal: Decimal | None = Field(default=None, sa_column=Column(Money()))
    received: Decimal | None = Field(default=None, sa_column=Column(Money()))

    __table_args__ = (
        UniqueConstraint("user_id", "client_token", name="uq_debts_user_token"),
        Index("ix_debts_user", "user_id"),
        # Never reuse an id: reminder keys and old buttons name debts by id.
        {"sqlite_autoincrement": True},
    )


class Payment(SQLModel, table=True):
    __tablename__ = "payments"

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True, autoincrement=True))
    user_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    )
    debt_id: int = Field(
        sa_column=Column(Integer, ForeignKey("debts.id", ondelete="CASCADE"), nullable=False)
    )
    amount: Decimal = Field(sa_column=Column(Money(), nullable=False))
    to_overdue: Decimal = Field(default=Decimal(0), sa_column=Column(Money(), nullable=False))
    paid_on: date = Field(sa_column=Column(Date, nullable=False))
    client_token: str = Field(sa_column=Column(String(40), nullable=False))
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))

    __table_args__ = (
        UniqueConstraint("user_id", "client_token", name="uq_payments_user_token"),
        Index("ix_payments_debt", "debt_id"),
        {"sqlite_autoincrement": True},
    )


class BudgetSettings(SQLModel, table=True):
    """Per-user budget settings: the safety margin and the chosen plan strategy."""

    __tablename__ = "budgets"

    user_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    )
    margin_percent: Decimal | None = Field(default=None, sa_column=Column(ExactDecimal()))
    margin_fixed: Decimal | None = Field(default=None, sa_column=Column(Money()))
    strategy: str = Field(default="overdue_first", sa_column=Column(String(16), nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class BudgetItem(SQLModel, table=True):
    """One line of the budget: an income, an essential or optional expense, or an asset."""

    __tablename__ = "budget_items"

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True, autoincrement=True))
    user_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    )
    kind: str = Field(sa_column=Column(String(12), nullable=False))
    category: str = Field(sa_column=Column(String(24), nullable=False))
    label: str = Field(default="", sa_column=Column(String(64), nullable=False))
    amount: Decimal = Field(sa_column=Column(Money(), nullable=False))
    irregular: bool = Field(default=False)

    __table_args__ = (Index("ix_budget_items_user", "user_id"),)


class Nudge(SQLModel, table=True):
    """A reminder to send: planned from the data, claimed by a tick, sent at most once.

    ``status``: pending -> sending (claimed, with a lease) -> sent | failed | blocked;
    also cancelled (no longer planned), stale (its moment passed, e.g. "due tomorrow"
    after the due date) and paused (the user blocked the bot).
    """

    __tablename__ = "nudges"

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True, autoincrement=True))
    user_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    )
    kind: str = Field(sa_column=Column(String(16), nullable=False))
    subject: str = Field(sa_column=Column(String(32), nullable=False))
    dedupe_key: str = Field(sa_column=Column(String(120), nullable=False))
    due_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    status: str = Field(default="pending", sa_column=Column(String(12), nullable=False))
    snoozed: bool = Field(default=False)
    attempts: int = Field(default=0)
    lease_until: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    claimed_by: str | None = Field(default=None, sa_column=Column(String(40)))
    params: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    sent_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    message_id: int | None = Field(default=None, sa_column=Column(BigInteger))
    last_error: str | None = Field(default=None, sa_column=Column(String(200)))
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))

    __table_args__ = (
        UniqueConstraint("user_id", "dedupe_key", name="uq_nudges_user_key"),
        Index("ix_nudges_status_due", "status", "due_at"),
        {"sqlite_autoincrement": True},
    )


class ReminderSettings(SQLModel, table=True):
    """When and which reminders a user gets (quiet hours live on the user)."""

    __tablename__ = "reminder_settings"

    user_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    )
    hour: int = Field(default=9)
    due_offsets: str = Field(default="3,1,0", sa_column=Column(String(32), nullable=False))
    checkin_weekday: int | None = Field(default=6)
    checkin_hour: int = Field(default=20)
    kinds: str = Field(default="due,overdue,checkin,review", sa_column=Column(String(64), nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class BalanceSnapshot(SQLModel, table=True):
    """Total owed at the monthly review, to show progress (or a rise) month to month."""

    __tablename__ = "balance_snapshots"

    user_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    )
    month: str = Field(sa_column=Column(String(7), primary_key=True))
    total: Decimal = Field(sa_column=Column(Money(), nullable=False))
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class ContactLogEntry(SQLModel, table=True):
    """One sealed entry of a user's contact log (coach.contacts.ContactEntry).

    Rows are never updated: a correction or a withdrawal is a new row. ``debt_id`` has no
    foreign key on purpose: the log is evidence and outlives a deleted debt, and the id is
    part of the hashed content. ``flags`` is the sorted conduct codes joined by commas.
    """

    __tablename__ = "contact_entries"

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True, autoincrement=True))
    user_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    )
    seq: int = Field(sa_column=Column(Integer, nullable=False))
    debt_id: int = Field(sa_column=Column(Integer, nullable=False))
    occurred_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    tz: str = Field(sa_column=Column(String(64), nullable=False))
    received_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    direction: str = Field(sa_column=Column(String(12), nullable=False))
    channel: str = Field(sa_column=Column(String(12), nullable=False))
    party: str = Field(sa_column=Column(String(12), nullable=False))
    agency: str = Field(default="", sa_column=Column(String(100), nullable=False))
    agent: str = Field(default="", sa_column=Column(String(100), nullable=False))
    phone: str = Field(default="", sa_column=Column(String(40), nullable=False))
    note: str = Field(default="", sa_column=Column(Text, nullable=False))
    attempts: int = Field(default=1, sa_column=Column(Integer, nullable=False))
    connected: bool | None = Field(default=None)
    outcome_kind: str = Field(sa_column=Column(String(20), nullable=False))
    outcome_amount: Decimal | None = Field(default=None, sa_column=Column(Money()))
    outcome_count: int | None = Field(default=None)
    outcome_on: date | None = Field(default=None, sa_column=Column(Date))
    confirmation: str = Field(sa_column=Column(String(8), nullable=False))
    next_step: str = Field(sa_column=Column(String(20), nullable=False))
    next_note: str = Field(default="", sa_column=Column(Text, nullable=False))
    follow_up: date | None = Field(default=None, sa_column=Column(Date))
    flags: str = Field(default="", sa_column=Column(String(300), nullable=False))
    has_third_party: bool = Field(default=False)
    third_party_who: str = Field(default="", sa_column=Column(String(100), nullable=False))
    third_party_reachable: bool | None = Field(default=None)
    third_party_revealed: bool | None = Field(default=None)
    corrects: str = Field(default="", sa_column=Column(String(64), nullable=False))
    withdrawn: bool = Field(default=False)
    prev_hash: str = Field(sa_column=Column(String(64), nullable=False))
    hash: str = Field(sa_column=Column(String(64), nullable=False))

    __table_args__ = (
        UniqueConstraint("user_id", "seq", name="uq_contact_entries_user_seq"),
        UniqueConstraint("user_id", "hash", name="uq_contact_entries_user_hash"),
        Index("ix_contact_entries_user_debt", "user_id", "debt_id"),
        {"sqlite_autoincrement": True},
    )


class ContactAttachment(SQLModel, table=True):
    """A file (Telegram file_id) or forwarded text attached to a contact entry, in order."""

    __tablename__ = "contact_attachments"

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True, autoincrement=True))
    user_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    )
    entry_id: int = Field(
        sa_column=Column(Integer, ForeignKey("contact_entries.id", ondelete="CASCADE"), nullable=False)
    )
    position: int = Field(sa_column=Column(Integer, nullable=False))
    kind: str = Field(sa_column=Column(String(12), nullable=False))
    file_id: str = Field(default="", sa_column=Column(String(200), nullable=False))
    file_unique_id: str = Field(default="", sa_column=Column(String(200), nullable=False))
    text: str = Field(default="", sa_column=Column(Text, nullable=False))
    sent_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))

    __table_args__ = (
        UniqueConstraint("entry_id", "position", name="uq_contact_attachments_entry_pos"),
        Index("ix_contact_attachments_user", "user_id"),
        {"sqlite_autoincrement": True},
    )


class DebtChangeRecord(SQLModel, table=True):
    """What an agreed outcome changed on a debt (coach.outcomes.DebtChange), linked to the
    contact entry that caused it by its hash. ``changed_fields`` is JSON: ``[{"f": name, "b": before,
    "a": after}]`` with tagged values; ``reverted_at`` is set when the contact was corrected
    or withdrawn (``reverted_by``: the hash of that correction)."""

    __tablename__ = "debt_changes"

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True, autoincrement=True))
    user_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    )
    debt_id: int = Field(
        sa_column=Column(Integer, ForeignKey("debts.id", ondelete="CASCADE"), nullable=False)
    )
    entry_hash: str = Field(sa_column=Column(String(64), nullable=False))
    outcome_kind: str = Field(sa_column=Column(String(20), nullable=False))
    outcome_amount: Decimal | None = Field(default=None, sa_column=Column(Money()))
    outcome_count: int | None = Field(default=None)
    outcome_on: date | None = Field(default=None, sa_column=Column(Date))
    confirmation: str = Field(sa_column=Column(String(8), nullable=False))
    effective_on: date = Field(sa_column=Column(Date, nullable=False))
    changed_fields: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    effects: str = Field(default="", sa_column=Column(String(200), nullable=False))
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    reverted_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    reverted_by: str = Field(default="", sa_column=Column(String(64), nullable=False))

    __table_args__ = (
        UniqueConstraint("user_id", "entry_hash", name="uq_debt_changes_user_entry"),
        Index("ix_debt_changes_user_debt", "user_id", "debt_id"),
        {"sqlite_autoincrement": True},
    )
