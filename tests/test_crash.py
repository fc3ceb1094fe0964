"""Crash safety of the state: `kill -9` while updates are being committed, then restart.

A child process commits one update's changes after another through the real SQLiteState as
fast as it can and prints each n once `commit` has returned. The parent synchronises only on
that output: after enough commits it sends SIGKILL mid-loop, then opens the file as a restarted
bot would and checks that nothing committed was lost or torn, and that every committed update
is known as handled.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.state.model import Changes, Json, Key
from bot.state.sqlite import SQLiteState

if TYPE_CHECKING:
    from tests.support.botapi import BotApiEmulator

ROOT = Path(__file__).resolve().parents[1]
CHATS = (1001, 1002, -100500)
"""A few chat ids: private chats and a group (negative id)."""
COMMITS_BEFORE_KILL = 200
ROUNDS = 3
"""Kill-and-restart cycles on the same file, each writer continuing from the stored state."""
CHILD = (
    "import asyncio, sys; from pathlib import Path; from tests.test_crash import write_forever; "
    "asyncio.run(write_forever(Path(sys.argv[1]), [int(chat) for chat in sys.argv[2:]]))"
)


def document(chat: int, n: int) -> Json:
    """The context written at step n; its size varies (up to ~5 kB, several pages)."""
    return {
        "turns": n,
        "chat": chat,
        "address": f"machine-learning-engineer_sal_{n}",
        "padding": "x" * (n * 37 % 5000),
    }


async def stored(path: Path, chats: Sequence[int]) -> dict[int, Json]:
    """Each chat's context as a restarted bot reads it."""
    state = SQLiteState(path)
    await state.open()
    try:
        found = {chat: await state.context(Key(chat, chat)) for chat in chats}
    finally:
        await state.close()
    return {chat: data for chat, data in found.items() if data is not None}


async def write_forever(path: Path, chats: Sequence[int]) -> None:
    """The child: continue after the stored state, committing and reporting one n at a time
    (update id n, the context of one chat)."""
    before = await stored(path, chats)
    n = max((int(data["turns"]) for data in before.values()), default=0)
    state = SQLiteState(path)
    await state.open()
    while True:
        n += 1
        chat = chats[n % len(chats)]
        changes = Changes(n, float(n))
        changes.contexts[Key(chat, chat)] = document(chat, n)
        assert await state.commit(changes)
        print(chat, n, flush=True)


def run_and_kill(path: Path) -> dict[int, int]:
    """Run a writer until it reports COMMITS_BEFORE_KILL commits, SIGKILL it mid-loop, and
    return the last n it reported committed for each chat."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), *map(str, CHATS)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    committed: dict[int, int] = {}
    try:
        assert child.stdout is not None
        assert child.stderr is not None
        for _ in range(COMMITS_BEFORE_KILL):
            line = child.stdout.readline()
            assert line.endswith("\n"), f"the writer stopped early: {child.stderr.read()}"
            chat, n = map(int, line.split())
            committed[chat] = n
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        assert child.returncode == -signal.SIGKILL, "the writer ended before it was killed"
        # Lines printed before the kill report commits too; a torn last line does not count.
        for line in child.stdout.read().splitlines(keepends=True):
            if line.endswith("\n"):
                chat, n = map(int, line.split())
                committed[chat] = n
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()
    return committed


async def test_state_survives_kill_9_mid_write(tmp_path: Path) -> None:
    """After each kill -9 the file opens, passes integrity_check, every chat holds a complete
    document at least as new as the last commit the writer reported, and every reported update
    id is handled."""
    path = tmp_path / "state.sqlite3"
    for _ in range(ROUNDS):
        committed = run_and_kill(path)
        assert set(committed) == set(CHATS)

        found = await stored(path, CHATS)
        db = sqlite3.connect(path)
        try:
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            rows = dict(db.execute("SELECT chat_id, data FROM contexts").fetchall())
            handled = {row[0] for row in db.execute("SELECT update_id FROM handled")}
        finally:
            db.close()

        assert set(found) == set(CHATS)
        for chat, last in committed.items():
            n = found[chat]["turns"]
            assert n >= last, f"chat {chat}: {last} was committed but only {n} survived"
            assert found[chat] == document(chat, n), f"chat {chat}: a torn document"
            assert json.loads(rows[chat]) == found[chat]
            assert set(range(1, last + 1)) <= handled


# --- the whole bot: kill -9 in the middle of a burst -------------------------------------------

COMMANDS = ["/risk", "/path", "/pivots", "/skills", "/sources", "/roles", "/help", "/menu"]
"""Each user sends these, each with its own answer, so every update's answer can be told."""
USERS = 25
WORKERS = 8


def test_kill_9_mid_burst_then_restart_answers_everything_once_or_in_flight(
    store_path: Path, tmp_path: Path
) -> None:
    from tests.support.botapi import BotApiEmulator

    with BotApiEmulator() as emulator:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": emulator.token,
            "TELEGRAM_API_BASE_URL": emulator.base_url,
            "CAREERBOT_STATE_DIR": str(tmp_path),
            "CAREERBOT_DB": str(store_path),
            "CAREERBOT_METRICS_PORT": "0",
            "CAREERBOT_FLOOD_RATE": "100000",
            "CAREERBOT_CONCURRENCY": str(WORKERS),
        }
        users = [{"id": 5000 + n, "is_bot": False, "first_name": f"U{n}"} for n in range(USERS)]
        for text in COMMANDS:
            for user in users:
                emulator.user_says(text, user=user)
        total = len(COMMANDS) * USERS
        run = [sys.executable, "-m", "bot.cli", "run"]
        first = subprocess.Popen(run, env=env, cwd=tmp_path, stderr=subprocess.DEVNULL)
        try:
            emulator.wait_count("sendMessage", total // 3, timeout=60)
        finally:
            os.kill(first.pid, signal.SIGKILL)
            first.wait()
        sent_before = len(emulator.calls_of("sendMessage"))
        assert sent_before < total, "killed in the middle of the burst"
        second = subprocess.Popen(run, env=env, cwd=tmp_path, stderr=subprocess.PIPE, text=True)
        try:
            emulator.wait_count("sendMessage", total, timeout=90)
            deadline = time.monotonic() + 90
            while not every_answer(emulator, len(users)):  # a duplicate counts in `total` too
                sent = len(emulator.calls_of("sendMessage"))
                emulator.wait_count("sendMessage", sent + 1, max(0.1, deadline - time.monotonic()))
        finally:
            second.send_signal(signal.SIGTERM)
            _, err = second.communicate(timeout=15)
        assert second.returncode == 0, err[-2000:]
        answers: dict[int, list[str]] = {}
        for params in emulator.calls_of("sendMessage"):
            answers.setdefault(int(params["chat_id"]), []).append(params["text"][:60])
    assert set(answers) == {u["id"] for u in users}
    assert all(len(set(texts)) == len(COMMANDS) for texts in answers.values()), "all answered"
    duplicates = sum(len(texts) for texts in answers.values()) - total
    assert duplicates <= WORKERS, f"{duplicates} answered twice; at most {WORKERS} in flight"


def every_answer(emulator: BotApiEmulator, users: int) -> bool:
    """Whether each user has had an answer to each command (the emulator's sends so far)."""
    answers: dict[int, set[str]] = {}
    for params in emulator.calls_of("sendMessage"):
        answers.setdefault(int(params["chat_id"]), set()).add(params["text"][:60])
    return len(answers) == users and all(len(a) == len(COMMANDS) for a in answers.values())
