"""The read side of the imported occupations: small named queries returning pydantic models.

Part of `knowledge.store.Store` (as a base class, so `Store` stays the one object the bot
reads), written by `knowledge.occupation_tables`. Figures keep what their sources say and no
more: a top-coded BLS wage is a `Figure` with `at_least`, a cell BLS or ONS did not publish is
None, a UK figure is only reached through a hand-reviewed or strong title match.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cached_property
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from knowledge.errors import NotFoundError

ANNUAL = ("annual_mean", "annual_p10", "annual_p25", "annual_median", "annual_p75", "annual_p90")
HOURLY = ("hourly_mean", "hourly_p10", "hourly_p25", "hourly_median", "hourly_p75", "hourly_p90")
FIGURES = ANNUAL + HOURLY
"""Wage columns, in the order of the bits of a row's `topcoded` mask."""
TOP = ">="
"""How BLS's top-coded cells are written: the figure is at least this, not this."""
TITLE_KINDS = ("occupation", "reported", "alternate", "short", "plain", "local")
"""Kinds of title, in the order of the bits of a title's `kinds` mask (`local`: a name people
use in another language, from the hand-kept local_titles.csv)."""
UK_FIGURES = (
    "median",
    "mean",
    "p10",
    "p20",
    "p25",
    "p30",
    "p40",
    "p60",
    "p70",
    "p75",
    "p80",
    "p90",
)
EXPOSURE = ("gpt4_alpha", "gpt4_beta", "gpt4_gamma", "human_alpha", "human_beta", "human_gamma")
SCALE = 100
"""Ratings, percentages and hourly wages are stored times this, as integers."""
T = TypeVar("T")
NATIONAL = 0
"""BLS's area code of the whole United States."""
UK_STRONG_HITS = 3
"""A title match that was not reviewed by hand is shown only with at least this many shared
titles (see knowledge/occupations/README.md: uk_matches.csv)."""
UK_REVIEWED = frozenset({"reviewed", "override"})
US_WAGES, UK_PAY = "bls", "ons_ashe"
"""The keys (in sources.yaml) of the sources of US wages and UK pay."""
WageBasis = Literal["detailed", "broader"]
AreaKind = Literal["national", "state", "metro"]
Domain = Literal["skill", "knowledge", "work_style"]


class ReadModel(BaseModel):
    """Base of the store's answers."""

    model_config = ConfigDict(frozen=True)


class OccupationInfo(ReadModel):
    """An imported occupation's identity, its field (SOC major group) and where its wages are."""

    code: str
    slug: str
    title: str
    soc: str
    major: int
    job_zone: int | None
    description: str
    stands_for: str | None
    """The curated role that is this very job (fit `exact`), which is shown instead of it."""
    wage_code: str | None
    wage_basis: WageBasis | None
    employment: int | None
    """US employment of its wage code (shared with the other occupations that use it)."""

    @property
    def split(self) -> bool:
        """Whether O*NET splits this occupation out of a SOC occupation (its code is not the
        SOC's own, `NN-NNNN.00`): BLS's figures for that SOC code are the whole occupation's,
        shared with the others split from it ("Intelligence Analysts" of 33-3021)."""
        return not self.code.endswith(".00")


class Field(ReadModel):
    """A field of work: a SOC major group and how many occupations it has."""

    major: int
    title: str | None
    occupations: int


class TitleRows(ReadModel):
    """Every title people may type, for the title resolver: (key, occupation code, title as
    written, key of its main part or None, kinds, common, language). Keys are
    `knowledge.text.Canon` keys."""

    rows: list[tuple[str, str, str, str | None, tuple[str, ...], bool, str | None]]
    modifiers: dict[str, int]
    """Folded word as written -> how many titles use it before their last word."""


class Task(ReadModel):
    """Something the occupation does; core tasks come first."""

    kind: Literal["core", "supplemental"] | None
    text: str


