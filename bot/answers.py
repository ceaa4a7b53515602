"""Question → Answer: retrieval results turned into what the bot shows, independent of where it shows it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from embeddings.excerpt import best_excerpt
from embeddings.live import LiveIndex
from embeddings.models import Link, SearchResult
from embeddings.search import ReportInfo, Searcher

# Enough to show why a passage answers, short enough that three fit on a screen.
EXCERPT_CHARS = 600


@dataclass(frozen=True)
class Passage:
    title: str
    headings: tuple[str, ...]
    url: str | None
    date: dt.date | None
    event: str | None
    excerpt: str  # plain text, already trimmed with "…"
    links: tuple[Link, ...]
    chunk_id: str


@dataclass(frozen=True)
class Answer:
    question: str
    passages: tuple[Passage, ...]
    no_answer: bool
    took_ms: float
    corrected_query: str | None = None
    filters: str | None = None
    offset: int = 0  # passages shown before these ("More results")
    top_score: float | None = None
    has_more: bool = False  # the search filled every place asked for, so there are likely more


@dataclass(frozen=True)
class Coverage:
    """What the corpus holds, for "nothing found" replies and the console banner."""

    reports: int
    first_year: int | None
    last_year: int | None
    examples: tuple[str, ...]

    def sentence(self) -> str:
        years = ""
        if self.first_year and self.last_year:
            years = f" from {self.first_year}" + (f" to {self.last_year}" if self.last_year != self.first_year else "")
        examples = ", ".join(self.examples)
        return f"The reports cover {self.reports} events{years}" + (f", for example {examples}." if examples else ".")


def coverage(reports: list[ReportInfo], examples: int = 4) -> Coverage:
    years = [r.date.year for r in reports if r.date]
    return Coverage(
        reports=len(reports),
        first_year=min(years) if years else None,
        last_year=max(years) if years else None,
        examples=tuple(r.title for r in reports[:examples]),
    )


class Answerer:
    """Answers from a fixed Searcher, or from whatever a LiveIndex holds at the moment of the question."""

    def __init__(self, source: Searcher | LiveIndex, passages: int = 3) -> None:
        self.source = source
        self.passages = passages

    @property
    def searcher(self) -> Searcher:
        return self.source if isinstance(self.source, Searcher) else self.source.searcher

    @property
    def coverage(self) -> Coverage:
        return coverage(self.searcher.reports)

    def answer(self, question: str, offset: int = 0) -> Answer:
        """The best passages after the first `offset`. Raises embeddings.search.QueryError when the question
        has nothing to search for."""
        k = offset + self.passages
        result = self.searcher.search(question, k=k)
        answer = to_answer(result, offset)
        return replace(answer, has_more=len(result.hits) >= k and not answer.no_answer)


def to_answer(result: SearchResult, offset: int = 0) -> Answer:
    query = result.corrected_query or result.query
    passages = tuple(
        Passage(
            title=hit.chunk.title,
            headings=hit.chunk.headings,
            url=hit.chunk.url,
            date=hit.chunk.date,
            event=hit.chunk.event,
            excerpt=str(best_excerpt(hit.chunk.text, query, EXCERPT_CHARS)),
            links=hit.chunk.links,
            chunk_id=hit.chunk.id,
        )
        for hit in ([] if result.no_answer else result.hits[offset:])
    )
    return Answer(
        question=result.query,
        passages=passages,
        no_answer=result.no_answer or not passages,
        took_ms=result.took_ms,
        corrected_query=result.corrected_query,
        filters=result.filters,
        offset=offset,
        top_score=result.hits[0].score if result.hits else None,
    )
