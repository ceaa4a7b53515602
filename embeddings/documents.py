"""Report files on disk → Documents: discovery, decoding, front matter, title, date and URL."""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Collection, Iterator
from pathlib import Path

from embeddings import frontmatter, hugo, jekyll
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
    text = decode(data, source)
    about, body = frontmatter.split(text, source)
    is_markdown = about is not None or path.suffix.lower() != ".txt"
    about = about or frontmatter.FrontMatter(raw={})
    front = about.raw
    if not body.strip():
        raise ReportError(f"{source}: has front matter but no text")

    title = about.title
    if is_markdown:
        heading = _FIRST_HEADING.search(body)
        title = title or (heading.group(1).strip() if heading else None)
    else:
        # A plain-text report's first line is its title, not part of its text.
        first, _, rest = body.strip().partition("\n")
        title = title or first.strip()
        body = rest

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


def read_corpus(corpus: Path) -> Iterator[Document | ReportError]:
    """Each report in turn, or the ReportError saying why a file was skipped."""
    for path in discover(corpus):
        try:
            yield read_document(path, corpus)
        except ReportError as exc:
            yield exc
