"""Benchmark the knowledge store: build time and median lookup time per query kind.

.venv/bin/python scripts/bench_knowledge.py [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from knowledge import SOURCES_DIR
from knowledge.builder import build
from knowledge.store import Store


def _median_us(fn: Callable[[], object], rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter_ns()
        fn()
        samples.append(time.perf_counter_ns() - start)
    return statistics.median(samples) / 1000


def main() -> None:
    """Print build time and per-query medians."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2000)
    parser.add_argument("--builds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "knowledge.sqlite3"
        builds = []
        for _ in range(args.builds):
            report = build(SOURCES_DIR, path)
            builds.append(report.seconds)
        print(
            f"build: median {statistics.median(builds) * 1000:.1f} ms over {args.builds} builds "
            f"({report.roles} roles, {report.countries} countries, {report.salaries} ranges, "
            f"{path.stat().st_size / 1024:.0f} KiB)"
        )
        store = Store(path)
        slug = "machine-learning-engineer"
        queries: dict[str, Callable[[], object]] = {
            "roles": store.roles,
            "overview (cached section)": lambda: store.overview(slug),
            "day (cached)": lambda: store.day(slug, "senior"),
            "pay one level": lambda: store.pay(slug, "DE", "senior"),
            "pay one country": lambda: store.pay(slug, "GB"),
            "pay by level, all countries": lambda: store.pay_by_level(slug, "mid"),
            "rate": lambda: store.rate("EUR"),
            "vocabulary (all terms)": store.vocabulary,
            "full-text search": lambda: store.search("drift monitoring"),
        }
        print(f"median lookup time over {args.rounds} calls:")
        for name, fn in queries.items():
            print(f"  {name:<30} {_median_us(fn, args.rounds):8.1f} µs")
        store.close()


if __name__ == "__main__":
    main()
