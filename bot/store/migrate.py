"""Alembic migrations run from code, under a lock, so any number of processes may open the store at once.
Alembic is imported only when there is something to migrate: on a database already at HEAD (every start but
the first after an upgrade) its import and the scan of the migration scripts cost ~0.1 s of the bot's start
(bench/startup.py), for nothing."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest revision in migrations/versions/; tests/test_store_migrations.py checks it is Alembic's head.
HEAD = "0004"
# Any constant works; this one spells "dcbot" so it is recognisable in pg_locks.
PG_LOCK_KEY = 0x6463626F74


def _config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head() -> str:
    from alembic.script import ScriptDirectory

    head_revision = ScriptDirectory.from_config(_config()).get_current_head()
    assert head_revision is not None
    return head_revision


def current(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _at_head(engine: Engine) -> bool:
    """Whether the database is at HEAD, read without Alembic (False when it cannot tell: Alembic decides)."""
    try:
        with engine.connect() as connection:
            found = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except DBAPIError:
        return False  # no alembic_version table yet: a new database
    return found == [HEAD]


def upgrade(engine: Engine, revision: str = "head") -> tuple[str | None, str | None]:
    """Migrates to `revision` in one transaction that holds the lock: SQLite's write lock (the engine begins
    IMMEDIATE), a transaction-scoped advisory lock on PostgreSQL. A process that waited finds the work done.
    Returns (revision before, revision after)."""
    if revision in ("head", HEAD) and _at_head(engine):
        return HEAD, HEAD
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK_KEY})
        before = MigrationContext.configure(connection).get_current_revision()
        command.upgrade(_config(connection), revision)
        after = MigrationContext.configure(connection).get_current_revision()
    return before, after
