"""The command line: a bad token is one clear line, and never printed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


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
