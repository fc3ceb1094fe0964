"""The PostgreSQL schema of the state, as versioned migrations applied at start-up.

`migrate` runs in one transaction under a transaction-level advisory lock, so replicas starting at
the same moment apply each migration exactly once: the first takes the lock and applies what is
missing, the others wait for it and find nothing left to do. `schema_migrations` records each
version applied. A database whose newest migration is newer than this careerbot's is refused
(StateVersionError): an older replica must not write to a schema it does not know.

A new migration is appended to MIGRATIONS with the next version; a published one never changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from psycopg import AsyncConnection

from bot.state.interface import StateVersionError

MIGRATE_LOCK = (0x63617265, 1)
"""The advisory lock (two int4 keys: "care", 1) held while migrating."""


@dataclass(frozen=True)
class Migration:
    """One step of the schema: its version, what it does, and its SQL (several statements)."""

    version: int
    name: str
    sql: str


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "the state tables",
        """
        CREATE TABLE contexts (
            chat_id bigint NOT NULL,
            user_id bigint NOT NULL,
            data jsonb NOT NULL,
            seen_at double precision NOT NULL,
            PRIMARY KEY (chat_id, user_id)
        );
        CREATE INDEX contexts_seen ON contexts (seen_at);
        CREATE TABLE preferences (
            user_id bigint PRIMARY KEY,
            data jsonb NOT NULL,
            seen_at double precision NOT NULL
        );
        CREATE INDEX preferences_seen ON preferences (seen_at);
        CREATE TABLE screens (
            chat_id bigint NOT NULL,
            message_id bigint NOT NULL,
            address text NOT NULL,
            user_id bigint,
            sent_at double precision NOT NULL,
            PRIMARY KEY (chat_id, message_id)
        );
        CREATE INDEX screens_sent ON screens (sent_at);
        CREATE TABLE handled (
            update_id bigint PRIMARY KEY,
            handled_at double precision NOT NULL
        );
        CREATE INDEX handled_at ON handled (handled_at);
        CREATE TABLE inbox (
            update_id bigint PRIMARY KEY,
            payload jsonb NOT NULL,
            chat_id bigint,
            received_at double precision NOT NULL,
            owner bigint NOT NULL,
            claimed_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX inbox_owner ON inbox (owner);
        CREATE INDEX inbox_chat ON inbox (chat_id, update_id);
        CREATE TABLE unanswered (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at double precision NOT NULL,
            chat_kind text NOT NULL,
            intent text NOT NULL,
            confidence double precision NOT NULL,
            text text NOT NULL
        );
        CREATE INDEX unanswered_at ON unanswered (at);
        CREATE TABLE flood (
            user_id bigint PRIMARY KEY,
            level double precision NOT NULL,
            updated_at double precision NOT NULL,
            warned integer NOT NULL DEFAULT 0
        );
        CREATE INDEX flood_updated ON flood (updated_at);
        CREATE TABLE knowledge (
            id integer PRIMARY KEY CHECK (id = 1),
            digest text NOT NULL,
            changed_at double precision NOT NULL
        );
        """,
    ),
)
"""Every migration, oldest first."""

LEDGER = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)
"""


async def migrate(
    conn: AsyncConnection[tuple[object, ...]],
    migrations: tuple[Migration, ...] = MIGRATIONS,
) -> list[int]:
    """Apply the migrations the database lacks, in one transaction; returns their versions."""
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", MIGRATE_LOCK)
        await conn.execute(LEDGER)
        cursor = await conn.execute("SELECT coalesce(max(version), 0) FROM schema_migrations")
        row = await cursor.fetchone()
        current = int(str(row[0])) if row else 0
        newest = migrations[-1].version if migrations else 0
        if current > newest:
            raise StateVersionError(
                f"the state database has schema version {current}, newer than this careerbot's "
                f"{newest}: run the newer careerbot (every replica on the same version)"
            )
        applied = []
        for migration in migrations:
            if migration.version <= current:
                continue
            await conn.execute(migration.sql.encode())
            await conn.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (%s, %s)",
                (migration.version, migration.name),
            )
            applied.append(migration.version)
        return applied
