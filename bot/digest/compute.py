"""The digest of a period, computed from the store's queries: how many asked, what the reports could not answer
(grouped), what was voted down, which reports were shown most, the most asked topics, and the new reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from bot.digest.cluster import MERGE_COSINE, TOPIC_COSINE, Embed, Group, Item, group_items
from bot.store.ask_records import SavedAnswer
from bot.store.records import LoggedQuestion, Period, PeriodCounts, ReportCount, VotedDown

LIST_LENGTH = 10


class DigestSource(Protocol):
    """What the digest reads; `bot.store.Store` is one."""

    @property
    def questions(self) -> Any: ...

    @property
    def feedback(self) -> Any: ...

    @property
    def saved(self) -> Any: ...


@dataclass(frozen=True)
class NewReport:
    title: str
    url: str | None
    date: str | None


@dataclass(frozen=True)
class DigestData:
    """What the store said about the period, before any grouping."""

    period: Period
    counts: PeriodCounts
    questions: tuple[LoggedQuestion, ...]
    voted_down: tuple[VotedDown, ...]
    top_reports: tuple[ReportCount, ...]
    saved_answers: tuple[SavedAnswer, ...] = ()


@dataclass(frozen=True)
class SavedEntry:
    """An answer saved from Slack in the period (only ever from a public channel: bot/asking/saving.py)."""

    question: str
    writer_id: str
    permalink: str
    date: str  # the day it was saved, ISO


def collect(store: DigestSource, period: Period) -> DigestData:
    return DigestData(
        period=period, counts=store.questions.counts(period), questions=tuple(store.questions.in_period(period)),
        voted_down=tuple(store.feedback.voted_down(period)),
        top_reports=tuple(store.questions.top_reports(period, LIST_LENGTH)),
        saved_answers=tuple(store.saved.in_period(period)),
    )


@dataclass(frozen=True)
class Digest:
    period: Period
    questions: int
    people: int | None
    by_outcome: dict[str, int]
    new_reports: tuple[NewReport, ...]
    unanswered: tuple[Group, ...]
    voted_down: tuple[Group, ...]
    top_reports: tuple[ReportCount, ...]
    topics: tuple[Group, ...]
    # Questions counted above but not quoted, because they were asked in DMs or private channels.
    unanswered_private: int = 0
    voted_down_private: int = 0
    public_only: bool = True
    saved_answers: tuple[SavedEntry, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "period": {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()},
            "questions": self.questions, "people": self.people, "outcomes": dict(sorted(self.by_outcome.items())),
            "new_reports": [{"title": r.title, "url": r.url, "date": r.date} for r in self.new_reports],
            "unanswered": _groups(self.unanswered), "unanswered_private": self.unanswered_private,
            "voted_down": _groups(self.voted_down), "voted_down_private": self.voted_down_private,
            "top_reports": [{"title": r.title, "url": r.url, "count": r.count} for r in self.top_reports],
            "topics": _groups(self.topics), "public_only": self.public_only,
            "saved_answers": [{"question": a.question, "writer": a.writer_id, "permalink": a.permalink,
                               "date": a.date} for a in self.saved_answers],
        }


def _groups(groups: tuple[Group, ...]) -> list[dict[str, Any]]:
    return [{"question": g.example, "count": g.count} for g in groups]


def compute_digest(
    data: DigestData, embed: Embed, new_reports: list[NewReport], public_only: bool = True
) -> Digest:
    """`embed` turns texts into unit vectors (the index's encoder). With `public_only` (anything posted to a
    channel) only questions from public channels and the console are quoted; the others are counted."""
    quote_all = not public_only
    declined = [Item(q.searched, q.question, q.quotable) for q in data.questions if q.outcome == "nothing_close"]
    unanswered, unanswered_private = _split(group_items(declined, embed, MERGE_COSINE, quote_all))
    down = [Item(v.question, v.question, v.quotable) for v in data.voted_down]
    voted_down, voted_down_private = _split(group_items(down, embed, MERGE_COSINE, quote_all))
    asked = [Item(q.searched, q.question, q.quotable) for q in data.questions]
    topics = [g for g in group_items(asked, embed, TOPIC_COSINE, quote_all) if g.example is not None and g.count > 1]
    return Digest(
        period=data.period, questions=data.counts.questions, people=data.counts.people,
        by_outcome=dict(data.counts.by_outcome), new_reports=tuple(new_reports),
        unanswered=tuple(unanswered[:LIST_LENGTH]), voted_down=tuple(voted_down[:LIST_LENGTH]),
        top_reports=data.top_reports, topics=tuple(topics[:LIST_LENGTH]),
        unanswered_private=unanswered_private, voted_down_private=voted_down_private, public_only=public_only,
        saved_answers=tuple(SavedEntry(a.question, a.writer_id, a.permalink, a.saved_at.date().isoformat())
                            for a in data.saved_answers[:LIST_LENGTH]),
    )


def _split(groups: list[Group]) -> tuple[list[Group], int]:
    """(groups that can be quoted, how many questions are in the others)."""
    return [g for g in groups if g.example is not None], sum(g.count for g in groups if g.example is None)
