"""Question → the best passages, each with its evidence, and one decision whether they answer it."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from embeddings.index import dense as ann
from embeddings.batching import QueryBatcher
from embeddings.chunking import split_sentences
from embeddings.encoders import Encoder
from embeddings.errors import EmbeddingsError, IndexMismatch
from embeddings.filters import Filters, parse_filters
from embeddings.index import REBUILD_HINT, Index
from embeddings.models import Hit, SearchResult
from embeddings.search.confidence import Model, QuestionEvidence, agreement, features
from embeddings.search.frontmatter import FrontMatterIndex
from embeddings.search.fusion import FusionOptions, fuse
from embeddings.index.vocabulary import JOIN, QueryCheck
from embeddings.text import STOPWORDS, WORD, fold, stemmer

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
        self._passage_words = lru_cache(maxsize=8192)(self._words_of)
        self._centroid = _centroid(index)
        self._front_matter = FrontMatterIndex(index.chunks)

    def search(self, question: str, k: int = 3) -> SearchResult:
        """The best `k` passages for a plain-text question and whether they answer it. Raises QueryError
        when the question has no words."""
        started = time.perf_counter()
        evidence = self.evidence(question, k)
        return self.decide(evidence, took_ms=(time.perf_counter() - started) * 1000)

    def evidence(self, question: str, k: int = 3) -> Evidence:
        """The passages found (up to `k`, or the rerank depth when larger) with everything that decides on them."""
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
        hits, agree, dense, question_evidence = self._search(searched, depth, self._allowed(filters), question_evidence)
        return Evidence(
            query=query, corrected_query=check.corrected, filters=filters.describe() or None, hits=tuple(hits), k=k,
            question=question_evidence, agreement=agree, dense_best=dense[0], dense_margin=dense[1], topic=dense[2],
        )

    def decide(self, evidence: Evidence, took_ms: float = 0.0) -> SearchResult:
        """The one place that decides whether the passages answer: each passage gets its own confidence; the
        best of the first `answer_depth` is the answer's."""
        model = self.options.confidence
        judged = [self._judged(h, model.probability(evidence.features(h))) for h in evidence.hits]
        hits = tuple(judged[: evidence.k])
        confidence = max((h.confidence for h in judged[: self.options.answer_depth]), default=0.0)
        if confidence < model.nothing_close and evidence.dense_best < model.near_cosine:
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

    def _allowed(self, filters: Filters) -> np.ndarray | None:
        if not filters:
            return None
        return np.array([i for i, chunk in enumerate(self.index.chunks) if filters.matches(chunk)], dtype=np.int64)

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
        params = ann.search_parameters(index.dense, allowed)
        with ann.one_thread():
            dense_scores, dense_ids = index.dense.search(query_vector, n, params=params)
        dense_ids, dense_scores = dense_ids[0], dense_scores[0]
        keep = dense_ids >= 0
        dense_ids, dense_scores = dense_ids[keep], dense_scores[keep]
        lexical_ids, lexical_scores = index.lexical.search(query, n, allowed)
        # A passage only BM25 found would otherwise fuse as if its cosine were 0, and lose to passages that are
        # merely near the question in the vector space ("what did the Boxfuse guy demo?": the one passage naming
        # Boxfuse ranked first by BM25 and outside the fused top ten). Its true cosine is one dot product away.
        # The same holds for the passages of a report whose front matter the question names (its author, its
        # event); of those, a common tag may bring in thousands, so only the `n` it names most get their cosine.
        named = self._front_matter.search(question.words, question.weights, allowed)
        most_named = np.array(sorted(named, key=named.__getitem__, reverse=True)[:n], dtype=np.int64)
        without_cosine = np.setdiff1d(np.union1d(lexical_ids, most_named), dense_ids)
        if len(without_cosine):
            dense_ids = np.concatenate([dense_ids, without_cosine])
            dense_scores = np.concatenate([dense_scores, index.vectors(without_cosine) @ query_vector[0]])
        fused = fuse(dense_ids, dense_scores, lexical_ids, lexical_scores, self.options.fusion)
        weight = self.options.fusion.front_matter_weight
        for chunk_id, share in named.items():
            fused[chunk_id] = fused.get(chunk_id, 0.0) + weight * share
        order = sorted(fused, key=lambda i: fused[i], reverse=True)
        lexical = dict(zip(lexical_ids.tolist(), lexical_scores.tolist()))
        chosen, vectors = self._distinct(order, k)
        # The vocabulary knows compounds written as one ("CI/CD", "reinvent"); one a report writes as two words
        # ("exactly once") is known only from the passages that have it, and those the search has just found.
        question = question.found(lambda w: JOIN in w and any(self._passage_words(i)[0].has_run(w) for i in chosen))
        cosines = vectors @ query_vector[0] if len(chosen) else np.zeros(0)
        hits = []
        stems = dict(zip(question.words, stemmer().stemWords([w.replace(JOIN, "") for w in question.words])))
        for rank, (chunk_id, cosine) in enumerate(zip(chosen, cosines.tolist()), start=1):
            passage, windows = self._passage_words(chunk_id)
            coverage, best_covered = question.coverage(lambda w: _has(passage, w, stems[w]))
            window_coverage = max(question.coverage(lambda w: _has(window, w, stems[w]))[0] for window in windows)
            hits.append(
                Hit(
                    rank=rank, score=round(fused[chunk_id], 6), chunk=index.chunks[chunk_id],
                    dense=round(float(cosine), 6), lexical=_rounded(lexical.get(chunk_id)),
                    coverage=round(coverage, 4), best_covered=round(best_covered, 4),
                    window_coverage=round(window_coverage, 4),
                )
            )
        best = float(dense_scores[0]) if len(dense_scores) else 0.0
        margin = best - float(dense_scores[min(9, len(dense_scores) - 1)]) if len(dense_scores) else 0.0
        topic = float(self._centroid @ query_vector[0])
        return hits, agreement(dense_ids.tolist(), lexical_ids.tolist()), (best, margin, topic), question

    def _distinct(self, order: list[int], k: int) -> tuple[list[int], np.ndarray]:
        """The top `k` of `order`, skipping passages that repeat one already chosen. Of two copies (a draft and
        its published post) the one with a link to cite is kept, in the better-ranked place."""
        candidates = order[: max(k * 4, k + 10)]
        vectors = self.index.vectors(candidates)
        chunks = self.index.chunks
        chosen: list[int] = []  # rows of `candidates`
        for row, chunk_id in enumerate(candidates):
            if chosen:
                similarity = vectors[chosen] @ vectors[row]
                twin = int(np.argmax(similarity))
                if float(similarity[twin]) >= self.options.duplicate_cosine:
                    if chunks[chunk_id].url and not chunks[candidates[chosen[twin]]].url:
                        chosen[twin] = row
                    continue
            if len(chosen) == k:
                break
            chosen.append(row)
        return [candidates[row] for row in chosen], vectors[chosen] if chosen else vectors[:0]

    def _words_of(self, chunk_id: int) -> tuple[Words, tuple[Words, ...]]:
        """The words of a passage with its report's front matter, and of each window of two neighbouring
        sentences with the passage's context (title, headings, front matter)."""
        chunk = self.index.chunks[chunk_id]
        context = _words(chunk.search_text.replace(chunk.text, " "))
        sentences = split_sentences(chunk.text) or [chunk.text]
        windows = [" ".join(sentences[i : i + WINDOW_SENTENCES]) for i in range(max(1, len(sentences) - 1))]
        return _words(chunk.search_text), tuple(_union(context, _words(w)) for w in windows)


# Words that answer a question stand close together: a passage that has "book", "meeting" and "room" in three
# different paragraphs does not say how to book a meeting room.
WINDOW_SENTENCES = 2

class Words(NamedTuple):
    words: frozenset[str]  # folded
    stems: frozenset[str]
    run: str  # the folded words in order, space-separated and space-padded: where compounds are looked for

    def has_run(self, compound: str) -> bool:
        """Whether the parts of a compound key ("exactly-once") stand together here, however they were joined."""
        return f" {compound.replace(JOIN, ' ')} " in self.run


def _words(text: str) -> Words:
    words = [fold(w) for w in WORD.findall(text)]
    single = frozenset(words)
    return Words(single, frozenset(stemmer().stemWords(list(single))), f" {' '.join(words)} ")


def _union(a: Words, b: Words) -> Words:
    return Words(a.words | b.words, a.stems | b.stems, a.run + b.run)


def _has(passage: Words, word: str, stem: str) -> bool:
    """`stem` of a compound is that of its parts written as one word ("reinvent" for "re-invent")."""
    if JOIN in word:
        return passage.has_run(word) or stem in passage.stems
    return word in passage.words or stem in passage.stems


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
