"""Benchmark chart rendering: cold (matplotlib imported and the chart drawn), warm draws of
new charts, and cached requests (memory and disk). Prints milliseconds; timings on a shared
machine are noisy.

    .venv/bin/python scripts/bench_chart.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from bot.conversation.address import decode
from bot.conversation.context import Viewer
from bot.screens import render
from bot.screens.chart import Chart, ChartCache
from knowledge.builder import fresh_store
from knowledge.store import Store

ADDRESSES = [
    "machine-learning-engineer_sal_SG_yg",
    "machine-learning-engineer_cmp_US_GBINDESGAU_senior_yg",
    "data-engineer_sal_DE_mg",
    "software-engineer_cmp_US_GB_yg",
    "machine-learning-engineer_chk_SG_junior_8000SGDm_mg",
]


def charts(store: Store) -> list[Chart]:
    """The charts of some salary, comparison and pay-check screens."""
    found = [render(decode(a, store), store, Viewer()).chart for a in ADDRESSES]
    return [c for c in found if c is not None]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


def main() -> None:
    """Print the figures."""
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--repeat", type=int, default=200, help="cached requests to time")
    repeat = args.parse_args().repeat
    with fresh_store() as store, tempfile.TemporaryDirectory() as tmp:
        found = charts(store)
        cache = ChartCache(Path(tmp) / "charts")
        started = time.perf_counter()
        cache.png(found[0])
        cold = time.perf_counter() - started
        warm = []
        for chart in found[1:]:
            started = time.perf_counter()
            cache.png(chart)
            warm.append(time.perf_counter() - started)
        memory = []
        for _ in range(repeat):
            started = time.perf_counter()
            cache.png(found[0])
            memory.append(time.perf_counter() - started)
        disk = []
        for chart in found:
            fresh = ChartCache(Path(tmp) / "charts")
            started = time.perf_counter()
            fresh.png(chart)
            disk.append(time.perf_counter() - started)
    print(f"cold (import matplotlib + first draw): {ms(cold)}")
    print(f"draw, median of {len(warm)} new charts:  {ms(statistics.median(warm))}")
    print(f"cached in memory, median of {repeat}:    {ms(statistics.median(memory))}")
    print(f"cached on disk, median of {len(disk)}:       {ms(statistics.median(disk))}")
    print(f"charts drawn: {cache.drawn} (of {len(found)} + {repeat} + {len(disk)} requests)")


if __name__ == "__main__":
    main()
