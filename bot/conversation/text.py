"""Text as people type it, made safe to read once: bounded length, no control characters or
lone surrogates, and a leading `/command@bot args` split off."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_CHARS = 1000
"""Characters of a message that are read; the rest cannot change the answer much."""

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
_COMMAND = re.compile(r"\s*/([A-Za-z0-9_]{1,32})(?:@\w+)?(?=\s|$)(.*)", re.DOTALL)


@dataclass(frozen=True)
class Message:
    """A typed message, cleaned once: the whole text, and its command and arguments if any."""

    text: str
    command: str | None = None
    args: str = ""

    @property
    def body(self) -> str:
        """What the message says besides its command: the arguments, or the whole text."""
        return self.args if self.command is not None else self.text


def read(text: str) -> Message:
    """A message as the rest of the bot reads it."""
    cleaned = clean(text)
    match = _COMMAND.fullmatch(cleaned)
    if match is None:
        return Message(cleaned)
    return Message(cleaned, match.group(1).lower(), match.group(2).strip())


def clean(text: str) -> str:
    """Text safe to match: bounded length, no control characters or lone surrogates."""
    text = text[: MAX_CHARS * 4]
    text = (
        text.encode("utf-8", "replace").decode("utf-8", "replace") if _has_surrogate(text) else text
    )
    text = unicodedata.normalize("NFKC", text)
    return _CONTROL.sub(" ", text)[:MAX_CHARS]


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
