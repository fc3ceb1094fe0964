"""Understanding typed messages: slots and intent by fuzzy matching (rapidfuzz) against the store.

The parser never matches one fuzzy score over a whole sentence. It
1. reads the text once (`bot.conversation.text`: cleaned, a `/command` split off);
2. corrects each unknown word of 4+ letters to the nearest vocabulary word with `fuzz.ratio`
   (candidates come from a deletion index, so the cost does not grow with the vocabulary);
3. matches phrases of 1-4 words, longest first, to roles, countries, levels and other
   occupations, then intent cues among the words left over;
4. scores intents from the cues and picks slots, with a confidence from cue strength, typo
   distance and the margin over the runner-up.
Every word it knows comes from the knowledge store, so a new role or alias is a data change.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from babel.numbers import get_currency_symbol
from rapidfuzz import fuzz, process

from bot.conversation.query import Query
from bot.conversation.sections import COMMAND_INTENTS
from bot.conversation.text import Message, read
from knowledge.schema import INTENTS, LEVELS, Intent, Level
from knowledge.store import Store, Term
from knowledge.text import normalise

MAX_WORDS = 4
"""The longest phrase matched, in words."""
FUZZY_MIN_LEN = 4
"""Only words of at least this many characters are corrected."""
TARGET_MIN_LEN = 5
"""Only vocabulary words of at least this many characters are correction targets."""
CUTOFF = 80.0
"""The least `fuzz.ratio` for a correction."""
UNKNOWN_CONFIDENCE = 0.35
"""The most confidence an unknown (out-of-scope) parse reports."""
POSSESSIVES = frozenset({"my", "our", "his", "her", "their"})
"""Words that make a level someone else's ("my manager says...")."""
STRONG, WEAK = 1.0, 0.35
"""Intent weight of a strong and a weak cue word."""

PRIORITY: tuple[Intent, ...] = (
    "salary",
    "day_in_life",
    "ai_risk",
    "pivots",
    "career_path",
    "skills",
    "sources",
    "overview",
    "unknown",
    "help",
)
"""Tie-break between intents with the same score: the more specific first (an intent not
listed comes after those listed)."""

ENTITY_KINDS = frozenset({"role", "country", "level", "other_role"})
INTENT_KINDS = frozenset({"intent"})
WORD_LISTS = frozenset({"common", "code_word", "follow_up", "spelling", "comparison", "navigation"})
DIALOG_KINDS = frozenset({"topic", "small_talk"})
"""Words the dialog matches (`bot.conversation.cues`), not the parser."""
NUMBER_WORDS = {
    "one": 1,
    "a": 1,
    "an": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
}

_MENTION = re.compile(r"@[A-Za-z0-9_]{3,}")
_WORD = re.compile(r"[^\W_]+")
MONEY_WORDS = ("dollars?", "euros?", "pounds?")
"""Words for money besides the store's currency codes and local symbols."""


def money_pattern(currencies: Iterable[tuple[str, str]]) -> re.Pattern[str]:
    """Amounts of money: `$150k`, `RM 9000`, `25 million VND`, `EUR 80000`, `18 LPA`.

    `currencies` are (ISO code, locale) pairs; each locale's symbol comes from Babel (CLDR).
    """
    names = {code.lower() for code, _ in currencies}
    marks = {"$"}
    for code, locale in currencies:
        symbol = get_currency_symbol(code, locale)
        (names if symbol.isalpha() else marks).add(symbol.lower())
    words = "|".join([*(re.escape(n) for n in sorted(names)), *MONEY_WORDS])
    signs = "|".join(re.escape(m) for m in sorted(marks))
    return re.compile(
        rf"(?:(?:{signs})\s?\d|\b(?:{words})\s?\d|\d\s?(?:{words})\b"
        r"|\b\d+(?:[.,]\d+)?\s?(?:k|m|mil|million|lpa|lakhs?|lacs?|crores?|cr)\b)",
        re.IGNORECASE,
    )


