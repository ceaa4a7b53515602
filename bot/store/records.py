"""What goes into and comes out of the store: frozen dataclasses, no SQL, so bot code never sees the database."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Literal

ChannelKind = Literal["public", "private", "dm", "console"]
Outcome = Literal["answer", "low_confidence", "nothing_close"]
VoteKind = Literal["up", "down"]
LogPolicy = Literal["full", "anonymous", "off"]
# Channel kinds whose questions may be quoted where everyone reads (a digest posted to a channel).
QUOTABLE_KINDS: frozenset[str] = frozenset({"public", "console"})


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True)
class ShownReport:
    source_id: str
    title: str
    url: str | None = None


@dataclass(frozen=True)
class QuestionRecord:
    """One question any surface answered. `id` is made by the caller (`new_id()`), so the answer's buttons can
    carry it before the row is written; `surface` is where it came from (mention, dm, thread, assistant, slash,
    shortcut, console, more, share, ...)."""

    id: str
    surface: str
    channel_kind: ChannelKind
    question: str
    searched: str
    outcome: Outcome
    confidence: float | None = None
    reports: tuple[ShownReport, ...] = ()
    passages: tuple[str, ...] = ()
    latency_ms: float = 0.0
    user_id: str | None = None
    channel_id: str | None = None
    time: dt.datetime = field(default_factory=utcnow)


# Presses that log an answer again without anyone asking something new: "More results" pages through the same
# question, "Share" re-posts an answer. Logged (their surface says so) but not counted as questions.
REPEAT_SURFACES = frozenset({"more", "share"})


@dataclass(frozen=True)
class VoteRecord:
    """A 👍/👎 on an answer. `question_id` is None for votes from before the question log (imported)."""

    vote: VoteKind
    question: str
    passages: tuple[str, ...] = ()
    question_id: str | None = None
    user_id: str | None = None
    time: dt.datetime = field(default_factory=utcnow)


@dataclass(frozen=True)
class Period:
    start: dt.datetime
    end: dt.datetime

    @classmethod
    def last(cls, span: dt.timedelta, now: dt.datetime | None = None) -> Period:
        end = now or utcnow()
        return cls(end - span, end)


@dataclass(frozen=True)
class LoggedQuestion:
    """A question read back for the digest: what it said and whether it may be quoted."""

    id: str
    time: dt.datetime
    surface: str
    channel_kind: str
    question: str
    searched: str
    outcome: str

    @property
    def quotable(self) -> bool:
        return self.channel_kind in QUOTABLE_KINDS


@dataclass(frozen=True)
class VotedDown:
    question: str
    time: dt.datetime
    # The kind of channel of the linked question; None when unknown (imported or purged): never quoted.
    channel_kind: str | None

    @property
    def quotable(self) -> bool:
        return self.channel_kind in QUOTABLE_KINDS


@dataclass(frozen=True)
class PeriodCounts:
    questions: int
    # Distinct people; None when no question in the period carries a user id (QUESTION_LOG=anonymous).
    people: int | None
    by_outcome: dict[str, int]


@dataclass(frozen=True)
class ReportCount:
    source_id: str
    title: str
    url: str | None
    count: int


@dataclass(frozen=True)
class VoteTally:
    up: int
    down: int
    down_questions: tuple[tuple[str, int], ...]
    down_passages: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Forgotten:
    questions: int
    votes: int
    saved: int = 0  # saved answers they wrote
    asks: int = 0


@dataclass(frozen=True)
class Purged:
    questions: int
    votes: int
    threads: int


@dataclass(frozen=True)
class Imported:
    votes: int
    unreadable: int
    renamed_to: str | None


@dataclass(frozen=True)
class Health:
    status: Literal["ok", "degraded"]
    backend: str
    reason: str | None = None
    pending: int = 0
    dropped: int = 0
    written: int = 0

    def to_json(self) -> dict[str, object]:
        return {k: v for k, v in vars(self).items() if v is not None}
