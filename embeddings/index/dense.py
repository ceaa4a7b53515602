"""Which FAISS index holds the vectors: an exact flat scan, or HNSW once the corpus is large.

bench/scale.py on this 2-core machine (384-dim float32, one thread): the exact scan costs 0.4 ms p50 at 10k
passages, 6 ms at 100k and 68 ms (p99 96 ms) at 1M, against ~15 ms to encode the question. HNSW answers in
under 5 ms at every size. Below HNSW_FROM the exact scan is cheap and exact; above it, HNSW.
efSearch 1024 because recall@10 against the exact scan at 1M real-shaped vectors was 0.76 at 96, 0.86 at
512 and 0.92 at 1024 (p99 4.5 ms): the budget has room for recall.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import faiss
import numpy as np

INDEX_TYPES = ("auto", "flat", "hnsw")
HNSW_FROM = 200_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 1024


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


@contextlib.contextmanager
def one_thread() -> Iterator[None]:
    """One OpenMP thread for the searches inside: for one question at a time, FAISS's second thread only adds
    synchronization (bench/scale.py: flat scan of 10k vectors 0.43 ms with one thread, 2.4 ms with two).

    OpenMP keeps this setting per calling thread, so it is set around the search in the thread that runs it;
    builds (HNSW construction) and other threads keep every core.
    """
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


def search_parameters(index: faiss.Index, allowed: np.ndarray | None) -> faiss.SearchParameters | None:
    selector = None if allowed is None else faiss.IDSelectorBatch(allowed)
    if isinstance(index, faiss.IndexHNSW):
        return faiss.SearchParametersHNSW(sel=selector, efSearch=HNSW_EF_SEARCH)
    return None if selector is None else faiss.SearchParameters(sel=selector)


def read(path: str) -> faiss.Index:
    """Flat and HNSW files are memory-mapped (IO_FLAG_MMAP_IFC; plain IO_FLAG_MMAP is ignored for them), so
    a large index loads at once and its pages are shared between processes on one machine."""
    return faiss.read_index(path, faiss.IO_FLAG_MMAP_IFC)
