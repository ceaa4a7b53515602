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

_EVENT_CONTEXT_BEFORE = {"to", "at", "from", "up", "attend", "attended", "attending", "visit", "visited", "went"}
_EVENT_CONTEXT_AFTER = {"notes", "takeaways", "recap", "writeup", "report", "reports", "summary", "highlights"}


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
            if not (self._looks_like_event(tokens, i, end) and _in_event_context(words, i, end)):
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

    def _looks_like_event(self, tokens: Sequence[str], start: int, end: int) -> bool:
        word = fold(tokens[start])
        squashed = squash(word)
        if _is_event_word(word) and word not in GENERIC and len(squashed) > 4:
            return True  # gophercon, kubecon
        if end - start >= 2 and fold(tokens[end - 1]) in GENERIC:
            return True  # web summit
        if _is_name_token(tokens[start]) and start > 0:
            return True  # Strange Loop, FOSDEM, NeurIPS
        return squashed not in self.vocabulary.terms and english_zipf(squashed) < 3.0 and len(squashed) > 3


def _in_event_context(words: Sequence[str], start: int, end: int) -> bool:
    before = words[start - 1] if start > 0 else ""
    after = words[end] if end < len(words) else ""
    return before in _EVENT_CONTEXT_BEFORE or after in _EVENT_CONTEXT_AFTER or bool(YEAR.match(after))
