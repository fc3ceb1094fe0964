"""Count the machine instructions the parser spends per message, with valgrind's callgrind.

    .venv/bin/python -m scripts.count_nlu

Time per message (`scripts/bench_nlu.py`) moves with whatever else the machine is doing; the
number of instructions does not: the same code, inputs and Python give the same count, so two
versions of the parser are compared exactly (seen here: the same total twice, once with the
other core loaded). Two runs under callgrind, at once: one parses the benchmark's messages once
(a warm-up, as in `bench_nlu`), the other once more; their difference is one warm round. Needs
valgrind (Debian's package); takes about a minute and a half.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bot.conversation.nlu import Parser
from knowledge import SOURCES_DIR
from knowledge.builder import build
from knowledge.store import Store
from scripts.bench_nlu import texts

_TOTAL = re.compile(r"refs:\s*([\d,]+)")


class ValgrindMissingError(RuntimeError):
    """valgrind is not installed."""


def parse_rounds(db: Path, rounds: int) -> None:
    """Load the parser on a built store, parse the messages once, then `rounds` more times."""
    parser = Parser.from_store(Store(db))
    messages = texts()
    for _ in range(1 + rounds):
        for text in messages:
            parser.parse(text)


def _instructions(db: Path, rounds: int) -> subprocess.Popen[str]:
    command = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        "-m",
        "scripts.count_nlu",
        "--rounds",
        str(rounds),
        "--db",
        str(db),
    ]
    env = {**os.environ, "PYTHONHASHSEED": "0"}  # the same hashes, so the same work
    return subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env)


def _total(run: subprocess.Popen[str]) -> int:
    _, err = run.communicate()
    found = _TOTAL.search(err)
    if run.returncode != 0 or found is None:
        raise RuntimeError(f"callgrind failed: {err[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> None:
    """Print the instructions per message (or, with --db, be one of the two counted runs)."""
    args = argparse.ArgumentParser()
    args.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args.add_argument("--rounds", type=int, default=0, help=argparse.SUPPRESS)
    opts = args.parse_args()
    if opts.db is not None:
        parse_rounds(opts.db, opts.rounds)
        return
    if shutil.which("valgrind") is None:
        raise ValgrindMissingError("valgrind is not installed (apt-get install valgrind)")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "knowledge.sqlite3"
        build(SOURCES_DIR, db)
        warm, more = _instructions(db, 0), _instructions(db, 1)
        base, total = _total(warm), _total(more)
    count = len(texts())
    print(f"{count} messages, one warm round, counted by callgrind")
    print(f"instructions per message: {(total - base) / count:,.0f}")


if __name__ == "__main__":
    main()
