"""The build side of the imported occupations: reading the derived tables in
`knowledge/occupations/` (see its README) and writing them into the store.

Compact by construction: integer keys (an occupation's position in code order, a wage code's,
an area's BLS code), child tables WITHOUT ROWID, names that repeat across occupations
(technology examples, tools, skill elements) stored once and referred to by number, figures as
integers (annual wages in dollars, hourly wages in cents, UK pay in pounds, ratings x 100).
A malformed cell is reported as `occupations/FILE: row N: column: message`, like the YAML
sources' problems, and the build fails without touching the previous store.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import re
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

import yaml

from knowledge import SCHEMA_VERSION, title_index
from knowledge.occupation_store import (
    ANNUAL,
    EXPOSURE,
    FIGURES,
    SCALE,
    TITLE_KINDS,
    TOP,
    UK_FIGURES,
)
from knowledge.text import Canon, match_form

DIRECTORY = "occupations"
"""The derived tables' folder under the sources directory."""
DATA_FILES = (
    "occupations.csv",
    "fields.csv",
    "titles.csv.gz",
    "local_titles.csv",
    "tasks.csv.gz",
    "technology.csv.gz",
    "tools.csv.gz",
    "skills.csv.gz",
    "work_styles.csv.gz",
    "interests.csv",
    "job_zones.csv",
    "education.csv.gz",
    "education_categories.csv",
    "related.csv.gz",
    "wages_us.csv",
    "wages_areas.csv.gz",
    "areas.csv",
    "ai_exposure.csv",
    "uk_pay.csv",
    "uk_matches.csv",
    "sources.yaml",
    "curation/uk_spellings.csv",
    "curation/area_nicknames.csv",
)
"""Every file the builder reads (and the source digest covers); `curation/` and `curated.csv`
are the importer's inputs, not the builder's."""
CODE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_SLUG = 40


