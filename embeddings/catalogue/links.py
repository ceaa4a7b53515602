"""Which indexed report (and section) a URL points at, for link previews; and the domains the reports live
on (`python -m bot.links`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from embeddings.models import Chunk

if TYPE_CHECKING:
    from embeddings.index import Index


@dataclass(frozen=True)
class LinkedReport:
    url: str  # the link as shared
    title: str
    event: str | None
    date: dt.date | None
    section: str | None  # the heading the link's anchor points at
    text: str  # that section's text, or the report's first passage


def _address(url: str) -> tuple[str, str, str]:
    """(host, path, anchor), so http/https, "www.", a trailing slash, a query and case in the host don't matter."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    return host, unquote(parts.path).rstrip("/"), unquote(parts.fragment)


class ReportLinks:
    def __init__(self, index: Index) -> None:
        self.reports: dict[tuple[str, str], list[Chunk]] = {}
        for chunk in index.chunks:
            if chunk.url:
                host, path, _ = _address(chunk.url)
                self.reports.setdefault((host, path), []).append(chunk)

    def find(self, url: str) -> LinkedReport | None:
        host, path, anchor = _address(url)
        chunks = self.reports.get((host, path))
        if not chunks:
            return None
        section = next((c for c in chunks if anchor and _address(c.url or "")[2] == anchor), None)
        chunk = section or chunks[0]
        return LinkedReport(
            url=url, title=chunk.title, event=chunk.event, date=chunk.date,
            section=chunk.heading if section else None, text=chunk.text,
        )

    def domains(self) -> list[str]:
        return sorted({host for host, _ in self.reports if host})
