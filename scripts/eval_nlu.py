"""Evaluate the message parser on labelled JSONL sets, the way `rasa test nlu` reports.

    .venv/bin/python scripts/eval_nlu.py [tests/data/nlu_heldout.jsonl ...] [--errors]

Prints, per set: intent and whole-parse accuracy per language, each slot's accuracy (only the
slots a set labels), per-intent precision/recall and a confusion matrix (rows: expected,
columns: predicted). Only figures are printed: messages only with --errors (never use it on a
blind set).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from bot.conversation.nlu import Parser
from knowledge import SOURCES_DIR
from knowledge.builder import fresh_store
from knowledge.schema import INTENTS
from knowledge.store import Store

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
SLOTS = (
    "intent",
    "role",
    "roles",
    "target_role",
    "countries",
    "unsupported_countries",
    "seniority",
)
"""The slots compared, where a set labels them (the older sets label the first, role,
countries and seniority only)."""
MULTI_DEV = tuple(f"multi_dev{n}" for n in ("", *range(2, 17)))
"""The multilingual development sets (tuned on), by name."""
ONET = "onet:"
"""How the labels name an O*NET occupation ("onet:29-1141.00")."""


def load_cases(path: Path) -> list[dict[str, Any]]:
    """The labelled cases of a JSONL file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def slot_hit(
    slot: str, case: dict[str, Any], got: dict[str, Any], codes: dict[str, str] | None = None
) -> bool:
    """Whether the parse got one slot right. An occupation label ("onet:CODE") is judged by the
    parse's `occupation` where the parse has that key; in `roles` and `target_role`, a parsed
    slug of an imported occupation (`codes`: slug -> O*NET-SOC code) is read as its label."""
    expected = case[slot]
    if slot == "role" and str(expected).startswith(ONET) and "occupation" in got:
        return bool(got["occupation"] == expected.removeprefix(ONET))
    codes = codes or {}
    if slot == "roles":
        return bool([as_label(r, codes) for r in got.get("roles", [])] == expected)
    if slot == "target_role" and got.get(slot) is not None:
        return bool(as_label(got[slot], codes) == expected)
    return bool(got.get(slot) == expected)


def as_label(slug: str, codes: dict[str, str]) -> str:
    """A parsed role as the sets label it: "onet:CODE" for an imported occupation, else the
    curated role's slug."""
    return ONET + codes[slug] if slug in codes else slug


def occupation_codes(store: Store) -> dict[str, str]:
    """Slug -> O*NET-SOC code of the imported occupations (not the curated roles)."""
    curated = {r.slug for r in store.roles()}
    return {o.slug: o.code for o in store.occupations() if o.slug not in curated}


def evaluate(
    parser: Parser, cases: list[dict[str, Any]], codes: dict[str, str] | None = None
) -> dict[str, Any]:
    """Slot hits, whole-parse hits (overall and per language), the confusion counts and the
    misses."""
    hits: Counter[str] = Counter()
    labelled: Counter[str] = Counter()
    by_language: dict[str, Counter[str]] = {}
    confusion: Counter[tuple[str, str]] = Counter()
    misses = []
    for case in cases:
        got = parser.parse(case["text"]).model_dump()
        slots = [s for s in SLOTS if s in case]
        labelled.update(slots)
        wrong = [s for s in slots if not slot_hit(s, case, got, codes)]
        hits.update(s for s in slots if s not in wrong)
        hits["whole"] += not wrong
        lang = case.get("lang", "en")
        counts = by_language.setdefault(lang, Counter())
        counts.update(
            n=1,
            intent="intent" not in wrong,
            whole=not wrong,
            language=got.get("language", "en") == lang,
        )
        confusion[(case["intent"], got["intent"])] += 1
        if wrong:
            misses.append((case, got, wrong))
    return {
        "n": len(cases),
        "hits": hits,
        "labelled": labelled,
        "languages": by_language,
        "confusion": confusion,
        "misses": misses,
    }


def report(name: str, result: dict[str, Any], *, errors: bool) -> None:
    """Print one set's figures."""
    n, hits, confusion = result["n"], result["hits"], result["confusion"]
    print(f"\n== {name}: {n} messages")
    languages = result["languages"]
    if len(languages) > 1:
        print("  language    n   intent   whole   language read")
        for lang, c in sorted(languages.items(), key=lambda kv: -kv[1]["n"]):
            m = c["n"]
            print(
                f"  {lang:<6} {m:6d} {c['intent'] / m:8.1%} {c['whole'] / m:7.1%}"
                f" {c['language'] / m:9.1%}"
            )
    for slot in (*SLOTS, "whole"):
        total = n if slot == "whole" else result["labelled"][slot]
        if total:
            print(f"  {slot + ' accuracy':<30} {hits[slot] / total:7.1%}  ({hits[slot]}/{total})")
    print("\n  intent        precision  recall  support")
    for intent in INTENTS:
        support = sum(v for (e, _), v in confusion.items() if e == intent)
        predicted = sum(v for (_, p), v in confusion.items() if p == intent)
        right = confusion[(intent, intent)]
        precision = right / predicted if predicted else 0.0
        recall = right / support if support else 0.0
        print(f"  {intent:<13} {precision:9.1%} {recall:7.1%} {support:8d}")
    short = [i[:5] for i in INTENTS]
    print("\n  confusion (rows expected, columns predicted)")
    print("  " + " " * 13 + " ".join(f"{s:>5}" for s in short))
    for expected in INTENTS:
        row = " ".join(f"{confusion[(expected, p)] or '.':>5}" for p in INTENTS)
        print(f"  {expected:<13}{row}")
    if errors:
        print("\n  misses:")
        for case, got, wrong in result["misses"]:
            detail = ", ".join(f"{s}: {case[s]!r} -> {got.get(s)!r}" for s in wrong)
            print(f"  - {case['text'][:70]!r}: {detail}")


def main() -> None:
    """Evaluate each given set (default: every labelled set, the blind one measured only)."""
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "files",
        nargs="*",
        type=Path,
        default=[
            DATA / f"nlu_{name}.jsonl"
            for name in ("labelled", "dev", "heldout", *MULTI_DEV, "multi_blind")
        ],
    )
    parser.add_argument(
        "--errors", action="store_true", help="list every miss (never on a blind set)"
    )
    parser.add_argument("--sources", type=Path, default=SOURCES_DIR, help="sources directory")
    args = parser.parse_args()
    with fresh_store(args.sources) as store:
        nlu = Parser.from_store(store)
        codes = occupation_codes(store)
        for file in args.files:
            blind = "blind" in file.name  # a blind set is measured, never read
            result = evaluate(nlu, load_cases(file), codes)
            report(file.name, result, errors=args.errors and not blind)


if __name__ == "__main__":
    main()
