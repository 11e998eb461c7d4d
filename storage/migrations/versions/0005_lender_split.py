"""Tell credit cards and bank loans apart (they follow different rules).

Before this revision one lender type, ``bank_card``, stood for both. A credit card's
rate is market-set and its instalment rules differ from a bank loan's, so the two are
now ``credit_card`` and ``bank_loan``. Rows whose lender name says which (a card
network or 信用卡; WeBank's 微粒贷) are sorted here; the rest keep ``bank_card`` and the
bot asks the user once, with two buttons.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Lower-cased fragments of lender names (kept here, not imported: a migration must not
# change when the application's tables of names do).
_CARD = ("信用卡", "credit card", "creditcard", "visa", "mastercard", "amex",
         "american express", "discover", "银联", "chase", "citi")
_LOAN = ("微粒贷", "weilidai", "贷款", "loan")


def _sort(fragments: tuple[str, ...], new: str) -> None:
    debts = sa.table("debts", sa.column("lender", sa.String), sa.column("lender_type", sa.String))
    name = sa.func.lower(debts.c.lender)
    op.execute(
        debts.update()
        .where(debts.c.lender_type == "bank_card", sa.or_(*(name.contains(f) for f in fragments)))
        .values(lender_type=new)
    )


def upgrade() -> None:
    _sort(_CARD, "credit_card")
    _sort(_LOAN, "bank_loan")


def downgrade() -> None:
    debts = sa.table("debts", sa.column("lender_type", sa.String))
    op.execute(
        debts.update()
        .where(debts.c.lender_type.in_(("credit_card", "bank_loan")))
        .values(lender_type="bank_card")
    )
