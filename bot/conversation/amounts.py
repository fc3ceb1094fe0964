"""Amounts of money as people write them, and what else a message says about pay.

`150k`, `$150K`, `US$150k`, `1.5 lakh`, `12 LPA`, `₹12L`, `S$8k/month`, `RM6,500 sebulan`,
`60.000 € brutto`, `4,5 juta per bulan`, `30 triệu/tháng`, `1.8ล้านบาทต่อปี`, `90k CAD`.

The words are data. From CLDR (through Babel), for each language the money source names and
each country's locale: currency names and symbols, compact number words (K, Mio., juta, jt,
triệu, lakh, Cr, ล้าน) and the words for years, months, weeks, days and hours ("pro Monat",
"/tháng", "kada buwan"). From the money source (`knowledge/money.yaml`, via the store) what
CLDR lacks: LPA and lakhs, "per annum", the distinct symbols (S$), words for after tax, for
"in <currency>" and for editing a comparison. A message is scanned once, token by token.

A number is read with the separators of the country's locale where its digits leave them open
(Babel's number symbols): `4,5 juta` and `1.5 lakh` are decimals, `60.000 €` and `RM6,500`
thousands. The currency is a symbol, code or name beside the number, else the country's; a
bare `$` or "dollars" is the country's own dollar, else the US dollar. A period word belongs to
the amount when it stands next to it (in `3 years` it is someone's experience). With no period
word the period is the country's habit (`quotes_pay`), unless the size says otherwise (`130K
USD` in Singapore is a year's pay, not a month's).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from typing import Literal, NamedTuple

from babel import Locale
from babel.numbers import get_decimal_symbol, list_currencies
from pydantic import BaseModel, ConfigDict, Field, field_serializer

from knowledge.errors import NotFoundError
from knowledge.schema import PERIODS, Country, Period
from knowledge.store import Store

DISPLAY_UNITS: tuple[Period, ...] = ("year", "month", "hour")
"""The periods a salary screen can be shown in."""
AFTER_GAP = 16
"""The most characters between an amount and a period word after it ("€ brutto im Monat")."""
BEFORE_GAP = 12
"""The most characters between a period word and the amount after it ("Tagessatz 800 €")."""
SHORT_MESSAGE = 2
"""A currency code alone asks to see figures in it only in a message of this many words."""
BARE_MINIMUM = 1000
"""A number with no currency or number word is an amount only from this size on."""
CALENDAR_YEARS = range(1900, 2101)
"""Four-digit numbers without separators in this range are years, not amounts."""
SIZE_MARGIN = math.log(2)
"""How much closer (as a log ratio) the other period must put an amount to the usual pay
before it overrides the country's habit."""
KEYS_CACHE = 100_000
"""Tokens whose possible words an index remembers (words recur from message to message)."""
KINDS = ("currency", "scale", "period", "net", "into", "add", "drop")
"""The kinds of money words: `currency` means a code (or `$` for "a dollar"), `scale` a
factor, `period` a period; the others mean themselves."""
ALONE_KINDS = frozenset({"currency", "period", "net", "add", "drop"})
"""The kinds of money words that say something without a number ("in", "to", a scale: none)."""

_NUMBER = re.compile(r"(?<![\d.,])\d+(?:(?:[.,]|[\u00a0\u202f](?=\d{3}(?!\d)))\d+)*")
_TOKEN = re.compile(r"[^\W\d_]+|[^\w\s]")
"""A run of letters, or one sign (`$`, `€`, `/`)."""
_WORDS = re.compile(r"[^\W\d_]+")
_SPACELESS = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u9fff]")
"""Scripts written without spaces between words (Thai, Lao, Myanmar, Khmer, CJK)."""

Sense = tuple[str, str, str]
"""What a word means: (kind, meaning, language)."""


