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


ROOT = Path(__file__).parent.parent
LAYOUT = README.split("## Layout", 1)[1].split("```", 2)[1]
FIGURES = README.split("## Figures", 1)[1].split("\n## ", 1)[0]
ENTRY_INDENT = 6
"""Tree lines indented more than this continue the description on the line above."""


def layout_tree() -> dict[str, set[str]]:
    """Folder (`bot/screens/`) -> the Python files the README's layout names in it."""
    tree: dict[str, set[str]] = {}
    stack: list[tuple[int, str]] = []
    current = ""
    for line in LAYOUT.splitlines():
        indent = len(line) - len(line.lstrip())
        if line.strip() and indent <= ENTRY_INDENT:
            while stack and stack[-1][0] >= indent:
                stack.pop()
            first = line.split()[0]
            if first.endswith("/"):
                stack.append((indent, first))
            current = "".join(name for _, name in stack)
        tree.setdefault(current, set()).update(re.findall(r"(?<![\w/])\w+\.py\b", line))
    return tree


TREE = layout_tree()
MODULES = sorted(
    path.relative_to(ROOT)
    for folder in ("bot", "knowledge", "tests/support")
    for path in (ROOT / folder).rglob("*.py")
    if path.name != "__init__.py"
)


def named(module: Path) -> bool:
    """Whether the layout names a module under its folder; a folder it lists without naming
    any of its files stands for all of them (`importer/`)."""
    names = TREE.get(f"{module.parent}/")
    return names is not None and (not names or module.name in names)


def test_the_layout_names_every_module_where_it_is() -> None:
    assert [str(m) for m in MODULES if not named(m)] == []


def test_the_layout_names_no_file_that_is_gone() -> None:
    gone = [
        f"{folder}{name}"
        for folder, names in TREE.items()
        for name in names
        if folder and not (ROOT / folder / name).is_file()
    ]
    assert gone == []


def test_every_script_is_in_the_readme() -> None:
    scripts = sorted(p.name for p in (ROOT / "scripts").glob("*.py"))
    assert [s for s in scripts if s not in FIGURES and s not in TREE["scripts/"]] == []
