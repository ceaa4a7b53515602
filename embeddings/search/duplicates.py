"""Near-duplicate removal: two passages whose vectors are this close say the same thing (a draft and its
published post), and only one of them is shown."""

from __future__ import annotations

import numpy as np

from embeddings.index import Index


def distinct(index: Index, order: list[int], k: int, duplicate_cosine: float) -> tuple[list[int], np.ndarray]:
    """The top `k` of `order` with their vectors, skipping passages that repeat one already chosen. Of two
    copies the one with a link to cite is kept, in the better-ranked place."""
    candidates = order[: max(k * 4, k + 10)]
    vectors = index.vectors(candidates)
    chunks = index.chunks
    chosen: list[int] = []  # rows of `candidates`
    for row, chunk_id in enumerate(candidates):
        if chosen:
            similarity = vectors[chosen] @ vectors[row]
            twin = int(np.argmax(similarity))
            if float(similarity[twin]) >= duplicate_cosine:
                if chunks[chunk_id].url and not chunks[candidates[chosen[twin]]].url:
                    chosen[twin] = row
                continue
        if len(chosen) == k:
            break
        chosen.append(row)
    return [candidates[row] for row in chosen], vectors[chosen] if chosen else vectors[:0]
