"""Questions the reports answer, offered to people who do not know what to ask: example questions (made from
the newest reports' section headings) and suggested prompts (from their titles). Each is kept only when the
real search answers it from the report it was made from: `confirmed`, the one test every offered question
passes."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from embeddings.catalogue.report import Report
from embeddings.models import Chunk
from embeddings.text import STOPWORDS, WORD, ZIPF_CEILING, english_zipf

# (question, report source) → whether the search answers it confidently from that report
# (embeddings.search.Searcher.answers_from).
Confirm = Callable[[str, str], bool]

TITLE_CHARS = 75
# A heading with no word rarer than this in English (wordfreq's Zipf scale) names nothing in particular.
EXAMPLE_SPECIFICITY = 3.5
_GENERIC_HEADING = re.compile(r"^(intro|introduction|summary|conclusions?|wrap[- ]?up|day \d+|final thoughts|links?)$", re.I)


@dataclass(frozen=True)
class Suggestion:
    question: str
    source: str  # the report it must be answered from
    title: str = ""  # what a prompt button shows


def confirmed(candidates: Iterable[Suggestion], confirm: Confirm, limit: int) -> tuple[Suggestion, ...]:
    """The first `limit` candidates the search answers from their own report."""
    found: list[Suggestion] = []
    for suggestion in candidates:
        if confirm(suggestion.question, suggestion.source):
            found.append(suggestion)
        if len(found) == limit:
            break
    return tuple(found)


def specificity(heading: str) -> float:
    """How specific the rarest content word of a heading is: 7.5 minus its Zipf frequency in English."""
    words = [w for w in WORD.findall(heading.lower()) if w not in STOPWORDS and not w.isdigit()]
    return max((ZIPF_CEILING - english_zipf(w) for w in words), default=0.0)


def example_candidates(reports: Sequence[Report], chunks: Sequence[Chunk], tries: int = 12) -> list[Suggestion]:
    """Questions about the newest reports' sections, one per report, naming its most specific heading."""
    candidates: list[Suggestion] = []
    for report in reports:
        headings = {c.heading for c in chunks if c.source == report.source and c.heading}
        topics = [h for h in headings if 2 <= len(h.split()) <= 6 and not h.endswith("?") and not _GENERIC_HEADING.match(h)]
        # The heading naming the most specific thing ("Docker Swarm at scale", not "My favourite talks").
        topic = max(topics, key=specificity, default=None)
        if topic and specificity(topic) >= EXAMPLE_SPECIFICITY:
            candidates.append(Suggestion(f"what was said about {topic.rstrip('.!:')}?", report.source))
        if len(candidates) >= tries:
            break
    return candidates


def prompt_candidates(reports: Sequence[Report]) -> Iterator[Suggestion]:
    """"What was said at <title>?" for each report, newest first, with the title shortened for a button."""
    for report in reports:
        title = " ".join(report.title.split())
        if title:
            short = title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1].rstrip() + "…"
            yield Suggestion(f"What was said at {title}?", report.source, short)


class Questions:
    """The confirmed questions of one index for one search: each list computed once, on first use (a
    reindex brings a new catalogue), not on every opening of a tab, which would run a dozen searches."""

    def __init__(self, reports: Sequence[Report], chunks: Sequence[Chunk], confirm: Confirm) -> None:
        self.reports = reports
        self.chunks = chunks
        self.confirm = confirm
        self._lock = threading.Lock()
        self._found: dict[tuple[str, int, int], tuple[Suggestion, ...]] = {}

    def examples(self, n: int = 3) -> tuple[str, ...]:
        """A few questions answered from the newest reports' section headings."""
        return tuple(s.question for s in self._once(("examples", n, 12), lambda: example_candidates(self.reports, self.chunks)))

    def prompts(self, limit: int, candidates: int = 12) -> tuple[dict[str, str], ...]:
        """Up to `limit` {"title", "message"} prompts, newest reports first."""
        found = self._once(("prompts", limit, candidates), lambda: prompt_candidates(self.reports[:candidates]))
        return tuple({"title": s.title, "message": s.question} for s in found)

    def _once(self, key: tuple[str, int, int], candidates: Callable[[], Iterable[Suggestion]]) -> tuple[Suggestion, ...]:
        with self._lock:
            if key not in self._found:
                self._found[key] = confirmed(candidates(), self.confirm, limit=key[1])
            return self._found[key]
