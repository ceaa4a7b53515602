"""The running bot's scheduled jobs, each done once across replicas by a claim in the database: the digest
posted to DIGEST_CHANNEL on DIGEST_SCHEDULE, and the daily QUESTION_LOG_DAYS purge."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable

from bot.digest.maker import DigestMaker
from bot.digest.schedule import Schedule, covered, due
from bot.store import Store
from bot.store.records import utcnow

log = logging.getLogger("bot.schedule")


class Scheduler:
    def __init__(
        self, store: Store, digests: DigestMaker, schedule: Schedule, interval_s: float = 60.0,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.store, self.digests, self.schedule = store, digests, schedule
        self.interval_s, self._clock = interval_s, clock
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="scheduler", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.tick()
            self._stop.wait(self.interval_s)

    def tick(self) -> None:
        """One look at what is due; never raises (the loop must outlive a database that went away)."""
        for job in (self._purge, self._digest):
            try:
                job(self._clock())
            except Exception:  # noqa: BLE001
                log.exception("scheduled %s failed; trying again at the next period", job.__name__.strip("_"))

    def _purge(self, now: dt.datetime) -> None:
        if self.store.claims.claim("purge", now.date().isoformat()):
            purged = self.store.purge(now)
            log.info("retention: deleted %d questions, %d votes, %d expired thread marks older than %d days",
                     purged.questions, purged.votes, purged.threads, self.store.retention_days)

    def _digest(self, now: dt.datetime) -> None:
        if not self.digests.channel:
            return
        key = due(self.schedule, now)
        if key is None or not self.store.claims.claim("digest", key):
            return
        log.info("digest %s: %s", key, self.digests.post_digest(covered(self.schedule, now)))
