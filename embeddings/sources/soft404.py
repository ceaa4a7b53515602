"""Soft 404s: error pages served with HTTP 200. A page that has become one keeps its last good version, as a
real 404 does, instead of replacing a report with "Oops, that page can't be found".

Two signs, either enough: the page's title or first heading says it is not found, or the page is what the
site serves for a path that cannot exist (asked once per site and sync, see Fetcher.error_page).
"""

from __future__ import annotations

import difflib
import re
import uuid
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from embeddings.models import DocumentRecord
from embeddings.models import Document

if TYPE_CHECKING:
    from embeddings.sources.web import Fetcher

# Phrases of error-page titles ("Page not found – Blog", "404", "Oops! That page can’t be found."). Only
# short titles are read: a report titled "Not found: what our search misses at scale" is a report.
_NOT_FOUND = re.compile(
    r"\b(?:404|not found|page (?:does not|doesn't|doesn’t) exist|can(?:not|'t|’t) be found|"
    r"no longer (?:exists|available)|nothing (?:was )?found)\b",
    re.IGNORECASE,
)
_TITLE_MAX = 80
_FIRST_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
# How alike the text of a page and the site's error page must be: the error page often names the path asked for.
_SAME_TEXT = 0.9


def probe_url(url: str) -> str:
    """A URL on the same site that no site has a page at."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/dockercon-bot-missing-page-{uuid.uuid4().hex[:12]}/"


def says_not_found(doc: Document) -> str | None:
    """The title or first heading that says the page is not found, or None."""
    heading = _FIRST_HEADING.search(doc.body)
    for text in (doc.title, heading.group(1) if heading else ""):
        if text and len(text) <= _TITLE_MAX and _NOT_FOUND.search(text):
            return text
    return None


def same_page(doc: Document, error_page: Document) -> bool:
    if doc.title != error_page.title:
        return False
    matcher = difflib.SequenceMatcher(None, doc.body[:5000], error_page.body[:5000], autojunk=False)
    return matcher.quick_ratio() >= _SAME_TEXT and matcher.ratio() >= _SAME_TEXT


def reason(fetcher: Fetcher, url: str, doc: Document, known: DocumentRecord | None) -> str | None:
    """Why `doc` is an error page served with HTTP 200, or None. The site's own error page is asked for only
    when an indexed page changed, so a first crawl or an unchanged site costs no extra request."""
    title = says_not_found(doc)
    if title:
        return f"HTTP 200 with a \"not found\" page ({title!r}): a soft 404"
    if known is not None:
        error_page = fetcher.error_page(url)
        if error_page is not None and same_page(doc, error_page):
            return "HTTP 200 with the page the site serves for a missing path: a soft 404"
    return None
