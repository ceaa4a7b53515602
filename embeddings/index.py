"""The index on disk: a folder holding the FAISS vectors, chunk metadata, BM25 index, the documents and a manifest.

`INDEX_DIR` holds generations (`gen-*` folders, each a complete index) and a `CURRENT` file naming the live
one. A build writes a new generation beside the old and then replaces `CURRENT` with one atomic rename, so a
crash at any point leaves the previous index in place and readable. `IndexStore` is the one owner of that
folder: manifest, load, publish, the build lock, and the sync state of the sources (`sync.json`, which
changes on every sync even when no document did, so it lives beside the generations, not in them).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import logging
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from embeddings import ann
from embeddings.errors import IndexCorrupt, IndexMismatch, IndexNotFound
from embeddings.lexical import LexicalIndex
from embeddings.models import Chunk, Document, Link
from embeddings.vocabulary import Vocabulary

log = logging.getLogger(__name__)

# 8: BM25 indexes the passage text alone; front matter has its own channel (embeddings/search/frontmatter.py).
FORMAT_VERSION = 8
CURRENT = "CURRENT"
MANIFEST = "manifest.json"
VECTORS = "vectors.faiss"
CHUNKS = "chunks.jsonl"
DOCUMENTS = "documents.jsonl"
SYNC_STATE = "sync.json"
LEXICAL = "bm25"
TERMS = "terms.json"
GENERATION_PREFIX = "gen-"
REBUILD_HINT = "rebuild it with `python -m embeddings build` (or `make index`)"


@dataclass(frozen=True)
class DocumentRecord:
    """What the index knows about where one document came from, published with it."""

    hash: str  # sha256 of the bytes it was read from
    origin: str  # the source (as written in the sources file) that yields it, e.g. "feed: https://…/feed.xml"
    changed_at: str | None = None  # when its content last changed (ISO 8601, UTC)
    # HTTP validators of the version indexed, for conditional requests (a 304 means "still this one").
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Manifest:
    format_version: int
    model: str
    model_fingerprint: str
    dim: int
    chunk_count: int
    report_count: int
    documents: dict[str, DocumentRecord]  # source id → where it came from, for every document indexed
    built_at: str
    chunking: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    # Size of every file in the index folder: a cheap check that catches truncated or replaced files.
    artifacts: dict[str, int] = field(default_factory=dict)
    index_type: str = "flat"  # the FAISS index actually built (embeddings.ann)
    embedded: int = 0  # passages the build that made this index had to embed (the others kept their vectors)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        values = {key: data[key] for key in cls.__dataclass_fields__ if key in data}
        values["documents"] = {k: DocumentRecord(**v) for k, v in (values.get("documents") or {}).items()}
        return cls(**values)


def document_to_json(doc: Document) -> dict[str, Any]:
    data = asdict(doc)
    data["date"] = doc.date.isoformat() if doc.date else None
    return data


def document_from_json(data: dict[str, Any]) -> Document:
    # JSON has lists where the Document has tuples (tags, authors, …).
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in Document.__dataclass_fields__}
    values["date"] = dt.date.fromisoformat(data["date"]) if data.get("date") else None
    return Document(**values)


def chunk_to_json(chunk: Chunk) -> dict[str, Any]:
    data = asdict(chunk)
    data["headings"] = list(chunk.headings)
    data["date"] = chunk.date.isoformat() if chunk.date else None
    data["links"] = [[link.text, link.url] for link in chunk.links]
    return data


def chunk_from_json(data: dict[str, Any]) -> Chunk:
    return Chunk(
        id=data["id"],
        source=data["source"],
        title=data["title"],
        headings=tuple(data["headings"]),
        text=data["text"],
        url=data.get("url"),
        date=dt.date.fromisoformat(data["date"]) if data.get("date") else None,
        event=data.get("event"),
        subtitle=data.get("subtitle"),
        links=tuple(Link(text=t, url=u) for t, u in data.get("links", [])),
        authors=tuple(data.get("authors") or ()),
        location=data.get("location"),
        tags=tuple(data.get("tags") or ()),
        summary=data.get("summary"),
    )


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

    def vectors(self, ids: Sequence[int] | np.ndarray | None = None) -> np.ndarray:
        if ids is None:
            return self.dense.reconstruct_n(0, self.dense.ntotal) if self.dense.ntotal else np.zeros((0, self.manifest.dim), np.float32)
        ids = np.asarray(ids, dtype=np.int64)
        return self.dense.reconstruct_batch(ids) if len(ids) else np.zeros((0, self.manifest.dim), np.float32)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        faiss.write_index(self.dense, str(folder / VECTORS))
        with (folder / CHUNKS).open("w", encoding="utf-8") as handle:
            for chunk in self.chunks:
                handle.write(json.dumps(chunk_to_json(chunk), ensure_ascii=False) + "\n")
        with (folder / DOCUMENTS).open("w", encoding="utf-8") as handle:
            for doc in self.documents:
                handle.write(json.dumps(document_to_json(doc), ensure_ascii=False) + "\n")
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
        try:
            dense = ann.read(str(folder / VECTORS))
        except Exception as exc:  # faiss raises RuntimeError with a C++ message
            raise IndexCorrupt(f"index at {folder}: {VECTORS} is missing or unreadable; {REBUILD_HINT}") from exc
        try:
            with (folder / CHUNKS).open(encoding="utf-8") as handle:
                chunks = [chunk_from_json(json.loads(line)) for line in handle if line.strip()]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise IndexCorrupt(f"index at {folder}: {CHUNKS} is missing or damaged; {REBUILD_HINT}") from exc
        try:
            with (folder / DOCUMENTS).open(encoding="utf-8") as handle:
                documents = [document_from_json(json.loads(line)) for line in handle if line.strip()]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise IndexCorrupt(f"index at {folder}: {DOCUMENTS} is missing or damaged; {REBUILD_HINT}") from exc
        try:
            lexical = LexicalIndex.load(folder / LEXICAL, size=len(chunks))
        except Exception as exc:  # bm25s raises whatever numpy or json raise
            raise IndexCorrupt(f"index at {folder}: the BM25 index is missing or damaged; {REBUILD_HINT}") from exc
        try:
            vocabulary = Vocabulary.load(folder / TERMS)
        except (OSError, ValueError, TypeError) as exc:
            raise IndexCorrupt(f"index at {folder}: {TERMS} is missing or damaged; {REBUILD_HINT}") from exc
        counts = {"manifest": manifest.chunk_count, "vectors": dense.ntotal, "chunks": len(chunks)}
        if len(set(counts.values())) != 1 or dense.d != manifest.dim:
            raise IndexCorrupt(f"index at {folder} is inconsistent ({counts}, dim {dense.d}); {REBUILD_HINT}")
        return cls(
            manifest=manifest, chunks=chunks, dense=dense, lexical=lexical, vocabulary=vocabulary, path=folder,
            documents=documents,
        )


def artifact_sizes(folder: Path) -> dict[str, int]:
    return {
        path.relative_to(folder).as_posix(): path.stat().st_size
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }


def check_artifacts(folder: Path, manifest: Manifest) -> None:
    if artifact_sizes(folder) != manifest.artifacts:
        raise IndexCorrupt(f"index at {folder}: files are missing or changed since it was built; {REBUILD_HINT}")


def read_manifest(folder: Path) -> Manifest:
    path = folder / MANIFEST
    if not path.is_file():
        raise IndexCorrupt(f"index at {folder} has no {MANIFEST}; {REBUILD_HINT}")
    try:
        return Manifest.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError) as exc:
        raise IndexCorrupt(f"index at {folder}: {MANIFEST} is damaged ({exc}); {REBUILD_HINT}") from exc


def current_generation(index_dir: Path) -> Path:
    """The folder of the live index. `index_dir` may also be a single index folder (e.g. baked into an image)."""
    pointer = index_dir / CURRENT
    if pointer.is_file():
        name = pointer.read_text(encoding="utf-8").strip()
        folder = index_dir / name
        if not name.startswith(GENERATION_PREFIX) or not folder.is_dir():
            raise IndexCorrupt(f"{pointer} names {name!r}, which is not an index folder; {REBUILD_HINT}")
        return folder
    if (index_dir / MANIFEST).is_file():
        return index_dir
    raise IndexNotFound(f"no index at {index_dir}: build one with `python -m embeddings build` (or `make index`)")


def open_index(index_dir: Path, expect_model: str | None = None) -> Index:
    index = Index.load(current_generation(index_dir))
    if expect_model is not None and index.manifest.model != expect_model:
        raise IndexMismatch(
            f"index at {index_dir} was built with model {index.manifest.model!r} but EMBEDDING_MODEL is "
            f"{expect_model!r}; {REBUILD_HINT}, or set EMBEDDING_MODEL back"
        )
    return index


def peek_manifest(index_dir: Path) -> Manifest | None:
    """The live manifest, or None when there is no intact index (used to decide whether to rebuild)."""
    try:
        folder = current_generation(index_dir)
        manifest = read_manifest(folder)
        check_artifacts(folder, manifest)
        return manifest
    except (IndexNotFound, IndexCorrupt):
        return None


def publish(index: Index, index_dir: Path) -> Path:
    """Write `index` as a new generation and make it the live one atomically; older generations are removed."""
    index_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S")
    name = f"{GENERATION_PREFIX}{stamp}-{uuid.uuid4().hex[:8]}"
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=index_dir))
    try:
        index.save(staging)
        final = index_dir / name
        os.replace(staging, final)
        pointer_tmp = index_dir / f".{CURRENT}.{uuid.uuid4().hex[:8]}"
        pointer_tmp.write_text(name + "\n", encoding="utf-8")
        with pointer_tmp.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(pointer_tmp, index_dir / CURRENT)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _remove_stale_generations(index_dir, keep=name)
    index.path = final
    return final


def _remove_stale_generations(index_dir: Path, keep: str) -> None:
    for entry in index_dir.iterdir():
        stale_generation = entry.name.startswith(GENERATION_PREFIX) and entry.name != keep
        leftover = entry.name.startswith((".staging-", f".{CURRENT}."))
        if stale_generation or leftover:
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


class IndexStore:
    """The one owner of an index folder: what is live, loading it, publishing a new one, the sync state."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def manifest(self) -> Manifest | None:
        """The live manifest, or None when there is no intact index. Loads nothing else."""
        return peek_manifest(self.folder)

    def current(self) -> Path | None:
        try:
            return current_generation(self.folder)
        except (IndexNotFound, IndexCorrupt):
            return None

    def load(self, expect_model: str | None = None) -> Index:
        return open_index(self.folder, expect_model=expect_model)

    def documents(self) -> list[Document]:
        """The live index's documents alone, without loading vectors or BM25 ([] when unreadable)."""
        folder = self.current()
        try:
            with (folder / DOCUMENTS).open(encoding="utf-8") as handle:  # type: ignore[operator]
                return [document_from_json(json.loads(line)) for line in handle if line.strip()]
        except (OSError, TypeError, ValueError, KeyError):
            return []

    def publish(self, index: Index) -> Path:
        return publish(index, self.folder)

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """One build at a time per index folder (the bot's live sync and a manual build may overlap)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with (self.folder / ".lock").open("w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def read_state(self) -> dict[str, Any]:
        """The last sync's fetch times, errors and failure counts ({} before the first, or if unreadable)."""
        try:
            data = json.loads((self.folder / SYNC_STATE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def write_state(self, state: dict[str, Any]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        _write_atomically(self.folder / SYNC_STATE, json.dumps(state, indent=2, ensure_ascii=False))
