"""Evaluate the amount reader on tests/data/amounts.jsonl: value, currency and period per
message, by language.

    .venv/bin/python scripts/eval_amounts.py [--errors]

Two figures per language: the amount reader given each message's labelled countries and role
(what `bot.conversation.amounts` is responsible for), and the whole parser (`careerbot parse`),
where a country the parser misses also costs the amount its currency and period.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from bot.conversation.amounts import Amount, AmountReader
from bot.conversation.nlu import Parser
from knowledge.builder import fresh_store

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "amounts.jsonl"


def load_cases(path: Path = DATA) -> list[dict[str, Any]]:
    """The labelled amounts."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def curated(role: str | None) -> str | None:
    """A labelled role as the reader takes it: curated slugs only (not `onet:` codes)."""
    return role if role and not role.startswith("onet:") else None


def right(amount: Amount | None, case: dict[str, Any]) -> bool:
    """Whether an amount has the labelled value, currency and period."""
    return (
        amount is not None
        and abs(amount.value - case["amount"]) < 0.01
        and (amount.currency, amount.period) == (case["currency"], case["period"])
    )


def evaluate(reader: AmountReader, parser: Parser, cases: list[dict[str, Any]]) -> dict[str, Any]:
    """Hits per language for the reader and for the whole parser, and the reader's misses."""
    total: Counter[str] = Counter()
    read: Counter[str] = Counter()
    parsed: Counter[str] = Counter()
    misses = []
    for case in cases:
        lang = case["lang"]
        total[lang] += 1
        amount = reader.read(case["text"], case["countries"], curated(case["role"])).amount
        read[lang] += right(amount, case)
        parsed[lang] += right(parser.parse(case["text"]).amount, case)
        if not right(amount, case):
            misses.append((case, amount))
    return {"total": total, "read": read, "parsed": parsed, "misses": misses}


def main() -> None:
    """Print the figures."""
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--errors", action="store_true", help="list the reader's misses")
    errors = args.parse_args().errors
    with fresh_store() as store:
        result = evaluate(AmountReader(store), Parser.from_store(store), load_cases())
    total, read, parsed = result["total"], result["read"], result["parsed"]
    print(f"{'language':<10} {'n':>4} {'reader':>8} {'parser':>8}")
    for lang in sorted(total, key=lambda k: -total[k]):
        n = total[lang]
        print(f"{lang:<10} {n:>4} {read[lang] / n:8.1%} {parsed[lang] / n:8.1%}")
    n = sum(total.values())
    print(f"{'all':<10} {n:>4} {sum(read.values()) / n:8.1%} {sum(parsed.values()) / n:8.1%}")
    if errors:
        for case, amount in result["misses"]:
            print(
                f"MISS {case['text']!r}: got {amount}, expected {case['amount']} "
                f"{case['currency']} {case['period']}"
            )


if __name__ == "__main__":
    main()
