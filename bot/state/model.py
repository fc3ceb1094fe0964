"""The values the state interface takes and gives: plain data, no backend, no Telegram."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Json = dict[str, Any]
"""A JSON object as stored: a pydantic model dumped with mode="json"."""
Verdict = Literal["ok", "warn", "drop"]
"""The flood gate's answer: handle it; tell the user to slow down (once per flood); ignore it."""
MAX_UNANSWERED_CHARS = 200


@dataclass(frozen=True)
class Key:
    """Whose conversation: a chat and a person in it. In a private chat the user is the chat's
    user; `user_id=0` is a chat's shared context (a group where members share one)."""

    chat_id: int
    user_id: int = 0


@dataclass(frozen=True)
class Screen:
    """A message the bot sent: the screen address it shows and the user it was sent to."""

    chat_id: int
    message_id: int
    address: str
    user_id: int | None
    sent_at: float


@dataclass(frozen=True)
class Unanswered:
    """A message the bot could not answer: text (at most 200 characters), when, where; no ids."""

    text: str
    at: float
    chat_kind: str
    intent: str
    confidence: float

    @classmethod
    def of(
        cls, text: str, *, at: float, chat_kind: str, intent: str, confidence: float
    ) -> Unanswered | None:
        """The entry for a message: whitespace collapsed, truncated; None when empty."""
        cleaned = " ".join(text.split())[:MAX_UNANSWERED_CHARS]
        return cls(cleaned, at, chat_kind, intent, confidence) if cleaned else None


@dataclass(frozen=True)
class Question:
    """An unanswered message, how often it was asked, and when last."""

    text: str
    count: int
    last_seen: float


@dataclass(frozen=True)
class RawUpdate:
    """An update as Telegram sent it (JSON), kept in the inbox until it has been handled, and
    the chat it is about (when it is about one), so replicas keep each chat's updates in order."""

    update_id: int
    payload: Json
    chat_id: int | None = None


@dataclass
class Changes:
    """What one update changed, committed in one transaction with its update id (so an update
    already handled is never handled again, and a crash before the commit replays it)."""

    update_id: int | None
    at: float
    contexts: dict[Key, Json] = field(default_factory=dict)
    preferences: dict[int, Json] = field(default_factory=dict)
    screens: list[Screen] = field(default_factory=list)
    unanswered: list[Unanswered] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.update_id is not None or bool(
            self.contexts or self.preferences or self.screens or self.unanswered
        )


@dataclass(frozen=True)
class Retention:
    """How long things are kept and how many."""

    days: float = 90
    """Chats and people not seen for this long are forgotten (contexts, preferences, screens)."""
    unanswered_days: float = 30
    unanswered_max: int = 10_000
    """The unanswered log keeps at most this many entries, the newest."""
    screens_per_chat: int = 50
    """Sent-message -> screen entries kept per chat, the newest."""
    handled_days: float = 2
    """Handled update ids kept (Telegram redelivers for at most a day)."""


@dataclass(frozen=True)
class Pruned:
    """What one maintenance pass deleted."""

    contexts: int = 0
    preferences: int = 0
    screens: int = 0
    handled: int = 0
    unanswered: int = 0
    flood: int = 0

    @property
    def total(self) -> int:
        """Rows deleted in all."""
        return (
            self.contexts
            + self.preferences
            + self.screens
            + self.handled
            + self.unanswered
            + self.flood
        )


@dataclass(frozen=True)
class Health:
    """Whether the state can be written, and if not, why (never a path with secrets)."""

    backend: str
    writable: bool
    durable: bool
    error: str | None = None
    note: str | None = None
    database: str | None = None
    """Where a database backend is (host:port/name, never a password)."""
    unsaved: int = 0
    """Updates whose changes wait in memory for the database to take them."""

    def as_json(self) -> Json:
        """For /healthz."""
        body: Json = {"backend": self.backend, "writable": self.writable, "durable": self.durable}
        if self.database:
            body["database"] = self.database
            body["unsaved"] = self.unsaved
        if self.error:
            body["error"] = self.error
        if self.note:
            body["note"] = self.note
        return body
