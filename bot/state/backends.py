"""Which backend holds the state: a PostgreSQL database when CAREERBOT_STATE_URL is set (shared
by replicas), else the SQLite file in the state directory (the default)."""

from __future__ import annotations

from bot.settings import Settings
from bot.state.interface import State
from bot.state.model import Retention
from bot.state.sqlite import SQLiteState


def retention(settings: Settings) -> Retention:
    """What the settings keep, and for how long."""
    return Retention(
        days=settings.state_days,
        unanswered_days=settings.unanswered_days,
        unanswered_max=settings.unanswered_max,
    )


def state_for(settings: Settings) -> State:
    """The state backend the settings name (not yet opened)."""
    url = settings.state_url.get_secret_value() if settings.state_url is not None else None
    if url:
        from bot.state.postgres import PostgresState  # psycopg only where it is used

        return PostgresState(url, retention(settings), settings.state_pool)
    return SQLiteState(settings.state_path, retention(settings), settings.state_cache)