class Example(ReadModel):
    """A technology or tool, its kind, and O*NET's hot and in-demand marks (technology only)."""

    name: str
    category: str
    hot: bool
    in_demand: bool


class Rating(ReadModel):
    """A skill, knowledge area or work style with O*NET's importance (1-5) and level (0-7)."""

    name: str
    importance: float
    level: float | None


class Share(ReadModel):
    """A share of workers in one category of education, experience or training."""

    category: int
    description: str
    percent: float


class JobZone(ReadModel):
    """One of O*NET's five job zones: the preparation an occupation needs."""

    zone: int
    name: str
    education: str
    experience: str
    training: str
    examples: str


class Preparation(ReadModel):
    """How people get in: the job zone, and what workers report by category, most common
    first (education, related experience, on-site and on-the-job training)."""

    zone: JobZone | None
    education: list[Share]
    experience: list[Share]
    on_site: list[Share]
    on_the_job: list[Share]


class Related(ReadModel):
    """A related occupation, by O*NET's tier and order."""

    occupation: OccupationInfo
    tier: str
    position: int


class Figure(ReadModel):
    """A published wage; `at_least` when BLS top-codes it (the true figure is higher)."""

    amount: float
    at_least: bool = False


class WageSet(ReadModel):
    """Mean and percentiles of one kind of wage (a year, in dollars; an hour, in dollars)."""

    mean: Figure | None
    p10: Figure | None
    p25: Figure | None
    median: Figure | None
    p75: Figure | None
    p90: Figure | None


class Area(ReadModel):
    """A BLS area: the nation, a state, or a metropolitan (or nonmetropolitan) area."""

    code: int
    kind: AreaKind
    name: str
    state_code: int | None
    state: str | None
    published: int = 0
    """How many occupations BLS publishes wages for here (a measure of the area's size)."""

    @property
    def key(self) -> str:
        """The area's code as BLS writes it: seven digits."""
        return f"{self.code:07d}"


class Wages(ReadModel):
    """US wages for one BLS code in one area (May 2025)."""

    code: str
    title: str
    basis: WageBasis
    area: Area
    employment: int | None
    annual: WageSet | None
    hourly: WageSet | None


class Score(ReadModel):
    """An AI exposure figure and its rank (1 = highest) among everything its source scored."""

    value: float
    rank: int
    ranked: int


class Exposure(ReadModel):
    """AI exposure from two sources, never on the career page's 0-100 "AI-proof" scale."""

    microsoft: Score | None
    microsoft_soc: str | None
    gpts: dict[str, Score]
    """GPTs-are-GPTs ratings by name (`gpt4_beta`, `human_beta` ...)."""


class UkFigure(ReadModel):
    """One ONS ASHE figure (pounds a year) and its coefficient of variation (%)."""

    amount: int
    cv: float | None


class UkPay(ReadModel):
    """UK full-time annual pay of the unit group an occupation was matched to by title."""

    soc2020: int
    title: str
    method: str
    figures: dict[str, UkFigure]
    """By figure (`median`, `p10` ...); suppressed cells are absent."""


class Attribution(ReadModel):
    """A source of the occupation data and the attribution its licence asks for."""

    key: str
    name: str
    publisher: str
    vintage: str
    licence: str
    url: str
    attribution: str
    country: str | None = None
    """The country its figures are for (ISO code), for the pay sources."""


class OccupationSources(ReadModel):
    """Every source's attribution, careerbot's `modified` note, what each AI figure measures
    and the notes on wages and UK pay."""

    sources: list[Attribution]
    modified: str
    measures: dict[str, str]
    notes: dict[str, str]

    def source(self, key: str) -> Attribution:
        """One source by key (`bls`, `ons_ashe`, `onet` ...)."""
        try:
            return next(s for s in self.sources if s.key == key)
        except StopIteration:
            raise NotFoundError(f"no occupation source {key!r}") from None