_MONTHS = re.compile(
    r"\b(\d{1,2})\s*(?:months?|mos?)\b(?!\s+(?:from now|ago|later))", re.IGNORECASE
)
_YEARS = re.compile(
    r"(?<!\bin )(?<!\bnext )(?<!\bwithin )\b(\d{1,2}(?:\.\d)?|"
    + "|".join(NUMBER_WORDS)
    + r")\s*\+?\s*(?:years?|yrs?|yoe)\b(?!\s+(?:from now|ago|time|later))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Target:
    """What a phrase names: a kind (role, country, level, other_role, intent) and a key."""

    kind: str
    key: str
    origin: str


@dataclass(frozen=True)
class Span:
    """A matched phrase: its word positions and what it names."""

    start: int
    size: int
    targets: tuple[Target, ...]


@dataclass
class Words:
    """A message as words: the original spelling, the normal form and the corrected form."""

    original: list[str]
    normal: list[str]
    corrected: list[str]
    similarity: list[float]
    shouting: bool
    arguments: bool


@dataclass
class Vocabulary:
    """The store's terms compiled for matching."""

    phrases: dict[str, list[Target]] = field(default_factory=lambda: defaultdict(list))
    compact: dict[str, list[Target]] = field(default_factory=lambda: defaultdict(list))
    known: set[str] = field(default_factory=set)
    common: set[str] = field(default_factory=set)
    code_words: set[str] = field(default_factory=set)
    spellings: dict[str, str] = field(default_factory=dict)
    follow_ups: set[str] = field(default_factory=set)
    comparisons: set[str] = field(default_factory=set)
    navigation: dict[str, str] = field(default_factory=dict)
    deletions: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    longest: dict[str, int] = field(default_factory=dict)
    longest_word: int = 0

    @classmethod
    def from_terms(cls, terms: Iterable[Term]) -> Vocabulary:
        """Index terms by phrase, by phrase without spaces, and by word deletions."""
        vocab = cls()
        for term in terms:
            if term.kind in DIALOG_KINDS:
                continue
            if term.kind in WORD_LISTS:
                vocab._add_word_list(term)
                continue
            target = Target(term.kind, term.target, term.origin)
            vocab.phrases[term.norm].append(target)
            first, size = term.norm.split(" ", 1)[0], term.norm.count(" ") + 1
            vocab.longest[first] = max(vocab.longest.get(first, 0), size)
            if " " in term.norm:
                vocab.compact[term.norm.replace(" ", "")].append(target)
            vocab.known.update(term.norm.split())
        vocab.longest_word = max(map(len, vocab.known), default=0)
        for word in vocab.known:
            if len(word) >= TARGET_MIN_LEN and word.isalpha():
                for key in _deletions(word, 1 if len(word) < 8 else 2):
                    vocab.deletions[key].add(word)
        return vocab

    def _add_word_list(self, term: Term) -> None:
        if term.kind == "common":
            self.common.add(term.norm)
        elif term.kind == "code_word":
            self.code_words.add(term.norm)
        elif term.kind == "follow_up":
            self.follow_ups.add(term.norm)
        elif term.kind == "comparison":
            self.comparisons.add(term.norm)
        elif term.kind == "navigation":
            self.navigation[term.norm] = term.target
        else:
            self.spellings[term.norm] = normalise(term.target)

    def correct(self, word: str) -> tuple[str, float]:
        """The vocabulary word a typo most likely meant, with its similarity (0-100)."""
        word = self.spellings.get(word, word)
        if word in self.known or not word.isalpha():
            return word, 100.0
        for suffix in ("s", "es"):
            if word.endswith(suffix) and word[: -len(suffix)] in self.known:
                return word[: -len(suffix)], 100.0
        if not FUZZY_MIN_LEN <= len(word) <= self.longest_word + 2 or word in self.common:
            return word, 100.0
        candidates: set[str] = set()
        for key in _deletions(word, 1 if len(word) < 8 else 2):
            candidates |= self.deletions.get(key, set())
        best = process.extract(
            word, candidates, scorer=fuzz.ratio, processor=None, score_cutoff=CUTOFF, limit=2
        )
        if not best:
            return word, 100.0
        if len(best) == 2 and best[0][1] == best[1][1]:
            same_start = [c for c, _, _ in best if c[0] == word[0]]
            if len(same_start) == 1:
                return same_start[0], best[0][1]
            if self._meanings(best[0][0]) != self._meanings(best[1][0]):
                return word, 100.0
        return best[0][0], best[0][1]

    def _meanings(self, word: str) -> set[tuple[str, str]]:
        return {(t.kind, t.key) for t in self.phrases.get(word, [])}


def _deletions(word: str, depth: int) -> set[str]:
    """The word and every string made by deleting up to `depth` characters from it."""
    found, frontier = {word}, {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w)) if len(w) > 3}
        found |= frontier
    return found


@dataclass(frozen=True)
class Stage:
    """A career stage's experience range and level."""

    years_min: int
    years_max: int | None
    level: Level


