"""One person's conversation context: what was just shown, what they said, and their saved
preferences.

Like Dialogflow's contexts, the conversational part lasts a few turns or a few minutes,
whichever ends first, so an old conversation does not hijack a new question. Preferences
(country, level) are kept until changed.

Who said what last wins: every remembered country and level is kept with the time it was said
and from where (a message, a button, a link, the settings), so a question that leaves them out
gets the latest the person gave, whether they typed it or saved it in /settings. (What the
message itself says comes first; the dialog sees to that.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, model_validator

from knowledge.schema import Level

MAX_TURNS = 5
"""Messages after which an unrefreshed context is forgotten."""
MAX_AGE_SECONDS = 20 * 60
"""Seconds after which an unrefreshed context is forgotten."""
BACK_STEPS = 5
"""Screens remembered for "back"."""

Source = Literal["message", "button", "link", "settings"]
"""Where a remembered value came from."""
T = TypeVar("T")


class Said(BaseModel, Generic[T]):
    """A value the person gave, when, and from where."""

    model_config = ConfigDict(frozen=True)

    value: T
    at: float
    source: Source


def latest(*said: Said[T] | None) -> Said[T] | None:
    """The most recently given of some values (the first of equals)."""
    return max((s for s in said if s is not None), key=lambda s: s.at, default=None)


@dataclass(frozen=True)
class Viewer:
    """What a screen may know about who looks at it: their role, preferred country and
    preferred level. Screens depend on nothing else, so (view, viewer) is the render-cache key."""

    role: str | None = None
    country: str | None = None
    level: Level | None = None


class Preferences(BaseModel):
    """A person's saved country and level, used when a question leaves them out."""

    model_config = ConfigDict(frozen=True)

    country: Said[str] | None = None
    level: Said[Level] | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_older_form(cls, data: Any) -> Any:
        """Read preferences saved as plain `preferred_country` / `preferred_level`."""
        if not isinstance(data, dict) or not any(k.startswith("preferred_") for k in data):
            return data
        return {
            name: {"value": data[f"preferred_{name}"], "at": 0.0, "source": "settings"}
            for name in ("country", "level")
            if data.get(f"preferred_{name}")
        }


