"""Text in the form both sides of the knowledge compare it: the builder stores terms so, and the
parser reads messages so."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def _marks() -> str:
    """A regex class body of every combining mark (Unicode categories Mn, Mc, Me), as ranges."""
    ranges: list[list[int]] = []
    for code in range(0x300, 0x10000):
        if unicodedata.category(chr(code)).startswith("M"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "".join(
        f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges if b < 0x10000
    )


WORD = re.compile(rf"(?:[^\W_]|[{_marks()}])+")
"""A word: letters and digits, with the combining marks that belong to them (Thai vowel and
tone marks are marks, so a Thai run stays one word)."""
_THAI = re.compile(r"([\u0e00-\u0e7f]+)")
"""A run of Thai script, split from Latin letters and digits beside it ("วิศวกรAI")."""


def normalise(text: str) -> str:
    """Case-fold and reduce to letters and digits separated by single spaces."""
    return " ".join(WORD.findall(text.casefold()))


def words(text: str) -> list[str]:
    """The words of a text as typed (case kept), a Thai run apart from what is written beside
    it."""
    found: list[str] = []
    for word in WORD.findall(text):
        found += [part for part in _THAI.split(word) if part] if _has_thai(word) else [word]
    return found


def _has_thai(word: str) -> bool:
    return any("\u0e00" <= c <= "\u0e7f" for c in word)


@lru_cache(maxsize=8192)
def fold(word: str) -> str:
    """A case-folded word without the diacritics of Latin letters ("Việt" -> "viet",
    "đà" -> "da", "München" -> "munchen"); other scripts are kept as they are."""
    word = word.casefold()
    if word.isascii():
        return word
    out = []
    for char in word:
        if char in _SPECIAL:
            out.append(_SPECIAL[char])
        elif "LATIN" in unicodedata.name(char, ""):
            out.append(
                "".join(
                    c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)
                )
            )
        else:
            out.append(char)
    return "".join(out)


_SPECIAL = {"đ": "d", "ð": "d", "ø": "o", "ł": "l", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe"}


def match_form(text: str) -> str:
    """The form terms are matched in: compatibility-normalised (NFKC, as messages are read),
    words folded, Thai apart from Latin."""
    return " ".join(fold(w) for w in words(unicodedata.normalize("NFKC", text)))


def singular(word: str) -> str:
    """A word's canonical singular, the same on both sides of a match (not always English:
    "physics" -> "physic" on both sides)."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_QUALIFIER = re.compile(r"\b(?:except|including|excluding)\b.*$")


class Canon:
    """Titles in the form they are matched in: folded words, British spellings made American,
    each word singular ("Registered Nurses" and "registered nurse" have one key)."""

    def __init__(self, spellings: dict[str, str]) -> None:
        self.spellings = spellings
        self._words: dict[str, str] = {}

    def word(self, word: str) -> str:
        """One folded word's canonical form."""
        found = self._words.get(word)
        if found is None:
            found = singular(self.spellings.get(word, word))
            if len(self._words) < CANON_CACHE:
                self._words[word] = found
        return found

    def key(self, words: list[str] | tuple[str, ...]) -> str:
        """The key of some folded words."""
        return " ".join(self.word(w) for w in words)

    def title(self, title: str) -> str:
        """The key of a title as written."""
        return self.key(match_form(title).split())

    def main(self, title: str) -> str:
        """The key of a title's main part: before a comma and any "except ..." ("Substitute
        Teachers, Short-Term" -> "substitute teacher")."""
        head = _QUALIFIER.sub("", title.split(",")[0], 1)
        return self.title(head) if head != title else self.title(title)


CANON_CACHE = 100_000
"""Words whose canonical form is remembered."""
