"""The state interface, run against every backend (`make_state` below: the SQLite file and a real
PostgreSQL server), then what only the SQLite file does: damage moved aside, unwritable files and
full disks survived, the old PTB format migrated. What only PostgreSQL does (replicas, migrations,
the database going away) is in tests/test_postgres.py."""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.state.interface import State, StateVersionError
from bot.state.model import Changes, Key, RawUpdate, Retention, Screen, Unanswered
from bot.state.postgres import PostgresState
from bot.state.sqlite import SQLiteState, backup_file
from bot.telegram import chatstate

DAY = 86_400.0
NOW = 1_800_000_000.0
Factory = Callable[[Retention | None], State]


@pytest.fixture(params=["sqlite", "postgres"])
def make_state(request: pytest.FixtureRequest, tmp_path: Path) -> Factory:
    """A maker of states that share one store (a second one is a restarted bot, or another
    replica)."""
    if request.param == "postgres":
        url: str = request.getfixturevalue("postgres_url")

        def postgres(retention: Retention | None = None) -> State:
            return PostgresState(url, retention)

        return postgres

    def sqlite(retention: Retention | None = None) -> State:
        return SQLiteState(tmp_path / "state.sqlite3", retention, cache_size=4)

    return sqlite


@pytest.fixture
async def state(make_state: Factory) -> AsyncIterator[State]:
    """An open state."""
    opened = make_state(None)
    await opened.open()
    yield opened
    await opened.close()


async def restarted(make_state: Factory, retention: Retention | None = None) -> State:
    """Another process on the same store."""
    again = make_state(retention)
    await again.open()
    return again


def unanswered(text: str, at: float = NOW) -> Unanswered:
    entry = Unanswered.of(text, at=at, chat_kind="private", intent="unknown", confidence=0.1)
    assert entry is not None
    return entry


# --- the interface, every backend ----------------------------------------------------------


async def test_contexts_are_per_person_and_preferences_follow_the_person(
    state: State, make_state: Factory
) -> None:
    group, ada, bob = -100, 1, 2
    changes = Changes(7, NOW)
    changes.contexts[Key(group, ada)] = {"address": "a"}
    changes.contexts[Key(group, bob)] = {"address": "b"}
    changes.contexts[Key(ada, ada)] = {"address": "private"}
    changes.preferences[ada] = {"preferred_country": "DE"}
    assert await state.commit(changes)
    again = await restarted(make_state)
    try:
        assert await again.context(Key(group, ada)) == {"address": "a"}
        assert await again.context(Key(group, bob)) == {"address": "b"}
        assert await again.context(Key(ada, ada)) == {"address": "private"}
        assert await again.context(Key(group, 0)) is None
        assert await again.preferences(ada) == {"preferred_country": "DE"}
        assert await again.preferences(bob) is None
    finally:
        await again.close()


async def test_an_update_that_leaves_preferences_alone_never_writes_them_back(
    state: State, make_state: Factory
) -> None:
    """Ada saves a country in private on one replica while her group message is handled on
    another: the group update read her old preferences and did not change them, so it must
    not write them back over the new ones (it compares with what it read, not a second read)."""
    ada, group = 1, Key(-100, 1)
    first = Changes(1, NOW)
    first.preferences[ada] = {"preferred_country": "DE"}
    assert await state.commit(first)
    other = await restarted(make_state)
    try:
        loaded = await chatstate.load(other, group, ada)
        saved = Changes(2, NOW)
        saved.preferences[ada] = {"preferred_country": "IN"}
        assert await state.commit(saved)
        scope = chatstate.Scope(Changes(3, NOW))
        token = chatstate.CURRENT.set(scope)
        try:
            chatstate.save(group, ada, loaded, loaded)
        finally:
            chatstate.CURRENT.reset(token)
        assert scope.changes.preferences == {}
        assert group in scope.changes.contexts
    finally:
        await other.close()


async def test_reads_go_past_the_cache_to_the_store(state: State) -> None:
    """The cache holds 4 contexts; 20 chats are all still there, read on demand."""
    for chat in range(20):
        changes = Changes(100 + chat, NOW)
        changes.contexts[Key(chat, chat)] = {"turns": chat}
        await state.commit(changes)
    assert [await state.context(Key(c, c)) for c in range(20)] == [{"turns": c} for c in range(20)]


