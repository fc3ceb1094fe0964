"""The occupation title index, compiled once by the builder and kept in the store (compressed
JSON: no code runs when it is read).

Compiling the index from the ~64,000 title rows takes most of a second; reading it back from
its JSON takes a fraction of that, so the bot starts quickly. The reading side (spans, kinds of
match, the choice a title leaves) is `bot.conversation.titles.TitleIndex`, a subclass of
`TitleTables` here; the kinds of match and how they are packed are defined here, once.
"""

from __future__ import annotations

import json
import re
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Self

from knowledge.occupation_store import OccupationInfo, TitleRows
from knowledge.text import Canon, fold, singular

OWN, HEAD, NAMED, COMMON, ENDS, RARE, RARE_ENDS = range(7)
"""Kinds of match, strongest first: the occupation's own title (or its main part); the head of
its own title ("kindergarten teacher"); a reported, short, local or common title of an
occupation whose own title has the same head noun ("UX designer" for Web and Digital
Interface Designers); such a title of another occupation; the end of such a title ("owner" of
"Restaurant Owner"); a rare title; the end of a rare title. For one word, every kind after
HEAD counts as one: a word many titles end with is generic ("owner", "doctor")."""
PACK = 8
"""A candidate is packed as `occupation * PACK + kind`."""
MODIFIER_TITLES = 3
"""A common word counts as an occupational modifier when at least this many titles use it
before their head ("product" in Product Manager, Product Designer ...)."""
ABBREVIATION = re.compile(r"[A-Z]{2,5}")
CATCH_ALL = re.compile(r"\ball other\b")
LIST = re.compile(r"\b(?:and|or)\b")
CUT = re.compile(r"\b(?:except|including|excluding)\b.*$")
PART = re.compile(r",|\band\b|\bor\b|/")
COMPRESSION = 6
"""zlib's level for the stored index (higher levels save little and take longer)."""


@dataclass
class IndexedOccupation:
    """An occupation as the index knows it: its codes, own title and employment weight (its
    wage code's US employment shared among the occupations that use that code)."""

    code: str
    soc: str
    title: str
    weight: float


@dataclass
class TitleTables:
    """The compiled titles."""

    occupations: list[IndexedOccupation] = field(default_factory=list)
    exact: dict[str, Sequence[int]] = field(default_factory=dict)
    """Title key -> candidates packed as `occupation * PACK + kind` (compact: 51,000 keys)."""
    heads: dict[str, Sequence[int]] = field(default_factory=dict)
    """The end of a title (up to three words) -> packed candidates."""
    own_heads: list[frozenset[str]] = field(default_factory=list)
    """Each occupation's head nouns in its own title (canonical)."""
    local: set[str] = field(default_factory=set)
    """Keys of titles in other languages (deliberate names of occupations)."""
    tells: dict[str, str] = field(default_factory=dict)
    """Word (folded) -> the language of the titles that use it, for the words of one other
    language's titles that no English title and no other language uses ("jururawat": Malay)."""
    canon: Canon = field(default_factory=lambda: Canon({}))
    words: set[str] = field(default_factory=set)
    """Every word of a title key."""
    modifiers: dict[str, int] = field(default_factory=dict)
    """Word as written (folded) -> how many titles use it before their last word."""
    titles: list[tuple[str, str, int]] = field(default_factory=list)
    """(canonical key, title as written, occupation) of every title, by key."""

    def key(self, words: Iterable[str]) -> str:
        """The canonical key of some words (already folded)."""
        return self.canon.key(tuple(words))

    @classmethod
    def compile(
        cls,
        rows: TitleRows,
        occupations: Sequence[OccupationInfo],
        spellings: dict[str, str],
    ) -> Self:
        """Index every title by its key, every own-title part and title end by its head (the
        keys come from the store, made by the builder: see `knowledge.text.Canon`). The words
        of one other language's titles tell that language (`tells`)."""
        tables = cls(canon=Canon(spellings), modifiers=rows.modifiers)
        exact: dict[str, dict[int, int]] = defaultdict(dict)
        heads: dict[str, dict[int, int]] = defaultdict(dict)
        by_code = {o.code: i for i, o in enumerate(occupations)}
        ends: dict[str, int] = defaultdict(int)
        inner: dict[str, int] = defaultdict(int)
        strong_kinds: dict[tuple[str, ...], int] = {}
        languages: dict[str, set[str]] = defaultdict(set)
        for key, code, title, main, kinds, common, lang in rows.rows:
            for word in plain_words(fold(title)):
                languages[word].add(lang or "en")
            words = key.split()
            ends[words[-1]] += 1
            for w in words[:-1]:
                inner[w] += 1
            if ABBREVIATION.fullmatch(title):
                continue  # "AUD", "COMS": O*NET's short codes, not what people type
            occupation = by_code[code]
            kind = strong_kinds.get(kinds)
            if kind is None:
                strong = {"reported", "short", "local"} & set(kinds)
                kind = strong_kinds[kinds] = COMMON if strong else RARE
            if common:
                kind = COMMON
            _add(exact, key, occupation, kind)
            ending = main.split() if main else words
            end_kind = ENDS if kind == COMMON else RARE_ENDS
            for size in range(1, min(3, len(ending) - 1) + 1):
                _add(heads, " ".join(ending[-size:]), occupation, end_kind)
            tables.titles.append((key, title, occupation))
            if lang is not None:
                tables.local.add(key)
        tables.titles.sort()
        tables.tells = {
            w: lang
            for w, (lang, *others) in ((w, sorted(ls)) for w, ls in languages.items())
            if not others and lang != "en" and not w.isdigit()
        }
        counts = _Counts(dict(ends), dict(inner))
        shared: dict[str, set[str]] = defaultdict(set)
        for o in occupations:
            if o.wage_code:
                shared[o.wage_code].add(o.soc)
        for o in occupations:
            employment = o.employment or 0
            weight = employment / max(1, len(shared[o.wage_code])) if o.wage_code else 0.0
            tables.occupations.append(IndexedOccupation(o.code, o.soc, o.title, weight))
            own = _own_title(tables.canon, counts, by_code[o.code], o.title, exact, heads)
            tables.own_heads.append(own)
        tables.words = {w for key in exact for w in key.split()}
        tables.exact = {k: _pack(v) for k, v in exact.items()}
        tables.heads = {k: _pack(v) for k, v in heads.items()}
        return tables

    def to_blob(self) -> bytes:
        """The tables as compressed compact JSON (for the store: 1.3 MB, not 7)."""
        keys, written, owners = zip(*self.titles, strict=True) if self.titles else ((), (), ())
        body = {
            "occupations": [[o.code, o.soc, o.title, o.weight] for o in self.occupations],
            "exact": self.exact,
            "heads": self.heads,
            "own_heads": [sorted(h) for h in self.own_heads],
            "local": sorted(self.local),
            "tells": self.tells,
            "spellings": self.canon.spellings,
            "words": sorted(self.words),
            "modifiers": self.modifiers,
            "titles": {"keys": keys, "written": written, "occupations": owners},
        }
        text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
        return zlib.compress(text.encode(), COMPRESSION)

    @classmethod
    def from_blob(cls, blob: bytes) -> Self:
        """The tables read back from `to_blob`'s bytes."""
        body: dict[str, Any] = json.loads(zlib.decompress(blob))
        titles = body["titles"]
        return cls(
            occupations=[IndexedOccupation(*o) for o in body["occupations"]],
            exact=body["exact"],
            heads=body["heads"],
            own_heads=[frozenset(h) for h in body["own_heads"]],
            local=set(body["local"]),
            tells=body["tells"],
            canon=Canon(body["spellings"]),
            words=set(body["words"]),
            modifiers=body["modifiers"],
            titles=list(zip(titles["keys"], titles["written"], titles["occupations"], strict=True)),
        )