class Amount(BaseModel):
    """An amount of money in a message: the value in the asker's unit (`8k` is 8000), its
    currency and the period it is for. The `*_said` flags tell a stated currency or period
    from one taken from the country's habit."""

    model_config = ConfigDict(frozen=True)

    value: float
    currency: str | None = None
    period: Period | None = None
    currency_said: bool = Field(default=False, exclude=True)
    period_said: bool = Field(default=False, exclude=True)
    net: bool = Field(default=False, exclude=True)
    """Whether the asker called it take-home pay ("in hand", "net")."""

    @classmethod
    def stated(
        cls, value: float, currency: str | None, period: Period | None, net: bool = False
    ) -> Amount:
        """An amount as the asker stated it: the currency and period marked said when given."""
        return cls(
            value=value,
            currency=currency,
            period=period,
            currency_said=currency is not None,
            period_said=period is not None,
            net=net,
        )

    @field_serializer("value")
    def _whole(self, value: float) -> float | int:
        return int(value) if float(value).is_integer() else value


@dataclass(frozen=True)
class Reading:
    """What a message says about money: an amount, or (without one) a unit or currency to
    show figures in; and whether it asks about pay after tax or edits a comparison."""

    amount: Amount | None = None
    unit: Period | None = None
    currency: str | None = None
    net: bool = False
    edit: Literal["add", "drop"] | None = None
    uncovered: str | None = None
    """A currency asked for that the store has no exchange rate for ("in CHF")."""
    words: frozenset[str] = field(default=frozenset(), compare=False)
    """The words of the money words read without an amount ("per", "month" of "per month?"):
    how it was said, not what it says, so no part of a reading's equality."""


# --- text ------------------------------------------------------------------------------------


def _lower(text: str) -> str:
    """Lower case, one character for one (so positions stay those of the text)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := c.lower()) == 1 else c for c in text)


class _Folding(dict[int, str]):
    """`str.translate` table: each character to its letter without accents, found on first use."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        base = "d" if char == "đ" else unicodedata.normalize("NFD", char)[0]
        self[code] = base
        return base


_FOLDING = _Folding()


def _fold_lowered(lowered: str) -> str:
    return lowered if lowered.isascii() else lowered.translate(_FOLDING)


def fold(text: str) -> str:
    """Lower case without accents, one character for one (`Tháng` -> `thang`, `đ` -> `d`)."""
    return _fold_lowered(_lower(text))


@dataclass(frozen=True)
class Haystack:
    """A message as words are matched in it: lower case, and without accents when the message
    has none (so `thang` matches `tháng`, but `Nam` in `Việt Nam` is not `năm`)."""

    text: str
    lowered: str
    folded: str

    @classmethod
    def of(cls, text: str) -> Haystack:
        """The haystack of a text."""
        lowered = _lower(text)
        return cls(text, lowered, _fold_lowered(lowered))

    @property
    def accents(self) -> bool:
        """Whether the message is written with accents."""
        return self.folded != self.lowered

    @property
    def matched(self) -> str:
        """The form words are matched in."""
        return self.lowered if self.accents else self.folded


# --- words -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """A money word found in a message."""

    start: int
    end: int
    word: str


@cache
def _bounded(word: str, *, compounds: bool) -> re.Pattern[str]:
    """A word's pattern: its parts separated by any spaces; a Latin word neither starts nor
    ends inside another word, except that a word that `compounds` (a period word) of 3+
    letters may start a longer one (`monthly`, `Tagessatz`) and one of 4+ letters may end one
    after a prefix of up to 3 letters (`sebulan`, `perbulan`). Other words are whole words
    (`net` is not the start of `Netherlands`, nor `euro` the end of `neuro`)."""
    body = r"\s+".join(re.escape(part) for part in word.split())
    if word.endswith("."):
        body = body[: -len(re.escape("."))] + r"\.?"
    letters = sum(c.isalpha() for c in word)
    before = ""
    if word[0].isalpha():
        before = r"(?<![^\W\d_]{4})" if compounds and letters >= 4 else r"(?<![^\W\d_])"
    closed = word[-1].isalpha() and (letters < 3 or not compounds)
    after = r"(?![^\W\d_])" if closed or word[-1] == "." else ""
    return re.compile(f"{before}{body}{after}")