_OCCUPATION = (
    "o.code, o.slug, o.title, o.soc, o.major, o.job_zone, o.description, o.stands_for, "
    "w.code AS wage_code, o.wage_basis, w.employment"
)
_FROM = "FROM occupations o LEFT JOIN wages w ON w.id = o.wage"


class OccupationQueries:
    """The occupation queries of `knowledge.store.Store` (which provides the three below)."""

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        raise NotImplementedError

    def _memo(self, key: tuple[str, ...], compute: Callable[[], T]) -> T:
        raise NotImplementedError

    def _one(self, sql: str, params: tuple[Any, ...], missing: str) -> dict[str, Any]:
        raise NotImplementedError

    def _tuples(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    # --- occupations ---------------------------------------------------------------------------

    @cached_property
    def _occupations(self) -> dict[str, OccupationInfo]:
        rows = self._rows(f"SELECT {_OCCUPATION} {_FROM} ORDER BY o.id")
        return {r["slug"]: OccupationInfo(**r) for r in rows}

    @cached_property
    def _by_code(self) -> dict[str, OccupationInfo]:
        return {o.code: o for o in self._occupations.values()}

    def occupations(self) -> list[OccupationInfo]:
        """Every imported occupation, in code order."""
        return list(self._occupations.values())

    def is_occupation(self, slug: str) -> bool:
        """Whether a slug is an imported occupation's."""
        return slug in self._occupations

    def occupation(self, slug: str) -> OccupationInfo:
        """One occupation by slug."""
        try:
            return self._occupations[slug]
        except KeyError:
            raise NotFoundError(f"no occupation {slug!r}") from None

    def occupation_by_code(self, code: str) -> OccupationInfo:
        """One occupation by O*NET-SOC code (`29-1141.00`)."""
        try:
            return self._by_code[code]
        except KeyError:
            raise NotFoundError(f"no occupation {code!r}") from None

    def fields(self) -> list[Field]:
        """The fields of work (SOC major groups), in code order, with their occupation counts."""
        rows = self._memo(
            ("fields",),
            lambda: self._rows(
                "SELECT o.major, f.title, count(*) AS occupations FROM occupations o "
                "LEFT JOIN fields f ON f.major = o.major GROUP BY o.major ORDER BY o.major"
            ),
        )
        return [Field(**r) for r in rows]

    def in_field(self, major: int) -> list[OccupationInfo]:
        """A field's occupations, by title."""
        return sorted(
            (o for o in self._occupations.values() if o.major == major), key=lambda o: o.title
        )

    def title_rows(self) -> TitleRows:
        """Every title people may type (about 64,000), for the title resolver."""
        rows = self._tuples(
            "SELECT t.key, o.code, t.title, t.main, t.kinds, t.common, t.lang FROM titles t "
            "JOIN occupations o ON o.id = t.occupation"
        )
        kinds = {
            mask: tuple(k for bit, k in enumerate(TITLE_KINDS) if mask >> bit & 1)
            for mask in {r[4] for r in rows}
        }
        return TitleRows.model_construct(
            rows=[(k, c, t, m, kinds[x], bool(y), lang) for k, c, t, m, x, y, lang in rows],
            modifiers=dict(self._tuples("SELECT word, titles FROM title_modifiers")),
        )

    def title_index(self) -> bytes:
        """The title index the builder compiled (`knowledge.title_index.TitleTables.to_blob`)."""
        (body,) = self._tuples("SELECT body FROM title_index")[0]
        return bytes(body)

    def spellings(self) -> dict[str, str]:
        """British spellings and their American forms (folded words: centre -> center)."""
        return {str(b): str(a) for b, a in self._tuples("SELECT british, american FROM spellings")}

    def title_language(self, slug: str, title: str) -> str | None:
        """The language of an occupation's title when it is a local one ("Pflegekraft": "de"),
        None when the title is O*NET's (or not the occupation's)."""
        rows = self._tuples(
            "SELECT t.lang FROM titles t JOIN occupations o ON o.id = t.occupation "
            "WHERE o.code = ? AND t.title = ? AND t.lang IS NOT NULL LIMIT 1",
            (self.occupation(slug).code, title),
        )
        return str(rows[0][0]) if rows else None

    def titles_of(self, slug: str, limit: int = 8) -> list[str]:
        """A few common titles of an occupation besides its own (for "also called")."""
        occupation = self.occupation(slug)
        rows = self._rows(
            "SELECT t.title FROM titles t JOIN occupations o ON o.id = t.occupation "
            "WHERE o.code = ? AND t.common = 1 AND t.lang IS NULL AND t.title NOT LIKE '%(%' "
            "ORDER BY t.kinds & ? DESC, "
            "length(t.title), t.title",
            (occupation.code, 1 << TITLE_KINDS.index("reported")),
        )
        own = {occupation.title.casefold()}
        titles = [r["title"] for r in rows if r["title"].casefold() not in own]
        return titles[:limit]

    # --- what they do, skills, how people get in ---------------------------------------------

    def tasks(self, slug: str) -> list[Task]:
        """The occupation's tasks: core first, then supplemental, then unrated."""
        code = self.occupation(slug).code
        rows = self._rows(
            "SELECT t.type AS kind, t.task AS text FROM tasks t JOIN occupations o "
            "ON o.id = t.occupation WHERE o.code = ? ORDER BY t.rank",
            (code,),
        )
        return [Task(**r) for r in rows]

    def _examples(self, slug: str, kind: str) -> list[Example]:
        code = self.occupation(slug).code
        rows = self._rows(
            "SELECT e.name, e.category, x.hot, x.in_demand FROM occupation_examples x "
            "JOIN occupations o ON o.id = x.occupation JOIN examples e ON e.id = x.example "
            "WHERE o.code = ? AND x.kind = ? ORDER BY x.position",
            (code, kind),
        )
        return [
            Example(**{**r, "hot": bool(r["hot"]), "in_demand": bool(r["in_demand"])}) for r in rows
        ]

    def technology(self, slug: str) -> list[Example]:
        """Technology the occupation uses: in-demand first, then hot, then by name."""
        return self._examples(slug, "technology")

    def tools(self, slug: str) -> list[Example]:
        """Tools the occupation uses, by name."""
        return self._examples(slug, "tool")

    def ratings(self, slug: str, domain: Domain) -> list[Rating]:
        """Skills, knowledge or work styles by importance; empty where O*NET rates none."""
        code = self.occupation(slug).code
        rows = self._rows(
            "SELECT e.name, r.importance, r.level FROM occupation_elements r "
            "JOIN occupations o ON o.id = r.occupation JOIN elements e ON e.id = r.element "
            "WHERE o.code = ? AND r.domain = ? ORDER BY r.position",
            (code, domain),
        )
        return [
            Rating(
                name=r["name"],
                importance=r["importance"] / SCALE,
                level=None if r["level"] is None else r["level"] / SCALE,
            )
            for r in rows
        ]

    def job_zone(self, zone: int) -> JobZone:
        """What one job zone means."""
        return JobZone(
            **self._one(
                "SELECT zone, name, education, experience, training, examples FROM job_zones "
                "WHERE zone = ?",
                (zone,),
                f"no job zone {zone}",
            )
        )

    def preparation(self, slug: str) -> Preparation:
        """The occupation's job zone and what its workers report about getting in."""
        occupation = self.occupation(slug)
        rows = self._rows(
            "SELECT e.scale, e.category, c.description, e.percent FROM education e "
            "JOIN occupations o ON o.id = e.occupation JOIN education_categories c "
            "ON c.scale = e.scale AND c.category = e.category WHERE o.code = ? "
            "ORDER BY e.scale, e.position",
            (occupation.code,),
        )
        shares: dict[str, list[Share]] = {"RL": [], "RW": [], "PT": [], "OJ": []}
        for r in rows:
            shares[r["scale"]].append(
                Share(
                    category=r["category"],
                    description=r["description"],
                    percent=r["percent"] / SCALE,
                )
            )
        zone = self.job_zone(occupation.job_zone) if occupation.job_zone else None
        return Preparation(
            zone=zone,
            education=shares["RL"],
            experience=shares["RW"],
            on_site=shares["PT"],
            on_the_job=shares["OJ"],
        )

    def related(self, slug: str) -> list[Related]:
        """Related occupations, in O*NET's tiers and order."""
        code = self.occupation(slug).code
        rows = self._rows(
            "SELECT t.code, r.tier, r.position FROM related r JOIN occupations o "
            "ON o.id = r.occupation JOIN occupations t ON t.id = r.related WHERE o.code = ? "
            "ORDER BY CASE r.tier WHEN 'primary-short' THEN 0 WHEN 'primary-long' THEN 1 "
            "ELSE 2 END, r.position",
            (code,),
        )
        return [
            Related(occupation=self._by_code[r["code"]], tier=r["tier"], position=r["position"])
            for r in rows
        ]

    # --- pay -----------------------------------------------------------------------------------

    @cached_property
    def _areas(self) -> dict[int, Area]:
        rows = self._rows(
            "SELECT code, kind, name, state_code, state, published FROM areas ORDER BY code"
        )
        return {r["code"]: Area(**r) for r in rows}

    def areas(self, kind: AreaKind | None = None) -> list[Area]:
        """BLS areas (the nation, states, metropolitan areas), by code."""
        return [a for a in self._areas.values() if kind is None or a.kind == kind]

    def area(self, code: int) -> Area:
        """One BLS area by code."""
        try:
            return self._areas[code]
        except KeyError:
            raise NotFoundError(f"no area {code:07d}") from None

    def wages(self, slug: str, area: int = NATIONAL) -> Wages | None:
        """US wages of an occupation, national or in one area; None when BLS publishes none."""
        occupation = self.occupation(slug)
        if occupation.wage_code is None or occupation.wage_basis is None:
            return None
        return self.wages_of(occupation.wage_code, occupation.wage_basis, area)

    def wages_of(self, wage_code: str, basis: WageBasis, area: int = NATIONAL) -> Wages | None:
        """US wages of a BLS code, national or in one area; None when there are none."""
        return self._memo(
            ("wages", wage_code, str(area)),
            lambda: self._wages(wage_code, basis, area),
        )

    def _wages(self, wage_code: str, basis: WageBasis, area: int) -> Wages | None:
        if area == NATIONAL:
            rows = self._rows("SELECT * FROM wages WHERE code = ?", (wage_code,))
            if not rows:
                return None
            row = rows[0]
            annual = _wage_set(row, ANNUAL, row["topcoded"], 0, 1)
            hourly = _wage_set(row, FIGURES[len(ANNUAL) :], row["topcoded"], len(ANNUAL), SCALE)
        else:
            rows = self._rows(
                "SELECT w.code, w.title, a.* FROM wage_areas a JOIN wages w ON w.id = a.wage "
                "WHERE w.code = ? AND a.area = ?",
                (wage_code, area),
            )
            if not rows:
                return None
            row = rows[0]
            columns = tuple(name.removeprefix("annual_") for name in ANNUAL)
            figures = _wage_set(row, columns, row["topcoded"], 0, SCALE if row["hourly"] else 1)
            annual, hourly = (None, figures) if row["hourly"] else (figures, None)
        return Wages(
            code=wage_code,
            title=row["title"],
            basis=basis,
            area=self.area(area),
            employment=row["employment"],
            annual=annual,
            hourly=hourly,
        )

    def wage_areas(self, slug: str, kind: AreaKind) -> list[Area]:
        """The states or metropolitan areas where BLS publishes the occupation's wages."""
        occupation = self.occupation(slug)
        if occupation.wage_code is None:
            return []
        rows = self._memo(
            ("wage_areas", occupation.wage_code),
            lambda: self._rows(
                "SELECT a.area FROM wage_areas a JOIN wages w ON w.id = a.wage WHERE w.code = ?",
                (occupation.wage_code,),
            ),
        )
        return [self._areas[r["area"]] for r in rows if self._areas[r["area"]].kind == kind]

    def uk_pay(self, slug: str) -> UkPay | None:
        """UK pay through careerbot's title match, only where the match was reviewed by hand
        or is strong; None otherwise (say so rather than show a weak match)."""
        code = self.occupation(slug).code
        rows = self._rows(
            "SELECT m.method, m.hits, p.* FROM uk_matches m JOIN occupations o ON o.id = "
            "m.occupation JOIN uk_pay p ON p.soc2020 = m.soc2020 WHERE o.code = ?",
            (code,),
        )
        if not rows:
            return None
        row = rows[0]
        strong = row["method"] == "exact" and (row["hits"] or 0) >= UK_STRONG_HITS
        if row["method"] not in UK_REVIEWED and not strong:
            return None
        figures = {
            name: UkFigure(amount=row[name], cv=row[f"{name}_cv"])
            for name in UK_FIGURES
            if row[name] is not None
        }
        return UkPay(
            soc2020=row["soc2020"], title=row["title"], method=row["method"], figures=figures
        )

    # --- AI exposure and sources ---------------------------------------------------------------

    def exposure(self, slug: str) -> Exposure | None:
        """The occupation's AI exposure figures; None when neither source scored it."""
        code = self.occupation(slug).code
        rows = self._rows(
            "SELECT x.* FROM ai_exposure x JOIN occupations o ON o.id = x.occupation "
            "WHERE o.code = ?",
            (code,),
        )
        if not rows:
            return None
        row = rows[0]
        microsoft = None
        if row["microsoft_score"] is not None:
            microsoft = Score(
                value=row["microsoft_score"],
                rank=row["microsoft_rank"],
                ranked=row["microsoft_ranked"],
            )
        gpts = {
            name: Score(value=row[name], rank=row[f"{name}_rank"], ranked=row["gpts_ranked"])
            for name in EXPOSURE
            if row[name] is not None
        }
        return Exposure(microsoft=microsoft, microsoft_soc=row["microsoft_soc"], gpts=gpts)

    def area_nicknames(self) -> dict[str, int]:
        """What people call some BLS areas ("NYC", "Bay Area"), each with the area's code."""
        return {
            str(n): int(a) for n, a in self._tuples("SELECT nickname, area FROM area_nicknames")
        }

    def areas_country(self) -> str | None:
        """The country of the BLS areas (states, metros): the US wages' country, or None when
        the store has no US wages."""
        try:
            return self.occupation_sources().source(US_WAGES).country
        except NotFoundError:
            return None

    def occupation_sources(self) -> OccupationSources:
        """The occupation data's sources, attribution lines and notes."""

        def compute() -> OccupationSources:
            rows = self._rows("SELECT key, body FROM occupation_sources ORDER BY position")
            entries = {r["key"]: json.loads(r["body"]) for r in rows}
            fixed = ("modified", "measures", "notes")
            return OccupationSources(
                sources=[
                    Attribution(**{k: v for k, v in body.items() if k in Attribution.model_fields})
                    for key, body in entries.items()
                    if key not in fixed
                ],
                modified=entries.get("modified") or "",
                measures=entries.get("measures") or {},
                notes=entries.get("notes") or {},
            )

        return self._memo(("occupation_sources",), compute)


def _wage_set(
    row: dict[str, Any], columns: tuple[str, ...], mask: int, first_bit: int, scale: int
) -> WageSet | None:
    """The figures of one kind, from their columns; None when none is published."""
    figures = {}
    for offset, (name, column) in enumerate(zip(WageSet.model_fields, columns, strict=True)):
        value = row[column]
        figures[name] = (
            None
            if value is None
            else Figure(amount=value / scale, at_least=bool(mask >> (first_bit + offset) & 1))
        )
    if all(v is None for v in figures.values()):
        return None
    return WageSet(**figures)
