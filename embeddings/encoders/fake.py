"""A deterministic bag-of-words encoder: no weights, instant, for tests and for trying the bot without a model.

Each lowercased word is hashed to one dimension, so texts sharing words get similar vectors.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

from embeddings.chunking import approximate_tokens

_WORD = re.compile(r"\w+")


class FakeEncoder:
    name = "fake-bag-of-words"
    fingerprint = "fake-bag-of-words-v1"
    dim = 64

    def __init__(self) -> None:
        self.calls: list[int] = []  # how many texts each encode() call received

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        self.calls.append(len(texts))
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                vectors[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim] += 1.0
            norm = np.linalg.norm(vectors[row])
            vectors[row] = vectors[row] / norm if norm else vectors[row]
            if not norm:
                vectors[row, 0] = 1.0
        return vectors

    def count_tokens(self, text: str) -> int:
        return approximate_tokens(text)

    @property
    def texts_encoded(self) -> int:
        return sum(self.calls)
