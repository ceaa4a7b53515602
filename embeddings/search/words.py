"""Word coverage: which of the question's words a passage has (its words, their stems, compounds however
joined), in the whole passage and in its best window of neighbouring sentences."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from embeddings.chunking import split_sentences
from embeddings.index.vocabulary import JOIN
from embeddings.models import Chunk
from embeddings.search.confidence import QuestionEvidence
from embeddings.text import WORD, fold, stemmer

# Words that answer a question stand close together: a passage that has "book", "meeting" and "room" in three
# different paragraphs does not say how to book a meeting room.
WINDOW_SENTENCES = 2


class Words(NamedTuple):
    words: frozenset[str]  # folded
    stems: frozenset[str]
    run: str  # the folded words in order, space-separated and space-padded: where compounds are looked for

    def has_run(self, compound: str) -> bool:
        """Whether the parts of a compound key ("exactly-once") stand together here, however they were joined."""
        return f" {compound.replace(JOIN, ' ')} " in self.run

    def has(self, word: str, stem: str) -> bool:
        """`stem` of a compound is that of its parts written as one word ("reinvent" for "re-invent")."""
        if JOIN in word:
            return self.has_run(word) or stem in self.stems
        return word in self.words or stem in self.stems


def words(text: str) -> Words:
    folded = [fold(w) for w in WORD.findall(text)]
    single = frozenset(folded)
    return Words(single, frozenset(stemmer().stemWords(list(single))), f" {' '.join(folded)} ")


def union(a: Words, b: Words) -> Words:
    return Words(a.words | b.words, a.stems | b.stems, a.run + b.run)


class PassageWords:
    """The words of each passage of an index, read on first use and kept for the most recent ones."""

    def __init__(self, chunks: Sequence[Chunk], cache: int = 8192) -> None:
        self.chunks = chunks
        self.of = lru_cache(maxsize=cache)(self._read)

    def _read(self, chunk_id: int) -> tuple[Words, tuple[Words, ...]]:
        """The words of a passage with its report's front matter, and of each window of two neighbouring
        sentences with the passage's context (title, headings, front matter)."""
        chunk = self.chunks[chunk_id]
        context = words(chunk.search_text.replace(chunk.text, " "))
        sentences = split_sentences(chunk.text) or [chunk.text]
        windows = [" ".join(sentences[i : i + WINDOW_SENTENCES]) for i in range(max(1, len(sentences) - 1))]
        return words(chunk.search_text), tuple(union(context, words(w)) for w in windows)

    def coverage(self, chunk_id: int, question: QuestionEvidence, stems: dict[str, str]) -> tuple[float, float, float]:
        """(coverage, best covered, window coverage) of the question's words in one passage."""
        passage, windows = self.of(chunk_id)
        coverage, best_covered = question.coverage(lambda w: passage.has(w, stems[w]))
        window_coverage = max(question.coverage(lambda w: window.has(w, stems[w]))[0] for window in windows)
        return coverage, best_covered, window_coverage


def stems_of(question: QuestionEvidence) -> dict[str, str]:
    """Each question word's stem; a compound's is that of its parts written as one word."""
    return dict(zip(question.words, stemmer().stemWords([w.replace(JOIN, "") for w in question.words])))
