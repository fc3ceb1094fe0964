"""The parse contract: what a typed message asks for."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.conversation.amounts import Amount
from knowledge.schema import Intent, Level, Period


class Query(BaseModel):
    """A message understood: intent, the slots it names, and how sure the parser is."""

    model_config = ConfigDict(frozen=True)

    intent: Intent
    role: str | None = None
    roles: list[str] = []
    countries: list[str] = []
    seniority: Level | None = None
    confidence: Annotated[float, Field(ge=0.0, le=1.0)] = 0.0
    amount: Amount | None = None
    # Hints for the dialog, not part of the printed contract:
    compare: bool = Field(default=False, exclude=True)
    navigate: Literal["next", "previous"] | None = Field(default=None, exclude=True)
    unknown_role: str | None = Field(default=None, exclude=True)
    unit: Period | None = Field(default=None, exclude=True)
    """A period to show figures in ("per month?"), when no amount is given."""
    currency: str | None = Field(default=None, exclude=True)
    """A currency to show figures in ("in euros"), when no amount is given."""
    net: bool = Field(default=False, exclude=True)
    """Whether the message asks about pay after tax."""
    edit: Literal["add", "drop"] | None = Field(default=None, exclude=True)
    """Whether the message adds a place or role to a comparison, or drops one."""
