"""Question → the best passages: dense (FAISS) and lexical (BM25) retrieval fused, near-duplicates dropped."""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
import time
from dataclasses import dataclass

import numpy as np

from embeddings import ann
from embeddings.batching import QueryBatcher
from embeddings.encoder import Encoder
from embeddings.errors import EmbeddingsError, IndexMismatch
from embeddings.filters import Filters, parse_filters
from embeddings.index import REBUILD_HINT, Index
from embeddings.models import Hit, SearchResult
from embeddings.vocabulary import QueryCheck

log = logging.getLogger(__name__)

# Longer questions add nothing the model can read (it stops at 256 word pieces) but cost BM25 time.
MAX_QUERY_CHARS = 1000

_SLACK_LINK = re.compile(r"<(?:[#@!][^|>]*\|)?([^>]*)>")
_SLACK_BARE_ENTITY = re.compile(r"<[#@!][^>|]*>")


class QueryError(EmbeddingsError):
    """The question cannot be searched (empty once markup is removed)."""


@dataclass(frozen=True)
class ReportInfo:
    title: str
    source: str
    date: dt.date | None
    url: str | None


@dataclass(frozen=True)
class SearchOptions:
    candidates: int = 50  # taken from each retriever before fusion
    # Measured on ../shared/eval (bench/quality.py): blending normalized scores beat reciprocal rank fusion
    # (recall@3 0.92 vs 0.86); the weight was picked on one half of the questions and held on the other.
    fusion: str = "blend"  # "blend" (normalized scores) or "rrf" (reciprocal rank)
    rrf_k: int = 60
    dense_weight: float = 0.7  # share of the dense retriever in the fused score
    # Spelling correction and declining questions about names no report mentions (embeddings.vocabulary).
    check_vocabulary: bool = True
    # Two passages whose vectors are this close say the same thing (a draft and its published post).
    duplicate_cosine: float = 0.95
    # Below this cosine between the question and the best passage, with no word of it in any passage,
    # nothing in the corpus answers it.
    min_dense_score: float = 0.20


def fuse(
    dense_ids: np.ndarray, dense_scores: np.ndarray, lexical_ids: np.ndarray, lexical_scores: np.ndarray,
    options: SearchOptions,
) -> dict[int, float]:
    """One score per candidate chunk from the two rankings."""
    fused: dict[int, float] = {}
    w = options.dense_weight
    if options.fusion == "rrf":
        for weight, ranking in ((w, dense_ids), (1 - w, lexical_ids)):
            for rank, chunk_id in enumerate(ranking.tolist()):
                fused[chunk_id] = fused.get(chunk_id, 0.0) + 2 * weight / (options.rrf_k + rank + 1)
        return fused
    # Cosine is already on a fixed scale; BM25 is not, so it is divided by the best BM25 score of the query.
    top_lexical = float(lexical_scores[0]) if len(lexical_scores) else 1.0
    for chunk_id, score in zip(dense_ids.tolist(), dense_scores.tolist()):
        fused[chunk_id] = w * score
    for chunk_id, score in zip(lexical_ids.tolist(), lexical_scores.tolist()):
        fused[chunk_id] = fused.get(chunk_id, 0.0) + (1 - w) * score / top_lexical
    return fused


def normalize_query(text: str) -> str:
    """Plain question text: Slack mentions and channel links removed, link labels kept, spaces collapsed."""
    text = _SLACK_BARE_ENTITY.sub(" ", text)
    text = _SLACK_LINK.sub(lambda m: m.group(1).split("|")[-1], text)
    text = " ".join(text.split())
    return text[:MAX_QUERY_CHARS]


