"""Understanding typed messages: slots and intent by fuzzy matching (rapidfuzz) against the store.

The parser never matches one fuzzy score over a whole sentence. It
1. reads the text once (`bot.conversation.text`: cleaned, a `/command` split off), splits it
   into words (a Thai run, written without spaces, is segmented against the vocabulary) and
   folds them (case, Latin diacritics: "Việt Nam" and "viet nam" are one);
2. corrects each unknown word of 4+ letters to the nearest vocabulary word with `fuzz.ratio`
   (candidates come from a deletion index, so the cost does not grow with the vocabulary);
3. matches phrases, longest first, to roles, places, levels and other
   occupations, then intent cues and move words among the words left over. A short word that
   is also an ordinary word ("in", "my", "de", "di", "Anh") names a place or a role only where
   the sentence gives it that part (see `Parser._reading`);
4. scores intents from the cues and picks slots, with a confidence from cue strength, typo
   distance and the margin over the runner-up.
Every word it knows comes from the knowledge store (in every language it has), so a new role,
alias or language is a data change.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

from babel.numbers import get_currency_symbol
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.conversation.amounts import AmountReader, Reading
from bot.conversation.intent_model import IntentModel, as_intent
from bot.conversation.places import Mention, Places
from bot.conversation.query import Query
from bot.conversation.sections import COMMAND_INTENTS
from bot.conversation.text import Message, read
from bot.conversation.titles import Found, TitleIndex, TitleResolver
from bot.conversation.titles import Words as TitleWords
from knowledge.schema import LEVELS, Intent, Level
from knowledge.store import Store, Term
from knowledge.text import WORD, fold, match_form

T = TypeVar("T")

MAX_WORDS = 4
"""The longest phrase matched written without its spaces ("machinelearning engineer"), in
words; phrases written as in the vocabulary match whatever their length."""
FUZZY_MIN_LEN = 4
"""Only words of at least this many characters are corrected."""
TARGET_MIN_LEN = 5
"""Only vocabulary words of at least this many characters are correction targets."""
CUTOFF = 80.0
"""The least `fuzz.ratio` for a correction."""
UNKNOWN_CONFIDENCE = 0.35
"""The most confidence an unknown (out-of-scope) parse reports."""
STRONG, WEAK = 1.0, 0.35
"""Intent weight of a strong and a weak cue word."""
MOVE_REACH = 2
"""The most words between a move word and the role it points at ("become a good X")."""
LEARNED_MIN = 0.5
"""The least posterior probability for the learned guess to replace the default overview."""
LEARNED_WORDS = 2
"""The fewest words of three or more letters, besides names and ordinary words (function words,
the languages' markers), the learned model guesses from ("plumber jobs in Canada" leaves one:
too little to go on)."""
LEARNED_CONFIDENCE = 0.6
"""The confidence a learned guess reports (that of the default overview)."""
LEARNED_SURE = 0.9
"""The least posterior probability for the learned guess that a message naming no role asks
nothing the bot answers (unknown), or asks about the bot (help), to outweigh its cue words."""
BESIDE: frozenset[Intent] = frozenset({"unknown", "help"})
"""The intents of messages that ask the bot for no figures or advice."""
ACCENTED_MAX = 4
"""The longest name written only with diacritics that is not read from the bare letters in
another language's message ("Mỹ" vs "my", "Síp" vs "sip"; "Zürich" typed "Zurich" is read)."""
COMPOUND_MIN = 4
"""The fewest letters of each part of a compound read apart."""
THAI_LONGEST = 24
"""The longest Thai vocabulary word tried when segmenting, in characters."""

PRIORITY: tuple[Intent, ...] = (
    "salary",
    "pivots",
    "day_in_life",
    "ai_risk",
    "career_path",
    "skills",
    "sources",
    "overview",
    "unknown",
    "help",
)
"""Tie-break between intents with the same score: the more specific first (an intent not
listed comes after those listed)."""

MOVE_INTENTS = frozenset({"career_path", "pivots"})
"""Intents that are moves: their cue phrases may hold a move's words ("move from")."""
SIDE_WEAK = MOVE_INTENTS | {"salary"}
"""Intents whose weak cues ("vs", "from", "into") roles set side by side do not decide: the
comparison asks what each role is."""
ENTITY_KINDS = frozenset({"role", "country", "place", "level", "other_role"})
PLACE_KINDS = frozenset({"country", "place"})
NAMING_KINDS = frozenset({"role", "country", "place", "level"})
"""Kinds of names a code may stand beside as an argument ("salary ds IN senior")."""
NAME_KINDS = frozenset({"role", "country", "place", "other_role"})
"""Kinds of names read whatever the message's language (other words only in their own)."""
INTENT_KINDS = frozenset({"intent"})
MOVE_KINDS = frozenset({"move"})
GRAMMAR_SETS = (
    "money",
    "follow_up",
    "comparison",
    "contrast",
    "conjunction",
    "correction",
    "span",
)
"""Word sets of a language's grammar: their words are known words of it, never typos ("oder"
is German for "or", not "coder")."""
WORD_SETS = frozenset(
    {
        "common",
        "follow_up",
        "comparison",
        "contrast",
        "conjunction",
        "suffix",
        "link",
        "locative",
        "determiner",
        "function",
        "possessive",
        "money",
        "marker",
        "span",
        "correction",
        "doer_ending",
        "doer_word",
        "identity",
        "into",
    }
)
"""Kinds of terms kept as plain sets of words (or phrases) rather than matched as names."""
CORRECT_CACHE = 100_000
"""Words whose correction is remembered, for each set of languages read."""
DIALOG_KINDS = frozenset({"topic", "small_talk"})
"""Words the dialog matches (`bot.conversation.cues`), not the parser."""
FUZZY_KINDS = frozenset({"role", "country", "level", "intent", "other_role"})
"""Kinds whose words are targets of typo correction (not the places the bot does not cover)."""

_MENTION = re.compile(r"@[A-Za-z0-9_]{3,}")
_DIGIT = re.compile(r"\d")
_THAI_RUN = re.compile(r"([\u0e00-\u0e7f]+)")
_PUNCTUATION = re.compile(r"[,.;:!?()\[\]|/–—-]")
_UPPER, _LOWER = re.compile(r"[A-Z]"), re.compile(r"[a-z]")
_NUMBER = re.compile(r"^(\d{1,2}(?:[.,]\d)?)([^\W\d_]*)$")
_VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
"""Letters only Vietnamese writes (Latin Extended Additional and ơ, ư, ă, đ)."""


def money_pattern(
    currencies: Iterable[tuple[str, str]], words: Iterable[str] = ()
) -> re.Pattern[str]:
    """Amounts of money: `$150k`, `RM 9000`, `25 million VND`, `EUR 80000`, `18 LPA`, `25 juta`.

    `currencies` are (ISO code, locale) pairs; each locale's symbol comes from Babel (CLDR);
    `words` are the languages' words for amounts after a number.
    """
    names = {code.lower() for code, _ in currencies}
    marks = {"$", "€", "£", "₹", "฿", "₱", "₫"}
    for code, locale in currencies:
        symbol = get_currency_symbol(code, locale)
        (names if symbol.isalpha() else marks).add(symbol.lower())
    amounts = "|".join(re.escape(w) for w in sorted({*words}, key=len, reverse=True))
    names_re = "|".join(re.escape(n) for n in sorted(names))
    signs = "|".join(re.escape(m) for m in sorted(marks))
    return re.compile(
        rf"(?:(?:{signs})\s?\d|\d\s?(?:{signs})|\b(?:{names_re})\s?\d|\d\s?(?:{names_re})\b"
        rf"|\d+(?:[.,]\d+)*\s?(?:{amounts or 'k'})(?![^\W\d_]))",
        re.IGNORECASE,
    )


class Target(NamedTuple):
    """What a phrase names: a kind (role, country, place, level, other_role, intent, move) and
    a key."""

    kind: str
    key: str
    origin: str
    lang: str = "en"


class Span(NamedTuple):
    """A matched phrase: its word positions and what it names (a named tuple: a message
    makes dozens)."""

    start: int
    size: int
    targets: tuple[Target, ...]

    @property
    def end(self) -> int:
        """The position after its last word."""
        return self.start + self.size

    def keys(self, kind: str) -> list[str]:
        """The keys it names of one kind."""
        targets = self.targets
        if len(targets) == 1:  # most spans: no comprehension to run
            return [targets[0].key] if targets[0].kind == kind else []
        return [t.key for t in targets if t.kind == kind]


@dataclass
class Words:
    """A message as words: as typed, case-folded, folded and corrected, with what stands
    between them."""

    original: list[str]
    normal: list[str]
    folded: list[str]
    """Each word case-folded and without the diacritics of Latin letters (`fold`)."""
    corrected: list[str]
    similarity: list[float]
    breaks: list[bool]
    """Whether punctuation (a comma, a full stop, a question mark ...) precedes each word."""
    commas: list[bool]
    """Whether a comma directly precedes each word."""
    shouting: bool
    arguments: bool
    language: str = "en"
    langs: frozenset[str] = frozenset({"en"})
    """The languages whose words are read in this message: English, the message's language and
    the languages read with it (Malay with Indonesian)."""
    tied: frozenset[str] = frozenset()
    """The languages its words fit equally well, when more than one ("gaji ... berapa" is
    Malay and Indonesian alike): the country named decides between them."""

    def __len__(self) -> int:
        return len(self.original)

    def capitals(self, index: int) -> bool:
        """Whether a word is written in capitals in a message that is not all capitals (a
        code's plural, "DEs", is)."""
        word = self.original[index]
        written = word.isupper() or self.plural(index)
        return len(word) >= 2 and written and not self.shouting

    def plural(self, index: int) -> bool:
        """Whether a word is a role's code in the plural ("DEs": its normal form is the code)."""
        return self.original[index].casefold() != self.normal[index]

    def clause_end(self, index: int) -> bool:
        """Whether a word is the last of its clause."""
        return index + 1 >= len(self) or self.breaks[index + 1]


