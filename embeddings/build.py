"""Corpus folder → published index, incrementally: passages whose text is unchanged keep their vectors."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from embeddings import ann
from embeddings.chunking import ChunkingOptions, chunk_document
from embeddings.documents import content_hash, discover, read_corpus
from embeddings.encoder import Encoder
from embeddings.encoders.onnx import ensure_exported
from embeddings.errors import EmbeddingsError, IndexMismatch, ReportError
from embeddings.index import FORMAT_VERSION, Index, Manifest, open_index, peek_manifest, publish
from embeddings.models import Chunk, Document

log = logging.getLogger(__name__)

EncoderFactory = Callable[[], Encoder]


@dataclass(frozen=True)
class BuildSummary:
    reports: int
    chunks: int
    reused: int
    embedded: int
    skipped: tuple[str, ...]
    seconds: float
    up_to_date: bool = False

    def line(self) -> str:
        if self.up_to_date:
            return f"index is up to date: {self.reports} reports, {self.chunks} chunks"
        skipped = f", skipped {len(self.skipped)} file(s)" if self.skipped else ""
        return (
            f"indexed {self.reports} reports → {self.chunks} chunks "
            f"({self.reused} reused, {self.embedded} embedded) in {self.seconds:.1f} s{skipped}"
        )


def corpus_hashes(corpus: Path) -> dict[str, str]:
    """sha256 of every report file, readable or not, so fixing a broken file also triggers a rebuild."""
    hashes: dict[str, str] = {}
    for path in discover(corpus):
        try:
            hashes[path.relative_to(corpus).as_posix()] = content_hash(path.read_bytes())
        except OSError:
            hashes[path.relative_to(corpus).as_posix()] = "unreadable"
    return hashes


def stale_reason(
    corpus: Path, index_dir: Path, model: str, options: ChunkingOptions | None = None, index_type: str = "auto"
) -> str | None:
    """Why the index must be rebuilt, or None when it matches the corpus and settings. Loads no model."""
    manifest = peek_manifest(index_dir)
    if manifest is None:
        return "no readable index yet"
    if manifest.format_version != FORMAT_VERSION:
        return f"index format {manifest.format_version} is not {FORMAT_VERSION}"
    if manifest.model != model:
        return f"index was built with {manifest.model}, settings ask for {model}"
    if manifest.chunking != asdict(options or ChunkingOptions()):
        return "chunking settings changed"
    if ann.resolve(index_type, manifest.chunk_count) != manifest.index_type:
        return f"INDEX_TYPE asks for {ann.resolve(index_type, manifest.chunk_count)}, the index is {manifest.index_type}"
    current = corpus_hashes(corpus)
    if manifest.files != current:
        changed = sorted(set(current.items()) ^ set(manifest.files.items()))
        return f"{len({name for name, _ in changed})} report file(s) added, changed or removed"
    return None


@contextlib.contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """One build at a time per index folder (the bot's live reindex and a manual build may overlap)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / ".lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _text_key(chunk: Chunk) -> str:
    return hashlib.sha256(chunk.embed_text.encode("utf-8")).hexdigest()


def _previous_vectors(index_dir: Path, model: str, fingerprint: str) -> dict[str, np.ndarray]:
    try:
        previous = open_index(index_dir, expect_model=model)
    except EmbeddingsError:
        return {}
    if previous.manifest.model_fingerprint != fingerprint:
        return {}
    vectors = previous.vectors()
    return {_text_key(chunk): vectors[i] for i, chunk in enumerate(previous.chunks)}


def build(
    corpus: Path,
    index_dir: Path,
    make_encoder: EncoderFactory,
    model: str,
    *,
    force: bool = False,
    options: ChunkingOptions | None = None,
    progress: bool = True,
    index_type: str = "auto",
    export_onnx: bool = False,
) -> BuildSummary:
    """Bring the index at `index_dir` up to date with `corpus`; does nothing (and loads no model) if it is.

    With `export_onnx`, the query-time ONNX model is exported from the build's encoder when the index has
    none yet (also for an index that is otherwise up to date), see embeddings.encoders.onnx.
    """
    started = time.perf_counter()
    options = options or ChunkingOptions()
    if not corpus.is_dir():
        raise EmbeddingsError(f"corpus folder {corpus} does not exist; set CORPUS_DIR or pass --corpus")
    with build_lock(index_dir):
        reason = "forced" if force else stale_reason(corpus, index_dir, model, options, index_type)
        if reason is None:
            manifest = peek_manifest(index_dir)
            assert manifest is not None
            if export_onnx:
                ensure_exported(index_dir, manifest.model_fingerprint, make_encoder)
            return BuildSummary(manifest.report_count, manifest.chunk_count, manifest.chunk_count, 0, (), 0.0, True)
        log.info("rebuilding the index: %s", reason)

        # Hashed before reading, so a report edited during the build looks changed to the next one.
        files = corpus_hashes(corpus)
        encoder = make_encoder()
        documents: list[Document] = []
        skipped: list[str] = []
        for item in read_corpus(corpus):
            if isinstance(item, ReportError):
                log.warning("skipping %s", item)
                skipped.append(str(item))
            else:
                documents.append(item)
        chunks = [c for doc in documents for c in chunk_document(doc, encoder.count_tokens, options)]

        cached = {} if force else _previous_vectors(index_dir, model, encoder.fingerprint)
        keys = [_text_key(c) for c in chunks]
        missing = [i for i, key in enumerate(keys) if key not in cached]
        vectors = np.zeros((len(chunks), encoder.dim), dtype=np.float32)
        for i, key in enumerate(keys):
            if key in cached:
                vectors[i] = cached[key]
        if missing:
            fresh = encoder.encode([chunks[i].embed_text for i in missing], progress=progress)
            if fresh.shape != (len(missing), encoder.dim):
                raise IndexMismatch(f"model returned vectors of shape {fresh.shape}, expected ({len(missing)}, {encoder.dim})")
            vectors[missing] = fresh

        manifest = Manifest(
            format_version=FORMAT_VERSION,
            model=model,
            model_fingerprint=encoder.fingerprint,
            dim=encoder.dim,
            chunk_count=len(chunks),
            report_count=len(documents),
            files=files,
            built_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            chunking=asdict(options),
            skipped=skipped,
            index_type=ann.resolve(index_type, len(chunks)),
        )
        publish(Index.create(manifest, chunks, vectors), index_dir)
        if export_onnx:
            ensure_exported(index_dir, encoder.fingerprint, lambda: encoder, again=force)
    return BuildSummary(
        reports=len(documents),
        chunks=len(chunks),
        reused=len(chunks) - len(missing),
        embedded=len(missing),
        skipped=tuple(skipped),
        seconds=time.perf_counter() - started,
    )
