"""The layout shows the flow: stages are packages, imports go from higher stages to lower ones
only, there are no import cycles, and each third-party boundary has one home.

The imports are read with `ast` from the source of bot/ and knowledge/ (imports inside functions
included). Importing `a.b.c` also runs `a/b/__init__.py`; that implied edge is not counted, since
a package that imports its own modules would otherwise always be a cycle.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "knowledge")

LAYERS: dict[str, str] = {
    "knowledge": "knowledge",
    "bot": "base",
    "bot.errors": "base",
    "bot.settings": "base",
    "bot.conversation": "conversation",
    "bot.state": "state",
    "bot.ops": "ops",
    "bot.screens": "screens",
    "bot.engine": "engine",
    "bot.inline": "engine",
    "bot.shell": "adapter",
    "bot.telegram": "telegram",
    "bot.cli": "cli",
}
"""The layer of each module, by the longest prefix that names it."""
MAY_IMPORT: dict[str, frozenset[str]] = {
    "knowledge": frozenset({"knowledge"}),
    "base": frozenset({"base", "knowledge"}),
    "conversation": frozenset({"conversation", "base", "knowledge"}),
    "state": frozenset({"state", "base", "knowledge"}),
    "ops": frozenset({"ops", "state", "base", "knowledge"}),
    "screens": frozenset({"screens", "conversation", "base", "knowledge"}),
    "engine": frozenset({"engine", "screens", "conversation", "base", "knowledge"}),
    "adapter": frozenset({"adapter", "engine", "screens", "conversation", "base", "knowledge"}),
    "telegram": frozenset(
        {"telegram", "engine", "screens", "conversation", "ops", "state", "base", "knowledge"}
    ),
    "cli": frozenset(LAYERS.values()),
}
"""What each layer may import: itself and the layers below it, never one above."""


def module_name(path: Path) -> str:
    """`bot/screens/menus.py` -> `bot.screens.menus`; a package's `__init__.py` -> the package."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES: dict[str, Path] = {
    module_name(path): path for package in PACKAGES for path in (ROOT / package).rglob("*.py")
}


def imported(name: str) -> Iterator[str]:
    """Every module a module imports (ours resolved to modules, others by their full name)."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            assert node.level == 0, f"{name}: relative import"
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                yield child if child in MODULES else node.module


def layer(name: str) -> str:
    """The layer of one of our modules."""
    prefixes = [p for p in LAYERS if name == p or name.startswith(f"{p}.")]
    return LAYERS[max(prefixes, key=len)]


GRAPH: dict[str, set[str]] = {name: set(imported(name)) for name in MODULES}
OURS: dict[str, set[str]] = {name: {m for m in GRAPH[name] if m in MODULES} for name in MODULES}


def third_party(name: str) -> set[str]:
    """The top-level names of what a module imports from outside bot/ and knowledge/."""
    return {m.split(".")[0] for m in GRAPH[name] if m.split(".")[0] not in PACKAGES}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_go_down_the_layers(name: str) -> None:
    upward = {m for m in OURS[name] if layer(m) not in MAY_IMPORT[layer(name)]}
    assert upward == set(), f"{name} ({layer(name)}) imports a higher layer"


def test_the_stages_named_in_the_issue_keep_apart() -> None:
    def imports_of(prefix: str) -> set[str]:
        return {m for n in MODULES if n.startswith(prefix) for m in OURS[n]}

    conversation = imports_of("bot.conversation")
    assert not {m for m in conversation if m.startswith(("bot.screens", "bot.telegram", "bot.ops"))}
    assert not {m for m in imports_of("bot.screens") if m.startswith("bot.telegram")}
    assert not {m for m in imports_of("knowledge") if m.startswith("bot")}


def test_the_read_side_of_the_store_never_loads_the_build_side() -> None:
    assert GRAPH["knowledge.store"].isdisjoint({"knowledge.builder", "knowledge.sources", "yaml"})
    assert "yaml" not in third_party("knowledge.store")


def test_only_the_telegram_adapter_imports_telegram() -> None:
    users = {n for n in MODULES if "telegram" in third_party(n)}
    assert users, "the adapter imports telegram"
    assert all(n.startswith("bot.telegram") for n in users), sorted(users)


def test_there_are_no_import_cycles() -> None:
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            raise AssertionError("import cycle: " + " -> ".join([*path[path.index(name) :], name]))
        if name in done:
            return
        for other in sorted(OURS[name]):
            visit(other, [*path, name])
        done.add(name)

    for name in sorted(MODULES):
        visit(name, [])


def test_bot_root_is_small_and_the_stages_are_packages() -> None:
    assert len(list((ROOT / "bot").glob("*.py"))) <= 9
    for stage in ("conversation", "screens", "ops", "state", "telegram"):
        assert (ROOT / "bot" / stage / "__init__.py").is_file(), stage


@pytest.mark.parametrize("library", ["yaml", "telegram"])
def test_importing_the_engine_loads_neither_yaml_nor_telegram(library: str) -> None:
    code = f"import bot.engine, sys; print({library!r} in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.strip() == "False"