@dataclass
class Vocabulary:
    """The store's terms compiled for matching."""

    phrases: dict[str, list[Target]] = field(default_factory=lambda: defaultdict(list))
    compact: dict[str, list[Target]] = field(default_factory=lambda: defaultdict(list))
    known: set[str] = field(default_factory=set)
    sets: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_language: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    reads_with: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    _unions: dict[tuple[str, frozenset[str]], frozenset[str]] = field(default_factory=dict)
    _firsts: dict[tuple[str, frozenset[str] | None], frozenset[str]] = field(default_factory=dict)
    _corrected: dict[tuple[str, frozenset[str]], tuple[str, float]] = field(default_factory=dict)
    """Corrections already made (words recur from message to message), up to CORRECT_CACHE."""
    votes: dict[str, tuple[tuple[str, float], ...]] = field(default_factory=dict)
    """The languages each word of `languages` tells, each with its share of the word's one
    vote (made whenever `languages` changes)."""
    spellings: dict[str, str] = field(default_factory=dict)
    symbols: dict[str, str] = field(default_factory=dict)
    """Symbols that stand for a word ("->": to), as written."""
    navigation: dict[str, str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, dict[str, float]] = field(default_factory=lambda: defaultdict(dict))
    """Number words by language ("en": {"three": 3.0}), read before a unit of experience."""
    _number_tables: dict[frozenset[str], dict[str, float]] = field(default_factory=dict)
    states: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    languages: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    thai: set[str] = field(default_factory=set)
    ordinary: set[str] = field(default_factory=set)
    """Words that are ordinary words of some language (function words, locatives, ...)."""
    no_content: frozenset[str] = frozenset()
    """The ordinary words and the markers: words that say nothing of what is asked."""
    name_words: set[str] = field(default_factory=set)
    """The words of the names of roles, places and other occupations."""
    telling: set[str] = field(default_factory=set)
    """Whole words and phrases that tell a language (a word only within a phrase of a
    language tells none when it is also part of a name)."""
    name_languages: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    """The languages whose names of roles and places use a word: a word of names in one
    language only, not English, tells that language ("jurutera", "Jepun" are Malay)."""
    accented: dict[str, dict[Target, set[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(set))
    )
    """One-word names written only with diacritics ("Mỹ", "Síp"), by folded form: each
    target's spellings (case-folded), so a bare "my" or "sip" is not read as them."""
    marks: dict[tuple[str, Target], set[tuple[str, ...]]] = field(
        default_factory=lambda: defaultdict(set)
    )
    """The diacritics of each word of a cue written with them ("bận": busy), by phrase and
    target: a word typed with other diacritics is another word ("bạn": you)."""
    deletions: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    phrase_starts: set[str] = field(default_factory=set)
    """The first words of each phrase that are not the whole phrase ("data", "data science"
    of "data science manager")."""
    compact_starts: set[str] = field(default_factory=set)
    """Every beginning of a phrase written without its spaces ("machinel" of
    "machinelearningengineer"): words run together that begin none match no such phrase."""
    longest: dict[str, int] = field(default_factory=dict)
    longest_word: int = 0
    plain: frozenset[str] = frozenset()
    """The words that never name an occupation by themselves: units and the words of
    `ORDINARY_SETS` (function words, comparisons, money words ...)."""
    cue_words: frozenset[str] = frozenset()
    """The phrases that name something besides roles, places and levels (cues, moves)."""
    plurals: tuple[str, ...] = ()
    """English plural endings (the suffixes), longest first: a code in capitals with one
    ("DEs") is the code."""
    talk: set[str] = field(default_factory=set)
    """The words of small talk ("thanks", "danke", "mate"), which the dialog reads: no
    off-topic ask."""

    @classmethod
    def from_terms(cls, terms: Iterable[Term]) -> Vocabulary:
        """Index terms by phrase, by phrase without spaces, and by word deletions."""
        vocab = cls()
        fuzzy: set[str] = set()
        for term in terms:
            if term.kind == "small_talk":
                vocab.talk.update(term.norm.split())
            if term.kind == "symbol":  # no letters: no norm
                vocab.symbols[term.term] = term.target
                continue
            if not term.norm or term.kind in DIALOG_KINDS:
                continue
            vocab._index_language(term)
            if term.kind in WORD_SETS:
                vocab.sets[term.kind].add(term.norm)
                vocab.by_language[(term.kind, term.lang)].add(term.norm)
                continue
            if term.kind == "reads_with":
                vocab.reads_with[term.target].add(term.norm)
                continue
            if vocab._add_special(term):
                continue
            target = Target(term.kind, term.target, term.origin, term.lang)
            spelled = unicodedata.normalize("NFKC", term.term).casefold()
            if term.kind in NAME_KINDS and " " not in term.norm:
                vocab.accented[term.norm][target].add(spelled)
            elif term.kind not in NAME_KINDS and spelled != term.norm:  # Latin diacritics
                written = tuple(_marks(w) for w in spelled.split())
                if any(written) and len(written) == term.norm.count(" ") + 1:
                    vocab.marks[(term.norm, target)].add(written)
            if target in vocab.phrases[term.norm]:
                continue
            vocab.phrases[term.norm].append(target)
            first, size = term.norm.split(" ", 1)[0], term.norm.count(" ") + 1
            vocab.longest[first] = max(vocab.longest.get(first, 0), size)
            if " " in term.norm:
                vocab.compact[term.norm.replace(" ", "")].append(target)
            vocab.known.update(term.norm.split())
            if term.kind in NAME_KINDS:
                vocab.name_words.update(term.norm.split())
                for word in term.norm.split():
                    vocab.name_languages[word].add(term.lang)
            if term.kind in FUZZY_KINDS and term.lang == "en":
                fuzzy.update(term.norm.split())
        for norm, spellings in list(vocab.accented.items()):
            only = {t: f for t, f in spellings.items() if norm not in f}
            if only:
                vocab.accented[norm] = defaultdict(set, only)
            else:
                del vocab.accented[norm]
        for word in vocab.name_words - vocab.telling:
            vocab.languages.pop(word, None)  # "engineer" of "lead engineer" tells no language
        for word, langs in vocab.name_languages.items():
            if len(langs) == 1 and "en" not in langs and word not in vocab.languages:
                vocab.languages[word] = langs  # "jurutera", "Jepun": only Malay names them
        vocab._share_votes()
        vocab.ordinary = set().union(
            *(vocab.sets[k] for k in ("function", "locative", "determiner", "possessive"))
        )
        grammar = (vocab.sets[k] for k in GRAMMAR_SETS)
        vocab.known |= {w for words in grammar for phrase in words for w in phrase.split()}
        vocab.no_content = frozenset(vocab.ordinary | vocab.sets["marker"])
        vocab.known |= vocab.no_content | set(vocab.units)
        vocab.longest_word = max(map(len, vocab.known), default=0)
        vocab.plurals = tuple(sorted(vocab.by_language[("suffix", "en")], key=len, reverse=True))
        vocab.phrase_starts = {phrase[:cut] for phrase in vocab.phrases for cut in _spaces(phrase)}
        vocab.compact_starts = {key[:n] for key in vocab.compact for n in range(1, len(key) + 1)}
        vocab.plain = frozenset(vocab.units).union(*(vocab.sets[k] for k in ORDINARY_SETS))
        vocab.cue_words = frozenset(
            phrase
            for phrase, targets in vocab.phrases.items()
            if any(t.kind not in ENTITY_KINDS for t in targets)
        )
        vocab.thai = {
            w.replace(" ", "")
            for w in [*vocab.phrases, *vocab.units, *vocab.all_sets()]
            if _thai(w)
        }
        for word in fuzzy:
            if len(word) >= TARGET_MIN_LEN and word.isalpha() and word.isascii():
                for key in _deletions(word, 1 if len(word) < 8 else 2):
                    vocab.deletions[key].add(word)
        return vocab

    def tell(self, words: Mapping[str, str]) -> None:
        """Words of occupation titles that tell a language (word -> language) tell it, unless
        the word tells another already or names something in another language."""
        for word, lang in words.items():
            if word not in self.languages and self.name_languages.get(word, {lang}) == {lang}:
                self.languages[word] = {lang}
        self._share_votes()

    def _share_votes(self) -> None:
        """Each word's vote shared among the languages it tells (`votes`)."""
        self.votes = {
            word: tuple((lang, 1 / len(langs)) for lang in langs)
            for word, langs in self.languages.items()
        }

    def spelled(self, typed: list[str], phrase: str, target: Target) -> bool:
        """Whether words as typed may be a phrase's: each word typed with diacritics has the
        diacritics of the phrase's word (a word typed without any may be any)."""
        written = self.marks.get((phrase, target))
        if not written:
            return True
        marks = [_marks(w) for w in typed]
        return any(
            all(not m or m == w for m, w in zip(marks, form, strict=True)) for form in written
        )

    def words(self, kind: str, langs: frozenset[str]) -> frozenset[str]:
        """The words of one plain kind (locatives, follow-ups ...) in the given languages."""
        key = (kind, langs)
        if key not in self._unions:
            self._unions[key] = frozenset().union(
                *(self.by_language.get((kind, lang), set()) for lang in langs)
            )
        return self._unions[key]

    def firsts(self, kind: str, langs: frozenset[str] | None = None) -> frozenset[str]:
        """The first words of the phrases of one plain kind in the given languages (by
        default, in all)."""
        key = (kind, langs)
        found = self._firsts.get(key)
        if found is None:
            phrases = self.sets[kind] if langs is None else self.words(kind, langs)
            found = self._firsts[key] = frozenset(p.split(" ", 1)[0] for p in phrases)
        return found

    def number(self, word: str, langs: frozenset[str]) -> float | None:
        """What a number word of the given languages stands for, or None."""
        table = self._number_tables.get(langs)
        if table is None:
            table = {w: n for g in sorted(langs) for w, n in self.numbers.get(g, {}).items()}
            self._number_tables[langs] = table
        return table.get(word)

    def all_sets(self) -> set[str]:
        """Every word of the plain word sets."""
        return set().union(*self.sets.values())

    def _index_language(self, term: Term) -> None:
        """Words that tell a language: its cues, levels and grammar, not the names of roles
        and places, which languages share."""
        if term.kind in (
            "common",
            "spelling",
            "navigation",
            "reads_with",
            "doer_ending",
            *NAME_KINDS,
        ):
            return
        for word in [term.norm, *term.norm.split()]:
            if not word.isdigit():  # a number tells no language
                self.languages[word].add(term.lang)
        self.telling.add(term.norm)

    def _add_special(self, term: Term) -> bool:
        """Terms that are not names: spellings, navigation, units and state codes."""
        if term.kind == "spelling":
            self.spellings[term.norm] = match_form(term.target)
        elif term.kind == "navigation":
            self.navigation[term.norm] = term.target
        elif term.kind == "unit":
            self.units[term.norm] = term.target
        elif term.kind == "number":
            self.numbers[term.lang][term.norm] = float(term.target)
        elif term.kind == "state":
            self.states[term.norm].append(term.target)
        else:
            return False
        return True

    def correct(self, word: str, langs: frozenset[str] = frozenset({"en"})) -> tuple[str, float]:
        """The vocabulary word a typo most likely meant, with its similarity (0-100), as
        `_correct` finds it, remembered."""
        key = (word, langs)
        found = self._corrected.get(key)
        if found is None:
            found = self._correct(word, langs)
            if len(self._corrected) < CORRECT_CACHE:
                self._corrected[key] = found
        return found

    def _correct(self, word: str, langs: frozenset[str]) -> tuple[str, float]:
        """The vocabulary word a typo most likely meant, with its similarity (0-100); an
        inflected word of the given languages is its known stem ("gajinya" -> "gaji"). A
        shorthand is spelled out unless the word is one of another given language's own
        ("wat" is "what" in English chat, and Dutch for "what")."""
        spelled = self.spellings.get(word)
        if spelled is not None and not self.languages.get(word, set()) & (langs - {"en"}):
            word = spelled
        if word in self.known or not word.isalpha():
            return word, 100.0
        for suffix in sorted(self.words("suffix", langs), key=len, reverse=True):
            stem = word[: -len(suffix)]
            if word.endswith(suffix) and len(stem) >= 3 and stem in self.known:
                return stem, 100.0
        if (
            not FUZZY_MIN_LEN <= len(word) <= self.longest_word + 2
            or word in self.sets["common"]
            or not word.isascii()
        ):
            return word, 100.0
        candidates: set[str] = set()
        for key in _deletions(word, 1 if len(word) < 8 else 2):
            candidates |= self.deletions.get(key, set())
        best = process.extract(
            word,
            sorted(candidates),
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=CUTOFF,
            limit=2,
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

    def names(self, word: str) -> bool:
        """Whether a word is part of the name of a role, place or occupation (names are read
        in any language; English cues and levels are not worth "correcting" another
        language's words into)."""
        return word in self.name_words

    def _meanings(self, word: str) -> set[tuple[str, str]]:
        return {(t.kind, t.key) for t in self.phrases.get(word, [])}

    def segment(self, run: str) -> list[str]:
        """A Thai run split into vocabulary words: the split that leaves the fewest characters
        unknown, then uses the fewest words (maximal matching); unknown stretches stay whole."""
        n = len(run)
        worst = (n + 1, n + 1)
        cost: list[tuple[int, int]] = [(0, 0)] + [worst] * n
        back: list[int] = [0] * (n + 1)
        known: list[bool] = [False] * (n + 1)
        for i in range(n):
            unknown, count = cost[i]
            if (unknown + 1, count + 1) < cost[i + 1]:
                cost[i + 1], back[i + 1], known[i + 1] = (unknown + 1, count + 1), i, False
            for j in range(min(n, i + THAI_LONGEST), i + 1, -1):
                if run[i:j] in self.thai and (unknown, count + 1) < cost[j]:
                    cost[j], back[j], known[j] = (unknown, count + 1), i, True
        parts: list[str] = []
        end, pending = n, n
        while end > 0:
            start = back[end]
            if known[end]:
                if pending > end:
                    parts.append(run[end:pending])
                parts.append(run[start:end])
                pending = start
            end = start
        if pending > 0:
            parts.append(run[:pending])
        return parts[::-1]


def _spread(values: list[T], sources: list[int], rest: T) -> list[T]:
    """Values of words to the words split from them (`sources`: where each comes from): the
    first part keeps its word's value, the other parts get `rest`."""
    return [
        values[source] if i == 0 or sources[i - 1] != source else rest
        for i, source in enumerate(sources)
    ]


def _initials(words: list[str], after: list[str]) -> set[int]:
    """The positions of the letters of an abbreviation written with full stops ("U.S.",
    "U.K.": single letters, each joined to the next by a full stop)."""
    found: set[int] = set()
    for i in range(len(words) - 1):
        if after[i] == "." and all(len(w) == 1 and w.isalpha() for w in words[i : i + 2]):
            found.update((i, i + 1))
    return found


def _break(gap: str, following: str) -> bool:
    """Whether the punctuation between two words ends a clause; a full stop before a number or
    a lowercase word ends an abbreviation ("ca. 58.000", "approx. two"), not a clause, and a
    hyphen between letters joins a word's parts."""
    if not gap or gap.isspace() or gap == "-":
        return False  # a hyphen joins the parts of a word ("Backend-Entwickler")
    marks = gap.strip()
    if marks == "." and (following[:1].isdigit() or following[:1].islower()):
        return False
    return _PUNCTUATION.search(marks) is not None


def _marks(word: str) -> str:
    """The combining diacritics of a word, in a fixed order ("hoà" and "hòa" have the same)."""
    return "".join(
        sorted(c for c in unicodedata.normalize("NFD", word) if unicodedata.combining(c))
    )


def _phrase_at(tokens: list[str], start: int, phrases: Collection[str], most: int = 3) -> bool:
    """Whether one of the phrases (of up to `most` words) starts at a position."""
    return any(" ".join(tokens[start : start + n]) in phrases for n in range(1, most + 1))


def _phrase_before(tokens: list[str], end: int, phrases: Collection[str], most: int = 3) -> bool:
    """Whether one of the phrases (of up to `most` words) ends just before a position."""
    return any(" ".join(tokens[end - n : end]) in phrases for n in range(1, min(most, end) + 1))


def _spaces(phrase: str) -> list[int]:
    """The positions of a phrase's spaces."""
    return [i for i, c in enumerate(phrase) if c == " "]


def _thai(word: str) -> bool:
    return not word.isascii() and _THAI_RUN.search(word) is not None


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
        amounts: AmountReader | None = None,
        titles: Titles | None = None,
        model: IntentModel | None = None,
        speaks: Mapping[str, str] | None = None,
    ) -> None:
        self.vocabulary = vocabulary
        self.speaks = speaks or {}
        """The language of each covered country's locale (MY: ms)."""
        self.stages = stages
        self.default_role = default_role
        self.money = money_pattern(currencies, vocabulary.sets["money"])
        self.amounts = amounts
        self.titles = titles
        self.model = model
        self._model_guess = functools.lru_cache(maxsize=1)(model.guess) if model else None
        """The model's guess, kept for the last words asked: `_learned` and `_beside` may both
        ask it of one message."""
        self._phrase_targets: dict[tuple[str, int, bool, frozenset[str]], tuple[Target, ...]] = {}
        """The targets each phrase has in each set of languages (`_read_targets`)."""
        self._forms = functools.lru_cache(maxsize=CORRECT_CACHE)(self._forms_of)
        """Each word's normal and folded forms, kept (words recur from message to message)."""

    @classmethod
    def from_store(cls, store: Store, *, occupations: bool = True, learned: bool = True) -> Parser:
        """A parser for the store's vocabulary and career stages (and, unless told not to,
        the imported occupations' titles and places, and the learned intent guess)."""
        stages = {
            role.slug: [
                Stage(s.years_min, s.years_max, s.level)
                for s in store.career_path(role.slug).stages
            ]
            for role in store.roles()
        }
        currencies = {(c.currency, c.locale) for c in store.countries()}
        vocabulary = Vocabulary.from_terms(store.vocabulary())
        titles = Titles.from_store(store) if occupations else None
        if titles is not None:  # so a Thai run is segmented at occupation names too
            vocabulary.thai |= titles.thai()
            vocabulary.tell(titles.languages())  # "jururawat" is Malay
        model = IntentModel.load() if learned else None
        return cls(
            vocabulary,
            stages,
            store.roles()[0].slug,
            currencies,
            AmountReader(store),
            titles,
            model,
            {c.code: c.locale.split("_")[0] for c in store.countries()},
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
        shown = self.amounts.masked(cleaned) if self.amounts else cleaned  # `US$` names no place
        words = self._words(self._spelled_out(shown), arguments=message.command is not None)
        matches = self._matches(words)
        entities = self._entities(words, matches)
        found: list[Found] = []
        places: list[Mention] = []
        if self.titles is not None:
            entities, found, places = self.titles.read(words, entities, matches, self.vocabulary)
        cues = self._spans(matches, INTENT_KINDS, self._named(words, entities))
        names = {i for s in entities if not s.keys("level") for i in range(s.start, s.end)}
        moves = self._spans(matches, MOVE_KINDS, names)
        moved = {i for s in moves for i in range(s.start, s.end)}
        entities = [s for s in entities if not (s.keys("level") and s.start in moved)]
        fields = self._decide(cleaned, words, entities, cues, moves, command_intent)
        if self.titles is not None:
            fields.update(self.titles.annotation(fields, words, entities, found, places))
        return Query.model_validate(fields)

    # --- steps ---------------------------------------------------------------------------------

    def _spelled_out(self, text: str) -> str:
        """The text with its symbols written as the words they stand for ("A -> B": A to B)."""
        for symbol, word in self.vocabulary.symbols.items():
            if symbol in text:
                text = text.replace(symbol, f" {word} ")
        return text

    def _words(self, text: str, *, arguments: bool) -> Words:
        original: list[str] = []
        gaps: list[str] = []  # what stands before each word
        last = 0
        thai = _thai(text)
        for found in WORD.finditer(text):
            gap, word = text[last : found.start()], found.group()
            last = found.end()
            parts = self._split(word) if thai else (word,)
            if not parts:
                continue
            original += parts
            gaps.append(gap)
            if len(parts) > 1:  # the words of a Thai run: nothing between them
                gaps += [""] * (len(parts) - 1)
        breaks = [_break(gap, word) for gap, word in zip(gaps, original, strict=True)]
        commas = ["," in gap for gap in gaps]
        normal, folded = self._normal_folded(original)
        language, tied = self._language(text, folded)
        langs = frozenset({"en", language, *self.vocabulary.reads_with.get(language, ())})
        links = self.vocabulary.words("link", langs)
        if links:
            original, sources = self._compounds(original, links, langs)
            breaks, commas = _spread(breaks, sources, False), _spread(commas, sources, False)
            gaps = _spread(gaps, sources, "")  # nothing between a compound's parts
            normal, folded = self._normal_folded(original)
        corrected, similarity = [], []
        initials = _initials(original, [*gaps[1:], text[last:]]) if "." in text else set()
        for i, word in enumerate(folded):
            if i in initials:  # a letter of "U.S.", not the shorthand "u" (you)
                corrected.append(word)
                similarity.append(100.0)
                continue
            fixed, score = self.vocabulary.correct(word, langs)
            if language != "en" and score < 100.0 and not self._name_typo(word, fixed):
                fixed, score = word, 100.0  # "maken" is Dutch, not a typo of "makes"
            corrected.append(fixed)
            similarity.append(score)
        upper, lower = len(_UPPER.findall(text)), len(_LOWER.findall(text))
        shouting = upper + lower >= 6 and upper > 0.6 * (upper + lower)
        return Words(
            original,
            normal,
            folded,
            corrected,
            similarity,
            breaks,
            commas,
            shouting,
            arguments,
            language,
            langs,
            tied,
        )

    def _normal_folded(self, original: list[str]) -> tuple[list[str], list[str]]:
        """The words' normal forms (case-folded, a code's plural as the code) and folded forms
        (also without diacritics)."""
        forms = [self._forms(w) for w in original]
        return [normal for normal, _ in forms], [folded for _, folded in forms]

    def _forms_of(self, word: str) -> tuple[str, str]:
        """A word's normal and folded forms (`_normal_folded`), to be kept."""
        normal = self._singular_code(word).casefold()
        return normal, fold(normal)

    def _singular_code(self, word: str) -> str:
        """A role's code in capitals with an English plural ending ("DEs", "DSs") as the code
        ("DE", "DS": read as the role in capitals, never as a place); any other word as typed."""
        plurals = self.vocabulary.plurals
        if not word[:1].isupper() or word.isupper() or not word.endswith(plurals):
            return word
        for suffix in self.vocabulary.plurals:
            stem = word[: -len(suffix)]
            if word.endswith(suffix) and len(stem) >= 2 and stem.isupper():
                codes = self.vocabulary.phrases.get(stem.casefold(), ())
                return stem if any(t.kind == "role" for t in codes) else word
        return word

    def _name_typo(self, typed: str, fixed: str) -> bool:
        """Whether a word of a message in another language than English is a typo of a name
        (a role's, a place's): one letter more, less or other, or two swapped ("Scientsit"),
        not a word of its own that looks like one ("programmiert" is no "programmer", "sagen"
        no "agent")."""
        return self.vocabulary.names(fixed) and OSA.distance(typed, fixed) <= 1

    def _compounds(
        self, original: list[str], links: frozenset[str], langs: frozenset[str]
    ) -> tuple[list[str], list[int]]:
        """The words with each unknown compound of two known words split in two, and the
        position each word comes from (`_spread`)."""
        words: list[str] = []
        sources: list[int] = []
        for i, word in enumerate(original):
            parts = self._compound(fold(word.casefold()), links, langs) or [word]
            words += parts
            sources += [i] * len(parts)
        return words, sources

    def _compound(self, word: str, links: frozenset[str], langs: frozenset[str]) -> list[str]:
        """The two known words an unknown compound is made of, the longer first part first
        ("gehaltsdaten": "gehalt", "daten"), or none (an inflected known word, a typo of one
        or an occupation's title is no compound)."""
        vocab = self.vocabulary
        if (
            len(word) < 2 * COMPOUND_MIN
            or not word.isalpha()
            or word in vocab.known
            or vocab.correct(word, langs)[0] != word
            or (self.titles is not None and word in self.titles.resolver.index.words)
        ):
            return []
        for cut in range(len(word) - COMPOUND_MIN, COMPOUND_MIN - 1, -1):
            head, tail = word[:cut], word[cut:]
            if tail not in vocab.known:
                continue
            if head in vocab.known:
                return [head, tail]
            for link in links:
                stem = head.removesuffix(link)
                if stem != head and len(stem) >= COMPOUND_MIN and stem in vocab.known:
                    return [stem, tail]
        return []

    def _split(self, word: str) -> list[str]:
        """A word as typed, its Thai runs apart from what is beside them and segmented."""
        if not _thai(word):
            return [word]
        parts: list[str] = []
        for part in _THAI_RUN.split(word):
            if part and _thai(part):
                parts += self.vocabulary.segment(part)
            elif part:
                parts.append(part)
        return parts

    def _matches(self, words: Words) -> list[Span]:
        """Every known phrase, written as in the vocabulary or (up to `MAX_WORDS` words)
        without spaces. From each word, longer phrases are tried only while one may still
        match: while the words so far begin a longer phrase, or run together begin a phrase
        written without spaces."""
        vocab, tokens = self.vocabulary, words.corrected
        found: list[Span] = []
        phrases, compact = vocab.phrases, vocab.compact
        phrase_starts, compact_starts = vocab.phrase_starts, vocab.compact_starts
        ordinary = vocab.ordinary
        marked = bool(vocab.marks) and not all(w.isascii() for w in words.normal)  # diacritics
        for start, first in enumerate(tokens):
            named = vocab.longest.get(first, 0)
            if not named and first not in compact_starts:
                continue  # no phrase starts with this word
            longest = min(max(MAX_WORDS, named), len(tokens) - start)
            spaced = joined = ""
            phrasing = named > 0  # whether a phrase may start with the words so far
            for size in range(1, longest + 1):
                token = tokens[start + size - 1]
                joined += token
                targets = None
                if phrasing:
                    spaced = f"{spaced} {token}" if spaced else token
                    targets = phrases.get(spaced)
                    phrasing = size < named and spaced in phrase_starts
                spelled = bool(targets)  # a phrase as the vocabulary writes it
                if not targets and 1 < size <= MAX_WORDS:
                    targets = compact.get(joined)
                    if targets and ordinary.issuperset(tokens[start : start + size]):
                        targets = None  # grammar, not a name typed apart ("us a": no USA)
                if targets:
                    phrase = (spaced if spelled else joined, size, spelled)
                    read = self._read_targets(words, phrase, targets)
                    if read and marked and spelled:
                        typed = words.normal[start : start + size]
                        read = tuple(t for t in read if vocab.spelled(typed, spaced, t))
                    if read:
                        found.append(Span(start, size, read))
                if not phrasing and (size >= MAX_WORDS or joined not in compact_starts):
                    break
        found.sort(key=lambda s: (-s.size, s.start))
        return found

    def _read_targets(
        self, words: Words, phrase: tuple[str, int, bool], targets: list[Target]
    ) -> tuple[Target, ...]:
        """The targets of a phrase read in this message: those of its languages, and names
        (a one-word name that is also an ordinary word only in its own language); kept for
        each phrase (its words as written or run together, how many, whether written with
        spaces) and set of languages."""
        key = (*phrase, words.langs)
        read = self._phrase_targets.get(key)
        if read is None:
            ordinary = phrase[1] == 1 and phrase[0] in self.vocabulary.ordinary
            read = tuple(
                t
                for t in targets
                if t.lang in words.langs or (t.kind in NAME_KINDS and not ordinary)
            )
            if len(self._phrase_targets) < CORRECT_CACHE:
                self._phrase_targets[key] = read
        return read

    def _entities(self, words: Words, matches: list[Span]) -> list[Span]:
        """Roles, places, levels and other occupations, longest first, each word read once; a
        state code after a city ("Austin, TX") names the city's country."""
        taken: set[int] = set()
        spans = self._states(words, matches, taken)
        covered = {
            i
            for m in matches
            if any(t.kind in NAMING_KINDS or t.key == "salary" for t in m.targets)
            for i in range(m.start, m.end)
        }
        phrased = {  # a word of a longer cue is no name of its own ("bị đào thải": no Thai)
            i
            for m in matches
            if m.size > 1
            and words.language != "en"
            and all(t.kind not in ENTITY_KINDS and t.lang == words.language for t in m.targets)
            for i in range(m.start, m.end)
        }
        for match in matches:
            places = range(match.start, match.end)
            if not taken.isdisjoint(places) or (match.size == 1 and match.start in phrased):
                continue
            targets = tuple(t for t in match.targets if t.kind in ENTITY_KINDS)
            if match.size == 1 and targets:
                targets = self._reading(words, match.start, targets, covered)
            if targets:
                spans.append(Span(match.start, match.size, targets))
                taken.update(places)
        return sorted(spans, key=lambda s: s.start)

    def _named(self, words: Words, entities: list[Span]) -> set[int]:
        """The positions of names, which are not read as cues; a level that is also a cue
        ("Einstiegsgehalt": a starting salary) is both."""
        phrases = self.vocabulary.phrases
        return {
            i
            for s in entities
            if not (
                s.keys("level")
                and any(
                    t.kind == "intent" and t.lang in words.langs
                    for t in phrases.get(" ".join(words.corrected[s.start : s.end]), ())
                )
            )
            for i in range(s.start, s.end)
        }

    def _states(self, words: Words, matches: list[Span], taken: set[int]) -> list[Span]:
        """Codes in capitals after a place and a comma ("San Jose, CA"), read as that place's
        state: the country of the place before, else the code's first country."""
        spans: list[Span] = []
        for i in range(1, len(words)):
            if not words.commas[i]:
                continue
            countries = self.vocabulary.states.get(words.corrected[i])
            if not countries or not words.original[i].isupper():
                continue
            if not words.original[i - 1][:1].isupper():
                continue
            before = [
                k for m in matches if m.end == i for k in (*m.keys("country"), *m.keys("place"))
            ]
            country = next((c for c in before if c in countries), countries[0])
            spans.append(Span(i, 1, (Target("country", country, "state"),)))
            taken.add(i)
        return spans

    def _spans(self, matches: list[Span], kinds: frozenset[str], taken: set[int]) -> list[Span]:
        """Matches of the given kinds, longest first, not overlapping each other or `taken`."""
        spans: list[Span] = []
        for match in matches:
            places = range(match.start, match.end)
            if not taken.isdisjoint(places):
                continue
            targets = match.targets
            if len(targets) > 1 or targets[0].kind not in kinds:  # most: one target, of a kind
                targets = tuple(t for t in targets if t.kind in kinds)
            if targets:
                spans.append(Span(match.start, match.size, targets))
                taken.update(places)
        return sorted(spans, key=lambda s: s.start)

    def _reading(
        self, words: Words, index: int, targets: tuple[Target, ...], covered: set[int]
    ) -> tuple[Target, ...]:
        """What a one-word name names here. A word that is also an ordinary word of some
        language (a function word, a locative, a pronoun) names a place only in a place's slot
        and a role only in capitals; a role's abbreviation that is also a country's code
        ("DE") is the place in a place's slot and the role elsewhere."""
        vocab = self.vocabulary
        word, typed = words.corrected[index], words.folded[index]
        targets = self._as_spelled(words, index, targets)
        places = tuple(t for t in targets if t.kind in PLACE_KINDS)
        others = tuple(t for t in targets if t.kind not in PLACE_KINDS)
        ordinary = word in vocab.ordinary or typed in vocab.ordinary
        if not ordinary and not (places and others):
            return targets
        if not words.capitals(index) and self._number(self._next(words, index), words) is not None:
            return ()  # "around in 20 years", "at 35": a word before a number names nothing
        slot = self._place_slot(words, index)
        if places and others:  # "DE pay in DE", "senior DE comp", "UK vs DE"
            if words.plural(index):
                return others  # "DEs": people, not a country
            if slot or not self._role_grammar(words, index):
                return places if slot or words.capitals(index) else ()
            if words.capitals(index) or not ordinary or self._compared_to_role(words, index):
                return others
            return ()
        if places and (
            slot or self._argument(words, index, covered) or self._joined_to_place(words, index)
        ):
            return places
        if others and words.capitals(index):
            return others
        return ()

    def _as_spelled(
        self, words: Words, index: int, targets: tuple[Target, ...]
    ) -> tuple[Target, ...]:
        """The targets a word may name as typed: a name written only with diacritics ("Mỹ":
        the US in Vietnamese) is read from the word typed without them ("my") only in a
        message of its own language."""
        word, typed = words.corrected[index], words.normal[index]
        spellings = self.vocabulary.accented.get(word)
        if not spellings or len(word) > ACCENTED_MAX:
            return targets
        if typed != word:  # typed with its diacritics: only the names spelled so
            spelled = tuple(t for t in targets if typed in spellings.get(t, ()))
            return spelled or targets
        return tuple(t for t in targets if t not in spellings or t.lang == words.language)

    @staticmethod
    def _next(words: Words, index: int) -> str:
        """The word after a word in its clause, or ""."""
        return "" if words.clause_end(index) else words.corrected[index + 1]

    def _role_grammar(self, words: Words, index: int) -> bool:
        """Whether a word stands where a role is named: after a level ("senior DE"), before
        a cue ("DE pay"), or joined to a role ("DE or DS", "data scientist vs DE")."""
        phrases = self.vocabulary.phrases
        before = words.corrected[index - 1] if index > 0 else ""
        after = words.corrected[index + 1] if index + 1 < len(words) else ""
        return (
            any(t.kind == "level" for t in phrases.get(before, ()))
            or any(t.kind == "intent" for t in phrases.get(after, ()))
            or self._joined_to_role(words, index)
        )

    def _joined_to_role(self, words: Words, index: int) -> bool:
        """Whether a conjunction or a comparison word joins a word to a role's name."""
        return self._joined(words, index, frozenset({"role"}))

    def _compared_to_role(self, words: Words, index: int) -> bool:
        """Whether a comparison word sets a word beside a role's name ("ds vs de vs mle"): a
        code compared to a role is a role in any case."""
        comparisons = self.vocabulary.words("comparison", words.langs)
        return self._joined(words, index, frozenset({"role"}), comparisons)

    def _joined_to_place(self, words: Words, index: int) -> bool:
        """Whether a conjunction or a comparison word joins a word to a place's name, the word
        ending a list of names ("sg or my, ..."; not "the US or my home country", "or in my
        team")."""
        vocab, tokens = self.vocabulary, words.corrected
        joins = vocab.words("conjunction", words.langs) | vocab.words("comparison", words.langs)
        listed = words.clause_end(index) or tokens[index + 1] in joins
        return listed and self._joined(words, index, PLACE_KINDS)

    def _joined(
        self,
        words: Words,
        index: int,
        kinds: frozenset[str],
        joins: frozenset[str] | None = None,
    ) -> bool:
        """Whether a joining word (by default a conjunction or a comparison word) joins a word
        to a name of those kinds."""
        vocab, tokens = self.vocabulary, words.corrected
        if joins is None:
            joins = vocab.words("conjunction", words.langs) | vocab.words("comparison", words.langs)
        for step in (-1, 1):
            between = index + step
            if not 0 <= between < len(tokens) or tokens[between] not in joins:
                continue
            for size in range(1, MAX_WORDS + 1):
                start = between + 1 if step > 0 else between - size
                name = " ".join(tokens[start : start + size]) if start >= 0 else ""
                if any(t.kind in kinds for t in vocab.phrases.get(name, ())):
                    return True
        return False

    def _place_slot(self, words: Words, index: int) -> bool:
        """Whether a word stands where a place is named: as a command's argument, or after a
        locative ("in", "di", "ở"; a determiner may come between), where it is not a
        possessive or determiner before a noun ("in my team", Dutch "in de IT")."""
        if words.arguments:
            return True
        vocab = self.vocabulary
        before = index - 1
        locatives = vocab.words("locative", words.langs)
        if (
            before >= 0
            and words.corrected[before] in vocab.words("determiner", words.langs)
            and words.corrected[index] not in locatives  # "hoe zit het in Antwerpen": no India
        ):
            return True
        if before < 0 or words.breaks[before + 1]:
            return False
        if not _phrase_before(words.corrected, before + 1, locatives):
            return False
        word = words.normal[index]
        ordinary = any(word in vocab.words(k, words.langs) for k in ("possessive", "determiner"))
        return not (ordinary and not words.capitals(index) and not words.clause_end(index))

    def _argument(self, words: Words, index: int, covered: set[int]) -> bool:
        """Whether a code stands as an argument: in capitals in a mixed-case message, or last in
        a clause of names and cues, right after one ("backend developer salary us")."""
        if words.capitals(index):
            return True
        if index == 0 or index - 1 not in covered or not words.clause_end(index):
            return False
        start = index
        while start > 0 and not words.breaks[start]:
            start -= 1
        return all(i in covered for i in range(start, index))

    def _decide(
        self,
        text: str,
        words: Words,
        entities: list[Span],
        cues: list[Span],
        moves: list[Span],
        command_intent: Intent | None,
    ) -> dict[str, Any]:
        """The fields of the message's `Query`."""
        named = _keys(entities, "role")
        countries = _keys(entities, "country")
        unsupported = [c for c in _keys(entities, "place") if c not in countries]
        taken = {i for s in entities for i in range(s.start, s.end)}
        rest = tuple(w for i, w in enumerate(words.corrected) if i not in taken)
        levels = [
            s for s in entities if s.keys("level") and not self._someone_elses(words, s, taken)
        ]
        cued = {i for s in cues for i in range(s.start, s.end)}
        target, current = self._move(words, entities, moves, cued, _still(cues))
        role = current if current is not None else next((r for r in named if r != target), None)
        seniority = self._seniority(words, levels, moves, role or target)
        money = self.amounts.read(text, countries, role) if self.amounts else Reading()
        if command_intent is not None:
            intent: Intent = command_intent
            confidence = 0.97 if command_intent != "unknown" else 0.3
        else:
            intent, confidence = self._free_text_intent(
                words,
                cues,
                named,
                countries or unsupported,
                seniority,
                target,
                money,
                bool(_keys(entities, "other_role")),
            )
            side = self._sets_roles_side(words, named)  # a rule, not the default overview
            if intent == "overview" and self._uncued(words, cues, target, money) and not side:
                intent, confidence = self._learned(rest, intent, confidence)
            if intent == "unknown" and _keys(entities, "other_role"):
                intent, confidence = _occupation_overview(cues, intent, confidence)
            if not named and target is None and money.amount is None:
                placed = taken | cued
                uncued = tuple(w for i, w in enumerate(words.corrected) if i not in placed)
                intent, confidence = self._beside(words, rest, uncued, money, intent, confidence)
        typo = min(words.similarity, default=100.0) / 100
        navigate = self.vocabulary.navigation.get(" ".join(words.corrected))
        if intent == "unknown":
            confidence = min(confidence, UNKNOWN_CONFIDENCE)
        others = [s for s in entities if any(t.kind == "other_role" for t in s.targets)]
        return {
            "intent": intent,
            "role": role,
            "roles": named,
            "target_role": target,
            "countries": countries,
            "unsupported_countries": unsupported,
            "amount": money.amount,
            "unit": money.unit,
            "currency": money.currency,
            "uncovered_currency": money.uncovered,
            "net": money.net,
            "edit": money.edit,
            "seniority": seniority,
            "confidence": round(confidence * typo, 3),
            "language": self._spoken(words, countries),
            "compare": self._mentions(words, "comparison"),
            "navigate": navigate if navigate in ("next", "previous") else None,
            "unknown_role": " ".join(words.original[others[0].start : others[0].end])
            if others and not named
            else None,
            "rest": rest,
            "rest_typed": tuple(w for i, w in enumerate(words.normal) if i not in taken),
            "cued": bool(cues) or command_intent is not None,
            "off_topic": intent == "unknown" and self._off_topic(words, cues),
        }

    def _off_topic(self, words: Words, cues: list[Span]) -> bool:
        """Whether a cue asks something the bot does not answer ("weather", "Witz"); thanks
        and other small talk do not ("thanks! and for the netherlands?" follows up)."""
        return any(
            t.key == "unknown"
            and t.origin == "cue"
            and not set(words.corrected[s.start : s.end]) <= self.vocabulary.talk
            for s in cues
            for t in s.targets
        )

    def _uncued(self, words: Words, cues: list[Span], target: str | None, money: Reading) -> bool:
        """Whether the intent is only the parser's default: no strong cue, no move, no money."""
        return (
            target is None
            and money.amount is None
            and max(_scores(cues).values(), default=0.0) < STRONG
            and not self._says_money(words)
        )

    def _says_money(self, words: Words) -> bool:
        """Whether the message writes an amount of money (`money_pattern`: each has a digit,
        and most messages none)."""
        text = " ".join(words.original)
        return _DIGIT.search(text) is not None and self.money.search(text) is not None

    def _learned(
        self, rest: tuple[str, ...], intent: Intent, confidence: float
    ) -> tuple[Intent, float]:
        """The learned model's guess from the words that are not names, where it is the
        likelier reading (`bot.conversation.intent_model`)."""
        if self._content(rest) < LEARNED_WORDS:
            return intent, confidence
        guess, probability = self._guess(rest)
        return (guess, LEARNED_CONFIDENCE) if probability >= LEARNED_MIN else (intent, confidence)

    def _shows_pay_only(self, words: Words, rest: tuple[str, ...], money: Reading) -> bool:
        """Whether a message only says how to show pay (a period, after tax, a currency),
        besides ordinary words and how a continuation starts ("and per month?"; not "what's
        the take home?", which asks)."""
        if not (money.unit or money.net or money.currency or money.uncovered):
            return False
        vocab = self.vocabulary
        said = {fold(w) for w in money.words}
        if self._is_follow_up(words):
            said.update(w for f in vocab.words("follow_up", words.langs) for w in f.split())
        return all(len(w) <= 2 or w in said or w in vocab.ordinary for w in rest)

    def _content(self, rest: tuple[str, ...]) -> int:
        """How many words of three or more letters are neither ordinary words nor markers."""
        said = self.vocabulary.no_content
        return sum(len(w) > 2 and w not in said for w in rest)

    def _guess(self, rest: tuple[str, ...]) -> tuple[Intent, float]:
        """The learned model's guess and its probability (none, at 0, without a model)."""
        return self._model_guess(rest) if self._model_guess is not None else ("unknown", 0.0)

    def _beside(
        self,
        words: Words,
        rest: tuple[str, ...],
        uncued: tuple[str, ...],
        money: Reading,
        intent: Intent,
        confidence: float,
    ) -> tuple[Intent, float]:
        """For a message naming no role, move or amount: one that only says how to show pay
        ("per month?", "after tax?") follows up on what was shown; one the learned model is
        sure asks nothing the bot answers ("my salary is a joke") is unknown, and one it is
        sure asks about the bot ("can you do salaries for Japan too?") is help, whatever
        cue words it holds; unknown only when it says more than its cues (`uncued`: its words
        outside names and cues; "can you help me?" is the cue alone). A question about the
        sources keeps its rule."""
        if self._shows_pay_only(words, rest, money):
            return "unknown", UNKNOWN_CONFIDENCE
        if intent in ("unknown", "sources") or self._content(rest) < LEARNED_WORDS:
            return intent, confidence
        guess, probability = self._guess(rest)
        if probability < LEARNED_SURE or guess not in BESIDE or guess == intent:
            return intent, confidence
        if guess == "unknown" and not self._content(uncued):
            return intent, confidence
        return guess, LEARNED_CONFIDENCE

    def _move(
        self,
        words: Words,
        entities: list[Span],
        moves: list[Span],
        cued: set[int],
        still: Collection[int] = (),
    ) -> tuple[str | None, str | None]:
        """The role someone wants to move into and the one they say they are in, from move
        words before ("become X", "switch to X"; "wie werde ich als X zum Y": X is theirs) or
        after ("X zu werden"; "in X wechseln", led into), origin words ("from X", then "to Y";
        "from sales to data science": only the target is a role), and an onward word between
        two roles ("mechanical engineer to data scientist"), where no cue phrase ("similar
        to") or comparison takes it. An origin word in a cue phrase of an intent that is no
        move (`still`: "how does X differ from Y") is the cue's."""
        roles = [s for s in entities if s.keys("role")]
        if not roles or not moves:
            return None, None
        target = current = None
        for move in moves:
            way = move.targets[0].key
            if way == "origin" and (move.start in still or self._contrasted(words, roles, move)):
                continue  # "how does X differ from Y": where each stands, not a move
            if way in ("before", "origin"):
                reached = self._reach(words, roles, moves, move.end, +1)
                if reached is None:
                    if way == "origin" and target is None:
                        target = self._onward(words, entities, roles, moves, move.end)
                    elif way == "before" and target is None:
                        target = self._as_role(words, entities, move)
                    continue
                if way == "before":
                    then = self._then(words, roles, moves, reached) if target is None else None
                    if then is not None:  # "wie werde ich als X zum Y": X is theirs
                        current = current or reached.keys("role")[0]
                    target = target or then or reached.keys("role")[0]
                    continue
                current = current or reached.keys("role")[0]
                if target is None:
                    target = self._then(words, roles, moves, reached, reach=len(words))
            elif way in ("after", "after_into") and target is None:
                reached = self._reach(words, roles, moves, move.start - 1, -1)
                if reached and (way == "after" or self._led_into(words, reached)):
                    target = reached.keys("role")[0]
                elif way == "after_into":  # "wie wechsle ich als X ins Y": Y, led into
                    target = self._led_later(words, roles, move)
        if target is None and not self._compares(words):
            for move in moves:
                if move.targets[0].key != "onward" or move.start in cued:
                    continue
                before = next((r for r in roles if r.end == move.start), None)
                later = self._reach(words, roles, moves, move.end, +1) if before else None
                if before and later:
                    current, target = before.keys("role")[0], later.keys("role")[0]
                    break
        if current == target:
            current = None
        return target, current

    def _as_role(self, words: Words, entities: list[Span], move: Span) -> str | None:
        """The role named as what someone would be, later in the clause of a move word that
        reached no name ("switch to tech as a data analyst", "overstappen naar de IT als data
        analist"; not "moving to Switzerland as X", "become a tech lead as X")."""
        identities = self.vocabulary.words("identity", words.langs)
        for span in _later_in_clause(words, entities, move):
            if not span.keys("role"):
                return None
            if _phrase_before(words.corrected, span.start, identities):
                return span.keys("role")[0]
        return None

    def _led_later(self, words: Words, roles: list[Span], move: Span) -> str | None:
        """The first role after a move word in its clause that a word leads into (the verb
        first: "ich wechsle in die Cloud", "wie wechsle ich als X ins Y")."""
        for span in _later_in_clause(words, roles, move):
            if self._led_into(words, span):
                return span.keys("role")[0]
        return None

    def _contrasted(self, words: Words, roles: list[Span], origin: Span) -> bool:
        """Whether an origin word follows a role set apart by a contrast word before it, in
        one clause ("what separates X from Y", "was unterscheidet X von Y")."""
        start = origin.start
        while start > 0 and not words.breaks[start]:
            start -= 1
        before = [r for r in roles if start <= r.start and r.end <= origin.start]
        contrasts = self.vocabulary.words("contrast", words.langs)
        return bool(before) and any(
            _phrase_at(words.corrected, i, contrasts) for i in range(start, origin.start)
        )

    def _likened(self, words: Words, cues: list[Span]) -> bool:
        """Whether each strong cue of pivots is a word of contrast or likeness ("similar
        to"), which with two roles compares them."""
        contrasts = self.vocabulary.words("contrast", words.langs)
        said = [
            " ".join(words.corrected[s.start : s.end])
            for s in cues
            if any(t.key == "pivots" and t.origin == "cue" for t in s.targets)
        ]
        return bool(said) and all(phrase in contrasts for phrase in said)

    def _compares(self, words: Words) -> bool:
        """Whether the message asks to compare: a comparison or a contrast word."""
        return self._mentions(words, "comparison") or self._mentions(words, "contrast")

    def _led_into(self, words: Words, span: Span) -> bool:
        """Whether a word (or two or three) leading into a role stands right before it ("in
        die Softwareentwicklung", "zum ML Engineer")."""
        return _phrase_before(
            words.corrected, span.start, self.vocabulary.words("into", words.langs)
        )

    def _then(
        self, words: Words, roles: list[Span], moves: list[Span], reached: Span, reach: int = 1
    ) -> str | None:
        """The role after the first onward word ("to", "zum", "naar") at most `reach` words
        after a role a move word reached ("from X to Y", "wie werde ich als X zum Y")."""
        onward = [
            m
            for m in moves
            if m.targets[0].key == "onward" and reached.end <= m.start <= reached.end + reach
        ]
        if not onward:
            return None
        later = self._reach(words, roles, moves, onward[0].end, +1)
        return later.keys("role")[0] if later else None

    def _onward(
        self, words: Words, entities: list[Span], roles: list[Span], moves: list[Span], start: int
    ) -> str | None:
        """The role after an onward word ("to", "into") a few words after an origin that names
        no role ("from sales to data science"), with no punctuation and no level between
        ("from junior to senior data engineer" is a way up, not a move)."""
        for move in moves:
            if move.targets[0].key != "onward":
                continue
            if not start <= move.start <= start + MOVE_REACH + 1:
                continue
            if any(words.breaks[i] for i in range(start + 1, move.start + 1)) or any(
                s.keys("level") and start <= s.start < move.start for s in entities
            ):
                return None
            later = self._reach(words, roles, moves, move.end, +1)
            return later.keys("role")[0] if later else None
        return None

    def _reach(
        self, words: Words, roles: list[Span], moves: list[Span], start: int, step: int
    ) -> Span | None:
        """The role a move word points at: the first within reach in the given direction,
        with no other move word or punctuation between."""
        boundary = {i for m in moves for i in range(m.start, m.end)}
        position = start
        for _ in range(MOVE_REACH + 1):
            for span in roles:
                if (span.start if step > 0 else span.end - 1) == position:
                    return span
            if position in boundary or not 0 <= position < len(words):
                return None
            if step > 0 and words.breaks[position] and position != start:
                return None
            position += step
        return None

    def _someone_elses(self, words: Words, span: Span, taken: set[int]) -> bool:
        """A one-word level or a manager's title after a possessive ("my manager", "our team
        lead") names another person, not the asker ("my first job" is the asker's)."""
        before = span.start - 1
        return (
            (span.size == 1 or "manager" in span.keys("level"))
            and before >= 0
            and before not in taken
            and words.normal[before] in self.vocabulary.words("possessive", words.langs)
        )

    def _language(self, text: str, words: list[str]) -> tuple[str, frozenset[str]]:
        """The language the message is written in: Thai or Vietnamese by their letters, else
        the language most of whose words it uses (English when none stands out); and the
        languages tied for most, when several are."""
        if _thai(text):
            return "th", frozenset()
        if not text.isascii() and _VIETNAMESE.search(text):
            return "vi", frozenset()
        votes: dict[str, float] = defaultdict(float)
        for word in words:
            for lang, share in self.vocabulary.votes.get(word, ()):
                votes[lang] += share
        if not votes:
            return "en", frozenset()
        best = max(votes.values())
        if votes.get("en", 0.0) >= best:
            return "en", frozenset()
        tied = frozenset(lang for lang, v in votes.items() if v == best)
        return min(tied), tied if len(tied) > 1 else frozenset()

    def _spoken(self, words: Words, countries: list[str]) -> str:
        """The message's language; of languages its words fit alike, the one spoken in the
        country named ("gaji ... di KL": Malay, not Indonesian)."""
        spoken = (self.speaks.get(c) for c in countries)
        return next((lang for lang in spoken if lang in words.tied), words.language)

    def _mentions(self, words: Words, kind: str) -> bool:
        """Whether any phrase (up to three words) of a plain kind occurs in the message."""
        tokens, vocab = words.corrected, self.vocabulary
        phrases, firsts = vocab.words(kind, words.langs), vocab.firsts(kind, words.langs)
        return any(
            " ".join(tokens[i : i + n]) in phrases
            for i in range(len(tokens))
            if tokens[i].partition(" ")[0] in firsts  # else no phrase starts here
            for n in (1, 2, 3)
            if i + n <= len(tokens)
        )

    def _free_text_intent(
        self,
        words: Words,
        cues: list[Span],
        roles: list[str],
        countries: list[str],
        seniority: Level | None,
        target: str | None,
        money: Reading,
        occupations: bool = False,
    ) -> tuple[Intent, float]:
        """The intent of a message that is not a command, and how sure that is (`occupations`:
        whether it names an occupation the store does not cover)."""
        scores = _scores(cues)
        if roles:
            scores.pop("help", None)  # help is about the bot, not about a role
        if self._says_money(words):
            scores["salary"] = max(scores["salary"], STRONG)
        if money.amount is not None:  # an amount of money outweighs any cue phrase
            scores["salary"] = max(scores["salary"], max(scores.values(), default=0) + WEAK)
        if len(countries) >= 2:
            scores["salary"] += WEAK
        sourced = any(
            t.key == "sources" and t.origin == "cue" and _typed(words, span)
            for span in cues
            for t in span.targets
        )
        if sourced and not self._off_topic(words, cues):
            return "sources", 0.8  # where a figure comes from, whatever the figure
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], _rank(kv[0])))
        best_intent, best = ranked[0] if ranked else ("unknown", 0.0)
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        has_slots = bool(roles or countries or seniority)
        if target is not None:
            way = best < STRONG or best_intent in ("pivots", "overview", "career_path", "help")
            if best_intent == "skills" or (way and scores.get("skills", 0.0) >= STRONG):
                return "skills", 0.85  # what to learn on the way in
            if way:
                return "career_path", 0.85
        if best < STRONG and self._is_follow_up(words):
            return "unknown", 0.4 if has_slots else 0.1
        if best_intent == "career_path" and (len(roles) >= 2 or scores["pivots"] >= STRONG):
            best_intent = "pivots"  # a way out of a role, with no role to move into
        side = self._sets_roles_side(words, roles) and not countries
        if best_intent == "pivots" and side and self._likened(words, cues):
            return "overview", 0.65  # "is X similar to Y": how alike they are, no way out
        if best_intent in SIDE_WEAK and best < STRONG and side:
            return "overview", 0.65  # "DE vs MLE", "X from Y": what each is; pay needs its word
        if best_intent == "overview" and not roles and scores.get("help", 0.0) >= STRONG:
            return "help", 0.65
        vague = best < STRONG and best_intent in ("overview", "salary") and len(countries) < 2
        if best == 0.0 or (vague and not roles and not occupations):
            if roles:
                return "overview", 0.6
            return "unknown", 0.35 if has_slots else 0.05
        confidence = 0.9 if best >= STRONG else 0.65
        if best - runner_up < 0.3:
            confidence *= 0.8
        return best_intent, confidence

    def _seniority(
        self, words: Words, levels: list[Span], moves: list[Span], role: str | None
    ) -> Level | None:
        """The asker's level: the first level said of them, else their years of experience,
        else the level a move aims at ("wie werde ich Teamleiter", "promoted to senior"),
        which is theirs only when they say nothing of their own."""
        aimed = [
            span
            for move in moves
            if move.targets[0].key in ("before", "onward")
            and (span := self._reach(words, levels, moves, move.end, +1)) is not None
        ]
        own = _keys([s for s in levels if s not in aimed], "level")
        if own:
            return _as_level(own[0])
        years = self._years(words, role)
        return years or (_as_level(_keys(aimed, "level")[0]) if aimed else None)

    def _sets_roles_side(self, words: Words, roles: list[str]) -> bool:
        """Whether a comparison or contrast word sets two or more roles side by side."""
        return len(roles) >= 2 and self._compares(words)

    def _is_follow_up(self, words: Words) -> bool:
        """Whether the message starts like a continuation ("and in Germany?")."""
        return any(
            " ".join(words.corrected[:n]) in self.vocabulary.words("follow_up", words.langs)
            for n in range(1, min(3, len(words.corrected)) + 1)
        )

    def _years(self, words: Words, role: str | None) -> Level | None:
        """Seniority from experience ("3 years of experience", "3 Jahre", "3ปี"), by the
        role's career stages; a span of time ("in 5 years") is not experience."""
        years = self._experience(words)
        if years is None:
            return None
        for stage in self.stages.get(role or "") or self.stages.get(self.default_role, []):
            if years >= stage.years_min and (stage.years_max is None or years < stage.years_max):
                return stage.level
        return None

    def _experience(self, words: Words) -> float | None:
        """The first number of years (or months, as years) of experience in the message."""
        tokens, vocab = words.corrected, self.vocabulary
        spans = vocab.words("span", words.langs)
        for i, token in enumerate(tokens):
            number, unit = self._number(token, words), None
            if number is None:
                continue
            suffix = _NUMBER.match(token)
            glued = suffix.group(2) if suffix else ""
            if glued:
                unit = vocab.units.get(glued)
            elif i + 1 < len(tokens):
                unit = vocab.units.get(tokens[i + 1])
            if unit is None:
                continue
            after = i + (1 if glued else 2)
            before = " " + " ".join(tokens[max(0, i - 3) : i])
            if any(before.endswith(" " + s) for s in spans) and not self._as_someone(words, after):
                continue
            following = " ".join(tokens[after : after + 2])
            later = spans - vocab.words("locative", words.langs)
            if any(following == s or following.startswith(s + " ") for s in later):
                continue
            spelled = self.vocabulary.number(token, words.langs)
            if unit == "months" and spelled is not None:
                continue  # "40k a month" is pay, not experience
            one = spelled == 1 or (number == 1 and unit == "months")
            if one and self._pay(tokens[:i]):
                continue  # "make how much a year", "bao nhiêu 1 tháng": a period of pay
            return number if unit == "years" else number / 12
        return None

    def _as_someone(self, words: Words, start: int) -> bool:
        """Whether words saying what the person is start at a position ("after 3 years as a
        data analyst": years of experience, not a span of time)."""
        return _phrase_at(words.corrected, start, self.vocabulary.words("identity", words.langs))

    def _number(self, token: str, words: Words) -> float | None:
        """A small number written as digits ("3", "1.5", "5yrs") or as a word of the message's
        languages ("three", "zehn")."""
        spelled = self.vocabulary.number(token, words.langs)
        return spelled if spelled is not None else _digits(token)

    def _pay(self, before: list[str]) -> bool:
        """Whether words end with a word or phrase of pay ("earn", "how much")."""
        phrases = self.vocabulary.phrases
        return any(
            t.kind == "intent" and t.key == "salary"
            for n in (1, 2)
            if len(before) >= n
            for t in phrases.get(" ".join(before[-n:]), ())
        )


