"""BM25 over the passages: the fast one-question path must find what bm25s's own `retrieve` finds."""

from __future__ import annotations

import numpy as np
import pytest

from embeddings.index.lexical import LexicalIndex, query_tokens, tokenize

TEXTS = [
    "Zalando showed STUPS, their platform for autonomous teams on AWS.",
    "Docker content trust signs images; Notary keeps the keys.",
    "The keynote at DockerCon announced Docker Swarm and Docker Machine.",
    "Lunch was good and the coffee was better.",
    "",
    "Kubernetes pods, services and deployments were explained in a workshop.",
]


@pytest.mark.parametrize(
    "question",
    ["What did Zalando show?", "re:Invent 2019 — Zürich's naïve café", "I/O", "C++ & C# .NET node.js", "don't it's"],
)
def test_one_question_is_tokenized_as_bm25s_tokenizes_it(question: str) -> None:
    assert query_tokens(question) == tokenize([question])[0]


def test_search_ranks_as_bm25s_retrieve_does() -> None:
    index = LexicalIndex.build(TEXTS)
    for question in ("docker keynote swarm", "zalando aws", "content trust keys docker", "workshop pods"):
        ids, scores = index.search(question, k=4)
        expected_ids, expected_scores = index._retriever.retrieve(
            [query_tokens(question)], k=4, show_progress=False, n_threads=0
        )
        keep = expected_scores[0] > 0
        assert ids.tolist() == expected_ids[0][keep].tolist()
        assert np.allclose(scores, expected_scores[0][keep])


def test_search_returns_only_passages_that_contain_a_query_term() -> None:
    ids, scores = LexicalIndex.build(TEXTS).search("docker", k=10)
    assert sorted(ids.tolist()) == [1, 2] and (scores > 0).all() and scores[0] >= scores[1]


def test_search_keeps_to_the_allowed_passages() -> None:
    ids, _ = LexicalIndex.build(TEXTS).search("docker", k=10, allowed=np.array([1, 3]))
    assert ids.tolist() == [1]


def test_a_question_of_unknown_or_stop_words_finds_nothing() -> None:
    index = LexicalIndex.build(TEXTS)
    for question in ("ukulele", "the and of", ""):
        ids, scores = index.search(question, k=3)
        assert len(ids) == 0 and len(scores) == 0