class Entry(NamedTuple):
    """A word of an index: whether it compounds, and the text a match must start with and
    the text it must contain after that (its first and last parts, without an optional
    final full stop), which rule most words out before their pattern is tried."""

    word: str
    compounds: bool
    first: str
    last: str

    @classmethod
    def of(cls, word: str, compounds: bool) -> Entry:
        """A word's entry."""
        parts = word.split()
        last = parts[-1][:-1] if word.endswith(".") else parts[-1]
        return cls(word, compounds, parts[0] if len(parts) > 1 else last, last)


@dataclass(frozen=True)
class Index:
    """Words by their first token, each with whether it compounds (its bounded pattern is
    compiled when a message first has that token: most words are never met), and the words
    of scripts written without spaces (searched inside runs of those scripts). `heads` are
    the words that may start a longer word (one compounding word of 3+ letters) by their first
    three letters, `tails` the first tokens of the words that may end one (compounding, 4+
    letters): only they are looked up inside a token."""

    by_first: dict[str, list[Entry]]
    spaceless: tuple[str, ...]
    heads: dict[str, tuple[str, ...]] = field(default_factory=dict)
    tails: frozenset[str] = frozenset()
    _keys: dict[str, tuple[tuple[str, int], ...]] = field(
        default_factory=dict, compare=False, repr=False
    )
    """The first tokens of the words that may be at a token (`_starts`), remembered for the
    tokens met, up to KEYS_CACHE."""

    @classmethod
    def of(cls, words: Iterable[str], compounding: frozenset[str] = frozenset()) -> Index:
        """The index of some words; those in `compounding` may be part of a longer word."""
        by_first: dict[str, list[Entry]] = defaultdict(list)
        spaceless = []
        heads: dict[str, list[str]] = defaultdict(list)
        tails: set[str] = set()
        for word in sorted(set(words), key=len, reverse=True):
            first = _TOKEN.search(word)
            if _SPACELESS.search(word):
                spaceless.append(word)
            elif first is not None:
                by_first[first.group()].append(Entry.of(word, word in compounding))
                letters = sum(c.isalpha() for c in word)
                if word in compounding and word == first.group() and letters >= 3:
                    heads[word[:3]].append(word)
                if word in compounding and letters >= 4:
                    tails.add(first.group())
        starts = {first: tuple(words) for first, words in heads.items()}
        return cls(dict(by_first), tuple(spaceless), starts, frozenset(tails))

    def scan(self, haystack: str) -> list[Hit]:
        """Every word, left to right, longest first where words overlap."""
        hits = self._spaceless(haystack)
        done = 0
        remembered = self._keys
        for token in _TOKEN.finditer(haystack):
            pos, text = token.start(), token.group()
            keys = remembered.get(text)
            if keys is None:
                keys = self._starts(text)
                if len(remembered) < KEYS_CACHE:
                    remembered[text] = keys
            if keys and pos >= done:  # most tokens start no word
                hit = self._at(haystack, pos, keys)
                if hit is not None:
                    hits.append(hit)
                    done = hit.end
        return sorted(hits, key=lambda h: h.start)

    def _at(self, haystack: str, pos: int, keys: tuple[tuple[str, int], ...]) -> Hit | None:
        """The longest word at a token, from the first tokens of the words that may be there
        (`_starts`): starting with it, with a part of it (`month` in `monthly`), or after a
        short prefix ending it (`bulan` in `sebulan`)."""
        by_first = self.by_first
        best: Hit | None = None
        for key, offset in keys:
            at = pos + offset
            for word, compounds, first, last in by_first[key]:
                if not haystack.startswith(first, at) or haystack.find(last, at) < 0:
                    continue  # not there: its pattern cannot match
                match = _bounded(word, compounds=compounds).match(haystack, at)
                if match and (best is None or match.end() - at > best.end - best.start):
                    best = Hit(at, match.end(), word)
        return best

    def _starts(self, token: str) -> tuple[tuple[str, int], ...]:
        """The first tokens of the words that may be at a token, each with where it starts in
        the token: the token, a word it starts with, a word it ends with after a prefix."""
        by_first = self.by_first
        keys = [(token, 0)] if token in by_first else []
        heads = self.heads.get(token[:3], ())
        keys += [(w, 0) for w in heads if len(w) < len(token) and token.startswith(w)]
        if len(token) > 4:
            keys += [(token[n:], n) for n in (1, 2, 3) if token[n:] in self.tails]
        return tuple(keys)

    def _spaceless(self, haystack: str) -> list[Hit]:
        if not self.spaceless or not _SPACELESS.search(haystack):
            return []
        hits: list[Hit] = []
        taken: set[int] = set()
        for word in self.spaceless:
            at = haystack.find(word)
            while at >= 0:
                span = set(range(at, at + len(word)))
                if not taken & span:
                    taken |= span
                    hits.append(Hit(at, at + len(word), word))
                at = haystack.find(word, at + 1)
        return hits


