"""The schema's life: created and migrated at open, an older database upgraded with its rows, `python -m bot.db`."""

# ruff: noqa: F811 - the shared fixtures are imported into each module, and pytest injects them by name

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from bot.store import Period, ShownReport, VoteRecord, open_store
from bot.store import migrate as migrations
from bot.store.engine import make_engine
from bot.store.schema import metadata
from tests.conftest import REPO
from tests.postgres import postgres  # noqa: F401 - fixture
from tests.store_helpers import asked, settings, url  # noqa: F401 - fixtures

WEEK = dt.timedelta(days=7)


def test_an_older_database_is_migrated_with_its_rows(url: str) -> None:
    engine = make_engine(url)
    assert migrations.upgrade(engine, "0001") == (None, "0001")
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO questions (id, asked_at, surface, channel_kind, question, searched, outcome, passages,"
            " latency_ms) VALUES ('q-1', :now, 'dm', 'dm', 'kept?', 'kept', 'answer', '[]', 1.0)"
        ), {"now": dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)})
    engine.dispose()

    store = open_store(url, settings())
    try:
        assert migrations.current(store.engine) == migrations.head() != "0001"
        assert [q.question for q in store.questions.in_period(Period.last(WEEK))] == ["kept?"]
        assert store.claims.claim("digest", "w1")  # a table of the newer revision
    finally:
        store.close()


def test_thread_marks_from_before_reports_are_kept_without_one(url: str) -> None:
    engine = make_engine(url)
    assert migrations.upgrade(engine, "0003") == (None, "0003")
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO threads (channel_id, thread_ts, expires_at) VALUES ('C1', '1.000100', :at)"), {"at": later}
        )
    engine.dispose()

    store = open_store(url, settings())
    try:
        assert migrations.current(store.engine) == migrations.head() != "0003"
        assert store.threads.report_of("C1", "1.000100") is None  # the row is kept, with no report
        report = ShownReport("eu-2015.md", "DockerCon EU 2015", "https://reports.example/eu-2015/")
        store.threads.mark("C1", "1.000100", report=report)  # the next answer there gives it one
        store.flush()
        assert store.threads.report_of("C1", "1.000100") == report
        with store.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM threads")).scalar_one() == 1
    finally:
        store.close()


def test_upgrading_twice_changes_nothing(url: str) -> None:
    engine = make_engine(url)
    head = migrations.head()
    assert migrations.upgrade(engine) == (None, head)
    assert migrations.upgrade(engine) == (head, head)
    engine.dispose()


def test_a_store_that_must_not_migrate_refuses_an_old_schema(url: str) -> None:
    engine = make_engine(url)
    migrations.upgrade(engine, "0001")
    engine.dispose()
    with pytest.raises(RuntimeError, match="python -m bot.db upgrade"):
        open_store(url, settings(), migrate=False)


def test_the_tables_the_code_uses_are_the_migrated_ones(url: str) -> None:
    engine = make_engine(url)
    migrations.upgrade(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    engine.dispose()
    assert differences == []


def db_cli(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "bot.db", *args], check=False, capture_output=True, text=True,
                          env=env, cwd=REPO, timeout=60)


def test_db_command_upgrades_and_forgets_a_person(url: str) -> None:
    upgraded = db_cli(url, "upgrade")
    assert upgraded.returncode == 0 and f"at {migrations.head()}" in upgraded.stdout
    assert "already at" in db_cli(url, "upgrade").stdout

    store = open_store(url, settings())
    question = asked(user="U0FORGET")
    store.questions.record(question)
    store.feedback.record(VoteRecord(vote="down", question=question.question, question_id=question.id, user_id="U2"))
    store.close()

    forgotten = db_cli(url, "forget", "U0FORGET")
    assert forgotten.returncode == 0, forgotten.stderr
    assert forgotten.stdout.strip() == "deleted 1 questions and 1 votes of U0FORGET"
    assert "0 questions" in db_cli(url, "stats").stdout


def test_head_names_the_newest_migration() -> None:
    assert migrations.HEAD == migrations.head()  # a new migration bumps HEAD too


def test_opening_a_current_database_leaves_alembic_unimported(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'store.db'}"
    open_store(url, settings()).close()  # created and migrated: Alembic runs
    check = (
        "import sys; from bot.store import open_store, StoreSettings; "
        f"open_store({url!r}, StoreSettings(_env_file=None)).close(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))"
    )
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
