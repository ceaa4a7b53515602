"""Engines from a URL: SQLite tuned for several threads and processes, PostgreSQL that fails fast when down."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

# How long an SQLite writer waits for another one (thread or process) before giving up with "database is locked".
SQLITE_BUSY_TIMEOUT_MS = 30_000
# A PostgreSQL that is down must cost a failed write in the background, not a hung thread.
PG_CONNECT_TIMEOUT_S = 3


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    connect_args: dict[str, Any] = {}
    if parsed.get_backend_name() == "postgresql":
        connect_args["connect_timeout"] = PG_CONNECT_TIMEOUT_S
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5, connect_args=connect_args)


def _sqlite_engine(url: str) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # The driver's own transaction handling is turned off so ours (below) is the one that runs.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        # WAL: readers never wait for the writer; NORMAL is durable across crashes of the process in WAL mode.
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # IMMEDIATE takes the write lock up front: a deferred transaction that reads and then writes fails at
        # once with SQLITE_BUSY when another process wrote meanwhile, whatever the busy timeout. It also makes
        # a migration one locked step for every process that opens the file at the same time.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def backend_name(engine: Engine) -> str:
    return engine.dialect.name
