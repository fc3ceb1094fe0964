"""Docs that are tested: every command is in /help, in Telegram's menu and in the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.conversation.context import Viewer
from bot.conversation.sections import COMMANDS
from bot.conversation.view import View
from bot.screens import render
from bot.screens.html import plain
from bot.settings import Settings
from knowledge.store import Store

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
MAKEFILE = (Path(__file__).parent.parent / "Makefile").read_text(encoding="utf-8")


def test_every_command_is_in_help(store: Store) -> None:
    text = plain(render(View(section="help"), store, Viewer()).text)
    assert [c.name for c in COMMANDS] == re.findall(r"^/(\w+)", text, re.MULTILINE)


def test_every_command_is_in_the_readme() -> None:
    listed = re.findall(r"^\| `/(\w+)", README, re.MULTILINE)
    assert listed == [c.name for c in COMMANDS]


def test_readme_gives_the_two_commands_the_makefile_has() -> None:
    assert "make run " in README
    assert "make test " in README
    assert re.findall(r"^(\w+):", MAKEFILE, re.MULTILINE) == ["run", "test"]


@pytest.mark.parametrize(
    "variable", sorted(f.alias for f in Settings.model_fields.values() if f.alias)
)
def test_every_setting_is_documented(variable: str) -> None:
    assert f"`{variable}`" in README
