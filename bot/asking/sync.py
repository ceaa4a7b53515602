"""Saved answers reach every replica's index within SAVED_ANSWERS_SYNC_S, whether or not the folders are
watched (RELOAD_INTERVAL_S may be 0): the database is read on that interval, and the index refreshed only
when the saved answers changed, so a quiet workspace costs one query per interval."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence

from embeddings.live import LiveIndex
from embeddings.sources.saved import ChatAnswer

log = logging.getLogger(__name__)


class SavedAnswersWatch:
    def __init__(self, provider: Callable[[], Sequence[ChatAnswer]], live: LiveIndex, interval_s: float) -> None:
        self.provider, self.live, self.interval_s = provider, live, interval_s
        # None: the first check refreshes once, in case an answer was saved while this replica started.
        self._seen: frozenset[str] | None = None
        self._stop = threading.Event()
        self._failing = False

    def check(self) -> bool:
        """Refreshes the index when the saved answers differ from those last seen; True when it did."""
        try:
            now = frozenset(answer.content_hash() for answer in self.provider())
        except Exception as exc:  # noqa: BLE001 - a database that is down: the index keeps what it has
            if not self._failing:
                log.warning("saved answers cannot be read now (%s: %s); trying every %.0f s",
                            type(exc).__name__, exc, self.interval_s)
            self._failing = True
            return False
        self._failing = False
        if now == self._seen:
            return False
        self.live.refresh(remote=False)
        self._seen = now
        return True

    def start(self) -> threading.Thread:
        def loop() -> None:
            while not self._stop.wait(self.interval_s):
                try:
                    self.check()
                except Exception:  # noqa: BLE001 - tried again on the next tick
                    log.exception("refreshing the index with the saved answers failed")

        thread = threading.Thread(target=loop, name="saved-answers-sync", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self._stop.set()