@dataclass(frozen=True)
class _Counts:
    ends: dict[str, int]
    """Canonical word -> how many titles end with it."""
    inner: dict[str, int]
    """Canonical word -> how many titles use it before their last word."""


def _own_title(
    canon: Canon,
    counts: _Counts,
    occupation: int,
    title: str,
    exact: dict[str, dict[int, int]],
    heads: dict[str, dict[int, int]],
) -> frozenset[str]:
    """An occupation's own title: the whole and its first part (when that ends in a plural
    noun) are OWN matches ("Dentists, General" -> "dentist"; "Paralegals and Legal Assistants"
    -> "paralegal"); every part's plural head noun and the words before it are HEAD matches
    ("Captains, Mates, and Pilots of Water Vessels" -> "pilot"). A head noun is a plural that
    titles end with at least as often as they use it before their end ("Securities,
    Commodities, and Financial Services Sales Agents" has one head: agent). A part after a
    comma only qualifies the first unless the title is a list. A catch-all ("Engineers, All
    Other") is matched by its whole title only."""
    text = fold(title)
    _add(exact, canon.key(plain_words(text)), occupation, OWN)
    found: set[str] = set()
    if CATCH_ALL.search(text):
        return frozenset(found)  # "Engineers, All Other" is no engineer's own title
    first, _, rest = CUT.sub("", text).partition(",")
    listed = LIST.search(rest) is not None  # "Captains, Mates, and Pilots of ..."
    pieces = PART.split(f"{first},{rest}" if listed else first)  # else rest qualifies
    parts = [p for p in (plain_words(piece.split(" of ")[0]) for piece in pieces) if p]
    for i, words in enumerate(parts):
        head = singular(words[-1])
        ends = counts.ends.get(head, 0)
        noun = ends >= MODIFIER_TITLES and ends >= counts.inner.get(head, 0)
        if head == words[-1] or not noun:
            continue  # "Securities, ...", "... Scientific Products": no head noun
        keys = canon.key(words).split()
        if i == 0:  # "Dentists, General" -> dentist; "Paralegals and ..." -> paralegal
            _add(exact, " ".join(keys), occupation, OWN)
        for size in range(1, min(3, len(keys)) + 1):
            _add(heads, " ".join(keys[-size:]), occupation, HEAD)
        found.add(keys[-1])
    return frozenset(found)


def _add(table: dict[str, dict[int, int]], key: str, occupation: int, kind: int) -> None:
    if key:
        entry = table[key]
        entry[occupation] = min(entry.get(occupation, kind), kind)


def _pack(entry: dict[int, int]) -> tuple[int, ...]:
    return tuple(occupation * PACK + kind for occupation, kind in entry.items())


def plain_words(text: str) -> list[str]:
    """The words of a text, case-folded."""
    return re.findall(r"[^\W_]+", text.casefold())
