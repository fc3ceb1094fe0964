"""Configuration from the environment (pydantic-settings), read when asked, never at import."""

from __future__ import annotations

import os
import re
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.errors import ConfigError

TOKEN_PATTERN = re.compile(r"^\d{5,16}:[A-Za-z0-9_-]{30,64}$")


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
    flood_rate: float = Field(default=8, gt=0, alias="CAREERBOT_FLOOD_RATE")
    flood_period: float = Field(default=10, gt=0, alias="CAREERBOT_FLOOD_PERIOD")
    flood_retries: int = Field(default=3, ge=0, alias="CAREERBOT_FLOOD_RETRIES")

    @field_validator("telegram_bot_token", mode="before")
    @classmethod
    def _blank_is_missing(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    def token(self) -> str:
        """The bot token; ConfigError (one line, never the token) when missing or malformed."""
        if self.telegram_bot_token is None:
            raise ConfigError("TELEGRAM_BOT_TOKEN is not set (create a bot with @BotFather)")
        token = self.telegram_bot_token.get_secret_value().strip()
        if not TOKEN_PATTERN.match(token):
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is malformed: expected <bot id>:<secret> as given by "
                "@BotFather, e.g. 123456789:AA..."
            )
        return token

    @property
    def db_path(self) -> Path:
        """The knowledge store file: CAREERBOT_DB, else knowledge.sqlite3 in the state dir."""
        return self.db or self.state_dir / "knowledge.sqlite3"
