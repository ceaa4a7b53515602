"""Answer channels set by admins (`/dockercon channel on|off`), merged with ANSWER_CHANNELS. Read on every
message in a channel, so the merged set is cached for a few seconds; a database that is down keeps the last
set known (or the configured one)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable

from sqlalchemy import Engine, delete, insert, select

from bot.store import schema
from bot.store.guard import guarded
from bot.store.health import HealthState
from bot.store.records import utcnow

c = schema.answer_channels
# Another replica's `/dockercon channel on` is seen within this long.
CACHE_S = 10.0


class AnswerChannels:
    def __init__(self, engine: Engine, health: HealthState, clock: Callable[[], float] = time.monotonic) -> None:
        self._engine, self._health, self._clock = engine, health, clock
        self._lock = threading.Lock()
        self._cached: dict[str, bool] | None = None
        self._read_at = 0.0

    def set(self, channel_id: str, enabled: bool, by: str | None) -> None:
        """Turns answering every question on or off in a channel (an admin's choice beats ANSWER_CHANNELS)."""
        def run() -> None:
            with self._engine.begin() as connection:
                connection.execute(delete(c).where(c.c.channel_id == channel_id))
                connection.execute(insert(c), {"channel_id": channel_id, "enabled": enabled, "set_by": by,
                                               "set_at": utcnow()})

        guarded(self._health, "setting an answer channel", run)
        with self._lock:
            self._cached = None

    def enabled(self, configured: Iterable[str] = ()) -> frozenset[str]:
        """The answer channels: ANSWER_CHANNELS (`configured`) plus those turned on, minus those turned off."""
        choices = self._choices()
        merged = {channel for channel in configured if choices.get(channel, True)}
        return frozenset(merged | {channel for channel, on in choices.items() if on})

    def is_on(self, channel_id: str, configured: Iterable[str] = ()) -> bool:
        return channel_id in self.enabled(configured)

    def _choices(self) -> dict[str, bool]:
        with self._lock:
            if self._cached is not None and self._clock() - self._read_at < CACHE_S:
                return self._cached
            stale = self._cached
        try:
            fresh = guarded(self._health, "reading answer channels", self._read)
        except Exception:  # noqa: BLE001 - a message event must not fail for the database's sake
            fresh = stale if stale is not None else {}
        with self._lock:
            self._cached, self._read_at = fresh, self._clock()
        return fresh

    def _read(self) -> dict[str, bool]:
        with self._engine.begin() as connection:
            return {row.channel_id: bool(row.enabled) for row in connection.execute(select(c))}