@dataclass
class Lexicon:
    """Every money word a reader knows, with its senses, from CLDR and the money source."""

    languages: tuple[str, ...]
    locales: tuple[str, ...]
    covered: frozenset[str]
    senses: dict[str, list[Sense]] = field(default_factory=lambda: defaultdict(list))

    def add(self, word: str, kind: str, meaning: str, language: str = "") -> None:
        """Add a word (its case and surrounding spaces ignored)."""
        key = " ".join(_lower(word).split())
        sense = (kind, meaning, language)
        if key and sense not in self.senses[key]:
            self.senses[key].append(sense)

    @cached_property
    def folded(self) -> dict[str, list[Sense]]:
        """The senses by the words without accents."""
        found: dict[str, list[Sense]] = defaultdict(list)
        for word, senses in self.senses.items():
            found[fold(word)] += senses
        return dict(found)

    @cached_property
    def indexes(self) -> tuple[Index, Index]:
        """The index of the words as written, and of the words without accents."""
        written = frozenset(w for w, senses in self.senses.items() if _is_period(senses))
        return Index.of(self.senses, written), Index.of(self.folded, self.folded_periods)

    def scan(self, h: Haystack) -> list[Hit]:
        """Every money word in a message."""
        return self.indexes[0 if h.accents else 1].scan(h.matched)

    def kinds(self, word: str, h: Haystack) -> set[str]:
        """The kinds of word a matched word is."""
        return {k for k, _, _ in self._senses(word, h)}

    def of(self, word: str, h: Haystack, kind: str) -> list[tuple[str, str]]:
        """The (meaning, language) pairs a matched word has as a kind of word."""
        return [(meaning, lang) for k, meaning, lang in self._senses(word, h) if k == kind]

    def _senses(self, word: str, h: Haystack) -> list[Sense]:
        """A matched word's senses, as written in a message with accents, else folded."""
        return self.senses.get(word, []) if h.accents else self.folded.get(word, [])

    def load(self, words: Iterable[tuple[str, str, str]]) -> Lexicon:
        """Fill the lexicon from CLDR and from the money source's (kind, target, term) rows."""
        for code in list_currencies():
            self.add(code, "currency", code)
        for name in (*self.languages, *self.locales):
            locale = Locale.parse(name)
            self._currency_words(locale)
            self._scale_words(locale, name)
            self._period_words(locale)
        for code, sign in Locale.parse("en").currency_symbols.items():
            if code not in self.covered and not sign.isalpha() and sign != code:
                self.add(sign, "currency", code)
        for kind, target, term in words:
            if kind in ("symbol", "currency"):
                self.add(term, "currency", target)
            elif kind == "dollar":
                self.add(term, "currency", "$")
            elif kind in KINDS:
                self.add(term, kind, target or kind)
        return self

    def _currency_words(self, locale: Locale) -> None:
        plurals = locale._data["currency_names_plural"]
        for code in self.covered:
            sign = locale.currency_symbols.get(code)
            if sign and sign != code:
                self.add(sign, "currency", "$" if sign == "$" else code, locale.language)
            names = [locale.currencies.get(code) or "", *dict(plurals.get(code, {})).values()]
            for name in filter(None, names):
                self.add(name, "currency", code, locale.language)

    def _scale_words(self, locale: Locale, name: str) -> None:
        """CLDR's compact number words: `0K` is a thousand, `00 Mio.` ten million -> a
        million, `0L` in en_IN a lakh."""
        for length in ("short", "long"):
            for forms in dict(locale.compact_decimal_formats.get(length, {})).values():
                for magnitude, pattern in dict(forms).items():
                    text = pattern.pattern.replace("'", "")
                    zeros = text.count("0")
                    word = re.sub(r"[0\s]+", " ", text).strip()
                    if zeros and word and not any(c.isdigit() for c in word):
                        self.add(word, "scale", f"{int(magnitude) / 10 ** (zeros - 1):g}", name)

    def _period_words(self, locale: Locale) -> None:
        """CLDR's unit names of durations: `month`, `Monat`, `/tháng`, `ต่อปี`, `kada buwan`."""
        units = locale._data["unit_patterns"]
        for period in PERIODS:
            for forms in dict(units.get(f"duration-{period}", {})).values():
                for pattern in dict(forms).values():
                    word = str(pattern).replace("{0}", "").strip()
                    letters = sum(c.isalpha() for c in word)
                    if letters >= 2 or (word.startswith("/") and letters):
                        self.add(word, "period", period, locale.language)

    @cached_property
    def folded_periods(self) -> frozenset[str]:
        """The period words without accents."""
        return frozenset(w for w, senses in self.folded.items() if _is_period(senses))


