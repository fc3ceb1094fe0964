"""No secret in any output: `careerbot run` as a subprocess against the Bot API emulator answering
401 (a token it does not know, or one revoked while the bot runs) and 404 (a base URL without
/bot), and against a port where nothing listens; stderr, the JSON logs and /healthz never show
the token or its secret half, and each failure says what is wrong in one line."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.ops import logs
from bot.settings import Settings
from bot.telegram.offline import BOT_ID
from tests.support.botapi import BotApiEmulator
from tests.support.harness import free_port
from tests.test_operations import fetch

ROOT = Path(__file__).resolve().parents[1]
OTHER_TOKEN = f"{BOT_ID}:AAzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz1"
"""A well-formed token the emulator does not know."""


@pytest.fixture
def emulator() -> Iterator[BotApiEmulator]:
    with BotApiEmulator() as emu:
        yield emu


def environment(
    tmp_path: Path, store_path: Path, token: str, base_url: str, **extra: str
) -> dict[str, str]:
    return {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": token,
        "TELEGRAM_API_BASE_URL": base_url,
        "CAREERBOT_STATE_DIR": str(tmp_path),
        "CAREERBOT_DB": str(store_path),
        "CAREERBOT_METRICS_PORT": "0",
        **extra,
    }


def assert_secret_free(text: str, token: str) -> None:
    assert token not in text
    assert token.split(":")[1] not in text


@pytest.mark.parametrize("json_lines", ["false", "true"])
@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("401", "Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized)"),
        ("404", "check TELEGRAM_API_BASE_URL (it must end in /bot"),
    ],
)
def test_a_rejected_token_or_url_is_one_line_without_the_token(
    emulator: BotApiEmulator,
    store_path: Path,
    tmp_path: Path,
    answer: str,
    expected: str,
    json_lines: str,
) -> None:
    token = OTHER_TOKEN if answer == "401" else emulator.token
    base = emulator.base_url if answer == "401" else emulator.base_url.removesuffix("bot")
    env = environment(tmp_path, store_path, token, base, CAREERBOT_LOG_JSON=json_lines)
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr[-2000:]
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("careerbot: ")
    assert expected in last
    assert "Traceback" not in done.stderr
    assert_secret_free(done.stdout + done.stderr, token)


class Running:
    """`careerbot run` in the background, its stderr read line by line."""

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run"],
            env=env,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        self._watchdog = threading.Timer(90, self.process.kill)
        self._watchdog.start()

    def wait_for(self, text: str, times: int = 1) -> None:
        """Read stderr until `text` has appeared `times` times (the watchdog ends a hang)."""
        assert self.process.stderr is not None
        while sum(text in line for line in self.lines) < times:
            line = self.process.stderr.readline()
            assert line, f"the bot ended before {text!r}:\n" + "".join(self.lines[-20:])
            self.lines.append(line)

    def stop(self) -> str:
        """SIGTERM; everything it printed."""
        self.process.send_signal(signal.SIGTERM)
        out, err = self.process.communicate(timeout=15)
        self._watchdog.cancel()
        assert self.process.returncode == 0, err[-2000:]
        return out + "".join(self.lines) + err


def test_a_token_revoked_while_running_turns_health_red_without_the_token(
    emulator: BotApiEmulator, store_path: Path, tmp_path: Path
) -> None:
    port = free_port()
    token = emulator.token
    env = environment(
        tmp_path,
        store_path,
        token,
        emulator.base_url,
        CAREERBOT_LOG_JSON="true",
        CAREERBOT_METRICS_PORT=str(port),
        CAREERBOT_HEALTH_TELEGRAM_SECONDS="0.5",
    )
    bot = Running(env, tmp_path)
    try:
        bot.wait_for("started as @")
        emulator.wait_for("getUpdates", timeout=15)
        code, body = fetch(f"http://127.0.0.1:{port}/healthz")
        assert code == 200, body
        emulator.revoke(OTHER_TOKEN)
        bot.wait_for("the token or the API URL was rejected", times=2)
        code, body = fetch(f"http://127.0.0.1:{port}/healthz")
        _, metrics = fetch(f"http://127.0.0.1:{port}/metrics")
    finally:
        output = bot.stop()
    health = json.loads(body)
    assert code == 503
    assert health["problems"] == ["telegram_failing"]
    assert health["telegram"]["last_error"] == "HTTP 401"
    assert 'careerbot_telegram_calls_total{method="getUpdates",outcome="401"}' in metrics
    assert_secret_free(output + body + metrics, token)


def test_no_network_at_start_retries_and_says_so_without_the_token(
    store_path: Path, tmp_path: Path
) -> None:
    port, nowhere = free_port(), free_port()
    token = f"{BOT_ID}:AAqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq2"
    env = environment(
        tmp_path,
        store_path,
        token,
        f"http://127.0.0.1:{nowhere}/bot",
        CAREERBOT_METRICS_PORT=str(port),
        CAREERBOT_HEALTH_TELEGRAM_SECONDS="0.5",
    )
    bot = Running(env, tmp_path)
    try:
        bot.wait_for("cannot reach Telegram", times=2)
        code, body = fetch(f"http://127.0.0.1:{port}/healthz")
    finally:
        output = bot.stop()
    health = json.loads(body)
    assert code == 503
    assert health["problems"] == ["starting", "telegram_failing"]
    assert health["telegram"]["last_error"].startswith("NetworkError")
    assert "Traceback" not in output
    assert_secret_free(output + body, token)


def test_the_state_url_and_its_password_alone_are_redacted() -> None:
    url = "postgresql://careerbot:s3cr%40t-pw@db.internal:5432/careerbot"
    redact = logs.Redactor(Settings(CAREERBOT_STATE_URL=url).secrets())
    hidden = logs.REDACTED
    line = redact(f"cannot connect to {url}; password 's3cr@t-pw' rejected (S3CR%40T-PW)")
    assert "s3cr" not in line.lower()
    assert line == f"cannot connect to {hidden}; password '{hidden}' rejected ({hidden})"
