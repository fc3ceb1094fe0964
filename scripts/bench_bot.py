"""Benchmark the Telegram side: the real Application against a bare echo bot, per update.

    .venv/bin/python scripts/bench_bot.py [--updates 2000] [--rounds 3] [--profile] [--log-info]

(Run it from anywhere with the venv's python: the transport and the updates come from
`bot.telegram.offline`, which the tests use too.)

Both applications are built by `build_application` with the same settings: AIORateLimiter,
the state (`bot.state`, SQLite) committed after every update (each in its own temp state
dir), the flood gate (its rate set so high that nothing is dropped) and a recording
transport that answers like Telegram (`bot.telegram.offline.RecordingRequest`), so no byte
leaves the process. The echo bot then has its group-0 handlers replaced by one bare handler: a
message is answered with its own text, a button press is answered and its message edited to the
button's data, an inline query gets an empty list.

Two things are changed on both applications alike, and only for the benchmark:
- AIORateLimiter keeps Telegram's limits (30 messages a second, 20 a minute per group), so the
  limits are lifted after the build: the limiter's code still runs on every call, it just
  never sleeps (otherwise both would measure the limiter's waiting, ~33 ms per call);
- the transport counts calls instead of keeping every one (`keep=False`), so memory stays flat.

N updates are generated from real material: typed questions from tests/data/nlu_heldout.jsonl
and nlu_dev.jsonl in private chats, button presses whose data are addresses taken from the
buttons of real replies (on a message carrying that reply's keyboard), commands and deep links,
group commands and mentions, and inline queries, spread over 200 users and a few groups.
`Update.de_json` happens before the clock starts; the clock covers `process_update` only.

Both are warmed up, then R rounds run A and B in alternating order; medians are reported.
Memory is measured apart, in a fresh process per application (so the figures do not mix):
the max RSS (getrusage) after a plain pass, then the tracemalloc peak of a second pass
(tracemalloc slows everything down, so it is never on while timing).

--profile prints where the real application spends its time (cProfile, one pass).
--log-info configures logging as the bot does in production (INFO, redaction), to /dev/null.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import io
import json
import logging
import os
import pstats
import random
import resource
import statistics
import tempfile
import time
import tracemalloc
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Literal

from aiolimiter import AsyncLimiter
from telegram import Update
from telegram.ext import ContextTypes, TypeHandler

from bot.conversation.context import ChatContext
from bot.engine import Engine
from bot.ops.logs import configure
from bot.ops.observer import Observer
from bot.screens.html import plain
from bot.screens.reply import Reply
from bot.settings import Settings
from bot.telegram.app import App, build_application
from bot.telegram.handlers import Handlers
from bot.telegram.keyboards import keyboard
from bot.telegram.offline import (
    BOT_USER,
    BOT_USERNAME,
    DATE,
    TOKEN,
    RecordingRequest,
    Updates,
    private_chat,
)
from bot.telegram.ratelimit import PerChatRateLimiter
from knowledge.builder import fresh_store
from knowledge.store import Store

ROOT = Path(__file__).resolve().parent.parent

Kind = Literal["real", "echo"]
KINDS: tuple[Kind, Kind] = ("real", "echo")
DATA = ROOT / "tests" / "data"
GOAL = 1.5
"""The real application may cost at most this many times the echo bot's CPU per update."""
UNLIMITED = 1e12
"""A rate (per second) that no benchmark reaches: the limiters run but never wait."""
USERS = 200
GROUPS = 5
WARMUP = 200
SCREENS = 400
"""Screens visited (by pressing their buttons) to collect real button addresses."""
MIX: dict[str, float] = {"typed": 45, "button": 33, "command": 12, "group": 5, "inline": 5}
"""The update mix, in percent."""
COMMAND_TEXTS = [
    "/start",
    "/help",
    "/menu",
    "/salary senior uk",
    "/salary",
    "/day junior",
    "/skills",
    "/risk",
    "/path",
    "/pivots",
    "/sources",
    "/roles",
    "/settings",
]
GROUP_TEXTS = [
    f"/salary@{BOT_USERNAME} senior uk",
    f"/risk@{BOT_USERNAME}",
    f"/day@{BOT_USERNAME} junior",
    f"@{BOT_USERNAME} what does a data engineer do",
    f"@{BOT_USERNAME} salary for a senior MLE in Germany",
]


