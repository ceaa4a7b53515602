"""Which events a report covers, and where, read from what it says about itself.

An event is recognised by its shape, never by a list of conference names: a run of capitalised words (or
words with inner capitals, or dotted names such as linux.conf.au) next to a year or an edition number, or one
containing a word events are named with (…Con, …Conf, Summit, Days, Meetup, Camp, Fest, …Talks). Words that
only describe the report ("Impressions from", "Recap", "Part 1") are dropped from its edges.

Two spellings are the same event when their names, squashed to letters and digits with years, connectors and
region words left out ("EU" is "Europe"), begin the same way: "KubeCon EU", "KubeCon Europe" and
"kubecon + cloudnativecon europe" are all the series "kubecon".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from embeddings.text import english_zipf, fold

# A token of a title or question: dotted names and "re:Invent" stay whole; "+" and "&" are tokens of their own.
TOKEN = re.compile(r"[\w@][\w@.'’:()!-]*[\w)!]|[\w@]|[+&]")
YEAR = re.compile(r"^(?:19|20)\d\d$")
_EDITION = re.compile(r"^\d{1,3}$")
# The endings event names are made of ("DevOpsCon", "JSConf", "APIdays", "DevTalks", "Summit", "Meetup").
EVENT_ENDINGS = ("con", "conf", "conference", "summit", "days", "day", "meetup", "camp", "fest", "festival", "talks",
                 "forum", "expo", "symposium", "hackathon", "gameday")
# On their own, these name no particular event.
GENERIC = {"conference", "summit", "day", "days", "meetup", "camp", "fest", "festival", "talks", "forum", "expo",
           "symposium", "hackathon", "workshop", "event", "con", "conf"}
# Words that describe the report, not the event: dropped from the edges of a name.
REPORT_WORDS = {
    "impressions", "impression", "summary", "notes", "note", "recap", "report", "roundup", "rundown", "insights",
    "takeaways", "feedback", "review", "wrap", "part", "my", "our", "first", "the", "a", "an", "visit", "highlights",
    "perspective", "lessons", "learned", "from", "at", "of", "on", "in", "to", "and", "with", "writeup", "write-up",
}
MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}
# General names of regions, and the abbreviations people write for them.
REGIONS = {"europe", "north", "south", "america", "americas", "asia", "pacific", "east", "west", "africa", "global",
           "usa", "us", "apac", "emea", "latam", "eu", "na", "online", "virtual"}
ABBREVIATIONS = {"eu": "europe", "na": "north america", "us": "usa"}
CONNECTORS = {"+", "&", "and", "of", "the"}
_BREAKS = re.compile(r"\s[-–—|:]\s|[:|]|,(?!\s*(?:19|20)\d\d)")
_ASIDE = re.compile(r"\s\(([^)]*)\)")
_QUOTES = re.compile(r"(?<!\w)['‘“\"]|['’”\"](?!\w)")
# "in Barcelona", "in New York", "at Munchen bryggeriet in Stockholm": a place is the capitalised words after "in".
_PLACE = re.compile(r"\bin\s+((?:[A-Z][\w’'-]+)(?:\s+[A-Z][\w’'-]+)?)")
_PLACE_CONTEXT = re.compile(r"\b(held|took place|taking place|happening|venue|attended|conference|event|city|visit)",
                            re.IGNORECASE)


@dataclass(frozen=True)
class EventName:
    """One event as a report names it: "DockerCon EU" 2015, or "DEF CON" edition 22."""

    name: str  # as written, without the year
    year: int | None = None
    edition: int | None = None  # "DEF CON 22"

    @property
    def label(self) -> str:
        suffix = f" {self.year}" if self.year else f" {self.edition}" if self.edition else ""
        return self.name + suffix

    def words(self) -> tuple[str, ...]:
        """The name's words, lowercase and folded, connectors left out, abbreviations of regions spelled out."""
        return name_words(self.name)


def name_words(name: str) -> tuple[str, ...]:
    words: list[str] = []
    for token in TOKEN.findall(name):
        word = fold(token).strip(".!")
        if word in CONNECTORS or YEAR.match(word) or not word:
            continue
        words.extend(ABBREVIATIONS.get(word, word).split())
    return tuple(words)


