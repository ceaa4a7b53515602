"""The catalogue of one index: its reports and everything derived from them alone."""

from __future__ import annotations

import threading
from functools import cached_property
from typing import TYPE_CHECKING

from embeddings.catalogue.coverage import Coverage, coverage
from embeddings.catalogue.links import ReportLinks
from embeddings.catalogue.listing import ref
from embeddings.catalogue.questions import Confirm, Questions
from embeddings.catalogue.report import Report, reports_of
from embeddings.catalogue.words import ReportCounts

if TYPE_CHECKING:
    from embeddings.index import Index


class Catalogue:
    """Built from an index (`Index.catalogue`) and replaced with it. Each part is computed on first use: a
    bot that never unfurls a link never maps the reports' URLs."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._lock = threading.Lock()
        self._questions: dict[Confirm, Questions] = {}

    @cached_property
    def reports(self) -> tuple[Report, ...]:
        """Newest first, undated last."""
        return reports_of(self.index.chunks)

    @cached_property
    def by_source(self) -> dict[str, Report]:
        """Report id → its report: looked up on every answer that offers to ask an author."""
        return {r.source: r for r in self.reports}

    @cached_property
    def event_labels(self) -> dict[str, str]:
        """Report id → the edition it covers ("DockerCon 2015"), for reports whose event is known."""
        return {r.source: label for r in self.reports if (label := ref(r).event)}

    @cached_property
    def counts(self) -> ReportCounts:
        return ReportCounts(self.index.chunks)

    @cached_property
    def links(self) -> ReportLinks:
        return ReportLinks(self.index)

    def questions(self, confirm: Confirm) -> Questions:
        """The questions offered to people, confirmed by `confirm` (the searcher answering from this index)."""
        with self._lock:
            if confirm not in self._questions:
                self._questions[confirm] = Questions(self.reports, self.index.chunks, confirm)
            return self._questions[confirm]

    def coverage(self, confirm: Confirm | None = None) -> Coverage:
        """What the reports cover, with example questions when `confirm` can check them."""
        questions = self.questions(confirm).examples() if confirm is not None else ()
        return coverage(self.reports, questions=questions)
