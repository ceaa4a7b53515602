"""Report links: which indexed report (and section) a URL points at, for link previews; and the domains
the reports live on, for the manifest's `unfurl_domains`.

    python -m bot.links        # prints the domains of the reports in INDEX_DIR, one per line
"""

from __future__ import annotations

import datetime as dt
import sys
import threading
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from embeddings.index import Index
from embeddings.models import Chunk
from embeddings.search import Searcher

EXCERPT_CHARS = 280


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


_latest: list[tuple[Index, ReportLinks]] = []
_lock = threading.Lock()


def report_links(searcher: Searcher) -> ReportLinks:
    """Built once for the index being answered from (a reload brings a new one)."""
    with _lock:
        if not _latest or _latest[0][0] is not searcher.index:
            _latest[:] = [(searcher.index, ReportLinks(searcher.index))]
        return _latest[0][1]


def main() -> int:
    from embeddings.errors import EmbeddingsError
    from embeddings.index import open_index
    from embeddings.config import load_settings

    settings = load_settings()
    try:
        index = open_index(settings.index_dir)
    except EmbeddingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    domains = ReportLinks(index).domains()
    if not domains:
        print("no report in the index has a URL", file=sys.stderr)
    for domain in domains:
        print(domain)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
