"""Operating the bot: webhook secret, health and metrics, logs without secrets, admin commands
and the unanswered-questions log — on the real Application with a recording transport."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import shutil
import sqlite3
import time
import urllib.error
import urllib.request
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from prometheus_client import generate_latest
from telegram.error import InvalidToken

from bot.cli import main
from bot.engine import Engine
from bot.ops import logs
from bot.ops.health import HealthServer
from bot.screens.html import plain
from bot.settings import Settings
from bot.state.model import Changes, Key, Unanswered
from bot.state.sqlite import SQLiteState
from bot.telegram.admin import reload_failed
from bot.telegram.app import App, build_application, reloader
from bot.telegram.handlers import Handlers
from bot.telegram.offline import TOKEN, USER, RecordingRequest
from bot.telegram.serve import health_status, schedule_retention
from knowledge.errors import StoreMissingError
from knowledge.store import Store
from tests.support.harness import GROUP, OTHER, Bot, message, settings_for

ADMIN = USER["id"]


@pytest.fixture
async def admin_bot(sources: Path, tmp_path: Path, store_path: Path) -> AsyncIterator[Bot]:
    """A bot whose admin is USER, on a store built from an editable copy of the sources (the
    session's store, which the builder built from the same sources)."""
    db = tmp_path / "k.sqlite3"
    shutil.copyfile(store_path, db)
    settings = settings_for(tmp_path / "state", CAREERBOT_ADMIN_IDS=f"{ADMIN}, 77")
    transport = RecordingRequest()
    app = build_application(settings, Engine(Store(db)), transport, reload=reloader(db, sources))
    await app.initialize()
    yield Bot(app, transport)
    await app.shutdown()


def handlers_of(app: App) -> Handlers:
    """The handlers the application was built with."""
    handlers: Handlers = app.bot_data["handlers"]
    return handlers


# --- health and metrics ----------------------------------------------------------------------


def fetch(url: str, timeout: float = 5) -> tuple[int, str]:
    """Status and body of a GET."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            return int(answer.status), answer.read().decode()
    except urllib.error.HTTPError as error:
        return int(error.code), error.read().decode()


async def test_health_says_how_updates_arrive_and_metrics_count_them(
    store: Store, tmp_path: Path
) -> None:
    transport = RecordingRequest()
    settings = settings_for(tmp_path)
    app = build_application(settings, Engine(store), transport)
    handlers = handlers_of(app)
    server = HealthServer(
        handlers.observer.metrics, lambda: health_status(app, settings), "127.0.0.1", 0
    ).start()
    base = f"http://127.0.0.1:{server.port}"
    try:
        await app.initialize()
        code, body = fetch(f"{base}/healthz")
        assert code == 503
        assert json.loads(body)["problems"] == ["starting"]
        await app.start()
        app.observer.mode = "polling"
        code, body = fetch(f"{base}/healthz")
        health = json.loads(body)
        assert code == 200, health
        assert health["mode"] == "polling"
        assert health["store"]["open"] is True
        assert health["store"]["digest"] == store.info().digest
        assert health["state"]["writable"] is True
        bot = Bot(app, transport)
        for text in ("/risk", "asdfghjkl", "salary senior uk"):
            await bot.feed(message(text))
        await bot.feed(message("lunch anyone?", chat=GROUP))
        code, metrics = fetch(f"{base}/metrics")
        assert code == 200
        assert 'careerbot_updates_total{kind="command"} 1.0' in metrics
        assert 'careerbot_updates_total{kind="message"} 3.0' in metrics
        assert 'careerbot_intents_total{intent="unknown"} 1.0' in metrics
        assert "careerbot_unanswered_total 1.0" in metrics
        assert 'careerbot_replies_total{way="sent"} 3.0' in metrics
        assert 'careerbot_handling_seconds_count{kind="message"} 3.0' in metrics
        assert 'careerbot_handling_seconds_bucket{kind="command",le="10.0"} 1.0' in metrics
        assert 'careerbot_telegram_calls_total{method="sendMessage",outcome="ok"} 3.0' in metrics
        assert "careerbot_update_lag_seconds_count 4.0" in metrics
        assert "process_resident_memory_bytes" in metrics
        assert "process_cpu_seconds_total" in metrics
        assert f'careerbot_knowledge_info{{digest="{store.info().digest}"' in metrics
        await slow_client_does_not_block(server.port, base)
        state = app.state
        assert isinstance(state, SQLiteState)
        state.conn.execute("PRAGMA query_only = 1")  # the disk turns read-only
        await bot.feed(message("/path"))
        code, body = fetch(f"{base}/healthz")
        assert code == 503
        assert json.loads(body)["problems"] == ["state_not_writable"]
        assert "SQLITE_READONLY" in json.loads(body)["state"]["error"]
        await app.stop()
    finally:
        server.stop()
        await app.shutdown()


async def slow_client_does_not_block(port: int, base: str) -> None:
    """A client that sends half a request and waits holds one thread, not the endpoint."""
    _, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")  # and never the blank line
    await writer.drain()
    try:
        code, _ = await asyncio.to_thread(fetch, f"{base}/healthz", 2)
        assert code == 200
    finally:
        writer.close()


async def test_flood_control_is_counted_with_its_retry_after(store: Store, tmp_path: Path) -> None:
    transport = RecordingRequest()
    transport.throttle(USER["id"], retry_after=1, times=1)
    app = build_application(settings_for(tmp_path), Engine(store), transport)
    await app.initialize()
    try:
        await Bot(app, transport).feed(message("/risk"))
        metrics = generate_latest(app.observer.metrics.registry).decode()
    finally:
        await app.shutdown()
    assert 'careerbot_telegram_429_total{method="sendMessage"} 1.0' in metrics
    assert "careerbot_telegram_retry_after_seconds_sum 1.0" in metrics
    assert 'careerbot_telegram_calls_total{method="sendMessage",outcome="429"} 1.0' in metrics
    assert 'careerbot_telegram_calls_total{method="sendMessage",outcome="ok"} 1.0' in metrics


# --- logs ------------------------------------------------------------------------------------


async def test_one_json_line_per_update_and_never_the_token(
    store: Store, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    logs.configure(json_lines=True, level="DEBUG", secrets=[TOKEN])
    try:
        transport = RecordingRequest()
        app = build_application(settings_for(tmp_path), Engine(store), transport)
        await app.initialize()
        bot = Bot(app, transport)
        await bot.feed(message("what does a data engineer do"))
        transport.fail_next("sendMessage", 400, f"Bad Request: can't parse entities {TOKEN}")
        await bot.feed(message("/risk"))
        logging.getLogger("probe").error("calling https://api.telegram.org/bot%s/getMe", TOKEN)
        try:
            raise InvalidToken(f"The token `{TOKEN}` was rejected by the server.")
        except InvalidToken:
            logging.getLogger("probe").exception("as PTB words it")
        await app.shutdown()
    finally:
        logging.getLogger().handlers.clear()
    err = capfd.readouterr().err
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    updates = [line for line in lines if line.get("name") == "careerbot.updates"]
    assert [(u["kind"], u["intent"]) for u in updates] == [("message", "overview")]
    assert all(isinstance(u["ms"], float) for u in updates)
    failed = [line for line in lines if "exc_info" in line]
    assert len(failed) == 2, "the failed update and the probe, each with its traceback field"
    assert all("[redacted]" in line["exc_info"] for line in failed)
    assert TOKEN.lower() not in err.lower()
    assert TOKEN.split(":")[1].lower() not in err.lower()
    assert "[redacted]" in err


# --- admin commands --------------------------------------------------------------------------


async def test_reload_switches_to_new_knowledge(admin_bot: Bot, sources: Path) -> None:
    path = sources / "roles" / "data-engineer.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["name"] = "Data Platform Engineer"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    first = handlers_of(admin_bot.app).engine.store
    await admin_bot.feed(message("/reload"))
    roles = len(list((sources / "roles").glob("*.yaml")))
    assert f"Reloaded the knowledge: {roles} roles" in admin_bot.last_text()
    await admin_bot.feed(message("what does a data engineer do"))
    assert "What a Data Platform Engineer actually does" in admin_bot.last_text()
    # /healthz reads the store from a thread of its own: one that took the old engine just
    # before the switch must still be able to read it (it said knowledge_store, 503, before)
    assert first.info().digest != handlers_of(admin_bot.app).engine.store.info().digest
    second = handlers_of(admin_bot.app).engine.store
    await admin_bot.feed(message("/reload"))
    with pytest.raises(StoreMissingError, match="closed"):
        first.info()  # closed at the next switch
    assert second.info().digest


async def test_failed_reload_keeps_the_old_store_and_says_why(
    admin_bot: Bot, sources: Path
) -> None:
    (sources / "roles" / "data-engineer.yaml").write_text("slug: [broken\n", encoding="utf-8")
    await admin_bot.feed(message("/reload"))
    reply = admin_bot.last_text()
    assert "Reload failed; still serving the previous knowledge" in reply
    assert "roles/data-engineer.yaml: line 2, column 1: invalid YAML" in reply
    await admin_bot.feed(message("what does a data engineer do"))
    assert "What a Data Engineer actually does" in admin_bot.last_text()


async def test_stats_for_admins(admin_bot: Bot) -> None:
    for text in ("salary senior uk", "asdfghjkl", "asdfghjkl"):
        await admin_bot.feed(message(text))
    await admin_bot.feed(message("/stats"))
    stats = admin_bot.last_text()
    assert "careerbot stats" in stats
    assert "Unknown rate: 67% of 3 typed messages" in stats
    assert "2× asdfghjkl" in stats


async def test_stats_in_a_group_do_not_show_what_people_typed(admin_bot: Bot) -> None:
    await admin_bot.feed(message("my secret plan asdfghjkl"))
    await admin_bot.feed(message("/stats", chat=GROUP))
    stats = admin_bot.last_text()
    assert "careerbot stats" in stats
    assert "asdfghjkl" not in stats
    assert "only shown in a private chat" in stats
    await admin_bot.feed(message("/stats"))
    assert "1× my secret plan asdfghjkl" in admin_bot.last_text()


def test_a_long_reload_report_fits_one_message() -> None:
    problems = [f"roles/r{n}.yaml: field.{'x' * 900}: invalid <value> & more" for n in range(40)]
    report = plain(reload_failed(problems))
    assert len(report) <= 4096
    assert "… and" in report
    assert report.count("roles/r") <= 10


async def test_retention_runs_as_a_repeating_job(admin_bot: Bot) -> None:
    app = admin_bot.app
    old = Changes(1, time.time() - 200 * 86_400)
    old.contexts[Key(5, 5)] = {"turns": 1}
    await app.state.commit(old)
    photos = handlers_of(app).photos
    photos.files_kept = 2
    charts = photos.cache.directory
    assert charts is not None
    charts.mkdir(parents=True)
    for age, name in enumerate(["newest", "newer", "oldest"]):
        (charts / f"{name}.png").write_bytes(b"png")
        os.utime(charts / f"{name}.png", (1_800_000_000 - age,) * 2)
    await app.start()
    try:
        job = schedule_retention(app, every=600)
        assert job is not None
        assert job.job.trigger.interval.total_seconds() == 600
        await job.run(app)
        assert await app.state.context(Key(5, 5)) is None
        assert sorted(p.name for p in charts.iterdir()) == ["newer.png", "newest.png"]
    finally:
        await app.stop()


@pytest.mark.parametrize("command", ["/reload", "/stats"])
async def test_admin_commands_look_unknown_to_everyone_else(admin_bot: Bot, command: str) -> None:
    await admin_bot.feed(message(command, user=OTHER))
    assert "didn't catch that" in admin_bot.last_text()
    before = len(admin_bot.transport.sent())
    await admin_bot.feed(message(command, user=OTHER, chat=GROUP))
    assert len(admin_bot.transport.sent()) == before


def test_admin_ids_must_be_numbers(tmp_path: Path) -> None:
    env: dict[str, Any] = {"CAREERBOT_ADMIN_IDS": "12, bob"}
    with pytest.raises(Exception, match="numeric user ids, got 'bob'"):
        Settings(TELEGRAM_BOT_TOKEN=TOKEN, CAREERBOT_STATE_DIR=tmp_path, **env).admins()


# --- the unanswered log ----------------------------------------------------------------------


async def test_unanswered_questions_are_kept_without_ids(admin_bot: Bot, tmp_path: Path) -> None:
    for text in ("asdfghjkl", "salary senior uk", "youtuber salary uk", "x" * 500):
        await admin_bot.feed(message(text))
    path = tmp_path / "state" / "state.sqlite3"
    with sqlite3.connect(path) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(unanswered)")]
        rows = db.execute("SELECT text, chat_kind FROM unanswered ORDER BY at").fetchall()
        dumped = "\n".join(db.execute("SELECT * FROM unanswered").fetchall().__repr__())
    assert columns == ["id", "at", "chat_kind", "intent", "confidence", "text"]
    assert rows == [
        ("asdfghjkl", "private"),
        ("youtuber salary uk", "private"),
        ("x" * 200, "private"),
    ]
    assert str(USER["id"]) not in dumped


async def test_unanswered_log_can_be_off(store: Store, tmp_path: Path) -> None:
    transport = RecordingRequest()
    settings = settings_for(tmp_path, CAREERBOT_UNANSWERED_LOG="false")
    app = build_application(settings, Engine(store), transport)
    await app.initialize()
    try:
        await Bot(app, transport).feed(message("asdfghjkl"))
        assert "didn't catch that" in plain(transport.sent()[-1]["text"])
        assert await app.state.top_unanswered(5) == []
    finally:
        await app.shutdown()


def test_unanswered_command_lists_the_most_frequent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    async def keep() -> None:
        state = SQLiteState(tmp_path / "state.sqlite3")
        await state.open()
        changes = Changes(None, time.time())
        for text in ("how do I negotiate", "How do I negotiate", "pizza"):
            entry = Unanswered.of(
                text, at=time.time(), chat_kind="private", intent="unknown", confidence=0.1
            )
            assert entry is not None
            changes.unanswered.append(entry)
        await state.commit(changes)
        await state.close()

    asyncio.run(keep())
    monkeypatch.setenv("CAREERBOT_STATE_DIR", str(tmp_path))
    assert main(["unanswered", "--limit", "5"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[0] == "2"
    assert lines[0].endswith("negotiate")
    assert lines[1].endswith("pizza")


async def test_follow_ups_count_as_answered(admin_bot: Bot, tmp_path: Path) -> None:
    await admin_bot.feed(message("senior MLE salary uk"))
    await admin_bot.feed(message("and in Germany?"))
    assert "Germany" in admin_bot.last_text()
    observer = handlers_of(admin_bot.app).observer
    assert observer.intents == {"salary": 2}
    assert await admin_bot.app.state.top_unanswered(5) == []
