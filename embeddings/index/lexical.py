"""BM25 over the chunk texts (bm25s), which wins over dense search on names and short keyword queries."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import numpy as np

from embeddings.text import STOPWORDS, stemmer

if TYPE_CHECKING:
    import bm25s as bm25s_module

log = logging.getLogger(__name__)


def _bm25s(size: int) -> ModuleType:
    """bm25s, imported on first use. It imports numba whenever numba is installed, which costs 0.3 s and 50 MB
    of the bot's start; below NUMBA_FROM passages numba is never used, so it is kept out of that import.
    (A process that imported bm25s this way and later loads a 100k-passage index uses numpy until restarted.)"""
    if "bm25s" in sys.modules or "numba" in sys.modules or size >= NUMBA_FROM:
        import bm25s

        return bm25s
    sys.modules["numba"] = None  # type: ignore[assignment]  # `import numba` now raises ImportError
    try:
        import bm25s
    finally:
        del sys.modules["numba"]
    return bm25s


_STOPWORD_LIST = sorted(STOPWORDS)


def _quiet() -> None:
    # bm25s sets its own logger to DEBUG, which prints a line per index build through the root handler.
    logging.getLogger("bm25s").setLevel(logging.WARNING)


def tokenize(texts: Sequence[str]) -> list[list[str]]:
    return _bm25s(0).tokenize(
        list(texts), stopwords=_STOPWORD_LIST, stemmer=stemmer(), return_ids=False, show_progress=False
    )


_TERM = re.compile(r"(?u)\b\w\w+\b")


def query_tokens(text: str) -> list[str]:
    """One text's tokens exactly as `tokenize` makes them (bm25s's pattern, stop words, stemmer), without
    bm25s's per-call setup: for one question that setup was most of the tokenizing time."""
    return stemmer().stemWords([w for w in _TERM.findall(text.lower()) if w not in STOPWORDS])


def terms(text: str) -> set[str]:
    """The stemmed content words of one short text, as BM25 sees them."""
    return set(query_tokens(text))


# bench/scale.py at 1M passages: bm25s's numpy backend 55 ms p50 / 90 ms p99 per question, its numba backend
# 2.3 / 4.2 ms. Numba compiles for ~8 s on first use (the bot warms up before accepting traffic), which is
# not worth it for small corpora, where numpy answers in about a millisecond.
NUMBA_FROM = 100_000

# Less length normalization than the usual b=0.75: every passage carries its title and headings, and the
# longer, fuller sections were being pushed below fragments. Chosen on half of the dev questions
# (recall@1 0.78 → 0.85), unchanged on the other half; b from 0.3 to 0.5 all gave the same gain.
BM25_K1 = 1.2
BM25_B = 0.4


def _backend(size: int) -> str:
    if size < NUMBA_FROM:
        return "numpy"
    if not _bm25s(size).NUMBA_AVAILABLE:
        log.warning("BM25 over %d passages runs on numpy: numba is not installed or was not loaded at start", size)
        return "numpy"
    return "numba"


class LexicalIndex:
    def __init__(self, retriever: bm25s_module.BM25, size: int) -> None:
        self._retriever = retriever
        self.size = size

    @classmethod
    def build(cls, texts: Sequence[str]) -> LexicalIndex:
        _quiet()
        backend = _backend(len(texts))
        retriever = _bm25s(len(texts)).BM25(k1=BM25_K1, b=BM25_B, backend=backend)
        # An empty document would make bm25s drop it and shift every id after it; a placeholder keeps ids aligned.
        tokens = [t or ["\u2205"] for t in tokenize(texts)]
        retriever.index(tokens, show_progress=False)
        return cls(retriever, len(texts))

    def save(self, folder: Path) -> None:
        self._retriever.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path, size: int) -> LexicalIndex:
        _quiet()
        backend = _backend(size)
        retriever = _bm25s(size).BM25.load(str(folder), show_progress=False, verbosity=0, backend=backend)
        return cls(retriever, size)

    def search(self, query: str, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(chunk ids, scores) of the best `k` chunks containing a query term; empty when none does.

        `allowed`, when given, holds the only chunk ids that may be returned (filters).
        """
        tokens = query_tokens(query)
        if not tokens or self.size == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        mask = None
        if allowed is not None:
            mask = np.zeros(self.size, dtype=np.float32)
            mask[allowed] = 1.0
        if self._retriever.backend == "numpy":
            # The same scores `retrieve` computes, without its per-call progress bars and batching, which cost
            # more than the scoring itself on a corpus of a few hundred passages.
            scores = self._retriever.get_scores(tokens, weight_mask=mask)
            k = min(k, self.size)
            top = np.argpartition(-scores, k - 1)[:k] if k < self.size else np.arange(self.size)
            top = top[np.lexsort((top, -scores[top]))]
            top = top[scores[top] > 0]
            return top.astype(np.int64), scores[top].astype(np.float32)
        # n_threads=0: scored in this thread. Any other value makes bm25s start a thread pool for every question,
        # which costs a thread per search and fails once the interpreter is shutting down (SIGTERM while an
        # acknowledged answer is still being searched).
        ids, scores = self._retriever.retrieve(
            [tokens], k=min(k, self.size), show_progress=False, n_threads=0, weight_mask=mask,
            backend_selection=self._retriever.backend,
        )
        ids, scores = ids[0], scores[0]
        keep = scores > 0
        return ids[keep].astype(np.int64), scores[keep].astype(np.float32)
