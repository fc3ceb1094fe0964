"""The command line: a bad token is one clear line, and never printed."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.cli import main, open_knowledge
from bot.state.model import Changes, Key
from bot.state.sqlite import SQLiteState
from knowledge.errors import SourceError


@pytest.mark.parametrize("token", ["not-a-token", "777:short", "abc:" + "x" * 35, "98765432"])
def test_malformed_token_is_one_line_and_not_echoed(store_path: Path, token: str) -> None:
    env = {**os.environ, "CAREERBOT_DB": str(store_path), "TELEGRAM_BOT_TOKEN": token}
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert lines == [
        "careerbot: TELEGRAM_BOT_TOKEN is malformed: expected <bot id>:<secret> "
        "as given by @BotFather, e.g. 123456789:AA..."
    ]
    assert token not in done.stderr + done.stdout


def test_a_reader_that_leaves_early_ends_the_command_quietly(store_path: Path) -> None:
    read, write = os.pipe()
    os.close(read)  # like `careerbot dump | head` once head has its lines
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "ask", "--db", str(store_path), "salary senior uk"],
        stdout=write,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
    )
    os.close(write)
    assert done.returncode == 1
    assert done.stderr == ""


@pytest.mark.parametrize("command", [["dump"], ["ask", "salary"], ["parse", "salary"]])
def test_reading_commands_refuse_a_file_that_is_not_a_store_and_leave_it(
    tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "state.sqlite3"
    with sqlite3.connect(state) as db:
        db.execute("CREATE TABLE contexts (chat_id INTEGER, data TEXT)")
        db.execute("INSERT INTO contexts VALUES (1, '{}')")
    before = state.read_bytes()
    assert main([command[0], "--db", str(state), *command[1:]]) == 1
    assert "is not a careerbot knowledge store; it was left untouched" in capsys.readouterr().err
    assert state.read_bytes() == before


def test_bad_sources_with_a_good_store_serve_the_good_store(
    sources: Path, tmp_path: Path, store_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db = tmp_path / "knowledge.sqlite3"
    shutil.copyfile(store_path, db)  # built from the same sources
    (sources / "roles" / "data-engineer.yaml").write_text("slug: [broken\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        store = open_knowledge(db, sources)
    try:
        assert len(store.roles()) >= 7
    finally:
        store.close()
    assert "roles/data-engineer.yaml: line 2, column 1: invalid YAML" in caplog.text
    assert "serving the previous store" in caplog.text


def test_bad_sources_and_no_store_is_the_build_error(sources: Path, tmp_path: Path) -> None:
    (sources / "roles" / "data-engineer.yaml").write_text("slug: [broken\n", encoding="utf-8")
    with pytest.raises(SourceError):
        open_knowledge(tmp_path / "none.sqlite3", sources)


def test_backup_copies_the_state_consistently(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def fill() -> None:
        state = SQLiteState(tmp_path / "state.sqlite3")
        await state.open()
        changes = Changes(1, time.time())
        changes.contexts[Key(1, 1)] = {"address": "menu"}
        await state.commit(changes)  # the state stays open, as in a running bot
        monkeypatch.setenv("CAREERBOT_STATE_DIR", str(tmp_path))
        assert main(["backup", str(tmp_path / "copies" / "backup.sqlite3")]) == 0
        await state.close()

    asyncio.run(fill())
    with sqlite3.connect(tmp_path / "copies" / "backup.sqlite3") as db:
        assert db.execute("SELECT data FROM contexts").fetchall() == [('{"address":"menu"}',)]
