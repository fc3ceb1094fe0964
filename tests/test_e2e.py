"""End to end: `careerbot run` as a subprocess against a Bot API emulator on 127.0.0.1.

A user goes /start -> menu -> salary -> a country, steps through a workday, types a question;
a group gets a command; someone makes an inline query; then SIGTERM, and the process exits
cleanly within seconds with its state saved.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.screens.html import plain
from bot.telegram.offline import BOT_USERNAME
from tests.support.botapi import DEFAULT_USER, BotApiEmulator
from tests.support.harness import free_port

USER_ID = int(DEFAULT_USER["id"])


@pytest.fixture
def emulator() -> Iterator[BotApiEmulator]:
    """A running Bot API emulator, stopped by the test."""
    with BotApiEmulator() as emu:
        yield emu


def test_a_user_session_end_to_end(
    emulator: BotApiEmulator, store_path: Path, tmp_path: Path
) -> None:
    metrics_port = free_port()
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": emulator.token,
        "TELEGRAM_API_BASE_URL": emulator.base_url,
        "CAREERBOT_STATE_DIR": str(tmp_path),
        "CAREERBOT_DB": str(store_path),
        "CAREERBOT_METRICS_PORT": str(metrics_port),
        "CAREERBOT_LOG_JSON": "true",
    }
    bot = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        play(emulator, metrics_port)
    finally:
        bot.send_signal(signal.SIGTERM)
        try:
            out, err = bot.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            bot.kill()
            out, err = bot.communicate()
            pytest.fail(f"careerbot did not stop within 15 s of SIGTERM:\n{err[-2000:]}")
    assert bot.returncode == 0, err[-2000:]
    assert "Traceback" not in err
    assert emulator.token not in out + err
    with sqlite3.connect(tmp_path / "state.sqlite3") as db:
        saved = dict(db.execute("SELECT chat_id, data FROM contexts").fetchall())
    assert json.loads(saved[USER_ID])["address"].startswith("data-scientist_sal_SG")


def play(emu: BotApiEmulator, metrics_port: int) -> None:
    """The scripted session, checking each answer as it arrives."""
    commands = emu.wait_for("setMyCommands", timeout=30)["commands"]
    assert [c["command"] for c in commands][:3] == ["start", "help", "menu"]

    emu.user_says("/start")
    assert "Hi! I'm careerbot" in plain(emu.wait_for("sendMessage", timeout=15)["text"])
    tap(emu, "Salary", expect="Pick a region")
    tap(emu, "Europe", expect="Europe")
    tap(emu, "Germany", expect="Senior: ")
    tap(emu, "Senior", expect="Senior Machine Learning Engineer in 🇩🇪 Germany")
    tap(emu, "Senior day", expect="Step 1 of")
    tap(emu, "Next", expect="Step 2 of")

    mark = emu.mark()
    emu.user_says("how much do data scientists make in Singapore?")
    typed = emu.wait_for("sendMessage", after=mark, timeout=15)
    assert "Data Scientist" in plain(typed["text"])
    assert "Singapore" in plain(typed["text"])

    mark = emu.mark()
    emu.group_says(f"/salary@{BOT_USERNAME} junior uk")
    group = emu.wait_for("sendMessage", lambda p: int(p["chat_id"]) < 0, after=mark, timeout=15)
    assert "Junior Machine Learning Engineer in 🇬🇧 United Kingdom" in plain(group["text"])
    assert "reply_parameters" in group

    mark = emu.mark()
    emu.inline_query("senior salary germany")
    results = emu.wait_for("answerInlineQuery", after=mark, timeout=15)["results"]
    assert results[0]["title"] == "💰 Salary · MLE · Senior · Germany"

    with urllib.request.urlopen(f"http://127.0.0.1:{metrics_port}/healthz", timeout=5) as ok:
        health = json.loads(ok.read())
    assert health["healthy"] is True
    assert health["mode"] == "polling"


def tap(emu: BotApiEmulator, label: str, *, expect: str) -> None:
    """Tap a button on the bot's last private message and check the edited screen."""
    message = emu.last_message(USER_ID)
    mark = emu.mark()
    emu.user_taps(message, emu.button_data(message, label))
    emu.wait_for("answerCallbackQuery", after=mark, timeout=15)
    edit = emu.wait_for("editMessageText", after=mark, timeout=15)
    assert expect in plain(edit["text"]), (label, plain(edit["text"]))
