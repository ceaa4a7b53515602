"""The background writer's one job: turn a batch of records into rows, in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Engine, case, insert

from bot.store import schema
from bot.store.records import QuestionRecord, ShownReport, VoteRecord

REPORT_COLUMNS = ("source_id", "report_title", "report_url")


@dataclass(frozen=True)
class ThreadMark:
    channel_id: str
    thread_ts: str
    expires_at: dt.datetime
    report: ShownReport | None = None  # what the bot's answer there was about

    def row(self) -> dict[str, Any]:
        report = self.report
        return {"channel_id": self.channel_id, "thread_ts": self.thread_ts, "expires_at": self.expires_at,
                "source_id": report.source_id if report else None, "report_title": report.title if report else None,
                "report_url": report.url if report else None}


def write_batch(engine: Engine, rows: Sequence[Any]) -> None:
    questions = [r for r in rows if isinstance(r, QuestionRecord)]
    votes = [r for r in rows if isinstance(r, VoteRecord)]
    marks = _one_mark_per_thread([r for r in rows if isinstance(r, ThreadMark)])
    with engine.begin() as connection:
        if questions:
            connection.execute(insert(schema.questions), [_question_row(q) for q in questions])
            reports = [_report_row(q.id, i, r) for q in questions for i, r in enumerate(q.reports)]
            if reports:
                connection.execute(insert(schema.question_reports), reports)
        if votes:
            connection.execute(insert(schema.feedback), [vote_row(v) for v in votes])
        if marks:
            connection.execute(_upsert_marks(engine.dialect.name), [m.row() for m in marks])


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


def _one_mark_per_thread(marks: Sequence[ThreadMark]) -> list[ThreadMark]:
    """The newest expiry per thread, with its first report: one statement may not upsert the same key twice on
    PostgreSQL."""
    merged: dict[tuple[str, str], ThreadMark] = {}
    for mark in marks:
        key = (mark.channel_id, mark.thread_ts)
        earlier = merged.get(key)
        merged[key] = replace(mark, report=earlier.report or mark.report) if earlier else mark
    return list(merged.values())


def _upsert_marks(dialect: str) -> Any:
    """A mark refreshes the thread's expiry. The thread's report is the first one marked: a reply saved there
    answers the question that started the thread, which the first answer was about; a later mark (a follow-up's
    answer, a relayed ask) leaves it as it is."""
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
    unset = table.c.source_id.is_(None)
    reported = {c: case((unset, statement.excluded[c]), else_=table.c[c]) for c in REPORT_COLUMNS}
    return statement.on_conflict_do_update(
        index_elements=[table.c.channel_id, table.c.thread_ts],
        set_={"expires_at": statement.excluded.expires_at, **reported},
    )
