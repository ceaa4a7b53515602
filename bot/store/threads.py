"""Which threads the bot answered in, shared by replicas: a follow-up that reaches another replica is still
read as a question to the bot. Marks are written in the background; a check that cannot reach the database
answers "not known" at once, and the caller falls back to asking Slack as it does without the store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import Engine, delete, select

from bot.store import schema
from bot.store.batch import ThreadMark
from bot.store.health import HealthState
from bot.store.records import utcnow
from bot.store.writer import BackgroundWriter

t = schema.threads
# As long as a replica's own thread memory (bot/state/threads.py) keeps a thread.
THREAD_TTL = dt.timedelta(hours=24)


class ThreadMarks:
    def __init__(
        self, engine: Engine, writer: BackgroundWriter, health: HealthState,
        ttl: dt.timedelta = THREAD_TTL, clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self._engine, self._writer, self._health = engine, writer, health
        self._ttl, self._clock = ttl, clock

    def mark(self, channel_id: str, thread_ts: str) -> None:
        """Remembers (or refreshes) a thread as the bot's, for the TTL."""
        self._writer.submit(ThreadMark(channel_id, thread_ts, self._clock() + self._ttl))

    def is_ours(self, channel_id: str, thread_ts: str) -> bool:
        """True when some replica marked the thread within the TTL; False when not, or when the database cannot
        say right now (logged, and health says degraded)."""
        if not self._health.available():
            return False
        query = select(t.c.expires_at).where(t.c.channel_id == channel_id, t.c.thread_ts == thread_ts)
        try:
            with self._engine.begin() as connection:
                expires = connection.execute(query).scalar_one_or_none()
        except Exception as exc:  # noqa: BLE001 - the answer path must go on without the store
            self._health.failed("reading a thread mark", exc)
            return False
        return expires is not None and expires > self._clock()

    def purge_expired(self) -> int:
        with self._engine.begin() as connection:
            return connection.execute(delete(t).where(t.c.expires_at <= self._clock())).rowcount