async def test_an_update_is_handled_once_across_a_restart(
    state: State, make_state: Factory
) -> None:
    updates = [RawUpdate(i, {"update_id": i, "message": {"text": str(i)}}) for i in (1, 2, 3)]
    assert await state.accept(updates, NOW) == updates
    assert await state.accept(updates, NOW) == [], "already in the inbox"
    assert await state.commit(Changes(2, NOW))
    await state.close()
    again = await restarted(make_state)
    try:
        assert await again.handled(2)
        assert not await again.handled(1)
        assert [u.update_id for u in await again.pending(1, 10)] == [3], "ids above 1"
        oldest = await again.pending(-1, 1)
        assert [u.update_id for u in oldest] == [1], "oldest first, at most the limit"
        assert oldest[0].payload == updates[0].payload
        assert await again.accept(updates, NOW) == [], "handled or waiting"
        await again.skip(3, NOW)
        assert await again.handled(3)
        assert not await again.handled(1)
    finally:
        await again.close()


async def test_screens_are_kept_per_message_and_bounded_per_chat(make_state: Factory) -> None:
    state = make_state(Retention(screens_per_chat=3))
    await state.open()
    try:
        for message_id in range(1, 7):
            changes = Changes(message_id, NOW)
            changes.screens.append(Screen(-5, message_id, f"role_sal_{message_id}", 9, NOW))
            changes.screens.append(Screen(8, message_id, "other chat", None, NOW))
            await state.commit(changes)
        assert await state.screen(-5, 6) == Screen(-5, 6, "role_sal_6", 9, NOW)
        assert await state.screen(-5, 4) is not None
        assert await state.screen(-5, 3) is None, "only the newest 3 per chat"
        assert await state.screen(8, 4) == Screen(8, 4, "other chat", None, NOW)
    finally:
        await state.close()


async def test_unanswered_log_is_capped_and_grouped(make_state: Factory) -> None:
    state = make_state(Retention(unanswered_max=5))
    await state.open()
    try:
        texts = ("oldest", "x" * 500, "How do I", "pizza", "how do i", "newest")
        changes = Changes(None, NOW)
        changes.unanswered += [unanswered(t, NOW + n) for n, t in enumerate(texts)]
        await state.commit(changes)
        top = await state.top_unanswered(10)
        assert [(q.text.lower(), q.count) for q in top] == [
            ("how do i", 2),
            ("newest", 1),
            ("pizza", 1),
            ("x" * 200, 1),
        ]
        assert (await state.counts())["unanswered"] == 5
    finally:
        await state.close()


async def test_flood_gate_bursts_then_warns_once_then_drops_and_recovers(state: State) -> None:
    verdicts = [await state.admit(1, 3, 60, NOW) for _ in range(6)]
    assert verdicts == ["ok", "ok", "ok", "warn", "drop", "drop"]
    assert await state.admit(2, 3, 60, NOW) == "ok", "another user is unaffected"
    assert await state.admit(1, 3, 60, NOW + 20) == "ok", "one token back after period/rate"
    assert await state.admit(1, 3, 60, NOW + 20) == "warn"


async def test_knowledge_version(state: State, make_state: Factory) -> None:
    assert await state.knowledge_version() is None
    await state.set_knowledge_version("abc123", NOW)
    again = await restarted(make_state)
    try:
        assert await again.knowledge_version() == "abc123"
    finally:
        await again.close()


async def test_retention_forgets_chats_not_seen_for_days(make_state: Factory) -> None:
    state = make_state(Retention(days=90, handled_days=2, unanswered_days=30))
    await state.open()
    try:
        for chat, at in ((1, NOW - 100 * DAY), (2, NOW - 10 * DAY)):
            changes = Changes(chat, at)
            changes.contexts[Key(chat, chat)] = {"turns": 1}
            changes.preferences[chat] = {"preferred_level": "senior"}
            changes.screens.append(Screen(chat, 1, "menu", chat, at))
            changes.unanswered.append(unanswered("asdf", at))
            await state.commit(changes)
        pruned = await state.prune(NOW)
        assert (pruned.contexts, pruned.preferences, pruned.screens) == (1, 1, 1)
        assert (pruned.handled, pruned.unanswered) == (2, 1)
        assert await state.context(Key(1, 1)) is None
        assert await state.preferences(1) is None
        assert await state.context(Key(2, 2)) == {"turns": 1}
        assert await state.screen(2, 1) is not None
        assert await state.prune(NOW) == type(pruned)(), "nothing more to forget"
    finally:
        await state.close()


# --- the SQLite file ---------------------------------------------------------------------------


async def open_sqlite(path: Path) -> SQLiteState:
    state = SQLiteState(path)
    await state.open()
    return state


