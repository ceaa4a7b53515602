"""What a web page says about itself: canonical URL, title, date, author(s), tags and description, from og: and
article: meta tags, JSON-LD (an Article or BlogPosting, also inside an @graph), <time> elements and <title>."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from embeddings.text import as_date as _as_date


@dataclass(frozen=True)
class PageMetadata:
    url: str | None
    title: str | None
    date: dt.date | None
    author: str | None  # the names as the page gives them, comma-separated
    tags: tuple[str, ...] = ()
    summary: str | None = None

    @property
    def authors(self) -> tuple[str, ...]:
        return tuple(a.strip() for a in self.author.split(",") if a.strip()) if self.author else ()


def read_metadata(tree: Any, fetched_url: str | None) -> PageMetadata:
    """The page's metadata as it declares it (before boilerplate is removed: <head> and headers hold it)."""
    article = _article_ld(_json_ld(tree))
    canonical = tree.xpath("//link[@rel='canonical']/@href")
    base = fetched_url or ""
    url = urljoin(base, canonical[0].strip()) if canonical and canonical[0].strip() else None
    url = url or (urljoin(base, og) if (og := _meta(tree, "og:url")) else None) or fetched_url
    title = (
        _meta(tree, "og:title")
        or (article.get("headline") if isinstance(article.get("headline"), str) else None)
        or (tree.findtext(".//title") or "").strip()
        or None
    )
    date = (
        _as_date(article.get("datePublished"))
        or _as_date(_meta(tree, "article:published_time", "datePublished", "date", "dc.date"))
        or next((d for d in map(_as_date, tree.xpath("//article//time/@datetime | //time/@datetime")) if d), None)
    )
    author = _ld_author(article) or _meta(tree, "author", "article:author")
    if author and author.startswith(("http://", "https://")):
        author = None  # article:author is often a profile URL, not a name
    tags = tuple(t.strip() for t in tree.xpath("//meta[@property='article:tag']/@content") if t.strip())
    return PageMetadata(
        url=url, title=title, date=date, author=author, tags=tags,
        summary=_meta(tree, "og:description", "description"),
    )


def _meta(tree: Any, *names: str) -> str | None:
    for name in names:
        for value in tree.xpath(f"//meta[@property='{name}' or @name='{name}' or @itemprop='{name}']/@content"):
            if value and value.strip():
                return value.strip()
    return None


def _json_ld(tree: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                found.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
    return found


def _article_ld(items: list[dict[str, Any]]) -> dict[str, Any]:
    for item in items:
        kinds = item.get("@type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if any(isinstance(k, str) and k.endswith(("Article", "BlogPosting", "Posting", "Report")) for k in kinds):
            return item
    return items[0] if items else {}


def _ld_author(article: dict[str, Any]) -> str | None:
    author = article.get("author")
    authors = author if isinstance(author, list) else [author]
    names = [a.get("name") if isinstance(a, dict) else a for a in authors]
    names = [str(n).strip() for n in names if isinstance(n, str) and n.strip()]
    return ", ".join(names) or None
