"""Per-chat conversation context: what was just shown, and the chat's preferences.

Like Dialogflow's contexts, the conversational part lasts a few turns or a few minutes,
whichever ends first, so an old conversation does not hijack a new question. Preferences
(country, level) are kept until changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from knowledge.schema import Level

MAX_TURNS = 5
"""Messages after which an unrefreshed context is forgotten."""
MAX_AGE_SECONDS = 20 * 60
"""Seconds after which an unrefreshed context is forgotten."""


@dataclass(frozen=True)
class Viewer:
    """What a screen may know about who looks at it: the chat's role, preferred country and
    preferred level. Screens depend on nothing else, so (view, viewer) is the render-cache key."""

    role: str | None = None
    country: str | None = None
    level: Level | None = None


class ChatContext(BaseModel):
    """What the bot remembers about one chat."""

    model_config = ConfigDict(frozen=True)

    address: str | None = None
    role: str | None = None
    countries: tuple[str, ...] = ()
    level: Level | None = None
    turns: int = 0
    updated: float = 0.0
    preferred_country: str | None = None
    preferred_level: Level | None = None
    language_noted: str | None = None
    """The language this conversation was told the bot answers in English for (once)."""

    @property
    def viewer(self) -> Viewer:
        """What the screens may know about this chat."""
        return Viewer(self.role, self.preferred_country, self.preferred_level)

    def active(self, now: float) -> bool:
        """Whether the conversational part is still fresh enough to use."""
        return (
            self.address is not None
            and self.turns < MAX_TURNS
            and now - self.updated < MAX_AGE_SECONDS
        )

    def current(self, now: float) -> ChatContext:
        """This context as of now: the conversational part dropped when it has expired."""
        if self.active(now):
            return self
        return ChatContext(
            preferred_country=self.preferred_country, preferred_level=self.preferred_level
        )

    def showing(
        self,
        address: str,
        role: str | None,
        countries: tuple[str, ...],
        level: Level | None,
        now: float,
    ) -> ChatContext:
        """The context after a screen was shown: refreshed, turn count restarted."""
        return self.model_copy(
            update={
                "address": address,
                "role": role or self.role,
                "countries": countries or self.countries,
                "level": level or self.level,
                "turns": 0,
                "updated": now,
            }
        )

    def noting(self, language: str) -> ChatContext:
        """The context once the conversation was told the bot answers in English."""
        return self.model_copy(update={"language_noted": language})

    def unanswered(self, now: float) -> ChatContext:
        """The context after a message that did not refresh it: one turn older."""
        return self.model_copy(update={"turns": self.turns + 1}) if self.active(now) else self

    def prefer(self, country: str | None = None, level: Level | None = None) -> ChatContext:
        """The context with a preference set."""
        update: dict[str, object] = {}
        if country:
            update["preferred_country"] = country
        if level:
            update["preferred_level"] = level
        return self.model_copy(update=update)
