"""Benchmark the imported occupations: the store build, its size, start-up to the first answer,
resident memory and parse cost, each with the occupations and without them.

    .venv/bin/python scripts/bench_occupations.py [--rounds N]

Prints:
- the store build from scratch, and again after a YAML-only change (the occupation tables are
  then copied from the previous store), and the store file's size;
- start-up: from process start to the first `careerbot ask` reply on a built store (a fresh
  Python process each time), and the engine's construction in-process;
- resident memory (peak RSS, Linux's VmHWM: ru_maxrss would count the benchmark's own memory,
  which a child inherits across fork and exec) of a process that opened the store, built the
  engine and answered once, with the occupations' title index and without it;
- parse time per message on the labelled sets' messages, with the titles and with the seven
  curated roles only (the parser without its title resolver), and the ratio.
The machine is shared: timings are noisy, the medians of several runs are printed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.conversation.nlu import Parser
from bot.engine import Engine
from knowledge import SOURCES_DIR
from knowledge.builder import build
from knowledge.store import Store

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
SETS = ("nlu_labelled.jsonl", "nlu_dev.jsonl", "nlu_heldout.jsonl", "nlu_multi_dev.jsonl")
RSS = """
import resource, sys
from pathlib import Path
from knowledge.store import Store
from bot.conversation.context import ChatContext
from bot.conversation.nlu import Parser
from bot.engine import Engine
store = Store(Path(sys.argv[1]))
parser = Parser.from_store(store, occupations=sys.argv[2] == "with")
engine = Engine(store, parser)
engine.text("how much does a registered nurse make in Texas", ChatContext(), 0.0)
status = Path("/proc/self/status")
peak = [line for line in status.read_text().splitlines() if line.startswith("VmHWM")]
print(peak[0].split()[1] if peak else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _median(samples: list[float]) -> float:
    return statistics.median(samples)


def _builds(tmp: Path, runs: int) -> tuple[float, float, int]:
    """Median seconds of a build from scratch and of a rebuild that copies the occupation
    tables, and the file's size in bytes."""
    scratch, reuse = [], []
    out = tmp / "knowledge.sqlite3"
    for _ in range(runs):
        out.unlink(missing_ok=True)
        scratch.append(build(SOURCES_DIR, out).seconds)
        reuse.append(build(SOURCES_DIR, out).seconds)
    return _median(scratch), _median(reuse), out.stat().st_size


def _first_answer(db: Path, runs: int) -> float:
    """Median seconds from starting `careerbot ask` to its reply, on a built store."""
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "bot.cli", "ask", "--db", str(db), "nurse salary in Texas"],
            check=True,
            capture_output=True,
        )
        samples.append(time.perf_counter() - started)
    return _median(samples)


def _engine_seconds(db: Path, runs: int) -> float:
    samples = []
    for _ in range(runs):
        store = Store(db)
        started = time.perf_counter()
        Engine(store)
        samples.append(time.perf_counter() - started)
        store.close()
    return _median(samples)


def _rss(db: Path, way: str) -> int:
    """Peak resident memory (KiB) of a process with the engine, with or without the titles."""
    done = subprocess.run(
        [sys.executable, "-c", RSS, str(db), way], check=True, capture_output=True, text=True
    )
    return int(done.stdout.strip().splitlines()[-1])


def _parse_costs(db: Path, rounds: int) -> tuple[float, float]:
    """Median microseconds per message with the titles and without them (turn by turn)."""
    store = Store(db)
    texts = [
        json.loads(line)["text"]
        for name in SETS
        for line in (DATA / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    parsers = [Parser.from_store(store), Parser.from_store(store, occupations=False)]
    for parser in parsers:
        for text in texts:
            parser.parse(text)
    samples: list[list[int]] = [[], []]
    for _ in range(rounds):
        for text in texts:
            for parser, found in zip(parsers, samples, strict=True):
                start = time.perf_counter_ns()
                parser.parse(text)
                found.append(time.perf_counter_ns() - start)
    store.close()
    return statistics.median(samples[0]) / 1000, statistics.median(samples[1]) / 1000


def main() -> None:
    """Print the figures."""
    args = argparse.ArgumentParser()
    args.add_argument("--rounds", type=int, default=5)
    args.add_argument("--runs", type=int, default=3)
    opts = args.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        scratch, reuse, size = _builds(Path(tmp), opts.runs)
        db = Path(tmp) / "knowledge.sqlite3"
        print(f"store build from scratch: {scratch:.1f} s; after a YAML-only change: {reuse:.1f} s")
        print(f"store file: {size / 1e6:.1f} MB")
        print(
            f"first `careerbot ask` reply, from process start: {_first_answer(db, opts.runs):.2f} s"
        )
        engine = _engine_seconds(db, opts.runs)
        print(f"engine construction (parser, title index, cues): {engine:.2f} s")
        with_titles, without = _rss(db, "with"), _rss(db, "without")
        print(
            f"peak RSS with the occupations' titles: {with_titles / 1024:.0f} MB; without: "
            f"{without / 1024:.0f} MB (+{(with_titles - without) / 1024:.0f} MB)"
        )
        titles, seven = _parse_costs(db, opts.rounds)
        print(
            f"parse, median per message: {titles:.0f} µs with the occupations, {seven:.0f} µs "
            f"with the seven roles only ({titles / seven:.2f}x)"
        )


if __name__ == "__main__":
    main()
