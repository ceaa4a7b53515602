"""Suggested prompts for the assistant DM: questions built from the newest reports, each kept only if the
real search answers it from that report (never a prompt that would be declined)."""

from __future__ import annotations

from functools import lru_cache

from embeddings.search import Searcher

MAX_PROMPTS = 4  # Slack's limit for assistant.threads.setSuggestedPrompts
TITLE_CHARS = 75


# The prompts depend on the index alone: computed once per Searcher (a reindex brings a new one), not on every
# opening of the Messages tab, which would run a dozen searches each time.
@lru_cache(maxsize=1)
def suggested_prompts(searcher: Searcher, limit: int = MAX_PROMPTS, candidates: int = 12) -> tuple[dict[str, str], ...]:
    """Up to `limit` {"title", "message"} prompts, newest reports first."""
    prompts: list[dict[str, str]] = []
    for report in searcher.reports[:candidates]:
        title = " ".join(report.title.split())
        if not title:
            continue
        message = f"What was said at {title}?"
        if not searcher.answers_from(message, report.source):
            continue
        short = title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1].rstrip() + "…"
        prompts.append({"title": short, "message": message})
        if len(prompts) == limit:
            break
    return tuple(prompts)
