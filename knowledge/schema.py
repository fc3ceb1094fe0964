"""The one schema of the knowledge sources: pydantic models for countries and roles."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, ClassVar, Literal, Self, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

Level = Literal["junior", "mid", "senior", "manager"]
LEVELS: tuple[Level, ...] = get_args(Level)

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{1,40}$")]
RoleSlug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{1,27}$")]
"""A curated role's slug: at most 28 characters, so two of them fit one comparison address."""
OnetCode = Annotated[str, StringConstraints(pattern=r"^\d{2}-\d{4}\.\d{2}$")]
"""An O*NET-SOC code: `29-1141.00`."""
SocCode = Annotated[str, StringConstraints(pattern=r"^\d{2}-\d{4}$")]
"""A SOC 2018 code, as BLS publishes wages by: `15-1252`."""
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
CurrencyCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
ClockTime = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]


class Provenance(StrEnum):
    """Where a fact comes from, so the bot can say how sure it is."""

    SEED = "seed"  # stated on the career page the bot was built from
    SOURCE = "source"  # taken from a named public source
    ESTIMATE = "estimate"  # a careerbot estimate, with its basis
    EDITORIAL = "editorial"  # prose written by careerbot's editors


class Ease(StrEnum):
    """How easy a pivot to an adjacent role is."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Model(BaseModel):
    """Base for every source model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --- countries -------------------------------------------------------------------------------


class Region(Model):
    """A group of countries, as the salary menu shows them."""

    key: Slug
    name: Text


WEEKS_PER_YEAR = 52


class PayNorms(Model):
    """How people in a country count and quote pay: what turns monthly or hourly pay into yearly."""

    quotes_pay: Literal["month", "year"]
    months_per_year: Annotated[float, Field(ge=12, le=16)]
    extra_pay: Literal["statutory", "customary", "none"]
    months_note: Text
    hours_per_week: Annotated[float, Field(gt=0, le=60)]
    hours_per_year: Annotated[int, Field(gt=0)]
    hours_rule: Literal["statutory", "usual"]
    hours_note: Text

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if (self.extra_pay == "none") != (self.months_per_year == 12):
            raise ValueError(
                f"extra_pay {self.extra_pay!r} does not match {self.months_per_year} months a year"
                " (12 months means none; more means statutory or customary extra pay)"
            )
        expected = round(self.hours_per_week * WEEKS_PER_YEAR)
        if self.hours_per_year != expected:
            raise ValueError(
                f"hours_per_year is {self.hours_per_year}, but {self.hours_per_week:g} h a week"
                f" x {WEEKS_PER_YEAR} weeks is {expected}"
            )
        return self


class Country(Model):
    """A country with the names people type for it and how pay is counted there."""

    code: CountryCode
    name: Text
    short_name: Text
    region: Slug
    currency: CurrencyCode
    locale: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}_[A-Z]{2}$")]
    pay_norms: PayNorms
    aliases: list[Text] = []
    demonyms: list[Text] = []
    cities: list[Text] = []


class Rates(Model):
    """Exchange rates: units of each currency per one US dollar, on a stated date."""

    as_of: dt.date
    source: Text
    per_usd: dict[CurrencyCode, Annotated[float, Field(gt=0)]]


class CountriesFile(Model):
    """The countries source file."""

    regions: Annotated[list[Region], Field(min_length=1)]
    countries: Annotated[list[Country], Field(min_length=1)]
    rates: Rates

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        regions = {r.key for r in self.regions}
        codes = [c.code for c in self.countries]
        problems = [
            f"{c.code}: unknown region {c.region!r}"
            for c in self.countries
            if c.region not in regions
        ]
        problems += [
            f"{c.code}: no exchange rate for {c.currency}"
            for c in self.countries
            if c.currency not in self.rates.per_usd
        ]
        problems += [
            f"duplicate country {code}" for code in sorted(set(codes)) if codes.count(code) > 1
        ]
        if problems:
            raise ValueError("; ".join(problems))
        return self


LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
Period = Literal["year", "month", "week", "day", "hour"]
"""What an amount of pay is for."""
PERIODS: tuple[Period, ...] = get_args(Period)


