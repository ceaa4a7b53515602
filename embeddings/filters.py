"""Filters typed into a question: `year:2015`, `event:devopscon`, `in:<report>` (quotes allow spaces)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from embeddings.models import Chunk

_FILTER = re.compile(r"(?<!\S)(year|event|in):(\"[^\"]*\"|'[^']*'|\S+)", re.IGNORECASE)


def _squash(text: str) -> str:
    """Lowercase letters and digits only, so "DevOpsCon", "devops-con" and "devopscon" all match."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


@dataclass(frozen=True)
class Filters:
    year: int | None = None
    event: str | None = None
    report: str | None = None

    def __bool__(self) -> bool:
        return any(v is not None for v in (self.year, self.event, self.report))

    def describe(self) -> str:
        parts = []
        if self.year is not None:
            parts.append(f"year {self.year}")
        if self.event:
            parts.append(f"event “{self.event}”")
        if self.report:
            parts.append(f"report “{self.report}”")
        return ", ".join(parts)

    def matches(self, chunk: Chunk) -> bool:
        if self.year is not None and (chunk.date is None or chunk.date.year != self.year):
            return False
        if self.event and _squash(self.event) not in _squash(" ".join(filter(None, (chunk.event, chunk.title)))):
            return False
        if self.report and _squash(self.report) not in _squash(f"{chunk.title} {chunk.source.rsplit('/', 1)[-1]}"):
            return False
        return True


def parse_filters(question: str) -> tuple[str, Filters]:
    """(the question without its filters, the filters). An unreadable year stays part of the question."""
    found: dict[str, str] = {}

    def take(match: re.Match[str]) -> str:
        key, value = match.group(1).lower(), match.group(2).strip("\"'")
        if key == "year" and not re.fullmatch(r"\d{4}", value):
            return match.group(0)
        if value:
            found[key] = value
        return " "

    rest = " ".join(_FILTER.sub(take, question).split())
    return rest, Filters(
        year=int(found["year"]) if "year" in found else None, event=found.get("event"), report=found.get("in")
    )
