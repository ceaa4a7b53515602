"""Two rankings (dense and lexical) → one score per candidate passage."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class FusionOptions:
    # Measured on ../shared/eval (bench/quality.py): blending normalized scores beat reciprocal rank fusion
    # (recall@3 0.92 vs 0.86); the weight was picked on one half of the questions and held on the other.
    fusion: str = "blend"  # "blend" (normalized scores) or "rrf" (reciprocal rank)
    rrf_k: int = 60
    dense_weight: float = 0.7  # share of the dense retriever in the fused score
    # Added for the weighted share of the question a report's front matter names (embeddings.search.frontmatter):
    # enough to bring in a report named only there, too little to reorder the passages of one report.
    front_matter_weight: float = 0.15


def fuse(
    dense_ids: np.ndarray, dense_scores: np.ndarray, lexical_ids: np.ndarray, lexical_scores: np.ndarray,
    options: FusionOptions,
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
