"""Suggested prompts for the assistant DM: questions built from the newest reports, each kept only if the
real search answers it from that report (never a prompt that would be declined); embeddings.catalogue makes
and keeps them, once per index."""

from __future__ import annotations

from embeddings.search import Searcher

MAX_PROMPTS = 4  # Slack's limit for assistant.threads.setSuggestedPrompts


def suggested_prompts(searcher: Searcher, limit: int = MAX_PROMPTS, candidates: int = 12) -> tuple[dict[str, str], ...]:
    """Up to `limit` {"title", "message"} prompts, newest reports first."""
    return searcher.index.catalogue.questions(searcher.answers_from).prompts(limit, candidates)
