"""Which FAISS index holds the vectors: an exact flat scan, or HNSW once the corpus is large.

bench/scale.py measured the crossover on this 2-core machine: the exact scan of 384-dim float32 vectors
costs about 5 ms at 100k passages and 50 ms at 1M, when the question itself takes ~15 ms to encode. Below
HNSW_FROM passages the exact scan is cheap and exact; above it HNSW keeps a question far below 50 ms.
"""

from __future__ import annotations

import faiss
import numpy as np

INDEX_TYPES = ("auto", "flat", "hnsw")
HNSW_FROM = 200_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 96


def resolve(kind: str, count: int) -> str:
    if kind not in INDEX_TYPES:
        raise ValueError(f"INDEX_TYPE must be one of {', '.join(INDEX_TYPES)}, not {kind!r}")
    if kind == "auto":
        return "hnsw" if count >= HNSW_FROM else "flat"
    return kind


def make_dense(kind: str, vectors: np.ndarray, dim: int) -> faiss.Index:
    """A FAISS index over unit vectors where the inner product is the cosine similarity."""
    if kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
    else:
        index = faiss.IndexFlatIP(dim)
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def tune_for_single_queries() -> None:
    """One OpenMP thread: for one question at a time, FAISS's second thread only adds synchronization
    (bench/scale.py: flat scan of 10k vectors 0.43 ms with one thread, 2.4 ms with two)."""
    faiss.omp_set_num_threads(1)


def search_parameters(index: faiss.Index, allowed: np.ndarray | None) -> faiss.SearchParameters | None:
    selector = None if allowed is None else faiss.IDSelectorBatch(allowed)
    if isinstance(index, faiss.IndexHNSW):
        return faiss.SearchParametersHNSW(sel=selector, efSearch=HNSW_EF_SEARCH)
    return None if selector is None else faiss.SearchParameters(sel=selector)


def read(path: str) -> faiss.Index:
    """Flat and HNSW files are memory-mapped (IO_FLAG_MMAP_IFC; plain IO_FLAG_MMAP is ignored for them), so
    a large index loads at once and its pages are shared between processes on one machine."""
    return faiss.read_index(path, faiss.IO_FLAG_MMAP_IFC)
