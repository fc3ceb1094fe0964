"""State figures: start-up time and resident memory of `careerbot run` with 10k, 100k and 1M
stored chats, the cost of reading state on demand, /stats on a large unanswered log, and
retention on a large file.

    .venv/bin/python -m scripts.bench_state [--chats 10000 100000 1000000]

(Run it from the repository root with `-m`: the emulator is tests/support/botapi.py.)

For each size a state file is written with that many chats (a private chat's context and the
person's preferences each, as the bot writes them, plus a handled update id each); then the bot
starts on it against the Bot API emulator. Start-up is from the process start to its first
getUpdates; memory is the process's resident set (VmRSS) once polling, and its peak (VmHWM)
after 1,000 updates from stored chats picked at random (each read from the file on demand).
Then, in this process: /stats' query over 1M unanswered rows, and one retention pass that
forgets 1M chats not seen for 100 days. Timings are wall-clock on a shared machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import tempfile
import time
from pathlib import Path

from bot.state.model import Key, Retention
from bot.state.sqlite import SQLiteState, connect
from knowledge import SOURCES_DIR
from knowledge.builder import build
from scripts.bench_load import Bot, person
from tests.support.botapi import BotApiEmulator

CONTEXT = {
    "address": "machine-learning-engineer_sal_DE_senior",
    "role": "machine-learning-engineer",
    "countries": ["DE"],
    "level": "senior",
    "turns": 0,
    "updated": 1_800_000_000.0,
}
PREFERENCES = {"preferred_country": "DE", "preferred_level": "senior"}
UPDATES = 1_000


def fill(path: Path, chats: int, seen: float) -> float:
    """Write `chats` chats into a new state file; returns the seconds it took."""
    started = time.monotonic()
    conn = connect(path)
    context, preferences = json.dumps(CONTEXT), json.dumps(PREFERENCES)
    conn.execute("BEGIN")
    for start in range(0, chats, 50_000):
        ids = range(start + 1, min(chats, start + 50_000) + 1)
        conn.executemany(
            "INSERT INTO contexts VALUES (?, ?, ?, ?)", ((i, i, context, seen) for i in ids)
        )
        conn.executemany(
            "INSERT INTO preferences VALUES (?, ?, ?)", ((i, preferences, seen) for i in ids)
        )
        conn.executemany("INSERT INTO handled VALUES (?, ?)", ((i, seen) for i in ids))
    conn.execute("COMMIT")
    conn.close()
    return time.monotonic() - started


def memory(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM of a process, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) / 1024
    return fields


def opening(path: Path) -> float:
    """Seconds to open the state file as the bot does (and read one stored chat)."""
    started = time.monotonic()

    async def open_and_read() -> None:
        state = SQLiteState(path)
        await state.open()
        await state.context(Key(1, 1))
        await state.close()

    asyncio.run(open_and_read())
    return time.monotonic() - started


def startup(emulator: BotApiEmulator, db: Path, chats: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        state = Path(tmp)
        filled = fill(state / "state.sqlite3", chats, time.time()) if chats else 0.0
        size = (state / "state.sqlite3").stat().st_size / 1e6 if chats else 0.0
        opened = opening(state / "state.sqlite3")
        bot = Bot(emulator, state, db)
        took = bot.start()
        assert bot.process is not None
        ready = memory(bot.process.pid)
        base = len(emulator.calls_of("sendMessage"))
        picked = (
            random.Random(chats).sample(range(1, chats + 1), UPDATES)
            if chats >= UPDATES
            else list(range(1, UPDATES + 1))
        )
        for chat in picked:
            emulator.user_says("and in germany?", user=person(chat - 10_000))
        emulator.wait_count("sendMessage", base + len(picked), 300)
        after = memory(bot.process.pid)
        bot.stop()
    print(
        f"{chats:>9,} chats ({size:6.1f} MB file, written in {filled:5.1f} s): state opened in "
        f"{opened * 1000:.1f} ms; process start to polling {took:.2f} s; RSS "
        f"{ready['VmRSS']:.0f} MB when polling, peak {after['VmHWM']:.0f} MB after {UPDATES} "
        "updates from stored chats"
    )


async def large_files(rows: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "state.sqlite3"
        conn = connect(path)
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO unanswered (at, chat_kind, intent, confidence, text) "
            "VALUES (?, 'private', 'unknown', 0.1, ?)",
            ((time.time(), f"question number {n % 5000}") for n in range(rows)),
        )
        conn.execute("COMMIT")
        conn.close()
        state = SQLiteState(path)
        await state.open()
        started = time.monotonic()
        top = await state.top_unanswered(5)
        stats = time.monotonic() - started
        await state.close()
        print(
            f"/stats' top unanswered over {rows:,} rows: {stats * 1000:.1f} ms ({len(top)} shown)"
        )

        fill(Path(tmp) / "old.sqlite3", rows, time.time() - 100 * 86_400)
        old = SQLiteState(Path(tmp) / "old.sqlite3", Retention(days=90))
        await old.open()
        started = time.monotonic()
        pruned = await old.prune(time.time())
        took = time.monotonic() - started
        await old.close()
        print(
            f"retention forgetting {pruned.contexts:,} chats not seen for 100 days: {took:.1f} s"
            f" in batches (the bot keeps answering between them)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chats", type=int, nargs="+", default=[0, 10_000, 100_000, 1_000_000])
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "knowledge.sqlite3"
        build(SOURCES_DIR, db)
        with BotApiEmulator() as emulator:
            for chats in opts.chats:
                startup(emulator, db, chats)
    asyncio.run(large_files(max(opts.chats)))
    print(f"(machine: {os.cpu_count()} cores, shared; wall-clock figures)")


if __name__ == "__main__":
    main()
