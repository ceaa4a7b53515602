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
    "wrap-up", "wrapup", "up", "retrospective", "retro", "debrief", "trip",
}
MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}
# General names of regions, and the abbreviations people write for them.
REGIONS = {"europe", "north", "south", "america", "americas", "asia", "pacific", "east", "west", "africa", "global",
           "usa", "us", "apac", "emea", "latam", "eu", "na", "online", "virtual", "china", "india", "japan"}
ABBREVIATIONS = {"eu": "europe", "na": "north america", "us": "usa"}
# A title's words that say its author was at what it names next: "Notes from", "My trip to", "Impressions from".
_BEING_THERE = {"notes", "impressions", "recap", "report", "takeaways", "highlights", "trip", "visit", "day", "days",
                "week", "live"}
CONNECTORS = {"+", "&", "and", "of", "the"}
_BREAKS = re.compile(r"\s[-–—|:]\s|\||:(?!\w)|,(?!\s*(?:19|20)\d\d)")
_ASIDE = re.compile(r"\s\(([^)]*)\)")
_QUOTES = re.compile(r"(?<!\w)['‘“\"]|['’”\"](?!\w)")
# "in Barcelona", "in New York", "in St. Louis": a place is the capitalised words after "in".
_PLACE = re.compile(r"\bin\s+((?:St\.\s+)?(?:[A-Z][\w’'-]+)(?:\s+[A-Z][\w’'-]+)?)")
_PLACE_CONTEXT = re.compile(r"\b(held|took place|taking place|happening|venue|attended|conference|event|city|visit)",
                            re.IGNORECASE)
# Right before "in <Place>": what says the place is where something happened ("2015 in Munich", "held in Paris",
# "a week in Barcelona"), not what something is in ("new in Ubuntu", "All in One").
_HAPPENED = ("held", "place", "happen", "host", "venue", "attend", "conference", "event", "city", "visit", "week",
             "days", "year", "trip", "meetup", "summit", "camp")
# Anywhere in the clause before "in": "visiting the Haufe Group architect and development teams in Freiburg".
_TOOK_PLACE = re.compile(r"\b(took place|taking place|held|happen\w*|hosted|visit\w*)\b", re.IGNORECASE)
# How many words before "in" may say so: "the International Conference on Machine Learning in Sydney".
_PLACE_REACH = 5
# A one-word place this common in English is a capitalised word, not a place ("in One").
_COMMON_WORD_ZIPF = 5.5
# "devopsdays16", "kubecon2019": an event's name written with its year.
_YEAR_SUFFIX = re.compile(r"^([A-Za-z][\w.-]*[A-Za-z])((?:19|20)?\d\d)$")


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


def events_in(text: str, subject: bool = False) -> list[EventName]:
    """The events a title, subtitle or sentence names, in the order it names them. In a title (`subject`), a
    name the report says it is about ("Notes from Monitorama", "My trip to devopsdays") is one without a year."""
    found: list[EventName] = []
    for part in _BREAKS.split(_ASIDE.sub(r" | \1 | ", _QUOTES.sub("", text))):
        tokens = _with_years_apart(TOKEN.findall(part))
        i = 0
        while i < len(tokens):
            if YEAR.match(tokens[i]) or not (_is_name_token(tokens[i]) or _event_word_with_year(tokens, i)):
                i += 1
                continue
            j = i
            while j < len(tokens) and (_is_name_token(tokens[j]) or _is_event_word(tokens[j])) and not YEAR.match(tokens[j]):
                j += 1
            event = _event(tokens[i:j], tokens[j:j + 1], subject and _names_the_subject(tokens[:i]))
            if event is not None:
                found.append(event)
            i = max(j, i + 1)
    return found


def _with_years_apart(tokens: list[str]) -> list[str]:
    """"devopsdays16" is devopsdays 2016, when the word is made like an event's name."""
    out: list[str] = []
    for token in tokens:
        match = _YEAR_SUFFIX.match(token)
        if match and _is_event_word(match.group(1)):
            year = match.group(2)
            out += [match.group(1), year if len(year) == 4 else "20" + year]
        else:
            out.append(token)
    return out


