"""The question log: every question any surface answered, written in the background under the QUESTION_LOG
policy, and read back by period for the digest. The reads count questions people asked: the rows of "More
results" and "Share" presses (REPEAT_SURFACES) are kept in the log but left out unless asked for."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import Engine, delete, func, select

from bot.store import schema
from bot.store.records import (
    REPEAT_SURFACES,
    LoggedQuestion,
    LogPolicy,
    Period,
    PeriodCounts,
    QuestionRecord,
    ReportCount,
)
from bot.store.writer import BackgroundWriter

q = schema.questions


class QuestionLog:
    def __init__(self, engine: Engine, writer: BackgroundWriter, policy: LogPolicy) -> None:
        self._engine, self._writer, self.policy = engine, writer, policy

    def record(self, question: QuestionRecord) -> None:
        """Queues the question for writing; costs microseconds and never raises for the database's sake."""
        if self.policy == "off":
            return
        if self.policy == "anonymous":
            question = replace(question, user_id=None, channel_id=None)
        self._writer.submit(question)

    def counts(self, period: Period) -> PeriodCounts:
        in_period = _within(period) & _asked()
        with self._engine.begin() as connection:
            total, people = connection.execute(
                select(func.count(), func.count(q.c.user_id.distinct())).where(in_period)
            ).one()
            outcomes = connection.execute(select(q.c.outcome, func.count()).where(in_period).group_by(q.c.outcome))
            by_outcome = {outcome: n for outcome, n in outcomes}
        # No user id at all means the log was anonymous, not that nobody asked.
        return PeriodCounts(questions=total, people=people or (None if total else 0), by_outcome=by_outcome)

    def in_period(
        self, period: Period, outcomes: Sequence[str] | None = None, limit: int = 20_000, repeats: bool = False
    ) -> list[LoggedQuestion]:
        """Questions asked in the period, newest first (for the per-outcome lists and topic clustering); with
        `repeats`, the More and Share presses too."""
        query = select(q.c.id, q.c.asked_at, q.c.surface, q.c.channel_kind, q.c.question, q.c.searched, q.c.outcome)
        query = query.where(_within(period) if repeats else _within(period) & _asked())
        query = query.order_by(q.c.asked_at.desc()).limit(limit)
        if outcomes is not None:
            query = query.where(q.c.outcome.in_(list(outcomes)))
        with self._engine.begin() as connection:
            return [
                LoggedQuestion(id=r.id, time=r.asked_at, surface=r.surface, channel_kind=r.channel_kind,
                               question=r.question, searched=r.searched, outcome=r.outcome)
                for r in connection.execute(query)
            ]

    def top_reports(self, period: Period, limit: int = 10) -> list[ReportCount]:
        """The reports most often shown in answers in the period."""
        r = schema.question_reports
        n = func.count(r.c.question_id.distinct()).label("n")
        query = (
            select(r.c.source_id, func.max(r.c.title), func.max(r.c.url), n)
            .join(q, q.c.id == r.c.question_id).where(_within(period))
            .group_by(r.c.source_id).order_by(n.desc(), r.c.source_id).limit(limit)
        )
        with self._engine.begin() as connection:
            return [ReportCount(source_id=s, title=t, url=u, count=c) for s, t, u, c in connection.execute(query)]

    def purge(self, older_than: dt.datetime) -> int:
        old = select(q.c.id).where(q.c.asked_at < older_than)
        with self._engine.begin() as connection:
            connection.execute(delete(schema.question_reports).where(schema.question_reports.c.question_id.in_(old)))
            return connection.execute(delete(q).where(q.c.asked_at < older_than)).rowcount

    def forget(self, user_id: str) -> int:
        """Deletes the person's questions (their votes are the feedback log's to forget, first)."""
        theirs = select(q.c.id).where(q.c.user_id == user_id)
        with self._engine.begin() as connection:
            connection.execute(delete(schema.question_reports).where(schema.question_reports.c.question_id.in_(theirs)))
            return connection.execute(delete(q).where(q.c.user_id == user_id)).rowcount


def _within(period: Period):  # type: ignore[no-untyped-def]
    return (q.c.asked_at >= period.start) & (q.c.asked_at < period.end)


def _asked():  # type: ignore[no-untyped-def]
    return q.c.surface.not_in(sorted(REPEAT_SURFACES))