# --- the applications ------------------------------------------------------------------------


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The baseline bot: say the message back, show the button's data, no inline results."""
    if update.callback_query is not None:
        query = update.callback_query
        await query.answer()
        await query.edit_message_text(query.data or "")
    elif update.inline_query is not None:
        await update.inline_query.answer([])
    elif update.message is not None and update.message.text is not None:
        await update.message.reply_text(update.message.text)


def unthrottle(app: App) -> None:
    """Lift AIORateLimiter's limits (the same object keeps running on every call)."""
    outer = app.bot.rate_limiter
    if not isinstance(outer, PerChatRateLimiter):
        raise TypeError(f"expected PerChatRateLimiter, got {type(outer).__name__}")
    limiter = outer.limiter
    limiter._base_limiter = AsyncLimiter(UNLIMITED, 1)
    limiter._group_max_rate = UNLIMITED
    limiter._group_time_period = 1


@dataclass
class Bench:
    """One application under test, its transport and its state dir."""

    kind: Kind
    app: App
    transport: RecordingRequest


async def open_bench(kind: Kind, engine: Engine, state: Path) -> Bench:
    """Build and initialise the real application, or the echo bot built the same way."""
    transport = RecordingRequest(keep=False)
    settings = Settings(
        TELEGRAM_BOT_TOKEN=TOKEN,
        CAREERBOT_STATE_DIR=state,
        CAREERBOT_FLOOD_RATE=UNLIMITED,
    )
    app = build_application(settings, engine, request=transport)
    unthrottle(app)
    if kind == "echo":
        for handler in list(app.handlers.get(0, [])):
            app.remove_handler(handler, 0)
        app.add_handler(TypeHandler(Update, echo), 0)
    await app.initialize()
    return Bench(kind, app, transport)


async def close_bench(bench: Bench) -> None:
    """Shut the application down (the state closed)."""
    await bench.app.shutdown()


def observer_of(bench: Bench) -> Observer:
    """What the application's handlers observed (both applications keep the flood gate and the
    error handler, so both count drops and errors)."""
    handlers: Handlers = bench.app.bot_data["handlers"]
    return handlers.observer


# --- the updates -----------------------------------------------------------------------------


def _texts() -> list[str]:
    texts = []
    for name in ("nlu_heldout.jsonl", "nlu_dev.jsonl"):
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(str(json.loads(line)["text"]))
    return texts


@dataclass(frozen=True)
class Screen:
    """A reply the bot shows: its text and keyboard as Telegram has them, and its buttons."""

    text: str
    markup: dict[str, Any] | None
    addresses: list[str]


def _screen(reply: Reply) -> Screen:
    markup = keyboard(reply, BOT_USERNAME)
    return Screen(
        plain(reply.text),
        markup.to_dict() if markup is not None else None,
        [b.address for b in reply.button_list()],
    )


def discover(engine: Engine, texts: list[str], limit: int = SCREENS) -> list[Screen]:
    """Screens reached from commands and typed questions by pressing their buttons (BFS)."""
    now = time.time()
    fresh = ChatContext()
    screens = [_screen(engine.text(t, fresh, now).reply) for t in COMMAND_TEXTS + texts[:40]]
    queue = [a for s in screens for a in s.addresses]
    seen: set[str] = set()
    while queue and len(screens) < limit:
        address = queue.pop(0)
        if address in seen:
            continue
        seen.add(address)
        screen = _screen(engine.press(address, fresh, now).reply)
        screens.append(screen)
        queue.extend(screen.addresses)
    return [s for s in screens if s.addresses]


def _user(number: int) -> dict[str, Any]:
    return {"id": 10_000 + number, "is_bot": False, "first_name": f"User{number}"}


