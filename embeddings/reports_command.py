"""`python -m embeddings reports [filter]`: the catalogue in the terminal; and the facts in `search --json`."""

from __future__ import annotations

from typing import Any

from embeddings.catalogue import Report
from embeddings.catalogue.listing import ReportFilter, select
from embeddings.models import Fact, ReportRef
from embeddings.search.statements import statement


def ref_to_json(ref: ReportRef) -> dict[str, Any]:
    return {
        "source": ref.source, "title": ref.title, "url": ref.url, "date": ref.date.isoformat() if ref.date else None,
        "authors": list(ref.authors), "event": ref.event, "place": ref.place,
    }


def fact_to_json(fact: Fact) -> dict[str, Any]:
    return {
        "kind": fact.kind, "subject": fact.subject, "text": statement(fact),
        "reports": [ref_to_json(r) for r in fact.reports], "more": fact.more, "filter": fact.filter,
    }


def format_reports(reports: tuple[Report, ...], filter_text: str) -> str:
    """One line per report the filter keeps, newest first: date, title, event, authors, tags, link."""
    chosen = select(reports, ReportFilter.parse(filter_text))
    if not chosen:
        return f"no report matches {filter_text!r}" if filter_text else "the index holds no reports"
    lines = []
    for report in chosen:
        when = report.date.isoformat() if report.date else "undated   "
        event = ", ".join(e.label for e in report.events)
        parts = [report.title, f"[{event}]" if event else "", f"by {', '.join(report.names)}" if report.names else ""]
        parts += [f"in {report.places[0]}" if report.places else "", f"tags: {', '.join(report.tags)}" if report.tags else ""]
        lines.append(f"{when}  " + " · ".join(p for p in parts if p))
        lines.append(f"            {report.url or report.source}")
    lines.append(f"{len(chosen)} of {len(reports)} reports")
    return "\n".join(lines)