class MoneyWords(Model):
    """How people write amounts of money, beyond what CLDR (Babel) knows: the money source file."""

    languages: Annotated[list[LanguageCode], Field(min_length=1)]
    symbols: dict[CurrencyCode, Text] = {}
    currency_words: dict[CurrencyCode, list[Text]] = {}
    dollar_words: list[Text] = []
    scales: dict[Text, Annotated[float, Field(gt=1)]] = {}
    periods: dict[Period, list[Text]] = {}
    net: list[Text] = []
    into: list[Text] = []
    add: list[Text] = []
    drop: list[Text] = []

    @field_validator("languages")
    @classmethod
    def _known_to_cldr(cls, value: list[str]) -> list[str]:
        from babel import Locale, UnknownLocaleError

        for language in value:
            try:
                Locale.parse(language)
            except (UnknownLocaleError, ValueError):
                raise ValueError(f"{language!r} is not a CLDR language") from None
        return value


# --- roles -----------------------------------------------------------------------------------


class Duty(Model):
    """One thing the role does."""

    title: Text
    text: Text


class Overview(Model):
    """What the role does."""

    provenance: Provenance
    summary: Text
    duties: Annotated[list[Duty], Field(min_length=3)]
    note: Text | None = None


class Skill(Model):
    """A skill with a one-line reason it matters."""

    name: Text
    why: Text


class SkillGroup(Model):
    """One of the four skill groups."""

    key: Literal["hard", "tools", "soft", "personality"]
    title: Text
    items: Annotated[list[Skill], Field(min_length=6)]


class Skills(Model):
    """The skills section."""

    provenance: Provenance
    groups: Annotated[list[SkillGroup], Field(min_length=4, max_length=4)]
    note: Text | None = None

    @model_validator(mode="after")
    def _one_group_each(self) -> Self:
        keys = [g.key for g in self.groups]
        if len(set(keys)) != len(keys):
            raise ValueError(f"skill groups must be distinct, got {keys}")
        return self


class Choice(Model):
    """A choice at a decision point and what it leads to."""

    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
    outcome: Text


class Decision(Model):
    """A situation in the day where the reader picks what to do."""

    situation: Text
    choices: Annotated[list[Choice], Field(min_length=2, max_length=3)]


class Step(Model):
    """One timed step of a working day."""

    time: ClockTime
    title: Text
    body: Text
    skill: Text
    decision: Decision | None = None


class Day(Model):
    """A working day at one level, hour by hour, with one decision point."""

    headline: Text
    steps: Annotated[list[Step], Field(min_length=8, max_length=10)]

    @model_validator(mode="after")
    def _shape(self) -> Self:
        times = [s.time for s in self.steps]
        if times != sorted(times) or len(set(times)) != len(times):
            raise ValueError(f"step times must strictly increase, got {times}")
        decisions = sum(1 for s in self.steps if s.decision is not None)
        if decisions != 1:
            raise ValueError(f"a day needs exactly one decision point, found {decisions}")
        return self


class DayInLife(Model):
    """The day-in-the-life simulation, one day per level."""

    provenance: Provenance
    note: Text | None = None
    days: dict[Level, Day]

    @model_validator(mode="after")
    def _junior_and_senior(self) -> Self:
        missing = [lv for lv in ("junior", "senior") if lv not in self.days]
        if missing:
            raise ValueError(f"days are required at least for junior and senior, missing {missing}")
        return self


class Band(Model):
    """A yearly pay range in local currency."""

    low: Annotated[int, Field(gt=0)]
    high: Annotated[int, Field(gt=0)]

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.low > self.high:
            raise ValueError(f"low ({self.low}) is above high ({self.high})")
        return self


PayBasis = Literal["base", "total", "mixed"]
"""What pay figures measure: base salary, total compensation (bonus and stock), or a mix."""


def _basis_explained(basis: PayBasis | None, note: str | None) -> None:
    if basis == "mixed" and not note:
        raise ValueError("pay_basis 'mixed' needs a pay_basis_note saying what is mixed")


