"""The bot's commands: one table for /help, the Telegram command menu and the README."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    """A slash command and what it does."""

    name: str
    args: str
    description: str


COMMANDS: tuple[Command, ...] = (
    Command("start", "", "start here: the main menu"),
    Command("help", "", "what I can do and how to ask"),
    Command("menu", "", "the sections of the current role"),
    Command("salary", "[level] [country]", "pay ranges, e.g. /salary senior uk"),
    Command("day", "[level]", "step through a working day, e.g. /day junior"),
    Command("skills", "", "skills and tools the role needs"),
    Command("risk", "", "how exposed the role is to AI"),
    Command("path", "", "career progression, stage by stage"),
    Command("pivots", "", "roles you can move to from here"),
    Command("sources", "", "where the figures come from"),
    Command("roles", "", "every role I cover"),
    Command("settings", "", "your preferred country and level"),
)
