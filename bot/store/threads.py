"""Which threads the bot answered in, shared by replicas: a follow-up that reaches another replica is still
read as a question to the bot. Marks are written in the background; a check that cannot reach the database
answers "not known" at once, and the caller falls back to asking Slack as it does without the store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import Engine, delete, select

from bot.store import schema
from bot.store.batch import ThreadMark
from bot.store.guard import guarded
from bot.store.health import HealthState
from bot.store.records import ShownReport, utcnow
from bot.store.writer import BackgroundWriter

t = schema.threads
# How long a mark lasts after the bot's last answer in the thread. Within that window a thread without a mark
# is known not to be the bot's (no Slack call); an older thread is asked of Slack once, as without a database.
THREAD_TTL = dt.timedelta(days=7)


class ThreadMarks:
    def __init__(
        self, engine: Engine, writer: BackgroundWriter, health: HealthState,
        ttl: dt.timedelta = THREAD_TTL, clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self._engine, self._writer, self._health = engine, writer, health
        self._ttl, self._clock = ttl, clock

    def mark(self, channel_id: str, thread_ts: str, report: ShownReport | None = None) -> None:
        """Remembers (or refreshes) a thread as the bot's, for the TTL, with the report its answer was about (the
        thread keeps the first one marked)."""
        self._writer.submit(ThreadMark(channel_id, thread_ts, self._clock() + self._ttl, report))

    def report_of(self, channel_id: str, thread_ts: str) -> ShownReport | None:
        """The report the bot's answer in the thread was about, while its mark is kept (expired or not); None
        when none was marked. Raises StoreUnavailable (a click, not the answer path)."""
        query = select(t.c.source_id, t.c.report_title, t.c.report_url).where(
            t.c.channel_id == channel_id, t.c.thread_ts == thread_ts)

        def run() -> ShownReport | None:
            with self._engine.begin() as connection:
                row = connection.execute(query).one_or_none()
            if row is None or row.source_id is None:
                return None
            return ShownReport(row.source_id, row.report_title or row.source_id, row.report_url)

        return guarded(self._health, "reading a thread's report", run)

    def is_ours(self, channel_id: str, thread_ts: str) -> bool | None:
        """True when some replica marked the thread within the TTL; False when not; None when the marks cannot
        tell: the thread began before the marks' window (an answer there may have been forgotten), or the database
        cannot say right now (logged, and health says degraded)."""
        if not self._health.available():
            return None
        query = select(t.c.expires_at).where(t.c.channel_id == channel_id, t.c.thread_ts == thread_ts)
        try:
            with self._engine.begin() as connection:
                expires = connection.execute(query).scalar_one_or_none()
        except Exception as exc:  # noqa: BLE001 - the answer path must go on without the store
            self._health.failed("reading a thread mark", exc)
            return None
        if expires is not None and expires > self._clock():
            return True
        return False if _started(thread_ts) > self._clock() - self._ttl else None

    def purge_expired(self) -> int:
        with self._engine.begin() as connection:
            return connection.execute(delete(t).where(t.c.expires_at <= self._clock())).rowcount


def _started(thread_ts: str) -> dt.datetime:
    """When a thread began: Slack's ts is seconds since the epoch (an unreadable one counts as long ago)."""
    try:
        return dt.datetime.fromtimestamp(float(thread_ts), dt.UTC)
    except (ValueError, OverflowError):
        return dt.datetime.min.replace(tzinfo=dt.UTC)
