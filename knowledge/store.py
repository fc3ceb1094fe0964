"""The read-only knowledge store: small named queries returning pydantic models.

This is the only module that reads the store's SQL. A `Store` holds one read-only connection to
a store file built by `knowledge.builder` (whose `open_store` rebuilds the file first when its
sources changed); this side never imports the builder, the sources loader or YAML.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Callable, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict

from knowledge import SCHEMA_VERSION
from knowledge.errors import NotFoundError, StoreMissingError, StoreVersionError
from knowledge.occupation_store import OccupationQueries
from knowledge.schema import (
    LEVELS,
    AiRisk,
    Band,
    CareerPath,
    Country,
    Day,
    HowToGetIn,
    Level,
    OnetFit,
    Overview,
    PayBasis,
    PayNorms,
    Pivots,
    Provenance,
    Region,
    Route,
    Skills,
    Sources,
)

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")
MAX_SEARCH_WORDS = 12
_PAY_COLUMNS = (
    "s.role, s.country, s.level, s.low, s.high, s.provenance, s.basis, s.source, "
    "s.limited_data, s.pay_basis, s.pay_basis_note, s.gaps_note"
)


class ReadModel(BaseModel):
    """Base of the store's answers."""

    model_config = ConfigDict(frozen=True)


class StoreInfo(ReadModel):
    """What store this is: its schema version, source digest and build time."""

    schema_version: int
    digest: str
    built_at: str
    path: str


class RoleInfo(ReadModel):
    """A curated role's identity and the O*NET occupation it corresponds to."""

    slug: str
    name: str
    short_name: str
    onet_code: str
    onet_fit: OnetFit
    bls_benchmark: str | None
    """The BLS wage code its US pay is compared with, when not its occupation's own."""


class Rate(ReadModel):
    """Units of a currency per US dollar on a date."""

    currency: str
    per_usd: float
    as_of: dt.date
    source: str


class SalaryMeta(ReadModel):
    """What a role's salary figures describe."""

    period: str
    valid_for: str
    as_of: dt.date
    pay_basis: PayBasis
    pay_basis_note: str | None
    note: str
    limited_data_note: str


class Pay(ReadModel):
    """One level's yearly range in one country, with its provenance and what it measures."""

    role: str
    country: str
    level: Level
    band: Band
    provenance: Provenance
    basis: str
    source: str | None
    limited_data: bool
    pay_basis: PayBasis
    pay_basis_note: str | None
    gaps_note: str | None


class DayNote(ReadModel):
    """The day-in-the-life section's framing."""

    provenance: Provenance
    note: str | None
    levels: list[Level]


class Term(ReadModel):
    """A word or phrase the parser matches, and what it names."""

    term: str
    norm: str
    kind: str
    target: str
    origin: str
    lang: str = "en"


class MoneyWord(ReadModel):
    """A word of the money source: its kind (symbol, currency, scale, period, net ...), what it
    stands for (a currency code, a factor, a period) and how it is written."""

    kind: str
    target: str
    term: str


class SearchHit(ReadModel):
    """A passage of prose matching a full-text query."""

    role: str
    section: str
    title: str
    body: str


