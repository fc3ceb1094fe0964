"""Configuration from the environment (pydantic-settings), read when asked, never at import."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.errors import ConfigError

TOKEN_PATTERN = re.compile(r"^\d{5,16}:[A-Za-z0-9_-]{30,64}$")
SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
STATE_URL_SCHEMES = ("postgresql://", "postgres://")


def _default_state_dir() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / "careerbot"


class Settings(BaseSettings):
    """Everything an operator can set; see the README for each variable."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore", populate_by_name=True)

    telegram_bot_token: SecretStr | None = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    telegram_api_base_url: str = Field(
        default="https://api.telegram.org/bot", alias="TELEGRAM_API_BASE_URL"
    )
    state_dir: Path = Field(default_factory=_default_state_dir, alias="CAREERBOT_STATE_DIR")
    db: Path | None = Field(default=None, alias="CAREERBOT_DB")
    flood_rate: float = Field(default=15, gt=0, alias="CAREERBOT_FLOOD_RATE")
    flood_period: float = Field(default=15, gt=0, alias="CAREERBOT_FLOOD_PERIOD")
    flood_retries: int = Field(default=3, ge=0, alias="CAREERBOT_FLOOD_RETRIES")
    admin_ids: str = Field(default="", alias="CAREERBOT_ADMIN_IDS")
    unanswered_log: bool = Field(default=True, alias="CAREERBOT_UNANSWERED_LOG")
    unanswered_days: int = Field(default=30, ge=1, alias="CAREERBOT_UNANSWERED_DAYS")
    unanswered_max: int = Field(default=10_000, ge=1, alias="CAREERBOT_UNANSWERED_MAX")
    state_days: float = Field(default=90, gt=0, alias="CAREERBOT_STATE_DAYS")
    state_cache: int = Field(default=10_000, ge=1, alias="CAREERBOT_STATE_CACHE")
    state_url: SecretStr | None = Field(default=None, alias="CAREERBOT_STATE_URL")
    state_pool: int = Field(default=10, ge=1, le=1000, alias="CAREERBOT_STATE_POOL")
    concurrency: int = Field(default=32, ge=1, le=1024, alias="CAREERBOT_CONCURRENCY")
    stop_seconds: float = Field(default=5, ge=0, le=60, alias="CAREERBOT_STOP_SECONDS")
    telegram_failing_seconds: float = Field(
        default=60, gt=0, alias="CAREERBOT_HEALTH_TELEGRAM_SECONDS"
    )
    metrics_host: str = Field(default="127.0.0.1", alias="CAREERBOT_METRICS_HOST")
    metrics_port: int = Field(default=9108, ge=0, le=65535, alias="CAREERBOT_METRICS_PORT")
    log_json: bool = Field(default=False, alias="CAREERBOT_LOG_JSON")
    log_level: str = Field(default="INFO", alias="CAREERBOT_LOG_LEVEL")
    webhook_url: str | None = Field(default=None, alias="CAREERBOT_WEBHOOK_URL")
    webhook_listen: str = Field(default="0.0.0.0", alias="CAREERBOT_WEBHOOK_LISTEN")
    webhook_port: int = Field(default=8443, ge=1, le=65535, alias="CAREERBOT_WEBHOOK_PORT")
    webhook_secret: SecretStr | None = Field(default=None, alias="CAREERBOT_WEBHOOK_SECRET")

    @field_validator("telegram_bot_token", "state_url", mode="before")
    @classmethod
    def _blank_is_missing(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("state_url")
    @classmethod
    def _postgres_url(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith(STATE_URL_SCHEMES):
            raise ValueError("must be a postgresql:// URL (unset: the SQLite file)")
        return value

    def token(self) -> str:
        """The bot token; ConfigError (one line, never the token) when missing or malformed."""
        if self.telegram_bot_token is None:
            raise ConfigError("TELEGRAM_BOT_TOKEN is not set (create a bot with @BotFather)")
        token = self.telegram_bot_token.get_secret_value().strip()
        if not TOKEN_PATTERN.fullmatch(token):
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is malformed: expected <bot id>:<secret> as given by "
                "@BotFather, e.g. 123456789:AA..."
            )
        return token

    def admins(self) -> frozenset[int]:
        """Telegram user ids allowed to use /reload and /stats."""
        ids = [part.strip() for part in self.admin_ids.replace(";", ",").split(",")]
        bad = [part for part in ids if part and not part.lstrip("-").isdigit()]
        if bad:
            raise ConfigError(f"CAREERBOT_ADMIN_IDS must be numeric user ids, got {bad[0]!r}")
        return frozenset(int(part) for part in ids if part)

    def webhook(self) -> tuple[str, str]:
        """The public webhook URL and its secret; ConfigError when either is missing or bad."""
        if not self.webhook_url or not self.webhook_url.startswith("https://"):
            raise ConfigError("CAREERBOT_WEBHOOK_URL must be set to the public https:// URL")
        secret = self.webhook_secret.get_secret_value() if self.webhook_secret else ""
        if not SECRET_PATTERN.fullmatch(secret):
            raise ConfigError(
                "CAREERBOT_WEBHOOK_SECRET must be 1-256 characters of A-Z a-z 0-9 _ -"
            )
        return self.webhook_url.rstrip("/"), secret

    def secrets(self) -> list[str]:
        """Values that must never appear in logs: the token, the webhook secret, the state URL
        and its password."""
        values = [self.telegram_bot_token, self.webhook_secret, self.state_url]
        found = [v.get_secret_value() for v in values if v is not None and v.get_secret_value()]
        password = urlsplit(self.state_url.get_secret_value()).password if self.state_url else None
        return [*found, password, unquote(password)] if password else found

    @property
    def state_path(self) -> Path:
        """The state file: contexts, preferences, handled updates, the unanswered log."""
        return self.state_dir / "state.sqlite3"

    @property
    def charts_path(self) -> Path:
        """The charts drawn so far (PNGs, one per chart): `charts` in the state dir."""
        return self.state_dir / "charts"

    @property
    def db_path(self) -> Path:
        """The knowledge store file: CAREERBOT_DB, else knowledge.sqlite3 in the state dir."""
        return self.db or self.state_dir / "knowledge.sqlite3"
