"""Passage → the part worth quoting: the sentences that match the question best, trimmed with "…"."""

from __future__ import annotations

from dataclasses import dataclass

from embeddings.chunking import split_sentences
from embeddings.index.lexical import terms

ELLIPSIS = "…"


@dataclass(frozen=True)
class Excerpt:
    text: str
    trimmed_start: bool
    trimmed_end: bool

    def __str__(self) -> str:
        return f"{ELLIPSIS if self.trimmed_start else ''}{self.text}{ELLIPSIS if self.trimmed_end else ''}"


def _pieces(passage: str) -> list[str]:
    """Sentences, keeping each line of a list or paragraph break as its own piece."""
    pieces: list[str] = []
    for line in passage.splitlines():
        pieces.extend(split_sentences(line) or [line])
    # Leading spaces are kept: they carry the nesting of list items.
    return [p.rstrip() for p in pieces if p.strip()]


def _cut_at_word(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:-")


def best_excerpt(passage: str, question: str, max_chars: int = 600) -> Excerpt:
    """The window of consecutive sentences around the one sharing most terms with the question.

    Whole sentences are kept whenever they fit; only a single sentence longer than `max_chars` is cut, and
    then at a word boundary.
    """
    pieces = _pieces(passage)
    if not pieces:
        return Excerpt("", False, False)
    query_terms = terms(question)
    scores = [len(query_terms & terms(piece)) for piece in pieces]
    best = max(range(len(pieces)), key=lambda i: (scores[i], -i))
    start = end = best  # inclusive window
    size = len(pieces[best])
    if size > max_chars:
        return Excerpt(_cut_at_word(pieces[best], max_chars), best > 0, True)
    # Grow towards the richer side first, then the next sentence, then the previous one.
    while True:
        grew = False
        for candidate in (end + 1, start - 1):
            if 0 <= candidate < len(pieces) and size + 1 + len(pieces[candidate]) <= max_chars:
                size += 1 + len(pieces[candidate])
                start, end = min(start, candidate), max(end, candidate)
                grew = True
        if not grew:
            break
    text = _rejoin(passage, pieces[start : end + 1])
    return Excerpt(text, start > 0, end < len(pieces) - 1)


def _rejoin(passage: str, window: list[str]) -> str:
    """Join sentences with a space where they shared a line in the passage, a newline where they did not."""
    out = window[0]
    for previous, piece in zip(window, window[1:]):
        out += (" " if _on_one_line(passage, previous, piece) else "\n") + piece
    return out


def _on_one_line(passage: str, first: str, second: str) -> bool:
    """Whether `first` is followed by spaces or tabs and then `second` somewhere in `passage`. Plain string
    search: a regex built from the sentences would be compiled anew for every pair of every answer."""
    start = passage.find(first)
    while start >= 0:
        rest = passage[start + len(first) :]
        after = rest.lstrip(" \t")
        if len(after) < len(rest) and after.startswith(second):
            return True
        start = passage.find(first, start + 1)
    return False