def series_words(name: str) -> tuple[str, ...]:
    """The words that name the series, regions left out: "KubeCon EU" and "KubeCon North America" are both
    KubeCon, in two editions."""
    words = name_words(name)
    return tuple(w for w in words if w not in REGIONS) or words


def squash(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isalnum())


def _is_name_token(token: str) -> bool:
    if token in {"+", "&"}:
        return True
    letters = token.strip("@.!()")
    if not letters:
        return False
    if ("." in letters.rstrip(".") or ":" in letters) and any(ch.isalpha() for ch in letters):
        return True  # linux.conf.au, performance.now(), re:Invent
    return letters[0].isupper() or any(ch.isupper() for ch in letters[1:])


def _is_event_word(word: str) -> bool:
    word = fold(word).strip(".!")
    return any(word.endswith(ending) for ending in EVENT_ENDINGS)


def events_in(text: str) -> list[EventName]:
    """The events a title, subtitle or sentence names, in the order it names them."""
    found: list[EventName] = []
    for part in _BREAKS.split(_ASIDE.sub(r" | \1 | ", _QUOTES.sub("", text))):
        tokens = TOKEN.findall(part)
        i = 0
        while i < len(tokens):
            if not _is_name_token(tokens[i]) or YEAR.match(tokens[i]):
                i += 1
                continue
            j = i
            while j < len(tokens) and (_is_name_token(tokens[j]) or _is_event_word(tokens[j])) and not YEAR.match(tokens[j]):
                j += 1
            event = _event(tokens[i:j], tokens[j:j + 1])
            if event is not None:
                found.append(event)
            i = max(j, i + 1)
    return found


def _event(run: Sequence[str], after: Sequence[str]) -> EventName | None:
    words = list(run)
    while words and (fold(words[0]) in REPORT_WORDS or words[0] in {"+", "&"} or fold(words[0]) in MONTHS):
        words.pop(0)
    while words and (fold(words[-1]).strip(".") in REPORT_WORDS | MONTHS or words[-1] in {"+", "&"}):
        words.pop()
    if not words or all(fold(w).strip(".!") in GENERIC | REGIONS for w in words):
        return None
    if len(words) == 1 and not any(ch.isupper() for ch in words[0][1:]) and english_zipf(fold(words[0])) >= 4.0:
        return None  # "Since 2018": a capitalised common word, not a name
    following = after[0].strip(".,") if after else ""
    year = int(following) if YEAR.match(following) else None
    edition = int(following) if year is None and _EDITION.match(following) else None
    if year is None and edition is None and not any(_is_event_word(w) for w in words):
        return None
    name = " ".join(words).replace(" + ", "+").strip(".!")
    return EventName(name=name, year=year, edition=edition)


def years_in(text: str) -> list[int]:
    return [int(t.strip(".,")) for t in TOKEN.findall(text) if YEAR.match(t.strip(".,"))]


def places_in(text: str, require_context: bool, events: Sequence[EventName] = ()) -> list[str]:
    """Places a text says something happened in ("in Barcelona"); in running text only in a sentence about the
    event itself (one naming it, or saying held, took place, venue, attended, conference …)."""
    places: list[str] = []
    names = [squash(e.name.split()[0]) for e in events if e.name.split()]
    for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
        about_event = _PLACE_CONTEXT.search(sentence) or any(n and n in squash(sentence) for n in names)
        if require_context and not about_event:
            continue
        for match in _PLACE.finditer(sentence):
            words = match.group(1).split()
            while words and (fold(words[-1]) in MONTHS or fold(words[-1]) in REPORT_WORDS):
                words.pop()
            place = " ".join(words).strip("’'")
            if len(place) <= 3 and place.isupper():
                continue  # "in AU", "in SML": an abbreviation, rarely a place
            if place and fold(words[0]) not in MONTHS and place not in places and not YEAR.match(place):
                places.append(place)
    return places


def place_in_name(event: EventName) -> str | None:
    """The words after the last word events are named with, when they are not a region: "QCon London" → London,
    "DevOps Days Zurich" → Zurich, "APIdays Paris" → Paris."""
    words = event.name.split()
    last = max((i for i, w in enumerate(words) if _is_event_word(w)), default=None)
    if last is None or last == len(words) - 1:
        return None
    tail = words[last + 1 :]
    if any(fold(w) in REGIONS or not w[:1].isupper() for w in tail):
        return None
    return " ".join(tail)
