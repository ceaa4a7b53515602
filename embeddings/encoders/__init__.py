"""Encoders looked up by name: `sentence-transformers`, `onnx`, `fake`, and `auto`, which picks the ONNX
runtime when the index has a verified ONNX model and sentence-transformers otherwise; where sentence-transformers
is not installed (the runtime install), a verified ONNX model of the same weights found with another index.

Factories import their runtime only when called, so asking for the ONNX encoder never imports torch.
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from embeddings.encoders.base import DEFAULT_MODEL_SHA256, Encoder, resolve_model, sha256_file
from embeddings.errors import ModelError
from embeddings.config import DEFAULT_MODEL

if TYPE_CHECKING:
    from embeddings.encoders.onnx import OnnxEncoder

log = logging.getLogger(__name__)

ENCODER_CHOICES = ("auto", "onnx", "sentence-transformers", "fake")


@dataclass(frozen=True)
class EncoderRequest:
    model: str  # EMBEDDING_MODEL
    index_dir: Path | None = None  # where the ONNX model of the index lives
    purpose: str = "query"  # "query" or "build"
    # Other indexes (or ONNX model folders) whose ONNX model of the same weights may serve when there is no torch.
    elsewhere: tuple[Path, ...] = ()


Factory = Callable[[EncoderRequest], Encoder]
_REGISTRY: dict[str, Factory] = {}


def register(name: str, factory: Factory) -> None:
    _REGISTRY[name] = factory


def registered() -> list[str]:
    return sorted(_REGISTRY)


def get_encoder(
    name: str, model: str, index_dir: Path | None = None, purpose: str = "query", elsewhere: Sequence[Path] = ()
) -> Encoder:
    """The encoder `name` for `model`. For `auto`, building uses sentence-transformers; answering uses the
    index's ONNX model when it is there and passes verification, else sentence-transformers. Without
    sentence-transformers installed, `auto` takes a verified ONNX model of the same weights: the index's own,
    else one kept with an index (or in a model folder) named in `elsewhere`."""
    request = EncoderRequest(model=model, index_dir=index_dir, purpose=purpose, elsewhere=tuple(elsewhere))
    if name == "auto":
        return _auto(request)
    if name not in _REGISTRY:
        raise ModelError(f"unknown encoder {name!r}; ENCODER must be one of {', '.join(ENCODER_CHOICES)}")
    return _REGISTRY[name](request)


def _auto(request: EncoderRequest) -> Encoder:
    from embeddings.encoders.onnx import OnnxModelRejected

    if request.purpose == "query" and request.index_dir is not None:
        try:
            return _REGISTRY["onnx"](request)
        except ModelError as exc:
            # A missing ONNX model is normal for an index built before them; a rejected one is a fault.
            level = logging.ERROR if isinstance(exc, OnnxModelRejected) else logging.INFO
            log.log(level, "%s; using sentence-transformers", exc)
    try:
        return _REGISTRY["sentence-transformers"](request)
    except NotInstalled as missing:
        try:
            encoder = _onnx_of_the_same_weights(request)
        except ModelError as exc:
            raise NotInstalled(f"{missing}; no verified ONNX model of {request.model} was found either ({exc})") from exc
    log.info("sentence-transformers is not installed: encoding with the verified ONNX model in %s", encoder.folder)
    return encoder


class NotInstalled(ModelError):
    """sentence-transformers (and torch) are not installed: the runtime install."""


def _onnx_of_the_same_weights(request: EncoderRequest) -> OnnxEncoder:
    """The first verified ONNX model for the weights `request.model` names, in the index folder, then in each
    folder of `request.elsewhere` (an index, or a folder holding encoder.json itself)."""
    from embeddings.encoders.onnx import OnnxModelRejected, artefact_dir, load_verified_folder

    # The default model's weights are known by their sha256, so no copy of them is needed here to match.
    fingerprint = DEFAULT_MODEL_SHA256 if request.model == DEFAULT_MODEL else resolve_model(request.model)[1]
    # For a query the index's own model was tried already.
    places = [request.index_dir] if request.index_dir is not None and request.purpose == "build" else []
    looked: list[str] = []
    for place in dict.fromkeys([*places, *request.elsewhere]):
        folder = place if (place / "encoder.json").is_file() else artefact_dir(place, fingerprint)
        if not (folder / "encoder.json").is_file():
            looked.append(str(place))
            continue
        try:
            return load_verified_folder(folder, fingerprint)
        except OnnxModelRejected as exc:
            log.error("%s; looking further", exc)
            looked.append(f"{place} (refused)")
    where = f"looked in {', '.join(looked)}" if looked else "no index was named to look in"
    raise ModelError(f"{where}; ONNX_MODEL_DIR names an index built with it")


NOT_INSTALLED = (
    "sentence-transformers is not installed (a query-only install, without torch): build the index and "
    "its ONNX model where it is (`pip install '.[build]'`, or `make install`), then this install answers "
    "from that index"
)


def _sentence_transformers(request: EncoderRequest) -> Encoder:
    if importlib.util.find_spec("sentence_transformers") is None:
        raise NotInstalled(NOT_INSTALLED)
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
    "DEFAULT_MODEL_SHA256", "ENCODER_CHOICES", "Encoder", "EncoderRequest", "NotInstalled", "get_encoder", "register",
    "registered",
    "resolve_model", "sha256_file",
]
