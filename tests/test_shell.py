"""The terminal shell and `ask`: scripted input, numbered buttons, and no traceback ever."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot import shell
from bot.engine import Engine
from knowledge.store import Store

HOSTILE = [
    "'; DROP TABLE roles; --",
    "<script>alert('x')</script>",
    "\x00\x1b[31mred\x1b[0m",
    "🙂" * 500,
    "a" * 50_000,
    "/start " + "x" * 200,
    "/start ../../etc/passwd",
    "/day@",
    "/salary " + "uk " * 1000,
    "%s%s%n",
    "{0.__class__}",
    "99999999999999999999",
    "-1",
    "0",
    "\ud800",
    "/",
    "&amp;&lt;",
    "\t\tsalary\t",
]


def run_shell(store: Store, lines: list[str]) -> str:
    """The shell's output for scripted lines."""
    out = io.StringIO()
    shell.run(Engine(store), io.StringIO("\n".join(lines) + "\n"), out)
    return out.getvalue()


def test_numbers_press_buttons(store: Store) -> None:
    output = run_shell(store, ["/start", "4"])
    assert "[4] 💰 Salary" in output
    assert "Annual salary ranges. Pick a region" in output


def test_replies_are_plain_text(store: Store) -> None:
    output = run_shell(store, ["salary for a junior MLE in Germany"])
    assert "<b>" not in output
    assert "Junior Machine Learning Engineer in 🇩🇪 Germany" in output


@pytest.mark.parametrize("line", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_never_shows_a_traceback(store: Store, line: str) -> None:
    output = run_shell(store, [line, "1"])
    assert "Traceback" not in output
    assert "went wrong" not in output
    assert output.count("\n> ") + output.startswith("> ") == 2


def test_ask_and_shell_as_commands(store_path: Path) -> None:
    env = {**os.environ, "CAREERBOT_DB": str(store_path)}
    asked = subprocess.run(
        [sys.executable, "-m", "bot.cli", "ask", "what does a SRE do"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    assert "What a Cloud Engineer actually does" in asked.stdout
    piped = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"],
        input="/roles\n2\n",
        capture_output=True,
        text=True,
        check=True,
        env={**env, "TELEGRAM_BOT_TOKEN": ""},
    )
    assert "local chat shell" in piped.stdout
    assert "Software Engineer" in piped.stdout
    assert piped.stderr == ""
