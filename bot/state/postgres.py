"""The PostgreSQL backend of the state (CAREERBOT_STATE_URL=postgresql://...): one database that
every replica of the bot shares.

Everything is read from the database when an update needs it (no process-local cache: another
replica may have changed the chat since) and everything an update changed is written, with its
update id and its removal from the inbox, in one transaction. Connections come from psycopg's
AsyncConnectionPool; a connection found broken (the database restarted) is replaced and the
statement tried once more. The schema is made by the versioned migrations of
`bot.state.migrations`, applied at start. Each process also keeps its presence connection
(`bot.state.presence`): its replica slot, the poller lock, knowledge notifications.

When the database is away: reads answer "nothing stored"; `accept` raises StateUnavailable, so
the webhook answers 503 and polling keeps its offset (Telegram keeps the updates); a commit that
fails is kept in memory and written, in order, when the database is back; `health()` says so.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.rows import TupleRow
from psycopg.types.json import Jsonb
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from bot.errors import BotError, ConfigError
from bot.state.interface import (
    PRUNE_BATCH,
    TABLES,
    Cutoffs,
    KnowledgeListener,
    State,
    StateUnavailable,
)
from bot.state.migrations import migrate
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
from bot.state.presence import CHANNEL, REPLICA_LOCKS, Presence

log = logging.getLogger(__name__)
T = TypeVar("T")
Connection = psycopg.AsyncConnection[TupleRow]
Work = Callable[[Connection], Awaitable[T]]

POOL_SIZE = 10
POOL_TIMEOUT = 3.0
"""Seconds an update waits for a pooled connection before its state call fails."""
OPEN_SECONDS = 30.0
"""How long start-up waits for the database to answer."""
TICK = 0.5
"""Seconds between the presence's checks (the poller lock, the version row, unsaved commits)."""
SETTLE = 10.0
"""After its own reconnection, seconds a process waits before taking over other processes'
updates: they lost their connection too, and need a moment to take their slots back."""
UNSAVED_MAX = 10_000
"""Commits kept in memory while the database is away (the oldest are dropped beyond)."""
DEFAULTS = {
    "connect_timeout": "5",
    "application_name": "careerbot",
    "keepalives_idle": "10",
    "keepalives_interval": "5",
    "keepalives_count": "3",
}
"""Connection parameters used unless the URL sets them."""
FAILURES = (psycopg.Error, PoolTimeout, OSError)
"""What a state call may hit when the database is away."""

DRAINED = "greatest(0.0, f.level - greatest(0.0, %(now)s - f.updated_at) * %(rate)s / %(period)s)"
ADMIT = f"""
INSERT INTO flood AS f (user_id, level, updated_at, warned)
VALUES (%(user)s, CASE WHEN 1 <= %(rate)s THEN 1 ELSE 0 END, %(now)s,
        CASE WHEN 1 <= %(rate)s THEN 0 ELSE 1 END)
ON CONFLICT (user_id) DO UPDATE SET
    level = CASE WHEN {DRAINED} + 1 <= %(rate)s THEN {DRAINED} + 1 ELSE {DRAINED} END,
    warned = CASE WHEN {DRAINED} + 1 <= %(rate)s THEN 0 ELSE f.warned + 1 END,
    updated_at = %(now)s
RETURNING warned
"""
"""The leaky bucket in one statement (the row is locked while it runs, so replicas taking from
the same bucket at once count every message): `warned` counts refusals in a row, 0 is ok,
1 the one warning, more are dropped."""
UNFLUSHED = b"SET LOCAL synchronous_commit TO off"
"""For a write that may be lost if the database crashes (a flood counter): its commit does not
wait for the disk."""
ACCEPT = """
INSERT INTO inbox (update_id, payload, chat_id, received_at, owner)
SELECT u.id, u.payload, u.chat, %s, %s
FROM unnest(%s::bigint[], %s::jsonb[], %s::bigint[]) AS u (id, payload, chat)
WHERE NOT EXISTS (SELECT 1 FROM handled h WHERE h.update_id = u.id)
ON CONFLICT (update_id) DO NOTHING
RETURNING update_id
"""
ORPHANS = """
UPDATE inbox AS i SET owner = %(me)s, claimed_at = now()
FROM (
    SELECT update_id FROM inbox AS o
    WHERE o.update_id > %(after)s AND o.owner <> %(me)s
      AND o.owner NOT IN (
          SELECT l.objid::bigint FROM pg_locks AS l
          WHERE l.locktype = 'advisory' AND l.classid::bigint = %(slots)s AND l.objsubid = 2
            AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()))
      AND NOT EXISTS (SELECT 1 FROM handled AS h WHERE h.update_id = o.update_id)
    ORDER BY update_id LIMIT %(limit)s
    FOR UPDATE SKIP LOCKED
) AS taken
WHERE i.update_id = taken.update_id
RETURNING i.update_id, i.payload, i.chat_id
"""
"""Claim inbox rows whose process is gone (nobody holds their slot's lock), each for one taker."""


