"""Query-time encoding with ONNX Runtime and `tokenizers`: no torch, a fraction of the start-up time and memory.

The ONNX model is a build artefact, exported from the sentence-transformers model when the index is built and
kept under INDEX_DIR/onnx/<key of the weights' fingerprint>/ (shared by every index generation built from the
same weights). It is verified on load: the probe sentences stored with it must come out within cosine 0.9999 of
the vectors sentence-transformers gave them at export time, or it is not used.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from embeddings.errors import ModelError

log = logging.getLogger(__name__)

ONNX_DIR = "onnx"
MIN_PROBE_COSINE = 0.9999
# Varied on purpose: short, long (past the 256 word-piece limit, so truncation is checked), accents, code,
# numbers and padding inside a batch.
PROBES = (
    "What did Zalando show about their container platform?",
    "Docker content trust",
    "Keynote: from monolith to microservices with Kubernetes, service meshes and a lot of YAML at scale.",
    "Jérôme spoke about naïve café-style caching — résumé of the talk, 2016 edition.",
    "docker run --rm -it -v $(pwd):/src python:3.11-slim pip install -e '.[dev]'",
    "A long passage. " + " ".join(f"Sentence {i} talks about registries, images, layers and builds." for i in range(60)),
    "   leading and trailing spaces   ",
    "?",
)


class OnnxModelRejected(ModelError):
    """An ONNX model is there but cannot be used: unreadable, for other weights, or its vectors drift."""


def artefact_key(fingerprint: str) -> str:
    return hashlib.sha256(fingerprint.encode("utf-8")).hexdigest()[:16]


def artefact_dir(index_dir: Path, fingerprint: str) -> Path:
    return index_dir / ONNX_DIR / artefact_key(fingerprint)


class OnnxEncoder:
    """Mean pooling over the attention mask and L2 normalisation, as sentence-transformers does for
    all-MiniLM-L6-v2; texts are truncated to the model's max_seq_length word pieces."""

    batch_size = 16

    def __init__(self, folder: Path, threads: int = 1) -> None:
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise ModelError(f"the ONNX encoder needs onnxruntime and tokenizers ({exc}); run `make install`") from exc
        try:
            self.settings: dict[str, Any] = json.loads((folder / "encoder.json").read_text(encoding="utf-8"))
            self.name = str(self.settings["model"])
            self.fingerprint = str(self.settings["fingerprint"])
            self.dim = int(self.settings["dim"])
            self.max_tokens = int(self.settings["max_seq_length"])
            self._inputs = list(self.settings["inputs"])
            self._lower = bool(self.settings.get("do_lower_case", False))
            self._counter = Tokenizer.from_file(str(folder / "tokenizer.json"))
            self._counter.no_truncation()
            self._counter.no_padding()
            self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
            self._tokenizer.enable_truncation(max_length=self.max_tokens)
            pad_id = int(self.settings.get("pad_token_id", 0))
            self._tokenizer.enable_padding(pad_id=pad_id, pad_token=self._tokenizer.id_to_token(pad_id) or "[PAD]")
            options = onnxruntime.SessionOptions()
            # One thread, as for FAISS: on 2 shared cores a second one mostly waits (question p50 13.6 vs
            # 23.7 ms, a batch of 32 questions 267 vs 422 ms, measured under load).
            options.intra_op_num_threads = threads
            options.log_severity_level = 3
            # Without the arena, memory taken by a large batch (a burst of questions, a live rebuild) goes back
            # after it: 40 MB instead of 390 MB kept after 32 passages of 256 word pieces.
            options.enable_cpu_mem_arena = False
            if self.settings.get("optimized"):
                # Fused at export (optimize_graph); optimizing again on every start cost ~1 s.
                options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
            self._session = onnxruntime.InferenceSession(
                str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime and tokenizers raise their own kinds
            raise OnnxModelRejected(f"the ONNX model at {folder} cannot be loaded: {exc}") from exc
        self.folder = folder

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        texts = [text.lower() if self._lower else text for text in texts]
        if len(texts) <= self.batch_size:
            return self._encode_batch(texts)
        # Long lists (a live rebuild) are encoded in batches of similar length, so little goes on padding.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        vectors = np.empty((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            rows = order[start : start + self.batch_size]
            vectors[rows] = self._encode_batch([texts[i] for i in rows])
        return vectors

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        arrays = {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }
        (tokens,) = self._session.run(None, {name: arrays[name] for name in self._inputs})
        mask = arrays["attention_mask"][:, :, None].astype(np.float32)
        summed = (tokens * mask).sum(axis=1)
        pooled = summed / np.clip(mask.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return np.ascontiguousarray(pooled / np.clip(norms, 1e-12, None), dtype=np.float32)

    def count_tokens(self, text: str) -> int:
        return len(self._counter.encode(text, add_special_tokens=False).ids)

    def verify(self) -> float:
        """The lowest cosine between the stored probe vectors and this runtime's; ModelError below 0.9999."""
        try:
            expected = np.load(self.folder / "probes.npy")
            probes = list(self.settings["probes"])
        except (OSError, ValueError, KeyError) as exc:
            raise OnnxModelRejected(f"the ONNX model at {self.folder} has no readable probe vectors: {exc}") from exc
        # One at a time: a padded batch with the long probe costs 5× the time and memory of the probes alone.
        actual = np.vstack([self.encode([probe]) for probe in probes])
        if expected.shape != actual.shape:
            raise OnnxModelRejected(
                f"the ONNX model at {self.folder} gives vectors of shape {actual.shape}, expected {expected.shape}"
            )
        worst = float(np.min(np.sum(expected * actual, axis=1)))
        if not worst >= MIN_PROBE_COSINE:
            raise OnnxModelRejected(
                f"the ONNX model at {self.folder} does not reproduce the build's vectors (lowest probe cosine "
                f"{worst:.6f} < {MIN_PROBE_COSINE}); export it again with `python -m embeddings build --force`"
            )
        return worst


def load_verified(index_dir: Path, fingerprint: str, threads: int = 1) -> OnnxEncoder:
    """The ONNX encoder for the weights named by `fingerprint`, verified; ModelError if missing or wrong."""
    folder = artefact_dir(index_dir, fingerprint)
    if not (folder / "encoder.json").is_file():
        raise ModelError(f"no ONNX model for this index in {folder.parent}; `python -m embeddings build` exports one")
    return load_verified_folder(folder, fingerprint, threads)


def load_verified_folder(folder: Path, fingerprint: str, threads: int = 1) -> OnnxEncoder:
    """The ONNX model in `folder` (one holding encoder.json), if it is for `fingerprint` and passes its probes."""
    started = time.perf_counter()
    encoder = OnnxEncoder(folder, threads=threads)
    if encoder.fingerprint != fingerprint:
        raise OnnxModelRejected(f"the ONNX model at {folder} is for other weights ({encoder.fingerprint[:12]}…)")
    worst = encoder.verify()
    log.info("ONNX encoder ready from %s in %.0f ms (probe cosine ≥ %.6f)", folder, (time.perf_counter() - started) * 1000, worst)
    return encoder


def ensure_exported(
    index_dir: Path, fingerprint: str, make_encoder: Callable[[], object], again: bool = False
) -> Path | None:
    """Export the ONNX model for `fingerprint` unless one is there (or `again`); remove those of other weights.

    Encoders that can export (sentence-transformers) do; an ONNX encoder loaded from elsewhere (another index
    of the same weights) has its model copied. A failed export is logged and leaves the query path on
    sentence-transformers. Returns the artefact folder, or None when there is none.
    """
    folder = artefact_dir(index_dir, fingerprint)
    _remove_others(index_dir, keep=folder.name)
    if (folder / "encoder.json").is_file() and not again:
        return folder
    encoder = make_encoder()
    if getattr(encoder, "fingerprint", None) != fingerprint:
        return None
    export = getattr(encoder, "export_onnx", None)
    # An ONNX encoder (a query-only install) cannot export, but its verified model is the index's to keep.
    source = encoder.folder if isinstance(encoder, OnnxEncoder) else None
    if export is None and (source is None or source.resolve() == folder.resolve()):
        return folder if (folder / "encoder.json").is_file() else None
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=folder.parent))
    started = time.perf_counter()
    try:
        if export is not None:
            export(staging, PROBES)
            optimize_graph(staging)
        else:
            shutil.copytree(source, staging, dirs_exist_ok=True)
        OnnxEncoder(staging).verify()
        shutil.rmtree(folder, ignore_errors=True)
        staging.replace(folder)
    except Exception as exc:  # exporters fail in many ways; the torch path still answers
        shutil.rmtree(staging, ignore_errors=True)
        log.error("could not export the ONNX model (queries will use sentence-transformers): %s", exc)
        return None
    how = "exported the ONNX model" if export is not None else f"copied the verified ONNX model in {source}"
    log.info("%s to %s in %.1f s", how, folder, time.perf_counter() - started)
    return folder


