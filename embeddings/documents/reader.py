"""Report files on disk → Documents: discovery, decoding, front matter, title, date and URL."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any

from embeddings.documents import frontmatter, hugo, jekyll
from embeddings.errors import ReportError
from embeddings.models import Document
from embeddings.text import as_date as _as_date
from embeddings.text import as_text as _text

log = logging.getLogger(__name__)

REPORT_SUFFIXES = {".md", ".markdown", ".txt"}
_FIRST_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


def discover(corpus: Path, extra_suffixes: Collection[str] = ()) -> list[Path]:
    """Every report file under `corpus`, sorted, following symlinked folders once each."""
    suffixes = REPORT_SUFFIXES | set(extra_suffixes)
    found: list[Path] = []
    seen_dirs: set[str] = set()
    for folder, dirnames, filenames in os.walk(corpus, followlinks=True):
        real = os.path.realpath(folder)
        if real in seen_dirs:
            dirnames.clear()
            continue
        seen_dirs.add(real)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            path = Path(folder) / name
            if path.suffix.lower() in suffixes and name.lower() != "readme.md" and not name.startswith("."):
                found.append(path)
    return sorted(found)


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode(data: bytes, source: str) -> str:
    if b"\x00" in data:
        raise ReportError(f"{source}: looks like a binary file, not a report")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReportError(f"{source}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from exc
    if not text.strip():
        raise ReportError(f"{source}: is empty")
    return text.replace("\r\n", "\n")


def read_document(path: Path, corpus: Path, data: bytes | None = None, source: str | None = None) -> Document:
    """Read one report; raises ReportError with a message naming the file when it cannot be used.

    `data` is the file's content when the caller has read it already; `source` the id to give it.
    """
    source = source or path.relative_to(corpus).as_posix()
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ReportError(f"{source}: cannot be read ({exc.strerror})") from exc
    about, body = frontmatter.split(decode(data, source), source)
    is_markdown = about is not None or path.suffix.lower() != ".txt"
    about = about or frontmatter.FrontMatter(raw={})
    if not body.strip():
        raise ReportError(f"{source}: has front matter but no text")
    title, body = _title_and_body(about.title, body, is_markdown)
    date, url, title = _date_url_and_title(path, corpus, about.raw, title)
    return Document(
        source=source,
        title=title,
        body=body,
        format="markdown" if is_markdown else "text",
        content_hash=content_hash(data),
        url=url,
        date=date,
        event=about.event,
        subtitle=about.subtitle,
        author=", ".join(about.authors) or None,
        tags=about.tags,
        authors=about.authors,
        location=about.location,
        summary=about.summary,
        author_emails=about.emails,
        author_ids=about.slack_ids,
    )


def _title_and_body(title: str | None, body: str, is_markdown: bool) -> tuple[str | None, str]:
    """The front matter's title, else a Markdown report's first heading or a plain-text report's first line."""
    if is_markdown:
        heading = _FIRST_HEADING.search(body)
        return title or (heading.group(1).strip() if heading else None), body
    # A plain-text report's first line is its title, not part of its text.
    first, _, rest = body.strip().partition("\n")
    return title or first.strip(), rest


def _date_url_and_title(
    path: Path, corpus: Path, front: dict[str, Any], title: str | None
) -> tuple[dt.date | None, str | None, str]:
    """The report's date (front matter, else a post file name's), its URL (front matter, else where its Jekyll or
    Hugo site publishes it) and its title (else the file name's slug)."""
    site = jekyll.find_site(path, corpus)
    hugo_site = hugo.find_site(path, corpus) if site is None else None
    post = jekyll.post_date_and_slug(path.name)
    date = _as_date(front.get("date")) or (post[0] if post else None)
    url = _text(front.get("url"))
    if url is None and site is not None and date is not None:
        url = jekyll.post_url(site, path, front, date)
    if title is None:
        title = (post[1] if post else path.stem).replace("-", " ").replace("_", " ")
    if hugo_site is not None:
        # Hugo's own `url:` is a path under baseURL; page_url reads it too.
        url = hugo.page_url(hugo_site, path, front, date, title)
    return date, url, title


def read_corpus(corpus: Path) -> Iterator[Document | ReportError]:
    """Each report in turn, or the ReportError saying why a file was skipped."""
    for path in discover(corpus):
        try:
            yield read_document(path, corpus)
        except ReportError as exc:
            yield exc