class Searcher:
    """Answers questions from one loaded index. Thread-safe: the index is only read, and questions from
    concurrent threads are encoded together (embeddings.batching)."""

    def __init__(self, index: Index, encoder: Encoder, options: SearchOptions | None = None) -> None:
        if index.manifest.model_fingerprint != encoder.fingerprint or index.manifest.dim != encoder.dim:
            raise IndexMismatch(
                f"index was built with {index.manifest.model} ({index.manifest.model_fingerprint[:12]}…), "
                f"but the loaded model is {encoder.name} ({encoder.fingerprint[:12]}…); {REBUILD_HINT}"
            )
        self.index = index
        self.encoder = encoder
        self.options = options or SearchOptions()
        self._queries = QueryBatcher(encoder)
        # Retrieval after encoding is a few milliseconds of mostly Python: running one at a time leaves the
        # interpreter to the threads acknowledging Slack's requests instead of a crowd of searches.
        self._retrieval = threading.Lock()
        self.reports = _reports(index)

    def search(self, question: str, k: int = 3) -> SearchResult:
        started = time.perf_counter()
        query, filters = parse_filters(normalize_query(question))
        if not any(ch.isalnum() for ch in query):
            raise QueryError("the question has no words to search for")
        check = self.index.vocabulary.check(query) if self.options.check_vocabulary else QueryCheck(None, (), 1)
        allowed = self._allowed(filters)
        hits, weak = self._search(check.corrected or query, k, allowed)
        # A question naming something no report mentions (after spelling correction) is not answered by
        # passages that merely share its other words.
        no_answer = weak or bool(check.unknown) or check.known_words == 0
        took_ms = (time.perf_counter() - started) * 1000
        return SearchResult(
            query=query, took_ms=took_ms, no_answer=no_answer, hits=tuple(hits), corrected_query=check.corrected,
            filters=filters.describe() or None,
        )

    def _allowed(self, filters: Filters) -> np.ndarray | None:
        if not filters:
            return None
        return np.array([i for i, chunk in enumerate(self.index.chunks) if filters.matches(chunk)], dtype=np.int64)

    def _search(self, query: str, k: int, allowed: np.ndarray | None) -> tuple[list[Hit], bool]:
        index, options = self.index, self.options
        total = index.dense.ntotal if allowed is None else len(allowed)
        if total == 0:
            return [], True
        n = min(options.candidates, total)
        query_vector = self._queries.encode(query)
        with self._retrieval:
            return self._retrieve(query, query_vector, k, allowed, n)

    def _retrieve(
        self, query: str, query_vector: np.ndarray, k: int, allowed: np.ndarray | None, n: int
    ) -> tuple[list[Hit], bool]:
        index, options = self.index, self.options
        params = ann.search_parameters(index.dense, allowed)
        with ann.one_thread():
            dense_scores, dense_ids = index.dense.search(query_vector, n, params=params)
        dense_ids, dense_scores = dense_ids[0], dense_scores[0]
        keep = dense_ids >= 0
        dense_ids, dense_scores = dense_ids[keep], dense_scores[keep]
        lexical_ids, lexical_scores = index.lexical.search(query, n, allowed)
        fused = fuse(dense_ids, dense_scores, lexical_ids, lexical_scores, options)
        order = sorted(fused, key=lambda i: fused[i], reverse=True)

        best_dense = float(dense_scores[0]) if len(dense_scores) else 0.0
        weak = best_dense < options.min_dense_score and len(lexical_ids) == 0
        return self._distinct(order, fused, k), weak

    def _distinct(self, order: list[int], scores: dict[int, float], k: int) -> list[Hit]:
        """The top `k` of `order`, skipping passages that repeat one already chosen."""
        candidates = order[: max(k * 4, k + 10)]
        vectors = self.index.vectors(candidates)
        chosen: list[int] = []
        chosen_rows: list[int] = []
        for row, chunk_id in enumerate(candidates):
            if chosen_rows and float(np.max(vectors[chosen_rows] @ vectors[row])) >= self.options.duplicate_cosine:
                continue
            chosen.append(chunk_id)
            chosen_rows.append(row)
            if len(chosen) == k:
                break
        return [
            Hit(rank=rank, score=round(scores[chunk_id], 6), chunk=self.index.chunks[chunk_id])
            for rank, chunk_id in enumerate(chosen, start=1)
        ]


def _reports(index: Index) -> list[ReportInfo]:
    """The indexed reports, newest first (undated last), for "what does the corpus cover" answers."""
    seen: dict[str, ReportInfo] = {}
    for chunk in index.chunks:
        if chunk.source not in seen:
            url = chunk.url.split("#", 1)[0] if chunk.url else None
            seen[chunk.source] = ReportInfo(title=chunk.title, source=chunk.source, date=chunk.date, url=url)
    return sorted(seen.values(), key=lambda r: (r.date or dt.date.min, r.title), reverse=True)