class ChatContext(BaseModel):
    """What the bot remembers about one person in one chat."""

    model_config = ConfigDict(frozen=True)

    address: str | None = None
    previous: tuple[str, ...] = ()
    """The screens shown before this one, oldest first (for "back")."""
    role: str | None = None
    countries: Said[tuple[str, ...]] | None = None
    areas: Said[tuple[str, ...]] | None = None
    """The US areas (BLS states and metros, as pay places) of the pay screen shown last."""
    level: Said[Level] | None = None
    turns: int = 0
    updated: float = 0.0
    language_noted: str | None = None
    """The language this conversation was told the bot answers in English for (once)."""
    preferences: Preferences = Preferences()
    unknown: str | None = None
    """An occupation the data does not have, just asked about (a follow-up stays about it)."""

    @model_validator(mode="before")
    @classmethod
    def _from_older_form(cls, data: Any) -> Any:
        """Read a context saved before values carried their time (plain countries and level,
        `preferred_country` / `preferred_level`)."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        at = data.get("updated", 0.0)
        if isinstance(data.get("countries"), list | tuple):
            codes = tuple(data["countries"])
            data["countries"] = {"value": codes, "at": at, "source": "message"} if codes else None
        if isinstance(data.get("level"), str):
            data["level"] = {"value": data["level"], "at": at, "source": "message"}
        old = {k: data.pop(k) for k in list(data) if k.startswith("preferred_")}
        if old and "preferences" not in data:
            data["preferences"] = old
        return data

    @property
    def viewer(self) -> Viewer:
        """What the screens may know about this person."""
        prefs = self.preferences
        return Viewer(
            self.role,
            prefs.country.value if prefs.country else None,
            prefs.level.value if prefs.level else None,
        )

    def remembered_countries(self) -> tuple[str, ...]:
        """The countries to use when a question names none: the latest given first."""
        found = [(self.countries.at, self.countries.value)] if self.countries else []
        if self.preferences.country is not None:
            found.append((self.preferences.country.at, (self.preferences.country.value,)))
        found.sort(key=lambda given: given[0], reverse=True)
        return tuple(dict.fromkeys(code for _, codes in found for code in codes))

    def remembered_areas(self) -> tuple[str, ...]:
        """The US areas to use when a question names no place: those shown last, unless a
        country was given since ("in Texas", then "and in the UK?" or /settings)."""
        if self.areas is None:
            return ()
        given = [s.at for s in (self.countries, self.preferences.country) if s is not None]
        return self.areas.value if self.areas.at >= max(given, default=0.0) else ()

    def remembered_level(self) -> Level | None:
        """The level to use when a question names none: the latest given."""
        said = latest(self.level, self.preferences.level)
        return said.value if said else None

    def active(self, now: float) -> bool:
        """Whether the conversational part is still fresh enough to use."""
        return (
            (self.address is not None or self.unknown is not None)
            and self.turns < MAX_TURNS
            and now - self.updated < MAX_AGE_SECONDS
        )

    def current(self, now: float) -> ChatContext:
        """This context as of now: the conversational part dropped when it has expired."""
        if self.active(now):
            return self
        return ChatContext(preferences=self.preferences)

    def showing(
        self,
        address: str,
        role: str | None,
        countries: tuple[str, ...],
        level: Level | None,
        now: float,
        source: Source = "message",
        areas: tuple[str, ...] = (),
    ) -> ChatContext:
        """The context after a screen was shown: refreshed, turn count restarted, and the
        values the screen names remembered as given now (its US areas replace those before;
        a screen naming countries but no area forgets them)."""
        previous = self.previous
        if self.address is not None and self.address != address:
            previous = (*previous, self.address)[-BACK_STEPS:]
        return self.model_copy(
            update={
                "address": address,
                "previous": previous,
                "role": role or self.role,
                "countries": Said(value=countries, at=now, source=source)
                if countries
                else self.countries,
                "areas": self._areas_after(areas, countries, now, source),
                "level": Said(value=level, at=now, source=source) if level else self.level,
                "turns": 0,
                "updated": now,
                "unknown": None,
            }
        )

    def _areas_after(
        self, areas: tuple[str, ...], countries: tuple[str, ...], now: float, source: Source
    ) -> Said[tuple[str, ...]] | None:
        """The US areas remembered after a screen: its own, else none if it names countries,
        else those before."""
        if areas:
            return Said(value=areas, at=now, source=source)
        return None if countries else self.areas

    def asked_about(self, unknown: str, now: float) -> ChatContext:
        """The context after a question about an occupation the data does not have."""
        return self.model_copy(update={"unknown": unknown, "turns": 0, "updated": now})

    def noting(self, language: str) -> ChatContext:
        """The context once the conversation was told the bot answers in English."""
        return self.model_copy(update={"language_noted": language})

    def rewind(self, address: str | None) -> ChatContext:
        """The context going back to an earlier screen: the screens after it forgotten."""
        previous = self.previous
        at = len(previous) - 1 - previous[::-1].index(address) if address in previous else 0
        return self.model_copy(update={"previous": previous[:at], "address": None})

    def unanswered(self, now: float) -> ChatContext:
        """The context after a message that did not refresh it: one turn older."""
        return self.model_copy(update={"turns": self.turns + 1}) if self.active(now) else self

    def prefer(
        self, now: float, country: str | None = None, level: Level | None = None
    ) -> ChatContext:
        """The context after saving a preference: saved, and the latest the person said."""
        prefs, update = self.preferences, dict[str, object]()
        if country:
            said_country = Said[str](value=country, at=now, source="settings")
            prefs = prefs.model_copy(update={"country": said_country})
            update["countries"] = Said(value=(country,), at=now, source="settings")
        if level:
            said_level = Said[Level](value=level, at=now, source="settings")
            prefs = prefs.model_copy(update={"level": said_level})
            update["level"] = said_level
        return self.model_copy(update={**update, "preferences": prefs})
