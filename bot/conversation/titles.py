"""Occupation titles as people type them -> the imported O*NET occupations.

About 64,000 titles (O*NET's own, reported, short and alternate titles, and names in other
languages) are indexed once, by their words in a canonical form (folded, British spellings
made American, each word singular: "Registered Nurses" and "registered nurse" are one key).
A message is then read in spans of up to six words:

- exact: a span that is a title (one dict lookup per span);
- head: a span that ends an occupation's own title ("kindergarten teacher" ends
  "Kindergarten Teachers, Except Special Education") or another of its titles ("owner" ends
  "Restaurant Owner"), from a suffix index;
- fuzzy: a word that is no known word is corrected to the nearest title word (`fuzz.ratio`,
  candidates from a deletion index, never a scan of the titles).

Which occupation a title means is decided by the data: the candidates of the strongest kind
of match (own title > the head of an own title > a reported or common title > a rare title),
grouped by SOC code; the group with more than half of their US employment is THE occupation,
else the best few are offered as a choice ("teacher", "engineer", "analyst").

A phrase that looks like an occupation but is none ("prompt engineer": a modifier no title
has before a title's head; "tiktoker": an unknown agent noun) is reported as unknown, with the
nearest occupations by the informative words their titles share with it, to offer as nearest.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from knowledge.title_index import (
    CATCH_ALL,
    COMMON,
    HEAD,
    MODIFIER_TITLES,
    NAMED,
    OWN,
    PACK,
    RARE,
    RARE_ENDS,
    TitleTables,
)

MAX_SPAN = 6
"""The longest title matched, in words."""
MAJORITY = 2 / 3
"""THE occupation of a title has more than this share of its candidates' employment (else
the title is ambiguous: "pilot" is 55% airline pilots, and is asked about)."""
MAX_MODIFIERS = 3
"""The most words before a title read as narrowing it."""
MIN_WORD = 4
"""The shortest word that names an occupation by itself ("chef", "cook"; not "law", "com")."""
MAX_CHOICES = 6
MIN_CHOICES = 3
FUZZY_MIN_LEN = 6
FUZZY_CUTOFF = 85.0
"""The least `fuzz.ratio` for correcting a word to a title word."""
NEAREST = 4
AGENT_STEM = 4
"""The fewest letters before a doer's ending ("tiktok-er", not "ov-er")."""
DOER_WORDS = 2
"""The most words a doer word names a doer with ("tukang las", "nhân viên bán hàng")."""


@dataclass(frozen=True)
class Candidate:
    """An occupation a title may mean, and how strongly."""

    occupation: int
    kind: int


@dataclass(frozen=True)
class Found:
    """A span of the message that names an occupation (or looks like one).

    `codes` are O*NET-SOC codes: one when the title means one occupation, several (best first)
    when it must be asked, the nearest ones when the phrase is `unknown`."""

    start: int
    end: int
    codes: tuple[str, ...]
    title: str
    """The title matched, as O*NET writes it (the phrase itself when unknown)."""
    unknown: bool = False

    @property
    def resolved(self) -> bool:
        """Whether the span names one occupation."""
        return len(self.codes) == 1 and not self.unknown