ORDINARY_SETS = (
    *("function", "locative", "determiner", "possessive", "marker"),
    *("comparison", "follow_up", "money", "span"),
)
"""Word sets whose words never name an occupation by themselves."""
CUE_KINDS = INTENT_KINDS | MOVE_KINDS


@dataclass
class Titles:
    """The occupation titles (`bot.conversation.titles`) in the parser: their spans join the
    entities (an occupation is a role, read in place of the lexicon's "other roles"), and the
    query gets the occupation's code, the choice a title leaves, or the nearest ones."""

    resolver: TitleResolver
    places: Places
    country: str
    """The country of the places (the US: BLS's areas)."""
    slugs: dict[str, str]
    """O*NET-SOC code -> the slug it is shown as (the curated role's when that is the job)."""
    codes: dict[str, str]
    """Slug -> O*NET-SOC code, for curated roles and imported occupations."""
    marked: dict[str, frozenset[str]] = field(default_factory=dict)
    """Folded word -> the diacritics the titles write it with, for the words some title writes
    with diacritics ("cơ sở": a word typed "có" or "sợ" is none of a title's)."""

    @classmethod
    def from_store(cls, store: Store) -> Titles:
        """The resolver on the store's titles."""
        occupations = store.occupations()
        index = TitleIndex.from_blob(store.title_index())
        slugs = {o.code: o.stands_for or o.slug for o in occupations}
        codes = {o.slug: o.code for o in occupations} | {r.slug: r.onet_code for r in store.roles()}
        areas = store.areas()
        places = Places(areas, {a.code: a.published for a in areas}, store.area_nicknames())
        country = store.areas_country() or ""
        marked: dict[str, set[str]] = defaultdict(set)
        for _, written, _ in index.titles:
            if not written.isascii():
                for word in unicodedata.normalize("NFKC", written).casefold().split():
                    if marks := _marks(word):
                        marked[fold(word)].add(marks)
        frozen = {w: frozenset(m) for w, m in marked.items()}
        return cls(TitleResolver(index), places, country, slugs, codes, frozen)

    def read(
        self, words: Words, entities: list[Span], matches: list[Span], vocab: Vocabulary
    ) -> tuple[list[Span], list[Found], list[Mention]]:
        """The entities with the occupations found among the words no other entity and no
        cue phrase ("job security", "day in the life") took, and the US places named (which
        no title found by a typo's correction may take: "Boulder, CO" is no builder)."""

        function = vocab.plain.__contains__
        elsewhere = {  # cue words; the names the parser read here are `blocked` below
            typed
            for typed, read in zip(words.folded, words.corrected, strict=True)
            if read in vocab.cue_words
        }

        def means_else(word: str) -> bool:
            return word in elsewhere or function(word)

        phrases = [m for m in matches if m.size > 1 and any(t.kind in CUE_KINDS for t in m.targets)]
        blocked = frozenset(
            i
            for s in [*entities, *phrases]
            if any(t.kind != "other_role" for t in s.targets)
            for i in range(s.start, s.end)
        )
        places = self._mentions(words, entities, vocab)
        blocked |= {i for m in places for i in range(m.start, m.end)}
        blocked |= {  # typed with other diacritics than the titles write: another word
            i
            for i, typed in enumerate(words.normal)
            if not typed.isascii()
            and (marks := _marks(typed))
            and marks not in self.marked.get(words.folded[i], {marks})
        }
        reading = TitleWords(
            words.folded,
            words.corrected,
            words.breaks,
            blocked,
            means_else,
            function,
            vocab.known.__contains__,
            vocab.sets["common"].__contains__,
            tuple(vocab.words("doer_ending", words.langs)),
            vocab.words("doer_word", words.langs),
            vocab.words("identity", words.langs),
        )
        named = {self.codes[k] for s in entities for k in s.keys("role") if k in self.codes}
        found = [  # a curated role's own occupation named beside it is that role
            f for f in self.resolver.find(reading) if not (f.resolved and f.codes[0] in named)
        ]
        taken_back = _taken_back(words, vocab)
        if taken_back is not None:  # "data analyst... I mean data scientist"
            later = any(s.start >= taken_back and s.keys("role") for s in entities)
            later |= any(f.start >= taken_back and f.resolved for f in found)
            if later:
                found = [f for f in found if f.start >= taken_back]
                entities = [s for s in entities if s.start >= taken_back or not s.keys("role")]
        covered = {i for f in found for i in range(f.start, f.end)}
        kept = [
            s
            for s in entities
            if any(t.kind != "other_role" for t in s.targets)
            or (covered.isdisjoint(range(s.start, s.end)) and not self._titled(words, s))
        ]
        for f in found:
            if f.unknown:
                target = Target("other_role", "", "title")
            elif f.resolved:
                target = Target("role", self.slugs[f.codes[0]], "title")
            else:
                target = Target("choice", " ".join(f.codes), "title")
            kept.append(Span(f.start, f.end - f.start, (target,)))
        return sorted(kept, key=lambda s: s.start), found, places

    def _mentions(self, words: Words, entities: list[Span], vocab: Vocabulary) -> list[Mention]:
        """The US places the message names, where the parser read no role or other country."""
        placed: list[tuple[int, int]] = []
        taken: set[int] = set()
        for s in entities:
            countries = s.keys("country")
            ours = self.country in countries
            if ours:
                placed.append((s.start, s.end))
            elsewhere = not ours and bool(countries or s.keys("place"))  # "Melbourne": AU's
            if elsewhere or s.keys("role"):
                taken.update(range(s.start, s.end))
        return [
            m
            for m in self.places.find(
                words.folded,
                words.original,
                words.breaks,
                placed,
                vocab.sets["common"].__contains__,
            )
            if taken.isdisjoint(range(m.start, m.end))
        ]

    def thai(self) -> set[str]:
        """The titles written in Thai (no spaces), for segmenting Thai text."""
        return {key.replace(" ", "") for key in self.resolver.index.exact if _thai(key)}

    def languages(self) -> dict[str, str]:
        """The words of titles in other languages that tell the language (word -> code)."""
        return self.resolver.index.tells

    def _titled(self, words: Words, span: Span) -> bool:
        """Whether a lexicon's "other role" is a title of the data after all (where the
        context did not make it one, as in "nurse burnout", it is then not said to be
        unknown either)."""
        index = self.resolver.index
        return bool(index.candidates(index.key(words.folded[span.start : span.end])))

    def annotation(
        self,
        query: dict[str, Any],
        words: Words,
        entities: list[Span],
        found: list[Found],
        places: list[Mention],
    ) -> dict[str, Any]:
        """What the titles add to a query's fields: its role's O*NET-SOC code, the choice a
        title leaves or the nearest ones, and the US places named (with the US among its
        countries)."""
        update: dict[str, Any] = {"occupation": self.codes.get(query["role"] or "")}
        roles = {i for s in entities if s.keys("role") for i in range(s.start, s.end)}
        mentions = [m for m in places if roles.isdisjoint(range(m.start, m.end))]
        if mentions:
            update["areas"] = [m.areas[0] for m in mentions]
            update["countries"] = _with(self.country, query["countries"], entities, mentions)
        for f in found:
            typed = " ".join(words.original[f.start : f.end])
            if f.unknown and query["unknown_role"] == typed:
                update["nearest"] = list(f.codes)
            elif not f.resolved and not f.unknown and "choices" not in update:
                update["choices"] = list(f.codes)
                update["typed"] = typed
            elif f.resolved and self.slugs[f.codes[0]] == query["role"]:
                update["typed"], update["matched"] = typed, f.title
        return update


