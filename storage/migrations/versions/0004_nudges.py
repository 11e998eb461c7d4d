"""Nudges, reminder settings, and balance snapshots for the monthly review.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = storage.types.UTCDateTime
    op.create_table(
        "nudges",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.BigInteger(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("subject", sa.String(32), nullable=False),
        sa.Column("dedupe_key", sa.String(120), nullable=False),
        sa.Column("due_at", utc(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("snoozed", sa.Boolean(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("lease_until", utc()),
        sa.Column("claimed_by", sa.String(40)),
        sa.Column("params", sa.Text(), nullable=False),
        sa.Column("sent_at", utc()),
        sa.Column("message_id", sa.BigInteger()),
        sa.Column("last_error", sa.String(200)),
        sa.Column("created_at", utc(), nullable=False),
        sa.UniqueConstraint("user_id", "dedupe_key", name="uq_nudges_user_key"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_nudges_status_due", "nudges", ["status", "due_at"])
    op.create_table(
        "reminder_settings",
        sa.Column("user_id", sa.BigInteger(), sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("due_offsets", sa.String(32), nullable=False),
        sa.Column("checkin_weekday", sa.Integer()),
        sa.Column("checkin_hour", sa.Integer(), nullable=False),
        sa.Column("kinds", sa.String(64), nullable=False),
        sa.Column("updated_at", utc(), nullable=False),
    )
    op.create_table(
        "balance_snapshots",
        sa.Column("user_id", sa.BigInteger(), sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("month", sa.String(7), primary_key=True),
        sa.Column("total", storage.types.Money(), nullable=False),
        sa.Column("created_at", utc(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("balance_snapshots")
    op.drop_table("reminder_settings")
    op.drop_index("ix_nudges_status_due", "nudges")
    op.drop_table("nudges")
