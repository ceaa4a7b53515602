"""Facts about the reports (embeddings.models.Fact) → Slack mrkdwn: one line with each report's title linked;
and the `/dockercon reports` listing."""

from __future__ import annotations

from collections.abc import Sequence

from bot.render.blocks import Message, text_message
from bot.render.mrkdwn import escape, link
from embeddings.catalogue import Report
from embeddings.models import Fact, ReportRef

REPORTS_SHOWN = 20


def _title(ref: ReportRef | Report) -> str:
    return f"*{link(ref.url, ref.title)}*" if ref.url else f"*{escape(ref.title)}*"


def _day(ref: ReportRef | Report) -> str:
    return f"{ref.date.day} {ref.date:%b %Y}" if ref.date else "undated"


def _by(ref: ReportRef) -> str:
    return escape(", ".join(ref.authors))


def fact_mrkdwn(fact: Fact) -> str:
    refs = fact.reports
    if fact.kind == "unknown_event":
        return f"No report covers *{escape(fact.subject)}*."
    if fact.kind == "no_edition":
        written = "; ".join(f"{escape(r.event or '')} {_title(r)}".strip() for r in refs)
        return f"No report on *{escape(fact.subject)}*. Written up: {written}."
    if fact.kind == "who":
        return "\n".join(
            f"{_title(r)} was written by {_by(r)}, {_day(r)}" if r.authors else f"{_title(r)} ({_day(r)}) does not say who wrote it"
            for r in refs
        )
    if fact.kind == "when":
        return "\n".join(
            f"{_title(r)}" + (f" covers {escape(r.event)}" if r.event else "") + f", written {_day(r)}" for r in refs
        )
    if fact.kind == "where":
        return "\n".join(
            f"{escape(r.event or 'It')} took place in {escape(r.place)} ({_title(r)})" if r.place
            else f"{_title(r)} does not say where it took place" for r in refs
        )
    lines = [f"• {_title(r)}, {_day(r)}" + (f", by {_by(r)}" if r.authors else "") for r in refs]
    if fact.more:
        lines.append(f"… and {fact.more} more: `/dockercon reports {escape(fact.filter or '')}`")
    return "\n".join(lines)


def reports_message(reports: Sequence[Report], filter_text: str, total: int) -> Message:
    """The catalogue, filtered, newest first: at most REPORTS_SHOWN lines."""
    if not reports:
        note = f" match `{escape(filter_text)}`" if filter_text else " are indexed yet"
        return text_message(f"No reports{note}. Filter by `year:2017`, `event:kubecon`, `author:\"Name\"` or `tag:docker`.")
    lines = [f"*{len(reports)} of {total} reports*" + (f" for `{escape(filter_text)}`" if filter_text else "")]
    for report in reports[:REPORTS_SHOWN]:
        event = ", ".join(e.label for e in report.events)
        extra = " · ".join(p for p in (escape(event), escape(", ".join(report.names))) if p)
        lines.append(f"• {_title(report)}, {_day(report)}" + (f" · {extra}" if extra else ""))
    if len(reports) > REPORTS_SHOWN:
        lines.append(f"… and {len(reports) - REPORTS_SHOWN} more; narrow with `year:`, `event:`, `author:` or `tag:`")
    return text_message("\n".join(lines))
