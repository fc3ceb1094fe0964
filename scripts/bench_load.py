"""Load and delivery figures of the real bot (`careerbot run`, a subprocess) against the Bot API
emulator on 127.0.0.1, which answers every call after a set latency (150 ms by default).

    .venv/bin/python -m scripts.bench_load [--latency 0.15] [--chats 200] [--burst 900]

(Run it from the repository root with `-m`: the emulator is tests/support/botapi.py.)

1. Throughput under the rate limit: `--chats` chats send one message each at once; the time
   until all are answered, against the time PTB's AIORateLimiter alone needs for as many
   messages (measured here without the bot or the network), and the per-update latency
   (p50/p99, from the update being queued to its answer reaching the emulator); the same for a
   burst small enough to stay inside the limiter's burst allowance.
2. One chat refused with 429s: 50 other chats write while it waits out 3 x retry-after 2 s;
   their latency against the same 50 chats without the flooded one.
3. `kill -9` in the middle of a `--burst`-update burst, then a restart: updates never answered,
   answered twice, and how many were in flight (CAREERBOT_CONCURRENCY) at most.
4. SIGTERM in the middle of a burst: how long the stop takes, and that the restart answers the
   rest (none twice).
Timings are wall-clock on a shared machine: read them as ranges.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from telegram.ext import AIORateLimiter

from knowledge import SOURCES_DIR
from knowledge.builder import build
from tests.support.botapi import BotApiEmulator

ROOT = Path(__file__).resolve().parents[1]
WORKERS = 32
COMMANDS = ["/risk", "/path", "/pivots"]


def person(n: int) -> dict[str, object]:
    return {"id": 10_000 + n, "is_bot": False, "first_name": f"P{n}"}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Bot:
    """`careerbot run` on the emulator, in its own state directory."""

    def __init__(self, emulator: BotApiEmulator, state: Path, db: Path) -> None:
        self.env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": emulator.token,
            "TELEGRAM_API_BASE_URL": emulator.base_url,
            "CAREERBOT_STATE_DIR": str(state),
            "CAREERBOT_DB": str(db),
            "CAREERBOT_METRICS_PORT": "0",
            "CAREERBOT_FLOOD_RATE": "1000",
            "CAREERBOT_CONCURRENCY": str(WORKERS),
            "CAREERBOT_LOG_LEVEL": "WARNING",
        }
        self.emulator, self.state = emulator, state
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> float:
        """Start and wait until it polls; returns the seconds that took."""
        mark = self.emulator.mark()
        started = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run"], env=self.env, cwd=self.state
        )
        self.emulator.wait_for("getUpdates", after=mark, timeout=60)
        return time.monotonic() - started

    def kill(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> float:
        """SIGTERM; the seconds until the process has exited."""
        assert self.process is not None
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)
        return time.monotonic() - started


@contextmanager
def running(emulator: BotApiEmulator, db: Path) -> Iterator[Bot]:
    with tempfile.TemporaryDirectory() as state:
        bot = Bot(emulator, Path(state), db)
        bot.start()
        try:
            yield bot
        finally:
            if bot.process is not None and bot.process.poll() is None:
                bot.stop()


def answer_times(emulator: BotApiEmulator, after: int) -> dict[int, list[float]]:
    """When each chat's answers reached the emulator, from call index `after`."""
    times: dict[int, list[float]] = {}
    calls, stamps = emulator.calls, emulator.call_times
    for (method, params), at in zip(calls[after:], stamps[after:], strict=False):
        if method == "sendMessage":
            times.setdefault(int(params["chat_id"]), []).append(at)
    return times


def burst(emulator: BotApiEmulator, people: list[int]) -> tuple[float, list[float]]:
    """Each person sends /risk at once; (seconds until all answered, per-update latencies)."""
    mark = emulator.mark()
    pushed: dict[int, float] = {}
    for n in people:
        pushed[10_000 + n] = time.monotonic()
        emulator.user_says("/risk", user=person(n))
    start = min(pushed.values())
    expected = len([m for m, _ in emulator.calls[:mark] if m == "sendMessage"]) + len(people)
    while True:
        emulator.wait_count("sendMessage", expected, timeout=300)
        times = answer_times(emulator, mark)
        if all(chat in times for chat in pushed):
            break
        expected += 1
    latencies = [times[chat][0] - pushed[chat] for chat in pushed]
    return max(times[chat][0] for chat in pushed) - start, latencies


async def limiter_alone(messages: int) -> float:
    """Seconds AIORateLimiter needs to let `messages` messages to different chats through."""
    limiter = AIORateLimiter()

    async def call() -> bool:
        return True

    started = time.monotonic()
    await asyncio.gather(
        *(
            limiter.process_request(call, (), {}, "sendMessage", {"chat_id": 10_000 + n}, None)
            for n in range(messages)
        )
    )
    return time.monotonic() - started


