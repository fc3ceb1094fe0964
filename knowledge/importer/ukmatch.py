"""careerbot's own mapping of O*NET occupations to UK SOC 2020 unit groups, by job title.

No official table links the two classifications, so this matches titles: every O*NET title of
an occupation against each unit group's title and ONS's related job titles. A title is reduced
to a key (rapidfuzz's default processor: lower case, no punctuation; British spellings turned
American from ``uk_spellings.csv``; words sorted, so "Teacher (secondary school)" meets
"Secondary School Teacher"). ONS titles also count without their bracketed qualifier.

1. Exact: the unit group sharing the most title keys with the occupation, each shared key
   weighted 1 / (occupations having it x unit groups having it), so "teacher" weighs little
   and "dental hygienist" much.
2. Else fuzzy: the best `fuzz.token_sort_ratio` of the occupation's common titles against all
   ONS title keys, at least `CUTOFF`.
3. Overrides (``uk_overrides.csv``, reviewed by hand) replace either, or remove a match.

Every UK figure shown through this mapping must be labelled "matched by title".
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from knowledge.importer.errors import BadValueError
from knowledge.importer.ons import UnitGroup
from knowledge.importer.output import Output, fixed
from knowledge.importer.raw import Table

SCORER = fuzz.token_sort_ratio
PROCESSOR = utils.default_process
CUTOFF = 90.0
BRACKETS = re.compile(r"\([^)]*\)")


@dataclass(frozen=True)
class Title:
    """One title of an O*NET occupation and whether it is a common one."""

    code: str
    text: str
    common: bool


@dataclass(frozen=True)
class Override:
    """A hand-reviewed correction: the unit group to use ('' for none) and why."""

    soc2020: str
    reason: str


def key(text: str, spellings: dict[str, str]) -> str:
    """A title's match key: processed, British spellings made American, words sorted."""
    words = [spellings.get(w, w) for w in PROCESSOR(text).split()]
    return " ".join(sorted(words))


def read_spellings(table: Table) -> dict[str, str]:
    """british -> american word pairs."""
    result = {}
    for number, (british, american) in table.select("british", "american"):
        result[table.text(number, "british", british).lower()] = table.text(
            number, "american", american
        ).lower()
    return result


def read_overrides(table: Table, codes: set[str], groups: set[str]) -> dict[str, Override]:
    """O*NET code -> reviewed unit group; both codes checked."""
    result = {}
    for number, (code, soc, reason) in table.select("onet_code", "soc2020", "reason"):
        onet = table.text(number, "onet_code", code)
        if onet not in codes:
            raise BadValueError(
                table.label, "onet_code", number, code, "an O*NET-SOC code in the data"
            )
        target = "" if soc is None else str(soc).strip()
        if target and target not in groups:
            raise BadValueError(
                table.label, "soc2020", number, soc, "a SOC 2020 unit group or empty"
            )
        result[onet] = Override(target, table.text(number, "reason", reason))
    return result


def _uk_keys(groups: Iterable[UnitGroup], spellings: dict[str, str]) -> dict[str, dict[str, str]]:
    """Match key -> {unit group: the ONS title it came from}."""
    index: dict[str, dict[str, str]] = defaultdict(dict)
    for group in groups:
        for text in (group.title, *group.related):
            for variant in (text, BRACKETS.sub(" ", text)):
                k = key(variant, spellings)
                if k:
                    index[k].setdefault(group.code, text)
    return index


def match(
    titles: Iterable[Title],
    names: dict[str, str],
    groups: list[UnitGroup],
    spellings: dict[str, str],
    overrides: dict[str, Override],
) -> Output:
    """One row per O*NET occupation (by code in `names`): its unit group, or none, and why."""
    uk = _uk_keys(groups, spellings)
    group_titles = {g.code: g.title for g in groups}
    own: dict[str, dict[str, str]] = defaultdict(dict)
    common: dict[str, dict[str, str]] = defaultdict(dict)
    holders: dict[str, set[str]] = defaultdict(set)
    for title in titles:
        k = key(title.text, spellings)
        if not k:
            continue
        own[title.code].setdefault(k, title.text)
        if title.common:
            common[title.code].setdefault(k, title.text)
        holders[k].add(title.code)
    choices = sorted(uk)
    rows = []
    for code in sorted(names):
        row = _exact(code, own[code], uk, holders) or _fuzzy(common[code], uk, choices)
        if code in overrides:
            fix = overrides[code]
            row = (fix.soc2020, "override" if fix.soc2020 else "none", "", "", fix.reason, "")
        soc, method, score, hits, evidence, runner = row
        rows.append(
            [
                code,
                names[code],
                soc,
                group_titles.get(soc, ""),
                method,
                score,
                hits,
                evidence,
                runner,
            ]
        )
    header = (
        "onet_code",
        "onet_title",
        "soc2020",
        "uk_title",
        "method",
        "score",
        "hits",
        "evidence",
        "runner_up",
    )
    return Output("uk_matches.csv", header, rows)


Row = tuple[str, str, str, str, str, str]


def _exact(
    code: str,
    keys: dict[str, str],
    uk: dict[str, dict[str, str]],
    holders: dict[str, set[str]],
) -> Row | None:
    weight: dict[str, float] = defaultdict(float)
    hits: dict[str, int] = defaultdict(int)
    best_pair: dict[str, tuple[float, str]] = {}
    for k, text in keys.items():
        for group, uk_text in uk.get(k, {}).items():
            w = 1.0 / (len(holders[k]) * len(uk[k]))
            weight[group] += w
            hits[group] += 1
            pair = (-w, f"{text} = {uk_text}")
            best_pair[group] = min(best_pair.get(group, pair), pair)
    if not weight:
        return None
    ranked = sorted(weight, key=lambda g: (-weight[g], -hits[g], g))
    best = ranked[0]
    runner = f"{ranked[1]} {fixed(weight[ranked[1]], 2)}" if len(ranked) > 1 else ""
    return (best, "exact", fixed(weight[best], 2), str(hits[best]), best_pair[best][1], runner)


def _fuzzy(keys: dict[str, str], uk: dict[str, dict[str, str]], choices: list[str]) -> Row:
    found: list[tuple[float, str, str, str]] = []
    for k, text in sorted(keys.items()):
        hit = process.extractOne(k, choices, scorer=SCORER, processor=None, score_cutoff=CUTOFF)
        if hit is not None:
            choice, score, _ = hit
            for group, uk_text in sorted(uk[choice].items()):
                found.append((score, group, text, uk_text))
    if not found:
        return ("", "none", "", "", "", "")
    found.sort(key=lambda f: (-f[0], f[1], f[2]))
    score, group, text, uk_text = found[0]
    others = [f for f in found if f[1] != group]
    runner = f"{others[0][1]} {fixed(others[0][0], 0)}" if others else ""
    return (group, "fuzzy", fixed(score, 0), "", f"{text} ~ {uk_text}", runner)
