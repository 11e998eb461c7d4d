"""Settings, read once in ``main()`` from the environment or ``.env``.

A malformed setting stops startup with one clear line naming it (see
:func:`load_settings`), never a traceback.
"""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot import logmask

_LEVELS = {"CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG"}


class SettingsError(Exception):
    """Raised with a one-line, human message naming the bad setting."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    telegram_bot_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org"
    database_url: str = "sqlite+aiosqlite:///data/debt-coach.db"
    default_timezone: str = "Asia/Shanghai"
    log_level: str = "INFO"
    nudge_tick_seconds: float = Field(default=30.0, ge=0)  # 0 = no scheduled tick
    nudge_rate_per_second: float = Field(default=25.0, gt=0, le=30)

    @field_validator("telegram_bot_token", mode="before")
    @classmethod
    def _empty_token_is_none(cls, v: object) -> object:
        if isinstance(v, str) and not v.strip():
            return None
        return v

    @field_validator("telegram_api_url")
    @classmethod
    def _url(cls, v: str) -> str:
        v = v.strip().rstrip("/")
        if not v.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return v

    @field_validator("database_url")
    @classmethod
    def _db(cls, v: str) -> str:
        v = v.strip()
        if not v.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return v

    @field_validator("default_timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {v!r}") from exc
        return v

    @field_validator("log_level")
    @classmethod
    def _level(cls, v: str) -> str:
        v = v.strip().upper()
        if v not in _LEVELS:
            raise ValueError(f"must be one of {', '.join(sorted(_LEVELS))}")
        return v

    @property
    def bot_base_url(self) -> str:
        return f"{self.telegram_api_url}/bot"

    @property
    def bot_base_file_url(self) -> str:
        return f"{self.telegram_api_url}/file/bot"


def load_settings(**overrides: object) -> Settings:
    """Build the settings, turning a validation error into a one-line SettingsError."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        err = exc.errors()[0]
        name = str(err["loc"][0]).upper() if err.get("loc") else "setting"
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        raise SettingsError(f"Invalid setting {name}: {msg}") from None


def configure_logging(level: str) -> None:
    logmask.install()  # card and ID numbers never reach a log (bot/logmask.py)
    logging.basicConfig(
        level=getattr(logging, level, logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # httpx logs every request URL at INFO, and Telegram URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
