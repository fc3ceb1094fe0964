"""The View: a screen named by its section and parameters (what the dialog decides to show)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, field_validator

from bot.conversation.sections import BY_NAME
from knowledge.schema import Level


class View(BaseModel):
    """A screen: a section of a role, with its parameters."""

    model_config = ConfigDict(frozen=True)

    section: str
    role: str | None = None
    level: Level | None = None
    country: str | None = None
    other: str | None = None
    region: int | None = None
    group: str | None = None
    step: int | None = None
    choice: int | None = None
    topic: str | None = None
    origin: str | None = None
    place: str | None = None
    """Where an occupation's pay is for: a country code, or a BLS area's seven digits."""
    other_place: str | None = None
    page: int | None = None
    field: int | None = None
    """A field of work (SOC major group, two digits)."""
    subject: str | None = None
    """One side of a comparison: a curated role's slug or an occupation's code, 8 digits."""
    versus: str | None = None

    @field_validator("section")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in BY_NAME:
            raise ValueError(f"no section {value!r}")
        return value

    def but(self, **changes: object) -> View:
        """A copy with some fields changed."""
        return self.model_copy(update=changes)
