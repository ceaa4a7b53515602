"""The data passed one way through the pipeline: report file → Document → Chunk → Hit."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

HEADING_SEPARATOR = " › "
# Struck-out words in a passage's text, `~~galaxy~~` (embeddings.documents.markdown keeps the mark).
STRUCK = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class Document:
    """One report as read from its source, before chunking."""

    # Its id in the index: the path relative to its folder (POSIX separators), or the URL it was fetched from.
    source: str
    title: str
    body: str
    # "html": Markdown converted from a web page, whose section anchors are only the ids the page declared.
    format: Literal["markdown", "text", "html"]
    content_hash: str
    url: str | None = None
    date: dt.date | None = None
    event: str | None = None
    subtitle: str | None = None
    author: str | None = None  # the authors, joined with ", "
    tags: tuple[str, ...] = ()  # tags, categories and keywords
    authors: tuple[str, ...] = ()
    location: str | None = None
    summary: str | None = None  # the report's own one-line description
    # How chat can reach the authors: front matter's author_email / email and slack (user ids).
    author_emails: tuple[str, ...] = ()
    author_ids: tuple[str, ...] = ()
    # "saved": an answer given in chat and saved (embeddings/sources/saved.py); `report_link` is its report.
    kind: Literal["report", "saved"] = "report"
    report_link: Link | None = None


@dataclass(frozen=True)
class Chunk:
    """A passage small enough for the model, with everything needed to cite it."""

    id: str  # "<source>#<ordinal>", stable while the report is unchanged
    source: str
    title: str
    headings: tuple[str, ...]  # outermost first; empty for text before the first heading
    text: str  # plain, readable text of the passage
    url: str | None = None  # report URL plus the section anchor, when the report has a URL
    date: dt.date | None = None
    event: str | None = None
    links: tuple[Link, ...] = field(default=())
    # The report's subtitle ("A personal recap on QCon 2016"): often the only place that names the event.
    subtitle: str | None = None
    # What the report says about itself (front matter): searchable, though not part of the passage.
    authors: tuple[str, ...] = ()
    location: str | None = None
    tags: tuple[str, ...] = ()
    summary: str | None = None
    author_emails: tuple[str, ...] = ()
    author_ids: tuple[str, ...] = ()
    kind: Literal["report", "saved"] = "report"
    report_link: Link | None = None  # a saved answer's report

    @property
    def heading(self) -> str | None:
        return self.headings[-1] if self.headings else None

    @property
    def embed_text(self) -> str:
        """What the model and BM25 see: the passage in the context of its report and section.

        Passages such as "... uses a plethora of Docker containers" only make sense with the report title
        and heading beside them, so both are part of what gets embedded.
        """
        context = HEADING_SEPARATOR.join((self.title, *self.headings))
        about = " ".join(f"({x})" for x in dict.fromkeys((self.subtitle, self.event)) if x and x not in self.title)
        # Without the marks: the model and BM25 read the words as before, and earlier vectors stay reusable.
        text = STRUCK.sub(r"\1", self.text)
        return f"{context}{' ' + about if about else ''}: {text}"

    @property
    def about(self) -> str:
        """The report's front matter in words: "by Alice Kaerast · Berlin · 2017 · kafka, data"."""
        parts = [f"by {', '.join(self.authors)}" if self.authors else "", self.location or ""]
        parts += [str(self.date.year) if self.date else "", ", ".join(self.tags), self.summary or ""]
        return " · ".join(p for p in parts if p)

    @property
    def search_text(self) -> str:
        """The embedded text plus the report's front matter: the vocabulary's words, and what a passage's
        coverage of the question is judged on. BM25 and the dense model read `embed_text` alone (the same byline
        on every passage would blur the passages); the front matter is searched on its own channel."""
        about = self.about
        return f"{self.embed_text}\n{about}" if about else self.embed_text


@dataclass(frozen=True)
class Hit:
    rank: int
    score: float  # the fused score that ranked it
    chunk: Chunk
    # The evidence behind the rank, raw: cosine to the question (None when dense search did not return it),
    # BM25 score (None when no question word is in it), the rarity-weighted share of the question's words the
    # passage contains, and the answer confidence (0–1) of this passage on its own (embeddings.search.confidence).
    dense: float | None = None
    lexical: float | None = None
    coverage: float = 0.0
    best_covered: float = 0.0  # weight (0–1) of the most specific question word the passage contains
    window_coverage: float = 0.0  # the coverage of its best two neighbouring sentences (with title and headings)
    confidence: float = 0.0
    answers: bool = False  # confident enough to be shown as an answer on its own


@dataclass(frozen=True)
class DocumentRecord:
    """What the index knows about where one document came from, published with it."""

    hash: str  # sha256 of the bytes it was read from
    origin: str  # the source (as written in the sources file) that yields it, e.g. "feed: https://…/feed.xml"
    changed_at: str | None = None  # when its content last changed (ISO 8601, UTC)
    # HTTP validators of the version indexed, for conditional requests (a 304 means "still this one").
    etag: str | None = None
    last_modified: str | None = None
    # When the index first saw it (ISO 8601, UTC), kept across rebuilds: "new reports" in the bot's digest.
    added_at: str | None = None


Outcome = Literal["answer", "low_confidence", "nothing_close"]
FactKind = Literal["who", "when", "where", "which", "no_edition", "unknown_event"]


@dataclass(frozen=True)
class ReportRef:
    """A report as a fact names it: enough to cite and link it."""

    source: str
    title: str
    url: str | None = None
    date: dt.date | None = None
    authors: tuple[str, ...] = ()
    event: str | None = None  # the edition it covers, "DockerCon 2015"
    place: str | None = None


@dataclass(frozen=True)
class Fact:
    """An answer about the reports themselves (who wrote them, when, where, which), from the catalogue.

    `no_edition` and `unknown_event` decline: `reports` are then the editions that do exist (none for an
    unknown event). A list names at most a few reports; `more` counts the rest, which `filter` lists."""

    kind: FactKind
    subject: str  # what was asked about, as the question put it ("dockercon 2016")
    reports: tuple[ReportRef, ...] = ()
    more: int = 0
    filter: str | None = None  # for `reports <filter>` / `/dockercon reports <filter>`


@dataclass(frozen=True)
class SearchResult:
    query: str
    took_ms: float
    # True unless the passages answer the question: then `hits` are the closest passages (low confidence),
    # or empty when nothing in the reports is close.
    no_answer: bool
    hits: tuple[Hit, ...]
    # Set when a misspelt word was replaced by a corpus word, e.g. "Zalndo" → "Zalando".
    corrected_query: str | None = None
    filters: str | None = None  # the filters applied, in words ("year 2015, event “devopscon”")
    confidence: float = 1.0  # 0–1: how likely the best passage answers the question
    facts: tuple[Fact, ...] = ()  # for a question about the reports themselves (embeddings.search.about)

    @property
    def outcome(self) -> Outcome:
        if not self.no_answer and self.hits:
            return "answer"
        return "low_confidence" if self.hits else "nothing_close"
