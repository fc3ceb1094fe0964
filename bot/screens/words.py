"""English wording shared by the screens: "a" or "an" by sound, and a role named at a level."""

from __future__ import annotations

import re
import textwrap

from knowledge.schema import Level
from knowledge.store import Store

LETTER_VOWEL_SOUND = frozenset("AEFHILMNORSX")
"""Letters whose names start with a vowel sound ("an ML engineer", "an SQL test")."""
VOWEL_SOUND_EXCEPTIONS = ("hour", "honest", "honor", "honour", "heir")
"""Words spelt with a consonant that start with a vowel sound."""
CONSONANT_SOUND_EXCEPTIONS = ("uni", "use", "usu", "uti", "eu", "one", "once", "ur", "uk")
"""Word starts spelt with a vowel that sound like a consonant ("a user", "a one-off")."""
_FIRST = re.compile(r"[A-Za-z][A-Za-z0-9]*")
QUALIFIER = re.compile(r",? (?:Except|Including|Excluding)\b.*$|\s*\([^)]*\)$")
"""The qualifying tail of an O*NET title (", Except Special Education", "(Call Center Rep)")."""


def indefinite(phrase: str) -> str:
    """`a` or `an` before a phrase, by the sound of its first word; an all-capitals word is
    read as letters ("an AI Governance Analyst", "an MLE", "a UX designer", "an hour")."""
    match = _FIRST.search(phrase)
    if match is None:
        return "a"
    word = match.group()
    if len(word) > 1 and word.isupper():
        return "an" if word[0] in LETTER_VOWEL_SOUND else "a"
    lower = word.lower()
    if lower.startswith(VOWEL_SOUND_EXCEPTIONS):
        return "an"
    if lower.startswith(CONSONANT_SOUND_EXCEPTIONS):
        return "a"
    return "an" if lower[0] in "aeiou" else "a"


def short_title(title: str, chars: int) -> str:
    """A title that fits `chars` (a button): whole when it fits, else without its qualifying
    tail, else cut at a word with "…" ("Secondary School Teachers", not "... Career/Technic")."""
    if len(title) <= chars:
        return title
    plain = QUALIFIER.sub("", title).rstrip(" ,") or title
    if len(plain) <= chars:
        return plain
    kept = textwrap.shorten(plain, chars - 1, placeholder="", break_on_hyphens=False)
    return kept.rstrip(" ,;:-") + "…"


THE_FIRST_WORDS = ("united", "republic", "kingdom", "federation", "state", "states")
"""First words of place names said with "the" (the United States, the Republic of Korea)."""


def the(place: str) -> str:
    """A place's name as said in a sentence: `the United States`, `the Philippines`,
    `Singapore` (names of unions and of plural names take "the")."""
    first = place.split(" ", 1)[0].lower()
    if first == "the" or not place:
        return place
    if first in THE_FIRST_WORDS or place.endswith(("s", "lands")):
        return f"the {place}"
    return place


def with_article(phrase: str) -> str:
    """`an AI Governance Analyst`."""
    return f"{indefinite(phrase)} {phrase}"


def at_level(store: Store, role: str, level: Level) -> str:
    """The role's title at a level: its first career stage there (the first of the stage's
    alternative titles, `ML Engineering Manager`) when that names the level, else the role
    with the level after it (`Machine Learning Engineer, mid-level`): a level word is never
    put before a title it does not belong to."""
    name = store.role(role).name
    stages = store.career_path(role).stages
    title = next((s.title for s in stages if s.level == level), name)
    first = title.split(" / ", 1)[0]
    title = first if " " in first else title
    if title != name:
        return title
    label = store.level_labels()[level].lower()
    return f"{name}, {label}" if label.endswith("level") else f"{name}, {label} level"