class TableProblems(Exception):
    """Problems found in the derived tables, as `occupations/FILE: ...` lines."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def read(directory: Path, name: str) -> Iterator[dict[str, str]]:
    """The rows of one derived table (`.csv` or `.csv.gz`) as dicts of text."""
    header, rows = _open(directory / name)
    for row in rows:
        yield dict(zip(header, row, strict=False))


def _open(path: Path) -> tuple[list[str], Iterator[list[str]]]:
    opener = gzip.open if path.name.endswith(".gz") else open
    fh = opener(path, "rt", encoding="utf-8", newline="")

    def rows() -> Iterator[list[str]]:
        with fh:
            yield from reader

    reader = csv.reader(fh)
    header = next(reader, [])
    return header, rows()


@dataclass(frozen=True)
class Catalogue:
    """What the rest of the sources are checked against: the occupations' codes and slugs
    and the BLS wage codes (read from the two small tables only)."""

    slugs: dict[str, str] = field(default_factory=dict)
    """O*NET-SOC code -> slug."""
    wage_codes: frozenset[str] = frozenset()


def catalogue(sources: Path) -> tuple[Catalogue, list[str]]:
    """The codes, slugs and wage codes, and any problem reading them."""
    directory = sources / DIRECTORY
    problems: list[str] = []
    slugs: dict[str, str] = {}
    try:
        for number, row in enumerate(read(directory, "occupations.csv"), 2):
            where = f"{DIRECTORY}/occupations.csv: row {number}"
            code, slug = row.get("onet_code", ""), row.get("slug", "")
            if not CODE.fullmatch(code):
                problems.append(f"{where}: onet_code: {code!r} is not an O*NET-SOC code")
            if not SLUG.fullmatch(slug) or len(slug) > MAX_SLUG:
                problems.append(f"{where}: slug: {slug!r} is not a slug of at most {MAX_SLUG}")
            if code in slugs or slug in slugs.values():
                problems.append(f"{where}: onet_code: duplicate code or slug {code} {slug}")
            slugs[code] = slug
        wages = frozenset(row.get("wage_code", "") for row in read(directory, "wages_us.csv"))
    except FileNotFoundError as exc:
        problems.append(f"{DIRECTORY}/{Path(str(exc.filename)).name}: (file): file not found")
        wages = frozenset()
    except (csv.Error, OSError, UnicodeDecodeError) as exc:
        problems.append(f"{DIRECTORY}: (file): unreadable table: {exc}")
        wages = frozenset()
    return Catalogue(slugs, wages), problems


# --- writing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class OccupationReport:
    """What was written."""

    occupations: int
    titles: int
    wage_rows: int


DDL = """
CREATE TABLE occupations (
    id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL, soc TEXT NOT NULL, major INTEGER NOT NULL, job_zone INTEGER,
    wage INTEGER REFERENCES wages(id), wage_basis TEXT, description TEXT NOT NULL,
    stands_for TEXT
);
CREATE TABLE fields (major INTEGER PRIMARY KEY, title TEXT NOT NULL);
CREATE TABLE titles (
    key TEXT NOT NULL, occupation INTEGER NOT NULL, title TEXT NOT NULL, main TEXT,
    kinds INTEGER NOT NULL, common INTEGER NOT NULL, lang TEXT,
    PRIMARY KEY (key, occupation)
) WITHOUT ROWID;
CREATE TABLE tasks (
    occupation INTEGER NOT NULL, rank INTEGER NOT NULL, type TEXT, task TEXT NOT NULL,
    PRIMARY KEY (occupation, rank)
) WITHOUT ROWID;
CREATE TABLE examples (
    id INTEGER PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, category TEXT NOT NULL
);
CREATE TABLE occupation_examples (
    occupation INTEGER NOT NULL, kind TEXT NOT NULL, position INTEGER NOT NULL,
    example INTEGER NOT NULL, hot INTEGER NOT NULL, in_demand INTEGER NOT NULL,
    PRIMARY KEY (occupation, kind, position)
) WITHOUT ROWID;
CREATE TABLE elements (
    id INTEGER PRIMARY KEY, domain TEXT NOT NULL, element_id TEXT NOT NULL, name TEXT NOT NULL
);
CREATE TABLE occupation_elements (
    occupation INTEGER NOT NULL, domain TEXT NOT NULL, position INTEGER NOT NULL,
    element INTEGER NOT NULL, importance INTEGER NOT NULL, level INTEGER,
    PRIMARY KEY (occupation, domain, position)
) WITHOUT ROWID;
CREATE TABLE education (
    occupation INTEGER NOT NULL, scale TEXT NOT NULL, position INTEGER NOT NULL,
    category INTEGER NOT NULL, percent INTEGER NOT NULL,
    PRIMARY KEY (occupation, scale, position)
) WITHOUT ROWID;
CREATE TABLE interests (
    occupation INTEGER PRIMARY KEY, first TEXT, second TEXT, third TEXT
);
CREATE TABLE related (
    occupation INTEGER NOT NULL, related INTEGER NOT NULL, tier TEXT NOT NULL,
    position INTEGER NOT NULL, PRIMARY KEY (occupation, related)
) WITHOUT ROWID;
CREATE TABLE wages (
    id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, title TEXT NOT NULL,
    published TEXT NOT NULL, employment INTEGER, topcoded INTEGER NOT NULL, {figures}
);
CREATE TABLE areas (
    code INTEGER PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, state_code INTEGER,
    state TEXT, published INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE wage_areas (
    wage INTEGER NOT NULL, area INTEGER NOT NULL, employment INTEGER, hourly INTEGER NOT NULL,
    topcoded INTEGER NOT NULL, {area_figures}, PRIMARY KEY (wage, area)
) WITHOUT ROWID;
CREATE TABLE job_zones (
    zone INTEGER PRIMARY KEY, name TEXT NOT NULL, education TEXT NOT NULL,
    experience TEXT NOT NULL, training TEXT NOT NULL, examples TEXT NOT NULL, svp_range TEXT
);
CREATE TABLE education_categories (
    scale TEXT NOT NULL, category INTEGER NOT NULL, element TEXT NOT NULL,
    description TEXT NOT NULL, PRIMARY KEY (scale, category)
) WITHOUT ROWID;
CREATE TABLE ai_exposure (
    occupation INTEGER PRIMARY KEY, microsoft_soc TEXT, microsoft_score REAL,
    microsoft_rank INTEGER, microsoft_ranked INTEGER, {exposure}, gpts_ranked INTEGER
);
CREATE TABLE uk_pay (soc2020 INTEGER PRIMARY KEY, title TEXT NOT NULL, {uk});
CREATE TABLE uk_matches (
    occupation INTEGER PRIMARY KEY, soc2020 INTEGER, uk_title TEXT, method TEXT NOT NULL,
    score REAL, hits INTEGER
);
CREATE TABLE title_modifiers (word TEXT PRIMARY KEY, titles INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE spellings (british TEXT PRIMARY KEY, american TEXT NOT NULL);
CREATE TABLE area_nicknames (nickname TEXT PRIMARY KEY, area INTEGER NOT NULL REFERENCES areas);
CREATE TABLE occupation_sources (key TEXT PRIMARY KEY, position INTEGER NOT NULL, body TEXT);
CREATE TABLE title_index (id INTEGER PRIMARY KEY CHECK (id = 1), body BLOB NOT NULL);
CREATE INDEX occupations_major ON occupations (major, title);
CREATE INDEX related_to ON related (related);
""".format(
    figures=", ".join(f"{name} INTEGER" for name in FIGURES),
    area_figures=", ".join(f"{name.removeprefix('annual_')} INTEGER" for name in ANNUAL),
    exposure=", ".join(f"{name} REAL, {name}_rank INTEGER" for name in EXPOSURE),
    uk=", ".join(f"{name} INTEGER, {name}_cv REAL" for name in UK_FIGURES),
)


class Table:
    """One derived table being read: rows as lists, columns by name, and bad cells turned into
    problem lines (the row is then skipped) instead of exceptions."""

    def __init__(self, directory: Path, name: str, problems: list[str]) -> None:
        self.name, self.problems = name, problems
        try:
            header, self._rows = _open(directory / name)
        except FileNotFoundError:
            problems.append(f"{DIRECTORY}/{name}: (file): file not found")
            header, self._rows = [], iter(())
        self.column = {column: i for i, column in enumerate(header)}

    def rows(self, *columns: str) -> Iterator[list[str]]:
        """Each row's cells in the order of `columns`."""
        missing = [c for c in columns if c not in self.column]
        if missing:
            self.problems.append(f"{DIRECTORY}/{self.name}: (header): missing columns {missing}")
            return
        pick = itemgetter(*(self.column[c] for c in columns))
        if len(columns) == 1:
            yield from ([pick(row)] for row in self._rows)
        else:
            yield from (list(pick(row)) for row in self._rows)

    def convert(
        self,
        columns: Sequence[str],
        make: Callable[[list[str]], Sequence[Any] | None],
    ) -> Iterator[Sequence[Any]]:
        """`make` applied to each row; a ValueError or KeyError becomes a problem line."""
        for number, cells in enumerate(self.rows(*columns), 2):
            try:
                made = make(cells)
            except (ValueError, KeyError) as exc:
                self.problems.append(f"{DIRECTORY}/{self.name}: row {number}: {exc.args[0]}")
                continue
            if made is not None:
                yield made


def _number(text: str, scale: int = 1) -> int | None:
    """A whole number (or a decimal times `scale`); None for an empty cell."""
    if not text:
        return None
    if scale == 1 and text.isdigit():
        return int(text)
    return round(_real(text) * scale)  # type: ignore[operator]


def _integer(text: str) -> int:
    """A whole number that must be there."""
    if not text.isdigit():
        raise ValueError(f"{text!r} is not a whole number")
    return int(text)


def _real(text: str) -> float | None:
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a number") from None


def _figures(cells: Sequence[str], hourly_from: int = len(ANNUAL)) -> tuple[int, list[int | None]]:
    """Wage figures as integers (dollars a year; cents an hour from `hourly_from` on) and the
    mask of the top-coded ones."""
    try:  # the common case: no top code
        values = [
            (int(text) if bit < hourly_from else round(float(text) * SCALE)) if text else None
            for bit, text in enumerate(cells)
        ]
        return 0, values
    except ValueError:
        pass
    mask, values = 0, []
    for bit, text in enumerate(cells):
        if text.startswith(TOP):
            mask |= 1 << bit
            text = text[len(TOP) :]
        values.append(_number(text, SCALE if bit >= hourly_from else 1))
    return mask, values


def _insert(conn: sqlite3.Connection, table: str, rows: Iterable[Sequence[Any]]) -> int:
    batch = list(rows)
    if batch:
        marks = ", ".join("?" * len(batch[0]))
        conn.executemany(f"INSERT INTO {table} VALUES ({marks})", batch)
    return len(batch)


class Writer:
    """Writes the occupation tables into one store connection."""

    def __init__(self, conn: sqlite3.Connection, sources: Path) -> None:
        self.conn, self.directory = conn, sources / DIRECTORY
        self.problems: list[str] = []
        self.occupations: dict[str, int] = {}
        self.wages: dict[str, int] = {}

    def table(self, name: str) -> Table:
        return Table(self.directory, name, self.problems)

    def occupation(self, code: str) -> int:
        """The integer key of an O*NET-SOC code (KeyError names an unknown one)."""
        try:
            return self.occupations[code]
        except KeyError:
            raise KeyError(f"unknown O*NET-SOC code {code!r}") from None

    def write(self, stands_for: dict[str, str]) -> OccupationReport:
        """Every table; `stands_for` maps a code to the curated role that is that very job."""
        self.conn.executescript(DDL)
        steps: tuple[Callable[[], object], ...] = (
            self._wages,
            lambda: self._occupations(stands_for),
            self._small_tables,
            self._exposure,
            self._uk,
            self._sources,
            self._spellings,
            self._nicknames,
            self._titles,
            self._tasks,
            self._examples,
            self._elements,
            self._education,
            self._area_wages,
        )
        for step in steps:  # small tables first, so most problems are found in a moment
            step()
            if self.problems:
                raise TableProblems(self.problems[:50])
        (titles,) = self.conn.execute("SELECT count(*) FROM titles").fetchone()
        (wage_rows,) = self.conn.execute("SELECT count(*) FROM wage_areas").fetchone()
        return OccupationReport(len(self.occupations), titles, wage_rows)

    def _wages(self) -> None:
        national = self.table("wages_us.csv")
        head = ("wage_code", "title", "published", "employment")

        def wage(cells: list[str]) -> tuple[Any, ...]:
            self.wages[cells[0]] = len(self.wages) + 1
            mask, values = _figures(cells[4:])
            return (self.wages[cells[0]], *cells[:3], _number(cells[3]), mask, *values)

        _insert(self.conn, "wages", national.convert((*head, *FIGURES), wage))
        areas = self.table("areas.csv")
        _insert(
            self.conn,
            "areas",
            areas.convert(
                ("area_code", "kind", "name", "state_code", "state"),
                lambda c: (_integer(c[0]), c[1], c[2], _number(c[3]), c[4] or None, 0),
            ),
        )

    def _nicknames(self) -> None:
        """What people call some metropolitan areas ("NYC", "Bay Area"), each an area's code."""
        codes = {code for (code,) in self.conn.execute("SELECT code FROM areas")}

        def nickname(cells: list[str]) -> tuple[Any, ...]:
            if _integer(cells[1]) not in codes:
                raise ValueError(f"no BLS area {cells[1]!r}")
            return (cells[0], _integer(cells[1]))

        table = self.table("curation/area_nicknames.csv")
        _insert(self.conn, "area_nicknames", table.convert(("nickname", "area_code"), nickname))

    def _area_wages(self) -> None:
        by_area = self.table("wages_areas.csv.gz")

        def area_wage(cells: list[str]) -> tuple[Any, ...]:
            """BLS publishes an area's figures by the year or, for some occupations, only by
            the hour: one set per row, in dollars a year or cents an hour."""
            hourly = not any(cells[3 : 3 + len(ANNUAL)])
            figures = cells[3 + len(ANNUAL) :] if hourly else cells[3 : 3 + len(ANNUAL)]
            mask, values = _figures(figures, 0 if hourly else len(ANNUAL))
            wage = self.wages[cells[0]]
            return (wage, _integer(cells[1]), _number(cells[2]), int(hourly), mask, *values)

        columns = ("wage_code", "area_code", "employment", *FIGURES)
        _insert(self.conn, "wage_areas", by_area.convert(columns, area_wage))
        self.conn.execute(  # how many occupations BLS publishes for each area: its size
            "UPDATE areas SET published = g.n FROM (SELECT area, count(*) AS n FROM wage_areas "
            "GROUP BY area) AS g WHERE g.area = areas.code"
        )

    def _occupations(self, stands_for: dict[str, str]) -> None:
        table = self.table("occupations.csv")
        columns: tuple[str, ...] = ("onet_code", "slug", "title", "soc_code", "job_zone")
        columns += ("wage_code", "wage_basis", "description")

        def occupation(c: list[str]) -> tuple[Any, ...]:
            self.occupations[c[0]] = key = len(self.occupations) + 1
            wage = self.wages[c[5]] if c[5] else None
            major = _integer(c[0][:2])
            return (
                key,
                *c[:4],
                major,
                _number(c[4]),
                wage,
                c[6] or None,
                c[7],
                stands_for.get(c[0]),
            )

        _insert(self.conn, "occupations", table.convert(columns, occupation))

    def _titles(self) -> None:
        """Every title by its key (`knowledge.text.Canon`) and the key of its main part where
        that differs; one title listed in two spellings (or numbers) for one occupation keeps
        the first spelling and both kinds."""
        spellings = dict(self.conn.execute("SELECT british, american FROM spellings").fetchall())
        canon = Canon(spellings)
        merged: dict[tuple[str, int], list[Any]] = {}
        modifiers: dict[str, int] = defaultdict(int)

        def add(title: str, code: str, kinds: int, common: int, lang: str | None) -> None:
            form = match_form(title).split()
            key = canon.key(form)
            if not key:
                raise ValueError(f"title {title!r} has no letters or digits")
            main = canon.main(title) if "," in title or " except " in title.casefold() else key
            for word in form[:-1]:
                modifiers[word] += 1
            entry = merged.setdefault(
                (key, self.occupation(code)),
                [key, self.occupation(code), title, main if main != key else None, 0, 0, lang],
            )
            entry[4] |= kinds
            entry[5] |= common

        def imported(c: list[str]) -> None:
            kinds = 0
            for kind in c[2].split():
                kinds |= 1 << TITLE_KINDS.index(kind)
            add(c[1], c[0], kinds, int(c[3] == "1"), None)

        def local(c: list[str]) -> None:
            add(c[1], c[2], 1 << TITLE_KINDS.index("local"), 1, c[0])

        for _ in self.table("titles.csv.gz").convert(
            ("onet_code", "title", "kinds", "common"), imported
        ):
            pass
        for _ in self.table("local_titles.csv").convert(("lang", "title", "onet_code"), local):
            pass
        _insert(self.conn, "titles", merged.values())
        _insert(self.conn, "title_modifiers", sorted(modifiers.items()))

    def _spellings(self) -> None:
        """British spellings and their American forms (centre -> center), for matching."""
        table = self.table("curation/uk_spellings.csv")
        _insert(
            self.conn,
            "spellings",
            table.convert(("british", "american"), lambda c: (match_form(c[0]), match_form(c[1]))),
        )

    def _tasks(self) -> None:
        table = self.table("tasks.csv.gz")
        _insert(
            self.conn,
            "tasks",
            table.convert(
                ("onet_code", "rank", "task_type", "task"),
                lambda c: (self.occupation(c[0]), _integer(c[1]), c[2] or None, c[3]),
            ),
        )

    def _examples(self) -> None:
        """Technology and tools: each distinct (example, category) once, referred to by number."""
        ids: dict[tuple[str, str, str], int] = {}
        positions: dict[tuple[int, str], int] = {}

        def row(kind: str, c: list[str]) -> tuple[Any, ...]:
            occupation = self.occupation(c[0])
            example = ids.setdefault((kind, c[1], c[2]), len(ids) + 1)
            position = positions[(occupation, kind)] = positions.get((occupation, kind), 0) + 1
            hot, in_demand = (_integer(c[3]), _integer(c[4])) if kind == "technology" else (0, 0)
            return (occupation, kind, position, example, hot, in_demand)

        rows = list(
            self.table("technology.csv.gz").convert(
                ("onet_code", "example", "commodity_title", "hot", "in_demand"),
                lambda c: row("technology", c),
            )
        )
        rows += self.table("tools.csv.gz").convert(
            ("onet_code", "example", "commodity_title"), lambda c: row("tool", c)
        )
        _insert(self.conn, "occupation_examples", rows)
        _insert(self.conn, "examples", ((i, *key) for key, i in ids.items()))

    def _elements(self) -> None:
        """Skills, knowledge and work styles: each element once, ratings per occupation."""
        ids: dict[tuple[str, str], tuple[int, str]] = {}
        positions: dict[tuple[int, str], int] = {}

        def row(domain: str, c: list[str]) -> tuple[Any, ...]:
            occupation = self.occupation(c[0])
            element = ids.setdefault((domain, c[1]), (len(ids) + 1, c[2]))[0]
            position = positions[(occupation, domain)] = positions.get((occupation, domain), 0) + 1
            level = _number(c[4], SCALE) if len(c) > 4 else None
            return (occupation, domain, position, element, _number(c[3], SCALE), level)

        rows = list(
            self.table("skills.csv.gz").convert(
                ("onet_code", "element_id", "element", "importance", "level", "domain"),
                lambda c: row(c[5], c[:5]),
            )
        )
        rows += self.table("work_styles.csv.gz").convert(
            ("onet_code", "element_id", "element", "importance"), lambda c: row("work_style", c)
        )
        _insert(self.conn, "occupation_elements", rows)
        _insert(
            self.conn,
            "elements",
            ((i, domain, element_id, name) for (domain, element_id), (i, name) in ids.items()),
        )

    def _education(self) -> None:
        positions: dict[tuple[int, str], int] = {}

        def row(c: list[str]) -> tuple[Any, ...]:
            occupation = self.occupation(c[0])
            position = positions[(occupation, c[1])] = positions.get((occupation, c[1]), 0) + 1
            return (occupation, c[1], position, _integer(c[2]), _number(c[3], SCALE))

        table = self.table("education.csv.gz")
        _insert(
            self.conn,
            "education",
            table.convert(("onet_code", "scale", "category", "percent"), row),
        )
        categories = self.table("education_categories.csv")
        _insert(
            self.conn,
            "education_categories",
            categories.convert(
                ("scale", "category", "element", "description"),
                lambda c: (c[0], _integer(c[1]), c[2], c[3]),
            ),
        )

    def _small_tables(self) -> None:
        fields = self.table("fields.csv")
        _insert(
            self.conn,
            "fields",
            fields.convert(("major", "title"), lambda c: (_integer(c[0]), c[1])),
        )
        interests = self.table("interests.csv")
        _insert(
            self.conn,
            "interests",
            interests.convert(
                ("onet_code", "first", "second", "third"),
                lambda c: (self.occupation(c[0]), *(v or None for v in c[1:])),
            ),
        )
        related = self.table("related.csv.gz")
        _insert(
            self.conn,
            "related",
            related.convert(
                ("onet_code", "related_code", "tier", "position"),
                lambda c: (self.occupation(c[0]), self.occupation(c[1]), c[2], _integer(c[3])),
            ),
        )
        zones = self.table("job_zones.csv")
        columns = ("job_zone", "name", "education", "experience", "training", "examples")
        _insert(
            self.conn,
            "job_zones",
            zones.convert(
                (*columns, "svp_range"), lambda c: (_integer(c[0]), *c[1:6], c[6] or None)
            ),
        )

    def _exposure(self) -> None:
        table = self.table("ai_exposure.csv")
        ratings = [name for rating in EXPOSURE for name in (rating, f"{rating}_rank")]
        columns: tuple[str, ...] = ("onet_code", "microsoft_soc", "microsoft_score")
        columns += ("microsoft_rank", "microsoft_ranked", *ratings, "gpts_ranked")

        def row(c: list[str]) -> tuple[Any, ...]:
            cells = [_real(v) if i % 2 == 0 else _number(v) for i, v in enumerate(c[5:-1])]
            return (
                self.occupation(c[0]),
                c[1] or None,
                _real(c[2]),
                _number(c[3]),
                _number(c[4]),
                *cells,
                _number(c[-1]),
            )

        _insert(self.conn, "ai_exposure", table.convert(columns, row))

    def _uk(self) -> None:
        pay = self.table("uk_pay.csv")
        columns = [name for figure in UK_FIGURES for name in (figure, f"{figure}_cv")]

        def pay_row(c: list[str]) -> tuple[Any, ...]:
            cells = [_number(v) if i % 2 == 0 else _real(v) for i, v in enumerate(c[2:])]
            return (_integer(c[0]), c[1], *cells)

        _insert(self.conn, "uk_pay", pay.convert(("soc2020", "title", *columns), pay_row))
        matches = self.table("uk_matches.csv")
        _insert(
            self.conn,
            "uk_matches",
            matches.convert(
                ("onet_code", "soc2020", "uk_title", "method", "score", "hits"),
                lambda c: (
                    self.occupation(c[0]),
                    _number(c[1]),
                    c[2] or None,
                    c[3],
                    _real(c[4]),
                    _number(c[5]),
                ),
            ),
        )

    def _sources(self) -> None:
        """sources.yaml: each source's attribution, and the `modified`, `measures` and `notes`
        entries, as JSON documents by key."""
        path = self.directory / "sources.yaml"
        where = f"{DIRECTORY}/sources.yaml"
        try:
            data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            self.problems.append(f"{where}: (file): {exc}")
            return
        if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
            self.problems.append(f"{where}: sources: expected a list of sources")
            return
        entries = [(str(s.get("key", "")), s) for s in data["sources"]]
        entries += [(name, data.get(name)) for name in ("modified", "measures", "notes")]
        _insert(
            self.conn,
            "occupation_sources",
            (
                (key, position, json.dumps(body, ensure_ascii=False))
                for position, (key, body) in enumerate(entries)
            ),
        )


TABLES = tuple(re.findall(r"CREATE TABLE (\w+)", DDL))
"""The occupation tables, in creation order."""
LAYOUT = hashlib.sha256(
    "".join(
        [DDL, Path(__file__).read_text(encoding="utf-8"), Path(title_index.__file__).read_text()]
    ).encode()
).hexdigest()[:16]
"""The tables' layout and the code that writes them (this module and the title index's
compiler): a store whose occupation tables have another is never copied from, so an edit of
either is never served stale tables."""


def copy_from(
    conn: sqlite3.Connection, previous: Path, digest: str, stands_for: dict[str, str]
) -> bool:
    """Copy the occupation tables from a previous store built from the same occupation data
    (same schema version and occupations digest), then mark the curated roles' occupations;
    False, with nothing written, when there is no such store."""
    if not previous.is_file():
        return False
    conn.execute("ATTACH DATABASE ? AS previous", (f"{previous.resolve().as_uri()}?mode=ro",))
    try:
        try:
            meta = dict(conn.execute("SELECT key, value FROM previous.meta").fetchall())
        except sqlite3.DatabaseError:
            return False
        same = meta.get("occupations_digest") == digest and meta.get("occupations_layout") == LAYOUT
        if meta.get("schema_version") != str(SCHEMA_VERSION) or not same:
            return False
        try:
            _copy(conn, stands_for)
        except sqlite3.DatabaseError:
            conn.rollback()
            for table in TABLES:
                conn.execute(f"DROP TABLE IF EXISTS main.{table}")
            return False
        return True
    finally:
        conn.execute("DETACH DATABASE previous")


def _copy(conn: sqlite3.Connection, stands_for: dict[str, str]) -> None:
    conn.executescript(DDL)
    for table in TABLES:
        conn.execute(f"INSERT INTO main.{table} SELECT * FROM previous.{table}")
    conn.execute("UPDATE occupations SET stands_for = NULL")
    conn.executemany(
        "UPDATE occupations SET stands_for = ? WHERE code = ?",
        [(slug, code) for code, slug in stands_for.items()],
    )
    conn.commit()


def write(conn: sqlite3.Connection, sources: Path, stands_for: dict[str, str]) -> OccupationReport:
    """Write every occupation table into the store; TableProblems on malformed rows."""
    return Writer(conn, sources).write(stands_for)
