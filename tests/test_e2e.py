"""End to end: `careerbot run` as a subprocess against a Bot API emulator on 127.0.0.1.

A user goes /start -> menu -> salary -> a country, steps through a workday, types a question,
changes /settings mid-conversation and asks again; a group of three members interleave
questions, reply to older answers and tap each other's buttons; someone makes an inline query;
then SIGTERM, and the process exits cleanly within seconds with its state saved.
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
from bot.telegram.offline import BOT_USERNAME, JSON
from tests.support.botapi import DEFAULT_USER, GROUP_ID, BotApiEmulator
from tests.support.harness import free_port

USER_ID = int(DEFAULT_USER["id"])
EVA: JSON = {"id": 3001, "is_bot": False, "first_name": "Eva"}
FINN: JSON = {"id": 3002, "is_bot": False, "first_name": "Finn"}
GRACE: JSON = {"id": 3003, "is_bot": False, "first_name": "Grace"}
BOT = f"@{BOT_USERNAME}"


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
        saved = {
            (chat, user): json.loads(data)
            for chat, user, data in db.execute("SELECT chat_id, user_id, data FROM contexts")
        }
        (prefs,) = db.execute("SELECT data FROM preferences WHERE user_id = ?", (USER_ID,))
    assert saved[(USER_ID, USER_ID)]["address"] == "data-scientist_sal_IN_senior"
    assert json.loads(prefs[0])["country"]["value"] == "IN"
    members = {user for chat, user in saved if chat == GROUP_ID}
    assert {EVA["id"], FINN["id"], GRACE["id"]} <= members


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

    settings_mid_conversation(emu)
    group_of_three(emu)

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


def ask(emu: BotApiEmulator, text: str) -> str:
    """Type in the private chat; the answer's text."""
    mark = emu.mark()
    emu.user_says(text)
    return plain(emu.wait_for("sendMessage", after=mark, timeout=15)["text"])


def settings_mid_conversation(emu: BotApiEmulator) -> None:
    """A country saved in /settings wins over the one the conversation had."""
    assert "Senior Data Engineer in 🇩🇪 Germany" in ask(emu, "senior data engineer salary germany")
    assert "Settings" in ask(emu, "/settings")
    tap(emu, "South Asia", expect="Pick your country")
    tap(emu, "India", expect="Saved: your country is India")
    assert "Senior Data Engineer in 🇮🇳 India" in ask(emu, "/salary")
    assert "Senior Data Scientist in 🇮🇳 India" in ask(emu, "and for data scientists?")


def in_group(emu: BotApiEmulator, person: JSON, text: str, to: JSON | None = None) -> JSON:
    """A member writes in the group (replying to one of the bot's messages, if told); the
    bot's answer as the group sees it."""
    mark = emu.mark()
    emu.group_says(text, user=person, reply_to=to)
    emu.wait_for("sendMessage", lambda p: int(p["chat_id"]) == GROUP_ID, after=mark, timeout=15)
    return emu.last_message(GROUP_ID)


def group_of_three(emu: BotApiEmulator) -> None:
    """Three members interleave; replies continue the message replied to, older ones too; a tap
    on someone else's answer gets the tapper their own and leaves that answer as it was."""
    eva_uk = in_group(emu, EVA, f"/salary@{BOT_USERNAME} senior uk")
    finn = in_group(emu, FINN, f"{BOT} what does a data engineer do")
    grace = in_group(emu, GRACE, f"{BOT} how much do data scientists make in India?")
    assert "Data Scientist · 🇮🇳 India" in plain(grace["text"]), "nobody else's level"
    eva_ca = in_group(emu, EVA, "and in Canada?", to=eva_uk)
    assert "Senior Machine Learning Engineer in 🇨🇦 Canada" in plain(eva_ca["text"])
    grace_de = in_group(emu, GRACE, "and in Germany?", to=finn)
    assert "Data Engineer · 🇩🇪 Germany" in plain(grace_de["text"])
    eva_junior = in_group(emu, EVA, "what about juniors?", to=eva_uk)
    assert "Junior Machine Learning Engineer in 🇬🇧 United Kingdom" in plain(eva_junior["text"])

    mark = emu.mark()
    emu.user_taps(finn, emu.button_data(finn, "Skills"), user=EVA)
    notice = emu.wait_for("answerCallbackQuery", after=mark, timeout=15)
    assert "someone else's" in notice["text"]
    own = emu.wait_for("sendMessage", after=mark, timeout=15)
    assert "Eva</a>, your answer" in own["text"]
    assert "Data Engineer skills needed" in plain(own["text"])
    now = {m["message_id"]: m for m in emu.sent_messages(GROUP_ID)}
    assert now[finn["message_id"]]["text"] == finn["text"], "Finn's answer is unchanged"


def tap(emu: BotApiEmulator, label: str, *, expect: str) -> None:
    """Tap a button on the bot's last private message and check the edited screen."""
    message = emu.last_message(USER_ID)
    mark = emu.mark()
    emu.user_taps(message, emu.button_data(message, label))
    emu.wait_for("answerCallbackQuery", after=mark, timeout=15)
    edit = emu.wait_for("editMessageText", after=mark, timeout=15)
    assert expect in plain(edit["text"]), (label, plain(edit["text"]))
