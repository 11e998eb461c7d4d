"""Budget: settings (margin, strategy) and items.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "budgets",
        sa.Column("user_id", sa.BigInteger(), sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("margin_percent", storage.types.ExactDecimal()),
        sa.Column("margin_fixed", storage.types.Money()),
        sa.Column("strategy", sa.String(16), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(), nullable=False),
    )
    op.create_table(
        "budget_items",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.BigInteger(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("category", sa.String(24), nullable=False),
        sa.Column("label", sa.String(64), nullable=False),
        sa.Column("amount", storage.types.Money(), nullable=False),
        sa.Column("irregular", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_budget_items_user", "budget_items", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_budget_items_user", "budget_items")
    op.drop_table("budget_items")
    op.drop_table("budgets")
