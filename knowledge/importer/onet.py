"""O*NET 30.0 text files and 29.3 workbooks -> occupations, titles, tasks, tools, ratings, zones."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from knowledge.importer.errors import BadValueError
from knowledge.importer.output import Output, fixed
from knowledge.importer.raw import Table, read_tsv, read_xlsx
from knowledge.text import normalise

V30 = "onet-30.0"
V29 = "onet-29.3"
OCCUPATIONS = f"{V30}/Occupation Data.txt"
ALTERNATES = f"{V30}/Alternate Titles.txt"
TASKS = f"{V30}/Task Statements.txt"
TECHNOLOGY = f"{V30}/Technology Skills.txt"
TOOLS = f"{V30}/Tools Used.txt"
INTERESTS = f"{V30}/Interests.txt"
REPORTED = f"{V29}/Sample of Reported Titles.xlsx"
SKILLS = f"{V29}/Skills.xlsx"
KNOWLEDGE = f"{V29}/Knowledge.xlsx"
WORK_STYLES = f"{V29}/Work Styles.xlsx"
JOB_ZONES = f"{V29}/Job Zones.xlsx"
JOB_ZONE_REFERENCE = f"{V29}/Job Zone Reference.xlsx"
EDUCATION = f"{V29}/Education, Training, and Experience.xlsx"
EDUCATION_CATEGORIES = f"{V29}/Education, Training, and Experience Categories.xlsx"
RELATED = f"{V29}/Related Occupations.xlsx"

CODE = "O*NET-SOC Code"
CODE_PATTERN = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
TASK_TYPES = {"Core": "core", "Supplemental": "supplemental", "n/a": ""}
EDUCATION_SCALES = ("RL", "RW", "PT", "OJ")
"""Required level of education, related work experience, on-site and on-the-job training."""
COMMON_SOURCES = 3
"""An alternate title listed by at least this many O*NET sources counts as common."""
TITLE_KINDS = ("occupation", "reported", "alternate", "short", "plain")
"""Kinds of title in priority order: the first kind seen gives a title's spelling."""
PARENTHESIS = re.compile(r"\s*\([^)]*\)\s*$")


@dataclass(frozen=True)
class Occupation:
    """One O*NET-SOC occupation."""

    code: str
    title: str
    description: str

    @property
    def soc(self) -> str:
        """The 6-digit SOC 2018 code: the first 7 characters."""
        return self.code[:7]


def read_occupations(raw: Path) -> list[Occupation]:
    """Every occupation of O*NET 30.0, by code."""
    table = read_tsv(raw, OCCUPATIONS)
    result = []
    for number, (code, title, description) in table.select(CODE, "Title", "Description"):
        code_text = _code(table, number, code)
        result.append(
            Occupation(
                code_text,
                table.text(number, "Title", title),
                table.text(number, "Description", description),
            )
        )
    return sorted(result, key=lambda o: o.code)


def _code(table: Table, number: int, value: object, column: str = CODE) -> str:
    text = "" if value is None else str(value).strip()
    if not CODE_PATTERN.match(text):
        raise BadValueError(table.label, column, number, value, "an O*NET-SOC code (NN-NNNN.NN)")
    return text


def _known(table: Table, codes: set[str], number: int, value: object) -> str | None:
    code = _code(table, number, value)
    return code if code in codes else None


# --- titles ------------------------------------------------------------------------------------


@dataclass
class _Title:
    text: str
    rank: int
    kinds: set[str]
    common: bool


