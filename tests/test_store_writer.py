"""A database that is down, or stops mid-run, costs an answer nothing: recording returns at once, the failure
is logged once a minute, health says degraded with the reason, and the rows are written once it is back."""

from __future__ import annotations

import datetime as dt
import logging
import statistics
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from bot.store import Period, open_store
from bot.store.health import HealthState
from bot.store.writer import BackgroundWriter
from tests.bot_process import free_port
from tests.postgres import PostgresServer, started_server
from tests.store_helpers import asked, settings

HOUR = dt.timedelta(hours=1)


def store_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "bot.store" and r.levelno >= logging.WARNING]


def test_a_database_that_is_down_costs_the_caller_microseconds(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="bot.store")
    store = open_store(f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/none", settings())
    try:
        costs = []
        for _ in range(1000):
            question = asked()
            start = time.perf_counter()
            store.questions.record(question)
            costs.append(time.perf_counter() - start)
        health = store.health()
        assert health.status == "degraded" and "Operational" in (health.reason or "")
        assert health.pending == 1000 and health.written == 0
        assert statistics.median(costs) < 100e-6 and max(costs) < 0.05
        assert not store.threads.is_ours("C1", "1.2") and not store.claims.claim("digest", "w")
        assert len(store_warnings(caplog)) == 1  # many failures, one line within the minute
    finally:
        store.close(timeout=0.5)


def test_failures_are_logged_once_a_minute_and_recovery_once(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="bot.store")
    now = [0.0]
    health = HealthState(clock=lambda: now[0])
    for second in (0, 10, 30, 59, 61, 90):
        now[0] = second
        health.failed("writing", ConnectionError("refused"))
    assert store_warnings(caplog) == [
        "database unavailable, writing: ConnectionError: refused",
        "database unavailable, writing: ConnectionError: refused (3 more failures since the last report)",
    ]
    assert health.degraded and not health.available()
    health.recovered()
    health.recovered()
    assert not health.degraded and health.available()
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.INFO] == ["database available again"]


def test_the_queue_is_bounded_and_drops_rather_than_blocks() -> None:
    def unreachable(rows: Sequence[Any]) -> None:
        raise ConnectionError("refused")

    health = HealthState()
    writer = BackgroundWriter(unreachable, lambda: None, health, max_queue=10, batch=5)
    try:
        for n in range(30):
            writer.submit(n)
        assert 15 <= writer.dropped <= 20 and writer.pending <= 15
        assert health.degraded
    finally:
        writer.close(timeout=0.2)


def test_a_row_the_database_refuses_is_dropped_alone(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'store.db'}", settings())
    try:
        twice, other = asked("twice?"), asked("other?")
        for question in (twice, twice, other):  # the same id twice: the second is refused
            store.questions.record(question)
        assert store.flush()
        assert store.questions.counts(Period.last(HOUR)).questions == 2
        health = store.health()
        assert (health.status, health.dropped, health.written) == ("ok", 1, 2)
    finally:
        store.close()


@pytest.fixture
def own_postgres() -> Iterator[PostgresServer]:
    """A server of this test's own, since the test stops it."""
    yield from started_server()


@pytest.mark.slow
def test_postgres_stopped_mid_run_loses_nothing_once_back(own_postgres: PostgresServer) -> None:
    store = open_store(own_postgres.new_database(), settings())
    try:
        store.questions.record(asked("before?"))
        assert store.flush()
        own_postgres.stop()
        start = time.perf_counter()
        for n in range(20):
            store.questions.record(asked(f"while down {n}?"))
        assert time.perf_counter() - start < 0.05
        deadline = time.monotonic() + 15
        while store.health().status == "ok" and time.monotonic() < deadline:
            time.sleep(0.1)
        assert store.health().status == "degraded" and store.health().pending == 20

        own_postgres.start()
        assert store.flush(timeout=60)
        assert store.questions.counts(Period.last(HOUR)).questions == 21
        assert store.health().status == "ok"
    finally:
        store.close(timeout=1)