class CountrySalary(Model):
    """Pay ranges for one country, each level, with where they come from.

    The levels' ranges are contiguous (each low is the high of the level below) unless
    `gaps_note` says why they are not; `pay_basis` overrides the role's where it differs."""

    provenance: Provenance
    basis: Text
    source: Text | None = None
    limited_data: bool = False
    pay_basis: PayBasis | None = None
    pay_basis_note: Text | None = None
    gaps_note: Text | None = None
    junior: Band
    mid: Band
    senior: Band
    manager: Band

    def band(self, level: Level) -> Band:
        """The band for one level."""
        band: Band = getattr(self, level)
        return band

    @model_validator(mode="after")
    def _rising(self) -> Self:
        bands = [self.band(lv) for lv in LEVELS]
        for lower, upper, name in zip(bands, bands[1:], LEVELS[1:], strict=False):
            if upper.low <= lower.low or upper.high <= lower.high:
                raise ValueError(f"{name} range must be above the level below it")
        if self.provenance == Provenance.SOURCE and not self.source:
            raise ValueError("provenance 'source' needs a named source")
        _basis_explained(self.pay_basis, self.pay_basis_note)
        return self

    @model_validator(mode="after")
    def _contiguous(self) -> Self:
        breaks = [
            f"{upper} starts at {self.band(upper).low:,} but {lower} ends at "
            f"{self.band(lower).high:,}"
            for lower, upper in itertools.pairwise(LEVELS)
            if self.band(upper).low != self.band(lower).high
        ]
        if breaks and not self.gaps_note:
            raise ValueError(
                "; ".join(breaks) + ": each level must start where the one below ends,"
                " or gaps_note must say why not"
            )
        if self.gaps_note and not breaks:
            raise ValueError("gaps_note is given but the ranges are contiguous: remove it")
        return self


class Salary(Model):
    """The salary section: yearly ranges by country and level, and what the figures measure."""

    period: Literal["year"] = "year"
    valid_for: Text
    as_of: dt.date
    pay_basis: PayBasis
    pay_basis_note: Text | None = None
    note: Text
    limited_data_note: Text
    countries: dict[CountryCode, CountrySalary]

    @model_validator(mode="after")
    def _explained(self) -> Self:
        _basis_explained(self.pay_basis, self.pay_basis_note)
        return self

    def basis_of(self, code: str) -> tuple[PayBasis, str | None]:
        """What one country's figures measure: its own basis where it has one, else the role's."""
        pay = self.countries[code]
        if pay.pay_basis is None:
            return self.pay_basis, self.pay_basis_note
        return pay.pay_basis, pay.pay_basis_note


class AiRisk(Model):
    """How exposed the role is to automation by AI (100 = safest)."""

    provenance: Provenance
    as_of: dt.date
    score: Annotated[int, Field(ge=0, le=100)]
    label: Text
    basis: Text
    points: Annotated[list[Text], Field(min_length=2)]
    note: Text | None = None


class Stage(Model):
    """A stage of the career path."""

    title: Text
    summary: Text
    level: Level
    years_min: Annotated[int, Field(ge=0)]
    years_max: Annotated[int, Field(gt=0)] | None = None


class CareerPath(Model):
    """The career progression."""

    provenance: Provenance
    stages: Annotated[list[Stage], Field(min_length=3)]
    note: Text | None = None

    @model_validator(mode="after")
    def _contiguous(self) -> Self:
        for before, after in zip(self.stages, self.stages[1:], strict=False):
            if before.years_max is None or before.years_max != after.years_min:
                raise ValueError(f"stage {after.title!r} must start where the one before ends")
        if self.stages[0].years_min != 0 or self.stages[-1].years_max is not None:
            raise ValueError("stages must start at 0 years and the last must be open-ended")
        return self


class Pivot(Model):
    """An adjacent role one can move to."""

    role: Slug
    why: Text
    ease: Ease


class Pivots(Model):
    """Where one can pivot from this role."""

    provenance: Provenance
    items: Annotated[list[Pivot], Field(min_length=2)]
    note: Text | None = None


class Sources(Model):
    """Where the role's facts come from and how current they are."""

    provenance: Provenance
    methodology: Text
    references: Annotated[list[Text], Field(min_length=1)]
    last_updated: dt.date


# --- how to get in ---------------------------------------------------------------------------

SCREEN_CHARS = 900
"""The most text one screen of advice may hold, so it reads as one phone-sized message."""

Start = Literal["degree", "bootcamp", "self-taught", "career-changer"]
STARTS: tuple[Start, ...] = get_args(Start)
"""The generic starting points every role's entry routes cover."""

Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
Lines = Annotated[list[Text], Field(min_length=1)]
"""One or more lines of advice, shown as a list."""


