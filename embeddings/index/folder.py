"""One index folder in memory: the FAISS vectors, the chunks, BM25, the vocabulary, the documents and the
manifest; written whole, and read back with checks that its parts agree with the manifest and each other."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TypeVar

import faiss
import numpy as np

from embeddings.catalogue import Catalogue
from embeddings.errors import IndexCorrupt, IndexMismatch
from embeddings.index import dense as ann
from embeddings.index.lexical import LexicalIndex
from embeddings.index.manifest import (
    CHUNKS, DOCUMENTS, FORMAT_VERSION, LEXICAL, MANIFEST, REBUILD_HINT, TERMS, VECTORS, Manifest, artifact_sizes,
    check_artifacts, read_manifest,
)
from embeddings.index.serialize import chunk_from_json, chunk_to_json, document_from_json, document_to_json, read_lines, write_lines
from embeddings.index.vocabulary import Vocabulary
from embeddings.models import Chunk, Document

T = TypeVar("T")


@dataclass
class Index:
    manifest: Manifest
    chunks: list[Chunk]
    dense: faiss.Index
    lexical: LexicalIndex
    vocabulary: Vocabulary
    path: Path | None = None
    # The documents the chunks were cut from: a page answered with 304 Not Modified, or new chunking
    # settings, are rebuilt from these without fetching anything again.
    documents: list[Document] = field(default_factory=list)

    @classmethod
    def create(
        cls, manifest: Manifest, chunks: Sequence[Chunk], vectors: np.ndarray, documents: Sequence[Document] = ()
    ) -> Index:
        dense = ann.make_dense(manifest.index_type, vectors, manifest.dim)
        # BM25 reads the passages; the front matter every passage of a report shares is searched on its own
        # (embeddings.search.frontmatter) but belongs to the known words.
        return cls(
            manifest=manifest, chunks=list(chunks), dense=dense,
            lexical=LexicalIndex.build([c.embed_text for c in chunks]),
            vocabulary=Vocabulary.build([c.search_text for c in chunks]), documents=list(documents),
        )

    @cached_property
    def catalogue(self) -> Catalogue:
        """The reports of this index (embeddings.catalogue), built on first use and replaced with the index."""
        return Catalogue(self)

    def vectors(self, ids: Sequence[int] | np.ndarray | None = None) -> np.ndarray:
        if ids is None:
            return self.dense.reconstruct_n(0, self.dense.ntotal) if self.dense.ntotal else np.zeros((0, self.manifest.dim), np.float32)
        ids = np.asarray(ids, dtype=np.int64)
        return self.dense.reconstruct_batch(ids) if len(ids) else np.zeros((0, self.manifest.dim), np.float32)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        faiss.write_index(self.dense, str(folder / VECTORS))
        write_lines(folder / CHUNKS, self.chunks, chunk_to_json)
        write_lines(folder / DOCUMENTS, self.documents, document_to_json)
        self.lexical.save(folder / LEXICAL)
        self.vocabulary.save(folder / TERMS)
        self.manifest = replace(self.manifest, artifacts=artifact_sizes(folder))
        # The manifest goes last: a folder without one is never mistaken for a finished index.
        (folder / MANIFEST).write_text(json.dumps(asdict(self.manifest), indent=2), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> Index:
        """Load one index folder, checking that its parts agree with the manifest and each other."""
        manifest = read_manifest(folder)
        if manifest.format_version != FORMAT_VERSION:
            raise IndexMismatch(
                f"index at {folder} has format version {manifest.format_version}, this program reads "
                f"{FORMAT_VERSION}; {REBUILD_HINT}"
            )
        check_artifacts(folder, manifest)
        damaged = (OSError, ValueError, KeyError, TypeError)
        # faiss raises RuntimeError with a C++ message; bm25s whatever numpy or json raise.
        dense = _read(folder, f"{VECTORS} is missing or unreadable", lambda: ann.read(str(folder / VECTORS)))
        chunks = _read(folder, f"{CHUNKS} is missing or damaged", lambda: read_lines(folder / CHUNKS, chunk_from_json), damaged)
        documents = _read(
            folder, f"{DOCUMENTS} is missing or damaged", lambda: read_lines(folder / DOCUMENTS, document_from_json), damaged
        )
        lexical = _read(
            folder, "the BM25 index is missing or damaged", lambda: LexicalIndex.load(folder / LEXICAL, size=len(chunks))
        )
        vocabulary = _read(
            folder, f"{TERMS} is missing or damaged", lambda: Vocabulary.load(folder / TERMS), (OSError, ValueError, TypeError)
        )
        counts = {"manifest": manifest.chunk_count, "vectors": dense.ntotal, "chunks": len(chunks)}
        if len(set(counts.values())) != 1 or dense.d != manifest.dim:
            raise IndexCorrupt(f"index at {folder} is inconsistent ({counts}, dim {dense.d}); {REBUILD_HINT}")
        return cls(
            manifest=manifest, chunks=chunks, dense=dense, lexical=lexical, vocabulary=vocabulary, path=folder,
            documents=documents,
        )


def _read(
    folder: Path, problem: str, read: Callable[[], T], errors: tuple[type[Exception], ...] = (Exception,)
) -> T:
    try:
        return read()
    except errors as exc:
        raise IndexCorrupt(f"index at {folder}: {problem}; {REBUILD_HINT}") from exc
