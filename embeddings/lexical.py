"""BM25 over the chunk texts (bm25s), which wins over dense search on names and short keyword queries."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import bm25s
import numpy as np
import Stemmer
from bm25s.tokenization import STOPWORDS_EN_PLUS

log = logging.getLogger(__name__)

STOPWORDS = frozenset(STOPWORDS_EN_PLUS)
_STOPWORD_LIST = sorted(STOPWORDS)


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def _quiet() -> None:
    # bm25s sets its own logger to DEBUG, which prints a line per index build through the root handler.
    logging.getLogger("bm25s").setLevel(logging.WARNING)


def tokenize(texts: Sequence[str]) -> list[list[str]]:
    return bm25s.tokenize(
        list(texts), stopwords=_STOPWORD_LIST, stemmer=_stemmer(), return_ids=False, show_progress=False
    )


_TERM = re.compile(r"(?u)\b\w\w+\b")


def terms(text: str) -> set[str]:
    """The stemmed content words of one short text, as BM25 sees them; far cheaper than `tokenize` per call."""
    words = [w for w in _TERM.findall(text.lower()) if w not in STOPWORDS]
    return set(_stemmer().stemWords(words))


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
    try:
        import numba  # noqa: F401
    except ImportError:
        return "numpy"
    return "numba"


class LexicalIndex:
    def __init__(self, retriever: bm25s.BM25, size: int) -> None:
        self._retriever = retriever
        self.size = size

    @classmethod
    def build(cls, texts: Sequence[str]) -> LexicalIndex:
        _quiet()
        retriever = bm25s.BM25(k1=BM25_K1, b=BM25_B, backend=_backend(len(texts)))
        # An empty document would make bm25s drop it and shift every id after it; a placeholder keeps ids aligned.
        tokens = [t or ["\u2205"] for t in tokenize(texts)]
        retriever.index(tokens, show_progress=False)
        return cls(retriever, len(texts))

    def save(self, folder: Path) -> None:
        self._retriever.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path, size: int) -> LexicalIndex:
        _quiet()
        retriever = bm25s.BM25.load(str(folder), show_progress=False, verbosity=0, backend=_backend(size))
        return cls(retriever, size)

    def search(self, query: str, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(chunk ids, scores) of the best `k` chunks containing a query term; empty when none does.

        `allowed`, when given, holds the only chunk ids that may be returned (filters).
        """
        tokens = tokenize([query])[0]
        if not tokens or self.size == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        mask = None
        if allowed is not None:
            mask = np.zeros(self.size, dtype=np.float32)
            mask[allowed] = 1.0
        ids, scores = self._retriever.retrieve(
            [tokens], k=min(k, self.size), show_progress=False, n_threads=1, weight_mask=mask,
            backend_selection=self._retriever.backend,
        )
        ids, scores = ids[0], scores[0]
        keep = scores > 0
        return ids[keep].astype(np.int64), scores[keep].astype(np.float32)
