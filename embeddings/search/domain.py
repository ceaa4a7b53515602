"""Is a question in the reports' world? Read from the corpus itself: how much more often the reports use each of
the question's words than general English does (wordfreq's Zipf scale on both sides), never from a list of words.

"any advice on keeping a big test suite fast?" is in a software conference corpus's world ("test" and "suite"
are far more common in it than in English); "how do I renew my passport" is not (the reports never say
"passport"). The score is the mean over the question's words, each weighted by how specific it is (the
confidence model's word weights), of that difference, clipped: a word no report uses counts as far outside.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

from embeddings.index.vocabulary import JOIN, Vocabulary
from embeddings.text import english_zipf, stemmer

# How far one word can pull the score either way, in Zipf units (a factor of 100): a single very frequent
# corpus word ("microservices") must not make a question about anything at all belong to the reports' world.
CLIP = 2.0


class Domain:
    """The reports' use of each word stem, against general English. Built once per index."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        counts: dict[str, int] = {}
        # Single words only: compounds are counted again as runs of their words.
        words = [(key, term.count) for key, term in vocabulary.terms.items() if JOIN not in key]
        for stem, (_, count) in zip(stemmer().stemWords([key for key, _ in words]), words):
            counts[stem] = counts.get(stem, 0) + count
        self._counts = counts
        self._total = sum(counts.values()) or 1

    def zipf(self, word: str) -> float:
        """How common the word's stem is in the reports, on wordfreq's Zipf scale (0 when absent)."""
        count = self._counts.get(_stem(word.replace(JOIN, "")), 0)
        return math.log10(count / self._total * 1e9) if count else 0.0

    def keyness(self, word: str) -> float:
        """How much more the reports use the word than English does, clipped to ±CLIP; -CLIP when absent."""
        corpus = self.zipf(word)
        if not corpus:
            return -CLIP
        return max(-CLIP, min(CLIP, corpus - english_zipf(word)))

    def score(self, words: Sequence[str], weights: Sequence[float]) -> float:
        """The question's weighted mean keyness, -CLIP (nothing of the reports' world) to CLIP."""
        total = sum(weights)
        if not words or not total:
            return -CLIP
        return sum(w * self.keyness(word) for word, w in zip(words, weights)) / total


@lru_cache(maxsize=4096)
def _stem(word: str) -> str:
    return stemmer().stemWord(word)
