"""The whole import: raw files in, every derived table out, with a summary of what it wrote.

Nothing is written unless every input reads cleanly; each file is then replaced atomically.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from knowledge import SOURCES_DIR
from knowledge.importer import bls, exposure, onet, ons, ukmatch
from knowledge.importer.errors import MissingFileError
from knowledge.importer.output import Output, encode, write_atomic
from knowledge.importer.raw import read_csv
from knowledge.importer.slugs import slugs
from knowledge.text import normalise

IMPORTER_VERSION = "1"
OUTPUT_DIR = SOURCES_DIR / "occupations"
CURATION_DIR = OUTPUT_DIR / "curation"
METADATA = "sources.yaml"
SPELLINGS = "uk_spellings.csv"
OVERRIDES = "uk_overrides.csv"
INPUTS = (
    onet.OCCUPATIONS,
    onet.ALTERNATES,
    onet.TASKS,
    onet.TECHNOLOGY,
    onet.TOOLS,
    onet.INTERESTS,
    onet.REPORTED,
    onet.SKILLS,
    onet.KNOWLEDGE,
    onet.WORK_STYLES,
    onet.JOB_ZONES,
    onet.JOB_ZONE_REFERENCE,
    onet.EDUCATION,
    onet.EDUCATION_CATEGORIES,
    onet.RELATED,
    bls.OEWS,
    exposure.MICROSOFT,
    exposure.GPTS,
    ons.ASHE,
    ons.ASHE_CV,
    ons.SOC2020,
)


@dataclass(frozen=True)
class ImportReport:
    """What an import wrote and what it found."""

    out: Path
    files: dict[str, int]
    """File name -> bytes written."""
    rows: dict[str, int]
    facts: dict[str, int]
    seconds: float


def import_occupations(
    raw: Path, out: Path = OUTPUT_DIR, curation: Path = CURATION_DIR
) -> ImportReport:
    """Read the raw directory, write every derived table into `out`, and report."""
    started = time.perf_counter()
    outputs, facts = derive(raw, curation)
    metadata = _metadata(raw, curation, outputs)
    files = {o.name: encode(o) for o in outputs}
    files[METADATA] = metadata
    for name, data in files.items():
        write_atomic(out / name, data)
    return ImportReport(
        out,
        {name: len(data) for name, data in sorted(files.items())},
        {o.name: len(o.rows) for o in outputs},
        facts,
        time.perf_counter() - started,
    )


def derive(raw: Path, curation: Path) -> tuple[list[Output], dict[str, int]]:
    """Every derived table, in memory, and the facts the summary reports."""
    occupations = onet.read_occupations(raw)
    codes = {o.code for o in occupations}
    titles = onet.titles(raw, occupations)
    tasks = onet.tasks(raw, codes)
    skills = onet.skills(raw, codes)
    zones = onet.job_zones(raw, codes)
    wages = bls.read_wages(raw, [(o.code, o.soc) for o in occupations])
    ai, covered = exposure.exposure(raw, occupations)
    uk_pay = ons.ashe(raw)
    groups = ons.unit_groups(raw)
    spellings = ukmatch.read_spellings(read_csv(curation, SPELLINGS))
    overrides = ukmatch.read_overrides(
        read_csv(curation, OVERRIDES), codes, {g.code for g in groups}
    )
    matches = ukmatch.match(
        [ukmatch.Title(r[0], r[1], r[3] == "1") for r in titles.rows],
        {o.code: o.title for o in occupations},
        groups,
        spellings,
        overrides,
    )
    outputs = [
        onet.occupation_rows(
            occupations, slugs((o.code, o.title) for o in occupations), zones, wages.basis
        ),
        titles,
        tasks,
        onet.technology(raw, codes),
        onet.tools(raw, codes),
        skills,
        onet.work_styles(raw, codes),
        onet.job_zone_reference(raw),
        onet.education(raw, codes),
        onet.education_categories(raw),
        onet.related(raw, codes),
        onet.interests(raw, codes),
        wages.national,
        wages.areas,
        wages.area_names,
        wages.fields,
        ai,
        uk_pay,
        matches,
    ]
    facts = _facts(occupations, titles, tasks, skills, wages, covered, uk_pay, matches)
    return sorted(outputs, key=lambda o: o.name), facts


def _facts(
    occupations: list[onet.Occupation],
    titles: Output,
    tasks: Output,
    skills: Output,
    wages: bls.Wages,
    covered: dict[str, int],
    uk_pay: Output,
    matches: Output,
) -> dict[str, int]:
    published = {r[0]: r[2] for r in wages.national.rows}
    basis = Counter(b for _, b in wages.basis.values())
    kinds = Counter(published[code] for code, b in wages.basis.values() if b == "detailed")
    median, p90 = uk_pay.header.index("median"), uk_pay.header.index("p90")
    bands = Counter(_band(r[4], r[5]) for r in matches.rows)
    facts = {
        "occupations": len(occupations),
        "with tasks": len({r[0] for r in tasks.rows}),
        "with skills or knowledge": len({r[0] for r in skills.rows}),
        "titles (occupation, title)": len(titles.rows),
        "unique titles (normalised)": len({normalise(r[1]) for r in titles.rows}),
        "unique O*NET alternate titles": len(
            {r[1].casefold() for r in titles.rows if "alternate" in r[2].split()}
        ),
        "common titles": sum(r[3] == "1" for r in titles.rows),
        "US wage detailed": basis["detailed"],
        "US wage broader group only": basis["broader"],
        "US wage none": len(occupations) - basis["detailed"] - basis["broader"],
        "US detailed annual-only": kinds["annual"],
        "US detailed hourly-only": kinds["hourly"],
        "BLS national rows annual-only": wages.national_counts["annual-only"],
        "BLS national rows hourly-only": wages.national_counts["hourly-only"],
        "US area rows": len(wages.areas.rows),
        "Microsoft score": covered["microsoft"],
        "GPTs-are-GPTs rating": covered["gpts"],
        "either AI score": covered["either"],
        "UK unit groups": len(uk_pay.rows),
        "UK with median": sum(bool(r[median]) for r in uk_pay.rows),
        "UK with P90": sum(bool(r[p90]) for r in uk_pay.rows),
    }
    facts.update({f"UK match {band}": n for band, n in sorted(bands.items())})
    return facts


def _band(method: str, score: str) -> str:
    """Score band of a UK match, for the summary."""
    if method == "exact":
        return "exact, weight >= 1" if float(score) >= 1 else "exact, weight < 1"
    if method == "fuzzy":
        return f"fuzzy {int(float(score)) // 5 * 5}-{int(float(score)) // 5 * 5 + 4}"
    return method


def _metadata(raw: Path, curation: Path, outputs: list[Output]) -> bytes:
    path = curation / METADATA
    if not path.is_file():
        raise MissingFileError(str(path))
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["importer"] = {
        "version": IMPORTER_VERSION,
        "inputs": [
            {"file": name, "sha256": hashlib.sha256((raw / name).read_bytes()).hexdigest()}
            for name in INPUTS
        ],
        "outputs": {o.name: len(o.rows) for o in outputs},
    }
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return text.encode("utf-8")


def summary(report: ImportReport) -> list[str]:
    """The report as lines of text."""
    lines = [f"wrote {len(report.files)} files to {report.out} in {report.seconds:.1f} s"]
    width = max(len(k) for k in report.facts)
    lines += [f"  {key:<{width}}  {value:>7,}" for key, value in report.facts.items()]
    total = sum(report.files.values())
    lines.append(f"files ({total / 1e6:.2f} MB in all):")
    lines += [
        f"  {name:<26} {size / 1e3:>9,.1f} kB  {report.rows.get(name, 0):>7,} rows"
        for name, size in report.files.items()
    ]
    return lines
