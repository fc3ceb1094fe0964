"""The parse contract: what a typed message asks for."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from knowledge.schema import Intent, Level


class Query(BaseModel):
    """A message understood: intent, the slots it names, and how sure the parser is."""

    model_config = ConfigDict(frozen=True)

    intent: Intent
    role: str | None = None
    countries: list[str] = []
    seniority: Level | None = None
    confidence: Annotated[float, Field(ge=0.0, le=1.0)] = 0.0
    # Hints for the dialog, not part of the printed contract:
    compare: bool = Field(default=False, exclude=True)
    navigate: Literal["next", "previous"] | None = Field(default=None, exclude=True)
    unknown_role: str | None = Field(default=None, exclude=True)