def _prose(value: object) -> Iterator[str]:
    """The text a value shows, leaving out nested screens (they are shown on their own)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Screen):
        return
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _prose(getattr(value, name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _prose(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _prose(item)


class Screen(Model):
    """A piece of advice shown as one screen: its text must fit in SCREEN_CHARS characters."""

    data_fields: ClassVar[frozenset[str]] = frozenset()
    """Fields that address the screen rather than being read on it."""

    def text(self) -> str:
        """The screen's words, one field or item a line, without nested screens."""
        return "\n".join(
            line
            for name in type(self).model_fields
            if name not in self.data_fields
            for line in _prose(getattr(self, name))
        )

    @model_validator(mode="after")
    def _fits(self) -> Self:
        size = len(self.text())
        if size > SCREEN_CHARS:
            raise ValueError(
                f"{size} characters of text; one screen holds at most {SCREEN_CHARS}: shorten it"
            )
        return self


class Route(Screen):
    """One way into the role: what it takes, the steps, and how long it realistically takes."""

    headline: Text
    steps: Annotated[list[Text], Field(min_length=2, max_length=6)]
    time_frame: Text


class StartingPoint(Route):
    """A generic way in (a degree, a bootcamp ...), with the label a menu button shows."""

    label: Label


class Routes(Model):
    """Ways in: from adjacent roles, keyed by the origin role's slug, and from the generic
    starting points."""

    from_roles: dict[Slug, Route]
    generic: dict[Start, StartingPoint]

    @field_validator("generic")
    @classmethod
    def _every_start(cls, generic: dict[Start, StartingPoint]) -> dict[Start, StartingPoint]:
        missing = [start for start in STARTS if start not in generic]
        if missing:
            raise ValueError(f"generic routes missing: {missing}")
        return generic


class Degrees(Screen):
    """When a master's or PhD matters for the role, and when it does not."""

    verdict: Text
    matters: Lines
    does_not: Lines


class Certification(Model):
    """A named certification and an honest word on its worth."""

    name: Text
    why: Text


class Certifications(Screen):
    """Certifications employers actually ask for, and those that are noise."""

    verdict: Text
    asked_for: list[Certification]
    noise: Annotated[list[Certification], Field(min_length=1)]


class Project(Model):
    """A portfolio project and what it proves to an employer."""

    title: Text
    proves: Text


class Portfolio(Screen):
    """Portfolio projects that convince for this role."""

    advice: Text
    projects: Annotated[list[Project], Field(min_length=2, max_length=5)]


class InterviewStage(Model):
    """A stage of the interview loop and what it tests."""

    name: Text
    tests: Text


class InterviewLoop(Screen):
    """The stages of a typical interview loop for the role."""

    stages: Annotated[list[InterviewStage], Field(min_length=3, max_length=7)]
    note: Text | None = None


class InterviewPrep(Screen):
    """How to prepare for the loop."""

    steps: Annotated[list[Text], Field(min_length=2, max_length=7)]


class Interviews(Model):
    """The interview loop and how to prepare, one screen each."""

    loop: InterviewLoop
    prepare: InterviewPrep


class RemotePlace(Screen):
    """Remote-work realities for people in some countries (time zones, hiring, pay)."""

    data_fields: ClassVar[frozenset[str]] = frozenset({"countries"})

    title: Label
    countries: Annotated[list[CountryCode], Field(min_length=1)]
    body: Text


class Remote(Screen):
    """How common remote work is in the role and what changes; places are screens of their own."""

    how_common: Text
    what_changes: Lines
    places: Annotated[list[RemotePlace], Field(min_length=1)]

    @model_validator(mode="after")
    def _one_place_each(self) -> Self:
        codes = [code for place in self.places for code in place.countries]
        doubled = sorted({code for code in codes if codes.count(code) > 1})
        if doubled:
            raise ValueError(f"countries in more than one place: {doubled}")
        return self


class LaterCareer(Screen):
    """Changing into the role later in life: what transfers and what to expect."""

    verdict: Text
    transfers: Lines
    expect: Lines


