import threading
from collections.abc import Sequence

import numpy as np
import pytest

from embeddings.batching import QueryBatcher
from tests.conftest import FakeEncoder


class GatedEncoder(FakeEncoder):
    """Holds its first call until released, so that questions pile up behind it."""

    def __init__(self) -> None:
        super().__init__()
        self.first_call = threading.Event()
        self.release = threading.Event()

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        if not self.first_call.is_set():
            self.first_call.set()
            self.release.wait(5)
        return super().encode(texts, progress=progress)


def test_questions_arriving_together_share_one_forward_pass() -> None:
    encoder = GatedEncoder()
    batcher = QueryBatcher(encoder)
    results: dict[str, np.ndarray] = {}

    def ask(text: str) -> None:
        results[text] = batcher.encode(text)

    first = threading.Thread(target=ask, args=("first question",))
    first.start()
    assert encoder.first_call.wait(5)
    others = [threading.Thread(target=ask, args=(f"question {i}",)) for i in range(10)]
    for thread in others:
        thread.start()
    while len(batcher._pending) < 10:
        threading.Event().wait(0.01)
    encoder.release.set()
    for thread in [first, *others]:
        thread.join(5)
    assert encoder.calls == [1, 10]
    for text, vector in results.items():  # each caller got its own question's vector
        np.testing.assert_allclose(vector, FakeEncoder().encode([text]))


def test_an_encoder_error_reaches_every_waiting_question() -> None:
    class Broken(FakeEncoder):
        def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
            raise RuntimeError("model unavailable")

    batcher = QueryBatcher(Broken())
    with pytest.raises(RuntimeError, match="model unavailable"):
        batcher.encode("anything")
    with pytest.raises(RuntimeError):  # and the batcher still works afterwards
        batcher.encode("again")


def test_a_lone_question_is_encoded_in_the_asking_thread() -> None:
    class Recording(FakeEncoder):
        threads: list[str] = []

        def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
            self.threads.append(threading.current_thread().name)
            return super().encode(texts, progress=progress)

    encoder = Recording()
    batcher = QueryBatcher(encoder)
    batcher.encode("one")
    batcher.encode("two")
    assert encoder.threads == [threading.current_thread().name] * 2
    assert not batcher._worker_alive  # no worker thread was started
