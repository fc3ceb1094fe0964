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
    roles: list[str] = Field(default_factory=list)
    """Every role named, in order (`role` is the one the question is about)."""
    occupation: str | None = None
    """The O*NET-SOC code of `role` ("29-1141.00"), curated or imported."""
    target_role: str | None = None
    """The role someone wants to move into ("switch to data science")."""
    countries: list[str] = Field(default_factory=list)
    unsupported_countries: list[str] = Field(default_factory=list)
    """Places named that the bot has no figures for, in order (ISO codes)."""
    seniority: Level | None = None
    confidence: Annotated[float, Field(ge=0.0, le=1.0)] = 0.0
    language: str = "en"
    """The language the message was written in (ISO 639-1: "de", "vi", "th" ...)."""
    amount: Amount | None = None
    """An amount of money the message names (value, currency, period)."""
    # Hints for the dialog, not part of the printed contract:
    compare: bool = Field(default=False, exclude=True)
    navigate: Literal["next", "previous"] | None = Field(default=None, exclude=True)
    unknown_role: str | None = Field(default=None, exclude=True)
    unit: Period | None = Field(default=None, exclude=True)
    """A period to show figures in ("per month?"), when no amount is given."""
    currency: str | None = Field(default=None, exclude=True)
    """A currency to show figures in ("in euros"), when no amount is given."""
    uncovered_currency: str | None = Field(default=None, exclude=True)
    """A currency to show figures in that the bot has no exchange rate for ("in CHF")."""
    net: bool = Field(default=False, exclude=True)
    """Whether the message asks about pay after tax."""
    edit: Literal["add", "drop"] | None = Field(default=None, exclude=True)
    """Whether the message adds a place or role to a comparison, or drops one."""
    choices: list[str] = Field(default_factory=list, exclude=True)
    """Occupations a title may mean when it fits several ("teacher"), best first (codes)."""
    nearest: list[str] = Field(default_factory=list, exclude=True)
    """The occupations nearest an unknown one (`unknown_role`), best first (codes)."""
    typed: str | None = Field(default=None, exclude=True)
    """The title typed for an imported occupation, and `matched` the title it matched."""
    matched: str | None = Field(default=None, exclude=True)
    areas: list[int] = Field(default_factory=list, exclude=True)
    """US areas (BLS state and metro codes) named, in order."""
    rest: tuple[str, ...] = Field(default=(), exclude=True)
    """The message's words, corrected, without those read as a role, country or level (the
    dialog matches topic and small-talk words against them)."""
    rest_typed: tuple[str, ...] = Field(default=(), exclude=True)
    """The same words as typed (case-folded), one for one."""
    cued: bool = Field(default=True, exclude=True)
    """Whether the intent came from words or a command (else it is the parser's default)."""
    off_topic: bool = Field(default=False, exclude=True)
    """Whether the message asks something the bot does not answer, by a word that says so
    (the weather, a joke, a CV): the names in it make it no follow-up."""
    topic: str | None = Field(default=None, exclude=True)
    """The sub-screen of a section the message's words ask for (`bot.conversation.cues`)."""
    talk: str | None = Field(default=None, exclude=True)
    """The kind of small talk, when the message is nothing but small talk."""