def make_updates(
    count: int, texts: list[str], screens: list[Screen], seed: int = 7
) -> tuple[list[Any], Counter[str]]:
    """`count` update dicts in a fixed, realistic mix over USERS users and GROUPS groups, and
    how many of each kind."""
    rng = random.Random(seed)
    users = [_user(n) for n in range(USERS)]
    make = Updates(users[0])
    groups = [
        {"id": -1_000_000_000_000 - n, "type": "supergroup", "title": f"Careers {n}"}
        for n in range(GROUPS)
    ]
    short = [t for t in texts if len(t) <= 40 and not t.startswith("/")]
    deep_links = [f"/start {s.addresses[0]}" for s in screens[:20]]
    kinds = rng.choices(list(MIX), weights=list(MIX.values()), k=count)
    updates: list[Any] = []
    for kind in kinds:
        user = rng.choice(users)
        if kind == "typed":
            updates.append(make.message(rng.choice(texts), user=user))
        elif kind == "command":
            updates.append(make.message(rng.choice(COMMAND_TEXTS + deep_links), user=user))
        elif kind == "group":
            updates.append(
                make.message(rng.choice(GROUP_TEXTS), user=user, chat=rng.choice(groups))
            )
        elif kind == "inline":
            updates.append(make.inline(rng.choice(["", *short]), user=user))
        else:
            screen = rng.choice(screens)
            shown: dict[str, Any] = {
                "message_id": 1,
                "date": DATE,
                "chat": private_chat(user),
                "from": BOT_USER,
                "text": screen.text,
            }
            if screen.markup is not None:
                shown["reply_markup"] = screen.markup
            updates.append(make.tap(shown, rng.choice(screen.addresses), user=user))
    return updates, Counter(kinds)


def expected_calls(updates: list[Any]) -> int:
    """Bot API calls for answering every update once: a press is answered and edited."""
    return sum(2 if "callback_query" in u else 1 for u in updates)


# --- running ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One pass of N updates through one application."""

    wall: float
    cpu: float
    calls: int
    updates: int
    traced_peak: int = 0
    """Peak bytes allocated during the pass (tracemalloc), when traced."""

    @property
    def rate(self) -> float:
        """Updates per second (wall clock)."""
        return self.updates / self.wall

    @property
    def cpu_us(self) -> float:
        """CPU microseconds per update."""
        return self.cpu * 1e6 / self.updates

    @property
    def wall_us(self) -> float:
        """Wall-clock microseconds per update."""
        return self.wall * 1e6 / self.updates


async def run_pass(
    bench: Bench,
    updates: list[Any],
    profile: cProfile.Profile | None = None,
    *,
    trace: bool = False,
) -> Run:
    """Process the updates one after another; only `process_update` is on the clock (and, with
    `trace`, under tracemalloc: the decoded updates are not counted)."""
    decoded = [Update.de_json(u, bench.app.bot) for u in updates]
    calls = bench.transport.total()
    gc.collect()
    if trace:
        tracemalloc.start()
    if profile is not None:
        profile.enable()
    cpu, wall = time.process_time(), time.perf_counter()
    for update in decoded:
        await bench.app.process_update(update)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if profile is not None:
        profile.disable()
    peak = 0
    if trace:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return Run(wall, cpu, bench.transport.total() - calls, len(updates), peak)


@dataclass(frozen=True)
class Memory:
    """Memory figures of one application, measured in a process of its own."""

    rss_before_mib: float
    rss_max_mib: float
    traced_peak_mib: float


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


async def _measure_memory(kind: Kind, store_path: Path, updates: list[Any]) -> Memory:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(store_path)
        bench = await open_bench(kind, Engine(store), Path(tmp))
        await run_pass(bench, updates[:WARMUP])
        gc.collect()
        before = _rss_mib()
        await run_pass(bench, updates)
        after = _rss_mib()
        traced = await run_pass(bench, updates, trace=True)
        await close_bench(bench)
        store.close()
    return Memory(before, after, traced.traced_peak / 2**20)


def measure_memory(kind: Kind, store_path: str, updates: list[Any], log_info: bool) -> Memory:
    """Entry point of the child process."""
    if log_info:
        production_logging()
    return asyncio.run(_measure_memory(kind, Path(store_path), updates))


def memory_in_child(kind: Kind, store_path: Path, updates: list[Any], log_info: bool) -> Memory:
    """Memory of one application, in a fresh (spawned) process."""
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(measure_memory, kind, str(store_path), updates, log_info).result()


def production_logging() -> None:
    """The bot's logging set-up (INFO, one line per update, redaction), written to /dev/null."""
    configure(json_lines=False, level="INFO", secrets=[TOKEN])
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


def print_profile(profile: cProfile.Profile, updates: int, top: int = 25) -> None:
    """The functions the real application spends its time in, over one pass."""
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        stats.sort_stats(order).print_stats(top)
        print(f"\n--- cProfile of the real application, {updates} updates, by {order} ---")
        lines = out.getvalue().splitlines()
        start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
        print("\n".join(lines[start:]))


