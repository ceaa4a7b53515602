"""Slack message text → the plain question the search engine reads."""

from __future__ import annotations

import re

from embeddings.search import MAX_QUERY_CHARS

_SLACK_LINK = re.compile(r"<(?:[#@!][^|>]*\|)?([^>]*)>")
_SLACK_BARE_ENTITY = re.compile(r"<[#@!][^>|]*>")


def normalize_query(text: str) -> str:
    """Plain question text: Slack mentions and channel links removed, link labels kept, spaces collapsed."""
    text = _SLACK_BARE_ENTITY.sub(" ", text)
    text = _SLACK_LINK.sub(lambda m: m.group(1).split("|")[-1], text)
    text = " ".join(text.split())
    return text[:MAX_QUERY_CHARS]
