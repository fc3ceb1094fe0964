"""End to end with two replicas: two real `careerbot run --webhook` processes on one PostgreSQL
database, behind the Bot API emulator, which delivers the webhook to each in turn as a
round-robin load balancer would. A conversation alternates between them (a follow-up and a
button press on the replica that did not send the message); one replica is killed with SIGKILL
in the middle of an update it had accepted, and the other answers it; PostgreSQL restarts while a
message is on its way; every message is answered, in context, and none twice.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.screens.html import plain
from tests.support.botapi import DEFAULT_USER, BotApiEmulator
from tests.support.harness import free_port
from tests.support.postgres import PostgresServer

USER_ID = int(DEFAULT_USER["id"])
SECRET = "e2e-replicas-secret"


class Process:
    """One `careerbot run --webhook` replica."""

    def __init__(self, name: str, env: dict[str, str], folder: Path) -> None:
        self.name = name
        self.webhook_port, self.metrics_port = free_port(), free_port()
        folder.mkdir()
        self.log = folder / "stderr.log"
        env = {
            **env,
            "CAREERBOT_STATE_DIR": str(folder),
            "CAREERBOT_WEBHOOK_PORT": str(self.webhook_port),
            "CAREERBOT_METRICS_PORT": str(self.metrics_port),
        }
        with self.log.open("w") as stderr:
            self.popen = subprocess.Popen(
                [sys.executable, "-m", "bot.cli", "run", "--webhook"],
                env=env,
                cwd=folder,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )

    @property
    def target(self) -> str:
        return f"http://127.0.0.1:{self.webhook_port}"

    def health(self) -> dict[str, Any]:
        """/healthz, whether 200 or 503 ({} while it does not answer)."""
        url = f"http://127.0.0.1:{self.metrics_port}/healthz"
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                body: dict[str, Any] = json.loads(answer.read())
        except urllib.error.HTTPError as error:
            body = json.loads(error.read())
        except OSError:
            body = {}
        return body

    def wait_healthy(self, timeout: float = 30.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                raise AssertionError(f"{self.name} exited:\n{self.log.read_text()[-3000:]}")
            health = self.health()
            if health.get("healthy"):
                return health
            time.sleep(0.1)
        raise AssertionError(f"{self.name} not healthy in {timeout} s: {self.health()}")

    def stop(self) -> str:
        """SIGTERM (unless already dead); its log."""
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
                pytest.fail(f"{self.name} did not stop within 15 s of SIGTERM")
        return self.log.read_text()


@pytest.fixture
def emulator() -> Iterator[BotApiEmulator]:
    with BotApiEmulator() as emu:
        yield emu


def test_two_replicas_one_conversation_one_killed(
    emulator: BotApiEmulator,
    store_path: Path,
    tmp_path: Path,
    postgres_url: str,
    postgres: PostgresServer,
) -> None:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": emulator.token,
        "TELEGRAM_API_BASE_URL": emulator.base_url,
        "CAREERBOT_DB": str(store_path),
        "CAREERBOT_STATE_URL": postgres_url,
        "CAREERBOT_WEBHOOK_URL": "https://bot.example",
        "CAREERBOT_WEBHOOK_SECRET": SECRET,
        "CAREERBOT_WEBHOOK_LISTEN": "127.0.0.1",
        "CAREERBOT_LOG_JSON": "true",
    }
    a, b = Process("a", env, tmp_path / "a"), Process("b", env, tmp_path / "b")
    try:
        for replica in (a, b):
            assert replica.wait_healthy()["mode"] == "webhook"
        emulator.deliver_to([a.target, b.target])
        play(emulator, a, b, postgres)
    finally:
        logs = {p.name: p.stop() for p in (a, b)}
    assert a.popen.returncode == -signal.SIGKILL
    assert b.popen.returncode == 0, logs["b"][-2000:]
    for log in logs.values():
        assert "Traceback" not in log
        assert emulator.token not in log
    assert "replaying 1 update(s)" in logs["b"]
    assert "state database connection lost" in logs["b"]


def says(emu: BotApiEmulator, text: str, expect: str) -> str:
    """The user sends `text`; the bot's one answer contains `expect`; returns it."""
    mark = emu.mark()
    update = emu.user_says(text)
    answer = plain(emu.wait_for("sendMessage", after=mark, timeout=30)["text"])
    assert expect in answer, (text, answer)
    delivered_once(emu, update["update_id"])
    return answer


