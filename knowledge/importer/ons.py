"""UK ONS: ASHE 2024 Table 14.7a/b (annual gross pay, full-time) and SOC 2020 unit groups.

Only numbers become figures: ASHE's markers ("x" unreliable, ".." disclosive, ":" not
applicable, "-" nil) leave the cell empty, so a suppressed figure can never be shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from knowledge.importer.errors import BadValueError
from knowledge.importer.output import Output, fixed
from knowledge.importer.raw import Cell, Table, read_xlsx

ASHE = "uk-ons-ashe-2024/PROV - Occupation SOC20 (4) Table 14.7a   Annual pay - Gross 2024.xlsx"
ASHE_CV = (
    "uk-ons-ashe-2024/PROV - Occupation SOC20 (4) Table 14.7b   Annual pay - Gross 2024 CV.xlsx"
)
SOC2020 = "uk-ons-soc2020/soc2020volume1structureanddescriptionofunitgroupsexcel16102024.xlsx"
SHEET = "Full-Time"
"""Full-time employee jobs: the basis comparable with an annual salary."""
MARKERS = frozenset({"x", "..", ":", "-", "."})
FIGURES = (
    ("median", "Median"),
    ("mean", "Mean"),
    ("p10", "10"),
    ("p20", "20"),
    ("p25", "25"),
    ("p30", "30"),
    ("p40", "40"),
    ("p60", "60"),
    ("p70", "70"),
    ("p75", "75"),
    ("p80", "80"),
    ("p90", "90"),
)


@dataclass(frozen=True)
class UnitGroup:
    """A SOC 2020 unit group with the job titles ONS relates to it."""

    code: str
    title: str
    related: tuple[str, ...]


def _figure(table: Table, number: int, column: str, value: Cell, places: int) -> str:
    if value is None or (isinstance(value, str) and value.strip() in MARKERS):
        return ""
    return fixed(table.decimal(number, column, value), places)


def _unit_rows(table: Table, places: int) -> dict[str, tuple[str, list[str]]]:
    columns = ["Description", "Code", *(source for _, source in FIGURES)]
    result = {}
    for number, values in table.select(*columns):
        code = "" if values[1] is None else str(values[1]).strip()
        if len(code) != 4 or not code.isdigit():
            continue
        title = table.text(number, "Description", values[0])
        figures = [
            _figure(table, number, source, value, places)
            for (_, source), value in zip(FIGURES, values[2:], strict=True)
        ]
        result[code] = (title, figures)
    return result


def ashe(raw: Path) -> Output:
    """Annual gross pay of full-time employee jobs by 4-digit SOC 2020, with each figure's CV."""
    pay = _unit_rows(read_xlsx(raw, ASHE, SHEET, header_first="Description"), 0)
    cv_table = read_xlsx(raw, ASHE_CV, SHEET, header_first="Description")
    cvs = _unit_rows(cv_table, 1)
    rows = []
    for code in sorted(pay):
        title, figures = pay[code]
        quality = cvs.get(code, ("", [""] * len(FIGURES)))[1]
        row = [code, title]
        for figure, cv in zip(figures, quality, strict=True):
            row += [figure, cv if figure else ""]
        rows.append(row)
    header = ["soc2020", "title"]
    for name, _ in FIGURES:
        header += [name, f"{name}_cv"]
    return Output("uk_pay.csv", tuple(header), rows)


def unit_groups(raw: Path) -> list[UnitGroup]:
    """SOC 2020 unit groups with their related job titles, by code."""
    table = read_xlsx(raw, SOC2020, "SOC2020 descriptions")
    result = []
    for number, (code, title, related) in table.select(
        "SOC 2020 Unit Group", "SOC 2020 Group Title", "Related Job Titles"
    ):
        text = "" if code is None else str(code).strip()
        if text in ("", "<blank>"):
            continue
        if len(text) != 4 or not text.isdigit():
            raise BadValueError(table.label, "SOC 2020 Unit Group", number, code, "4 digits")
        names = tuple(
            t.strip() for t in str(related or "").split("~") if t.strip() and t.strip() != "<blank>"
        )
        result.append(UnitGroup(text, table.text(number, "SOC 2020 Group Title", title), names))
    return sorted(result, key=lambda g: g.code)
