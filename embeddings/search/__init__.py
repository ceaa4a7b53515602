"""Question → the best passages and whether they answer it: `searcher` (the one entry), `retrieve` (dense +
BM25 + front matter), `fusion`, `duplicates` (near-duplicate removal), `words` (word coverage),
`confidence` (the answerability decision), `frontmatter` (the front matter a question names)."""

from embeddings.search.confidence import Model
from embeddings.search.fusion import FusionOptions, fuse
from embeddings.search.searcher import MAX_QUERY_CHARS, Evidence, QueryError, SearchOptions, Searcher

__all__ = [
    "MAX_QUERY_CHARS", "Evidence", "FusionOptions", "Model", "QueryError", "SearchOptions", "Searcher",
    "fuse",
]
