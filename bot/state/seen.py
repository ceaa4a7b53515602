"""Memory of handled Slack deliveries, so a retried or twin event is never answered twice."""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol

log = logging.getLogger(__name__)


class SeenEvents(Protocol):
    def first_time(self, key: str) -> bool:
        """True exactly once per key within the memory's lifetime; records the key."""
        ...


class MemorySeenEvents:
    """Bounded, expiring, thread-safe memory for a single bot process.

    Slack retries an unacknowledged event three times within about five minutes; an hour covers that with
    room to spare, and the bound keeps a flood of events from growing memory without limit.
    """

    def __init__(self, ttl_s: float = 3600.0, max_keys: int = 50_000, clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl = ttl_s
        self._max = max_keys
        self._clock = clock
        self._expiry: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, key: str) -> bool:
        now = self._clock()
        with self._lock:
            while self._expiry and next(iter(self._expiry.values())) <= now:
                self._expiry.popitem(last=False)
            if key in self._expiry:
                return False
            self._expiry[key] = now + self._ttl
            while len(self._expiry) > self._max:
                self._expiry.popitem(last=False)
            return True

    def __len__(self) -> int:
        return len(self._expiry)


class RedisSeenEvents:
    """The same memory shared by every replica: SET NX with an expiry, so exactly one replica wins a key.

    If Redis cannot be reached the event is answered anyway: a rare duplicate beats a question never answered.
    """

    PREFIX = "dockercon-bot:seen:"

    def __init__(self, url: str, ttl_s: int = 3600) -> None:
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._ttl = ttl_s

    def first_time(self, key: str) -> bool:
        import redis

        try:
            return bool(self._redis.set(self.PREFIX + key, 1, nx=True, ex=self._ttl))
        except redis.RedisError as exc:
            log.warning("redis unavailable, handling %s without the shared memory: %s", key, exc)
            return True
