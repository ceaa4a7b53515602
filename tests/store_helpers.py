"""Shared by the store's tests: a store per test on SQLite and on a real PostgreSQL server, and records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.store import QuestionRecord, ShownReport, Store, StoreSettings, new_id, open_store
from bot.store.records import LogPolicy, utcnow
from tests.postgres import postgres  # noqa: F401 - a fixture, used through request.getfixturevalue


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("postgres").new_database()


def settings(policy: LogPolicy = "full", days: int = 90) -> StoreSettings:
    return StoreSettings(_env_file=None, question_log=policy, question_log_days=days)  # type: ignore[call-arg]


@pytest.fixture
def open_at(url: str) -> Iterator[Callable[..., Store]]:
    """open_at(policy="full") opens a store at this test's database; all are closed after the test."""
    opened: list[Store] = []

    def open_(policy: LogPolicy = "full", days: int = 90) -> Store:
        opened.append(open_store(url, settings(policy, days)))
        return opened[-1]

    yield open_
    for store in opened:
        store.close()


@pytest.fixture
def store(open_at: Callable[..., Store]) -> Store:
    return open_at()


def asked(
    question: str = "what did Zalando show?", outcome: str = "answer", *, user: str | None = "U1",
    channel_kind: str = "public", ago: dt.timedelta = dt.timedelta(minutes=5), reports: tuple[str, ...] | None = None,
) -> QuestionRecord:
    """A question as a listener would record it; a declined one showed no reports."""
    if reports is None:
        reports = () if outcome == "nothing_close" else ("zalando",)
    return QuestionRecord(
        id=new_id(), surface="mention", channel_kind=channel_kind, question=question,  # type: ignore[arg-type]
        searched=question.lower().rstrip("?"), outcome=outcome, confidence=0.8,  # type: ignore[arg-type]
        reports=tuple(ShownReport(r, f"Report {r}", f"https://reports.example/{r}") for r in reports),
        passages=tuple(f"{r}#0" for r in reports), latency_ms=42.0, user_id=user,
        channel_id="C1" if user else None, time=utcnow() - ago,
    )