class BackupNotHere(BotError):
    """The state is in PostgreSQL: backups are the database's own (pg_dump)."""


def conninfo(url: str) -> str:
    """The connection string: the URL, plus the defaults it does not set."""
    try:
        given = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        raise ConfigError(
            "CAREERBOT_STATE_URL is not a PostgreSQL URL "
            "(postgresql://USER:PASSWORD@HOST:PORT/DATABASE)"
        ) from None
    return make_conninfo(url, **{k: v for k, v in DEFAULTS.items() if k not in given})


def where(url: str) -> str:
    """host:port/database of a URL, never its password (for logs and messages)."""
    parts = conninfo_to_dict(url)
    host = str(parts.get("host") or "localhost")
    return f"{host}:{parts.get('port') or 5432}/{parts.get('dbname') or parts.get('user') or ''}"


class PostgresState(State):
    """The state in a PostgreSQL database shared by every replica."""

    shared = True

    def __init__(
        self,
        url: str,
        retention: Retention | None = None,
        pool_size: int = POOL_SIZE,
        *,
        tick: float = TICK,
        open_seconds: float = OPEN_SECONDS,
    ) -> None:
        self.conninfo = conninfo(url)
        self.where = where(url)
        self.retention = retention or Retention()
        self.pool_size, self.tick, self.open_seconds = pool_size, tick, open_seconds
        self._pool: AsyncConnectionPool[Connection] | None = None
        self._presence: Presence | None = None
        self._listeners: list[KnowledgeListener] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._unsaved: collections.deque[Changes] = collections.deque()
        self._flushing = asyncio.Lock()
        self._error: str | None = None
        self._error_at = 0.0
        self._reported: set[tuple[str, str]] = set()

    # --- lifecycle -----------------------------------------------------------------------------

    async def open(self) -> None:
        """Connect, migrate, take a replica slot; waits up to `open_seconds` for the database
        (StateUnavailable after that). Opening an open state does nothing."""
        if self._pool is not None:
            return
        applied, presence = await self._start()
        pool: AsyncConnectionPool[Connection] = AsyncConnectionPool(
            self.conninfo,
            min_size=1,
            max_size=self.pool_size,
            kwargs={"autocommit": True},
            open=False,
            timeout=POOL_TIMEOUT,
            name="careerbot-state",
        )
        await pool.open(wait=False)  # the database answers: the pool fills at once
        self._pool, self._presence = pool, presence
        log.info(
            "state in PostgreSQL %s (replica slot %d%s)",
            self.where,
            presence.slot,
            f", applied migrations {applied}" if applied else "",
        )

    async def _start(self) -> tuple[list[int], Presence]:
        """Migrate (on a connection of its own, so each try says why it failed) and take a
        slot, trying again every second while the database cannot be reached."""
        deadline = time.monotonic() + self.open_seconds
        waiting = False
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                    self.conninfo, autocommit=True
                ) as conn:
                    applied = await migrate(conn)
                presence = Presence(
                    self.conninfo, tick=self.tick, on_version=self._changed, on_tick=self._tick
                )
                await presence.start()
                return applied, presence
            except FAILURES as error:
                reason = _reason(error)
                left = deadline - time.monotonic()
                if left <= 0:
                    raise StateUnavailable(
                        f"cannot reach the state database {self.where} ({reason}); is it "
                        "running, and is CAREERBOT_STATE_URL right?"
                    ) from None
                if not waiting:
                    log.warning(
                        "state database %s not reachable yet (%s); waiting up to %.0f s",
                        self.where,
                        reason,
                        left,
                    )
                    waiting = True
                await asyncio.sleep(min(1.0, left))

    async def close(self) -> None:
        """Write what is still unsaved, release the locks and the connections."""
        if self._pool is None:
            return
        if self._unsaved:
            await self._flush()
        if self._unsaved:
            log.error(
                "state: the changes of %d update(s) could not be written before the stop",
                len(self._unsaved),
            )
        if self._presence is not None:
            await self._presence.stop()
        for task in list(self._tasks):
            task.cancel()
        await self._pool.close()
        self._pool = self._presence = None

    def health(self) -> Health:
        """Writable while the database answers and the last write went through."""
        presence, unsaved = self._presence, len(self._unsaved)
        if presence is not None and not presence.up:
            error = presence.error or "unreachable"
            return Health("postgresql", False, True, error, None, self.where, unsaved)
        return Health(
            "postgresql", self._error is None, True, self._error, None, self.where, unsaved
        )

    @property
    def presence(self) -> Presence:
        """This process's presence connection (open)."""
        if self._presence is None:
            raise RuntimeError("the state is not open")
        return self._presence

    # --- running statements --------------------------------------------------------------------

    async def _run(self, work: Work[T]) -> T:
        """Run `work` on a pooled connection; once more when the connection was broken."""
        if self._pool is None:
            raise RuntimeError("the state is not open")
        if self._presence is not None and not self._presence.up:
            raise psycopg.OperationalError(self._presence.error or "the database is unreachable")
        try:
            async with self._pool.connection() as conn:
                return await work(conn)
        except psycopg.OperationalError:
            await self._pool.check()  # drops the broken connections; new ones are made
        async with self._pool.connection() as conn:
            return await work(conn)

    async def _try(self, what: str, work: Work[T], fallback: T, *, write: bool = False) -> T:
        """`work`'s result, or `fallback` when the database failed (logged once per kind)."""
        try:
            result = await self._run(work)
        except FAILURES as error:
            self._failed(what, error, write=write)
            return fallback
        if write:
            self._wrote()
        return result

    def _failed(self, what: str, error: BaseException, *, write: bool) -> None:
        name = type(error).__name__
        if (what, name) not in self._reported:
            self._reported.add((what, name))
            log.error("state %s failed (%s: %s)", what, name, str(error).strip())
        if write:
            self._error = f"{name}: {str(error).strip()}"
            self._error_at = time.monotonic()

    def _wrote(self) -> None:
        if self._error is not None:
            log.warning("the state database takes writes again")
            self._error = None
            self._reported.clear()

    async def _read(self, sql: str, params: Sequence[Any] | dict[str, Any]) -> list[TupleRow]:
        async def rows(conn: Connection) -> list[TupleRow]:
            cursor = await conn.execute(sql.encode(), params)
            return await cursor.fetchall()

        return await self._try("read", rows, [])

    # --- per update ----------------------------------------------------------------------------

    async def context(self, key: Key) -> Json | None:
        """The stored context, read from the database."""
        rows = await self._read(
            "SELECT data FROM contexts WHERE chat_id = %s AND user_id = %s",
            (key.chat_id, key.user_id),
        )
        return _object(rows[0][0]) or None if rows else None

    async def preferences(self, user_id: int) -> Json | None:
        """The stored preferences, read from the database."""
        rows = await self._read("SELECT data FROM preferences WHERE user_id = %s", (user_id,))
        return _object(rows[0][0]) or None if rows else None

    async def screen(self, chat_id: int, message_id: int) -> Screen | None:
        """A sent message's screen, if kept."""
        rows = await self._read(
            "SELECT address, user_id, sent_at FROM screens WHERE chat_id = %s AND message_id = %s",
            (chat_id, message_id),
        )
        if not rows:
            return None
        address, user_id, sent_at = rows[0]
        return Screen(chat_id, message_id, str(address), user_id, float(sent_at))

    async def handled(self, update_id: int) -> bool:
        """Whether any replica committed this update (or this one will, once the database is
        back)."""
        if any(c.update_id == update_id for c in self._unsaved):
            return True
        rows = await self._read("SELECT 1 FROM handled WHERE update_id = %s", (update_id,))
        return bool(rows)

    async def commit(self, changes: Changes) -> bool:
        """One transaction; when it fails the changes wait in memory, in order, for the database
        to come back (True only once they are written)."""
        if not changes:
            return True
        if not self._unsaved:
            if await self._write(changes):
                return True
            self._keep(changes)
            return False
        self._keep(changes)
        await self._flush()
        return all(c is not changes for c in self._unsaved)

    def _keep(self, changes: Changes) -> None:
        if len(self._unsaved) >= UNSAVED_MAX:
            dropped = self._unsaved.popleft()
            log.error("state: dropped the unsaved changes of update %s", dropped.update_id)
        self._unsaved.append(changes)

    async def _flush(self) -> None:
        """Write the unsaved changes, oldest first, until one fails."""
        async with self._flushing:
            while self._unsaved:
                if not await self._write(self._unsaved[0]):
                    return
                self._unsaved.popleft()
            log.info("state: the changes kept while the database was away are written")

    async def _write(self, changes: Changes) -> bool:
        async def write(conn: Connection) -> bool:
            return await self._commit(conn, changes)

        return await self._try("write", write, False, write=True)

    async def _commit(self, conn: Connection, c: Changes) -> bool:
        # Rows in key order, so two replicas writing the same rows never deadlock.
        async with conn.pipeline(), conn.transaction():
            cursor = conn.cursor()
            if c.contexts:
                await cursor.executemany(
                    "INSERT INTO contexts (chat_id, user_id, data, seen_at) "
                    "VALUES (%s, %s, %s, %s) ON CONFLICT (chat_id, user_id) "
                    "DO UPDATE SET data = excluded.data, seen_at = excluded.seen_at",
                    [
                        (k.chat_id, k.user_id, Jsonb(c.contexts[k]), c.at)
                        for k in sorted(c.contexts, key=lambda k: (k.chat_id, k.user_id))
                    ],
                )
            if c.preferences:
                await cursor.executemany(
                    "INSERT INTO preferences (user_id, data, seen_at) VALUES (%s, %s, %s) "
                    "ON CONFLICT (user_id) DO UPDATE SET data = excluded.data, "
                    "seen_at = excluded.seen_at",
                    [(u, Jsonb(c.preferences[u]), c.at) for u in sorted(c.preferences)],
                )
            seen = sorted({k.user_id for k in c.contexts if k.user_id} - set(c.preferences))
            if seen:
                await conn.execute(
                    "UPDATE preferences SET seen_at = %s WHERE user_id = ANY(%s)", (c.at, seen)
                )
            await self._add_screens(conn, c.screens)
            await self._add_unanswered(conn, c)
            if c.update_id is not None:
                await conn.execute(
                    "INSERT INTO handled (update_id, handled_at) VALUES (%s, %s) "
                    "ON CONFLICT (update_id) DO NOTHING",
                    (c.update_id, c.at),
                )
                await conn.execute("DELETE FROM inbox WHERE update_id = %s", (c.update_id,))
        return True

    async def _add_screens(self, conn: Connection, screens: list[Screen]) -> None:
        if not screens:
            return
        ordered = sorted(screens, key=lambda s: (s.chat_id, s.message_id))
        await conn.cursor().executemany(
            "INSERT INTO screens (chat_id, message_id, address, user_id, sent_at) "
            "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (chat_id, message_id) DO UPDATE SET "
            "address = excluded.address, user_id = excluded.user_id, sent_at = excluded.sent_at",
            [(s.chat_id, s.message_id, s.address, s.user_id, s.sent_at) for s in ordered],
        )
        for chat_id in sorted({s.chat_id for s in screens}):
            await conn.execute(
                "DELETE FROM screens WHERE chat_id = %(chat)s AND message_id < (SELECT message_id "
                "FROM screens WHERE chat_id = %(chat)s ORDER BY message_id DESC "
                "LIMIT 1 OFFSET %(keep)s)",
                {"chat": chat_id, "keep": self.retention.screens_per_chat - 1},
            )

    async def _add_unanswered(self, conn: Connection, c: Changes) -> None:
        if not c.unanswered:
            return
        await conn.cursor().executemany(
            "INSERT INTO unanswered (at, chat_kind, intent, confidence, text) "
            "VALUES (%s, %s, %s, %s, %s)",
            [(u.at, u.chat_kind, u.intent, u.confidence, u.text) for u in c.unanswered],
        )
        await conn.execute(
            "DELETE FROM unanswered WHERE id <= (SELECT max(id) FROM unanswered) - %s",
            (self.retention.unanswered_max,),
        )

    # --- at-least-once delivery ----------------------------------------------------------------

    async def accept(self, updates: Sequence[RawUpdate], now: float) -> list[RawUpdate]:
        """Into the shared inbox, owned by this process; StateUnavailable when the database
        cannot take them (the sender delivers them again)."""
        fresh = list({u.update_id: u for u in updates}.values())
        if not fresh:
            return []
        slot = self.presence.slot

        async def insert(conn: Connection) -> set[int]:
            cursor = await conn.execute(
                ACCEPT.encode(),
                (
                    now,
                    slot,
                    [u.update_id for u in fresh],
                    [Jsonb(u.payload) for u in fresh],
                    [u.chat_id for u in fresh],
                ),
            )
            return {int(row[0]) for row in await cursor.fetchall()}

        try:
            kept = await self._run(insert)
        except FAILURES as error:
            self._failed("inbox", error, write=True)
            raise StateUnavailable("the state database cannot keep updates right now") from None
        self._wrote()
        return [u for u in fresh if u.update_id in kept]

    async def pending(self, after: int, limit: int) -> list[RawUpdate]:
        """Claims the unhandled updates of processes that are gone (none for a moment after
        this process reconnected, while the others take their slots back)."""
        presence = self.presence
        if presence.reconnects and time.monotonic() - presence.connected_at < SETTLE:
            return []
        params = {"me": presence.slot, "after": after, "limit": limit, "slots": REPLICA_LOCKS}

        async def claim(conn: Connection) -> list[TupleRow]:
            cursor = await conn.execute(ORPHANS.encode(), params)
            return await cursor.fetchall()

        nothing: list[TupleRow] = []
        rows = await self._try("inbox", claim, nothing, write=True)
        return sorted(
            (RawUpdate(int(uid), _object(payload), chat) for uid, payload, chat in rows),
            key=lambda u: u.update_id,
        )

    async def skip(self, update_id: int, now: float) -> None:
        """Handled without handling."""
        await self.commit(Changes(update_id, now))

    async def earlier(self, chat_id: int, update_id: int) -> bool:
        """Whether an older update of the chat is still in the shared inbox, held by another
        replica (not yet committed); False when the database cannot say."""
        rows = await self._read(
            "SELECT 1 FROM inbox WHERE chat_id = %s AND update_id < %s AND owner <> %s LIMIT 1",
            (chat_id, update_id, self.presence.slot),
        )
        return bool(rows)

    # --- shared --------------------------------------------------------------------------------

    async def admit(self, user_id: int, rate: float, period: float, now: float) -> Verdict:
        """The flood gate's bucket, shared by every replica; "ok" when the database is away. Its
        commit does not wait for the disk: a crash of the database may forget a few messages'
        count, never anything an update needs."""
        params = {"user": user_id, "rate": float(rate), "period": float(period), "now": now}

        async def take(conn: Connection) -> int:
            async with conn.pipeline(), conn.transaction():
                await conn.execute(UNFLUSHED)
                cursor = await conn.execute(ADMIT.encode(), params)
                row = await cursor.fetchone()
            return int(row[0]) if row else 0

        refused = await self._try("flood", take, 0, write=True)
        return "ok" if refused == 0 else "warn" if refused == 1 else "drop"

    async def top_unanswered(self, limit: int) -> list[Question]:
        """Grouped over the newest entries only (at most the cap)."""
        rows = await self._read(
            "SELECT min(text), count(*), max(at) FROM (SELECT text, at FROM unanswered "
            "ORDER BY id DESC LIMIT %s) AS newest GROUP BY lower(text) "
            "ORDER BY count(*) DESC, max(at) DESC LIMIT %s",
            (self.retention.unanswered_max, limit),
        )
        return [Question(str(text), int(count), float(last)) for text, count, last in rows]

    async def knowledge_version(self) -> str | None:
        """The digest in force, if set."""
        rows = await self._read("SELECT digest FROM knowledge WHERE id = 1", ())
        return str(rows[0][0]) if rows else None

    async def set_knowledge_version(self, digest: str, now: float) -> None:
        """Record a new digest and tell every replica (NOTIFY, delivered at commit)."""

        async def put(conn: Connection) -> bool:
            async with conn.transaction():
                await conn.execute(
                    "INSERT INTO knowledge (id, digest, changed_at) VALUES (1, %s, %s) "
                    "ON CONFLICT (id) DO UPDATE SET digest = excluded.digest, "
                    "changed_at = excluded.changed_at",
                    (digest, now),
                )
                await conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, digest))
            return True

        await self._try("write", put, False, write=True)

    def on_knowledge(self, listener: KnowledgeListener) -> None:
        """Call `listener(digest)` when the version row changes (NOTIFY, or read every few
        seconds)."""
        self._listeners.append(listener)

    def _changed(self, digest: str) -> None:
        for listener in self._listeners:
            task = asyncio.create_task(_quietly(listener, digest), name="careerbot:knowledge")
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _tick(self) -> None:
        """Each presence tick: once the database is reachable again, write what waited; a
        failure that came from losing it is over when the presence has reconnected since."""
        presence = self._presence
        if presence is None or not presence.up:
            return
        if self._unsaved:
            await self._flush()
        elif self._error is not None and presence.connected_at > self._error_at:
            self._wrote()

    async def lead(self) -> asyncio.Event:
        """Wait for the poller lock (one process at a time polls Telegram)."""
        return await self.presence.lead()

    # --- operations ----------------------------------------------------------------------------

    async def prune(self, now: float) -> Pruned:
        """Delete, batch by batch, what retention no longer keeps."""
        c = Cutoffs.at(self.retention, now)
        return Pruned(
            contexts=await self._prune("contexts", "seen_at < %s", c.seen),
            preferences=await self._prune("preferences", "seen_at < %s", c.seen),
            screens=await self._prune("screens", "sent_at < %s", c.seen),
            handled=await self._prune("handled", "handled_at < %s", c.handled),
            unanswered=await self._prune(
                "unanswered",
                "at < %s OR id <= (SELECT max(id) FROM unanswered) - %s",
                c.unanswered,
                c.unanswered_max,
            ),
            flood=await self._prune("flood", "updated_at < %s", c.flood),
        )

    async def _prune(self, table: str, condition: str, *params: Any) -> int:
        sql = (
            f"DELETE FROM {table} WHERE ctid = ANY(ARRAY("
            f"SELECT ctid FROM {table} WHERE {condition} LIMIT {PRUNE_BATCH}))"
        ).encode()

        async def delete(conn: Connection) -> int:
            cursor = await conn.execute(sql, params)
            return max(0, cursor.rowcount)

        deleted = 0
        while True:
            done = await self._try("prune", delete, 0, write=True)
            deleted += done
            if done < PRUNE_BATCH:
                return deleted
            await asyncio.sleep(0)

    async def backup(self, target: Path) -> None:
        """Not here: pg_dump makes a consistent copy of the database (see the README)."""
        raise BackupNotHere(
            f"the state is in the PostgreSQL database {self.where}: back it up with pg_dump "
            "(see the README, Backups)"
        )

    async def counts(self) -> dict[str, int]:
        """Rows per table."""
        columns = ", ".join(f"(SELECT count(*) FROM {table})" for table in TABLES)
        rows = await self._read(f"SELECT {columns}", ())
        return dict(zip(TABLES, (int(n) for n in rows[0]), strict=True)) if rows else {}


async def _quietly(listener: KnowledgeListener, digest: str) -> None:
    try:
        await listener(digest)
    except Exception:  # a listener's failure must not stop the presence
        log.exception("following knowledge version %s failed", digest)


def _reason(error: BaseException) -> str:
    """The first line of what went wrong (libpq's messages name host and port, never a
    password)."""
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__


def _object(data: object) -> Json:
    """A stored JSON object (anything else reads as nothing stored)."""
    return data if isinstance(data, dict) else {}