class HowToGetIn(Model):
    """How to get into the role, as a menu of screens: routes, degrees, certifications,
    portfolio, interviews, remote work and changing careers later in life."""

    provenance: Provenance
    as_of: dt.date
    intro: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
    routes: Routes
    degrees: Degrees
    certifications: Certifications
    portfolio: Portfolio
    interviews: Interviews
    remote: Remote
    later_career: LaterCareer

    def screens(self) -> dict[str, Screen]:
        """Every screen of the section by its path (`routes.from_roles.data-engineer`, ...)."""
        found: dict[str, Screen] = {}
        for origin, route in self.routes.from_roles.items():
            found[f"routes.from_roles.{origin}"] = route
        for start, point in self.routes.generic.items():
            found[f"routes.generic.{start}"] = point
        found |= {
            "degrees": self.degrees,
            "certifications": self.certifications,
            "portfolio": self.portfolio,
            "interviews.loop": self.interviews.loop,
            "interviews.prepare": self.interviews.prepare,
            "remote": self.remote,
        }
        found |= {f"remote.places.{i}": place for i, place in enumerate(self.remote.places)}
        found["later_career"] = self.later_career
        return found


class OnetFit(StrEnum):
    """How closely a curated role matches its O*NET occupation."""

    EXACT = "exact"  # the same job: the curated role stands for the occupation
    CLOSEST = "closest"  # the closest occupation O*NET has; both are shown, each for itself
    NEAREST = "nearest"  # O*NET has no such occupation; this is the nearest one


class OnetLink(Model):
    """The O*NET occupation a curated role corresponds to, and the BLS wage code its US pay is
    benchmarked on when that is not the occupation's own."""

    code: OnetCode
    fit: OnetFit
    bls_benchmark: SocCode | None = None
    basis: Text


class Role(Model):
    """Everything the bot knows about one role."""

    slug: RoleSlug
    name: Text
    short_name: Text
    order: Annotated[int, Field(ge=0)] = 100
    aliases: list[Text] = []
    onet: OnetLink
    overview: Overview
    skills: Skills
    day_in_life: DayInLife
    salary: Salary
    ai_risk: AiRisk
    career_path: CareerPath
    pivots: Pivots
    how_to_get_in: HowToGetIn
    sources: Sources


# --- lexicon ---------------------------------------------------------------------------------

Intent = Literal[
    "overview",
    "skills",
    "day_in_life",
    "salary",
    "ai_risk",
    "career_path",
    "pivots",
    "sources",
    "help",
    "unknown",
]
INTENTS: tuple[Intent, ...] = get_args(Intent)


class LevelWords(Model):
    """A seniority level's display label and the words that name it."""

    label: Text
    words: Annotated[list[Text], Field(min_length=1)]


class IntentCues(Model):
    """Words that signal an intent: strong cues decide it, weak ones only lean towards it."""

    cues: list[Text] = []
    weak: list[Text] = []


TopicName = Annotated[str, StringConstraints(pattern=r"^[a-z]{1,16}$")]


class SmallTalk(Model):
    """Words of small talk by kind, the kind that wins when several are used first; `filler` are
    words that may surround them ("hi there", "thanks bot") and say nothing themselves."""

    identity: list[Text] = []
    thanks: list[Text] = []
    praise: list[Text] = []
    farewell: list[Text] = []
    greeting: list[Text] = []
    filler: list[Text] = []


SMALL_TALK_KINDS: tuple[str, ...] = tuple(n for n in SmallTalk.model_fields if n != "filler")
"""The kinds of small talk, the one that wins when a message has several first."""


class Moves(Model):
    """Words that say someone wants to move into a role: `before` stands before the role moved
    into ("become", "switch to"), `after` after it (German "... zu werden"), and `origin` before
    the role someone is in ("coming from")."""

    before: list[Text] = []
    after: list[Text] = []
    after_into: list[Text] = []
    """Words after the role moved into that need a word of `into` before it ("in Data Science
    wechseln"); without one the role is the one who moves ("wohin kann ein Data Scientist
    wechseln": where can a data scientist go)."""
    into: list[Text] = []
    """Words that lead into the role before an `after_into` word ("in", "ins", "zum", "in die")."""
    origin: list[Text] = []
    onward: list[Text] = []
    """Words that, after the role someone comes from, name the role moved into ("from X to Y")."""


