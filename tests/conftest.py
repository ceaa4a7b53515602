"""Shared fixtures. Most tests use FakeEncoder, a deterministic bag-of-words model, so they need no weights; it is
the encoder the registry in embeddings.encoders returns for ENCODER=fake."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from embeddings.encoders.fake import FakeEncoder
from embeddings.config import DEFAULT_MODEL
from tests.slack_fakes import FakeSlack

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


__all__ = ["REPO", "SHARED", "FakeEncoder"]


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    """A fake Slack Web API on loopback, for the app's SLACK_API_URL."""
    fake = FakeSlack()
    yield fake
    fake.close()


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
    from embeddings.encoders.sentence_transformers import SentenceTransformerEncoder

    return SentenceTransformerEncoder(DEFAULT_MODEL)


@pytest.fixture(scope="session")
def seeds_index(tmp_path_factory: pytest.TempPathFactory, real_encoder):  # type: ignore[no-untyped-def]
    """The shipped corpus/ (the two client reports) indexed with the real model, with its ONNX model, once per
    test session."""
    from embeddings.pipeline import build_corpus

    index_dir = tmp_path_factory.mktemp("seeds-index")
    build_corpus(REPO / "corpus", index_dir, lambda: real_encoder, DEFAULT_MODEL, progress=False, export_onnx=True)
    return index_dir


@pytest.fixture(scope="session")
def haufe_index(tmp_path_factory: pytest.TempPathFactory, real_encoder):  # type: ignore[no-untyped-def]
    """The Haufe blog and the seeds (a corpus folder linking both) indexed with the real model, with its ONNX
    model, once per test session: (corpus folder, index folder). Copy the index before a bot writes to it."""
    from embeddings.pipeline import build_corpus

    if not (SHARED / "corpus" / "haufe-blog").is_dir():
        pytest.skip("the Haufe dev corpus is not here (../shared/corpus/haufe-blog)")
    corpus = tmp_path_factory.mktemp("haufe") / "corpus"
    corpus.mkdir()
    (corpus / "haufe-blog").symlink_to(SHARED / "corpus" / "haufe-blog")
    (corpus / "seeds").symlink_to(SHARED / "seeds")
    index_dir = corpus.parent / "index"
    build_corpus(corpus, index_dir, lambda: real_encoder, DEFAULT_MODEL, progress=False, export_onnx=True)
    return corpus, index_dir
