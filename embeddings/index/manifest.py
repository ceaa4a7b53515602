"""The index folder's manifest: what was built, with which model and settings, and the size of every file,
so that a truncated or replaced file is noticed before it is read."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from embeddings.errors import IndexCorrupt
from embeddings.models import DocumentRecord

# 8: BM25 indexes the passage text alone; front matter has its own channel (embeddings/search/frontmatter.py).
# 9: documents and passages carry their authors' e-mail addresses and chat ids, and saved answers: an older index
# is read again (its documents lack the addresses that resolve "Ask <author>").
FORMAT_VERSION = 9
MANIFEST = "manifest.json"
VECTORS = "vectors.faiss"
CHUNKS = "chunks.jsonl"
DOCUMENTS = "documents.jsonl"
LEXICAL = "bm25"
TERMS = "terms.json"
REBUILD_HINT = "rebuild it with `python -m embeddings build` (or `make index`)"


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