def titles(raw: Path, occupations: list[Occupation]) -> Output:
    """Every title of every occupation, with its kinds and whether it is a common one."""
    codes = {o.code for o in occupations}
    found: dict[tuple[str, str], _Title] = {}

    def add(code: str, text: str, kind: str, common: bool) -> None:
        key = (code, normalise(text))
        if not key[1]:
            return
        rank = TITLE_KINDS.index(kind)
        entry = found.setdefault(key, _Title(text, rank, set(), False))
        entry.kinds.add(kind)
        entry.common = entry.common or common
        if rank < entry.rank:
            entry.text, entry.rank = text, rank

    for occupation in occupations:
        add(occupation.code, occupation.title, "occupation", True)
    reported = read_xlsx(raw, REPORTED)
    for number, (code, text) in reported.select(CODE, "Reported Job Title"):
        known = _known(reported, codes, number, code)
        if known:
            add(known, reported.text(number, "Reported Job Title", text), "reported", True)
    alternates = read_tsv(raw, ALTERNATES)
    for number, (code, text, short, sources) in alternates.select(
        CODE, "Alternate Title", "Short Title", "Source(s)"
    ):
        known = _known(alternates, codes, number, code)
        if not known:
            continue
        title = alternates.text(number, "Alternate Title", text)
        many = len(str(sources or "").split(",")) >= COMMON_SOURCES
        add(known, title, "alternate", many or len(normalise(title).split()) == 1)
        if short and short != "n/a":
            add(known, str(short), "short", True)
    for (code, _), entry in list(found.items()):
        plain = PARENTHESIS.sub("", entry.text)
        if plain != entry.text:
            add(code, plain, "plain", entry.common)
    rows = [
        [
            code,
            entry.text,
            " ".join(k for k in TITLE_KINDS if k in entry.kinds),
            _flag(entry.common),
        ]
        for (code, _), entry in found.items()
    ]
    rows.sort(key=lambda r: (r[0], r[1].casefold(), r[1]))
    return Output("titles.csv.gz", ("onet_code", "title", "kinds", "common"), rows)


def _flag(value: bool) -> str:
    return "1" if value else "0"


# --- tasks, technology, tools ------------------------------------------------------------------


def tasks(raw: Path, codes: set[str]) -> Output:
    """Tasks: core first, then supplemental, then unrated, each in the file's order."""
    table = read_tsv(raw, TASKS)
    by_code: dict[str, list[tuple[int, int, str, str]]] = defaultdict(list)
    for number, (code, task_id, text, kind) in table.select(CODE, "Task ID", "Task", "Task Type"):
        known = _known(table, codes, number, code)
        if not known:
            continue
        kind_text = str(kind or "n/a")
        if kind_text not in TASK_TYPES:
            raise BadValueError(table.label, "Task Type", number, kind, "Core, Supplemental or n/a")
        order = list(TASK_TYPES).index(kind_text)
        ident = table.text(number, "Task ID", task_id)
        by_code[known].append((order, number, ident, table.text(number, "Task", text)))
    rows = []
    for code in sorted(by_code):
        ordered = sorted(by_code[code])
        for rank, (order, _, ident, text) in enumerate(ordered, start=1):
            rows.append([code, str(rank), list(TASK_TYPES.values())[order], ident, text])
    return Output("tasks.csv.gz", ("onet_code", "rank", "task_type", "task_id", "task"), rows)


def technology(raw: Path, codes: set[str]) -> Output:
    """Technology skills: in-demand and hot technologies first, then by name."""
    table = read_tsv(raw, TECHNOLOGY)
    rows = []
    for number, (code, example, commodity, title, hot, demand) in table.select(
        CODE, "Example", "Commodity Code", "Commodity Title", "Hot Technology", "In Demand"
    ):
        known = _known(table, codes, number, code)
        if known:
            rows.append(
                [
                    known,
                    table.text(number, "Example", example),
                    table.text(number, "Commodity Code", commodity),
                    table.text(number, "Commodity Title", title),
                    _yes_no(table, number, "Hot Technology", hot),
                    _yes_no(table, number, "In Demand", demand),
                ]
            )
    rows.sort(key=lambda r: (r[0], r[5] != "1", r[4] != "1", r[1].casefold(), r[1], r[2]))
    header = ("onet_code", "example", "commodity_code", "commodity_title", "hot", "in_demand")
    return Output("technology.csv.gz", header, rows)


def _yes_no(table: Table, number: int, column: str, value: object) -> str:
    if value not in ("Y", "N"):
        raise BadValueError(table.label, column, number, value, "Y or N")
    return _flag(value == "Y")


def tools(raw: Path, codes: set[str]) -> Output:
    """Tools used, by name."""
    table = read_tsv(raw, TOOLS)
    rows = []
    for number, (code, example, commodity, title) in table.select(
        CODE, "Example", "Commodity Code", "Commodity Title"
    ):
        known = _known(table, codes, number, code)
        if known:
            rows.append(
                [
                    known,
                    table.text(number, "Example", example),
                    table.text(number, "Commodity Code", commodity),
                    table.text(number, "Commodity Title", title),
                ]
            )
    rows.sort(key=lambda r: (r[0], r[1].casefold(), r[1], r[2]))
    return Output(
        "tools.csv.gz", ("onet_code", "example", "commodity_code", "commodity_title"), rows
    )


