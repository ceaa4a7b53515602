"""Writes off the answer path: `submit` puts a row on a bounded queue (microseconds); one thread commits them in
batches, retries while the database is down, and drops the newest rows only when the queue is full."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from bot.store.health import HealthState

log = logging.getLogger("bot.store")

# Rows kept while the database is down: at a question a second, over two hours; a few MB of memory.
MAX_QUEUE = 10_000
BATCH = 500
RETRY_MIN_S, RETRY_MAX_S = 0.5, 30.0
# With nothing to write the thread still checks the database this often, so health turns ok again by itself.
IDLE_PING_S = 30.0
# A batch closes once no row has come for COALESCE_S, or MAX_WINDOW_S after its first row: a burst of answers
# is written in a commit or two rather than one every 50 ms (see _take).
COALESCE_S = 0.05
MAX_WINDOW_S = 1.0

WriteBatch = Callable[[Sequence[Any]], None]
_WAKE = object()  # put on the queue by close() so the thread stops waiting for rows


def is_transient(exc: BaseException) -> bool:
    """The database could not be reached or was busy (retry), as opposed to a row it refuses (drop that row)."""
    if isinstance(exc, DBAPIError):
        return exc.connection_invalidated or type(exc.orig).__name__ in {"OperationalError", "InterfaceError"}
    return not isinstance(exc, SQLAlchemyError)


class BackgroundWriter:
    def __init__(
        self, write: WriteBatch, ping: Callable[[], None], health: HealthState,
        max_queue: int = MAX_QUEUE, batch: int = BATCH, idle_ping_s: float = IDLE_PING_S,
        coalesce_s: float = COALESCE_S, max_window_s: float = MAX_WINDOW_S,
    ) -> None:
        self._write, self._ping, self._health = write, ping, health
        self._queue: queue.Queue[Any] = queue.Queue(max_queue)
        self._batch, self._idle_ping, self._coalesce = batch, idle_ping_s, coalesce_s
        self._max_window = max_window_s
        self._stop = threading.Event()
        self._idle = threading.Condition()
        self.dropped = 0
        self.written = 0
        self._thread = threading.Thread(target=self._run, name="store-writer", daemon=True)
        self._thread.start()

    def submit(self, row: Any) -> None:
        try:
            self._queue.put_nowait(row)
        except queue.Full:
            self.dropped += 1
            self._health.failed("queue full, row dropped", RuntimeError(f"{self.dropped} rows dropped so far"))

    @property
    def pending(self) -> int:
        return self._queue.unfinished_tasks

    def flush(self, timeout: float = 10.0) -> bool:
        """Waits until every row submitted so far is written (or dropped); False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: self._queue.unfinished_tasks == 0, timeout)

    def close(self, timeout: float = 10.0) -> None:
        self.flush(timeout)
        self._stop.set()
        try:
            self._queue.put_nowait(_WAKE)
        except queue.Full:
            pass  # the thread is busy with rows and sees the stop flag next
        self._thread.join(timeout)

    def _run(self) -> None:
        delay = RETRY_MIN_S
        rows: list[Any] = []
        while not self._stop.is_set():
            if not rows:
                rows = self._take()
                if not rows:
                    if not self._stop.is_set():
                        self._try(self._ping, "ping")
                    continue
            left = self._commit(rows)
            with self._idle:
                for _ in range(len(rows) - len(left)):
                    self._queue.task_done()
                self._idle.notify_all()
            if left:
                self._stop.wait(delay)
                delay = min(delay * 2, RETRY_MAX_S)
                left = self._top_up(left)
            else:
                delay = RETRY_MIN_S
            rows = left

    def _top_up(self, rows: list[Any]) -> list[Any]:
        """A retry also takes the rows queued meanwhile, so the database is caught up with in one commit and
        health turns ok only once nothing known is left to write."""
        while len(rows) < self._batch:
            try:
                row = self._queue.get_nowait()
            except queue.Empty:
                break
            if row is _WAKE:
                self._queue.task_done()
                break
            rows.append(row)
        return rows

    def _take(self) -> list[Any]:
        try:
            rows = [self._queue.get(timeout=self._idle_ping)]
        except queue.Empty:
            return []
        # Rows that keep arriving share a commit: during a burst of answers each commit takes the GIL from the
        # threads acknowledging Slack's requests (bench/slack_e2e.py: ack p50 at 100 concurrent mentions), so
        # the batch stays open while rows come less than COALESCE_S apart, up to MAX_WINDOW_S.
        window_ends = time.monotonic() + self._max_window
        while len(rows) < self._batch and rows[-1] is not _WAKE:
            wait = min(self._coalesce, window_ends - time.monotonic())
            if wait <= 0:
                break
            try:
                rows.append(self._queue.get(timeout=wait))
            except queue.Empty:
                break
        if _WAKE in rows:
            rows.remove(_WAKE)
            self._queue.task_done()
        return rows

    def _commit(self, rows: list[Any]) -> list[Any]:
        """The rows still to write: none when written (or refused one by one and dropped), else to retry."""
        try:
            self._write(rows)
        except Exception as exc:  # noqa: BLE001 - nothing may escape this thread
            if is_transient(exc):
                self._health.failed(f"{len(rows)} rows waiting to be written", exc)
                return rows
            return self._one_by_one(rows)
        self.written += len(rows)
        self._health.recovered()
        return []

    def _one_by_one(self, rows: list[Any]) -> list[Any]:
        for i, row in enumerate(rows):
            try:
                self._write([row])
                self.written += 1
            except Exception as exc:  # noqa: BLE001
                if is_transient(exc):
                    self._health.failed("row waiting to be written", exc)
                    return rows[i:]
                self.dropped += 1
                log.error("row refused by the database, dropped: %s: %s", type(exc).__name__, _short(exc))
        return []

    def _try(self, action: Callable[[], None], what: str) -> None:
        try:
            action()
            self._health.recovered()
        except Exception as exc:  # noqa: BLE001
            self._health.failed(what, exc)


def _short(exc: BaseException) -> str:
    return str(exc).splitlines()[0][:300] if str(exc) else ""
