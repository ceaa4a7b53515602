"""Near-identical questions merged into groups: exact repeats by their normalized text, paraphrases by the cosine
of their embeddings (greedy: each question joins the most similar group leader above the threshold)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

Embed = Callable[[list[str]], np.ndarray]

# Measured with all-MiniLM-L6-v2 (the index's model) on hand-written pairs: paraphrases of one question ("how
# much did a ticket to DockerCon EU 2015 cost?" / "what was the ticket price for dockercon eu 2015") score
# 0.76-0.92, different questions about the same event or subject 0.43-0.72. 0.80 merges most paraphrases and
# keeps apart what an author would answer separately; a missed merge only shows one question twice.
MERGE_COSINE = 0.80
# Topics are looser: questions about one subject (the same event, talk or company), not one question.
TOPIC_COSINE = 0.60
# The slowest part is leader search, quadratic in distinct questions; a week holds far fewer than this.
MAX_DISTINCT = 5000

_NUMBER = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Item:
    """One question to group: the text to compare (as searched), the text to show (as asked), quotable or not."""

    key: str
    shown: str
    quotable: bool


@dataclass(frozen=True)
class Group:
    example: str | None  # the most asked quotable wording; None when no question in the group may be quoted
    count: int


def normalize(text: str) -> str:
    return _SPACE.sub(" ", text.casefold()).strip(" ?!.")


def group_items(items: Sequence[Item], embed: Embed, threshold: float, quote_all: bool = False) -> list[Group]:
    """Groups, most asked first. `quote_all` (the admins' view) lets any question be the example."""
    by_key: dict[str, list[Item]] = {}
    for item in items:
        by_key.setdefault(normalize(item.key), []).append(item)
    keys = sorted(by_key, key=lambda k: (-len(by_key[k]), k))[:MAX_DISTINCT]
    # Embedded as asked, not normalized: the model reads "?" and case (stripping them moved the measured
    # cosines above by up to 0.1).
    members = _leaders([by_key[k][0].key for k in keys], embed, threshold) if keys else []
    groups = []
    for indices in members:
        group = [item for i in indices for item in by_key[keys[i]]]
        quotable = [item.shown for item in group if quote_all or item.quotable]
        wordings = Counter(normalize(text) for text in quotable)
        first = {}  # one original spelling per wording, as it was first asked
        for text in quotable:
            first.setdefault(normalize(text), text)
        # The most asked wording; among equals the shortest, which reads best as a heading.
        example = first[min(wordings, key=lambda w: (-wordings[w], len(w), w))] if wordings else None
        groups.append(Group(example=example, count=len(group)))
    return sorted(groups, key=lambda g: (-g.count, g.example or ""))


def _leaders(texts: list[str], embed: Embed, threshold: float) -> list[list[int]]:
    vectors = np.asarray(embed(texts), dtype=np.float32)
    numbers = [frozenset(_NUMBER.findall(t)) for t in texts]
    leaders: list[int] = []
    members: list[list[int]] = []
    for i in range(len(texts)):
        if leaders:
            similarity = vectors[leaders] @ vectors[i]
            # A question naming another year or number is another question, however alike the words.
            similarity[[numbers[leader] != numbers[i] for leader in leaders]] = -1.0
            best = int(np.argmax(similarity))
            if similarity[best] >= threshold:
                members[best].append(i)
                continue
        leaders.append(i)
        members.append([i])
    return members
