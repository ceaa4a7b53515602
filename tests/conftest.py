"""Shared fixtures. Most tests use FakeEncoder, a deterministic bag-of-words model, so they need no weights."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pytest

from embeddings.chunking import approximate_tokens
from embeddings.settings import DEFAULT_MODEL

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
_WORD = re.compile(r"\w+")


class FakeEncoder:
    """Hashes each lowercased word to a dimension: texts sharing words get similar vectors."""

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


@pytest.fixture
def fake_encoder() -> FakeEncoder:
    return FakeEncoder()


@pytest.fixture
def write_report(tmp_path: Path) -> Callable[[str, str], Path]:
    """write_report("sub/name.md", text) creates a report under tmp_path/corpus."""

    def write(relative: str, text: str) -> Path:
        path = tmp_path / "corpus" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def real_encoder():  # type: ignore[no-untyped-def]
    from embeddings.encoder import SentenceTransformerEncoder

    return SentenceTransformerEncoder(DEFAULT_MODEL)


@pytest.fixture(scope="session")
def seeds_index(tmp_path_factory: pytest.TempPathFactory, real_encoder):  # type: ignore[no-untyped-def]
    """The shipped corpus/ (the two client reports) indexed with the real model, once per test session."""
    from embeddings.build import build

    index_dir = tmp_path_factory.mktemp("seeds-index")
    build(REPO / "corpus", index_dir, lambda: real_encoder, DEFAULT_MODEL, progress=False)
    return index_dir