@dataclass
class TitleIndex(TitleTables):
    """The titles, compiled by the builder (`knowledge.title_index`), for matching."""

    _deletions: dict[str, tuple[str, ...]] | None = None
    _by_word: dict[str, list[int]] | None = None
    _title_counts: list[int] | None = None
    _starts: frozenset[str] | None = None

    @property
    def starts(self) -> frozenset[str]:
        """The first words of the keys, exact or head, that are not the whole key
        ("kindergarten" of "kindergarten teacher"): a longer span from a word can be a title
        only while its words so far begin one; built once."""
        if self._starts is None:
            found: set[str] = set()
            for key in (*self.exact, *self.heads):
                cut = key.rfind(" ")
                while cut > 0 and key[:cut] not in found:  # its shorter starts are in already
                    key = key[:cut]
                    found.add(key)
                    cut = key.rfind(" ")
            self._starts = frozenset(found)
        return self._starts

    def prepare(self) -> None:
        """Build the tables made on first use now, so that no message waits for them (the
        typo table takes about 0.2 s)."""
        _ = self.starts, self.deletions

    def word_key(self, word: str) -> str:
        """The canonical key of one folded word (`key` of one word)."""
        return self.canon.word(word)

    @property
    def deletions(self) -> dict[str, tuple[str, ...]]:
        """Each title word of 6+ letters and its one-letter deletions -> the words (a typo's
        deletions meet them within one edit, and a little further); built on first use."""
        if self._deletions is None:
            table: dict[str, set[str]] = defaultdict(set)
            for word in self.words:
                if len(word) >= FUZZY_MIN_LEN and word.isalpha() and word.isascii():
                    for key in _deletions(word):
                        table[key].add(word)
            self._deletions = {k: tuple(sorted(v)) for k, v in table.items()}
        return self._deletions

    # --- reading ---------------------------------------------------------------------------

    def correct(self, word: str) -> str | None:
        """The title word a typo most likely meant, or None."""
        if len(word) < FUZZY_MIN_LEN or not word.isalpha() or not word.isascii():
            return None
        candidates = {c for key in _deletions(word) for c in self.deletions.get(key, ())}
        best = process.extract(
            word, candidates, scorer=fuzz.ratio, processor=None, score_cutoff=FUZZY_CUTOFF, limit=2
        )
        if not best or (len(best) == 2 and best[0][1] == best[1][1]):
            return None
        return str(best[0][0])

    def common(self, key: str) -> bool:
        """Whether a key is a common title (an occupation's own, a reported, short or frequent
        one) or the head of an occupation's own title; a word that only ends other titles
        ("will" of "Will Call Clerk", "student" of "Graduate Student") is no title."""
        return any(packed % PACK <= COMMON for packed in self.exact.get(key, ())) or any(
            packed % PACK == HEAD for packed in self.heads.get(key, ())
        )

    def strong(self, key: str) -> bool:
        """Whether a key is an occupation's own title or the head of one."""
        return any(packed % PACK == OWN for packed in self.exact.get(key, ())) or any(
            packed % PACK == HEAD for packed in self.heads.get(key, ())
        )

    def candidates(self, key: str) -> list[Candidate]:
        """Every occupation a key may mean, each by its strongest kind of match; for one word,
        a rare title counts as much as a common one (a word many titles end with is generic
        even if one occupation reports it alone: "owner")."""
        best: dict[int, int] = {}
        head = key.rsplit(" ", 1)[-1]
        for table in (self.exact, self.heads):
            for packed in table.get(key, ()):
                occupation, kind = divmod(packed, PACK)
                if kind == COMMON and head in self.own_heads[occupation]:
                    kind = NAMED
                best[occupation] = min(best.get(occupation, RARE_ENDS), kind)
        if " " not in key:
            best = {o: min(k, NAMED) for o, k in best.items()}
        return [Candidate(o, k) for o, k in best.items()]

    def decide(self, candidates: list[Candidate]) -> tuple[str, ...]:
        """The occupation a title means (one code), or the few to ask between, best first."""
        strongest = min(c.kind for c in candidates)
        pool = [c.occupation for c in candidates if c.kind == strongest]
        groups: dict[str, list[int]] = defaultdict(list)
        for occupation in pool:
            groups[self.occupations[occupation].soc].append(occupation)
        weights = {
            soc: max(self.occupations[o].weight for o in members) for soc, members in groups.items()
        }
        ranked = sorted(groups, key=lambda soc: (-weights[soc], soc))
        total = sum(weights.values())
        best = ranked[0]
        if len(ranked) == 1 or (total > 0 and weights[best] / total > MAJORITY):
            return (self._representative(groups[best]),)
        choices = [self._representative(groups[soc]) for soc in ranked[:MAX_CHOICES]]
        if len(choices) < MIN_CHOICES:
            rest = [c for c in candidates if c.kind > strongest]
            more = self.decide(rest) if rest else ()
            choices += [c for c in more if c not in choices][: MIN_CHOICES - len(choices)]
        return tuple(choices)

    def _representative(self, members: list[int]) -> str:
        """A SOC group's occupation: its `.00` one when it is a candidate, else the first."""
        codes = sorted(self.occupations[m].code for m in members)
        return next((c for c in codes if c.endswith(".00")), codes[0])

    def having(self, words: Sequence[str]) -> list[Candidate]:
        """The occupations with a title that has all these words (any order), by the kind of
        that title."""
        by_word = self.by_word
        lists = sorted((by_word.get(w, []) for w in set(words)), key=len)
        if not lists or not lists[0]:
            return []
        common = set(lists[0]).intersection(*lists[1:])
        best: dict[int, int] = {}
        for i in common:
            key, _, occupation = self.titles[i]
            kinds = [p % PACK for p in self.exact.get(key, ()) if p // PACK == occupation]
            best[occupation] = min(best.get(occupation, RARE), *kinds, RARE)
        return [Candidate(o, k) for o, k in best.items()]

    @property
    def by_word(self) -> dict[str, list[int]]:
        """Canonical word -> the titles (positions in `titles`) that use it, built on first
        use (only an unknown occupation needs it)."""
        if self._by_word is None:
            table: dict[str, list[int]] = defaultdict(list)
            for i, (key, _, _) in enumerate(self.titles):
                for word in set(key.split()):
                    table[word].append(i)
            self._by_word = dict(table)
        return self._by_word

    def nearest(self, keys: Sequence[str], limit: int = NEAREST) -> tuple[str, ...]:
        """The occupations nearest a phrase no title is, best first, by its words in their
        titles: an occupation ranks by its one title sharing the most informative of the
        phrase's words (each weighted by its inverse occupation frequency: "data" in few
        occupations' titles says more than "manager" in many), then by how many of its people
        those words name (its US employment times the share of its titles that use them:
        most people called engineers are Software Developers); a catch-all ("..., All Other")
        comes after the rest. Words no title has ("prompt") say nothing either way."""
        by_word = self.by_word
        known = [w for w in dict.fromkeys(keys) if w in by_word]
        having = {w: Counter(self.titles[i][2] for i in by_word[w]) for w in known}
        count, sizes = len(self.occupations), self.title_counts
        weight = {  # rare among occupations, and the main word of some occupation's titles
            w: math.log(count / len(having[w])) * max(n / sizes[o] for o, n in having[w].items())
            for w in known
        }
        best: dict[int, float] = defaultdict(float)
        for i in {i for w in known for i in by_word[w]}:  # each title once
            key, _, occupation = self.titles[i]
            words = set(key.split())
            shared = sum(weight[x] for x in known if x in words)
            best[occupation] = max(best[occupation], shared)

        def rank(occupation: int) -> tuple[bool, float, float]:
            o = self.occupations[occupation]
            named = sum(o.weight * having[w][occupation] / sizes[occupation] for w in known)
            catch_all = CATCH_ALL.search(o.title.casefold()) is not None
            return catch_all, -round(best[occupation], 9), -named

        return tuple(self.occupations[o].code for o in sorted(best, key=rank)[:limit])

    @property
    def title_counts(self) -> list[int]:
        """How many titles each occupation has (built on first use, with `by_word`)."""
        if self._title_counts is None:
            counts = Counter(occupation for _, _, occupation in self.titles)
            self._title_counts = [counts[i] for i in range(len(self.occupations))]
        return self._title_counts

    def title_of(self, key: str, code: str) -> str:
        """The title as written that a key matched for an occupation (its own title else)."""
        titles = self.titles
        i = bisect_left(titles, key, key=lambda t: t[0])
        while i < len(titles) and titles[i][0] == key:
            _, title, occupation = titles[i]
            if self.occupations[occupation].code == code:
                return title
            i += 1
        return next(o.title for o in self.occupations if o.code == code)


def _deletions(word: str) -> set[str]:
    """The word and each string made by deleting one of its letters."""
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


@dataclass(frozen=True)
class Words:
    """A message's words as the title resolver reads them (from the parser)."""

    words: Sequence[str]
    """Each word folded (case and Latin diacritics)."""
    corrected: Sequence[str]
    """Each word as the parser corrected it ("pharmasist" -> "pharmacist")."""
    breaks: Sequence[bool]
    """Whether punctuation precedes each word."""
    blocked: frozenset[int]
    """Positions the parser has read as something else (a role, place or level)."""
    means_else: Callable[[str], bool]
    """Whether a word means something else to the parser on its own (a cue, a level, a
    place, a function word): such a word is never an occupation by itself."""
    function: Callable[[str], bool]
    """Whether a word is a function word (a preposition, an article, a pronoun ...)."""
    known: Callable[[str], bool]
    """Whether the parser knows a word at all (in any name, cue or word list)."""
    common: Callable[[str], bool]
    """Whether a word is a frequent ordinary word."""
    endings: tuple[str, ...] = ()
    """Endings of nouns that name a doer, in the message's languages ("-er", "-kraft")."""
    doers: frozenset[str] = frozenset()
    """Words that name a doer with the words after them ("tukang", "thợ")."""
    identities: frozenset[str] = frozenset()
    """Words that say what the person is before a title ("i m a", "ich bin")."""

    def introduced(self, i: int) -> bool:
        """Whether the words right before a position say what the person is ("I'm a")."""
        return not self.breaks[i] and any(
            " ".join(self.words[i - k : i]) in self.identities for k in (3, 2, 1) if i >= k
        )


class TitleResolver:
    """Finds occupations in messages."""

    def __init__(self, index: TitleIndex) -> None:
        self.index = index
        index.prepare()

    def find(self, reading: Words) -> list[Found]:
        """The occupation spans of a message, in order, none overlapping."""
        index = self.index
        read = [self._token(i, reading) for i in range(len(reading.words))]
        tokens = [token for token, _ in read]
        guessed = {i for i, (_, guess) in enumerate(read) if guess}
        spans: list[tuple[int, int, str]] = []
        n = len(tokens)
        free = [bool(token) and i not in reading.blocked for i, token in enumerate(tokens)]
        for start in range(n):
            if not free[start]:
                continue
            longest = start + 1  # the longest span from here: free words, no break inside
            while (
                longest < min(n, start + MAX_SPAN) and free[longest] and not reading.breaks[longest]
            ):
                longest += 1
            spans += reversed(self._titles_from(tokens, start, longest))
        spans.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
        found: list[Found] = []
        taken: set[int] = set()
        for start, end, key in spans:
            if not taken.isdisjoint(range(start, end)):
                continue
            if end - start == 1 and not self._alone(
                reading, start, tokens[start], start in guessed
            ):
                continue
            codes = index.decide(index.candidates(key))
            start, codes, unknown = self._narrow(reading, tokens, start, end, taken, codes)
            if unknown:  # "prompt engineer": none of the engineers
                found.append(self._unknown(start, end, tokens[start:end], reading))
                taken.update(range(start, end))
                continue
            key = " ".join(tokens[start:end])
            title = index.title_of(key, codes[0]) if len(codes) == 1 else key
            found.append(Found(start, end, codes, title))
            taken.update(range(start, end))
        found += self._agents(reading, tokens, taken)
        return sorted(found, key=lambda f: f.start)

    def _titles_from(self, tokens: list[str], start: int, end: int) -> list[tuple[int, int, str]]:
        """The titles (spans and keys) that start at a word and end by `end`, shortest first:
        longer spans are tried while the words so far begin some longer title."""
        index, starts = self.index, self.index.starts
        found: list[tuple[int, int, str]] = []
        key = ""
        for stop in range(start + 1, end + 1):
            key = f"{key} {tokens[stop - 1]}" if key else tokens[stop - 1]
            if key in index.exact or key in index.heads:
                found.append((start, stop, key))
            if key not in starts:
                break
        return found

    def _token(self, i: int, reading: Words) -> tuple[str, bool]:
        """A word's canonical form, corrected to a title word when it is a typo of one: as
        the parser corrected it, else guessed by the titles (True: never a word the parser
        knows as it is, nor a frequent word)."""
        index = self.index
        word = reading.words[i]
        key = index.word_key(word)
        if key in index.words:
            return key, False
        fixed = index.word_key(reading.corrected[i])
        if fixed != key and fixed in index.words:
            return fixed, False
        if reading.known(word) or reading.common(word):
            return key, False
        guess = index.correct(key)
        return (guess, True) if guess is not None else (key, False)

    def _alone(self, reading: Words, i: int, token: str, guessed: bool) -> bool:
        """Whether one word may name an occupation by itself: a word a common title is (or
        ends), not one that means something else (a cue, a level, a place, a function word),
        a guessed typo only of an own title ("bitte" is not "Bitter"), and, unless it is a
        name in another language, not followed by a word the parser does not know ("model
        deployment", "cook rice": there it is a modifier or a verb; "plumber jobs" is fine)."""
        word, index = reading.words[i], self.index
        if reading.means_else(word) or len(word) < MIN_WORD or not index.common(token):
            return False
        if guessed and not index.strong(token):
            return False
        if token in index.local or reading.introduced(i):
            return True
        after = i + 1
        return (
            after >= len(reading.words)
            or reading.breaks[after]
            or reading.known(reading.words[after])
        )

    def _narrow(
        self,
        reading: Words,
        tokens: list[str],
        start: int,
        end: int,
        taken: set[int],
        codes: tuple[str, ...],
    ) -> tuple[int, tuple[str, ...], bool]:
        """A title read with the words before it that titles use as modifiers: the
        occupations with a title that has them too ("high school" + "math teacher"); when no
        title has them, a title that fits several occupations is none of them ("prompt
        engineer", "product owner": an occupation the data does not have), while one that
        names one occupation stays it ("night shift nurse")."""
        modifiers: list[int] = []
        position = start - 1
        while len(modifiers) < MAX_MODIFIERS and self._modifies(reading, tokens, position, taken):
            modifiers.insert(0, position)
            if reading.breaks[position]:
                break
            position -= 1
        for first in modifiers:  # all of them first, then fewer
            narrowed = self.index.having(tokens[first:end])
            if narrowed:
                return first, self.index.decide(narrowed), False
        if modifiers and len(codes) > 1:
            return modifiers[-1], codes, True
        return start, codes, False

    def _modifies(self, reading: Words, tokens: list[str], position: int, taken: set[int]) -> bool:
        """Whether the word at a position may modify the title after it: no word of another
        meaning, and either one no title has (and no frequent word: "prompt") or one many
        titles use before their head ("product", "school")."""
        if position < 0 or position in taken or position in reading.blocked:
            return False
        if reading.breaks[position + 1]:
            return False
        word = reading.words[position]
        if not word.isalpha() or len(word) < MIN_WORD - 1 or reading.means_else(word):
            return False
        occupational = self.index.modifiers.get(word, 0) >= MODIFIER_TITLES
        foreign = tokens[position] not in self.index.words and not reading.common(word)
        return occupational or foreign

    def _unknown(self, start: int, end: int, phrase: list[str], reading: Words) -> Found:
        """An occupation the data does not have, with the nearest ones (`TitleIndex.nearest`:
        "data annotator" -> Data Scientists ...; "prompt engineer" -> Software Developers and
        the engineers most people called engineers are)."""
        typed = " ".join(reading.words[start:end])
        return Found(start, end, self.index.nearest(phrase), typed, unknown=True)

    def _agents(self, reading: Words, tokens: list[str], taken: set[int]) -> list[Found]:
        """Unknown words that name a doer ("tiktoker", "dropshipper", "Pflegekraft"), with
        the modifiers before them that titles use ("data annotator"); and the unknown words
        a doer word names a doer with ("tukang las")."""
        found = self._doer_phrases(reading, tokens, taken)
        for i, word in enumerate(reading.words):
            if i in taken or i in reading.blocked or not self._agent(reading, word):
                continue
            start = i
            while (
                start > 0
                and start - 1 not in taken
                and start - 1 not in reading.blocked
                and not reading.breaks[start]
                and self.index.modifiers.get(reading.words[start - 1], 0) >= MODIFIER_TITLES
                and not reading.function(reading.words[start - 1])
            ):
                start -= 1
            phrase = [*tokens[start:i], self.index.key([word])]  # the word itself, not a "fix"
            found.append(self._unknown(start, i + 1, phrase, reading))
            taken.update(range(start, i + 1))
        return found

    def _agent(self, reading: Words, word: str) -> bool:
        """Whether a word is an agent noun no title has: a doer's ending after 4+ letters,
        and a word that is no title's, means nothing else and is neither frequent nor known."""
        if not word.endswith(reading.endings) or not word.isalpha():
            return False
        if not any(word.endswith(e) and len(word) - len(e) >= AGENT_STEM for e in reading.endings):
            return False
        if self.index.key([word]) in self.index.words or reading.means_else(word):
            return False
        return not (reading.common(word) or reading.known(word))

    def _doer_phrases(self, reading: Words, tokens: list[str], taken: set[int]) -> list[Found]:
        """A doer word with the unknown words after it ("tukang las": a welder), an
        occupation the data does not have by that name."""
        found: list[Found] = []
        words, n = reading.words, len(reading.words) if reading.doers else 0
        for i in range(n):
            size = next((k for k in (2, 1) if " ".join(words[i : i + k]) in reading.doers), 0)
            if not size or any(j in taken or j in reading.blocked for j in range(i, i + size)):
                continue
            end = i + size
            while (
                end < min(n, i + size + DOER_WORDS)
                and end not in taken
                and end not in reading.blocked
                and not reading.breaks[end]
                and not reading.means_else(words[end])
            ):
                end += 1
            if end > i + size:
                found.append(self._unknown(i, end, list(tokens[i:end]), reading))
                taken.update(range(i, end))
        return found