# --- rated descriptors (29.3) -----------------------------------------------------------------


@dataclass
class _Rating:
    name: str
    importance: Decimal | None = None
    level: Decimal | None = None
    relevant: bool = True


def _ratings(
    raw: Path, name: str, codes: set[str], relevance: bool
) -> dict[tuple[str, str], _Rating]:
    """(code, element id) -> importance and level, without values O*NET suggests suppressing."""
    table = read_xlsx(raw, name)
    columns = [CODE, "Element ID", "Element Name", "Scale ID", "Data Value", "Recommend Suppress"]
    if relevance:
        columns.append("Not Relevant")
    found: dict[tuple[str, str], _Rating] = {}
    for number, values in table.select(*columns):
        code, element, element_name, scale, value, suppress = values[:6]
        known = _known(table, codes, number, code)
        if not known:
            continue
        key = (known, table.text(number, "Element ID", element))
        rating = found.setdefault(key, _Rating(table.text(number, "Element Name", element_name)))
        if relevance and values[6] == "Y":
            rating.relevant = False
        if suppress == "Y":
            continue
        amount = table.decimal(number, "Data Value", value)
        if scale == "IM":
            rating.importance = amount
        elif scale == "LV":
            rating.level = amount
        else:
            raise BadValueError(table.label, "Scale ID", number, scale, "IM or LV")
    return found


def skills(raw: Path, codes: set[str]) -> Output:
    """Skills and knowledge by importance (1-5), with level (0-7); not-relevant ones left out."""
    rows = []
    for domain, name in (("skill", SKILLS), ("knowledge", KNOWLEDGE)):
        for (code, element), rating in _ratings(raw, name, codes, relevance=True).items():
            if rating.importance is None or not rating.relevant:
                continue
            rows.append(
                [
                    code,
                    domain,
                    element,
                    rating.name,
                    fixed(rating.importance, 2),
                    fixed(rating.level, 2),
                ]
            )
    rows.sort(key=lambda r: (r[0], r[1] != "skill", -Decimal(r[4]), r[2]))
    header = ("onet_code", "domain", "element_id", "element", "importance", "level")
    return Output("skills.csv.gz", header, rows)


def work_styles(raw: Path, codes: set[str]) -> Output:
    """Work styles by importance (1-5)."""
    rows = [
        [code, element, rating.name, fixed(rating.importance, 2)]
        for (code, element), rating in _ratings(raw, WORK_STYLES, codes, relevance=False).items()
        if rating.importance is not None
    ]
    rows.sort(key=lambda r: (r[0], -Decimal(r[3]), r[1]))
    return Output("work_styles.csv.gz", ("onet_code", "element_id", "element", "importance"), rows)


# --- job zones, education, related occupations, interests --------------------------------------


def job_zones(raw: Path, codes: set[str]) -> dict[str, str]:
    """Job zone (1-5) by occupation."""
    table = read_xlsx(raw, JOB_ZONES)
    result = {}
    for number, (code, zone) in table.select(CODE, "Job Zone"):
        known = _known(table, codes, number, code)
        if known:
            result[known] = str(int(table.decimal(number, "Job Zone", zone)))
    return result


def job_zone_reference(raw: Path) -> Output:
    """What each job zone means: typical education, experience and training."""
    table = read_xlsx(raw, JOB_ZONE_REFERENCE)
    columns = (
        "Job Zone",
        "Name",
        "Education",
        "Experience",
        "Job Training",
        "Examples",
        "SVP Range",
    )
    rows = []
    for number, values in table.select(*columns):
        zone = str(int(table.decimal(number, "Job Zone", values[0])))
        rows.append(
            [
                zone,
                *(table.text(number, c, v) for c, v in zip(columns[1:], values[1:], strict=True)),
            ]
        )
    rows.sort(key=lambda r: int(r[0]))
    header = ("job_zone", "name", "education", "experience", "training", "examples", "svp_range")
    return Output("job_zones.csv", header, rows)


