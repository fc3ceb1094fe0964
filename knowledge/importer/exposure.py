"""AI exposure: Microsoft's AI applicability score (by SOC) and GPTs-are-GPTs (by O*NET code).

Each score keeps its rank among everything its source scored (1 = most exposed; equal scores
share the best rank) and the count ranked. Neither is turned into the career page's 0-100
"AI-proof" scale: they measure different things (see sources.yaml).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from knowledge.importer.errors import BadValueError
from knowledge.importer.onet import Occupation
from knowledge.importer.output import Output, fixed
from knowledge.importer.raw import Table, read_csv

MICROSOFT = "ai-applicability-microsoft/soc_ai_applicability_scores.csv"
GPTS = "ai-exposure-gpts-are-gpts/occ_level.csv"
GPTS_COLUMNS = (
    ("gpt4_alpha", "dv_rating_alpha"),
    ("gpt4_beta", "dv_rating_beta"),
    ("gpt4_gamma", "dv_rating_gamma"),
    ("human_alpha", "human_rating_alpha"),
    ("human_beta", "human_rating_beta"),
    ("human_gamma", "human_rating_gamma"),
)
PLACES = 4


def ranks(scores: dict[str, Decimal]) -> dict[str, int]:
    """Competition ranks, highest score first (1, 2, 2, 4 ...)."""
    ordered = sorted(scores.values(), reverse=True)
    first: dict[Decimal, int] = {}
    for position, value in enumerate(ordered, start=1):
        first.setdefault(value, position)
    return {key: first[value] for key, value in scores.items()}


def _scores(table: Table, key: str, column: str) -> dict[str, Decimal]:
    result = {}
    for number, (code, value) in table.select(key, column):
        result[table.text(number, key, code)] = table.decimal(number, column, value)
    return result


def exposure(raw: Path, occupations: Iterable[Occupation]) -> tuple[Output, dict[str, int]]:
    """The exposure table and how many occupations each source covers."""
    microsoft_table = read_csv(raw, MICROSOFT)
    microsoft = _scores(microsoft_table, "SOC Code", "ai_applicability_score")
    microsoft_rank = ranks(microsoft)
    gpts_table = read_csv(raw, GPTS)
    gpts = {out: _scores(gpts_table, "O*NET-SOC Code", column) for out, column in GPTS_COLUMNS}
    gpts_rank = {out: ranks(values) for out, values in gpts.items()}
    gpts_count = len(gpts["gpt4_alpha"])
    for name, values in gpts.items():
        if len(values) != gpts_count:
            raise BadValueError(GPTS, name, 0, len(values), f"{gpts_count} rated occupations")
    rows = []
    covered = {"microsoft": 0, "gpts": 0, "either": 0}
    for occupation in occupations:
        row = [occupation.code]
        if occupation.soc in microsoft:
            score = microsoft[occupation.soc]
            row += [occupation.soc, fixed(score, PLACES), str(microsoft_rank[occupation.soc])]
            row.append(str(len(microsoft)))
        else:
            row += ["", "", "", ""]
        rated = occupation.code in gpts["gpt4_alpha"]
        for out, _ in GPTS_COLUMNS:
            if rated:
                row += [
                    fixed(gpts[out][occupation.code], PLACES),
                    str(gpts_rank[out][occupation.code]),
                ]
            else:
                row += ["", ""]
        row.append(str(gpts_count) if rated else "")
        covered["microsoft"] += bool(row[1])
        covered["gpts"] += rated
        if row[1] or rated:
            covered["either"] += 1
            rows.append(row)
    header = [
        "onet_code",
        "microsoft_soc",
        "microsoft_score",
        "microsoft_rank",
        "microsoft_ranked",
    ]
    for out, _ in GPTS_COLUMNS:
        header += [out, f"{out}_rank"]
    header.append("gpts_ranked")
    return Output("ai_exposure.csv", tuple(header), rows), covered
