"""What was said in a Slack thread, for reading follow-ups in context: a small memory in front of
`conversations.replies`.

Slack rate-limits `conversations.replies` hard for apps outside the Marketplace (as little as one request a
minute), so the memory keeps every thread the bot has seen recently, adds each message the bot sees or
posts there, and asks Slack only for a thread it does not know (after a restart, or one it was not in yet).
Each replica has its own memory; a miss costs one request and is then remembered, threads that are not
ours included, so human threads do not cost a request per message. In front of it, the database's thread
marks (bot/store/threads.py, shared by replicas) say whether the bot answered in a thread at all: a thread no
replica answered in costs no request, and one another replica answered in is read from Slack, in context.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ThreadMessage:
    ts: str
    text: str
    from_us: bool


@dataclass
class Thread:
    messages: list[ThreadMessage] = field(default_factory=list)
    answering: bool = False  # the bot is posting its answer here right now

    @property
    def ours(self) -> bool:
        """The bot has spoken (or is speaking) in this thread, so replies in it are questions to the bot."""
        return self.answering or any(m.from_us for m in self.messages)

    def questions_before(self, ts: str) -> list[str]:
        """What people said before `ts`, oldest first: the bot's own answers are not context."""
        return [m.text for m in self.messages if not m.from_us and float(m.ts) < float(ts)]


def thread_message(message: dict[str, Any], bot_user_id: str | None, bot_id: str | None) -> ThreadMessage:
    from_us = bool(
        (bot_id and message.get("bot_id") == bot_id) or (bot_user_id and message.get("user") == bot_user_id)
    )
    return ThreadMessage(ts=str(message.get("ts", "0")), text=str(message.get("text") or ""), from_us=from_us)


class ThreadMemory:
    def __init__(
        self, max_threads: int = 2000, max_messages: int = 50, ttl_s: float = 24 * 3600,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._threads: OrderedDict[tuple[str, str], tuple[float, Thread]] = OrderedDict()
        self._max_threads = max_threads
        self._max_messages = max_messages
        self._ttl = ttl_s
        self._clock = clock
        self._lock = threading.Lock()
        # One request per unknown thread even when several of its messages arrive at once.
        self._fetching: dict[tuple[str, str], threading.Lock] = {}
        self.fetches = 0  # conversations.replies calls made, for logs and tests

    def _known(self, key: tuple[str, str]) -> Thread | None:
        entry = self._threads.get(key)
        if entry is None:
            return None
        stored, thread = entry
        if self._clock() - stored > self._ttl:
            del self._threads[key]
            return None
        self._threads.move_to_end(key)
        return thread

    def _store(self, key: tuple[str, str], thread: Thread) -> None:
        thread.messages = sorted({m.ts: m for m in thread.messages}.values(), key=lambda m: float(m.ts))
        thread.messages = thread.messages[-self._max_messages:]
        self._threads[key] = (self._clock(), thread)
        self._threads.move_to_end(key)
        while len(self._threads) > self._max_threads:
            self._threads.popitem(last=False)

    def known(self, channel: str, thread_ts: str) -> Thread | None:
        """The thread if this replica remembers it; never asks Slack."""
        with self._lock:
            return self._known((channel, thread_ts))

    def forget(self, channel: str, thread_ts: str) -> None:
        """Drops what this replica remembers of a thread (another replica answered there since)."""
        with self._lock:
            self._threads.pop((channel, thread_ts), None)

    def get(
        self, client: WebClient, channel: str, thread_ts: str, bot_user_id: str | None, bot_id: str | None
    ) -> Thread | None:
        """The thread from memory, else from Slack; None when Slack could not say (logged)."""
        key = (channel, thread_ts)
        with self._lock:
            known = self._known(key)
            if known is not None:
                return known
            fetching = self._fetching.setdefault(key, threading.Lock())
        with fetching:
            with self._lock:
                known = self._known(key)
                if known is not None:  # another worker fetched it meanwhile
                    return known
            try:
                self.fetches += 1
                response = client.conversations_replies(channel=channel, ts=thread_ts, limit=self._max_messages)
            except SlackApiError as exc:
                error = exc.response.get("error")
                log.warning("could not read thread %s in %s: %s", thread_ts, channel, error)
                if error != "thread_not_found":
                    return None
                response = {"messages": []}  # nothing Slack knows of is ours: remember it as such
            finally:
                with self._lock:
                    self._fetching.pop(key, None)
            messages = [thread_message(m, bot_user_id, bot_id) for m in response.get("messages") or []]
            with self._lock:
                thread = Thread(messages)
                self._store(key, thread)
                return thread

    def answering(self, channel: str, thread_ts: str, now: bool = True) -> None:
        """Marks a known thread as the bot's before its answer is posted, so a follow-up arriving meanwhile is
        not taken for a message in someone else's thread; `now=False` once the attempt is over, posted or not
        (a posted answer is then one of the thread's messages)."""
        with self._lock:
            thread = self._known((channel, thread_ts))
            if thread is not None:
                thread.answering = now

    def add(self, channel: str, thread_ts: str, message: ThreadMessage, *, start: bool = False) -> None:
        """Records a message seen or posted in a thread. Only known threads are extended (or `start`ed, for a
        thread that begins with this message): a thread half known would pass for one that is not ours."""
        key = (channel, thread_ts)
        with self._lock:
            thread = self._known(key)
            if thread is None and not start:
                return
            thread = thread or Thread()
            thread.messages.append(message)
            self._store(key, thread)