async def bench(opts: argparse.Namespace, store: Store, tmp: Path) -> None:
    """Build both applications, warm them up, run the rounds, print the figures."""
    texts = _texts()
    engine = Engine(store)
    screens = discover(engine, texts)
    updates, kinds = make_updates(opts.updates, texts, screens)
    benches: dict[Kind, Bench] = {}
    runs: dict[Kind, list[Run]] = {kind: [] for kind in KINDS}
    profile = None
    try:
        for kind in KINDS:
            benches[kind] = await open_bench(kind, engine, tmp / kind)
        for each in benches.values():
            await run_pass(each, updates[:WARMUP])
        for number in range(opts.rounds):
            for kind in KINDS if number % 2 == 0 else KINDS[::-1]:
                runs[kind].append(await run_pass(benches[kind], updates))
        if opts.profile:
            profile = cProfile.Profile()
            await run_pass(benches["real"], updates, profile)
    finally:
        for each in benches.values():
            await close_bench(each)
    stats = {kind: observer_of(b).stats() for kind, b in benches.items()}
    transports = {kind: b.transport for kind, b in benches.items()}
    memory = {
        kind: memory_in_child(kind, tmp / "knowledge.sqlite3", updates, opts.log_info)
        for kind in KINDS
    }

    print(
        f"{len(updates)} updates x {opts.rounds} rounds (medians), {USERS} users, "
        f"{len(screens)} screens with buttons; mix: "
        + ", ".join(f"{k} {n}" for k, n in kinds.most_common())
    )
    print(f"logging: {'production (INFO, to /dev/null)' if opts.log_info else 'unconfigured'}")
    print()
    header = (
        f"{'application':<12}{'updates/s':>11}{'CPU µs/upd':>12}{'wall µs/upd':>13}"
        f"{'tracemalloc':>13}{'max RSS':>10}{'RSS +run':>10}"
    )
    print(header)
    print(f"{'':<12}{'':>11}{'':>12}{'':>13}{'peak MiB':>13}{'MiB':>10}{'MiB':>10}")
    medians: dict[Kind, tuple[float, float, float]] = {}
    for kind in KINDS:
        rate = statistics.median(r.rate for r in runs[kind])
        cpu = statistics.median(r.cpu_us for r in runs[kind])
        wall = statistics.median(r.wall_us for r in runs[kind])
        medians[kind] = (rate, cpu, wall)
        mem = memory[kind]
        print(
            f"{kind:<12}{rate:>11.0f}{cpu:>12.0f}{wall:>13.0f}{mem.traced_peak_mib:>13.2f}"
            f"{mem.rss_max_mib:>10.1f}{mem.rss_max_mib - mem.rss_before_mib:>10.1f}"
        )
    print(
        "(memory: a fresh process per application; tracemalloc peak = allocations during one "
        "pass;\n max RSS = the process's high-water mark, imports, store and engine included; "
        "RSS +run = what one pass added to it)"
    )
    ratio = medians["real"][1] / medians["echo"][1]
    verdict = "meets" if ratio <= GOAL else "misses"
    print()
    print(f"CPU per update, real / echo: {ratio:.2f}x  (goal: at most {GOAL}x; {verdict} it)")
    print(f"wall per update, real / echo: {medians['real'][2] / medians['echo'][2]:.2f}x")
    for kind in KINDS:
        rounds = ", ".join(f"{r.cpu_us:.0f}" for r in runs[kind])
        print(f"  {kind} CPU µs per update, round by round: {rounds}")
    print()
    expected = expected_calls(updates)
    for kind in KINDS:
        calls = [r.calls for r in runs[kind]]
        methods = ", ".join(f"{m} {n}" for m, n in transports[kind].counts.most_common())
        print(
            f"{kind}: Bot API calls per pass {calls} (expected {expected} to answer every "
            f"update); errors {stats[kind].errors}, flood drops {stats[kind].flood_drops}"
        )
        print(f"  every call (initialize, warm-up, rounds, profile): {methods}")
    if profile is not None:
        print_profile(profile, len(updates))


def main() -> None:
    """Print the figures."""
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    args.add_argument("--updates", type=int, default=2000, help="updates per pass")
    args.add_argument("--rounds", type=int, default=3, help="timed passes per application")
    args.add_argument("--profile", action="store_true", help="cProfile one real pass")
    args.add_argument("--log-info", action="store_true", help="production logging, to /dev/null")
    opts = args.parse_args()
    if opts.log_info:
        production_logging()
    with fresh_store() as store, tempfile.TemporaryDirectory() as tmp:
        asyncio.run(bench(opts, store, Path(tmp)))


if __name__ == "__main__":
    main()