class Store(OccupationQueries):
    """Read-only access to one built store file (the imported occupations' queries are in
    `knowledge.occupation_store`)."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise StoreMissingError(f"no knowledge store at {path}")
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
        )
        self.path = path
        self._db = conn
        self._cache: dict[tuple[str, ...], Any] = {}
        version = self.info().schema_version
        if version != SCHEMA_VERSION:
            conn.close()
            raise StoreVersionError(f"{path} has schema {version}, expected {SCHEMA_VERSION}")

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        cursor = self._db.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def _tuples(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return list(self._db.execute(sql, params).fetchall())

    def info(self) -> StoreInfo:
        """The store's version and provenance."""
        try:
            meta = {r["key"]: r["value"] for r in self._rows("SELECT key, value FROM meta")}
        except sqlite3.DatabaseError as exc:
            raise StoreMissingError(f"{self.path} is not a careerbot store: {exc}") from exc
        return StoreInfo(
            schema_version=int(meta.get("schema_version", 0)),
            digest=meta.get("digest", ""),
            built_at=meta.get("built_at", ""),
            path=str(self.path),
        )

    # --- roles and sections ------------------------------------------------------------------

    @cached_property
    def _roles(self) -> dict[str, RoleInfo]:
        rows = self._rows(
            "SELECT slug, name, short_name, onet_code, onet_fit, bls_benchmark FROM roles "
            "ORDER BY position"
        )
        return {r["slug"]: RoleInfo(**r) for r in rows}

    def roles(self) -> list[RoleInfo]:
        """Every role, in source order."""
        return list(self._roles.values())

    def role(self, slug: str) -> RoleInfo:
        """One role by slug."""
        try:
            return self._roles[slug]
        except KeyError:
            raise NotFoundError(f"no role {slug!r}") from None

    def _memo(self, key: tuple[str, ...], compute: Callable[[], T]) -> T:
        """The store is read-only, so each answer is computed once per Store."""
        if key not in self._cache:
            self._cache[key] = compute()
        answer: T = self._cache[key]
        return answer

    def _one(self, sql: str, params: tuple[Any, ...], missing: str) -> dict[str, Any]:
        """The single row a query must find; NotFoundError with `missing` when there is none."""
        rows = self._rows(sql, params)
        if not rows:
            raise NotFoundError(missing)
        return rows[0]

    def section(self, slug: str, section: str, model: type[M]) -> M:
        """A role's section (as named in the sources), read as the given model."""
        return self._memo(
            ("section", slug, section, model.__name__),
            lambda: model.model_validate_json(
                self._one(
                    "SELECT body FROM sections WHERE role = ? AND section = ?",
                    (slug, section),
                    f"no section {section!r} for role {slug!r}",
                )["body"]
            ),
        )

    def overview(self, slug: str) -> Overview:
        """What the role does."""
        return self.section(slug, "overview", Overview)

    def skills(self, slug: str) -> Skills:
        """The role's skills in four groups."""
        return self.section(slug, "skills", Skills)

    def ai_risk(self, slug: str) -> AiRisk:
        """The role's AI-risk score and reasons."""
        return self.section(slug, "ai_risk", AiRisk)

    def career_path(self, slug: str) -> CareerPath:
        """The role's progression stages."""
        return self.section(slug, "career_path", CareerPath)

    def pivots(self, slug: str) -> Pivots:
        """Adjacent roles one can move to."""
        return self.section(slug, "pivots", Pivots)

    def how_to_get_in(self, slug: str) -> HowToGetIn:
        """How to get into the role: entry routes, degrees, certifications, portfolio,
        interviews, remote work and changing careers later in life."""
        return self.section(slug, "how_to_get_in", HowToGetIn)

    def entry_route(self, slug: str, origin: str) -> Route | None:
        """The route into a role from another role (`origin`), or None when there is no direct
        one and the generic routes apply."""
        return self.how_to_get_in(slug).routes.from_roles.get(origin)

    def sources(self, slug: str) -> Sources:
        """Methodology, references and the last update."""
        return self.section(slug, "sources", Sources)

    def day_note(self, slug: str) -> DayNote:
        """The simulation's note and the levels that have a day."""
        meta = self.section(slug, "day_in_life", _DayMeta)

        def compute() -> DayNote:
            rows = self._rows("SELECT level FROM days WHERE role = ?", (slug,))
            levels = {r["level"] for r in rows}
            return DayNote(
                provenance=meta.provenance,
                note=meta.note,
                levels=[lv for lv in LEVELS if lv in levels],
            )

        return self._memo(("day_note", slug), compute)

    def day(self, slug: str, level: Level) -> Day:
        """A working day at one level."""
        return self._memo(
            ("day", slug, level),
            lambda: Day.model_validate_json(
                self._one(
                    "SELECT body FROM days WHERE role = ? AND level = ?",
                    (slug, level),
                    f"no {level} day for role {slug!r}",
                )["body"]
            ),
        )

    # --- places and pay ----------------------------------------------------------------------

    @cached_property
    def _regions(self) -> list[Region]:
        rows = self._rows("SELECT key, name FROM regions ORDER BY position")
        return [Region(**r) for r in rows]

    def regions(self) -> list[Region]:
        """The country groups, in menu order."""
        return list(self._regions)

    @cached_property
    def _countries(self) -> dict[str, Country]:
        rows = self._rows(
            "SELECT code, name, short_name, region, currency, locale "
            "FROM countries ORDER BY position"
        )
        norms = {r.pop("code"): PayNorms(**r) for r in self._rows("SELECT * FROM pay_norms")}
        return {r["code"]: Country(**r, pay_norms=norms[r["code"]]) for r in rows}

    def countries(self, region: str | None = None) -> list[Country]:
        """Countries in menu order, optionally of one region."""
        return [c for c in self._countries.values() if region is None or c.region == region]

    def country(self, code: str) -> Country:
        """One country by ISO code."""
        try:
            return self._countries[code]
        except KeyError:
            raise NotFoundError(f"no country {code!r}") from None

    def pay_norms(self, code: str) -> PayNorms:
        """How pay is counted and quoted in a country: months a year, hours a year, the unit."""
        return self.country(code).pay_norms

    def rate(self, currency: str) -> Rate:
        """The exchange rate of a currency to the US dollar."""
        return self._memo(
            ("rate", currency),
            lambda: Rate(
                **self._one(
                    "SELECT currency, per_usd, as_of, source FROM rates WHERE currency = ?",
                    (currency,),
                    f"no rate for {currency!r}",
                )
            ),
        )

    def salary_meta(self, slug: str) -> SalaryMeta:
        """The period, vintage and notes of a role's salary figures."""
        return self._memo(
            ("salary_meta", slug),
            lambda: SalaryMeta(
                **self._one(
                    "SELECT period, valid_for, as_of, pay_basis, pay_basis_note, note, "
                    "limited_data_note FROM salary_meta WHERE role = ?",
                    (slug,),
                    f"no salary figures for role {slug!r}",
                )
            ),
        )

    def pay(self, slug: str, country: str, level: Level | None = None) -> list[Pay]:
        """A role's ranges in one country, every level in order or just one."""

        def compute() -> list[Pay]:
            rows = self._rows(
                f"SELECT {_PAY_COLUMNS} FROM salaries s WHERE s.role = ? AND s.country = ?",
                (slug, country),
            )
            if not rows:
                raise NotFoundError(f"no salary for {slug!r} in {country!r}")
            return sorted((_pay(r) for r in rows), key=lambda p: LEVELS.index(p.level))

        pays = self._memo(("pay", slug, country), compute)
        return [p for p in pays if level is None or p.level == level]

    def pay_by_level(self, slug: str, level: Level) -> list[Pay]:
        """A role's range at one level in every country, in menu order."""
        rows = self._rows(
            f"SELECT {_PAY_COLUMNS} FROM salaries s JOIN countries c ON c.code = s.country "
            "WHERE s.role = ? AND s.level = ? ORDER BY c.position",
            (slug, level),
        )
        return [_pay(r) for r in rows]

    # --- words -------------------------------------------------------------------------------

    def vocabulary(self, kind: str | None = None) -> list[Term]:
        """The terms the parser matches: roles, countries, levels and intent cues."""
        sql = "SELECT term, norm, kind, target, origin, lang FROM vocabulary"
        rows = self._rows(sql + " WHERE kind = ?", (kind,)) if kind else self._rows(sql)
        return [Term(**r) for r in rows]

    def money_words(self, kind: str | None = None) -> list[MoneyWord]:
        """How people write money (the money source), of one kind or all, in source order."""
        words = self._memo(
            ("money_words",),
            lambda: [
                MoneyWord(**r)
                for r in self._rows("SELECT kind, target, term FROM money_words ORDER BY position")
            ],
        )
        return [w for w in words if kind is None or w.kind == kind]

    def currency_symbols(self) -> dict[str, str]:
        """Each currency's distinct symbol (`S$`, `US$`), where the money source gives one."""
        return {w.target: w.term for w in self.money_words("symbol")}

    def level_labels(self) -> dict[Level, str]:
        """Display labels of the seniority levels, in order."""
        labels = self._memo(
            ("levels",),
            lambda: {
                r["key"]: r["label"]
                for r in self._rows("SELECT key, label FROM levels ORDER BY position")
            },
        )
        return dict(labels)

    def search(self, text: str, limit: int = 5) -> list[SearchHit]:
        """Full-text search over the prose; the text is quoted, never run as a query."""
        words = re.findall(r"[^\W_]+", text)[:MAX_SEARCH_WORDS]
        if not words:
            return []
        query = " ".join(f'"{word}"' for word in words)
        rows = self._rows(
            "SELECT p.role, p.section, p.title, p.body FROM prose p "
            "JOIN prose_fts f ON f.rowid = p.rowid WHERE prose_fts MATCH ? "
            "ORDER BY f.rank LIMIT ?",
            (query, limit),
        )
        return [SearchHit(**r) for r in rows]

    def tables(self) -> list[str]:
        """The store's tables (the full-text index's internals left out), by name."""
        rows = self._tuples("SELECT name FROM sqlite_master WHERE type = 'table'")
        return sorted(name for (name,) in rows if not name.startswith("prose_"))

    def dump(self, tables: Sequence[str] = ()) -> dict[str, list[dict[str, Any]]]:
        """Every table's rows (or the named tables'), for review; NotFoundError names a table
        the store does not have."""
        names = list(tables) or self.tables()
        unknown = sorted(set(names) - set(self.tables()))
        if unknown:
            raise NotFoundError(
                f"no table {', '.join(unknown)} (tables: {', '.join(self.tables())})"
            )
        return {name: self._rows(f'SELECT * FROM "{name}"') for name in names}  # a known name


class _DayMeta(ReadModel):
    provenance: Provenance
    note: str | None = None


def _pay(row: dict[str, Any]) -> Pay:
    band = Band(low=row.pop("low"), high=row.pop("high"))
    return Pay(band=band, **{**row, "limited_data": bool(row["limited_data"])})
