"""Shared fixtures: real stores built by the real builder from the real (or edited) sources."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from knowledge import SOURCES_DIR
from knowledge.builder import build
from knowledge.store import Store
from tests.support.harness import Bot, application
from tests.support.postgres import PostgresServer

SEED_PAGE = Path(__file__).parent / "fixtures" / "seed_page.txt"

# Property tests draw the same examples on every run (`make test` and CI are repeatable);
# `HYPOTHESIS_PROFILE=explore` draws new ones each run, to hunt for failures.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


def copy_sources(dest: Path) -> Path:
    """A private, editable copy of the shipped sources."""
    target = dest / "sources"
    shutil.copytree(SOURCES_DIR, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    """An editable copy of the sources for one test."""
    return copy_sources(tmp_path)


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built once per session from the shipped sources."""
    path = tmp_path_factory.mktemp("store") / "knowledge.sqlite3"
    build(SOURCES_DIR, path)
    return path


@pytest.fixture(scope="session")
def store(store_path: Path) -> Iterator[Store]:
    """The session's read-only store."""
    opened = Store(store_path)
    yield opened
    opened.close()


@pytest.fixture
async def bot(store: Store, tmp_path: Path) -> AsyncIterator[Bot]:
    """The real Application, initialised, on the session store with its state in tmp_path
    and a recording transport."""
    async with application(store, tmp_path) as running:
        yield running


@pytest.fixture(scope="session")
def seed_page() -> str:
    """The career page the Machine Learning Engineer role was built from."""
    return SEED_PAGE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """One real PostgreSQL server on 127.0.0.1 for the whole session, stopped at its end."""
    with PostgresServer() as server:
        yield server


@pytest.fixture
def postgres_url(postgres: PostgresServer) -> Iterator[str]:
    """A fresh database of its own for one test (the state schema in it), deleted after it;
    the server is running again after it."""
    url = postgres.fresh()
    yield url
    if not postgres.running():
        postgres.start()
    postgres.drop(url)
