"""Retrieval: the candidates of dense search, BM25 and the front matter a question names, fused into one order."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from embeddings.index import Index
from embeddings.index import dense as ann
from embeddings.search.confidence import QuestionEvidence
from embeddings.search.frontmatter import FrontMatterIndex
from embeddings.search.fusion import FusionOptions, fuse


@dataclass(frozen=True)
class Candidates:
    order: list[int]  # chunk ids, best fused score first
    fused: dict[int, float]
    dense_ids: np.ndarray  # every candidate with its cosine, dense search's own first (best first)
    dense_scores: np.ndarray
    lexical_ids: np.ndarray
    lexical: dict[int, float]  # BM25 score of each passage BM25 found


def retrieve(
    index: Index, front_matter: FrontMatterIndex, query: str, query_vector: np.ndarray, n: int,
    allowed: np.ndarray | None, question: QuestionEvidence, fusion: FusionOptions,
) -> Candidates:
    """The `n` best of each retriever (within `allowed`), fused."""
    params = ann.search_parameters(index.dense, allowed)
    with ann.one_thread():
        dense_scores, dense_ids = index.dense.search(query_vector, n, params=params)
    dense_ids, dense_scores = dense_ids[0], dense_scores[0]
    keep = dense_ids >= 0
    dense_ids, dense_scores = dense_ids[keep], dense_scores[keep]
    lexical_ids, lexical_scores = index.lexical.search(query, n, allowed)
    # A passage only BM25 found would otherwise fuse as if its cosine were 0, and lose to passages that are
    # merely near the question in the vector space ("what did the Boxfuse guy demo?": the one passage naming
    # Boxfuse ranked first by BM25 and outside the fused top ten). Its true cosine is one dot product away.
    # The same holds for the passages of a report whose front matter the question names (its author, its
    # event); of those, a common tag may bring in thousands, so only the `n` it names most get their cosine.
    named = front_matter.search(question.words, question.weights, allowed)
    most_named = np.array(sorted(named, key=named.__getitem__, reverse=True)[:n], dtype=np.int64)
    without_cosine = np.setdiff1d(np.union1d(lexical_ids, most_named), dense_ids)
    if len(without_cosine):
        dense_ids = np.concatenate([dense_ids, without_cosine])
        dense_scores = np.concatenate([dense_scores, index.vectors(without_cosine) @ query_vector[0]])
    fused = fuse(dense_ids, dense_scores, lexical_ids, lexical_scores, fusion)
    for chunk_id, share in named.items():
        fused[chunk_id] = fused.get(chunk_id, 0.0) + fusion.front_matter_weight * share
    return Candidates(
        order=sorted(fused, key=lambda i: fused[i], reverse=True), fused=fused, dense_ids=dense_ids,
        dense_scores=dense_scores, lexical_ids=lexical_ids,
        lexical=dict(zip(lexical_ids.tolist(), lexical_scores.tolist())),
    )
