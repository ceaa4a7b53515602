"""Events no report covers, recognised in a question by their shape and context, never by a list of names:
a word made like an event's name ("gophercon", "rustconf"), a name plus a word events are named with ("web
summit"), capitalised words ("Strange Loop", "FOSDEM") or a word neither the reports nor everyday English use,
right where a question names an event ("went to …", "… notes", "… 2019"). Only when no report mentions it and
it is no misspelling of a name the reports have ("dokercon")."""

from __future__ import annotations

from collections.abc import Sequence
from difflib import get_close_matches
from functools import cached_property

from embeddings.catalogue import Catalogue
from embeddings.catalogue.events import GENERIC, REGIONS, YEAR, _is_event_word, _is_name_token, series_words, squash
from embeddings.catalogue.listing import has_tag
from embeddings.index.vocabulary import Vocabulary
from embeddings.search.asked import FRAME, Asked
from embeddings.text import STOPWORDS, english_zipf, fold

# Where a question names an event: "went to X", "attended X", "at X", "write up X", "takeaways from X"; "X notes",
# "X 2019". A name only made like an event's ("rustconf", "web summit") also counts after a plain "from" or "to".
_ATTENDING = {"at", "attend", "attended", "attending", "visit", "visited"}
_GOING = {"went", "go", "going", "gone", "been", "travel", "travelled", "traveled", "trip", "flew"}
_WRITING_UP = {"write", "wrote", "written", "writing"}
_REPORT_NOUNS = {"notes", "takeaways", "recap", "writeup", "report", "reports", "summary", "highlights", "impressions",
                 "anything", "news", "learnings", "lessons"}
_EVENT_CONTEXT_AFTER = {"notes", "takeaways", "recap", "writeup", "report", "reports", "summary", "highlights"}
# Skipped between the context and the name: "from the Snowflake Summit", "at this year's FOSDEM".
_DETERMINERS = {"the", "a", "an", "this", "last", "year", "years", "year's"}
# How much the words look like an event's name on their own, and how strongly the words around them say one is
# named: together they must reach _ENOUGH, so a weaker shape needs a stronger context.
_EVENT_SHAPE, _NAME_SHAPE = 3, 2
_BEING_THERE, _REPORT_OF, _PLAIN = 3, 2, 1
_ENOUGH = 4


class UnknownEvents:
    def __init__(self, catalogue: Catalogue, vocabulary: Vocabulary, places: set[str]) -> None:
        self.reports = catalogue.reports
        self.chunks = catalogue.index.chunks
        self.vocabulary = vocabulary
        self.places = places
        self.series_heads = sorted({squash(series_words(e.name)[0]) for r in self.reports for e in r.events if e.name})

    def event(self, asked: Asked) -> str | None:
        """The event the question names by its shape and context that no report mentions, as typed; or None."""
        words, tokens = asked.words, asked.tokens
        for i, word in enumerate(words):
            if word in FRAME or word in STOPWORDS or YEAR.match(word) or not any(ch.isalpha() for ch in word):
                continue
            end = i + 1
            while end < len(words) and words[end] not in FRAME and (
                words[end] in REGIONS or words[end] in GENERIC or _is_name_token(tokens[end])
                or words[end] in self.places or (words[end].isalpha() and words[end] not in self.vocabulary)
            ):
                end += 1
            end = _through_generic(words, end)
            shape = self._shape(tokens, words, i, end)
            if not shape or shape + _context(words, i, end, past_articles=shape == _EVENT_SHAPE) < _ENOUGH:
                continue
            if any(has_tag(r, word) for r in self.reports) or self._mentioned(words[i:end]):
                continue
            return " ".join(tokens[i:end])
        return None

    def _mentioned(self, phrase: Sequence[str]) -> bool:
        """Whether any report mentions the name, or a word close to it (a misspelling of a name it has)."""
        head = squash(phrase[0])
        if get_close_matches(head, self.series_heads, n=1, cutoff=0.8):
            return True  # "dokercon": a misspelt DockerCon
        if head in self.vocabulary.terms or self.vocabulary.correct(head) is not None:
            return len(phrase) == 1 or self._phrase_in_reports(phrase)
        return False

    def _phrase_in_reports(self, phrase: Sequence[str]) -> bool:
        wanted = " ".join(phrase)
        return any(wanted in text for text in self._texts)

    @cached_property
    def _texts(self) -> tuple[str, ...]:
        return tuple(fold(f"{c.title} {c.text}") for c in self.chunks)

    def _shape(self, tokens: Sequence[str], words: Sequence[str], start: int, end: int) -> int:
        """How the words look like an event's name: made like one ("gophercon", "web summit"), a capitalised name
        ("FOSDEM", "Strange Loop") or a word neither the reports nor English use ("fosdem"), or not at all."""
        word = fold(tokens[start])
        squashed = squash(word)
        if _is_event_word(word) and word not in GENERIC and len(squashed) > 4:
            return _EVENT_SHAPE  # gophercon, kubecon
        if end - start >= 2 and words[end - 1] in GENERIC:
            return _EVENT_SHAPE  # web summit, godot engine meetup
        if _is_name_token(tokens[start]) and start > 0:
            return _NAME_SHAPE  # Strange Loop, FOSDEM, NeurIPS
        if squashed not in self.vocabulary.terms and english_zipf(squashed) < 3.0 and len(squashed) > 3:
            return _NAME_SHAPE  # fosdem, neurips
        return 0


def _through_generic(words: Sequence[str], end: int, reach: int = 2) -> int:
    """The end of a name that goes on to a word events are named with a word or two later ("godot engine
    meetup"), else `end`."""
    for j in range(end, min(len(words), end + reach)):
        if words[j] in FRAME or words[j] in STOPWORDS:
            break
        if words[j] in GENERIC:
            return j + 1
    return end


def _context(words: Sequence[str], start: int, end: int, past_articles: bool) -> int:
    """How strongly the words around a name say it is an event: being there ("went to", "attended", "at") or a
    report of it ("takeaways from", "X notes", "X 2019") say it of any name; a plain "from" or "to" only of a
    name made like an event's; nothing at all of a word that is only rare ("about stoicism", "the talk from
    Airbnb"). Only a name made like an event's is looked for past an article ("from the Snowflake Summit"): "at
    the Japanese carmaker" is no event."""
    b = start - 1
    while past_articles and b >= 0 and words[b] in _DETERMINERS:
        b -= 1
    before = words[b] if b >= 0 else ""
    earlier = words[b - 1] if b >= 1 else ""
    after = words[end] if end < len(words) else ""
    if before in _ATTENDING or (before == "to" and earlier in _GOING):
        return _BEING_THERE
    if (before == "from" and earlier in _REPORT_NOUNS) or (before == "up" and earlier in _WRITING_UP):
        return _REPORT_OF
    if after in _EVENT_CONTEXT_AFTER or YEAR.match(after):
        return _REPORT_OF
    if before in {"from", "to", "up"}:
        return _PLAIN
    return 0
