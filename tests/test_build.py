"""embeddings.build: what the encoder is asked for."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from embeddings.build import PROGRESS_FROM, build
from embeddings.models import Document
from tests.conftest import FakeEncoder


class RecordingEncoder(FakeEncoder):
    """The bag-of-words encoder, noting whether each call was asked for a progress bar."""

    def __init__(self) -> None:
        super().__init__()
        self.progress: list[bool] = []

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        self.progress.append(progress)
        return super().encode(texts, progress=progress)


def reports(count: int) -> list[Document]:
    return [
        Document(
            source=f"r{i}.md", title=f"Report {i}", body=f"The talk number {i} was about containers.\n",
            format="markdown", content_hash=f"h{i}",
        )
        for i in range(count)
    ]


def test_only_a_long_build_asks_for_a_progress_bar() -> None:
    short, long = RecordingEncoder(), RecordingEncoder()
    build(reports(3), short, model=FakeEncoder.name, progress=True)
    build(reports(PROGRESS_FROM + 10), long, model=FakeEncoder.name, progress=True)
    assert (short.progress, long.progress) == ([False], [True])
