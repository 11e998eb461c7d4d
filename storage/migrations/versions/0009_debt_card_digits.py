"""Debts keep a card's last four digits and an up-front fee (issue 12).

``last4`` matches a pasted bill ("尾号1234") to the right card; ``principal`` and
``received`` record a loan of which less arrived than was borrowed (砍头息): the APR
is on what arrived, and the balance is the payments still to make. All three are
optional; existing debts get NULL (nothing known).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("debts") as batch:
        batch.add_column(sa.Column("last4", sa.String(4), nullable=True))
        batch.add_column(sa.Column("principal", storage.types.Money(), nullable=True))
        batch.add_column(sa.Column("received", storage.types.Money(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("debts") as batch:
        batch.drop_column("received")
        batch.drop_column("principal")
        batch.drop_column("last4")
