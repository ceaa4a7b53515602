"""Question → Answer: retrieval results turned into what the bot shows, independent of where it shows it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from embeddings.excerpt import best_excerpt
from embeddings.live import LiveIndex
from bot.query import normalize_query
from embeddings.models import Link, Outcome, SearchResult
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
    confidence: float = 1.0
    # "answer"; "low_confidence": `passages` are the closest ones, not an answer; "nothing_close": none.
    outcome: Outcome = "answer"


@dataclass(frozen=True)
class Coverage:
    """What the corpus holds, for "nothing found" replies and the console banner."""

    reports: int
    first_year: int | None
    last_year: int | None
    examples: tuple[str, ...]
    questions: tuple[str, ...] = ()  # example questions these reports answer

    def decline(self) -> str:
        """What a reply says when nothing in the reports is close: what they cover and questions that work."""
        asks = "; ".join(f"“{q}”" for q in self.questions)
        return f"The reports don't cover this. {self.sentence()}" + (f" You could ask, for example: {asks}" if asks else "")

    def sentence(self) -> str:
        years = ""
        if self.first_year and self.last_year:
            years = f" from {self.first_year}" + (f" to {self.last_year}" if self.last_year != self.first_year else "")
        examples = ", ".join(self.examples)
        return f"The reports cover {self.reports} events{years}" + (f", for example {examples}." if examples else ".")


def coverage(reports: list[ReportInfo], examples: int = 4, questions: tuple[str, ...] = ()) -> Coverage:
    years = [r.date.year for r in reports if r.date]
    return Coverage(
        reports=len(reports),
        first_year=min(years) if years else None,
        last_year=max(years) if years else None,
        examples=tuple(r.title for r in reports[:examples]),
        questions=questions,
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
        searcher = self.searcher
        return coverage(searcher.reports, questions=searcher.example_questions())

    def answer(self, question: str, offset: int = 0) -> Answer:
        """The best passages after the first `offset` (Slack markup removed from the question first). Raises
        embeddings.search.QueryError when the question has nothing to search for."""
        k = offset + self.passages
        result = self.searcher.search(normalize_query(question), k=k)
        answer = to_answer(result, offset)
        more = len(result.hits) >= k or len(result.hits) > offset + len(answer.passages)
        return replace(answer, has_more=more and not answer.no_answer)


def to_answer(result: SearchResult, offset: int = 0) -> Answer:
    """The passages to show: for an answer, the first and any later one that answers on its own ("More
    results" shows the rest); for low confidence, the closest ones; for nothing close, none."""
    query = result.corrected_query or result.query
    hits = result.hits[offset:]
    if result.outcome == "answer" and offset == 0:
        hits = hits[:1] + tuple(h for h in hits[1:] if h.answers)
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
        for hit in hits
    )
    return Answer(
        question=result.query,
        passages=passages,
        no_answer=result.no_answer or not passages,
        confidence=result.confidence,
        outcome=result.outcome if passages or result.no_answer else "nothing_close",
        took_ms=result.took_ms,
        corrected_query=result.corrected_query,
        filters=result.filters,
        offset=offset,
        top_score=result.hits[0].score if result.hits else None,
    )