class Parser:
    """Turns text into a Query using the store's vocabulary."""

    def __init__(
        self,
        vocabulary: Vocabulary,
        stages: dict[str, list[Stage]],
        default_role: str,
        currencies: Iterable[tuple[str, str]] = (("USD", "en_US"),),
    ) -> None:
        self.vocabulary = vocabulary
        self.stages = stages
        self.default_role = default_role
        self.money = money_pattern(currencies)

    @classmethod
    def from_store(cls, store: Store) -> Parser:
        """A parser for the store's vocabulary and career stages."""
        stages = {
            role.slug: [
                Stage(s.years_min, s.years_max, s.level)
                for s in store.career_path(role.slug).stages
            ]
            for role in store.roles()
        }
        currencies = {(c.currency, c.locale) for c in store.countries()}
        return cls(
            Vocabulary.from_terms(store.vocabulary()), stages, store.roles()[0].slug, currencies
        )

    def parse(self, text: str) -> Query:
        """Understand one message; never raises, whatever the text."""
        return self.understand(read(text))

    def understand(self, message: Message) -> Query:
        """Understand a message already read (cleaned, its command split off)."""
        command_intent: Intent | None = None
        if message.command is not None:
            command_intent = COMMAND_INTENTS.get(message.command, "unknown")
        cleaned = _MENTION.sub(" ", message.body)
        words = self._words(cleaned, arguments=message.command is not None)
        matches = self._matches(words)
        entities = self._spans(words, matches, ENTITY_KINDS, taken=set())
        taken = {i for s in entities for i in range(s.start, s.start + s.size)}
        cues = self._spans(words, matches, INTENT_KINDS, taken)
        return self._decide(cleaned, words, entities, cues, command_intent)

    # --- steps ---------------------------------------------------------------------------------

    def _words(self, text: str, *, arguments: bool) -> Words:
        original = _WORD.findall(text)
        normal = [w.casefold() for w in original]
        corrected, similarity = [], []
        for word in normal:
            fixed, score = self.vocabulary.correct(word)
            corrected.append(fixed)
            similarity.append(score)
        letters = [c for c in text if c.isalpha()]
        shouting = len(letters) >= 6 and sum(c.isupper() for c in letters) > 0.6 * len(letters)
        return Words(original, normal, corrected, similarity, shouting, arguments)

    def _matches(self, words: Words) -> list[Span]:
        """Every known phrase of 1-4 words, written as in the vocabulary or without spaces."""
        vocab, tokens = self.vocabulary, words.corrected
        found: list[Span] = []
        for start, first in enumerate(tokens):
            longest = min(MAX_WORDS, len(tokens) - start)
            for size in range(1, longest + 1):
                targets = None
                if size <= vocab.longest.get(first, 0):
                    targets = vocab.phrases.get(" ".join(tokens[start : start + size]))
                if not targets:
                    targets = vocab.compact.get("".join(tokens[start : start + size]))
                if targets:
                    found.append(Span(start, size, tuple(targets)))
        found.sort(key=lambda s: (-s.size, s.start))
        return found

    def _spans(
        self, words: Words, matches: list[Span], kinds: frozenset[str], taken: set[int]
    ) -> list[Span]:
        """Matches of the given kinds, longest first, not overlapping each other or `taken`."""
        spans: list[Span] = []
        for match in matches:
            places = range(match.start, match.start + match.size)
            if any(i in taken for i in places):
                continue
            targets = tuple(t for t in match.targets if t.kind in kinds)
            if (
                match.size == 1
                and targets
                and not self._plausible_code(words, match.start, targets)
            ):
                continue
            if targets:
                spans.append(Span(match.start, match.size, targets))
                taken.update(places)
        return sorted(spans, key=lambda s: s.start)

    def _plausible_code(self, words: Words, index: int, targets: tuple[Target, ...]) -> bool:
        """A two-letter word that is also a country code counts only when used as one."""
        word = words.normal[index]
        if not any(t.kind == "country" for t in targets) or word not in self.vocabulary.code_words:
            return True
        if words.arguments:
            return True
        capitals = words.original[index].isupper() and not words.shouting
        after_the = index > 0 and words.normal[index - 1] == "the"
        return capitals or after_the

    def _decide(
        self,
        text: str,
        words: Words,
        entities: list[Span],
        cues: list[Span],
        command_intent: Intent | None,
    ) -> Query:
        roles = _keys(entities, "role")
        countries = _keys(entities, "country")
        taken = {i for s in entities for i in range(s.start, s.start + s.size)}
        levels = _keys([s for s in entities if not _someone_elses(words, s, taken)], "level")
        role = roles[0] if roles else None
        seniority = _as_level(levels[0]) if levels else self._years(text, role)
        if command_intent is not None:
            intent: Intent = command_intent
            confidence = 0.97 if command_intent != "unknown" else 0.3
        elif _keys(entities, "other_role") and not roles:
            intent, confidence = "unknown", 0.7
        else:
            intent, confidence = self._free_text_intent(words, cues, roles, countries, seniority)
        typo = min(words.similarity, default=100.0) / 100
        navigate = self.vocabulary.navigation.get(" ".join(words.normal))
        if intent == "unknown":
            confidence = min(confidence, UNKNOWN_CONFIDENCE)
        others = [s for s in entities if any(t.kind == "other_role" for t in s.targets)]
        return Query(
            intent=intent,
            role=role,
            roles=roles,
            countries=countries,
            seniority=seniority,
            confidence=round(confidence * typo, 3),
            compare=self._mentions(words, self.vocabulary.comparisons),
            navigate=navigate if navigate in ("next", "previous") else None,
            unknown_role=" ".join(
                words.original[others[0].start : others[0].start + others[0].size]
            )
            if others
            else None,
            rest=tuple(w for i, w in enumerate(words.corrected) if i not in taken),
            rest_typed=tuple(w for i, w in enumerate(words.normal) if i not in taken),
            cued=bool(cues) or command_intent is not None,
        )

    def _mentions(self, words: Words, phrases: set[str]) -> bool:
        """Whether any of the phrases (up to three words) occurs in the message."""
        tokens = words.normal
        return any(
            " ".join(tokens[i : i + n]) in phrases
            for n in (1, 2, 3)
            for i in range(len(tokens) - n + 1)
        )

    def _free_text_intent(
        self,
        words: Words,
        cues: list[Span],
        roles: list[str],
        countries: list[str],
        seniority: Level | None,
    ) -> tuple[Intent, float]:
        """The intent of a message that is not a command, and how sure that is."""
        scores = _scores(cues)
        if self.money.search(" ".join(words.original)):
            scores["salary"] = max(scores["salary"], STRONG)
        if len(countries) >= 2:
            scores["salary"] += WEAK
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], _rank(kv[0])))
        best_intent, best = ranked[0] if ranked else ("unknown", 0.0)
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        has_slots = bool(roles or countries or seniority)
        if best < STRONG and self._is_follow_up(words):
            return "unknown", 0.4 if has_slots else 0.1
        if best_intent == "career_path" and len(roles) >= 2:
            best_intent = "pivots"
        if best == 0.0 or (best < STRONG and best_intent == "overview" and not roles):
            if roles:
                return "overview", 0.6
            return "unknown", 0.35 if has_slots else 0.05
        confidence = 0.9 if best >= STRONG else 0.65
        if best - runner_up < 0.3:
            confidence *= 0.8
        return best_intent, confidence

    def _is_follow_up(self, words: Words) -> bool:
        """Whether the message starts like a continuation ("and in Germany?")."""
        return any(
            " ".join(words.corrected[:n]) in self.vocabulary.follow_ups
            for n in range(1, min(3, len(words.corrected)) + 1)
        )

    def _years(self, text: str, role: str | None) -> Level | None:
        """Seniority from experience ("3 years of experience"), by the role's career stages."""
        match = _YEARS.search(text)
        months = _MONTHS.search(text)
        if match:
            raw = match.group(1).lower()
            years = float(NUMBER_WORDS.get(raw, raw))
        elif months:
            years = int(months.group(1)) / 12
        else:
            return None
        for stage in self.stages.get(role or self.default_role, []):
            if years >= stage.years_min and (stage.years_max is None or years < stage.years_max):
                return stage.level
        return None