def delivered_once(emu: BotApiEmulator, update_id: int) -> None:
    """Telegram was told once that the update arrived (one 2xx delivery)."""
    accepted = [d for d in emu.delivered() if d.update_id == update_id and d.status == 200]
    assert len(accepted) == 1, emu.delivered()


def targets(emu: BotApiEmulator) -> list[str]:
    return [d.target for d in emu.delivered() if d.status == 200]


def tap(emu: BotApiEmulator, label: str, expect: str) -> None:
    """Tap a button on the bot's last message; the screen is edited in place."""
    message = emu.last_message(USER_ID)
    mark = emu.mark()
    emu.user_taps(message, emu.button_data(message, label))
    edit = emu.wait_for("editMessageText", after=mark, timeout=30)
    assert expect in plain(edit["text"]), (label, plain(edit["text"]))


def play(emu: BotApiEmulator, a: Process, b: Process, postgres: PostgresServer) -> None:
    says(emu, "senior salary germany", "Senior Machine Learning Engineer in 🇩🇪 Germany")
    says(emu, "and in the uk?", "Senior Machine Learning Engineer in 🇬🇧 United Kingdom")
    says(emu, "what about india", "Senior Machine Learning Engineer in 🇮🇳 India")
    tap(emu, "Senior day", "Step 1 of")  # a sent that message; b edits it
    assert targets(emu) == [a.target, b.target, a.target, b.target], "in turn"

    # a accepts the next tap and is killed while it answers; b takes the update over
    held = emu.hold("answerCallbackQuery")
    mark = emu.mark()
    message = emu.last_message(USER_ID)
    emu.user_taps(message, emu.button_data(message, "Next"))
    emu.wait_for("answerCallbackQuery", after=mark, timeout=30)
    assert targets(emu)[-1] == a.target
    os.kill(a.popen.pid, signal.SIGKILL)
    a.popen.wait(timeout=10)
    edit = emu.wait_for("editMessageText", after=mark, timeout=30)
    held.set()
    assert "Step 2 of" in plain(edit["text"])

    # deliveries to the dead replica fail over to b; the conversation goes on in context
    says(emu, "junior salary in india", "Junior Machine Learning Engineer in 🇮🇳 India")
    says(emu, "and in Singapore?", "Junior Machine Learning Engineer in 🇸🇬 Singapore")
    assert 0 in {d.status for d in emu.delivered() if d.target == a.target}

    # PostgreSQL restarts while a message is on its way: refused (503) until it is back
    postgres.stop()
    mark = emu.mark()
    update = emu.user_says("and in germany?")
    deadline = time.monotonic() + 15
    while not any(d.update_id == update["update_id"] and d.status == 503 for d in emu.delivered()):
        assert time.monotonic() < deadline, emu.delivered()[-5:]
        time.sleep(0.05)
    postgres.start()
    answer = emu.wait_for("sendMessage", after=mark, timeout=30)
    assert "Junior Machine Learning Engineer in 🇩🇪 Germany" in plain(answer["text"])
    delivered_once(emu, update["update_id"])

    sent = [p for p in emu.calls_of("sendMessage") if p["chat_id"] == USER_ID]
    edits = [p for p in emu.calls_of("editMessageText") if p["chat_id"] == USER_ID]
    assert (len(sent), len(edits)) == (6, 2), "every message answered once"
