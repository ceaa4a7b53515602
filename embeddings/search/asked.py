"""What a question asks about the reports themselves, from its words alone: who wrote or went, when, where,
which reports; the years it names; whether it wants the latest. General English only, nothing of a corpus."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from embeddings.catalogue.events import ABBREVIATIONS, TOKEN, YEAR
from embeddings.text import fold

Kind = Literal["who", "when", "where", "which", "other"]

# A "who" question about the reports asks who wrote, went or was there, not who gave a talk.
WHO_VERBS = {"wrote", "write", "written", "writes", "went", "go", "attended", "attend", "attending", "reported",
             "report", "blogged", "blog", "covered", "cover", "visited", "visit", "was", "were", "author", "authored",
             "writeup"}
LIST_NOUNS = {"reports", "report", "posts", "post", "conferences", "conference", "events", "event", "editions",
              "edition", "writeups", "articles", "article", "blogs", "trips", "meetups"}
WRITING = {"write", "wrote", "written", "writes", "reports", "report", "posts", "blogged", "blog", "articles", "writeups"}
# Words of the question's frame around an event's name: never an edition or a place.
FRAME = {
    "notes", "note", "recap", "report", "reports", "writeup", "write", "wrote", "written", "up", "takeaways",
    "takeaway", "highlights", "summary", "talks", "talk", "learn", "learned", "last", "time", "year", "held",
    "take", "took", "place", "posted", "post", "posts", "blog", "blogged", "went", "attended", "conference",
    "event", "anything", "any", "did", "we", "who", "when", "where", "what", "which", "was", "were", "is", "the",
    "a", "an", "to", "at", "in", "from", "on", "of", "about", "it", "anyone", "there", "editions", "edition",
    "covered", "cover", "go", "get", "see", "slides", "keynote", "keynotes", "trip", "visit",
}


_POSSESSIVE = re.compile(r"['’]s$")


@dataclass(frozen=True)
class Asked:
    kind: Kind
    tokens: tuple[str, ...]  # as typed, punctuation apart
    words: tuple[str, ...]  # folded, region abbreviations spelled out where they stand alone
    years: tuple[int, ...]
    latest: bool  # "last time", "latest", "most recent"
    tagged: str | None  # "tagged docker" → docker

    @property
    def writing(self) -> bool:
        return any(w in WRITING for w in self.words)


def read(question: str) -> Asked:
    # "Rossbach's docker workshop": the possessive is not part of the name.
    tokens = tuple(_POSSESSIVE.sub("", t.strip("?.,!")) or t for t in TOKEN.findall(question))
    words = tuple(fold(t).strip("?.,!") for t in tokens)
    years = tuple(int(w) for w in words if YEAR.match(w))
    tagged = next((words[i + 1] for i, w in enumerate(words[:-1]) if w in {"tagged", "tag"}), None)
    latest = "latest" in words or "recent" in words or any(
        a == "last" and b in {"time", "one"} for a, b in zip(words, words[1:])
    )
    return Asked(_kind(words, tagged), tokens, words, years, latest, tagged)


def _kind(words: tuple[str, ...], tagged: str | None) -> Kind:
    head = set(words[:4])
    if "where" in words:
        return "where"
    if "when" in words or any(a in {"what", "which"} and b in {"year", "date", "month"} for a, b in zip(words, words[1:])):
        return "when"
    if "who" in words and WHO_VERBS & set(words):
        return "who"
    if tagged or ({"which", "what", "list"} & head and LIST_NOUNS & set(words[:5])):
        return "which"
    return "other"


def spelled_out(word: str) -> tuple[str, ...]:
    return tuple(ABBREVIATIONS.get(word, word).split())