def _scores(cues: list[Span]) -> dict[Intent, float]:
    """Each intent's score: its strongest cue, plus a little for every further cue."""
    weights: dict[Intent, list[float]] = defaultdict(list)
    for span in cues:
        for target in span.targets:
            strong = target.origin == "cue"
            weight = STRONG + 0.1 * (span.size - 1) if strong else WEAK
            weights[_as_intent(target.key)].append(weight)
    scores: dict[Intent, float] = defaultdict(float)
    for intent, found in weights.items():
        found.sort(reverse=True)
        scores[intent] = found[0] + sum(0.15 if w >= STRONG else 0.05 for w in found[1:])
    return scores


def _rank(intent: Intent) -> int:
    """An intent's place in the tie-break."""
    return PRIORITY.index(intent) if intent in PRIORITY else len(PRIORITY)


def _someone_elses(words: Words, span: Span, taken: set[int]) -> bool:
    """A level after a possessive ("my manager") names another person, not the asker."""
    before = span.start - 1
    return before >= 0 and before not in taken and words.normal[before] in POSSESSIVES


def _keys(spans: list[Span], kind: str) -> list[str]:
    keys: list[str] = []
    for span in spans:
        for target in span.targets:
            if target.kind == kind and target.key not in keys:
                keys.append(target.key)
    return keys


def _as_level(value: str) -> Level:
    for level in LEVELS:
        if level == value:
            return level
    raise ValueError(value)


def _as_intent(value: str) -> Intent:
    for intent in INTENTS:
        if intent == value:
            return intent
    raise ValueError(value)