def _taken_back(words: Words, vocab: Vocabulary) -> int | None:
    """The position after the last phrase that takes back what was said ("I mean"), if any."""
    tokens, found = words.corrected, None
    phrases, firsts = vocab.sets["correction"], vocab.firsts("correction")
    for i, token in enumerate(tokens):
        if token.partition(" ")[0] not in firsts:
            continue  # no phrase starts here
        for n in (1, 2, 3):
            if " ".join(tokens[i : i + n]) in phrases:
                found = i + n
    return found


def _with(
    country: str, countries: list[str], entities: list[Span], mentions: list[Mention]
) -> list[str]:
    """The countries with the places' country where they are first named ("Sacramento vs
    Berlin": DE after the US)."""
    if country in countries:
        return countries
    at = min(m.start for m in mentions)
    before = {k for s in entities if s.start < at for k in s.keys("country")}
    position = sum(1 for c in countries if c in before)
    return [*countries[:position], country, *countries[position:]]


def _digits(token: str) -> float | None:
    """A small number written as digits ("3", "1.5", "5yrs")."""
    if not token[:1].isdecimal():
        return None  # `_NUMBER` starts with a digit
    found = _NUMBER.match(token)
    if not found:
        return None
    return float(found.group(1).replace(",", "."))


def _later_in_clause(words: Words, spans: Iterable[Span], move: Span) -> Iterator[Span]:
    """The spans after a move word, in order, up to the end of its clause."""
    for span in spans:
        if span.start < move.end:
            continue
        if any(words.breaks[i] for i in range(move.end, span.start + 1)):
            return
        yield span


