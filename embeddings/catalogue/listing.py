"""The catalogue, filtered: `year:2017`, `event:kubecon`, `author:"Scott Speights"`, `tag:docker`, and any other
words matched against titles and events. What `python -m embeddings reports` and `/dockercon reports` list."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from embeddings.catalogue.events import squash
from embeddings.catalogue.report import Report
from embeddings.models import ReportRef
from embeddings.text import fold

_FIELD = re.compile(r"(?<!\S)(year|event|author|tag):(\"[^\"]*\"|'[^']*'|\S+)", re.IGNORECASE)


@dataclass(frozen=True)
class ReportFilter:
    year: int | None = None
    event: str | None = None
    author: str | None = None
    tag: str | None = None
    words: str = ""

    @classmethod
    def parse(cls, text: str) -> ReportFilter:
        found: dict[str, str] = {}

        def take(match: re.Match[str]) -> str:
            found[match.group(1).lower()] = match.group(2).strip("\"'")
            return " "

        rest = " ".join(_FIELD.sub(take, text or "").split())
        year = found.get("year", "")
        return cls(
            year=int(year) if year.isdigit() else None, event=found.get("event"), author=found.get("author"),
            tag=found.get("tag"), words=rest,
        )

    def __str__(self) -> str:
        parts = [f"year:{self.year}" if self.year else ""]
        for key in ("event", "author", "tag"):
            value = getattr(self, key)
            if value:
                parts.append(f'{key}:"{value}"' if " " in value else f"{key}:{value}")
        return " ".join(p for p in (*parts, self.words) if p)

    def matches(self, report: Report) -> bool:
        if self.year is not None and self.year not in years_of(report):
            return False
        if self.event and not any(squash(e.name).startswith(squash(self.event)) for e in report.events) and \
                squash(self.event) not in squash(report.title):
            return False
        if self.author and not any(_names_match(self.author, a) for a in (*report.authors, *report.names)):
            return False
        if self.tag and not has_tag(report, self.tag):
            return False
        if self.words:
            about = squash(" ".join([report.title, *(e.label for e in report.events)]))
            return all(squash(w) in about for w in self.words.split())
        return True


def years_of(report: Report) -> tuple[int, ...]:
    """The years a report belongs to when listing by year: its date's, else the years its events name."""
    return (report.date.year,) if report.date else report.years


def has_tag(report: Report, tag: str) -> bool:
    """A tag, or a word of one ("kafka" is in "Apache Kafka")."""
    wanted = fold(tag)
    return any(wanted == fold(t) or wanted in fold(t).replace("-", " ").split() for t in report.tags)


def _names_match(asked: str, author: str) -> bool:
    asked_words, author_words = fold(asked).split(), fold(author).replace("_", " ").split()
    return bool(asked_words) and all(w in author_words for w in asked_words)


def select(reports: Sequence[Report], report_filter: ReportFilter) -> list[Report]:
    """The reports the filter keeps, newest first (the catalogue's order)."""
    return [r for r in reports if report_filter.matches(r)]


def ref(report: Report) -> ReportRef:
    event = None
    if report.events:
        first = report.events[0]
        dated = first.year or first.edition or not report.years
        event = first.label if dated else f"{first.name} {report.years[0]}"
    return ReportRef(
        source=report.source, title=report.title, url=report.url, date=report.date, authors=report.names,
        event=event, place=report.places[0] if report.places else None,
    )