def optimize_graph(folder: Path) -> None:
    """Replace model.onnx by ONNX Runtime's optimized graph (attention, GELU and layer norm fused) so that
    loading needs no optimization pass, with the weights in a separate file (model.onnx.data) that ONNX
    Runtime maps instead of copying: start-up 0.28 → 0.11 s CPU, memory +123 → +51 MB.
    EXTENDED, not ALL: ALL adds layouts specific to the exporting CPU."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
    options.optimized_model_filepath = str(folder / "model.optimized.onnx")
    options.add_session_config_entry("session.optimized_model_external_initializers_file_name", "model.onnx.data")
    options.add_session_config_entry("session.optimized_model_external_initializers_min_size_in_bytes", "1024")
    options.log_severity_level = 3
    onnxruntime.InferenceSession(str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"])
    (folder / "model.optimized.onnx").replace(folder / "model.onnx")
    settings_path = folder / "encoder.json"
    settings = json.loads(settings_path.read_text(encoding="utf-8"))
    settings.update(optimized=True, onnxruntime=onnxruntime.__version__)
    settings_path.write_text(json.dumps(settings, indent=2), encoding="utf-8")


def _remove_others(index_dir: Path, keep: str) -> None:
    root = index_dir / ONNX_DIR
    root.mkdir(parents=True, exist_ok=True)
    for entry in root.iterdir():
        if entry.name != keep:
            shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink(missing_ok=True)
