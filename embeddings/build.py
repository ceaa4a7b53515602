"""Documents → an Index in memory: chunked, embedded, with the vectors of unchanged passages reused."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Sequence
from dataclasses import asdict

import numpy as np

from embeddings.index import dense as ann
from embeddings.chunking import ChunkingOptions, chunk_document
from embeddings.encoders import Encoder
from embeddings.errors import IndexMismatch
from embeddings.index import FORMAT_VERSION, Index, Manifest
from embeddings.models import Chunk, Document, DocumentRecord

log = logging.getLogger(__name__)

# A progress bar (on a terminal) only for builds that take a while: about 5 s of embedding on two cores.
PROGRESS_FROM = 256


def _text_key(chunk: Chunk) -> str:
    return hashlib.sha256(chunk.embed_text.encode("utf-8")).hexdigest()


def reusable_vectors(previous: Index | None, encoder: Encoder) -> dict[str, np.ndarray]:
    """Vectors of the previous index by passage text, when the same model made them."""
    if previous is None or previous.manifest.model_fingerprint != encoder.fingerprint or not previous.chunks:
        return {}
    vectors = previous.vectors()
    return {_text_key(chunk): vectors[i] for i, chunk in enumerate(previous.chunks)}


def _vectors(
    chunks: Sequence[Chunk], encoder: Encoder, cached: dict[str, np.ndarray], progress: bool
) -> tuple[np.ndarray, int]:
    """(one vector per chunk, how many had to be embedded): the others are taken from `cached`."""
    keys = [_text_key(c) for c in chunks]
    missing = [i for i, key in enumerate(keys) if key not in cached]
    vectors = np.zeros((len(chunks), encoder.dim), dtype=np.float32)
    for i, key in enumerate(keys):
        if key in cached:
            vectors[i] = cached[key]
    if missing:
        long = len(missing) >= PROGRESS_FROM
        fresh = encoder.encode([chunks[i].embed_text for i in missing], progress=progress and long)
        if fresh.shape != (len(missing), encoder.dim):
            raise IndexMismatch(f"model returned vectors of shape {fresh.shape}, expected ({len(missing)}, {encoder.dim})")
        vectors[missing] = fresh
    return vectors, len(missing)


def build(
    documents: Sequence[Document],
    encoder: Encoder,
    previous: Index | None = None,
    *,
    model: str,
    records: dict[str, DocumentRecord] | None = None,
    options: ChunkingOptions | None = None,
    index_type: str = "auto",
    skipped: Sequence[str] = (),
    progress: bool = False,
) -> Index:
    """The index of `documents`; only passages whose text is not in `previous` are embedded.

    `records` says where each document came from (the manifest keeps it); by default, from its content.
    """
    options = options or ChunkingOptions()
    chunks = [c for doc in documents for c in chunk_document(doc, encoder.count_tokens, options)]
    vectors, embedded = _vectors(chunks, encoder, reusable_vectors(previous, encoder), progress)
    if records is None:
        records = {doc.source: DocumentRecord(hash=doc.content_hash, origin="") for doc in documents}
    manifest = Manifest(
        format_version=FORMAT_VERSION,
        model=model,
        model_fingerprint=encoder.fingerprint,
        dim=encoder.dim,
        chunk_count=len(chunks),
        report_count=len(documents),
        documents=dict(records),
        built_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        chunking=asdict(options),
        skipped=list(skipped),
        index_type=ann.resolve(index_type, len(chunks)),
        embedded=embedded,
    )
    return Index.create(manifest, chunks, vectors, documents)