def _is_period(senses: list[Sense]) -> bool:
    return any(kind == "period" for kind, _, _ in senses)


@lru_cache(maxsize=8)
def lexicon(
    words: tuple[tuple[str, str, str], ...], locales: tuple[str, ...], covered: frozenset[str]
) -> Lexicon:
    """The lexicon of a store's money words and countries (built once per distinct store)."""
    languages = tuple(term for kind, _, term in words if kind == "language")
    return Lexicon(languages, locales, covered).load(words)


# --- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    """A number read as an amount, with the span of it and the words beside it."""

    value: float
    start: int
    end: int
    currency: str | None
    marked: bool
    period: Period | None


@dataclass(frozen=True)
class Scan:
    """One message's money words, by where they start and end."""

    h: Haystack
    hits: list[Hit]

    @cached_property
    def starting(self) -> dict[int, Hit]:
        """Hits by their first character."""
        return {hit.start: hit for hit in self.hits}

    @cached_property
    def ending(self) -> dict[int, Hit]:
        """Hits by the character after their last."""
        return {hit.end: hit for hit in self.hits}

    def next_to(self, pos: int, *, after: bool) -> Hit | None:
        """The hit right after (or right before) `pos`, or one space away."""
        text, table = self.h.text, self.starting if after else self.ending
        hit = table.get(pos)
        beside = pos if after else pos - 1
        if hit is None and 0 <= beside < len(text) and text[beside].isspace():
            hit = table.get(pos + 1 if after else pos - 1)
        return hit


