"""Judging replies to the catalogue question sets (bench/catalogue/README.md has the rule; this is it in code).

A reply is the result's facts in plain text (embeddings.search.statements, what the terminal shows) and the
reports they name. who / when / where: every expected fact in the text, every expected report named. which: every
expected report named (a capped list's "and N more" names the rest when its filter lists them), at most one extra.
edition_missing: a "no report on" fact with the asked edition and the existing editions named. unknown_event: a
decline naming the event, no passages.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from embeddings.catalogue import Report
from embeddings.catalogue.listing import ReportFilter, select
from embeddings.models import SearchResult
from embeddings.search.statements import statement

SETS = Path(__file__).resolve().parent / "catalogue"


@dataclass(frozen=True)
class CatalogueQuestion:
    id: str
    question: str
    kind: str
    sources: tuple[str, ...]
    facts: tuple[str, ...]
    split: str


def load(corpus: str) -> list[CatalogueQuestion]:
    path = SETS / f"questions-{corpus}.jsonl"
    if not path.is_file():
        return []
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [
        CatalogueQuestion(r["id"], r["question"], r["kind"], tuple(r["sources"]), tuple(r["facts"]), r["split"])
        for r in rows
    ]


def named(result: SearchResult, reports: Sequence[Report]) -> set[str]:
    """The file names of the reports the facts name, and of those a capped list's filter would list."""
    names = {Path(r.source).name for f in result.facts for r in f.reports}
    for fact in result.facts:
        if fact.more and fact.filter:
            names |= {Path(r.source).name for r in select(reports, ReportFilter.parse(fact.filter))}
    return names


def correct(q: CatalogueQuestion, result: SearchResult, reports: Sequence[Report]) -> bool:
    text = " ".join(statement(f) for f in result.facts).casefold()
    kinds = {f.kind for f in result.facts}
    has_facts = all(fact.casefold() in text for fact in q.facts)
    listed = named(result, reports)
    if q.kind == "unknown_event":
        return "unknown_event" in kinds and has_facts and not result.hits
    if q.kind == "edition_missing":
        return "no_edition" in kinds and has_facts and set(q.sources) <= listed
    if kinds & {"unknown_event", "no_edition"} or not has_facts or not set(q.sources) <= listed:
        return False
    return q.kind != "which" or len(listed - set(q.sources)) <= 1


def problems(questions: Sequence[CatalogueQuestion], results: dict[str, SearchResult], reports: Sequence[Report]) -> list[str]:
    lines = []
    for q in questions:
        if not correct(q, results[q.id], reports):
            said = " ".join(statement(f) for f in results[q.id].facts) or f"(no facts; {results[q.id].outcome})"
            lines.append(f"  {q.split} {q.id} [{q.kind}] {q.question!r} → {said[:300]}")
    return lines
