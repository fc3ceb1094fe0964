"""A process's own connection to the shared database: who is alive, who polls, what changed.

Every process holds one connection outside the pool, its presence, and on it:
- an advisory lock on its replica slot (a random number, kept across reconnects when free):
  the inbox rows a process received carry its slot, and rows whose slot nobody holds belong to a
  process that died, so another one may take them over;
- the poller lock, while this process is the one that polls Telegram (`lead`);
- LISTEN on the knowledge channel: a /reload on any replica NOTIFYs the new digest, and every
  few seconds the version row is read too, in case a notification was missed.
Locks are session-level: when the process dies, or its connection drops, the database releases
them at once. When the connection drops, `lost` is set (polling must stop), and the presence
reconnects with backoff and takes its slot (and, if still wanted, the poller lock) again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Awaitable, Callable
from typing import Any

import psycopg
from psycopg.rows import TupleRow

log = logging.getLogger(__name__)

REPLICA_LOCKS = 0x63617266
"""The first key of the replica slot locks ("carf"); the second is the slot."""
POLLER_LOCK = (0x63617267, 0)
"""The lock of the one process that polls Telegram ("carg", 0)."""
CHANNEL = "careerbot_knowledge"
"""The NOTIFY channel of knowledge versions."""
KNOWLEDGE_POLL = 5.0
"""Seconds between reads of the version row (the fallback for a missed notification)."""

MAX_BACKOFF = 2.0
PING_TIMEOUT = 5.0
"""Seconds a ping may take before the connection counts as lost (a silent network)."""

Connection = psycopg.AsyncConnection[TupleRow]
Tick = Callable[[], Awaitable[None]]


class Presence:
    """This process's connection: its slot, the poller lock, knowledge notifications."""

    def __init__(
        self,
        conninfo: str,
        *,
        tick: float,
        on_version: Callable[[str], None],
        on_tick: Tick,
        connect: dict[str, Any] | None = None,
    ) -> None:
        self.conninfo, self.tick, self.connect_kwargs = conninfo, tick, connect or {}
        self.on_version, self.on_tick = on_version, on_tick
        self.slot = random.randint(1, 2**31 - 1)
        self.version: str | None = None
        self.up = False
        self.error: str | None = None
        self.connected_at = 0.0
        """time.monotonic() of the last (re)connection."""
        self.reconnects = 0
        self.beats = 0
        """Ticks done since the start (each tries the poller lock when it is wanted)."""
        self.poll = KNOWLEDGE_POLL
        """Seconds between reads of the version row."""
        self._conn: Connection | None = None
        self._task: asyncio.Task[None] | None = None
        self._want_lead = False
        self._leading = asyncio.Event()
        self._lost = asyncio.Event()
        self._polled = 0.0
        self._stopping = False

    # --- lifecycle -----------------------------------------------------------------------------

    async def start(self) -> None:
        """Connect (raising psycopg.Error when the database cannot be reached) and watch."""
        self._conn = await self._connect()
        self._task = asyncio.create_task(self._watch(), name="careerbot:presence")

    async def stop(self) -> None:
        """Stop watching and close the connection (its locks go with it)."""
        self._stopping = True
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self._close()
        self._lost.set()
        self._leading.clear()

    async def lead(self) -> asyncio.Event:
        """Wait for the poller lock; returns the event set when it is lost."""
        self._want_lead = True
        await self._leading.wait()
        return self._lost

    @property
    def backend_pid(self) -> int | None:
        """The server process of the presence connection (None while disconnected)."""
        return self._conn.info.backend_pid if self._conn is not None else None

    @property
    def leading(self) -> bool:
        """Whether this process holds the poller lock right now."""
        return self._leading.is_set()

    # --- the connection ------------------------------------------------------------------------

    async def _connect(self) -> Connection:
        conn = await psycopg.AsyncConnection.connect(
            self.conninfo, autocommit=True, **self.connect_kwargs
        )
        try:
            await self._take_slot(conn)
            await conn.execute(f"LISTEN {CHANNEL}")
            self.version = await _version(conn)
            if self._want_lead:
                await self._try_lead(conn)
        except BaseException:
            await conn.close()
            raise
        self.up, self.error, self.connected_at = True, None, time.monotonic()
        return conn

    async def _take_slot(self, conn: Connection) -> None:
        """Lock this process's slot: the same as before when free, else a new random one."""
        while not await _try_lock(conn, REPLICA_LOCKS, self.slot):
            old, self.slot = self.slot, random.randint(1, 2**31 - 1)
            log.warning("replica slot %d is taken; this process is now slot %d", old, self.slot)

    async def _close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(psycopg.Error, OSError):
                await conn.close()

    async def _watch(self) -> None:
        """Notifications and ticks until stopped; reconnect when the connection drops."""
        delay = 0.0
        while not self._stopping:
            try:
                if self._conn is None:
                    self._conn = await self._connect()
                    self.reconnects += 1
                    log.warning("state database reachable again (slot %d)", self.slot)
                    delay = 0.0
                await self._beat(self._conn)
            except (psycopg.Error, OSError, TimeoutError) as error:
                delay = await self._dropped(error, delay)
            try:
                await self.on_tick()
            except Exception:  # whatever the tick hit, the presence must go on
                log.exception("state presence tick failed")

    async def _beat(self, conn: Connection) -> None:
        async for note in conn.notifies(timeout=self.tick):
            if note.channel == CHANNEL and note.payload:
                self._changed(note.payload)
        if self._want_lead and not self.leading:
            await self._try_lead(conn)
        if time.monotonic() - self._polled >= self.poll:
            version = await _version(conn)
            self._polled = time.monotonic()
            if version is not None:
                self._changed(version)
        async with asyncio.timeout(PING_TIMEOUT):  # not wait_for: it can swallow a cancel
            await conn.execute("SELECT 1")
        self.beats += 1

    async def _try_lead(self, conn: Connection) -> None:
        if await _try_lock(conn, *POLLER_LOCK):
            self._lost = asyncio.Event()
            self._leading.set()

    def _changed(self, version: str) -> None:
        if version != self.version:
            self.version = version
            self.on_version(version)

    async def _dropped(self, error: BaseException, delay: float) -> float:
        """The connection failed: locks are gone; say so once, wait, and try again."""
        if self.up:
            log.error("state database connection lost (%s); reconnecting", type(error).__name__)
        self.up, self.error = False, f"{type(error).__name__}: {error}".strip()
        if self._leading.is_set():
            self._leading.clear()
            self._lost.set()
        await self._close()
        delay = min(MAX_BACKOFF, max(self.tick, delay * 2))
        await asyncio.sleep(delay)
        return delay


async def _try_lock(conn: Connection, first: int, second: int) -> bool:
    cursor = await conn.execute("SELECT pg_try_advisory_lock(%s, %s)", (first, second))
    row = await cursor.fetchone()
    return bool(row and row[0])


async def _version(conn: Connection) -> str | None:
    cursor = await conn.execute("SELECT digest FROM knowledge WHERE id = 1")
    row = await cursor.fetchone()
    return str(row[0]) if row else None
