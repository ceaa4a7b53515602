"""The running bot's scheduled jobs, each done once across replicas by a claim in the database: the digest
posted to DIGEST_CHANNEL on DIGEST_SCHEDULE, and the daily QUESTION_LOG_DAYS purge. A digest that could not
be posted (Slack refused it, the database failed while making it) gives its claim back and is tried again
while it is still due (DUE_GRACE), each replica waiting longer after each failure."""

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
# After a failed post this replica waits this long before trying again, doubled after each further failure:
# within the hour a run stays due, tries at 0, 5, 15 and 35 minutes.
RETRY_AFTER = dt.timedelta(minutes=5)


class Scheduler:
    def __init__(
        self, store: Store, digests: DigestMaker, schedule: Schedule, interval_s: float = 60.0,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.store, self.digests, self.schedule = store, digests, schedule
        self.interval_s, self._clock = interval_s, clock
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        # period key -> (failures so far, earliest next try), this replica's own
        self._failed: dict[str, tuple[int, dt.datetime]] = {}

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
                log.exception("scheduled %s failed", job.__name__.strip("_"))

    def _purge(self, now: dt.datetime) -> None:
        if self.store.claims.claim("purge", now.date().isoformat()):
            purged = self.store.purge(now)
            log.info("retention: deleted %d questions, %d votes, %d expired thread marks older than %d days",
                     purged.questions, purged.votes, purged.threads, self.store.retention_days)

    def _digest(self, now: dt.datetime) -> None:
        if not self.digests.channel:
            return
        key = due(self.schedule, now)
        if key is None or now < self._failed.get(key, (0, now))[1] or not self.store.claims.claim("digest", key):
            return
        try:
            posted, note = self.digests.try_post(covered(self.schedule, now))
        except Exception:
            self._retry_later(key, now)
            raise
        if posted:
            log.info("digest %s: %s", key, note)
            self._failed.pop(key, None)
            return
        self._retry_later(key, now)
        log.warning("digest %s: %s; trying again from %s while it is due", key, note, self._failed[key][1])

    def _retry_later(self, key: str, now: dt.datetime) -> None:
        failures = self._failed.get(key, (0, now))[0] + 1
        self._failed = {key: (failures, now + RETRY_AFTER * 2 ** (failures - 1))}  # older periods are done with
        self.store.claims.release("digest", key)
