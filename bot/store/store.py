"""The facade the bot holds: one `Store` with its repositories, opened (and migrated) from a URL."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, text

from bot.store import migrate as migrations
from bot.store.asks import Asks
from bot.store.batch import write_batch
from bot.store.channels import AnswerChannels
from bot.store.claims import Claims
from bot.store.engine import backend_name, make_engine
from bot.store.feedback import FeedbackLog
from bot.store.health import HealthState
from bot.store.importer import import_feedback_jsonl
from bot.store.questions import QuestionLog
from bot.store.records import Forgotten, Health, Imported, LogPolicy, Purged, utcnow
from bot.store.saved import SavedAnswers
from bot.store.settings import StoreSettings
from bot.store.threads import ThreadMarks
from bot.store.writer import BackgroundWriter

log = logging.getLogger("bot.store")


class Store:
    def __init__(self, engine: Engine, policy: LogPolicy = "full", retention_days: int = 90,
                 health: HealthState | None = None, clock: Callable[[], dt.datetime] = utcnow) -> None:
        self.engine = engine
        self.policy, self.retention_days = policy, retention_days
        self._health = health or HealthState()
        self._migrated = False
        self._writer = BackgroundWriter(self._write, self._ping, self._health)
        self._before_close: list[Callable[[], None]] = []
        self.questions = QuestionLog(engine, self._writer, policy)
        self.feedback = FeedbackLog(engine, self._writer, policy)
        self.threads = ThreadMarks(engine, self._writer, self._health, clock=clock)
        self.claims = Claims(engine, self._health)
        # Asking report authors (synchronous; failures raise bot.store.ask_records.StoreUnavailable).
        self.saved = SavedAnswers(engine, self._health)
        self.asks = Asks(engine, self._health)
        self.channels = AnswerChannels(engine, self._health)

    def migrate(self) -> None:
        """Brings the schema to the newest revision; raises when the database cannot be reached."""
        before, after = migrations.upgrade(self.engine)
        if before != after:
            log.info("database migrated from %s to %s", before or "empty", after)
        self._migrated = True

    def health(self) -> Health:
        return Health(
            status="degraded" if self._health.degraded else "ok", backend=backend_name(self.engine),
            reason=self._health.reason, pending=self._writer.pending, dropped=self._writer.dropped,
            written=self._writer.written,
        )

    def flush(self, timeout: float = 10.0) -> bool:
        """Waits for the rows queued so far to be written; False when the database did not take them in time."""
        return self._writer.flush(timeout)

    def forget(self, user_id: str) -> Forgotten:
        """Deletes a person's questions and votes (and others' votes on their questions), the answers they
        wrote that were saved, and the asks to and by them."""
        self.flush(timeout=5.0)
        votes = self.feedback.forget(user_id)
        return Forgotten(questions=self.questions.forget(user_id), votes=votes, saved=self.saved.forget(user_id),
                         asks=self.asks.forget(user_id))

    def purge(self, now: dt.datetime | None = None) -> Purged:
        """Retention: questions and votes older than QUESTION_LOG_DAYS, expired thread marks."""
        cutoff = (now or utcnow()) - dt.timedelta(days=self.retention_days)
        return Purged(questions=self.questions.purge(cutoff), votes=self.feedback.purge(cutoff),
                      threads=self.threads.purge_expired())

    def import_feedback(self, path: Path) -> Imported:
        return import_feedback_jsonl(self.engine, path, keep_user=self.policy == "full")

    def on_close(self, hand_over: Callable[[], None]) -> None:
        """`hand_over` runs first when the store closes: for rows held back before they are queued (the question
        log's channel lookups), so they are written too."""
        self._before_close.append(hand_over)

    def close(self, timeout: float = 10.0) -> None:
        for hand_over in self._before_close:
            try:
                hand_over()
            except Exception:  # noqa: BLE001 - what is queued is still written
                log.exception("handing rows over to the store at close failed")
        self._writer.close(timeout)
        self.engine.dispose()

    def _write(self, rows: list[object]) -> None:
        if not self._migrated:
            self.migrate()
        write_batch(self.engine, rows)

    def _ping(self) -> None:
        if not self._migrated:
            self.migrate()
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))


def open_store(url: str | None = None, settings: StoreSettings | None = None, *, migrate: bool = True) -> Store:
    """Opens the store at `url` (default: the settings' DATABASE_URL, else the SQLite file in DATA_DIR) and
    migrates it. A database that cannot be reached does not stop the bot: the store opens degraded and the
    background writer migrates and writes once the database is back. `migrate=False` is for deployments that
    run `python -m bot.db upgrade` themselves; the schema must then be at the newest revision."""
    settings = settings or StoreSettings()
    store = Store(make_engine(url or settings.url()), settings.question_log, settings.question_log_days)
    if not migrate:
        found, wanted = migrations.current(store.engine), migrations.head()
        if found != wanted:
            store.close(timeout=0)
            raise RuntimeError(f"database at revision {found}, the bot needs {wanted}: run python -m bot.db upgrade")
        store._migrated = True
        return store
    try:
        store.migrate()
    except Exception as exc:  # noqa: BLE001 - answers first, the store catches up
        store._health.failed("migrating at start", exc)
    return store

