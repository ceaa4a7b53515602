"""The data passed one way through the pipeline: report file → Document → Chunk → Hit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

HEADING_SEPARATOR = " › "


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class Document:
    """One report as read from disk, before chunking."""

    source: str  # path relative to the corpus folder, POSIX separators
    title: str
    body: str
    format: Literal["markdown", "text"]
    content_hash: str
    url: str | None = None
    date: dt.date | None = None
    event: str | None = None
    subtitle: str | None = None
    author: str | None = None
    tags: tuple[str, ...] = ()


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
        return f"{context}{' ' + about if about else ''}: {self.text}"


@dataclass(frozen=True)
class Hit:
    rank: int
    score: float
    chunk: Chunk


@dataclass(frozen=True)
class SearchResult:
    query: str
    took_ms: float
    no_answer: bool
    hits: tuple[Hit, ...]
    # Set when a misspelt word was replaced by a corpus word, e.g. "Zalndo" → "Zalando".
    corrected_query: str | None = None
    filters: str | None = None  # the filters applied, in words ("year 2015, event “devopscon”")
