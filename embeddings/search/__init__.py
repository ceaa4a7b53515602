"""Question → the best passages and whether they answer it: retrieval (dense + BM25), fusion, near-duplicate
removal, and the answerability decision (`confidence`)."""

from embeddings.search.confidence import Model
from embeddings.search.fusion import FusionOptions, fuse
from embeddings.search.searcher import MAX_QUERY_CHARS, Evidence, QueryError, SearchOptions, Searcher

__all__ = [
    "MAX_QUERY_CHARS", "Evidence", "FusionOptions", "Model", "QueryError", "SearchOptions", "Searcher",
    "fuse",
]
