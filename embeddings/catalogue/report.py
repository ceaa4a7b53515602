"""One report as the catalogue lists it: what it says about itself, read from its passages."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from embeddings.models import Chunk


@dataclass(frozen=True)
class Report:
    source: str  # its id in the index
    title: str
    url: str | None  # the report's own address, without a section anchor
    date: dt.date | None
    event: str | None = None
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    location: str | None = None
    tags: tuple[str, ...] = ()
    summary: str | None = None
    passages: int = 0
    author_emails: tuple[str, ...] = ()
    author_ids: tuple[str, ...] = ()


def reports_of(chunks: Iterable[Chunk]) -> tuple[Report, ...]:
    """The indexed reports, newest first (undated last), each described by its first passage."""
    first: dict[str, Chunk] = {}
    passages: Counter[str] = Counter()
    for chunk in chunks:
        if chunk.kind != "report":
            continue  # a saved answer is searched like a report, but it is not one
        first.setdefault(chunk.source, chunk)
        passages[chunk.source] += 1
    reports = [
        Report(
            source=source, title=chunk.title, url=chunk.url.split("#", 1)[0] if chunk.url else None, date=chunk.date,
            event=chunk.event, subtitle=chunk.subtitle, authors=chunk.authors, location=chunk.location,
            tags=chunk.tags, summary=chunk.summary, passages=passages[source], author_emails=chunk.author_emails,
            author_ids=chunk.author_ids,
        )
        for source, chunk in first.items()
    ]
    return tuple(sorted(reports, key=lambda r: (r.date or dt.date.min, r.title), reverse=True))
