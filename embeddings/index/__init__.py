"""The index, stage five of the pipeline: the manifest, the JSON of documents and chunks, one index folder,
the store of generations (publish, lock, sync state), and the three ways of finding a passage: dense vectors
(FAISS), BM25 and the vocabulary."""

from embeddings.index.folder import Index
from embeddings.index.lexical import LexicalIndex
from embeddings.index.manifest import FORMAT_VERSION, REBUILD_HINT, Manifest, read_manifest
from embeddings.index.store import CURRENT, IndexStore, current_generation, open_index, peek_manifest, publish

__all__ = [
    "CURRENT", "FORMAT_VERSION", "REBUILD_HINT", "Index", "IndexStore", "LexicalIndex", "Manifest", "current_generation",
    "open_index", "peek_manifest", "publish", "read_manifest",
]