def _event_word_with_year(tokens: Sequence[str], i: int) -> bool:
    """"devopsdays 2016" in lowercase: a word made like an event's name, followed by a year."""
    return _is_event_word(tokens[i]) and i + 1 < len(tokens) and bool(YEAR.match(tokens[i + 1].strip(".,")))


def _names_the_subject(before: Sequence[str]) -> bool:
    """Whether a title's words before a name say the report is about it: "Notes from", "My trip to", "Recap of"."""
    words = [fold(t) for t in before]
    return len(words) >= 2 and words[-1] in {"from", "at", "to"} and words[-2] in _BEING_THERE


def _is_report_word(token: str) -> bool:
    word = fold(token).strip(".!")
    return word in REPORT_WORDS or all(part in REPORT_WORDS for part in word.split("-"))


def _event(run: Sequence[str], after: Sequence[str], subject: bool = False) -> EventName | None:
    words = list(run)
    while words and (_is_report_word(words[0]) or words[0] in {"+", "&"} or fold(words[0]) in MONTHS):
        words.pop(0)
    while words and (_is_report_word(words[-1]) or fold(words[-1]).strip(".") in MONTHS or words[-1] in {"+", "&"}):
        words.pop()
    if not words or all(fold(w).strip(".!") in GENERIC | REGIONS for w in words):
        return None
    if len(words) == 1 and not any(ch.isupper() for ch in words[0][1:]) and english_zipf(fold(words[0])) >= 4.0:
        return None  # "Since 2018": a capitalised common word, not a name
    following = after[0].strip(".,") if after else ""
    year = int(following) if YEAR.match(following) else None
    edition = int(following) if year is None and _EDITION.match(following) else None
    if year is None and edition is None and not any(_is_event_word(w) for w in words) and not (subject and len(words) == 1):
        return None  # a title's subject is one word, a brand ("Monitorama"), not "Greg Young's CQRS"
    name = " ".join(words).replace(" + ", "+").strip(".!")
    return EventName(name=name, year=year, edition=edition)


def years_in(text: str) -> list[int]:
    return [int(t.strip(".,")) for t in TOKEN.findall(text) if YEAR.match(t.strip(".,"))]


def places_in(text: str, require_context: bool, events: Sequence[EventName] = ()) -> list[str]:
    """Places a text says something happened in ("DevOpsCon 2015 in Munich", "held in St. Louis"): proper nouns
    after "in" right where the text says something took place there; in running text (`require_context`) only
    in a sentence about the event itself (one naming it, or saying held, took place, venue, attended …)."""
    places: list[str] = []
    names = [squash(e.name.split()[0]) for e in events if e.name.split()]
    for sentence in re.split(r"(?<!\bSt\.)(?<=[.!?])\s+|\n", text):
        about_event = _PLACE_CONTEXT.search(sentence) or any(n and n in squash(sentence) for n in names)
        if require_context and not about_event:
            continue
        for match in _PLACE.finditer(sentence):
            if not _happened_before(sentence[: match.start()], names):
                continue
            place = _place(match.group(1))
            if place and place not in places:
                places.append(place)
    return places


def _happened_before(before: str, names: Sequence[str]) -> bool:
    """Whether the words right before "in" say something happened there: a year or month, the event's name, or
    a word such as held, took place, week, trip."""
    clause = re.split(r"[,;:()]", before)[-1]
    if _TOOK_PLACE.search(clause):
        return True  # "took place on November 16th and 17th this year in Barcelona"
    words = [fold(t).strip(".,") for t in _with_years_apart(TOKEN.findall(before))[-_PLACE_REACH:]]
    return any(
        YEAR.match(w) or w in MONTHS or w.startswith(_HAPPENED) or _is_event_word(w) or (squash(w) and squash(w) in names)
        for w in words
    )


def _place(found: str) -> str | None:
    words = found.split()
    while words and (fold(words[-1]) in MONTHS or fold(words[-1]) in REPORT_WORDS):
        words.pop()
    place = " ".join(words).strip("’'")
    if not place or fold(words[0]) in MONTHS or YEAR.match(place):
        return None
    if len(place) <= 3 and place.isupper():
        return None  # "in AU", "in SML": an abbreviation, rarely a place
    if len(words) == 1 and english_zipf(fold(place)) >= _COMMON_WORD_ZIPF:
        return None  # "in One": a capitalised everyday word
    return place


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
