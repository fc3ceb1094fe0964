"""Evaluate the occupation titles in the parser: the O*NET rows of the labelled sets, unknown
occupations, and what the titles change on the older sets (with them vs the seven roles only).

    .venv/bin/python scripts/eval_occupations.py [--errors]

Per set it prints: on rows whose role is an O*NET occupation ("onet:CODE"), how often the
parse's `occupation` is that code, and the `roles` list right (codes for occupations, slugs for
curated roles); on rows labelled `unknown_role`, how often no role is given and the phrase is
said to be unknown; on every row, the whole-parse accuracy (intent, role, countries, seniority)
with the titles and without them. `--errors` lists the misses (never use it on a blind set:
the blind set's misses are counted, not shown).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from bot.conversation.nlu import Parser
from knowledge.builder import fresh_store
from knowledge.store import Store

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
SETS = (
    "nlu_multi_dev.jsonl",
    "nlu_multi_blind.jsonl",
    "nlu_labelled.jsonl",
    "nlu_dev.jsonl",
    "nlu_heldout.jsonl",
)
BLIND = frozenset({"nlu_multi_blind.jsonl", "nlu_heldout.jsonl"})
ONET = "onet:"
WHOLE = ("intent", "role", "countries", "seniority")


def load(path: Path) -> list[dict[str, Any]]:
    """The labelled cases of a JSONL file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def as_label(slug: str, codes: dict[str, str], curated: set[str]) -> str:
    """A parsed role as the sets label it: a curated slug, else "onet:CODE"."""
    return slug if slug in curated else ONET + codes.get(slug, slug)


def whole_hit(case: dict[str, Any], got: dict[str, Any], label: str | None) -> bool:
    """Whether intent, role, countries and seniority are all right (an O*NET role by code)."""
    for key in WHOLE:
        expected = case[key]
        if key == "role" and isinstance(expected, str) and expected.startswith(ONET):
            if label != expected:
                return False
        elif got.get(key) != expected:
            return False
    return True


def evaluate(
    with_titles: Parser, seven: Parser, cases: list[dict[str, Any]], store: Store
) -> tuple[Counter[str], list[str]]:
    """Hit counts and the misses of one set."""
    curated = {r.slug for r in store.roles()}
    codes = {o.slug: o.code for o in store.occupations()}
    hits: Counter[str] = Counter()
    misses: list[str] = []
    for case in cases:
        query = with_titles.parse(case["text"])
        got = query.model_dump()
        label = as_label(query.role, codes, curated) if query.role else None
        old = seven.parse(case["text"]).model_dump()
        hits["rows"] += 1
        hits["whole, with titles"] += whole_hit(case, got, label)
        hits["whole, seven roles"] += whole_hit(case, old, None)
        role = case.get("role")
        if isinstance(role, str) and role.startswith(ONET):
            hits["occupation rows"] += 1
            right = got.get("occupation") == role.removeprefix(ONET)
            hits["occupation right"] += right
            if not right:
                misses.append(f"occupation {role} -> {got.get('occupation')}: {case['text']}")
        if "roles" in case and any(str(r).startswith(ONET) for r in case["roles"]):
            hits["rows naming an occupation"] += 1
            named = [as_label(r, codes, curated) for r in got.get("roles", [])]
            hits["roles list right"] += named == case["roles"]
        if case.get("unknown_role"):
            hits["unknown rows"] += 1
            honest = query.role is None and bool(query.unknown_role)
            hits["unknown said so"] += honest
            if not honest:
                misses.append(f"unknown {case['unknown_role']!r} -> {query.role}: {case['text']}")
    return hits, misses


def main() -> None:
    """Print the figures of every set."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--errors", action="store_true", help="list the misses (dev sets only)")
    args = parser.parse_args()
    with fresh_store() as store:
        with_titles = Parser.from_store(store)
        seven = Parser.from_store(store, occupations=False)
        for name in SETS:
            hits, misses = evaluate(with_titles, seven, load(DATA / name), store)
            print(f"\n== {name}: {hits['rows']} messages")
            for key, total in (
                ("occupation right", "occupation rows"),
                ("roles list right", "rows naming an occupation"),
                ("unknown said so", "unknown rows"),
                ("whole, with titles", "rows"),
                ("whole, seven roles", "rows"),
            ):
                if hits[total]:
                    share = hits[key] / hits[total]
                    print(f"  {key:<22} {share:7.1%}  ({hits[key]}/{hits[total]})")
            if args.errors and name not in BLIND:
                for miss in misses:
                    print(f"  - {miss}")


if __name__ == "__main__":
    main()
