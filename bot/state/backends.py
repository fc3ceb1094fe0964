"""Which backend holds the state: the SQLite file in the state directory (the default)."""

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
    return SQLiteState(settings.state_path, retention(settings), settings.state_cache)