def rate(emulator: BotApiEmulator, db: Path, chats: int) -> None:
    alone = asyncio.run(limiter_alone(chats))
    with running(emulator, db):
        small, small_latencies = burst(emulator, list(range(20)))
        time.sleep(2)  # let the limiter's bucket refill between the scenarios
        took, latencies = burst(emulator, list(range(100, 100 + chats)))
    print(f"1. {chats} chats, one message each, {emulator.latency * 1000:.0f} ms per call:")
    print(
        f"   all answered in {took:.2f} s; the rate limit alone needs {alone:.2f} s "
        f"-> {took / alone:.2f}x (goal <= 1.2x)"
    )
    print(
        f"   per-update latency p50 {percentile(latencies, 0.5):.2f} s, "
        f"p99 {percentile(latencies, 0.99):.2f} s (queued behind the 30/s limit)"
    )
    print(
        f"   20 chats at once: all in {small:.2f} s, p50 {percentile(small_latencies, 0.5):.3f} s,"
        f" p99 {percentile(small_latencies, 0.99):.3f} s"
    )


def flood(emulator: BotApiEmulator, db: Path) -> None:
    others = list(range(1000, 1050))
    with running(emulator, db):
        base = sent(emulator)
        emulator.user_says("/risk", user=person(998))
        _, baseline = burst(emulator, others)
        time.sleep(2)
        flooded = 999
        emulator.throttle(10_000 + flooded, retry_after=2, times=3)
        emulator.user_says("/risk", user=person(flooded))
        _, during = burst(emulator, [n + 100 for n in others])
        emulator.wait_count("sendMessage", base + 2 * len(others) + 5, timeout=60)
    delay = max(during) - max(baseline)
    print("2. one chat refused with 429 (3 x retry-after 2 s) while 50 chats write (against 50")
    print("   chats writing just after one other chat's message that is not refused):")
    print(
        f"   the 50: p50 {percentile(during, 0.5):.3f} s, max {max(during):.3f} s; "
        f"without the flooded chat p50 {percentile(baseline, 0.5):.3f} s, "
        f"max {max(baseline):.3f} s -> delayed by {max(delay, 0):.3f} s (goal <= 0.5 s)"
    )


def pushed_burst(emulator: BotApiEmulator, updates: int) -> int:
    """Queue `updates` messages, three distinct commands per person; returns the people."""
    people = updates // len(COMMANDS)
    for text in COMMANDS:
        for n in range(people):
            emulator.user_says(text, user=person(5000 + n))
    return people


def check_answers(emulator: BotApiEmulator, people: int, after: int) -> tuple[int, int]:
    """(updates never answered, answers sent twice) since call index `after`."""
    answers: dict[int, list[str]] = {}
    for method, params in emulator.calls[after:]:
        if method == "sendMessage":
            answers.setdefault(int(params["chat_id"]), []).append(str(params["text"])[:60])
    missing = sum(
        len(COMMANDS) - len(set(answers.get(10_000 + 5000 + n, []))) for n in range(people)
    )
    twice = sum(len(texts) - len(set(texts)) for texts in answers.values())
    return missing, twice


def sent(emulator: BotApiEmulator) -> int:
    return len(emulator.calls_of("sendMessage"))


def crash(emulator: BotApiEmulator, db: Path, updates: int) -> None:
    with tempfile.TemporaryDirectory() as state:
        bot = Bot(emulator, Path(state), db)
        mark, base = emulator.mark(), sent(emulator)
        people = pushed_burst(emulator, updates)
        bot.start()
        emulator.wait_count("sendMessage", base + updates // 3, timeout=300)
        bot.kill()
        before = sent(emulator) - base
        bot.start()
        emulator.wait_count("sendMessage", base + updates, timeout=300)
        bot.stop()
    missing, twice = check_answers(emulator, people, mark)
    print(
        f"3. kill -9 after {before} of {updates} answers, then restart: {missing} unanswered, "
        f"{twice} answered twice (in flight at most {WORKERS})"
    )


def graceful(emulator: BotApiEmulator, db: Path, updates: int) -> None:
    with tempfile.TemporaryDirectory() as state:
        bot = Bot(emulator, Path(state), db)
        mark, base = emulator.mark(), sent(emulator)
        people = pushed_burst(emulator, updates)
        bot.start()
        emulator.wait_count("sendMessage", base + updates // 3, timeout=300)
        took = bot.stop()
        before = sent(emulator) - base
        bot.start()
        emulator.wait_count("sendMessage", base + updates, timeout=300)
        bot.stop()
    missing, twice = check_answers(emulator, people, mark)
    print(
        f"4. SIGTERM after {before} of {updates} answers: stopped in {took:.2f} s (goal < 10 s);"
        f" after the restart {missing} unanswered, {twice} answered twice"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency", type=float, default=0.15)
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--burst", type=int, default=900)
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "knowledge.sqlite3"
        build(SOURCES_DIR, db)
        with BotApiEmulator(latency=opts.latency) as emulator:
            rate(emulator, db, opts.chats)
            flood(emulator, db)
            crash(emulator, db, opts.burst)
            graceful(emulator, db, opts.burst)
    print(f"(machine: {os.cpu_count()} cores, shared; wall-clock figures)")


if __name__ == "__main__":
    main()