def education(raw: Path, codes: set[str]) -> Output:
    """Shares of workers by required education, experience and training category (non-zero)."""
    table = read_xlsx(raw, EDUCATION)
    rows = []
    for number, (code, scale, category, value, suppress) in table.select(
        CODE, "Scale ID", "Category", "Data Value", "Recommend Suppress"
    ):
        known = _known(table, codes, number, code)
        if not known or scale not in EDUCATION_SCALES or suppress == "Y":
            continue
        share = table.decimal(number, "Data Value", value)
        if share > 0:
            group = str(int(table.decimal(number, "Category", category)))
            rows.append([known, str(scale), group, fixed(share, 2)])
    rows.sort(key=lambda r: (r[0], EDUCATION_SCALES.index(r[1]), -Decimal(r[3]), int(r[2])))
    return Output("education.csv.gz", ("onet_code", "scale", "category", "percent"), rows)


def education_categories(raw: Path) -> Output:
    """What each education, experience and training category means."""
    table = read_xlsx(raw, EDUCATION_CATEGORIES)
    rows = []
    for number, (element, scale, category, text) in table.select(
        "Element Name", "Scale ID", "Category", "Category Description"
    ):
        if scale in EDUCATION_SCALES:
            rows.append(
                [
                    str(scale),
                    table.text(number, "Element Name", element),
                    str(int(table.decimal(number, "Category", category))),
                    table.text(number, "Category Description", text),
                ]
            )
    rows.sort(key=lambda r: (EDUCATION_SCALES.index(r[0]), int(r[2])))
    return Output("education_categories.csv", ("scale", "element", "category", "description"), rows)


def related(raw: Path, codes: set[str]) -> Output:
    """Related occupations by O*NET's tier and order (targets outside the data left out)."""
    table = read_xlsx(raw, RELATED)
    rows = []
    for number, (code, other, tier, index) in table.select(
        CODE, "Related O*NET-SOC Code", "Relatedness Tier", "Index"
    ):
        known = _known(table, codes, number, code)
        target = _code(table, number, other, "Related O*NET-SOC Code")
        if known and target in codes:
            tier_text = table.text(number, "Relatedness Tier", tier).lower()
            position = int(table.decimal(number, "Index", index))
            rows.append([known, target, tier_text, str(position)])
    rows.sort(key=lambda r: (r[0], int(r[3]), r[1]))
    return Output("related.csv.gz", ("onet_code", "related_code", "tier", "position"), rows)


RIASEC = ("realistic", "investigative", "artistic", "social", "enterprising", "conventional")


def interests(raw: Path, codes: set[str]) -> Output:
    """RIASEC interest scores (1-7) and the high-point interests, by occupation."""
    table = read_tsv(raw, INTERESTS)
    scores: dict[str, dict[str, str]] = defaultdict(dict)
    high: dict[str, list[str]] = defaultdict(lambda: ["", "", ""])
    for number, (code, name, scale, value) in table.select(
        CODE, "Element Name", "Scale ID", "Data Value"
    ):
        known = _known(table, codes, number, code)
        if not known:
            continue
        amount = table.decimal(number, "Data Value", value)
        label = table.text(number, "Element Name", name).lower()
        if scale == "OI" and label in RIASEC:
            scores[known][label] = fixed(amount, 2)
        elif scale == "IH":
            which = ("first", "second", "third").index(label.split()[0])
            high[known][which] = RIASEC[int(amount) - 1] if int(amount) else ""
    rows = [
        [code, *(scores[code].get(k, "") for k in RIASEC), *high[code]] for code in sorted(scores)
    ]
    header = ("onet_code", *RIASEC, "first", "second", "third")
    return Output("interests.csv", header, rows)


def occupation_rows(
    occupations: Iterable[Occupation],
    slugs: dict[str, str],
    zones: dict[str, str],
    wages: dict[str, tuple[str, str]],
) -> Output:
    """The occupations table: identity, job zone, which US wage applies, and description."""
    rows = [
        [
            o.code,
            slugs[o.code],
            o.title,
            o.soc,
            zones.get(o.code, ""),
            *wages.get(o.code, ("", "")),
            o.description,
        ]
        for o in occupations
    ]
    header = (
        "onet_code",
        "slug",
        "title",
        "soc_code",
        "job_zone",
        "wage_code",
        "wage_basis",
        "description",
    )
    return Output("occupations.csv", header, rows)
