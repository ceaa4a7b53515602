"""The reports an index gained in a period, for the digest's "New reports": a report counts from the time the
index first saw it (`added_at`, kept across rebuilds), or, for an index built before that was recorded, from
when its content last changed."""

from __future__ import annotations

import datetime as dt

from bot.digest.compute import NewReport
from bot.store.records import Period
from embeddings.index.folder import Index


def added_in(index: Index, period: Period) -> list[NewReport]:
    documents = index.manifest.documents
    found = []
    for report in index.catalogue.reports:  # newest first
        record = documents.get(report.source)
        since = _parse(getattr(record, "added_at", None) or (record.changed_at if record else None))
        if since is not None and period.start <= since < period.end:
            found.append(NewReport(title=report.title, url=report.url,
                                   date=report.date.isoformat() if report.date else None))
    return found


def _parse(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)
