"""Question → the best passages: dense (FAISS) and lexical (BM25) retrieval fused, near-duplicates dropped."""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
import time
from dataclasses import dataclass

import numpy as np

from embeddings.encoder import Encoder
from embeddings.errors import EmbeddingsError, IndexMismatch
from embeddings.index import REBUILD_HINT, Index
from embeddings.models import Hit, SearchResult

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
    rrf_k: int = 60
    # Two passages whose vectors are this close say the same thing (a draft and its published post).
    duplicate_cosine: float = 0.95
    # Below this cosine between the question and the best passage, nothing in the corpus answers it.
    min_dense_score: float = 0.30


def normalize_query(text: str) -> str:
    """Plain question text: Slack mentions and channel links removed, link labels kept, spaces collapsed."""
    text = _SLACK_BARE_ENTITY.sub(" ", text)
    text = _SLACK_LINK.sub(lambda m: m.group(1).split("|")[-1], text)
    text = " ".join(text.split())
    return text[:MAX_QUERY_CHARS]


class Searcher:
    """Answers questions from one loaded index. Thread-safe: searches are serialized, they take milliseconds."""

    def __init__(self, index: Index, encoder: Encoder, options: SearchOptions | None = None) -> None:
        if index.manifest.model_fingerprint != encoder.fingerprint or index.manifest.dim != encoder.dim:
            raise IndexMismatch(
                f"index was built with {index.manifest.model} ({index.manifest.model_fingerprint[:12]}…), "
                f"but the loaded model is {encoder.name} ({encoder.fingerprint[:12]}…); {REBUILD_HINT}"
            )
        self.index = index
        self.encoder = encoder
        self.options = options or SearchOptions()
        self._lock = threading.Lock()
        self.reports = _reports(index)

    def search(self, question: str, k: int = 3) -> SearchResult:
        started = time.perf_counter()
        query = normalize_query(question)
        if not any(ch.isalnum() for ch in query):
            raise QueryError("the question has no words to search for")
        with self._lock:
            hits, no_answer = self._search(query, k)
        took_ms = (time.perf_counter() - started) * 1000
        return SearchResult(query=query, took_ms=took_ms, no_answer=no_answer, hits=tuple(hits))

    def _search(self, query: str, k: int) -> tuple[list[Hit], bool]:
        index, options = self.index, self.options
        total = index.dense.ntotal
        if total == 0:
            return [], True
        n = min(options.candidates, total)
        query_vector = self.encoder.encode([query])
        dense_scores, dense_ids = index.dense.search(query_vector, n)
        dense_ids, dense_scores = dense_ids[0], dense_scores[0]
        keep = dense_ids >= 0
        dense_ids, dense_scores = dense_ids[keep], dense_scores[keep]
        lexical_ids, _ = index.lexical.search(query, n)

        fused: dict[int, float] = {}
        for ranking in (dense_ids, lexical_ids):
            for rank, chunk_id in enumerate(ranking.tolist()):
                fused[chunk_id] = fused.get(chunk_id, 0.0) + 1.0 / (options.rrf_k + rank + 1)
        order = sorted(fused, key=lambda i: fused[i], reverse=True)

        best_dense = float(dense_scores[0]) if len(dense_scores) else 0.0
        no_answer = best_dense < options.min_dense_score and len(lexical_ids) == 0
        hits = self._distinct(order, fused, k)
        return hits, no_answer

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
