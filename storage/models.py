"""SQLModel tables.

Every table that holds something about a person has a ``user_id`` column:
:func:`storage.repositories.erase_user` deletes by that column in every table,
so ``/delete_me`` stays complete as tables are added (a test enforces it).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, ForeignKey, Index, String, Text
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime

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
    """The update ledger: an update id here was applied and is skipped if redelivered.

    It holds no user id on purpose: an update id alone says nothing about anyone.
    """

    __tablename__ = "processed_updates"

    update_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
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