def _scores(cues: list[Span]) -> dict[Intent, float]:
    """Each intent's score: its strongest cue, plus a little for every further cue."""
    weights: dict[Intent, list[float]] = defaultdict(list)
    for span in cues:
        for target in span.targets:
            strong = target.origin == "cue"
            weight = STRONG + 0.1 * (span.size - 1) if strong else WEAK
            weights[as_intent(target.key)].append(weight)
    scores: dict[Intent, float] = defaultdict(float)
    for intent, found in weights.items():
        found.sort(reverse=True)
        scores[intent] = found[0] + sum(0.15 if w >= STRONG else 0.05 for w in found[1:])
    return scores


def _still(cues: list[Span]) -> set[int]:
    """The positions of cue phrases of intents that are no move ("differ from" asks what
    each role is, not how to leave one)."""
    return {
        i
        for s in cues
        if not any(t.key in MOVE_INTENTS for t in s.targets)
        for i in range(s.start, s.end)
    }


def _typed(words: Words, span: Span) -> bool:
    """Whether a phrase was typed as the vocabulary writes it (not a corrected typo)."""
    return all(words.similarity[i] == 100.0 for i in range(span.start, span.end))


def _occupation_overview(
    cues: list[Span], intent: Intent, confidence: float
) -> tuple[Intent, float]:
    """A question about what an occupation the store does not cover does ("what does a nurse
    do") asks for its overview, though a bare name of it does not."""
    overview = _scores(cues).get("overview", 0.0)
    return ("overview", 0.6) if overview >= WEAK + 0.05 else (intent, confidence)


def _rank(intent: Intent) -> int:
    """An intent's place in the tie-break."""
    return PRIORITY.index(intent) if intent in PRIORITY else len(PRIORITY)


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
