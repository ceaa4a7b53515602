"""A fact about the reports in one line of plain text: what the terminal prints and what bench/quality.py
judges. The bot renders the same facts with links (bot/render/facts.py)."""

from __future__ import annotations

from embeddings.models import Fact, ReportRef


def day(ref: ReportRef) -> str:
    return f"{ref.date.day} {ref.date:%b %Y}" if ref.date else "undated"


def cited(ref: ReportRef) -> str:
    return f"“{ref.title}”" + (f" <{ref.url}>" if ref.url else "")


def statement(fact: Fact) -> str:
    refs = fact.reports
    if fact.kind == "unknown_event":
        return f"No report covers {fact.subject}."
    if fact.kind == "no_edition":
        written = "; ".join(f"{r.event or r.title}: {cited(r)}" for r in refs)
        return f"No report on {fact.subject}. Written up: {written}."
    if fact.kind == "who":
        return "; ".join(
            f"{cited(r)} was written by {', '.join(r.authors)}, {day(r)}" if r.authors
            else f"{cited(r)} ({day(r)}) does not say who wrote it" for r in refs
        ) + "."
    if fact.kind == "when":
        return "; ".join(
            f"{cited(r)}" + (f" covers {r.event}" if r.event else "") + (f", written {day(r)}" if r.date else ", undated")
            for r in refs
        ) + "."
    if fact.kind == "where":
        return "; ".join(
            f"{r.event or cited(r)} took place in {r.place} ({cited(r)})" if r.place
            else f"{cited(r)} does not say where {r.event or 'it'} took place" for r in refs
        ) + "."
    listed = "; ".join(f"{cited(r)} ({day(r)}{', by ' + ', '.join(r.authors) if r.authors else ''})" for r in refs)
    more = f" … and {fact.more} more: reports {fact.filter}" if fact.more else ""
    return f"Reports for {fact.subject}: {listed}{more}."
