"""The update ledger keys each row by update id and a fingerprint of the update.

A new update that reuses an old id (the console numbers from 1 on every run; Telegram
picks a random id after a week without updates) must be processed, not skipped. Rows
from before this revision keep an empty fingerprint and still match on the id alone,
so the redelivery protection of the last 24 hours holds across the upgrade. The
two-stage ``complete`` flag goes: an update's writes, its conversation state and its
ledger row now commit in one transaction.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "processed_updates_new",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False, server_default=""),
        sa.Column("processed_at", storage.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("update_id", "fingerprint", name="pk_processed_updates"),
    )
    op.execute(
        "INSERT INTO processed_updates_new (update_id, fingerprint, processed_at) "
        "SELECT update_id, '', processed_at FROM processed_updates"
    )
    op.drop_index("ix_processed_updates_processed_at", table_name="processed_updates")
    op.drop_table("processed_updates")
    op.rename_table("processed_updates_new", "processed_updates")
    op.create_index("ix_processed_updates_processed_at", "processed_updates", ["processed_at"])


def downgrade() -> None:
    op.create_table(
        "processed_updates_old",
        sa.Column("update_id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("complete", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("processed_at", storage.types.UTCDateTime(), nullable=False),
    )
    op.execute(
        "INSERT INTO processed_updates_old (update_id, complete, processed_at) "
        "SELECT update_id, true, MAX(processed_at) FROM processed_updates GROUP BY update_id"
    )
    op.drop_index("ix_processed_updates_processed_at", table_name="processed_updates")
    op.drop_table("processed_updates")
    op.rename_table("processed_updates_old", "processed_updates")
    op.create_index("ix_processed_updates_processed_at", "processed_updates", ["processed_at"])