class AmountReader:
    """Reads amounts and the other pay words of messages, with the store's words and CLDR's."""

    def __init__(self, store: Store) -> None:
        self.store = store
        countries = store.countries()
        self.countries = {c.code: c for c in countries}
        self.covered = frozenset({c.currency for c in countries} | {"USD"})
        rows = tuple((w.kind, w.target, w.term) for w in store.money_words())
        self.words = lexicon(rows, tuple(sorted({c.locale for c in countries})), self.covered)
        self.places = _place_words(store, self.words.folded_periods)
        self._last: tuple[str, list[Hit]] = ("", [])

    def read(self, text: str, countries: Sequence[str] = (), role: str | None = None) -> Reading:
        """What a message says about money; the amount is resolved with the first country."""
        h = Haystack.of(text)
        hits = self._scan(h)
        if _NUMBER.search(h.lowered) is None and not self._alone(h, hits):
            # no number and no word that says anything alone ("in", "to"): most messages
            return Reading(words=_said(hits))
        scan = Scan(h, hits)
        country = next((self.countries[c] for c in countries if c in self.countries), None)
        net = self._net(scan)
        found = self._amount(scan, country)
        if found is None:
            shown = self._display_currency(scan)
            covered = shown if shown in self.covered else None
            return Reading(
                unit=self._unit(scan, country),
                currency=covered,
                net=net,
                edit=self._edit(scan),
                uncovered=shown if shown is not None and covered is None else None,
                words=_said(hits),
            )
        raw = Amount.stated(found.value, found.currency, found.period, net)
        return Reading(amount=self.resolve(raw, country, role), net=net)

    def _alone(self, h: Haystack, hits: list[Hit]) -> bool:
        """Whether a money word says something without a number (a currency, a period ...)."""
        return any(not ALONE_KINDS.isdisjoint(self.words.kinds(hit.word, h)) for hit in hits)

    def _scan(self, h: Haystack) -> list[Hit]:
        """The money words of a message, kept for a second call on the same text (the parser
        masks a message, then reads it)."""
        if self._last[0] != h.text:
            self._last = (h.text, self.words.scan(h))
        return list(self._last[1])

    def masked(self, text: str) -> str:
        """The text with each currency symbol that joins letters to a sign (`US$`, `S$`,
        `NZ$`) blanked, one space for one character, so its letters are not read as a place."""
        h = Haystack.of(text)
        hits = self._scan(h)
        if not hits:
            return text
        chars = list(text)
        for hit in hits:
            mixed = any(c.isalpha() for c in hit.word) and not hit.word.isalnum()
            if mixed and self.words.of(hit.word, h, "currency"):
                chars[hit.start : hit.end] = " " * (hit.end - hit.start)
        return "".join(chars)

    def _sense(self, scan: Scan, hit: Hit, kind: str, country: Country | None) -> str | None:
        """What a word means as a kind of word, in the country's locale, else its language,
        else English, else as first listed (`hr` is an hour in English, a day in Indonesian)."""
        senses = self.words.of(hit.word, scan.h, kind)
        if not senses:
            return None
        order = ("en",) if country is None else (country.locale, country.locale[:2], "en")
        return min(senses, key=lambda s: order.index(s[1]) if s[1] in order else len(order))[0]

    def _amount(self, scan: Scan, country: Country | None) -> Found | None:
        """The message's amount: the first number with a currency or number word, else the
        first plain number big enough to be pay."""
        found = [
            f
            for m in _NUMBER.finditer(scan.h.lowered)
            if (f := self._number(scan, m, country)) is not None
        ]
        return min(found, key=lambda f: (not f.marked, f.start)) if found else None

    def _number(self, scan: Scan, match: re.Match[str], country: Country | None) -> Found | None:
        """The amount a number is, with its number word, currency and period, or None."""
        start, end, digits = match.start(), match.end(), match.group()
        scale = scan.next_to(end, after=True)
        factor, period = 1.0, None
        if scale is not None and (said := self._sense(scan, scale, "scale", country)):
            end, factor = scale.end, float(said)
            per = self._sense(scan, scale, "period", country)
            period = _as_period(per) if per else None
        else:
            scale = None
        currency, start, end = self._currency(scan, start, end, country)
        value = _number(digits, country.locale if country else "en_US", scaled=bool(scale))
        value *= factor
        marked = currency is not None or scale is not None
        plain = "".join(c for c in digits if c.isdigit())
        if not marked and (
            value < BARE_MINIMUM or (plain == digits and int(plain) in CALENDAR_YEARS)
        ):
            return None
        return Found(
            value, start, end, currency, marked, period or self._period(scan, start, end, country)
        )

    def _currency(
        self, scan: Scan, start: int, end: int, country: Country | None
    ) -> tuple[str | None, int, int]:
        """The currency written before or after a number, and the amount's new span."""
        before = scan.next_to(start, after=False)
        if before is not None and (code := self._code(scan, before, country)):
            return code, before.start, end
        after = scan.next_to(end, after=True)
        if after is not None and (code := self._code(scan, after, country)):
            return code, start, after.end
        return None, start, end

    def _code(self, scan: Scan, hit: Hit, country: Country | None) -> str | None:
        """The currency a word stands for: a bare dollar is the country's own dollar, else the
        US dollar; the code of a currency no country here uses counts only in capitals (`CHF`,
        not `all`)."""
        senses = self.words.of(hit.word, scan.h, "currency")
        codes = {code for code, _ in senses}
        if "$" in codes:
            return country.currency if country is not None and _is_dollar(country) else "USD"
        if not codes:
            return None
        if country is not None and country.currency in codes:
            return country.currency
        code = self._sense(scan, hit, "currency", country)
        written = scan.h.text[hit.start : hit.end]
        if code not in self.covered and hit.word.upper() == code and written != code:
            return None
        return code

    def _period(self, scan: Scan, start: int, end: int, country: Country | None) -> Period | None:
        """The period word that belongs to the amount at [start, end), if any: the nearest
        after it, else the nearest before it, never one that follows another number."""
        text = scan.h.text
        best: tuple[int, str] | None = None
        for hit in self._periods(scan):
            if hit.start >= end:
                gap, rank, limit = text[end : hit.start], hit.start - end, AFTER_GAP
            elif hit.end <= start:
                gap, rank, limit = text[hit.end : start], start - hit.end + AFTER_GAP, BEFORE_GAP
            else:
                continue
            if len(gap) > limit or any(c.isdigit() for c in gap) or _owned(text, hit, start, end):
                continue
            meaning = self._sense(scan, hit, "period", country)
            if meaning and (best is None or rank < best[0]):
                best = (rank, meaning)
        return _as_period(best[1]) if best else None

    def _periods(self, scan: Scan) -> Iterator[Hit]:
        """Period words, except those inside a place's name (`Viet Nam` is not `năm`)."""
        hits = [h for h in scan.hits if self.words.of(h.word, scan.h, "period")]
        places = [
            (m.start(), m.end())
            for name in (self.places if hits else ())
            for m in re.finditer(re.escape(name), scan.h.folded)
        ]
        for hit in hits:
            if not any(hit.start < e and s < hit.end for s, e in places):
                yield hit

    def _of_kind(self, scan: Scan, kind: str) -> Iterator[Hit]:
        return (hit for hit in scan.hits if self.words.of(hit.word, scan.h, kind))

    def _net(self, scan: Scan) -> bool:
        """Whether the message asks about pay after tax (`.NET` is a platform, not pay)."""
        text = scan.h.text
        return any(h.start == 0 or text[h.start - 1] != "." for h in self._of_kind(scan, "net"))

    def _unit(self, scan: Scan, country: Country | None) -> Period | None:
        """A period to show figures in ("per month?", "hourly"), not the unit of a number."""
        for hit in self._periods(scan):
            said = self._sense(scan, hit, "period", country)
            if said in DISPLAY_UNITS and not _owned(scan.h.text, hit, 0, 0):
                return _as_period(said)
        return None

    def _display_currency(self, scan: Scan) -> str | None:
        """A currency to show figures in ("in euros", "in USD?", "in CHF"): written as a name
        or symbol, or as its code after "in" or in a message of few words."""
        short = len(_WORDS.findall(scan.h.text)) <= SHORT_MESSAGE
        for hit in self._of_kind(scan, "currency"):
            code = self._code(scan, hit, None)
            if code is None or code == "$":
                continue
            before = scan.next_to(hit.start, after=False)
            into = before is not None and bool(self.words.of(before.word, scan.h, "into"))
            if hit.word.upper() != code or short or into:
                return code
        return None

    def _edit(self, scan: Scan) -> Literal["add", "drop"] | None:
        if next(self._of_kind(scan, "drop"), None) is not None:
            return "drop"
        if next(self._of_kind(scan, "add"), None) is not None:
            return "add"
        return None

    def resolve(self, amount: Amount, country: Country | None, role: str | None) -> Amount:
        """An amount with what it did not say taken from the country (see `resolve`)."""
        return resolve(self.store, amount, country, role)


