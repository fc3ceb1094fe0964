"""Slugs for occupations: readable, unique, at most 40 characters of a-z, 0-9 and '-'.

The rule (a pure function of the occupation titles, so the same data gives the same slugs):

1. the title's words, ASCII-folded and lower-cased, joined by '-' ("Registered Nurses" ->
   ``registered-nurses``), if that fits in 40 characters;
2. else the same without the filler words ``and``, ``of``, ``the``, ``or``, if that fits;
3. else the same cut before a qualifying ``except ...`` or ``including ...`` ("Preschool Teachers,
   Except Special Education" -> ``preschool-teachers``), if that fits;
4. else the longest run of leading (filler-free) words that fits, with a trailing word that
   cannot end a name (``in``, ``for``, ``other`` ...) removed;
5. a slug that steps 2-4 made and that equals another occupation's slug gets the O*NET-SOC
   code's digits instead of its last words (``...-252056``, ``...-15129908`` for a non-.00 code),
   so a shortened slug never takes a full one's place.

Addresses built from a slug fit Telegram's 64 bytes: 40 for the slug leaves 24 for a section
code and its parameters (``_sal_US_m0042660`` is 16).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

MAX_LENGTH = 40
FILLER = frozenset({"and", "of", "the", "or"})
QUALIFIERS = frozenset({"except", "including"})
DANGLING = frozenset({"except", "including", "through", "in", "for", "with", "other", "all", "a"})


def words(title: str) -> list[str]:
    """ASCII-folded lower-case words (runs of a-z and 0-9)."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z0-9]+", folded.lower())


def _fit(parts: list[str], limit: int) -> list[str]:
    kept: list[str] = []
    for part in parts:
        if len("-".join([*kept, part])) > limit:
            break
        kept.append(part)
    while len(kept) > 1 and kept[-1] in DANGLING:
        kept.pop()
    return kept


def base_slug(title: str) -> tuple[str, bool]:
    """The slug of one title by steps 1-4, and whether it was shortened."""
    parts = words(title)
    full = "-".join(parts)
    if len(full) <= MAX_LENGTH:
        return full, False
    lean = [w for w in parts if w not in FILLER]
    if len("-".join(lean)) <= MAX_LENGTH:
        return "-".join(lean), True
    qualifier = [i for i, w in enumerate(lean) if w in QUALIFIERS]
    if qualifier and len("-".join(lean[: qualifier[0]])) <= MAX_LENGTH:
        return "-".join(lean[: qualifier[0]]), True
    return "-".join(_fit(lean, MAX_LENGTH)), True


def code_suffix(code: str) -> str:
    """The digits of an O*NET-SOC code: 6 for a .00 code, else 8."""
    digits = code.replace("-", "").replace(".", "")
    return digits[:6] if digits.endswith("00") else digits


def slugs(occupations: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Slug by O*NET-SOC code for (code, title) pairs; raises ValueError if any clash remains."""
    made = {code: base_slug(title) for code, title in occupations}
    holders: dict[str, list[str]] = defaultdict(list)
    for code, (slug, _) in made.items():
        holders[slug].append(code)
    result: dict[str, str] = {}
    for code, (slug, shortened) in sorted(made.items()):
        if len(holders[slug]) > 1 and shortened:
            suffix = code_suffix(code)
            head = _fit(slug.split("-"), MAX_LENGTH - len(suffix) - 1)
            slug = "-".join([*head, suffix])
        result[code] = slug
    taken: dict[str, str] = {}
    for code, slug in result.items():
        if slug in taken:
            raise ValueError(f"occupations {taken[slug]} and {code} share the slug {slug!r}")
        taken[slug] = code
    return result
