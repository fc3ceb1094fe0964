"""The SQLite backend of the state: one file in WAL mode, read on demand through bounded caches.

Nothing is loaded at start: a chat's context is read when its next update arrives (a primary-key
lookup) and kept in a bounded cache; every update's changes are one committed transaction, which
survives `kill -9` (WAL, synchronous=NORMAL: only a power cut can lose the last commits).

Damage is named and survived: a file SQLite reports as corrupt or not a database is moved aside
(`state.sqlite3.damaged-<time>`, logged) and a fresh one started; a file or directory that cannot
be written is opened read-only (or, failing that, state is kept in memory), every failed write is
logged once and reported by `health()`, and the bot keeps answering from its caches.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from bot.state.cache import Bounded
from bot.state.interface import PRUNE_BATCH, TABLES, Cutoffs, State, StateVersionError
from bot.state.model import (
    Changes,
    Health,
    Json,
    Key,
    Pruned,
    Question,
    RawUpdate,
    Retention,
    Screen,
    Verdict,
)

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
CACHE_SIZE = 10_000
"""Contexts (and preferences, and flood buckets) kept in memory, the most recently used."""
DAMAGED = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})
"""SQLite errors that mean the file is damaged (as opposed to unwritable or busy)."""

DDL = """
CREATE TABLE IF NOT EXISTS contexts (
    chat_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    data TEXT NOT NULL,
    seen_at REAL NOT NULL,
    PRIMARY KEY (chat_id, user_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS contexts_seen ON contexts (seen_at);
CREATE TABLE IF NOT EXISTS preferences (
    user_id INTEGER PRIMARY KEY,
    data TEXT NOT NULL,
    seen_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS preferences_seen ON preferences (seen_at);
CREATE TABLE IF NOT EXISTS screens (
    chat_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    address TEXT NOT NULL,
    user_id INTEGER,
    sent_at REAL NOT NULL,
    PRIMARY KEY (chat_id, message_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS screens_sent ON screens (sent_at);
CREATE TABLE IF NOT EXISTS handled (
    update_id INTEGER PRIMARY KEY,
    handled_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS handled_at ON handled (handled_at);
CREATE TABLE IF NOT EXISTS inbox (
    update_id INTEGER PRIMARY KEY,
    payload TEXT NOT NULL,
    received_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS unanswered (
    id INTEGER PRIMARY KEY,
    at REAL NOT NULL,
    chat_kind TEXT NOT NULL,
    intent TEXT NOT NULL,
    confidence REAL NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS unanswered_at ON unanswered (at);
CREATE TABLE IF NOT EXISTS flood (
    user_id INTEGER PRIMARY KEY,
    level REAL NOT NULL,
    updated_at REAL NOT NULL,
    warned INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS flood_updated ON flood (updated_at);
CREATE TABLE IF NOT EXISTS knowledge (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    digest TEXT NOT NULL,
    changed_at REAL NOT NULL
);
"""

FROM_CHAT_DATA = """
INSERT OR IGNORE INTO contexts (chat_id, user_id, data, seen_at)
    SELECT chat_id, CASE WHEN chat_id > 0 THEN chat_id ELSE 0 END, json_extract(data, '$.ctx'),
           CAST(strftime('%s', updated) AS REAL)
    FROM chat_data WHERE json_valid(data) AND json_type(data, '$.ctx') = 'object';
INSERT OR IGNORE INTO preferences (user_id, data, seen_at)
    SELECT chat_id, json_object(
               'preferred_country', json_extract(data, '$.ctx.preferred_country'),
               'preferred_level', json_extract(data, '$.ctx.preferred_level')),
           CAST(strftime('%s', updated) AS REAL)
    FROM chat_data WHERE chat_id > 0 AND json_valid(data)
        AND (json_extract(data, '$.ctx.preferred_country') IS NOT NULL
             OR json_extract(data, '$.ctx.preferred_level') IS NOT NULL);
DROP TABLE chat_data;
"""
"""The state of the PTB persistence this store replaces: one JSON object per chat."""


def error_name(error: BaseException) -> str:
    """SQLITE_FULL, SQLITE_READONLY ... or the exception's class name."""
    return str(getattr(error, "sqlite_errorname", "") or type(error).__name__)


def damaged(error: BaseException) -> bool:
    """Whether an error says the file is damaged."""
    return error_name(error) in DAMAGED


def move_aside(path: Path, now: float) -> Path:
    """Rename a damaged state file (and its WAL files) out of the way; returns the new name."""
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now))
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{path}{suffix}")
        if source.exists():
            os.replace(source, Path(f"{target}{suffix}"))
    return target


def truncated(path: Path, conn: sqlite3.Connection) -> bool:
    """Whether the file is shorter than its header says (only knowable without a WAL file)."""
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return False
    (pages,) = conn.execute("PRAGMA page_count").fetchone()
    (size,) = conn.execute("PRAGMA page_size").fetchone()
    return bool(path.stat().st_size < int(pages) * int(size))


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating) a state file read-write in WAL mode with the current schema."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA busy_timeout = 2000")
        if truncated(path, conn):
            raise sqlite3.DatabaseError("the file is shorter than its header says (truncated)")
        migrate(conn)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn


def connect_read_only(path: Path) -> sqlite3.Connection:
    """Open an existing state file without writing to it or beside it."""
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return conn


def migrate(conn: sqlite3.Connection) -> None:
    """Create the tables, or bring an older file up to SCHEMA_VERSION, in one transaction."""
    (version,) = conn.execute("PRAGMA user_version").fetchone()
    if version == SCHEMA_VERSION:
        return
    if version > SCHEMA_VERSION:
        raise StateVersionError(
            f"the state file has schema {version}, newer than this careerbot's {SCHEMA_VERSION}: "
            "run the newer careerbot, or move the file away to start with empty state"
        )
    conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in _statements(DDL):
            conn.execute(statement)
        legacy = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'chat_data'"
        ).fetchone()
        if legacy:
            for statement in _statements(FROM_CHAT_DATA):
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def backup_file(source: Path, target: Path) -> None:
    """Copy a state file consistently with SQLite's online backup, even while it is written;
    the copy appears atomically at `target`."""
    if not source.is_file():
        raise FileNotFoundError(f"no state file at {source}")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dest = sqlite3.connect(partial)
        try:
            src.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        os.replace(partial, target)
    finally:
        src.close()
        partial.unlink(missing_ok=True)


class SQLiteState(State):
    """The state in one SQLite file (or in memory when `path` is None)."""

    def __init__(
        self,
        path: Path | None,
        retention: Retention | None = None,
        cache_size: int = CACHE_SIZE,
    ) -> None:
        self.path = path
        self.retention = retention or Retention()
        self._conn: sqlite3.Connection | None = None
        self._contexts: Bounded[Key, Json] = Bounded(cache_size)
        self._preferences: Bounded[int, Json] = Bounded(cache_size)
        self._flood: Bounded[int, tuple[float, float, bool]] = Bounded(cache_size)
        self._handled: Bounded[int, bool] = Bounded(cache_size)
        self._health = Health("sqlite", writable=True, durable=path is not None)
        self._reported: set[tuple[str, str]] = set()

    # --- lifecycle -----------------------------------------------------------------------------

    async def open(self) -> None:
        """Open the file; damaged: moved aside and started fresh; unwritable: read-only or
        memory, with health degraded. Opening an open state does nothing."""
        if self._conn is None:
            self._conn = self._open()

    def _open(self) -> sqlite3.Connection:
        if self.path is None:
            return self._memory()
        try:
            return connect(self.path)
        except (sqlite3.Error, OSError) as error:
            if isinstance(error, sqlite3.DatabaseError) and (
                damaged(error) or not isinstance(error, sqlite3.OperationalError)
            ):
                return self._fresh_after(error)
            return self._degraded_open(error)

    def _fresh_after(self, error: BaseException) -> sqlite3.Connection:
        assert self.path is not None
        moved = move_aside(self.path, time.time())
        log.error(
            "state file %s is damaged (%s: %s); moved it to %s and started with empty state",
            self.path,
            error_name(error),
            error,
            moved,
        )
        return connect(self.path)

    def _degraded_open(self, error: BaseException) -> sqlite3.Connection:
        assert self.path is not None
        reason = f"{error_name(error)}: {error}"
        if self.path.is_file():
            try:
                conn = connect_read_only(self.path)
            except sqlite3.Error:
                pass
            else:
                log.error(
                    "state file %s cannot be written (%s); reading it, keeping changes in "
                    "memory only",
                    self.path,
                    reason,
                )
                self._health = Health("sqlite", False, False, reason, "read-only")
                return conn
        log.error(
            "state file %s cannot be opened (%s); keeping state in memory only", self.path, reason
        )
        self._health = Health("sqlite", False, False, reason, "memory")
        return self._memory()

    @staticmethod
    def _memory() -> sqlite3.Connection:
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        migrate(conn)
        return conn

    async def close(self) -> None:
        """Close the file (every change is already committed)."""
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("PRAGMA optimize")
            self._conn.close()
            self._conn = None

    def health(self) -> Health:
        """Writable or not, and the last error."""
        return self._health

    @property
    def conn(self) -> sqlite3.Connection:
        """The open connection."""
        if self._conn is None:
            raise RuntimeError("the state is not open")
        return self._conn

    # --- failures ------------------------------------------------------------------------------

    def _wrote(self) -> None:
        if not self._health.writable and self._health.note is None:
            log.warning("state is writable again")
            self._reported.clear()
            self._health = Health("sqlite", True, self.path is not None)

    def _failed(self, what: str, error: sqlite3.Error, *, write: bool) -> None:
        """Log a failure once per kind; a damaged file is moved aside and replaced."""
        name = error_name(error)
        if damaged(error) and self.path is not None and self._health.note is None:
            with contextlib.suppress(sqlite3.Error):
                self.conn.close()
            self._conn = self._fresh_after(error)
            return
        if (what, name) not in self._reported:
            self._reported.add((what, name))
            log.error("state %s failed (%s: %s); answering from memory", what, name, error)
        if write:
            note = self._health.note
            self._health = Health("sqlite", False, False, f"{name}: {error}", note)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _write(self, what: str, changes: Any, *args: Any) -> bool:
        """Run one write function in a transaction; False (logged once) when it fails."""
        if self._health.note is not None:
            return False  # read-only or memory: nothing durable to write to
        try:
            with self._transaction() as conn:
                changes(conn, *args)
        except sqlite3.Error as error:
            self._failed(what, error, write=True)
            return False
        self._wrote()
        return True

    def _read(self, what: str, sql: str, params: Sequence[Any]) -> list[Any]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.Error as error:
            self._failed(what, error, write=False)
            return []

    # --- per update ----------------------------------------------------------------------------

    async def context(self, key: Key) -> Json | None:
        """The cached or stored context."""
        cached = self._contexts.get(key)
        if cached is None:
            rows = self._read(
                "read",
                "SELECT data FROM contexts WHERE chat_id = ? AND user_id = ?",
                (key.chat_id, key.user_id),
            )
            cached = _json(rows[0][0]) if rows else {}
            self._contexts.put(key, cached)
        return cached or None

    async def preferences(self, user_id: int) -> Json | None:
        """The cached or stored preferences."""
        cached = self._preferences.get(user_id)
        if cached is None:
            rows = self._read("read", "SELECT data FROM preferences WHERE user_id = ?", (user_id,))
            cached = _json(rows[0][0]) if rows else {}
            self._preferences.put(user_id, cached)
        return cached or None

    async def screen(self, chat_id: int, message_id: int) -> Screen | None:
        """A sent message's screen, if kept."""
        rows = self._read(
            "read",
            "SELECT address, user_id, sent_at FROM screens WHERE chat_id = ? AND message_id = ?",
            (chat_id, message_id),
        )
        if not rows:
            return None
        address, user_id, sent_at = rows[0]
        return Screen(chat_id, message_id, str(address), user_id, float(sent_at))

    async def handled(self, update_id: int) -> bool:
        """Whether the update's commit went through (or it was handled in this process)."""
        if update_id in self._handled:
            return True
        rows = self._read("read", "SELECT 1 FROM handled WHERE update_id = ?", (update_id,))
        return bool(rows)

    async def commit(self, changes: Changes) -> bool:
        """One transaction for everything the update changed; memory is updated either way."""
        for key, data in changes.contexts.items():
            self._contexts.put(key, data)
        for user_id, data in changes.preferences.items():
            self._preferences.put(user_id, data)
        if changes.update_id is not None:
            self._handled.put(changes.update_id, True)
        if not changes:
            return True
        return self._write("write", self._commit, changes)

    def _commit(self, conn: sqlite3.Connection, c: Changes) -> None:
        conn.executemany(
            "INSERT INTO contexts (chat_id, user_id, data, seen_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (chat_id, user_id) DO UPDATE SET data = excluded.data, "
            "seen_at = excluded.seen_at",
            [(k.chat_id, k.user_id, _dumps(d), c.at) for k, d in c.contexts.items()],
        )
        conn.executemany(
            "INSERT INTO preferences (user_id, data, seen_at) VALUES (?, ?, ?) "
            "ON CONFLICT (user_id) DO UPDATE SET data = excluded.data, seen_at = excluded.seen_at",
            [(user, _dumps(d), c.at) for user, d in c.preferences.items()],
        )
        seen = {k.user_id for k in c.contexts if k.user_id} - set(c.preferences)
        conn.executemany(
            "UPDATE preferences SET seen_at = ? WHERE user_id = ?", [(c.at, u) for u in seen]
        )
        self._add_screens(conn, c.screens)
        self._add_unanswered(conn, c)
        if c.update_id is not None:
            conn.execute(
                "INSERT OR IGNORE INTO handled (update_id, handled_at) VALUES (?, ?)",
                (c.update_id, c.at),
            )
            conn.execute("DELETE FROM inbox WHERE update_id = ?", (c.update_id,))

    def _add_screens(self, conn: sqlite3.Connection, screens: list[Screen]) -> None:
        keep = self.retention.screens_per_chat
        for s in screens:
            conn.execute(
                "INSERT OR REPLACE INTO screens (chat_id, message_id, address, user_id, sent_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (s.chat_id, s.message_id, s.address, s.user_id, s.sent_at),
            )
        for chat_id in {s.chat_id for s in screens}:
            conn.execute(
                "DELETE FROM screens WHERE chat_id = ? AND message_id < (SELECT message_id "
                "FROM screens WHERE chat_id = ? ORDER BY message_id DESC LIMIT 1 OFFSET ?)",
                (chat_id, chat_id, keep - 1),
            )

    def _add_unanswered(self, conn: sqlite3.Connection, c: Changes) -> None:
        if not c.unanswered:
            return
        conn.executemany(
            "INSERT INTO unanswered (at, chat_kind, intent, confidence, text) "
            "VALUES (?, ?, ?, ?, ?)",
            [(u.at, u.chat_kind, u.intent, u.confidence, u.text) for u in c.unanswered],
        )
        conn.execute(
            "DELETE FROM unanswered WHERE id <= (SELECT MAX(id) FROM unanswered) - ?",
            (self.retention.unanswered_max,),
        )

    # --- at-least-once delivery ----------------------------------------------------------------

    async def accept(self, updates: Sequence[RawUpdate], now: float) -> list[RawUpdate]:
        """Into the inbox, durably, before the sender is told they arrived."""
        fresh: dict[int, RawUpdate] = {}
        for update in updates:
            if update.update_id not in self._handled and update.update_id not in fresh:
                fresh[update.update_id] = update
        if not fresh:
            return []
        accepted: list[RawUpdate] = []
        if not self._write("inbox", self._accept, list(fresh.values()), now, accepted):
            return list(fresh.values())
        return accepted

    def _accept(
        self,
        conn: sqlite3.Connection,
        updates: list[RawUpdate],
        now: float,
        accepted: list[RawUpdate],
    ) -> None:
        ids = [u.update_id for u in updates]
        marks = ",".join("?" * len(ids))
        known = {
            row[0]
            for table in ("handled", "inbox")
            for row in conn.execute(
                f"SELECT update_id FROM {table} WHERE update_id IN ({marks})", ids
            )
        }
        accepted.extend(u for u in updates if u.update_id not in known)
        conn.executemany(
            "INSERT INTO inbox (update_id, payload, received_at) VALUES (?, ?, ?)",
            [(u.update_id, _dumps(u.payload), now) for u in accepted],
        )

    async def pending(self, after: int, limit: int) -> list[RawUpdate]:
        """What the inbox holds that was never handled."""
        rows = self._read(
            "read",
            "SELECT update_id, payload FROM inbox WHERE update_id > ? AND update_id NOT IN "
            "(SELECT update_id FROM handled) ORDER BY update_id LIMIT ?",
            (after, limit),
        )
        return [RawUpdate(int(uid), _json(payload)) for uid, payload in rows]

    async def skip(self, update_id: int, now: float) -> None:
        """Handled without handling."""
        await self.commit(Changes(update_id, now))

    # --- shared --------------------------------------------------------------------------------

    async def admit(self, user_id: int, rate: float, period: float, now: float) -> Verdict:
        """A leaky bucket of `rate` tokens draining at rate/period per second."""
        bucket = self._flood.get(user_id)
        if bucket is None:
            rows = self._read(
                "read", "SELECT level, updated_at, warned FROM flood WHERE user_id = ?", (user_id,)
            )
            bucket = (float(rows[0][0]), float(rows[0][1]), bool(rows[0][2])) if rows else None
        level, warned = 0.0, False
        if bucket is not None:
            old, at, warned = bucket
            level = max(0.0, old - max(0.0, now - at) * rate / period)
        if level + 1 <= rate:
            verdict: Verdict = "ok"
            level, warned = level + 1, False
        else:
            verdict = "drop" if warned else "warn"
            warned = True
        self._flood.put(user_id, (level, now, warned))
        self._write("flood", _put_flood, user_id, level, now, warned)
        return verdict

    async def top_unanswered(self, limit: int) -> list[Question]:
        """Grouped over the newest entries only (at most the cap), so it stays fast."""
        rows = self._read(
            "read",
            "SELECT MIN(text), COUNT(*), MAX(at) FROM (SELECT text, at FROM unanswered "
            "ORDER BY id DESC LIMIT ?) GROUP BY lower(text) "
            "ORDER BY COUNT(*) DESC, MAX(at) DESC LIMIT ?",
            (self.retention.unanswered_max, limit),
        )
        return [Question(str(text), int(count), float(last)) for text, count, last in rows]

    async def knowledge_version(self) -> str | None:
        """The digest in force, if set."""
        rows = self._read("read", "SELECT digest FROM knowledge WHERE id = 1", ())
        return str(rows[0][0]) if rows else None

    async def set_knowledge_version(self, digest: str, now: float) -> None:
        """Record a new digest."""
        self._write("write", _put_knowledge, digest, now)

    # --- operations ----------------------------------------------------------------------------

    async def prune(self, now: float) -> Pruned:
        """Delete, batch by batch (yielding between batches), what retention no longer keeps."""
        c = Cutoffs.at(self.retention, now)
        pruned = Pruned(
            contexts=await self._prune("contexts", "(chat_id, user_id)", "seen_at < ?", c.seen),
            preferences=await self._prune("preferences", "user_id", "seen_at < ?", c.seen),
            screens=await self._prune("screens", "(chat_id, message_id)", "sent_at < ?", c.seen),
            handled=await self._prune("handled", "update_id", "handled_at < ?", c.handled),
            unanswered=await self._prune(
                "unanswered",
                "id",
                "at < ? OR id <= (SELECT MAX(id) FROM unanswered) - ?",
                c.unanswered,
                c.unanswered_max,
            ),
            flood=await self._prune("flood", "user_id", "updated_at < ?", c.flood),
        )
        if pruned.contexts or pruned.preferences:
            self._contexts.clear()
            self._preferences.clear()
        return pruned

    async def _prune(self, table: str, key: str, where: str, *params: Any) -> int:
        deleted = 0
        while True:
            counted: list[int] = []
            ok = self._write(
                "prune",
                _delete_batch,
                f"DELETE FROM {table} WHERE {key} IN "
                f"(SELECT {key.strip('()')} FROM {table} WHERE {where} LIMIT {PRUNE_BATCH})",
                params,
                counted,
            )
            done = counted[0] if ok and counted else 0
            deleted += done
            if done < PRUNE_BATCH:
                return deleted
            await asyncio.sleep(0)

    async def backup(self, target: Path) -> None:
        """Online backup of the file, in a thread (the bot keeps writing meanwhile)."""
        if self.path is None or self._health.note == "memory":
            raise FileNotFoundError("the state is kept in memory only: nothing to back up")
        await asyncio.to_thread(backup_file, self.path, target)

    async def counts(self) -> dict[str, int]:
        """Rows per table."""
        return {
            table: int(rows[0][0]) if rows else 0
            for table in TABLES
            for rows in [self._read("read", f"SELECT count(*) FROM {table}", ())]
        }


def _put_flood(
    conn: sqlite3.Connection, user_id: int, level: float, now: float, warned: bool
) -> None:
    conn.execute(
        "INSERT INTO flood (user_id, level, updated_at, warned) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (user_id) DO UPDATE SET level = excluded.level, "
        "updated_at = excluded.updated_at, warned = excluded.warned",
        (user_id, level, now, int(warned)),
    )


def _put_knowledge(conn: sqlite3.Connection, digest: str, now: float) -> None:
    conn.execute(
        "INSERT INTO knowledge (id, digest, changed_at) VALUES (1, ?, ?) ON CONFLICT (id) "
        "DO UPDATE SET digest = excluded.digest, changed_at = excluded.changed_at",
        (digest, now),
    )


def _delete_batch(
    conn: sqlite3.Connection, sql: str, params: Sequence[Any], counted: list[int]
) -> None:
    counted.append(conn.execute(sql, params).rowcount)


def _dumps(data: Json) -> str:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def _json(text: str) -> Json:
    """A stored JSON object; a damaged row reads as nothing stored."""
    try:
        data = json.loads(text)
    except (TypeError, ValueError):
        log.warning("state: an unreadable row was ignored")
        return {}
    return data if isinstance(data, dict) else {}
