"""BLS OEWS May 2025 -> US wages: national, by state and by metro area, cross-industry.

An O*NET occupation takes the wage of its 6-digit SOC code when BLS publishes one (`detailed`),
else that of its SOC broad group (``XX-XXX0``, `broader`), else none. Cells BLS does not publish
are left empty; cells above BLS's top code are written ``>=`` and the threshold (an "at least"
figure, never an exact one), the threshold read from BLS's own footnote text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from knowledge.importer.errors import BadValueError
from knowledge.importer.output import Output
from knowledge.importer.raw import Table, read_sqlite

OEWS = "bls-oews-may2025/oews-2025.sqlite"
ALL_INDUSTRIES = "000000"
ALL_OCCUPATIONS = "000000"
MAJOR = re.compile(r"^\d{2}0000$")
"""A SOC major group's code in OEWS (`110000`)."""
AREA_KINDS = {"N": "national", "S": "state", "M": "metro"}
TOP_CODE = re.compile(r"equal to or greater than \$([\d,.]+) per hour or \$([\d,.]+) per year")
FIGURES = (
    ("employment", "01"),
    ("annual_mean", "04"),
    ("annual_p10", "11"),
    ("annual_p25", "12"),
    ("annual_median", "13"),
    ("annual_p75", "14"),
    ("annual_p90", "15"),
    ("hourly_mean", "03"),
    ("hourly_p10", "06"),
    ("hourly_p25", "07"),
    ("hourly_median", "08"),
    ("hourly_p75", "09"),
    ("hourly_p90", "10"),
)
"""Output column and OEWS datatype code."""


@dataclass(frozen=True)
class Wages:
    """The OEWS tables the importer writes, and which wage code each occupation uses."""

    national: Output
    areas: Output
    area_names: Output
    fields: Output
    """The SOC major groups ("fields": 11 Management Occupations ...) by their two digits."""
    basis: dict[str, tuple[str, str]]
    """O*NET code -> (wage SOC code, 'detailed' or 'broader')."""
    footnotes: dict[str, str]
    national_counts: dict[str, int]
    """Over every national BLS row (all SOC levels): how many are annual-only, hourly-only."""


def _soc(code: str) -> str:
    return f"{code[:2]}-{code[2:]}"


def _thresholds(footnotes: Table) -> tuple[dict[str, str], dict[str, str]]:
    """Footnote texts by code, and the top-code footnote's {'hourly': .., 'annual': ..}."""
    texts: dict[str, str] = {}
    top: dict[str, str] = {}
    for number, (code, text) in footnotes.select("footnote_code", "footnote_text"):
        label = footnotes.text(number, "footnote_text", text)
        texts[str(code)] = label
        found = TOP_CODE.search(label)
        if found:
            top[str(code)] = found.group(1).replace(",", "") + " " + found.group(2).replace(",", "")
    return texts, top


def _value(
    table: Table, number: int, column: str, value: object, note: object, top: dict[str, str]
) -> str:
    """The published figure as text; '>=N' when top-coded; '' when not published."""
    text = "" if value is None else str(value).strip()
    if note is not None and str(note) in top:
        hourly, annual = top[str(note)].split()
        return ">=" + (hourly if column.startswith("hourly") else annual)
    if text in ("", "-", "*", "**", "#"):
        return ""
    table.decimal(number, column, text)
    return text


