"""👍/👎 on answers, linked to their question: written in the background, read back for the digest and for
`python -m bot.feedback`, and the old feedback.jsonl imported once."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import replace

from sqlalchemy import Engine, delete, func, or_, select

from bot.store import schema
from bot.store.records import LogPolicy, Period, VotedDown, VoteRecord, VoteTally
from bot.store.writer import BackgroundWriter

f, q = schema.feedback, schema.questions
TOP = 10


class FeedbackLog:
    def __init__(self, engine: Engine, writer: BackgroundWriter, policy: LogPolicy) -> None:
        self._engine, self._writer, self.policy = engine, writer, policy

    def record(self, vote: VoteRecord) -> None:
        """Queues the vote. Votes are kept under every QUESTION_LOG policy (a vote is given on purpose, and
        feedback.jsonl kept them before the log existed), but only `full` keeps who voted."""
        if self.policy != "full":
            vote = replace(vote, user_id=None)
        self._writer.submit(vote)

    def voted_down(self, period: Period) -> list[VotedDown]:
        query = (
            select(f.c.question, f.c.voted_at, q.c.channel_kind)
            .select_from(f.outerjoin(q, q.c.id == f.c.question_id))
            .where(f.c.vote == "down", f.c.voted_at >= period.start, f.c.voted_at < period.end)
            .order_by(f.c.voted_at.desc())
        )
        with self._engine.begin() as connection:
            return [VotedDown(question=r[0], time=r[1], channel_kind=r[2]) for r in connection.execute(query)]

    def tally(self, period: Period | None = None) -> VoteTally:
        """All votes (or a period's): totals, and the questions and passages voted down most."""
        when = [] if period is None else [f.c.voted_at >= period.start, f.c.voted_at < period.end]
        down = [f.c.vote == "down", *when]
        n = func.count().label("n")
        with self._engine.begin() as connection:
            totals = dict(connection.execute(select(f.c.vote, func.count()).where(*when).group_by(f.c.vote)).all())
            questions = connection.execute(
                select(f.c.question, n).where(*down).group_by(f.c.question).order_by(n.desc(), f.c.question).limit(TOP)
            ).all()
            passages: Counter[str] = Counter()
            for (shown,) in connection.execute(select(f.c.passages).where(*down)):
                passages.update(shown or [])
        return VoteTally(
            up=totals.get("up", 0), down=totals.get("down", 0),
            down_questions=tuple((text, count) for text, count in questions),
            down_passages=tuple(passages.most_common(TOP)),
        )

    def purge(self, older_than: dt.datetime) -> int:
        with self._engine.begin() as connection:
            return connection.execute(delete(f).where(f.c.voted_at < older_than)).rowcount

    def forget(self, user_id: str) -> int:
        """Deletes the person's votes and everyone's votes on the person's questions (they quote them)."""
        theirs = select(q.c.id).where(q.c.user_id == user_id)
        with self._engine.begin() as connection:
            return connection.execute(delete(f).where(or_(f.c.user_id == user_id, f.c.question_id.in_(theirs)))).rowcount
