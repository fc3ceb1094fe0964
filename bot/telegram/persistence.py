"""Per-chat state in a SQLite file, through PTB's persistence interface.

Only chat_data is kept: each chat's data is a JSON object in one row. Writes are committed
transactions in WAL mode, so the file survives a restart and a `kill -9` with the last
committed state.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import CDCData, ConversationDict, ConversationKey

ChatData = dict[str, Any]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS chat_data (
    chat_id INTEGER PRIMARY KEY,
    data TEXT NOT NULL,
    updated TEXT NOT NULL DEFAULT (datetime('now'))
)
"""


class SQLitePersistence(BasePersistence[dict[str, Any], ChatData, dict[str, Any]]):
    """PTB persistence keeping chat_data in a SQLite file."""

    def __init__(self, path: Path, update_interval: float = 60) -> None:
        super().__init__(
            store_data=PersistenceInput(
                bot_data=False, chat_data=True, user_data=False, callback_data=False
            ),
            update_interval=update_interval,
        )
        self.path = path
        self._conn: sqlite3.Connection | None = None

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(self.path, isolation_level=None)
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = NORMAL")
            self._conn.execute(_SCHEMA)
        return self._conn

    async def get_chat_data(self) -> dict[int, ChatData]:
        """Every chat's stored data."""
        rows = self._db().execute("SELECT chat_id, data FROM chat_data").fetchall()
        return {int(chat_id): json.loads(data) for chat_id, data in rows}

    async def update_chat_data(self, chat_id: int, data: ChatData) -> None:
        """Store one chat's data (one committed transaction)."""
        self._db().execute(
            "INSERT INTO chat_data (chat_id, data) VALUES (?, ?) ON CONFLICT(chat_id) "
            "DO UPDATE SET data = excluded.data, updated = datetime('now')",
            (chat_id, json.dumps(data, separators=(",", ":"))),
        )

    async def drop_chat_data(self, chat_id: int) -> None:
        """Forget a chat."""
        self._db().execute("DELETE FROM chat_data WHERE chat_id = ?", (chat_id,))

    async def refresh_chat_data(self, chat_id: int, chat_data: ChatData) -> None:
        """Nothing to refresh: this process is the only writer of its state file."""

    async def flush(self) -> None:
        """Close the file (every write is already committed)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # --- kinds of data this persistence does not keep -----------------------------------------

    async def get_user_data(self) -> dict[int, dict[str, Any]]:
        """Not kept."""
        return {}

    async def update_user_data(self, user_id: int, data: dict[str, Any]) -> None:
        """Not kept."""

    async def refresh_user_data(self, user_id: int, user_data: dict[str, Any]) -> None:
        """Not kept."""

    async def drop_user_data(self, user_id: int) -> None:
        """Not kept."""

    async def get_bot_data(self) -> dict[str, Any]:
        """Not kept."""
        return {}

    async def update_bot_data(self, data: dict[str, Any]) -> None:
        """Not kept."""

    async def refresh_bot_data(self, bot_data: dict[str, Any]) -> None:
        """Not kept."""

    async def get_callback_data(self) -> CDCData | None:
        """Not kept: buttons carry view addresses, not arbitrary callback data."""
        return None

    async def update_callback_data(self, data: CDCData) -> None:
        """Not kept."""

    async def get_conversations(self, name: str) -> ConversationDict:
        """Not kept: the bot has no ConversationHandler."""
        return {}

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        """Not kept."""
