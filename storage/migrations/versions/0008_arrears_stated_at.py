"""A debt keeps *when* its arrears were stated, so payments replay against them.

Before this revision a payment lowered the stored ``overdue_amount``; from now on the
stored ``overdue_amount`` / ``overdue_since`` are the arrears as the user stated them,
and ``overdue_stated_at`` is the moment they did (coach.billing ``Stated``): payments
recorded after it are replayed by the billing model (arrears first, oldest first), so
nothing is subtracted twice. Existing rows already hold their arrears net of every
payment applied so far, and the last of those payments set ``updated_at``: stating them
at ``updated_at`` (else ``created_at``) makes the replay start after those payments.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("debts", sa.Column("overdue_stated_at", storage.types.UTCDateTime(), nullable=True))
    debts = sa.table(
        "debts",
        sa.column("overdue_stated_at", storage.types.UTCDateTime()),
        sa.column("updated_at", storage.types.UTCDateTime()),
        sa.column("created_at", storage.types.UTCDateTime()),
    )
    op.execute(
        debts.update()
        .where(debts.c.overdue_stated_at.is_(None))
        .values(overdue_stated_at=sa.func.coalesce(debts.c.updated_at, debts.c.created_at))
    )


def downgrade() -> None:
    with op.batch_alter_table("debts") as batch:
        batch.drop_column("overdue_stated_at")
