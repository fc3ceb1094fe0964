"""Evaluate the message parser on a labelled JSONL set, the way `rasa test nlu` reports.

    .venv/bin/python scripts/eval_nlu.py [tests/data/nlu_heldout.jsonl ...] [--errors]

Prints intent accuracy, per-slot accuracy, whole-parse accuracy, per-intent precision/recall
and a confusion matrix (rows: expected, columns: predicted).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from bot.conversation.nlu import Parser
from knowledge import SOURCES_DIR
from knowledge.builder import build
from knowledge.schema import INTENTS
from knowledge.store import Store

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
SLOTS = ("intent", "role", "countries", "seniority")


def load_cases(path: Path) -> list[dict[str, Any]]:
    """The labelled cases of a JSONL file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def evaluate(parser: Parser, cases: list[dict[str, Any]]) -> dict[str, Any]:
    """Slot hits, whole-parse hits, the confusion counts and the misses."""
    hits: Counter[str] = Counter()
    confusion: Counter[tuple[str, str]] = Counter()
    misses = []
    for case in cases:
        got = parser.parse(case["text"]).model_dump()
        wrong = [s for s in SLOTS if got[s] != case[s]]
        hits.update(s for s in SLOTS if s not in wrong)
        hits["whole"] += not wrong
        confusion[(case["intent"], got["intent"])] += 1
        if wrong:
            misses.append((case, got, wrong))
    return {"n": len(cases), "hits": hits, "confusion": confusion, "misses": misses}


def report(name: str, result: dict[str, Any], *, errors: bool) -> None:
    """Print one set's figures."""
    n, hits, confusion = result["n"], result["hits"], result["confusion"]
    print(f"\n== {name}: {n} messages")
    for slot in (*SLOTS, "whole"):
        print(f"  {slot + ' accuracy':<22} {hits[slot] / n:7.1%}  ({hits[slot]}/{n})")
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
            detail = ", ".join(f"{s}: {case[s]!r} -> {got[s]!r}" for s in wrong)
            print(f"  - {case['text'][:70]!r}: {detail}")


def main() -> None:
    """Evaluate each given set (default: the labelled and the held-out set)."""
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "files",
        nargs="*",
        type=Path,
        default=[DATA / f"nlu_{name}.jsonl" for name in ("labelled", "dev", "heldout")],
    )
    parser.add_argument("--errors", action="store_true", help="list every miss")
    parser.add_argument("--sources", type=Path, default=SOURCES_DIR, help="sources directory")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "knowledge.sqlite3"
        build(args.sources, path)
        store = Store(path)
        nlu = Parser.from_store(store)
        for file in args.files:
            report(file.name, evaluate(nlu, load_cases(file)), errors=args.errors)
        store.close()


if __name__ == "__main__":
    main()
