"""RSS/Atom feeds and sitemaps: lists of pages, each page then fetched like a single page.

A feed lists only its newest entries, so a page the index already holds from this source is re-checked
even after it has dropped off the feed; it leaves the index only when the page itself is gone.
The list is fetched conditionally too, and remembered, so an unchanged feed costs a 304.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar
from urllib.parse import urljoin
from xml.etree import ElementTree

import feedparser

from embeddings.sources.base import Outcome, SourceError, SyncContext
from embeddings.sources.web import Fetcher, FetchError, UrlSource, fetch_pages

MAX_SITEMAPS = 50  # a sitemap index names sitemaps; more than this is not a blog


def _fetch_list(fetcher: Fetcher, url: str, state: dict[str, Any]) -> bytes | None:
    """The list's bytes, or None when it is unchanged since the last sync (state holds its validators)."""
    try:
        response = fetcher.get(url, state.get("etag"), state.get("last_modified"))
    except FetchError as exc:
        raise SourceError(f"{url}: {exc}") from exc
    if response.status == 304 and "urls" in state:
        return None
    if response.status != 200:
        raise SourceError(f"{url}: HTTP {response.status}")
    state["etag"], state["last_modified"] = response.etag, response.last_modified
    return response.content


def _remembered(ctx: SyncContext, fresh: list[str] | None) -> list[str]:
    """This sync's list (or the last one), then every page already indexed from this source."""
    urls = fresh if fresh is not None else list(ctx.state.get("urls", []))
    ctx.state["urls"] = urls
    return list(dict.fromkeys([*urls, *ctx.known]))


@dataclass(frozen=True)
class FeedSource(UrlSource):
    kind: ClassVar[str] = "feed"

    def read(self, ctx: SyncContext) -> Iterator[Outcome]:
        content = _fetch_list(ctx.fetcher, self.url, ctx.state)
        fresh: list[str] | None = None
        if content is not None:
            parsed = feedparser.parse(content)
            if parsed.bozo and not parsed.entries:
                raise SourceError(f"{self.url}: not an RSS or Atom feed ({parsed.get('bozo_exception')})")
            fresh = [urljoin(self.url, entry.link) for entry in parsed.entries if entry.get("link")]
        yield from fetch_pages(_remembered(ctx, fresh), ctx)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


@dataclass(frozen=True)
class SitemapSource(UrlSource):
    kind: ClassVar[str] = "sitemap"

    include: str | None = None  # a regular expression a page URL must contain a match of

    @property
    def label(self) -> str:
        return f"{self.kind}: {self.url}" + (f" (include {self.include})" if self.include else "")

    def _locations(self, content: bytes) -> tuple[list[str], list[str]]:
        """(page URLs, nested sitemap URLs)."""
        if content[:2] == b"\x1f\x8b":  # sitemap.xml.gz, served as a file rather than gzip-encoded
            try:
                content = gzip.decompress(content)
            except (OSError, EOFError) as exc:
                raise SourceError(f"{self.url}: a damaged gzip file ({exc})") from exc
        try:
            root = ElementTree.fromstring(content)
        except ElementTree.ParseError as exc:
            raise SourceError(f"{self.url}: not a sitemap ({exc})") from exc
        pages: list[str] = []
        nested: list[str] = []
        for element in root:
            loc = next((c.text.strip() for c in element if _local(c.tag) == "loc" and c.text), None)
            if loc:
                (nested if _local(root.tag) == "sitemapindex" else pages).append(loc)
        return pages, nested

    def read(self, ctx: SyncContext) -> Iterator[Outcome]:
        content = _fetch_list(ctx.fetcher, self.url, ctx.state)
        fresh: list[str] | None = None
        if content is not None:
            fresh, nested = self._locations(content)
            for sitemap in nested[:MAX_SITEMAPS]:
                try:
                    response = ctx.fetcher.get(sitemap)
                except FetchError as exc:
                    raise SourceError(f"{sitemap}: {exc}") from exc
                if response.status != 200:
                    raise SourceError(f"{sitemap}: HTTP {response.status}")
                fresh.extend(self._locations(response.content)[0])
        urls = _remembered(ctx, fresh)
        if self.include:
            pattern = re.compile(self.include)
            urls = [url for url in urls if pattern.search(url)]
        yield from fetch_pages(urls, ctx)
