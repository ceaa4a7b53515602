"""Question → Answer: retrieval results turned into what the bot shows, independent of where it shows it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace

from embeddings.excerpt import best_excerpt
from embeddings.live import LiveIndex
from bot.answering.query import normalize_query
from embeddings.models import Fact, Link, Outcome, ReportRef, SearchResult
from embeddings.catalogue import Catalogue, Coverage
from embeddings.search import Searcher

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
    source: str = ""  # the report's (or saved answer's) id in the index
    kind: str = "report"  # "saved": an answer saved in Slack (url is its permalink)
    author_ids: tuple[str, ...] = ()  # a saved answer's writer
    report_link: Link | None = None  # a saved answer's report
    authors: tuple[str, ...] = ()  # the byline: who wrote the report


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
    facts: tuple[Fact, ...] = ()  # for a question about the reports themselves: who, when, where, which

    @property
    def report(self) -> ReportRef | None:
        """The report the answer is about: its first report passage's. A saved answer quoted is skipped: what it
        names is a link to a report, not one of the index's sources."""
        passage = next((p for p in self.passages if p.kind == "report"), None)
        if passage is None:
            return None
        source = passage.source or passage.chunk_id.rsplit("#", 1)[0]
        return ReportRef(source, passage.title, passage.url.split("#", 1)[0] if passage.url else None)


class Answerer:
    """Answers from a fixed Searcher, or from whatever a LiveIndex holds at the moment of the question."""

    def __init__(self, source: Searcher | LiveIndex, passages: int = 3) -> None:
        self.source = source
        self.passages = passages

    @property
    def searcher(self) -> Searcher:
        return self.source if isinstance(self.source, Searcher) else self.source.searcher

    @property
    def catalogue(self) -> Catalogue:
        """The reports of the index being answered from (swapped with it on a reindex)."""
        return self.searcher.index.catalogue

    @property
    def coverage(self) -> Coverage:
        searcher = self.searcher
        return searcher.index.catalogue.coverage(searcher.answers_from)

    def answer(self, question: str, offset: int = 0) -> Answer:
        """The best passages after the first `offset` (Slack markup removed from the question first). Raises
        embeddings.search.QueryError when the question has nothing to search for."""
        k = offset + self.passages
        result = self.searcher.search(normalize_query(question), k=k)
        answer = to_answer(result, offset, self.catalogue.event_labels)
        more = len(result.hits) >= k or len(result.hits) > offset + len(answer.passages)
        return replace(answer, has_more=more and not answer.no_answer)


def to_answer(result: SearchResult, offset: int = 0, events: Mapping[str, str] | None = None) -> Answer:
    """The passages to show: for an answer, the first and any later one that answers on its own ("More
    results" shows the rest); for low confidence, the closest ones; for nothing close, none. `events` names the
    event of reports whose front matter does not (web pages): the catalogue's reading of their title."""
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
            event=hit.chunk.event or (events or {}).get(hit.chunk.source),
            authors=hit.chunk.authors,
            excerpt=str(best_excerpt(hit.chunk.text, query, EXCERPT_CHARS)),
            links=hit.chunk.links,
            chunk_id=hit.chunk.id,
            source=hit.chunk.source,
            kind=hit.chunk.kind,
            author_ids=hit.chunk.author_ids,
            report_link=hit.chunk.report_link,
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
        facts=result.facts if offset == 0 else (),
    )
