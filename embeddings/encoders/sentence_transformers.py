"""The sentence-transformers (torch) encoder: builds the index, exports the ONNX model, and answers where no
verified ONNX model is at hand. torch is imported only when one of these is created."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from embeddings.encoders.base import resolve_model
from embeddings.errors import ModelError
from embeddings.config import DEFAULT_MODEL

log = logging.getLogger(__name__)

# Below this many texts (questions, an incremental rebuild) bf16 is not worth a calibration pass.
CALIBRATE_FROM = 128
# bf16 must beat fp32 by this much on the calibration batch: a noisy 2-core machine moves ±10 %.
BF16_MIN_SPEEDUP = 1.15


def pick_device() -> str:
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def cpu_has_bf16() -> bool:
    """Native bf16 arithmetic (AVX512-BF16 or AMX); without it autocast emulates bf16 and is slower."""
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return " avx512_bf16" in flags or " amx_bf16" in flags


class SentenceTransformerEncoder:
    batch_size = 16  # measured on this 2-core machine: 16 beats 32 and 64

    def __init__(self, model: str = DEFAULT_MODEL, device: str | None = None) -> None:
        target, self.fingerprint = resolve_model(model)
        self.name = model
        self.device = device or pick_device()
        # Nothing may be fetched from a model hub at run time; a name that is not on disk fails here.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        # transformers draws a "Loading weights" bar for the half second the weights take, on a terminal or
        # not, so it lands in the bot's log; the encode bar (sentence-transformers' own) is unaffected.
        transformers_logging.disable_progress_bar()
        try:
            self._model = SentenceTransformer(target, device=self.device)
        except Exception as exc:  # the library raises many kinds; all mean the same to the user
            raise ModelError(f"cannot load embedding model {model!r}: {exc}") from exc
        self.dim = int(self._model.get_embedding_dimension())
        self.max_tokens = int(self._model.max_seq_length)
        self._tokenizer = self._model.tokenizer
        # None until a large batch has been timed both ways (see _choose_precision).
        self.bf16: bool | None = None if self.device == "cpu" and cpu_has_bf16() else False
        log.info("loaded embedding model %s on %s (dim %d)", model, self.device, self.dim)

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        texts = list(texts)
        head: list[np.ndarray] = []
        if self.bf16 is None and len(texts) >= CALIBRATE_FROM:
            head, texts = [self._choose_precision(texts[: self.batch_size])], texts[self.batch_size :]
        with self._precision(bool(self.bf16) and len(texts) >= CALIBRATE_FROM):
            vectors = self._model.encode(
                texts,
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=progress,
            )
        return np.ascontiguousarray(np.concatenate([*head, vectors]) if head else vectors, dtype=np.float32)

    def _run(self, texts: list[str], bf16: bool) -> tuple[float, np.ndarray]:
        started = time.perf_counter()
        with self._precision(bf16):
            vectors = self._model.encode(
                texts, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
            )
        return time.perf_counter() - started, vectors

    def _choose_precision(self, sample: list[str]) -> np.ndarray:
        """Time one batch in fp32 and in bf16 and keep the faster for large builds; returns the fp32 vectors,
        so the calibration costs one extra batch."""
        self._run(sample[:2], bf16=True)  # first use of bf16 kernels pays a one-time setup
        fp32_s, vectors = self._run(sample, bf16=False)
        bf16_s, bf16_vectors = self._run(sample, bf16=True)
        cosine = float(np.min(np.sum(vectors * bf16_vectors, axis=1)))
        self.bf16 = fp32_s / bf16_s >= BF16_MIN_SPEEDUP and cosine >= 0.999
        log.info(
            "build precision: %s (one batch of %d: fp32 %.0f ms, bf16 %.0f ms, min cosine %.5f)",
            "bf16" if self.bf16 else "fp32", len(sample), fp32_s * 1000, bf16_s * 1000, cosine,
        )
        return np.asarray(vectors, dtype=np.float32)

    @contextlib.contextmanager
    def _precision(self, bf16: bool) -> Iterator[None]:
        if not bf16:
            yield
            return
        import torch

        with torch.autocast("cpu", dtype=torch.bfloat16):
            yield

    def count_tokens(self, text: str) -> int:
        return len(self._tokenizer(text, add_special_tokens=False, verbose=False)["input_ids"])

    def export_onnx(self, folder: Path, probes: Sequence[str]) -> None:
        """Write model.onnx (token embeddings, opset 17), tokenizer.json, the pooling settings and the fp32
        vectors of `probes` into `folder`, for embeddings.encoders.onnx to load and verify."""
        import torch

        transformer = self._model[0]
        network = transformer.auto_model
        accepted = set(_forward_parameters(network))
        inputs = [name for name in ("input_ids", "attention_mask", "token_type_ids") if name in accepted]
        sample = self._tokenizer(["an example sentence", "two"], padding=True, return_tensors="pt")
        args = tuple(sample[name].to(self.device) for name in inputs)
        axes = {name: {0: "batch", 1: "tokens"} for name in [*inputs, "token_embeddings"]}
        folder.mkdir(parents=True, exist_ok=True)
        with torch.no_grad(), warnings_silenced():
            # The TorchScript exporter (dynamo=False) needs only the onnx package; the dynamo exporter also
            # needs onnxscript, which is not worth a dependency for a graph this simple.
            torch.onnx.export(
                _token_embeddings(network, inputs).eval(), args, str(folder / "model.onnx"),
                input_names=inputs, output_names=["token_embeddings"], dynamic_axes=axes, opset_version=17,
                dynamo=False,
            )
        self._tokenizer.backend_tokenizer.save(str(folder / "tokenizer.json"))
        bf16, self.bf16 = self.bf16, False
        try:
            probe_vectors = self.encode(list(probes))
        finally:
            self.bf16 = bf16
        np.save(folder / "probes.npy", probe_vectors)
        settings: dict[str, Any] = {
            "model": self.name,
            "fingerprint": self.fingerprint,
            "dim": self.dim,
            "max_seq_length": self.max_tokens,
            "do_lower_case": bool(getattr(transformer, "do_lower_case", False)),
            "pad_token_id": int(self._tokenizer.pad_token_id or 0),
            "inputs": inputs,
            "pooling": "mean",
            "probes": list(probes),
            "torch": torch.__version__,
            "opset": 17,
        }
        (folder / "encoder.json").write_text(json.dumps(settings, indent=2), encoding="utf-8")


def _forward_parameters(network: Any) -> list[str]:
    import inspect

    return list(inspect.signature(network.forward).parameters)


def _token_embeddings(network: Any, inputs: list[str]) -> Any:
    """The transformer alone, returning its last hidden state; pooling is done in numpy at query time."""
    import torch

    class TokenEmbeddings(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.network = network

        def forward(self, *args: torch.Tensor) -> torch.Tensor:
            return self.network(**dict(zip(inputs, args))).last_hidden_state

    return TokenEmbeddings()


@contextlib.contextmanager
def warnings_silenced() -> Iterator[None]:
    """The exporter warns about tracing details that do not apply to a fixed-structure encoder."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield
