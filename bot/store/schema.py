"""The tables as the repositories see them at the newest migration. Changes go through a new migration in
`migrations/versions/` first; this file then follows it (tests/test_store.py checks the two agree)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON, Boolean, Column, DateTime, Dialect, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator

metadata = MetaData()


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes in and out: SQLite keeps no time zone, so times are stored as UTC and read back as such
    (comparisons in queries then agree on both backends)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: the store takes aware (UTC) times")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


# Slack ids are short; 64 leaves room for other surfaces' ids (the console's, a future web page's).
ID = 64

questions = Table(
    "questions", metadata,
    Column("id", String(36), primary_key=True),
    Column("asked_at", UTCDateTime(), nullable=False, index=True),
    Column("surface", String(32), nullable=False),
    Column("channel_kind", String(16), nullable=False),
    Column("user_id", String(ID), index=True),
    Column("channel_id", String(ID)),
    Column("question", Text, nullable=False),
    Column("searched", Text, nullable=False),
    Column("outcome", String(20), nullable=False),
    Column("confidence", Float),
    Column("passages", JSON, nullable=False),
    Column("latency_ms", Float, nullable=False),
)

# One row per report shown, so "most shown reports" is a GROUP BY.
question_reports = Table(
    "question_reports", metadata,
    Column("question_id", String(36), ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("source_id", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("url", Text),
)

# No foreign key to questions: a vote may arrive for a question that was never stored (QUESTION_LOG=off, an
# answer posted before the log existed) or already purged, and it is still worth keeping.
feedback = Table(
    "feedback", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("voted_at", UTCDateTime(), nullable=False, index=True),
    Column("question_id", String(36), index=True),
    Column("user_id", String(ID), index=True),
    Column("vote", String(4), nullable=False),
    Column("question", Text, nullable=False),
    Column("passages", JSON, nullable=False),
)

threads = Table(
    "threads", metadata,
    Column("channel_id", String(ID), primary_key=True),
    Column("thread_ts", String(32), primary_key=True),
    Column("expires_at", UTCDateTime(), nullable=False, index=True),
    # The report the bot's answer there was about (its first passage's): a reply saved without an ask gets it.
    Column("source_id", Text),
    Column("report_title", Text),
    Column("report_url", Text),
)

claims = Table(
    "claims", metadata,
    Column("name", String(64), primary_key=True),
    Column("period_key", String(128), primary_key=True),
    Column("claimed_at", UTCDateTime(), nullable=False),
    Column("owner", String(128), nullable=False),
)

Index("ix_question_reports_source", question_reports.c.source_id)

# A reply saved as the answer to its thread's question; searched like a report (embeddings/sources/saved.py).
# One row per Slack message: saving it again updates it.
saved_answers = Table(
    "saved_answers", metadata,
    Column("id", String(36), primary_key=True),
    Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("writer_id", String(ID), nullable=False, index=True),
    Column("written_at", UTCDateTime(), nullable=False),
    Column("source_id", Text),
    Column("report_title", Text),
    Column("report_url", Text),
    Column("channel_id", String(ID), nullable=False),
    Column("message_ts", String(32), nullable=False),
    Column("thread_ts", String(32)),
    Column("permalink", Text, nullable=False),
    Column("saved_by", String(ID), nullable=False),
    Column("saved_at", UTCDateTime(), nullable=False, index=True),
    Column("edited_at", UTCDateTime()),
    UniqueConstraint("channel_id", "message_ts", name="uq_saved_answers_message"),
)

# One ask per author per thread (the key), and the author's asks per UTC day for the daily limit.
asks = Table(
    "asks", metadata,
    Column("author_id", String(ID), primary_key=True),
    Column("channel_id", String(ID), primary_key=True),
    Column("thread_ts", String(32), primary_key=True),
    Column("asked_by", String(ID)),
    Column("asked_at", UTCDateTime(), nullable=False),
    # What was asked and about which report: a reply saved in the thread is saved with them.
    Column("question", Text),
    Column("source_id", Text),
)

ask_optouts = Table(
    "ask_optouts", metadata,
    Column("user_id", String(ID), primary_key=True),
    Column("opted_out_at", UTCDateTime(), nullable=False),
)

# Set by admins in the channel; `enabled` False turns off a channel that ANSWER_CHANNELS lists.
answer_channels = Table(
    "answer_channels", metadata,
    Column("channel_id", String(ID), primary_key=True),
    Column("enabled", Boolean, nullable=False),
    Column("set_by", String(ID)),
    Column("set_at", UTCDateTime(), nullable=False),
)

Index("ix_asks_author_asked_at", asks.c.author_id, asks.c.asked_at)
