"""Question → the best passages, each with its evidence, and one decision whether they answer it."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from embeddings.batching import QueryBatcher
from embeddings.encoders import Encoder
from embeddings.errors import EmbeddingsError, IndexMismatch
from embeddings.filters import Filters, parse_filters
from embeddings.index import REBUILD_HINT, Index
from embeddings.models import Chunk, Hit, SearchResult
from embeddings.search.about import AboutReports
from embeddings.search.confidence import Model, QuestionEvidence, agreement, features
from embeddings.search.domain import Domain
from embeddings.search.frontmatter import FrontMatterIndex
from embeddings.search.duplicates import distinct
from embeddings.search.fusion import FusionOptions
from embeddings.search.retrieve import retrieve
from embeddings.search.words import PassageWords, stems_of
from embeddings.index.vocabulary import JOIN, QueryCheck
from embeddings.text import STOPWORDS, WORD, fold

log = logging.getLogger(__name__)

# Longer questions add nothing the model can read (it stops at 256 word pieces) but cost BM25 time.
MAX_QUERY_CHARS = 1000


class QueryError(EmbeddingsError):
    """The question cannot be searched (it has no words)."""


@dataclass(frozen=True)
class SearchOptions:
    candidates: int = 50  # taken from each retriever before fusion
    fusion: FusionOptions = field(default_factory=FusionOptions)
    # Spelling correction and the words no report contains (embeddings.index.vocabulary).
    check_vocabulary: bool = True
    # Two passages whose vectors are this close say the same thing (a draft and its published post).
    duplicate_cosine: float = 0.95
    confidence: Model = field(default_factory=Model)
    # Passages whose confidence is computed. They stay in the fused order: ordering them by confidence lost
    # answering passages on the Haufe corpus (bench/quality.py), confidence only decides.
    rerank_depth: int = 10
    # The answer's confidence is the best of the first passages, what a reader sees.
    answer_depth: int = 3
    # Questions about the reports themselves (who, when, where, which, editions) answered from the catalogue.
    about_reports: bool = True


@dataclass(frozen=True)
class Evidence:
    """Everything the search found before deciding whether it answers: the ranked passages with their score
    components, and what the question's words say on their own. `bench/fit_confidence.py` fits on these."""

    query: str
    corrected_query: str | None
    filters: str | None
    hits: tuple[Hit, ...]
    question: QuestionEvidence
    agreement: float
    k: int  # passages asked for; `hits` may hold more (the rerank depth), whose confidence is also computed
    dense_best: float  # the best cosine dense retrieval found, whichever passage ranks first after fusion
    dense_margin: float  # how far that best cosine stands above the tenth best: one passage, or many alike
    topic: float  # cosine between the question and the mean of all passages: is it about these reports at all
    # How much more the reports use the question's words than English does (embeddings.search.domain): whether
    # it is in the reports' world at all, when no passage answers it.
    domain: float = 0.0

    def features(self, hit: Hit) -> tuple[float, ...]:
        return features(hit, self.question, self.agreement, self.dense_best, self.dense_margin, self.topic)


