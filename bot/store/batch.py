"""The background writer's one job: turn a batch of records into rows, in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, insert

from bot.store import schema
from bot.store.records import QuestionRecord, VoteRecord


@dataclass(frozen=True)
class ThreadMark:
    channel_id: str
    thread_ts: str
    expires_at: dt.datetime


def write_batch(engine: Engine, rows: Sequence[Any]) -> None:
    questions = [r for r in rows if isinstance(r, QuestionRecord)]
    votes = [r for r in rows if isinstance(r, VoteRecord)]
    # The newest expiry per thread: one statement may not upsert the same key twice on PostgreSQL.
    marks = {(r.channel_id, r.thread_ts): r for r in rows if isinstance(r, ThreadMark)}
    with engine.begin() as connection:
        if questions:
            connection.execute(insert(schema.questions), [_question_row(q) for q in questions])
            reports = [_report_row(q.id, i, r) for q in questions for i, r in enumerate(q.reports)]
            if reports:
                connection.execute(insert(schema.question_reports), reports)
        if votes:
            connection.execute(insert(schema.feedback), [vote_row(v) for v in votes])
        if marks:
            connection.execute(_upsert_marks(engine.dialect.name), [vars(m) for m in marks.values()])


def _question_row(q: QuestionRecord) -> dict[str, Any]:
    return {
        "id": q.id, "asked_at": q.time, "surface": q.surface, "channel_kind": q.channel_kind,
        "user_id": q.user_id, "channel_id": q.channel_id, "question": q.question, "searched": q.searched,
        "outcome": q.outcome, "confidence": q.confidence, "passages": list(q.passages), "latency_ms": q.latency_ms,
    }


def _report_row(question_id: str, position: int, report: Any) -> dict[str, Any]:
    return {"question_id": question_id, "position": position, "source_id": report.source_id,
            "title": report.title, "url": report.url}


def vote_row(v: VoteRecord) -> dict[str, Any]:
    return {"voted_at": v.time, "question_id": v.question_id, "user_id": v.user_id, "vote": v.vote,
            "question": v.question, "passages": list(v.passages)}


def _upsert_marks(dialect: str) -> Any:
    # The dialects imported here, on the writer's thread: the PostgreSQL one costs 25 ms of a start on SQLite.
    table = schema.threads
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql

        statement: Any = postgresql.insert(table)
    elif dialect == "sqlite":
        from sqlalchemy.dialects import sqlite

        statement = sqlite.insert(table)
    else:
        raise NotImplementedError(f"thread marks need an upsert; no recipe for {dialect}")
    return statement.on_conflict_do_update(
        index_elements=[table.c.channel_id, table.c.thread_ts], set_={"expires_at": statement.excluded.expires_at}
    )
