"""The unanswered-questions log: what people asked that the bot could not answer.

Kept for knowledge editors: the message (truncated), when, and the kind of chat, never a user
or chat id. On by default; kept for a configurable number of days.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

MAX_CHARS = 200
DAY = 86_400

_SCHEMA = """
CREATE TABLE IF NOT EXISTS unanswered (
    at REAL NOT NULL,
    chat_kind TEXT NOT NULL,
    intent TEXT NOT NULL,
    confidence REAL NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS unanswered_at ON unanswered (at);
"""


@dataclass(frozen=True)
class Question:
    """A message that went unanswered, how often, and when last."""

    text: str
    count: int
    last_seen: float


class UnansweredLog:
    """An SQLite file of unanswered messages (no ids), pruned after `days`."""

    def __init__(self, path: Path, *, enabled: bool = True, days: int = 30) -> None:
        self.path, self.enabled, self.days = path, enabled, days
        self._conn: sqlite3.Connection | None = None

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.executescript(_SCHEMA)
        return self._conn

    def record(
        self, text: str, *, chat_kind: str, intent: str, confidence: float, now: float | None = None
    ) -> None:
        """Keep one message (truncated, whitespace collapsed), unless the log is off."""
        if not self.enabled:
            return
        cleaned = " ".join(text.split())[:MAX_CHARS]
        if not cleaned:
            return
        self._db().execute(
            "INSERT INTO unanswered (at, chat_kind, intent, confidence, text) "
            "VALUES (?, ?, ?, ?, ?)",
            (now if now is not None else time.time(), chat_kind, intent, confidence, cleaned),
        )

    def prune(self, now: float | None = None) -> int:
        """Forget messages older than the retention; returns how many went."""
        if not self.path.exists():
            return 0
        cutoff = (now if now is not None else time.time()) - self.days * DAY
        cursor = self._db().execute("DELETE FROM unanswered WHERE at < ?", (cutoff,))
        return cursor.rowcount

    def top(self, limit: int = 20) -> list[Question]:
        """The most frequent unanswered messages (case-insensitive), most frequent first."""
        if not self.path.exists():
            return []
        rows = (
            self._db()
            .execute(
                "SELECT MIN(text), COUNT(*), MAX(at) FROM unanswered GROUP BY lower(text) "
                "ORDER BY COUNT(*) DESC, MAX(at) DESC LIMIT ?",
                (limit,),
            )
            .fetchall()
        )
        return [Question(text, count, last) for text, count, last in rows]

    def close(self) -> None:
        """Close the file."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
