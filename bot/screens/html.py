"""Small helpers for Telegram HTML: escaping, emphasis, length limits, and plain-text output."""

from __future__ import annotations

import html
import re
import textwrap

MAX_TEXT = 4096
"""Telegram's limit on a message's text, in characters."""
LINE_WIDTH = 48
"""About the characters of one line of a message on a phone."""
BRIEF_LINES = 12
"""The lines a brief answer (in a group, or inline) fits in on a phone."""

_TAG = re.compile(r"</?(?:b|i|u|s|code|pre|a)(?:\s[^>]*)?>")


def esc(text: object) -> str:
    """Text safe inside Telegram HTML."""
    return html.escape(str(text), quote=False)


def bold(text: object) -> str:
    """Bold, escaped."""
    return f"<b>{esc(text)}</b>"


def italic(text: object) -> str:
    """Italic, escaped."""
    return f"<i>{esc(text)}</i>"


def fit(text: str, limit: int = MAX_TEXT) -> str:
    """Text cut to the limit at a paragraph or line boundary, never inside a tag."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 2]
    for boundary in ("\n\n", "\n"):
        at = cut.rfind(boundary)
        if at > limit // 2:
            cut = cut[:at]
            break
    else:
        cut = cut[: cut.rfind(" ")] if " " in cut else cut
        cut = _TAG.sub("", cut)
        cut = cut[: cut.rfind("&")] if cut.rfind("&") > cut.rfind(";") else cut
    return cut.rstrip() + "\n…"


def plain(text: str) -> str:
    """Telegram HTML as terminal text: tags removed, entities decoded."""
    return html.unescape(_TAG.sub("", text))


def display_lines(text: str, width: int = LINE_WIDTH) -> int:
    """The lines a message takes on a phone: each line of its plain text, word-wrapped."""
    return sum(len(textwrap.wrap(line, width)) or 1 for line in plain(text).split("\n"))


def gist(text: str, chars: int) -> str:
    """The leading sentences of a text that fit in `chars`, else its first words and "…"."""
    if len(text) <= chars:
        return text
    sentences = re.split(r"(?<=[.!?])\s+", text)
    kept = ""
    for sentence in sentences:
        if len(kept) + len(sentence) + 1 > chars:
            break
        kept = f"{kept} {sentence}".strip()
    return kept or textwrap.shorten(text, chars, placeholder=" …")