def read_wages(raw: Path, occupations: Iterable[tuple[str, str]]) -> Wages:
    """National and area wages for the SOC codes the occupations use."""
    areas = read_sqlite(
        raw, OEWS, "area", ("area_code", "areatype_code", "state_code", "area_name")
    )
    names = read_sqlite(raw, OEWS, "occupation", ("occupation_code", "occupation_name"))
    footnotes = read_sqlite(raw, OEWS, "footnote", ("footnote_code", "footnote_text"))
    texts, top = _thresholds(footnotes)
    columns = ["key", *(f"v{c}" for _, c in FIGURES), *(f"f{c}" for _, c in FIGURES)]
    cells = read_sqlite(
        raw, OEWS, "cell", columns, where=f"WHERE substr(key, 12, 6) = '{ALL_INDUSTRIES}'"
    )
    titles = {
        str(code): str(name)
        for _, (code, name) in names.select("occupation_code", "occupation_name")
    }
    area_info = _areas(areas)
    national: dict[str, list[str]] = {}
    by_area: list[list[str]] = []
    width = len(FIGURES)
    for number, row in cells.select(*columns):
        key = str(row[0])
        if len(key) != 23 or not key.startswith("OEU") or key[3] not in AREA_KINDS:
            raise BadValueError(cells.label, "key", number, key, "an OEWS cell key (OEU + 20)")
        area, occupation = key[4:11], key[17:23]
        if area not in area_info:
            raise BadValueError(cells.label, "key", number, key, "a key of a known area")
        values = [
            _value(cells, number, name, row[1 + i], row[1 + width + i], top)
            for i, (name, _) in enumerate(FIGURES)
        ]
        if key[3] == "N":
            national[occupation] = values
        elif any(values[1:]):
            by_area.append([_soc(occupation), area, *_annual_first(values)])
    counts = Counter(_published(values) for values in national.values())
    basis = _basis(occupations, national)
    used = {code for code, _ in basis.values()}
    national_rows = [
        [_soc(code), titles.get(code, ""), _published(values), *values]
        for code, values in sorted(national.items())
        if _soc(code) in used
    ]
    area_rows = sorted((r for r in by_area if r[0] in used), key=lambda r: (r[0], r[1]))
    header = tuple(name for name, _ in FIGURES)
    return Wages(
        Output("wages_us.csv", ("wage_code", "title", "published", *header), national_rows),
        Output("wages_areas.csv.gz", ("wage_code", "area_code", *header), area_rows),
        Output(
            "areas.csv",
            ("area_code", "kind", "name", "state_code", "state"),
            [[code, *info] for code, info in sorted(area_info.items())],
        ),
        Output(
            "fields.csv",
            ("major", "title"),
            sorted(
                [code[:2], title]
                for code, title in titles.items()
                if MAJOR.fullmatch(code) and code != ALL_OCCUPATIONS
            ),
        ),
        basis,
        dict(sorted(texts.items())),
        {"annual-only": counts["annual"], "hourly-only": counts["hourly"]},
    )


def _annual_first(values: list[str]) -> list[str]:
    """Area figures: hourly ones only where BLS has no annual ones (annual = hourly x 2080)."""
    if any(values[1:7]):
        return values[:7] + [""] * (len(values) - 7)
    return values


def _published(values: list[str]) -> str:
    """Which kinds of wage BLS publishes for the occupation: annual, hourly or both."""
    annual = any(values[1:7])
    hourly = any(values[7:])
    return (
        "annual hourly" if annual and hourly else "annual" if annual else "hourly" if hourly else ""
    )


def _areas(areas: Table) -> dict[str, tuple[str, str, str, str]]:
    states: dict[str, str] = {}
    rows = list(areas.select("area_code", "areatype_code", "state_code", "area_name"))
    for number, (_, kind, state, name) in rows:
        if kind not in AREA_KINDS:
            raise BadValueError(areas.label, "areatype_code", number, kind, "N, S or M")
        if kind == "S":
            states[str(state)] = areas.text(number, "area_name", name)
    result = {}
    for number, (code, kind, state, name) in rows:
        label = areas.text(number, "area_name", name)
        state_name = states.get(str(state), "") if kind != "N" else ""
        result[str(code)] = (
            AREA_KINDS[str(kind)],
            label,
            str(state) if kind != "N" else "",
            state_name,
        )
    return result


def _basis(
    occupations: Iterable[tuple[str, str]], national: dict[str, list[str]]
) -> dict[str, tuple[str, str]]:
    result = {}
    for code, soc in occupations:
        detailed = soc.replace("-", "")
        broad = detailed[:5] + "0"
        if detailed in national:
            result[code] = (soc, "detailed")
        elif broad in national:
            result[code] = (_soc(broad), "broader")
    return result
