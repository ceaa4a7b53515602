"""Records of the ask-the-author loop (saved answers, asks), as frozen dataclasses like bot.store.records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from bot.store.records import utcnow

# asked: the ask is recorded, relay it; already_asked: this author was asked in this thread before;
# daily_limit: the author was asked ASK_AUTHOR_DAILY_LIMIT times today (UTC) already.
AskOutcome = Literal["asked", "already_asked", "daily_limit"]


class StoreUnavailable(RuntimeError):
    """The database could not do what was asked now; the message says what, for a log line. The caller tells
    the person to try again (these are clicks and commands, never the answer path)."""


@dataclass(frozen=True)
class AskedInThread:
    author_id: str
    question: str | None
    source_id: str | None


@dataclass(frozen=True)
class SavedAnswer:
    """A Slack reply saved as the answer to its thread's question. `id` is made by the store on first save and
    kept when the same message is saved again; `edited_at` is set when the message was edited after saving."""

    question: str
    answer: str
    writer_id: str
    written_at: dt.datetime
    channel_id: str
    message_ts: str
    permalink: str
    saved_by: str
    thread_ts: str | None = None
    source_id: str | None = None  # the report it is about (its id in the index), when known
    report_title: str | None = None
    report_url: str | None = None
    saved_at: dt.datetime = field(default_factory=utcnow)
    edited_at: dt.datetime | None = None
    id: str = ""

    @property
    def changed_at(self) -> dt.datetime:
        return self.edited_at or self.written_at