async def test_backup_is_a_consistent_copy_while_writing(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    state = await open_sqlite(path)
    try:
        for chat in range(50):
            changes = Changes(chat, NOW)
            changes.contexts[Key(chat, chat)] = {"turns": chat}
            await state.commit(changes)
            if chat == 25:
                await state.backup(tmp_path / "copy.sqlite3")
        backup_file(path, tmp_path / "later.sqlite3")
    finally:
        await state.close()
    with sqlite3.connect(tmp_path / "copy.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT count(*) FROM contexts").fetchone() == (26,)
    restored = await open_sqlite(tmp_path / "later.sqlite3")
    try:
        assert await restored.context(Key(49, 49)) == {"turns": 49}
    finally:
        await restored.close()


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda p: p.write_bytes(b"this is not a database" * 100), id="garbage"),
        pytest.param(lambda p: p.write_bytes(p.read_bytes()[:5000]), id="truncated"),
        pytest.param(
            lambda p: p.write_bytes(p.read_bytes()[:100] + b"\xff" * 4000 + p.read_bytes()[4100:]),
            id="bad-pages",
        ),
    ],
)
async def test_a_damaged_file_is_moved_aside_and_the_bot_starts_fresh(
    tmp_path: Path, damage: Callable[[Path], object], caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "state.sqlite3"
    state = await open_sqlite(path)
    for chat in range(300):
        changes = Changes(chat, NOW)
        changes.contexts[Key(chat, chat)] = {"padding": "x" * 200}
        await state.commit(changes)
    await state.close()
    damage(path)
    with caplog.at_level(logging.ERROR):
        state = await open_sqlite(path)
    try:
        (moved,) = tmp_path.glob("state.sqlite3.damaged-*")
        assert f"moved it to {moved}" in caplog.text
        assert state.health().writable
        changes = Changes(1000, NOW)
        changes.contexts[Key(1, 1)] = {"fresh": True}
        assert await state.commit(changes)
        assert await state.context(Key(1, 1)) == {"fresh": True}
    finally:
        await state.close()


async def test_a_file_written_by_a_newer_careerbot_is_refused_and_left_alone(
    tmp_path: Path,
) -> None:
    """The same StateVersionError as a newer PostgreSQL schema (tests/test_postgres.py)."""
    path = tmp_path / "state.sqlite3"
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(StateVersionError, match="schema 99, newer than"):
        await SQLiteState(path).open()
    with contextlib.closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (99,)
        assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)
    assert not list(tmp_path.glob("*.damaged-*")), "not taken for damage"


async def test_a_directory_that_cannot_be_created_keeps_state_in_memory(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the state directory should be")
    with caplog.at_level(logging.ERROR):
        state = await open_sqlite(blocker / "state.sqlite3")
    try:
        assert not state.health().writable
        assert state.health().note == "memory"
        assert "keeping state in memory only" in caplog.text
        changes = Changes(1, NOW)
        changes.contexts[Key(5, 5)] = {"turns": 2}
        await state.commit(changes)
        assert await state.context(Key(5, 5)) == {"turns": 2}
    finally:
        await state.close()


@pytest.mark.parametrize(
    ("fault", "error"),
    [("PRAGMA query_only = 1", "SQLITE_READONLY"), ("PRAGMA max_page_count = 1", "SQLITE_FULL")],
)
async def test_failed_writes_keep_answering_log_once_and_recover(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, fault: str, error: str
) -> None:
    state = await open_sqlite(tmp_path / "state.sqlite3")
    try:
        (pages,) = state.conn.execute("PRAGMA page_count").fetchone()
        state.conn.execute(fault.replace("= 1", f"= {pages}") if "max_page" in fault else fault)
        with caplog.at_level(logging.ERROR):
            for chat in range(30):
                changes = Changes(chat, NOW)
                changes.contexts[Key(chat, chat)] = {"padding": "y" * 2000}
                assert not await state.commit(changes)
        assert caplog.text.count("state write failed") == 1
        assert error in caplog.text
        assert not state.health().writable
        assert error in (state.health().error or "")
        assert await state.context(Key(29, 29)) == {"padding": "y" * 2000}, "from memory"
        state.conn.execute("PRAGMA query_only = 0")
        state.conn.execute("PRAGMA max_page_count = 1073741823")
        assert await state.commit(Changes(99, NOW))
        assert state.health().writable
    finally:
        await state.close()


async def test_the_old_ptb_persistence_file_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE chat_data (chat_id INTEGER PRIMARY KEY, data TEXT NOT NULL, "
            "updated TEXT NOT NULL DEFAULT (datetime('now')))"
        )
        db.execute(
            "INSERT INTO chat_data (chat_id, data) VALUES (?, ?), (?, ?), (?, ?)",
            (
                1001,
                '{"ctx": {"address": "a", "preferred_country": "IN"}}',
                -100500,
                '{"ctx": {"address": "g"}}',
                1002,
                "not json",
            ),
        )
    state = await open_sqlite(path)
    try:
        assert (await state.context(Key(1001, 1001)) or {})["address"] == "a"
        assert (await state.context(Key(-100500, 0)) or {})["address"] == "g"
        assert await state.preferences(1001) == {
            "preferred_country": "IN",
            "preferred_level": None,
        }
        assert await state.context(Key(1002, 1002)) is None
    finally:
        await state.close()