class Searcher:
    """Answers questions from one loaded index. Thread-safe: the index is only read, and questions from
    concurrent threads are encoded together (embeddings.batching)."""

    def __init__(self, index: Index, encoder: Encoder, options: SearchOptions | None = None) -> None:
        if index.manifest.model_fingerprint != encoder.fingerprint or index.manifest.dim != encoder.dim:
            raise IndexMismatch(
                f"index was built with {index.manifest.model} ({index.manifest.model_fingerprint[:12]}…), "
                f"but the loaded model is {encoder.name} ({encoder.fingerprint[:12]}…); {REBUILD_HINT}"
            )
        self.index = index
        self.encoder = encoder
        self.options = options or SearchOptions()
        self._queries = QueryBatcher(encoder)
        # Retrieval after encoding is a few milliseconds of mostly Python: running one at a time leaves the
        # interpreter to the threads acknowledging Slack's requests instead of a crowd of searches.
        self._retrieval = threading.Lock()
        self._passage_words = PassageWords(index.chunks)
        self._centroid = _centroid(index)
        self._front_matter = FrontMatterIndex(index.chunks)
        self._domain = Domain(index.vocabulary)

    def search(self, question: str, k: int = 3) -> SearchResult:
        """The best `k` passages for a plain-text question and whether they answer it, with the facts the
        catalogue gives when it is about the reports themselves. Raises QueryError when it has no words."""
        started = time.perf_counter()
        query, filters = parse_filters(" ".join(question.split())[:MAX_QUERY_CHARS])
        if not any(ch.isalnum() for ch in query):
            raise QueryError("the question has no words to search for")
        about = self.about.answer(query) if self.options.about_reports else None
        if about is not None and about.declines:
            # An edition nobody wrote up, or an event no report covers: another edition's passages are no answer.
            took = (time.perf_counter() - started) * 1000
            return SearchResult(query=query, took_ms=took, no_answer=True, hits=(), filters=filters.describe() or None,
                                confidence=0.0, facts=about.facts)
        evidence = self.evidence(question, k, sources=about.sources if about else None)
        result = self.decide(evidence, took_ms=(time.perf_counter() - started) * 1000)
        return replace(result, facts=about.facts) if about is not None and about.facts else result

    @cached_property
    def about(self) -> AboutReports:
        """Questions about the reports themselves, answered from this index's catalogue (built on first use)."""
        return AboutReports(self.index.catalogue, self.index.vocabulary)

    def evidence(self, question: str, k: int = 3, sources: frozenset[str] | None = None) -> Evidence:
        """The passages found (up to `k`, or the rerank depth when larger) with everything that decides on them;
        only from the reports `sources` names, when it is given."""
        query, filters = parse_filters(" ".join(question.split())[:MAX_QUERY_CHARS])
        if not any(ch.isalnum() for ch in query):
            raise QueryError("the question has no words to search for")
        vocabulary = self.index.vocabulary
        if self.options.check_vocabulary:
            check = vocabulary.check(query)
        else:
            words = tuple(fold(w) for w in WORD.findall(query) if fold(w) not in STOPWORDS)
            check = QueryCheck(None, (), len(words), (), words)
        searched = check.corrected or query
        question_evidence = QuestionEvidence.of(check.words, check.missing, vocabulary, len(self.index.chunks))
        depth = max(k, self.options.rerank_depth)
        allowed = self._allowed(filters, sources)
        hits, agree, dense, question_evidence = self._search(searched, depth, allowed, question_evidence)
        return Evidence(
            query=query, corrected_query=check.corrected, filters=filters.describe() or None, hits=tuple(hits), k=k,
            question=question_evidence, agreement=agree, dense_best=dense[0], dense_margin=dense[1], topic=dense[2],
            domain=self._domain.score(question_evidence.words, question_evidence.weights),
        )

    def decide(self, evidence: Evidence, took_ms: float = 0.0) -> SearchResult:
        """The one place that decides whether the passages answer: each passage gets its own confidence; the
        best of the first `answer_depth` is the answer's."""
        model = self.options.confidence
        judged = [self._judged(h, model.probability(evidence.features(h))) for h in evidence.hits]
        hits = tuple(judged[: evidence.k])
        confidence = max((h.confidence for h in judged[: self.options.answer_depth]), default=0.0)
        if model.nothing_close_for(confidence, evidence.dense_best, evidence.domain):
            hits = ()
        return SearchResult(
            query=evidence.query, took_ms=took_ms, no_answer=confidence < model.answer_threshold, hits=hits,
            corrected_query=evidence.corrected_query, filters=evidence.filters, confidence=confidence,
        )

    def _judged(self, hit: Hit, confidence: float) -> Hit:
        # A second or third passage is shown only when it is a confident answer on its own.
        return replace(hit, confidence=round(confidence, 4), answers=confidence >= self.options.confidence.answer_threshold)

    def answers_from(self, question: str, source: str) -> bool:
        """Whether `question` gets a confident answer whose best passage comes from the report `source`: the
        test every question the bot offers (example questions, suggested prompts) must pass."""
        try:
            result = self.search(question, k=1)
        except EmbeddingsError:
            return False
        return not result.no_answer and bool(result.hits) and result.hits[0].chunk.source == source

    def _allowed(self, filters: Filters, sources: frozenset[str] | None = None) -> np.ndarray | None:
        if not filters and sources is None:
            return None
        chunks = self.index.chunks
        if sources is None:
            return np.array([i for i, c in enumerate(chunks) if filters.matches(c)], dtype=np.int64)
        # An answer saved in chat belongs to the report its question was about: an edition's question still finds
        # what that report's author answered.
        urls = {r.url for r in self.index.catalogue.reports if r.source in sources and r.url}
        return np.array(
            [i for i, c in enumerate(chunks) if filters.matches(c) and _among(c, sources, urls)], dtype=np.int64
        )

    def _search(
        self, query: str, k: int, allowed: np.ndarray | None, question: QuestionEvidence
    ) -> tuple[list[Hit], float, tuple[float, float, float], QuestionEvidence]:
        total = self.index.dense.ntotal if allowed is None else len(allowed)
        if total == 0:
            return [], 0.0, (0.0, 0.0, 0.0), question
        n = min(self.options.candidates, total)
        query_vector = self._queries.encode(query)
        with self._retrieval:
            return self._retrieve(query, query_vector, k, allowed, n, question)

    def _retrieve(
        self, query: str, query_vector: np.ndarray, k: int, allowed: np.ndarray | None, n: int,
        question: QuestionEvidence,
    ) -> tuple[list[Hit], float, tuple[float, float, float], QuestionEvidence]:
        index = self.index
        found = retrieve(index, self._front_matter, query, query_vector, n, allowed, question, self.options.fusion)
        chosen, vectors = distinct(index, found.order, k, self.options.duplicate_cosine)
        # The vocabulary knows compounds written as one ("CI/CD", "reinvent"); one a report writes as two words
        # ("exactly once") is known only from the passages that have it, and those the search has just found.
        question = question.found(lambda w: JOIN in w and any(self._passage_words.of(i)[0].has_run(w) for i in chosen))
        cosines = vectors @ query_vector[0] if len(chosen) else np.zeros(0)
        hits = []
        stems = stems_of(question)
        for rank, (chunk_id, cosine) in enumerate(zip(chosen, cosines.tolist()), start=1):
            coverage, best_covered, window_coverage = self._passage_words.coverage(chunk_id, question, stems)
            hits.append(
                Hit(
                    rank=rank, score=round(found.fused[chunk_id], 6), chunk=index.chunks[chunk_id],
                    dense=round(float(cosine), 6), lexical=_rounded(found.lexical.get(chunk_id)),
                    coverage=round(coverage, 4), best_covered=round(best_covered, 4),
                    window_coverage=round(window_coverage, 4),
                )
            )
        dense_scores = found.dense_scores
        best = float(dense_scores[0]) if len(dense_scores) else 0.0
        margin = best - float(dense_scores[min(9, len(dense_scores) - 1)]) if len(dense_scores) else 0.0
        topic = float(self._centroid @ query_vector[0])
        return hits, agreement(found.dense_ids.tolist(), found.lexical_ids.tolist()), (best, margin, topic), question


def _centroid(index: Index, sample: int = 20_000) -> np.ndarray:
    """The unit-length mean of the passage vectors (of an even sample of them on a large index)."""
    total = index.dense.ntotal
    if total == 0:
        return np.zeros(index.manifest.dim, dtype=np.float32)
    ids = np.linspace(0, total - 1, num=min(total, sample)).astype(np.int64)
    mean = index.vectors(np.unique(ids)).mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return (mean / norm if norm else mean).astype(np.float32)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(float(value), 6)


def _among(chunk: Chunk, sources: frozenset[str], report_urls: set[str]) -> bool:
    if chunk.kind == "saved":
        return chunk.report_link is not None and chunk.report_link.url in report_urls
    return chunk.source in sources
