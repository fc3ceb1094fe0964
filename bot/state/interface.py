"""The state interface: one abstract class, one implementation per backend.

Every method is async (a PostgreSQL backend awaits its pool; the SQLite backend answers directly,
its calls take microseconds). Storage failures never raise out of the per-update methods: a read
that fails answers "nothing stored", a write that fails is logged once and shows in `health()`,
so the bot keeps answering from memory. The one exception: `accept` of a backend that cannot
keep updates in memory instead (PostgreSQL) raises StateUnavailable, so they are delivered
again. `commit` is the one write per update: everything the update changed and its update id,
in one transaction.

Tables (the same in every backend; `bot/state/sqlite.py` has the SQLite DDL,
`bot/state/migrations.py` the PostgreSQL one):
- contexts (chat_id, user_id) -> data JSON, seen_at: conversation context per person in a chat
  (user_id 0: the chat's shared context);
- preferences (user_id) -> data JSON, seen_at: a person's settings, which follow them into groups;
- screens (chat_id, message_id) -> address, user_id, sent_at: what each sent message shows, the
  newest `screens_per_chat` per chat;
- handled (update_id) -> handled_at: updates already handled, written in the update's commit;
- inbox (update_id) -> payload JSON, received_at: updates received but not yet handled (written
  before Telegram is told they arrived; replayed after a crash);
- unanswered (id) -> at, chat_kind, intent, confidence, text (<= 200 characters): no ids, capped;
- flood (user_id) -> level, updated_at, warned: the per-user leaky bucket;
- knowledge (id = 1) -> digest, changed_at: the knowledge version in force.
Retention: contexts, preferences and screens not seen for `Retention.days` are deleted by
`prune`, which the bot runs periodically in small batches.

Several processes (replicas) can share a backend that says `shared` (PostgreSQL): then `lead`
lets one of them poll Telegram at a time, `pending` hands over what a dead replica left in the
inbox, and `on_knowledge` tells every replica when a /reload anywhere changed the knowledge.
A backend one process uses alone (the SQLite file) leads at once and never calls back.
"""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from bot.errors import BotError
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

KnowledgeListener = Callable[[str], Awaitable[None]]
"""Called with the digest of the knowledge version now in force."""
TABLES = (
    "contexts",
    "preferences",
    "screens",
    "handled",
    "inbox",
    "unanswered",
    "flood",
    "knowledge",
)
"""The state's tables, the same in every backend (described above)."""
PRUNE_BATCH = 2_000
"""Rows deleted per statement when pruning, so a large prune never stalls the bot."""
DAY = 86_400.0
"""Seconds in a day."""


class StateUnavailable(BotError):
    """The state cannot keep updates right now (its database is away) and the backend cannot
    answer from memory instead: the sender must deliver them again later."""


class StateVersionError(BotError):
    """The state (the SQLite file, or the PostgreSQL database) was written by a newer careerbot
    than this one: an older one must not write to a schema it does not know."""


@dataclass(frozen=True)
class Cutoffs:
    """What `prune` deletes at one moment: rows last seen, sent, handled or updated before
    these times, and unanswered entries older than `unanswered` or beyond the newest
    `unanswered_max`."""

    seen: float
    handled: float
    unanswered: float
    unanswered_max: int
    flood: float

    @classmethod
    def at(cls, retention: Retention, now: float) -> Cutoffs:
        """The cut-offs of `retention` at `now` (a flood bucket is forgotten after a day)."""
        return cls(
            seen=now - retention.days * DAY,
            handled=now - retention.handled_days * DAY,
            unanswered=now - retention.unanswered_days * DAY,
            unanswered_max=retention.unanswered_max,
            flood=now - DAY,
        )


class State(ABC):
    """Per-chat, per-person and shared state of the bot."""

    shared: ClassVar[bool] = False
    """Whether other processes may use the same state at the same time (replicas)."""

    @abstractmethod
    async def open(self) -> None:
        """Connect, create or migrate the schema; a damaged store is moved aside (logged)."""

    @abstractmethod
    async def close(self) -> None:
        """Release the connection(s); everything committed stays."""

    @abstractmethod
    def health(self) -> Health:
        """Whether writes succeed right now (cheap: no I/O)."""

    # --- per update ----------------------------------------------------------------------------

    @abstractmethod
    async def context(self, key: Key) -> Json | None:
        """The stored conversation context of a person in a chat, or None."""

    @abstractmethod
    async def preferences(self, user_id: int) -> Json | None:
        """A person's stored preferences, or None."""

    @abstractmethod
    async def screen(self, chat_id: int, message_id: int) -> Screen | None:
        """What one of the bot's messages shows, if it is still kept."""

    @abstractmethod
    async def handled(self, update_id: int) -> bool:
        """Whether this update was already handled (its commit went through)."""

    @abstractmethod
    async def commit(self, changes: Changes) -> bool:
        """Write what one update changed, its update id and its removal from the inbox, in one
        transaction. True when it is durable; False (logged once) when it could not be written."""

    # --- at-least-once delivery ----------------------------------------------------------------

    @abstractmethod
    async def accept(self, updates: Sequence[RawUpdate], now: float) -> list[RawUpdate]:
        """Keep received updates durably in the inbox; return those to handle now: neither
        handled already nor already waiting in the inbox. A backend that cannot answer from
        memory raises StateUnavailable when it cannot keep them."""

    @abstractmethod
    async def pending(self, after: int, limit: int) -> list[RawUpdate]:
        """Updates in the inbox that were never handled, with ids above `after`, oldest first
        (replayed at start). A shared backend hands over only those no live process holds
        (their process died), each to one process."""

    @abstractmethod
    async def skip(self, update_id: int, now: float) -> None:
        """Mark an update handled without handling it (one that cannot be read)."""

    # --- shared --------------------------------------------------------------------------------

    @abstractmethod
    async def admit(self, user_id: int, rate: float, period: float, now: float) -> Verdict:
        """Take one token from the user's bucket (`rate` per `period` seconds)."""

    @abstractmethod
    async def top_unanswered(self, limit: int) -> list[Question]:
        """The most frequent unanswered messages (case-insensitive), most frequent first."""

    @abstractmethod
    async def knowledge_version(self) -> str | None:
        """The digest of the knowledge in force, if one was set."""

    @abstractmethod
    async def set_knowledge_version(self, digest: str, now: float) -> None:
        """Record the knowledge now in force (after a /reload)."""

    def on_knowledge(self, listener: KnowledgeListener) -> None:
        """Call `listener(digest)` whenever the knowledge version in force changes, also when
        another process changed it (shared backends; the others never call it)."""
        del listener  # one process alone: only its own /reload changes the version

    # --- several processes ---------------------------------------------------------------------

    async def earlier(self, chat_id: int, update_id: int) -> bool:
        """Whether an update of this chat older than `update_id` was received but is not handled
        yet (by another process: each process keeps its own chats in order). A backend one
        process uses alone says False."""
        del chat_id, update_id
        return False

    async def lead(self) -> asyncio.Event:
        """Wait until this process is the one that polls Telegram; returns an event that is set
        if it stops being it (its lock went with its database connection). A backend one
        process uses alone leads at once, for good."""
        return asyncio.Event()

    # --- operations ----------------------------------------------------------------------------

    @abstractmethod
    async def prune(self, now: float) -> Pruned:
        """Delete what retention no longer keeps, in small batches."""

    @abstractmethod
    async def backup(self, target: Path) -> None:
        """A consistent copy of the state while the bot runs."""

    @abstractmethod
    async def counts(self) -> dict[str, int]:
        """Rows per table (for /stats and benchmarks)."""
