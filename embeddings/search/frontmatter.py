"""The weaker lexical channel: what reports say about themselves (authors, location, year, tags, summary).

Every passage of a report shares its front matter, so inside passage BM25 it would lift all of them alike and
push the passage that answers below its neighbours. Here it only says which reports a question names: a question
naming an author found only in the front matter still reaches that report's passages.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from embeddings.models import Chunk
from embeddings.index.vocabulary import phrase_keys, stem_of
from embeddings.text import WORD, fold, stemmer


class FrontMatterIndex:
    """Folded word (and its stem) of a report's front matter → the passages of that report."""

    def __init__(self, chunks: Sequence[Chunk]) -> None:
        postings: dict[str, list[int]] = {}
        keys_of: dict[str, set[str]] = {}  # every passage of a report has the same front matter
        for chunk_id, chunk in enumerate(chunks):
            about = chunk.about
            if not about:
                continue
            if about not in keys_of:
                folded = [fold(w) for w in WORD.findall(about)]
                words = set(folded)
                keys_of[about] = words | phrase_keys(folded) | {"~" + s for s in stemmer().stemWords(list(words))}
            for key in keys_of[about]:
                postings.setdefault(key, []).append(chunk_id)
        self._postings = {key: np.array(ids, dtype=np.int64) for key, ids in postings.items()}

    def __bool__(self) -> bool:
        return bool(self._postings)

    def search(self, words: Sequence[str], weights: Sequence[float], allowed: np.ndarray | None) -> dict[int, float]:
        """Passage → weighted share (0–1) of the question's words its report's front matter contains."""
        total = sum(weights)
        scores: dict[int, float] = {}
        if not total or not self._postings:
            return scores
        for word, weight in zip(words, weights):
            ids = self._postings.get(word)
            if ids is None:
                ids = self._postings.get("~" + stem_of(word))
            if ids is None:
                continue
            if allowed is not None:
                ids = ids[np.isin(ids, allowed)]
            for chunk_id in ids.tolist():
                scores[chunk_id] = scores.get(chunk_id, 0.0) + weight / total
        return scores
