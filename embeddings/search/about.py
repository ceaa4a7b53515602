"""Questions about the reports themselves, answered from the catalogue: who wrote a report or went to an event,
when, where, which reports cover an event, a year, a person or a tag; an edition nobody wrote up; an event no
report covers. The searcher attaches the facts to its result and keeps the passages to the reports they name.

An event in a question is found by the catalogue's own event names (their first words, squashed: "devopsdays" is
"DevOps Days"); an event the catalogue does not know is recognised by its shape and context ("gophercon notes",
"went to FOSDEM", "takeaways from web summit"), never by a list of conference names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from embeddings.catalogue import Catalogue, Report
from embeddings.catalogue.events import (
    ABBREVIATIONS, GENERIC, REGIONS, YEAR, name_words, series_words, squash,
)
from embeddings.catalogue.listing import ReportFilter, ref, select
from embeddings.index.vocabulary import Vocabulary
from embeddings.models import Fact, FactKind
from embeddings.search.asked import FRAME, Asked, read, spelled_out
from embeddings.search.unknown import UnknownEvents
from embeddings.text import STOPWORDS, english_zipf, fold

LIST_CAP = 5  # reports a list names before "and N more"
# A single word this common in English is not an event's name on its own ("world", "lead", "software").
COMMON_WORD_ZIPF = 4.0
# Words that end the name of an edition ("qcon new york and …"); "new" is a stop word but starts "New York".
_JOINING = {"and", "or", "for", "with", "by", "that", "this", "than", "vs", "i", "you", "me", "my", "our", "your"}


@dataclass(frozen=True)
class About:
    """What the catalogue says to a question: facts, whether they decline, the reports passages may come from."""

    facts: tuple[Fact, ...] = ()
    declines: bool = False
    sources: frozenset[str] | None = None  # passages only from these reports (None: any)


@dataclass(frozen=True)
class _Series:
    reports: tuple[Report, ...]
    start: int  # the question's tokens that named it
    end: int


class AboutReports:
    def __init__(self, catalogue: Catalogue, vocabulary: Vocabulary) -> None:
        self.reports = catalogue.reports
        self.counts = catalogue.counts
        self.vocabulary = vocabulary
        self.places = {fold(w) for r in self.reports for p in r.places for w in p.split()}
        self.unknown = UnknownEvents(catalogue, vocabulary, self.places)
        # Every event name's words, squashed once per index rather than on every question (a third of a
        # search's time when done per question); equal names are one entry, in the reports' order.
        words = {e.name: _EventWords.of(e.name) for r in self.reports for e in r.events}
        self.names = tuple(dict.fromkeys(words[e.name] for r in self.reports for e in r.events))
        self.squashed = tuple((r, tuple(words[e.name].whole for e in r.events)) for r in self.reports)
        self._series_cache: dict[str, tuple[Report, ...]] = {}

    def answer(self, question: str) -> About | None:
        asked = read(question)
        series = self._series(asked)
        if series is not None:
            return self._about_event(asked, series)
        if asked.kind == "which" or (asked.writing and self._author(asked)):
            listed = self._listing(asked)
            if listed is not None:
                return listed
        unknown = self.unknown.event(asked)
        if unknown:
            return About(facts=(Fact("unknown_event", unknown),), declines=True)
        if asked.kind in {"who", "when", "where"}:
            reports = self._by_words(asked)
            if reports:
                # Found by title words only: the passages are searched as usual, not kept to these reports.
                return About(facts=(_fact(asked.kind, question, reports),))
        return None

    # --- an event the catalogue knows -------------------------------------------------------------------------

    def _series(self, asked: Asked) -> _Series | None:
        """The event the question names: the run of its words that begins one of the catalogue's event names,
        regions left out (they name an edition), preferring whole names, then more words, then longer ones."""
        best: tuple[tuple[bool, int, int], int, int, str] | None = None
        runs = _runs(asked.words)
        for name in self.names:
            for m, prefix, distinctive in name.prefixes:
                span = runs.get(prefix) if distinctive else None
                if span is None or (m < name.size and m == 1 and not self._names_a_series(name.first, prefix)):
                    continue
                rank = (m == name.size, m, len(prefix))
                if best is None or rank > best[0]:
                    best = (rank, span[0], span[1], prefix)
                break
        if best is None:
            return self._by_initials(asked)
        prefix = best[3]
        return _Series(self._of_series(prefix), best[1], best[2])

    def _by_initials(self, asked: Asked) -> _Series | None:
        """An event named by its initials ("aa days" for Agile & Automation Days, "lca" for linux.conf.au)."""
        for i, word in enumerate(asked.words):
            if len(word) < 2 or not word.isalpha() or english_zipf(word) >= COMMON_WORD_ZIPF or word in FRAME:
                continue
            for name in self.names:
                if name.initials == word:
                    return _Series(self._of_series(name.whole), i, i + 1)
        return None

    def _of_series(self, prefix: str) -> tuple[Report, ...]:
        if prefix not in self._series_cache:
            self._series_cache[prefix] = tuple(
                r for r, wholes in self.squashed if any(whole.startswith(prefix) for whole in wholes)
            )
        return self._series_cache[prefix]

    def _names_a_series(self, word: str, prefix: str) -> bool:
        """A first word alone ("strata" of Strata Data, "qcon") names the series when few other reports use it:
        "aws" of AWS Gameday is in too many reports to mean that event."""
        using = self.counts.counts.get(word, 0)
        return using <= 2 * len(self._of_series(prefix)) + 1

    def _about_event(self, asked: Asked, series: _Series) -> About:
        subject = " ".join(asked.tokens[series.start : series.end])
        places = self._places_asked(asked, series)
        asked_edition = " ".join([subject, *places, *map(str, asked.years)])
        editions = [r for r in series.reports if _is_edition(r, asked.years, places)]
        if (asked.years or places) and not editions:
            return About(facts=(_fact("no_edition", asked_edition, series.reports),), declines=True)
        reports = editions or list(series.reports)
        if asked.latest:
            reports = reports[:1]
        if asked.kind == "which":
            return About(facts=(_fact("which", asked_edition, reports, f"event:{squash(subject)}"),))
        if asked.kind in {"who", "when", "where"}:
            return About(facts=(_fact(asked.kind, asked_edition, reports),), sources=_sources(reports))
        # Any other question about a named edition gets that edition's passages only; about the event in general,
        # passages from anywhere (the confidence model was fitted on searches of the whole index).
        return About(sources=_sources(reports) if asked.years or places else None)

    def _places_asked(self, asked: Asked, series: _Series) -> list[str]:
        """The words right after the event's name that name an edition: a region, a place some report names, or
        a word no report uses and that is no misspelling of one ("qcon new york", "kubecon north america",
        "devopscon in munich"); one other word may stand inside such a name ("new" of "new york")."""
        words = list(asked.words[series.end : series.end + 6])
        if words and words[0] in {"in", "the"}:
            words = words[1:]
        words = words[: next((i for i, w in enumerate(words) if YEAR.match(w)), len(words))]
        run: list[str] = []
        for i, word in enumerate(words[:3]):
            if self._names_a_place(word):
                run.append(word)
            elif i + 1 < len(words) and word.isalpha() and word not in FRAME and self._names_a_place(words[i + 1]):
                run.append(word)
            else:
                break
        return [spelled for word in run for spelled in spelled_out(word)]

    def _names_a_place(self, word: str) -> bool:
        if not word.isalpha() or word in FRAME or word in _JOINING:
            return False
        if word in REGIONS or word in self.places:
            return True
        # A word no report uses, no misspelling of one, and no common English word ("compare").
        return word not in self.vocabulary and self.vocabulary.correct(word) is None and english_zipf(word) < 4.8

    # --- lists: by tag, person, year ---------------------------------------------------------------------------

    def _listing(self, asked: Asked) -> About | None:
        author = self._author(asked)
        if asked.tagged:
            chosen = ReportFilter(tag=asked.tagged)
        elif author:
            chosen = ReportFilter(author=author)
        elif asked.years:
            chosen = ReportFilter(year=asked.years[0])
        else:
            return None
        reports = select(self.reports, chosen)
        if not reports:
            return None
        return About(facts=(_fact("which", str(chosen), reports, str(chosen)),), sources=_sources(reports))

    def _author(self, asked: Asked) -> str | None:
        """An author the question names in full ("scott speights"), or by a surname only one author has."""
        text = f" {' '.join(asked.words)} "
        for report in self.reports:
            for author in dict.fromkeys((*report.names, *report.authors)):
                words = fold(author).replace("_", " ").split()
                if len(words) >= 2 and f" {' '.join(words)} " in text:
                    return author
        return None

    # --- a report by the words of its title --------------------------------------------------------------------

    def _by_words(self, asked: Asked) -> list[Report]:
        """The reports whose title, subtitle, tags and places share the most of the question's content words."""
        content = {w for w in asked.words if w not in FRAME and w not in STOPWORDS and w not in GENERIC and w.isalpha()}
        if not content:
            return []
        scored = []
        for report in self.reports:
            about = " ".join(filter(None, (report.title, report.subtitle, *report.tags, *report.places)))
            own = {fold(w) for w in about.replace("-", " ").split()}
            scored.append((len(content & own), report))
        best = max((s for s, _ in scored), default=0)
        if best < max(1, (len(content) + 1) // 2):
            return []
        return [r for s, r in scored if s == best]


@dataclass(frozen=True)
class _EventWords:
    """An event name as the question matching reads it: its series words, squashed whole and by leading runs."""

    size: int  # series words in the name
    first: str
    whole: str
    initials: str
    prefixes: tuple[tuple[int, str, bool], ...]  # (words, squashed, distinctive), the longest run first

    @classmethod
    def of(cls, name: str) -> _EventWords:
        words = series_words(name)
        prefixes = tuple((m, squash("".join(words[:m])), _distinctive(words[:m])) for m in range(len(words), 0, -1))
        return cls(len(words), words[0] if words else "", squash("".join(words)), initials(name), prefixes)


def initials(name: str) -> str:
    """"Agile & Automation Days" → "aa", "linux.conf.au" → "lca": the first letters of the words that are not
    generic (or of a dotted name's parts)."""
    words = [w for w in series_words(name)]
    if len(words) == 1 and "." in words[0]:
        return "".join(part[:1] for part in words[0].split(".") if part)
    return "".join(w[:1] for w in words if w not in GENERIC and w.isalpha()) if len(words) > 1 else ""


def _distinctive(words: Sequence[str]) -> bool:
    squashed = "".join(words)
    if len(squashed) < 3 or all(w in GENERIC or w in REGIONS for w in words):
        return False
    return len(words) >= 2 or english_zipf(words[0]) < COMMON_WORD_ZIPF


def _runs(words: Sequence[str]) -> dict[str, tuple[int, int]]:
    """Every run of up to four of the question's words, squashed ("devops days" and "devopsdays" are both
    "devopsdays"), with where the first such run stands: computed once per question, then looked up for each
    event name."""
    runs: dict[str, tuple[int, int]] = {}
    for i in range(len(words)):
        joined = ""
        for j in range(i, min(len(words), i + 4)):
            joined = squash(joined + "".join(spelled_out(words[j])).replace(" ", ""))
            runs.setdefault(joined, (i, j + 1))
    return runs


def _is_edition(report: Report, years: Sequence[int], places: Sequence[str]) -> bool:
    """Whether the report covers the edition asked for: its year, and each place or region asked, which it names
    (a region it need not name unless its event's name names another: "DockerCon 2015" is "DockerCon EU 2015")."""
    if years and not set(years) & set(report.years):
        return False
    own_regions = {w for e in report.events for w in name_words(e.name) if w in REGIONS}
    return all(
        p in report.words or any(p in fold(x) for x in report.places)
        or any(k in report.words for k, v in ABBREVIATIONS.items() if p in v.split())
        or (p in REGIONS and not own_regions)
        for p in places
    )


def _fact(kind: FactKind, subject: str, reports: Sequence[Report], filter_text: str | None = None) -> Fact:
    capped = list(reports) if kind in {"who", "when", "where"} else list(reports)[:LIST_CAP]
    more = len(reports) - len(capped)
    return Fact(kind=kind, subject=subject, reports=tuple(ref(r) for r in capped), more=more,
                filter=filter_text if more else None)


def _sources(reports: Sequence[Report]) -> frozenset[str]:
    return frozenset(r.source for r in reports)


__all__ = ["About", "AboutReports"]