def _said(hits: list[Hit]) -> frozenset[str]:
    """The words of a message's money words (`Reading.words`)."""
    return frozenset(w for hit in hits for w in hit.word.split())


def resolve(
    store: Store,
    amount: Amount,
    country: Country | None,
    role: str | None,
    usual: tuple[float, float] | None = None,
) -> Amount:
    """An amount with what it did not say taken from the country: its currency, and its period
    by the country's habit unless the size says otherwise (against `usual`, the yearly pay of
    the job there, else the role's bands). Without a country, the first country that uses the
    amount's currency stands in."""
    if country is None and amount.currency is not None:
        country = next((c for c in store.countries() if c.currency == amount.currency), None)
    currency = amount.currency
    if not amount.currency_said:
        currency = country.currency if country else None
    period = amount.period
    if not amount.period_said:
        period = _usual_period(store, amount.value, currency, country, role, usual)
    return amount.model_copy(update={"currency": currency, "period": period})


def _usual_period(
    store: Store,
    value: float,
    currency: str | None,
    country: Country | None,
    role: str | None,
    usual: tuple[float, float] | None = None,
) -> Period:
    """The country's habit (`quotes_pay`), unless the other period puts the amount clearly
    nearer the usual yearly pay (given, else the role's, else the first role's there)."""
    if country is None:
        return "year"
    habit: Period = country.pay_norms.quotes_pay
    other: Period = "year" if habit == "month" else "month"
    local = _in_local(store, value, currency, country)
    band = usual or _usual_pay(store, country, role)
    if local is None or band is None:
        return habit
    yearly = {"year": local, "month": local * country.pay_norms.months_per_year}
    closer = _distance(yearly[habit], band) - _distance(yearly[other], band)
    return other if closer > SIZE_MARGIN else habit


