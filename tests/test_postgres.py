"""What only the PostgreSQL backend does, against a real server (tests/support/postgres.py):
several replicas on one database (no stale reads, one flood bucket, updates of a dead replica
taken over by exactly one other, one poller at a time), migrations applied once when replicas
start together, a /reload reaching every replica, and the database going away and coming back.
The interface itself is tested on both backends in tests/test_state.py."""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import psycopg
import pytest

from bot.state.interface import StateUnavailable, StateVersionError
from bot.state.migrations import MIGRATIONS, Migration, migrate
from bot.state.model import Changes, Key, RawUpdate, Screen
from bot.state.postgres import PostgresState
from tests.support.postgres import PostgresServer

NOW = 1_800_000_000.0


async def eventually(check: Callable[[], object], timeout: float = 10.0) -> None:
    """Wait until `check()` (awaited if need be) is true, looking every 20 ms, failing after
    `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not (await check() if inspect.iscoroutinefunction(check) else check()):
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout} s")
        await asyncio.sleep(0.02)


@asynccontextmanager
async def replicas(url: str, count: int = 2) -> AsyncIterator[list[PostgresState]]:
    """`count` open states on one database, as replicas would have (their presence checking
    every 0.1 s); closed on exit."""
    states = [PostgresState(url, tick=0.1) for _ in range(count)]
    await asyncio.gather(*(s.open() for s in states))
    try:
        yield states
    finally:
        await asyncio.gather(*(s.close() for s in states))


def rows(url: str, sql: str) -> list[tuple[object, ...]]:
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(sql.encode()).fetchall()


def raw(update_id: int) -> RawUpdate:
    return RawUpdate(update_id, {"update_id": update_id, "message": {"text": str(update_id)}})


# --- schema ----------------------------------------------------------------------------------


async def test_replicas_starting_together_apply_each_migration_once(
    postgres: PostgresServer,
) -> None:
    empty = postgres.fresh(migrated=False)
    try:
        async with replicas(empty, 4):
            applied = rows(empty, "SELECT version FROM schema_migrations ORDER BY version")
        assert applied == [(m.version,) for m in MIGRATIONS]
        assert rows(empty, "SELECT count(*) FROM contexts") == [(0,)]
    finally:
        postgres.drop(empty)


async def test_a_new_migration_is_applied_once_to_a_database_in_use(postgres_url: str) -> None:
    """The next careerbot's migration, applied by several replicas starting at once, on a
    database that has the state (and rows) already."""
    async with replicas(postgres_url, 1) as (state,):
        changes = Changes(1, NOW)
        changes.contexts[Key(5, 5)] = {"turn": 1}
        assert await state.commit(changes)
    newer = (
        *MIGRATIONS,
        Migration(len(MIGRATIONS) + 1, "a note", "ALTER TABLE contexts ADD note text"),
    )

    async def start() -> list[int]:
        async with await psycopg.AsyncConnection.connect(postgres_url, autocommit=True) as conn:
            return await migrate(conn, newer)

    applied = await asyncio.gather(*(start() for _ in range(4)))
    assert sorted(applied) == [[], [], [], [newer[-1].version]]
    assert rows(postgres_url, "SELECT version FROM schema_migrations ORDER BY version") == [
        (m.version,) for m in newer
    ]
    assert rows(postgres_url, "SELECT data->>'turn', note FROM contexts") == [("1", None)]
    with pytest.raises(StateVersionError):
        await PostgresState(postgres_url).open()


async def test_a_database_migrated_by_a_newer_careerbot_is_refused(postgres_url: str) -> None:
    async with replicas(postgres_url, 1):
        pass
    rows(
        postgres_url, "INSERT INTO schema_migrations (version, name) VALUES (999, 'x') RETURNING 1"
    )
    with pytest.raises(StateVersionError, match="schema version 999, newer than"):
        await PostgresState(postgres_url).open()


async def test_an_unreachable_database_is_named_without_its_password() -> None:
    state = PostgresState("postgresql://bot:hunter2secret@127.0.0.1:1/careerbot", open_seconds=0.5)
    with pytest.raises(StateUnavailable) as failed:
        await state.open()
    assert "127.0.0.1:1/careerbot" in str(failed.value)
    assert "Connection refused" in str(failed.value), "why"
    assert "hunter2secret" not in str(failed.value)


async def test_start_up_waits_for_a_database_that_comes_up_later(
    postgres_url: str, postgres: PostgresServer, caplog: pytest.LogCaptureFixture
) -> None:
    """As when the bot and its database start together: a few seconds without it are fine."""
    postgres.stop()
    state = PostgresState(postgres_url, tick=0.1)
    with caplog.at_level(logging.WARNING, logger="bot.state.postgres"):
        opening = asyncio.create_task(state.open())
        await eventually(lambda: "not reachable yet" in caplog.text or opening.done())
        assert not opening.done(), "still waiting"
        assert "Connection refused" in caplog.text, "why"
        await asyncio.to_thread(postgres.start)
        await asyncio.wait_for(opening, 20)
    assert caplog.text.count("not reachable yet") == 1, "said once"
    try:
        assert state.health().writable
        assert await state.commit(Changes(1, NOW))
        assert await state.handled(1)
    finally:
        await state.close()


# --- replicas --------------------------------------------------------------------------------


async def test_replicas_read_what_another_one_wrote_at_once(postgres_url: str) -> None:
    """No replica answers from a stale copy: each read goes to the database."""
    async with replicas(postgres_url) as (a, b):
        group, ada = -100, 1
        for n, (writer, reader) in enumerate([(a, b), (b, a), (a, b)]):
            changes = Changes(n, NOW)
            changes.contexts[Key(group, ada)] = {"turn": n}
            changes.preferences[ada] = {"preferred_country": f"C{n}"}
            changes.screens.append(Screen(group, 10 + n, f"screen {n}", ada, NOW))
            assert await writer.commit(changes)
            assert await reader.context(Key(group, ada)) == {"turn": n}
            assert await reader.preferences(ada) == {"preferred_country": f"C{n}"}
            assert await reader.screen(group, 10 + n) == Screen(
                group, 10 + n, f"screen {n}", ada, NOW
            )
            assert await reader.handled(n)


async def test_the_flood_gate_is_one_bucket_across_replicas(postgres_url: str) -> None:
    async with replicas(postgres_url) as (a, b):
        verdicts = [await (a, b)[n % 2].admit(7, 3, 60, NOW) for n in range(5)]
        assert verdicts == ["ok", "ok", "ok", "warn", "drop"]
        together = await asyncio.gather(*((a, b)[n % 2].admit(8, 10, 60, NOW) for n in range(30)))
        assert sorted(together).count("ok") == 10, "every message counted, none twice"
        assert together.count("warn") == 1


async def test_an_update_accepted_by_two_replicas_is_handled_once(postgres_url: str) -> None:
    """A webhook redelivery that reaches the other replica is recognised."""
    async with replicas(postgres_url) as (a, b):
        assert await a.accept([raw(1)], NOW) == [raw(1)]
        assert await b.accept([raw(1)], NOW) == [], "waiting in the shared inbox"
        assert await a.commit(Changes(1, NOW))
        assert await b.accept([raw(1)], NOW) == [], "handled"
        assert await b.handled(1)


async def test_an_older_update_of_a_chat_on_another_replica_is_seen(postgres_url: str) -> None:
    """What lets a follow-up wait for the question another replica is still answering."""
    async with replicas(postgres_url) as (a, b):
        assert await a.accept([RawUpdate(10, {"update_id": 10}, chat_id=5)], NOW)
        assert await b.earlier(5, 11)
        assert not await b.earlier(6, 11), "another chat"
        assert not await b.earlier(5, 10), "not older"
        assert not await a.earlier(5, 11), "its own updates are in order already"
        assert await a.commit(Changes(10, NOW))
        assert not await b.earlier(5, 11), "committed"


async def test_what_a_dead_replica_received_goes_to_exactly_one_other(postgres_url: str) -> None:
    async with replicas(postgres_url, 3) as (dying, b, c):
        assert len(await dying.accept([raw(i) for i in range(1, 6)], NOW)) == 5
        assert await dying.commit(Changes(2, NOW))
        assert await b.pending(-1, 10) == [], "the replica that received them is alive"
        await dying.close()  # its connections close, as when the process is killed
        ids: list[int] = []

        async def taken() -> bool:
            for batch in await asyncio.gather(b.pending(-1, 10), c.pending(-1, 10)):
                ids.extend(u.update_id for u in batch)
            return len(ids) >= 4

        await eventually(taken, timeout=5)  # once the server has seen its connection go
        assert sorted(ids) == [1, 3, 4, 5], "all that were not handled"
        assert len(ids) == len(set(ids)), "each to one replica"
        assert await b.pending(-1, 10) == await c.pending(-1, 10) == []


async def test_one_poller_at_a_time_and_the_standby_takes_over(postgres_url: str) -> None:
    async with replicas(postgres_url) as (first, standby):
        lost = await asyncio.wait_for(first.lead(), 5)
        waiting = asyncio.create_task(standby.lead())
        beats = standby.presence.beats
        await eventually(lambda: standby.presence.beats >= beats + 3)
        assert not waiting.done(), "the lock is taken"
        started = time.monotonic()
        await first.close()
        await asyncio.wait_for(waiting, 5)
        assert time.monotonic() - started < 2 * standby.tick + 1
        assert lost.is_set()
        assert standby.presence.leading


async def test_a_dropped_connection_loses_the_poller_lock_and_takes_it_back(
    postgres_url: str,
) -> None:
    async with replicas(postgres_url, 1) as (state,):
        lost = await asyncio.wait_for(state.lead(), 5)
        rows(postgres_url, f"SELECT pg_terminate_backend({state.presence.backend_pid})")
        await asyncio.wait_for(lost.wait(), 10)
        again = await asyncio.wait_for(state.lead(), 15)
        assert not again.is_set()
        assert state.presence.reconnects == 1


async def test_a_new_knowledge_version_reaches_every_replica(postgres_url: str) -> None:
    async with replicas(postgres_url) as (a, b):
        seen: asyncio.Queue[str] = asyncio.Queue()

        async def listener(digest: str) -> None:
            await seen.put(digest)

        b.on_knowledge(listener)
        await a.set_knowledge_version("digest-1", NOW)
        assert await asyncio.wait_for(seen.get(), 5) == "digest-1", "by NOTIFY"
        b.presence.poll = 0.1
        rows(postgres_url, "UPDATE knowledge SET digest = 'digest-2' RETURNING 1")
        assert await asyncio.wait_for(seen.get(), 5) == "digest-2", "by reading the row"
        assert await b.knowledge_version() == "digest-2"


# --- the database going away -----------------------------------------------------------------


async def test_the_database_restarting_mid_traffic(
    postgres_url: str, postgres: PostgresServer, caplog: pytest.LogCaptureFixture
) -> None:
    """While it is away: updates are refused (so Telegram keeps them), health says so, commits
    wait in memory; when it is back: the replica reconnects and writes what waited."""
    async with replicas(postgres_url, 1) as (state,):
        assert await state.accept([raw(1), raw(2)], NOW)
        with caplog.at_level(logging.ERROR):
            postgres.stop()
            await eventually(lambda: not state.health().writable)
            with pytest.raises(StateUnavailable):
                await state.accept([raw(3)], NOW)
            changes = Changes(1, NOW)
            changes.contexts[Key(5, 5)] = {"turn": 1}
            assert not await state.commit(changes), "not written yet"
            assert await state.handled(1), "but known as handled here"
            assert await state.context(Key(5, 5)) is None, "reads answer nothing stored"
        health = state.health().as_json()
        assert health["backend"] == "postgresql"
        assert health["database"] == postgres_url.removeprefix("postgresql://postgres@")
        assert health["unsaved"] == 1
        assert "state database connection lost" in caplog.text
        postgres.start()
        await eventually(lambda: state.health().writable, timeout=20)
        assert await state.accept([raw(3)], NOW) == [raw(3)]
        async with replicas(postgres_url, 1) as (other,):
            await eventually(lambda: state.health().unsaved == 0)
            assert await other.context(Key(5, 5)) == {"turn": 1}
            assert await other.handled(1)
            assert not await other.handled(2)