class Grammar(Model):
    """The words of a language that are not names of roles or levels: what frames a place, which
    short words are ordinary words, how a move, an amount or years of experience are said."""

    places: dict[CountryCode, list[Text]] = {}
    """Names of countries, territories, regions and cities, by ISO code, besides Babel's."""
    state_codes: dict[CountryCode, list[Text]] = {}
    """Codes of a country's states written after a city and a comma ("Austin, TX")."""
    locatives: list[Text] = []
    """Words that put a place after them ("in", "di", "ở", "sa")."""
    determiners: list[Text] = []
    """Words that may stand between a locative and a place ("the", "den")."""
    function_words: list[Text] = []
    """Short ordinary words: one that is also a place's name or code is a place only where the
    sentence says so (after a locative, as a command argument, ...)."""
    possessives: list[Text] = []
    """Words that make a level someone else's ("my manager says...")."""
    moves: Moves = Moves()
    years: list[Text] = []
    """Words for years of experience after a number ("years", "Jahre", "tahun", "ปี")."""
    months: list[Text] = []
    numbers: dict[Text, Annotated[int, Field(ge=1)]] = {}
    """Words for small numbers and what they stand for ("three": 3, "drei": 3), read as the
    number before a word of years or months ("zehn Jahre Erfahrung")."""
    spans: list[Text] = []
    """Words that make a number of years a span of time, not experience ("in 5 years", "next")."""
    money: list[Text] = []
    """Words for amounts after a number ("juta", "triệu", "lakh")."""
    markers: list[Text] = []
    """Frequent words that tell the language apart (used to say which language was read)."""
    follow_ups: list[Text] = []
    comparisons: list[Text] = []
    contrasts: list[Text] = []
    """Words that set two roles apart around an origin word ("what separates X from Y",
    "was unterscheidet X von Y"): the origin word is the comparison's, not a move's."""
    conjunctions: list[Text] = []
    """Words that join two names of one kind ("DE or DS": a code beside a role is a role)."""
    suffixes: list[Text] = []
    """Endings of inflected words: an unknown word ending in one is read as the known word
    without it ("gajinya" is "gaji", "Entwicklern" is "Entwickler")."""
    compound_links: list[Text] = []
    """Letters that join the parts of a compound ("Gehalt-s-daten"): in a language that lists
    any, an unknown long word made of two known words, joined directly or by one of them, is
    read as those two words ("Sollicitatietips" is "sollicitatie tips")."""
    doer_endings: list[Text] = []
    """Endings of nouns that name a doer ("-er", "-kraft", "-kundige"): an unknown word with
    one after 4+ letters names an occupation, one the bot may not know ("tiktoker")."""
    identities: list[Text] = []
    """Words that say what the person is before a title ("I'm a", "ich bin", "bilang"): a
    title word after them is the person's occupation, whatever follows ("I'm a nurse wanting
    to switch")."""
    doer_words: list[Text] = []
    """Words that name a doer with the word after them ("tukang las", "thợ hàn")."""
    corrections: list[Text] = []
    """Words that take back what was just said ("... I mean data scientist"): a role named
    before them gives way to one named after."""
    topics: dict[TopicName, Annotated[list[Text], Field(min_length=1)]] = {}
    """Words that ask for one sub-screen (topic) of a section, by the topic's name."""
    small_talk: SmallTalk = SmallTalk()


class Lexicon(Grammar):
    """The words the message parser matches, besides role and country names (English)."""

    levels: dict[Level, LevelWords]
    intents: dict[Intent, IntentCues]
    other_roles: list[Text] = []
    spellings: dict[str, Text] = {}
    symbols: dict[str, Text] = {}
    """Symbols that stand for a word between names ("->": to, as in "analyst -> data
    scientist"); the tokenizer keeps only letters and digits."""
    navigation: dict[Literal["next", "previous"], list[Text]] = {}
    common_words: list[Text] = []

    @model_validator(mode="after")
    def _every_level(self) -> Self:
        missing = [lv for lv in LEVELS if lv not in self.levels]
        if missing:
            raise ValueError(f"levels missing: {missing}")
        return self


class Language(Grammar):
    """Another language's words (a file under `knowledge/languages/`, named after its code)."""

    code: LanguageCode
    name: Text
    babel: Text
    """The Babel (CLDR) locale whose territory names are this language's country names."""
    reads_with: list[LanguageCode] = []
    """Languages whose words are read in a message in this one too (Malay and Indonesian)."""
    levels: dict[Level, list[Text]] = {}
    intents: dict[Intent, IntentCues] = {}
    roles: dict[Slug, list[Text]] = {}
    """Names of the curated roles in this language, by role slug."""
