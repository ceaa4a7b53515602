"""The store's health as the bot sees it: failures reported by any repository, logged at most once a minute,
and a short pause after a failure so a database that is down costs callers nothing while it stays down."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

log = logging.getLogger("bot.store")

LOG_EVERY_S = 60.0
# After a failure, synchronous reads (is this thread ours?) skip the database this long instead of each one
# waiting for a connect timeout; the writer keeps trying and clears it on success.
PAUSE_AFTER_FAILURE_S = 10.0


class HealthState:
    def __init__(self, clock: Callable[[], float] = time.monotonic, log_every_s: float = LOG_EVERY_S) -> None:
        self._clock = clock
        self._log_every = log_every_s
        self._lock = threading.Lock()
        self.reason: str | None = None
        self._failed_at: float | None = None
        self._logged_at: float | None = None
        self._suppressed = 0

    @property
    def degraded(self) -> bool:
        return self.reason is not None

    def available(self) -> bool:
        """False for a few seconds after a failure, so callers on the answer path do not wait on a dead server."""
        with self._lock:
            return self._failed_at is None or self._clock() - self._failed_at >= PAUSE_AFTER_FAILURE_S

    def failed(self, what: str, exc: BaseException) -> None:
        reason = f"{what}: {type(exc).__name__}: {_first_line(exc)}"
        with self._lock:
            now = self._clock()
            self.reason, self._failed_at = reason, now
            if self._logged_at is not None and now - self._logged_at < self._log_every:
                self._suppressed += 1
                return
            suppressed, self._suppressed, self._logged_at = self._suppressed, 0, now
        more = f" ({suppressed} more failures since the last report)" if suppressed else ""
        log.warning("database unavailable, %s%s", reason, more)

    def recovered(self) -> None:
        with self._lock:
            if self.reason is None:
                return
            self.reason, self._failed_at, self._logged_at, self._suppressed = None, None, None, 0
        log.info("database available again")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else ""
