"""Asks relayed to report authors: one per author per thread, at most a daily number per author (UTC days), and
the authors who asked not to be asked (`/dockercon ask off`)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, delete, func, insert, select, text
from sqlalchemy.exc import IntegrityError

from bot.store import schema
from bot.store.ask_records import AskedInThread, AskOutcome
from bot.store.guard import guarded
from bot.store.health import HealthState
from bot.store.records import utcnow

a, o = schema.asks, schema.ask_optouts


def day_start(now: dt.datetime) -> dt.datetime:
    return now.astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)


class Asks:
    def __init__(self, engine: Engine, health: HealthState) -> None:
        self._engine, self._health = engine, health

    def ask(self, author_id: str, channel_id: str, thread_ts: str, asked_by: str | None, daily_limit: int,
            now: dt.datetime | None = None, question: str | None = None, source_id: str | None = None) -> AskOutcome:
        """Records an ask unless this author was asked in this thread already or reached the daily limit; one
        transaction, so replicas clicking at once cannot both pass. Raises StoreUnavailable."""
        now = now or utcnow()

        def run() -> AskOutcome:
            try:
                with self._engine.begin() as connection:
                    if connection.dialect.name == "postgresql":
                        # SQLite's write lock (BEGIN IMMEDIATE) already serialises this; PostgreSQL needs a lock
                        # per author, or two asks counted at once could both pass the limit.
                        connection.execute(text("SELECT pg_advisory_xact_lock(hashtext(:a))"), {"a": author_id})
                    key = (a.c.author_id == author_id, a.c.channel_id == channel_id, a.c.thread_ts == thread_ts)
                    if connection.execute(select(func.count()).where(*key)).scalar_one():
                        return "already_asked"
                    today = select(func.count()).where(a.c.author_id == author_id, a.c.asked_at >= day_start(now))
                    if connection.execute(today).scalar_one() >= daily_limit:
                        return "daily_limit"
                    connection.execute(insert(a), {"author_id": author_id, "channel_id": channel_id,
                                                   "thread_ts": thread_ts, "asked_by": asked_by, "asked_at": now,
                                                   "question": question, "source_id": source_id})
            except IntegrityError:
                return "already_asked"
            return "asked"

        return guarded(self._health, "recording an ask", run)

    def in_thread(self, channel_id: str, thread_ts: str) -> list[AskedInThread]:
        """The asks relayed in a thread, newest first: what a reply saved there answers."""
        query = (select(a.c.author_id, a.c.question, a.c.source_id).where(a.c.channel_id == channel_id,
                 a.c.thread_ts == thread_ts).order_by(a.c.asked_at.desc()))

        def run() -> list[AskedInThread]:
            with self._engine.begin() as connection:
                return [AskedInThread(r.author_id, r.question, r.source_id) for r in connection.execute(query)]

        return guarded(self._health, "reading asks", run)

    def undo(self, author_id: str, channel_id: str, thread_ts: str) -> None:
        """Forgets an ask whose message could not be posted, so it neither blocks a retry nor counts."""
        def run() -> None:
            with self._engine.begin() as connection:
                connection.execute(delete(a).where(a.c.author_id == author_id, a.c.channel_id == channel_id,
                                                   a.c.thread_ts == thread_ts))

        guarded(self._health, "undoing an ask", run)

    def today(self, author_id: str, now: dt.datetime | None = None) -> int:
        query = select(func.count()).where(a.c.author_id == author_id, a.c.asked_at >= day_start(now or utcnow()))

        def run() -> int:
            with self._engine.begin() as connection:
                return int(connection.execute(query).scalar_one())

        return guarded(self._health, "counting asks", run)

    def opt_out(self, user_id: str) -> None:
        def run() -> None:
            with self._engine.begin() as connection:
                if connection.execute(select(o.c.user_id).where(o.c.user_id == user_id)).first() is None:
                    connection.execute(insert(o), {"user_id": user_id, "opted_out_at": utcnow()})

        guarded(self._health, "opting out of asks", run)

    def opt_in(self, user_id: str) -> None:
        def run() -> None:
            with self._engine.begin() as connection:
                connection.execute(delete(o).where(o.c.user_id == user_id))

        guarded(self._health, "opting in to asks", run)

    def opted_out(self, user_ids: list[str] | tuple[str, ...]) -> frozenset[str]:
        """Which of these people asked not to be asked."""
        if not user_ids:
            return frozenset()

        def run() -> frozenset[str]:
            with self._engine.begin() as connection:
                rows = connection.execute(select(o.c.user_id).where(o.c.user_id.in_(list(user_ids))))
                return frozenset(r[0] for r in rows)

        return guarded(self._health, "reading opt-outs", run)

    def forget(self, user_id: str) -> int:
        def run() -> int:
            with self._engine.begin() as connection:
                # An opt-out is kept: it protects the person, and forgetting them must not make them askable.
                gone = connection.execute(delete(a).where((a.c.author_id == user_id) | (a.c.asked_by == user_id)))
                return int(gone.rowcount)

        return guarded(self._health, "forgetting asks", run)
