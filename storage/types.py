"""Column types that keep values exact on SQLite and PostgreSQL.

* ``UTCDateTime``: aware datetimes stored as UTC. SQLite drops tzinfo, so the
  value is converted at this edge and comes back aware.
* ``Money``: ``Decimal`` with up to 4 decimal places. PostgreSQL stores NUMERIC;
  SQLite's NUMERIC goes through float, so there it is an INTEGER of
  ten-thousandths (exact, sortable, summable).
* ``ExactDecimal``: rates and other decimals of any precision, stored as text
  on SQLite and as NUMERIC on PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, Numeric, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

_MONEY_SCALE = Decimal("10000")


def _canonical(d: Decimal) -> Decimal:
    """Two decimals when exact at cents (5000.50), else four: the same on both databases."""
    cents = d.quantize(Decimal("0.01"))
    return cents if cents == d else d.quantize(Decimal("0.0001"))


class UTCDateTime(TypeDecorator[datetime]):
    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Money(TypeDecorator[Decimal]):
    impl = Numeric(20, 4)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(20, 4, asdecimal=True))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if not isinstance(value, Decimal):
            raise TypeError(f"money must be Decimal, got {type(value).__name__}")
        scaled = value * _MONEY_SCALE
        if scaled != scaled.to_integral_value():
            raise ValueError(f"money has more than 4 decimal places: {value}")
        if dialect.name == "sqlite":
            return int(scaled)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return _canonical(Decimal(int(value)) / _MONEY_SCALE)
        return _canonical(Decimal(value))


class ExactDecimal(TypeDecorator[Decimal]):
    impl = Numeric(38, 18)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(64))
        return dialect.type_descriptor(Numeric(38, 18, asdecimal=True))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if not isinstance(value, Decimal):
            raise TypeError(f"expected Decimal, got {type(value).__name__}")
        return str(value) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return Decimal(str(value)).normalize() if dialect.name != "sqlite" else Decimal(value)