def _in_local(store: Store, value: float, currency: str | None, country: Country) -> float | None:
    if currency is None or currency == country.currency:
        return value
    try:
        per_usd = store.rate(currency).per_usd
    except NotFoundError:
        return None
    return value / per_usd * store.rate(country.currency).per_usd


def _usual_pay(store: Store, country: Country, role: str | None) -> tuple[float, float] | None:
    """The yearly pay a role (else the first role) spans in a country, junior to manager."""
    try:
        pays = store.pay(role or store.roles()[0].slug, country.code)
    except NotFoundError:
        return None
    return pays[0].band.low, pays[-1].band.high


def _distance(value: float, band: tuple[float, float]) -> float:
    """How far a value is outside a band, as a log ratio (0 inside)."""
    low, high = band
    if value <= 0:
        return math.inf
    return math.log(low / value) if value < low else max(0.0, math.log(value / high))


def _owned(text: str, hit: Hit, start: int, end: int) -> bool:
    """Whether a period word is the unit of a number right before it ("3 years", "3ปี") that is
    not the amount at [start, end)."""
    before = text[: hit.start].rstrip(" +")
    return bool(before) and before[-1].isdigit() and not start <= len(before) - 1 < end


def _is_dollar(country: Country) -> bool:
    """Whether the country's own locale writes its currency as a bare `$`."""
    return Locale.parse(country.locale).currency_symbols.get(country.currency) == "$"


def _number(digits: str, locale: str, *, scaled: bool) -> float:
    """A written number: separators read by how many there are and the digits after them,
    and by the locale's decimal symbol where those leave it open (`1,500 juta` in Indonesian)."""
    digits = digits.replace("\u00a0", "").replace("\u202f", "")
    marks = [c for c in digits if c in ".,"]
    if not marks:
        return float(digits)
    if len(set(marks)) == 2:
        decimal = marks[-1]
        whole, _, fraction = digits.rpartition(decimal)
        return float(whole.replace("," if decimal == "." else ".", "") + "." + fraction)
    mark = marks[0]
    if len(marks) > 1:
        return float(digits.replace(mark, ""))
    whole, fraction = digits.split(mark)
    if len(fraction) != 3 or (scaled and get_decimal_symbol(locale) == mark):
        return float(f"{whole}.{fraction}")
    return float(whole + fraction)


def _as_period(value: str) -> Period:
    for period in PERIODS:
        if period == value:
            return period
    raise ValueError(value)


def _place_words(store: Store, periods: frozenset[str]) -> tuple[str, ...]:
    """Place names, without accents, that contain a period word (`viet nam`)."""
    names = {fold(t.term) for t in store.vocabulary("country")}
    return tuple(
        sorted(
            (n for n in names if len(words := set(_WORDS.findall(n))) > 1 and words & periods),
            key=len,
            reverse=True,
        )
    )
