"""What the corpus holds, in words: for "nothing found" replies, the console banner and App Home."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from embeddings.catalogue.report import Report


@dataclass(frozen=True)
class Coverage:
    reports: int
    first_year: int | None
    last_year: int | None
    examples: tuple[str, ...]
    questions: tuple[str, ...] = ()  # example questions these reports answer

    def decline(self) -> str:
        """What a reply says when nothing in the reports is close: what they cover and questions that work."""
        asks = "; ".join(f"“{q}”" for q in self.questions)
        return f"The reports don't cover this. {self.sentence()}" + (f" You could ask, for example: {asks}" if asks else "")

    def sentence(self) -> str:
        years = ""
        if self.first_year and self.last_year:
            years = f" from {self.first_year}" + (f" to {self.last_year}" if self.last_year != self.first_year else "")
        examples = ", ".join(self.examples)
        return f"The reports cover {self.reports} events{years}" + (f", for example {examples}." if examples else ".")


def coverage(reports: Sequence[Report], examples: int = 4, questions: tuple[str, ...] = ()) -> Coverage:
    years = [r.date.year for r in reports if r.date]
    return Coverage(
        reports=len(reports),
        first_year=min(years) if years else None,
        last_year=max(years) if years else None,
        examples=tuple(r.title for r in reports[:examples]),
        questions=questions,
    )
