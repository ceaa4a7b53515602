"""How many reports use each word: what tells a word that singles out a few reports from a common one."""

from __future__ import annotations

from collections.abc import Iterable

from embeddings.models import Chunk
from embeddings.text import WORD, fold


class ReportCounts:
    """How many reports use each word (accents folded), from an index's passages."""

    def __init__(self, chunks: Iterable[Chunk]) -> None:
        reports: dict[str, set[str]] = {}
        for chunk in chunks:
            words = reports.setdefault(chunk.source, set())
            words.update(fold(w) for w in WORD.findall(f"{chunk.title} {chunk.text}"))
        self.reports = len(reports)
        self.counts: dict[str, int] = {}
        for words in reports.values():
            for word in words:
                self.counts[word] = self.counts.get(word, 0) + 1

    def limit(self, share: float) -> int:
        return max(1, int(share * self.reports))
