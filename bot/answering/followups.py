"""A follow-up read in the context of its thread: "is it open source?" after "what did Zalando show?" is
searched as "is it open source? Zalando" within the report the earlier question was answered from.

What a question is about is taken to be its specific words: words only a few of the reports use (a company,
a product, a person, a place), misspellings corrected through the corpus vocabulary; a name the reports never
use is something specific too. Words many reports use ("open", "talk", "microservices", and in a blog about
Docker, "Docker") do not say which report is meant. Counting reports rather than occurrences matters: a report
about Redux says "Redux" forty times, and it is still specific. A follow-up with no specific word of its own is read in the
context of the latest earlier question that had some: those words are carried over (and shown to the asker),
and the search keeps to the report that earlier question is answered from, since joining words alone lets
the follow-up's own common words ("open source") pull in other reports. A follow-up with a rare word of its
own is searched exactly as it would be anywhere else. bench/followups.py measures both sides on the dev
questions and chose SPECIFIC_SHARE.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from embeddings.index import Index
from bot.answering.query import normalize_query
from embeddings.search import QueryError, Searcher
from embeddings.text import STOPWORDS, WORD, fold, looks_like_a_name

# A word used by at most this share of the reports (and at least one) singles some out (bench/followups.py:
# chosen on the Haufe dev questions, checked on events-mixed).
SPECIFIC_SHARE = 0.15
# The thread's report is preferred unless the best passage elsewhere scores this much higher (fused score).
CONTEXT_MARGIN = 0.05
# More specific words than this from one question is a list, not a subject; the rarest few carry it.
MAX_CARRIED = 3


@dataclass(frozen=True)
class FollowUp:
    question: str  # as asked
    query: str  # what gets searched
    carried: tuple[str, ...] = ()  # words taken from earlier in the thread, shown to the asker
    report: str | None = None  # the report title the search keeps to

    @property
    def in_context(self) -> bool:
        return bool(self.carried)


def subjects(text: str, index: Index, share: float = SPECIFIC_SHARE, unknown: bool = True) -> tuple[str, ...]:
    """The words of `text` that single out a few reports (with `unknown`, also those no report uses), most
    specific first, each once, in the reports' spelling."""
    vocabulary, counts = index.vocabulary, index.catalogue.counts
    limit = counts.limit(share)
    found: dict[str, tuple[int, str]] = {}
    for position, word in enumerate(WORD.findall(normalize_query(text))):
        key = fold(word)
        if key in STOPWORDS or len(key) < 2 or key.isdigit():
            continue
        term = vocabulary.terms.get(key)
        if term is None:
            corrected = vocabulary.correct(word)
            term = vocabulary.terms.get(fold(corrected)) if corrected else None
        if term is None:
            # A name no report uses is something specific (and the search declines it); a plain word a small
            # corpus happens not to use ("open") is not.
            if unknown and looks_like_a_name(word, first=position == 0):
                found.setdefault(key, (0, word))
            continue
        used_by = counts.counts.get(fold(term.form), 0)
        if used_by <= limit:
            found.setdefault(fold(term.form), (used_by, term.form))
    return tuple(form for _, form in sorted(found.values(), key=lambda pair: pair[0]))


def _top(searcher: Searcher, query: str) -> tuple[float, str | None]:
    """(best passage's score, its report title as an `in:` filter can name it); (0, None) when nothing is close."""
    try:
        result = searcher.search(normalize_query(query), k=1)
    except QueryError:
        return 0.0, None
    if result.outcome == "nothing_close" or not result.hits:
        return 0.0, None
    title = " ".join(re.sub(r"[^\w\s]", " ", result.hits[0].chunk.title).split())
    return result.hits[0].score, title or None


def read_in_context(
    question: str, earlier: Sequence[str], searcher: Searcher, share: float = SPECIFIC_SHARE,
    margin: float = CONTEXT_MARGIN,
) -> FollowUp:
    """`earlier`: what people asked earlier in the thread, oldest first (the bot's own answers left out)."""
    index = searcher.index
    alone = FollowUp(question, question)
    if subjects(question, index, share):
        return alone
    # Only words the reports use can lead the search back to what the thread was about.
    previous = next((p for p in reversed(earlier) if subjects(p, index, share, unknown=False)), None)
    if previous is None:
        return alone
    words = subjects(previous, index, share, unknown=False)
    carried = tuple(sorted(words[:MAX_CARRIED], key=words.index))
    _, report = _top(searcher, previous)
    if report is None:
        return alone
    in_context = FollowUp(question, f'{question} {" ".join(carried)} in:"{report}"', carried, report)
    score_alone, _ = _top(searcher, question)
    score_in_context, _ = _top(searcher, in_context.query)
    if score_in_context and score_in_context >= score_alone - margin:
        return in_context
    return alone
