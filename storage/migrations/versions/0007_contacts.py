"""The contact log: entries (a hash chain per user), their attachments, and the debt
changes agreed outcomes caused.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = storage.types.UTCDateTime
    money = storage.types.Money
    op.create_table(
        "contact_entries",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.BigInteger(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("debt_id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", utc(), nullable=False),
        sa.Column("tz", sa.String(64), nullable=False),
        sa.Column("received_at", utc(), nullable=False),
        sa.Column("direction", sa.String(12), nullable=False),
        sa.Column("channel", sa.String(12), nullable=False),
        sa.Column("party", sa.String(12), nullable=False),
        sa.Column("agency", sa.String(100), nullable=False),
        sa.Column("agent", sa.String(100), nullable=False),
        sa.Column("phone", sa.String(40), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("connected", sa.Boolean()),
        sa.Column("outcome_kind", sa.String(20), nullable=False),
        sa.Column("outcome_amount", money()),
        sa.Column("outcome_count", sa.Integer()),
        sa.Column("outcome_on", sa.Date()),
        sa.Column("confirmation", sa.String(8), nullable=False),
        sa.Column("next_step", sa.String(20), nullable=False),
        sa.Column("next_note", sa.Text(), nullable=False),
        sa.Column("follow_up", sa.Date()),
        sa.Column("flags", sa.String(300), nullable=False),
        sa.Column("has_third_party", sa.Boolean(), nullable=False),
        sa.Column("third_party_who", sa.String(100), nullable=False),
        sa.Column("third_party_reachable", sa.Boolean()),
        sa.Column("third_party_revealed", sa.Boolean()),
        sa.Column("corrects", sa.String(64), nullable=False),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("user_id", "seq", name="uq_contact_entries_user_seq"),
        sa.UniqueConstraint("user_id", "hash", name="uq_contact_entries_user_hash"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_contact_entries_user_debt", "contact_entries", ["user_id", "debt_id"])
    op.create_table(
        "contact_attachments",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.BigInteger(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("entry_id", sa.Integer(), sa.ForeignKey("contact_entries.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("file_id", sa.String(200), nullable=False),
        sa.Column("file_unique_id", sa.String(200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sent_at", utc()),
        sa.UniqueConstraint("entry_id", "position", name="uq_contact_attachments_entry_pos"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_contact_attachments_user", "contact_attachments", ["user_id"])
    op.create_table(
        "debt_changes",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.BigInteger(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("debt_id", sa.Integer(), sa.ForeignKey("debts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("entry_hash", sa.String(64), nullable=False),
        sa.Column("outcome_kind", sa.String(20), nullable=False),
        sa.Column("outcome_amount", money()),
        sa.Column("outcome_count", sa.Integer()),
        sa.Column("outcome_on", sa.Date()),
        sa.Column("confirmation", sa.String(8), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("changed_fields", sa.Text(), nullable=False),
        sa.Column("effects", sa.String(200), nullable=False),
        sa.Column("created_at", utc(), nullable=False),
        sa.Column("reverted_at", utc()),
        sa.Column("reverted_by", sa.String(64), nullable=False),
        sa.UniqueConstraint("user_id", "entry_hash", name="uq_debt_changes_user_entry"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_debt_changes_user_debt", "debt_changes", ["user_id", "debt_id"])


def downgrade() -> None:
    op.drop_index("ix_debt_changes_user_debt", "debt_changes")
    op.drop_table("debt_changes")
    op.drop_index("ix_contact_attachments_user", "contact_attachments")
    op.drop_table("contact_attachments")
    op.drop_index("ix_contact_entries_user_debt", "contact_entries")
    op.drop_table("contact_entries")
