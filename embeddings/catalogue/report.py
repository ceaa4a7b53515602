"""One report as the catalogue lists it: what it says about itself, read from its passages."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from embeddings.catalogue.authors import display_names
from embeddings.catalogue.events import EventName, events_in, place_in_name, places_in, years_in
from embeddings.models import Chunk
from embeddings.text import WORD, fold

# The passages read for the event and the place when the title and subtitle do not say: the opening.
OPENING_PASSAGES = 2


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
    events: tuple[EventName, ...] = ()  # the events it covers, as it names them
    places: tuple[str, ...] = ()  # where they took place, as far as it says
    words: frozenset[str] = frozenset()  # every word of its passages, folded

    @property
    def years(self) -> tuple[int, ...]:
        """The years of the editions it covers: those its events name, else its own date's."""
        named = tuple(dict.fromkeys(e.year for e in self.events if e.year))
        return named or ((self.date.year,) if self.date else ())

    @property
    def names(self) -> tuple[str, ...]:
        """The authors as people read them: a login with a matching e-mail address as the name it spells
        (embeddings.catalogue.authors). `authors` stays as written: AUTHORS_FILE maps those spellings."""
        return display_names(self.authors, self.author_emails)

    @property
    def file_name(self) -> str:
        return self.source.rstrip("/").rsplit("/", 1)[-1]


def reports_of(chunks: Iterable[Chunk]) -> tuple[Report, ...]:
    """The indexed reports, newest first (undated last), each described by its first passage."""
    first: dict[str, Chunk] = {}
    opening: dict[str, list[str]] = {}
    words: dict[str, set[str]] = {}
    passages: Counter[str] = Counter()
    for chunk in chunks:
        if chunk.kind != "report":
            continue  # a saved answer is searched like a report, but it is not one
        first.setdefault(chunk.source, chunk)
        if passages[chunk.source] < OPENING_PASSAGES:
            opening.setdefault(chunk.source, []).append(chunk.text)
        passages[chunk.source] += 1
        words.setdefault(chunk.source, set()).update(fold(w) for w in WORD.findall(f"{chunk.title} {chunk.text}"))
    reports = [
        _report(chunk, passages[source], "\n".join(opening[source]), frozenset(words[source]))
        for source, chunk in first.items()
    ]
    return tuple(sorted(reports, key=lambda r: (r.date or dt.date.min, r.title), reverse=True))


def _report(chunk: Chunk, passages: int, opening: str, words: frozenset[str]) -> Report:
    events = _events(chunk, opening)
    about = ". ".join(filter(None, (chunk.title, chunk.subtitle, chunk.summary)))
    # A year the title or subtitle names is the edition's, for the events that do not name their own.
    year = next(iter(years_in(" ".join(filter(None, (chunk.title, chunk.subtitle))))), None)
    events = tuple(EventName(e.name, e.year or (year if not e.edition else None), e.edition) for e in events)
    places = [chunk.location] if chunk.location else []
    places += [p for e in events if (p := place_in_name(e))]
    places += places_in(about, require_context=False) + places_in(opening, require_context=True, events=events)
    names = {fold(e.name.split()[0]) for e in events}
    return Report(
        source=chunk.source, title=chunk.title, url=chunk.url.split("#", 1)[0] if chunk.url else None,
        date=chunk.date, event=chunk.event, subtitle=chunk.subtitle,
        authors=chunk.authors,
        location=chunk.location, tags=chunk.tags, summary=chunk.summary, passages=passages, events=events,
        places=tuple(p for p in dict.fromkeys(places) if fold(p.split()[0]) not in names), words=words,
        author_emails=chunk.author_emails, author_ids=chunk.author_ids,
    )


def _events(chunk: Chunk, opening: str) -> tuple[EventName, ...]:
    """The front matter's event, else the events the title names, else the subtitle's, else the summary's, else
    those the opening names where it says the author was there ("at the QCon London", "attended …")."""
    if chunk.event:
        return tuple(events_in(chunk.event)) or (EventName(chunk.event),)
    for text, subject in ((chunk.title, True), (chunk.subtitle, True), (chunk.summary, False)):
        found = events_in(text, subject) if text else []
        if found:
            return tuple(dict.fromkeys(found))
    there = [s for s in opening.replace("\n", " ").split(". ") if " at " in s or "attend" in s.lower()]
    return tuple(dict.fromkeys(e for s in there for e in events_in(s)))[:1]
