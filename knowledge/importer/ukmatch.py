"""careerbot's own mapping of O*NET occupations to UK SOC 2020 unit groups, by job title.

No official table links the two classifications, so this matches titles: every O*NET title of
an occupation against each unit group's title and ONS's related job titles. A title is reduced
to a key (rapidfuzz's default processor: lower case, no punctuation; British spellings turned
American from ``uk_spellings.csv``; words sorted, so "Teacher (secondary school)" meets
"Secondary School Teacher"). ONS titles also count without their bracketed qualifier.

1. Exact: the unit group sharing the most title keys with the occupation, each shared key
   weighted 1 / (occupations having it x unit groups having it), so "teacher" weighs little
   and "dental hygienist" much, and by `UNCOMMON` for a title not marked common; taken only
   when the weights add up to `MIN_WEIGHT` or more.
2. Else fuzzy: the best `fuzz.token_sort_ratio` (at least `CUTOFF`, below 100: identical keys
   were weighed in step 1) of the occupation's common titles against the ONS titles as
   published (a bracketed qualifier kept: "Machinist (leather goods mfr)" is no machinist).
3. ``uk_overrides.csv`` (checked by hand) confirms a match (method ``reviewed``), replaces it
   (``override``, with the reason as evidence) or removes it (``none``).

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
CUTOFF = 95.0
MIN_WEIGHT = 0.5
"""An exact match weighing less (only widely shared titles in common) is not taken."""
UNCOMMON = 0.25
"""Weight factor of a title O*NET does not mark as common (a rarer alternate title)."""
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


def _uk_keys(
    groups: Iterable[UnitGroup], spellings: dict[str, str], stripped: bool
) -> dict[str, dict[str, str]]:
    """Match key -> {unit group: the ONS title it came from}; with `stripped`, titles also
    count without their bracketed qualifier."""
    index: dict[str, dict[str, str]] = defaultdict(dict)
    for group in groups:
        for text in (group.title, *group.related):
            variants = (text, BRACKETS.sub(" ", text)) if stripped else (text,)
            for variant in variants:
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
    uk = _uk_keys(groups, spellings, stripped=True)
    uk_full = _uk_keys(groups, spellings, stripped=False)
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
    choices = sorted(uk_full)
    rows = []
    for code in sorted(names):
        row = _exact(own[code], common[code], uk, holders) or _fuzzy(common[code], uk_full, choices)
        if code in overrides:
            row = _reviewed(row, overrides[code])
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


def _reviewed(row: Row, fix: Override) -> Row:
    """A match checked by hand: confirmed ('reviewed'), corrected ('override') or removed."""
    if fix.soc2020 and fix.soc2020 == row[0]:
        return (row[0], "reviewed", *row[2:])
    return (fix.soc2020, "override" if fix.soc2020 else "none", "", "", fix.reason, "")


def _exact(
    keys: dict[str, str],
    common: dict[str, str],
    uk: dict[str, dict[str, str]],
    holders: dict[str, set[str]],
) -> Row | None:
    weight: dict[str, float] = defaultdict(float)
    hits: dict[str, int] = defaultdict(int)
    best_pair: dict[str, tuple[float, str]] = {}
    for k, text in keys.items():
        for group, uk_text in uk.get(k, {}).items():
            w = (1.0 if k in common else UNCOMMON) / (len(holders[k]) * len(uk[k]))
            weight[group] += w
            hits[group] += 1
            pair = (-w, f"{text} = {uk_text}")
            best_pair[group] = min(best_pair.get(group, pair), pair)
    ranked = sorted(weight, key=lambda g: (-weight[g], -hits[g], g))
    if not ranked or weight[ranked[0]] < MIN_WEIGHT:
        return None
    best = ranked[0]
    runner = f"{ranked[1]} {fixed(weight[ranked[1]], 2)}" if len(ranked) > 1 else ""
    return (best, "exact", fixed(weight[best], 2), str(hits[best]), best_pair[best][1], runner)


def _fuzzy(keys: dict[str, str], uk: dict[str, dict[str, str]], choices: list[str]) -> Row:
    found: list[tuple[float, str, str, str]] = []
    for k, text in sorted(keys.items()):
        hits = process.extract(
            k, choices, scorer=SCORER, processor=None, score_cutoff=CUTOFF, limit=3
        )
        for choice, score, _ in hits:
            if choice == k:
                continue  # an identical key was weighed (and found too weak) by _exact
            for group, uk_text in sorted(uk[choice].items()):
                found.append((score, group, text, uk_text))
    if not found:
        return ("", "none", "", "", "", "")
    found.sort(key=lambda f: (-f[0], f[1], f[2]))
    score, group, text, uk_text = found[0]
    others = [f for f in found if f[1] != group]
    runner = f"{others[0][1]} {fixed(others[0][0], 0)}" if others else ""
    return (group, "fuzzy", fixed(score, 0), "", f"{text} ~ {uk_text}", runner)
