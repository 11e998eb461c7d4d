"""Debts and payments.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    money = storage.types.Money
    exact = storage.types.ExactDecimal
    op.create_table(
        "debts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.BigInteger(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("lender", sa.String(100), nullable=False),
        sa.Column("lender_type", sa.String(24), nullable=False),
        sa.Column("taken_on", sa.Date()),
        sa.Column("taken_precision", sa.String(8)),
        sa.Column("balance", money(), nullable=False),
        sa.Column("rate_kind", sa.String(16)),
        sa.Column("rate_value", exact()),
        sa.Column("rate_periods", sa.Integer()),
        sa.Column("rate_amount", money()),
        sa.Column("rate_text", sa.String(100)),
        sa.Column("apr", exact()),
        sa.Column("min_kind", sa.String(16)),
        sa.Column("min_amount", money()),
        sa.Column("min_percent", exact()),
        sa.Column("min_floor", money()),
        sa.Column("due_day", sa.Integer()),
        sa.Column("next_due", sa.Date()),
        sa.Column("overdue_since", sa.Date()),
        sa.Column("overdue_amount", money(), nullable=False),
        sa.Column("penalty_apr", exact()),
        sa.Column("fees", money(), nullable=False),
        sa.Column("reports_to_bureau", sa.String(8), nullable=False),
        sa.Column("purpose", sa.String(16)),
        sa.Column("auto_debit", sa.Boolean(), nullable=False),
        sa.Column("auto_debit_account", sa.String(64)),
        sa.Column("muted", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("client_token", sa.String(40), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(), nullable=False),
        sa.UniqueConstraint("user_id", "client_token", name="uq_debts_user_token"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_debts_user", "debts", ["user_id"])
    op.create_table(
        "payments",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.BigInteger(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("debt_id", sa.Integer(), sa.ForeignKey("debts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("amount", money(), nullable=False),
        sa.Column("to_overdue", money(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("client_token", sa.String(40), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(), nullable=False),
        sa.UniqueConstraint("user_id", "client_token", name="uq_payments_user_token"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_payments_debt", "payments", ["debt_id"])


def downgrade() -> None:
    op.drop_index("ix_payments_debt", "payments")
    op.drop_table("payments")
    op.drop_index("ix_debts_user", "debts")
    op.drop_table("debts")
