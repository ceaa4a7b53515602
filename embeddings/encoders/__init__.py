"""Encoders looked up by name: `sentence-transformers`, `onnx`, `fake`, and `auto`, which picks the ONNX
runtime when the index has a verified ONNX model and sentence-transformers otherwise.

Factories import their runtime only when called, so asking for the ONNX encoder never imports torch.
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from embeddings.encoders.base import DEFAULT_MODEL_SHA256, Encoder, resolve_model, sha256_file
from embeddings.errors import ModelError

log = logging.getLogger(__name__)

ENCODER_CHOICES = ("auto", "onnx", "sentence-transformers", "fake")


@dataclass(frozen=True)
class EncoderRequest:
    model: str  # EMBEDDING_MODEL
    index_dir: Path | None = None  # where the ONNX model of the index lives
    purpose: str = "query"  # "query" or "build"


Factory = Callable[[EncoderRequest], Encoder]
_REGISTRY: dict[str, Factory] = {}


def register(name: str, factory: Factory) -> None:
    _REGISTRY[name] = factory


def registered() -> list[str]:
    return sorted(_REGISTRY)


def get_encoder(name: str, model: str, index_dir: Path | None = None, purpose: str = "query") -> Encoder:
    """The encoder `name` for `model`. For `auto`, building uses sentence-transformers; answering uses the
    index's ONNX model when it is there and passes verification, else sentence-transformers."""
    request = EncoderRequest(model=model, index_dir=index_dir, purpose=purpose)
    if name == "auto":
        if purpose == "query" and index_dir is not None:
            from embeddings.encoders.onnx import OnnxModelRejected

            try:
                return _REGISTRY["onnx"](request)
            except ModelError as exc:
                # A missing ONNX model is normal for an index built before them; a rejected one is a fault.
                level = logging.ERROR if isinstance(exc, OnnxModelRejected) else logging.INFO
                log.log(level, "%s; using sentence-transformers", exc)
        name = "sentence-transformers"
    if name not in _REGISTRY:
        raise ModelError(f"unknown encoder {name!r}; ENCODER must be one of {', '.join(ENCODER_CHOICES)}")
    return _REGISTRY[name](request)


def _sentence_transformers(request: EncoderRequest) -> Encoder:
    if importlib.util.find_spec("sentence_transformers") is None:
        raise ModelError(
            "sentence-transformers is not installed (a query-only install, without torch): build the index and "
            "its ONNX model where it is (`pip install '.[build]'`, or `make install`), then this install answers "
            "from that index"
        )
    from embeddings.encoders.sentence_transformers import SentenceTransformerEncoder

    return SentenceTransformerEncoder(request.model)


def _onnx(request: EncoderRequest) -> Encoder:
    from embeddings.encoders.onnx import load_verified
    from embeddings.index import peek_manifest

    if request.index_dir is None:
        raise ModelError("the ONNX encoder is stored with the index; no index folder was given")
    manifest = peek_manifest(request.index_dir)
    if manifest is None:
        raise ModelError(f"no index at {request.index_dir} yet, so no ONNX model either")
    if manifest.model != request.model:
        raise ModelError(f"the index at {request.index_dir} was built with {manifest.model}, not {request.model}")
    return load_verified(request.index_dir, manifest.model_fingerprint)


def _fake(request: EncoderRequest) -> Encoder:
    from embeddings.encoders.fake import FakeEncoder

    return FakeEncoder()


register("sentence-transformers", _sentence_transformers)
register("onnx", _onnx)
register("fake", _fake)

__all__ = [
    "DEFAULT_MODEL_SHA256", "ENCODER_CHOICES", "Encoder", "EncoderRequest", "get_encoder", "register", "registered",
    "resolve_model", "sha256_file",
]
