"""A web page → Document: the article's text as Markdown (headings kept, with the page's own anchor ids) and
its title, author, date and canonical URL from the page's metadata (`metadata.py`).

trafilatura finds the main content, after what is never the article has been removed (`boilerplate.py`).
"""

from __future__ import annotations

import re
from typing import Any

from embeddings.documents.boilerplate import strip_boilerplate
from embeddings.documents.metadata import read_metadata
from embeddings.errors import ReportError
from embeddings.models import Document
from embeddings.text import as_date as _as_date

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*(?:#+[ \t]*)?$", re.MULTILINE)
_SPACE = re.compile(r"\s+")
# Browsers ignore a stray `</html>` or `</body>` (some themes close the document after <head>); libxml2
# would stop there and lose the whole body.
_EARLY_END = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([\w-]+)", re.IGNORECASE)


def _normalized(text: str) -> str:
    return _SPACE.sub(" ", text).strip().rstrip("#¶§🔗").strip().casefold()


def _drop_heading_permalinks(tree: Any) -> None:
    """The "#" or "¶" link a theme puts in each heading is not part of its text."""
    for link in tree.xpath("//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6]//a[starts-with(@href, '#')]"):
        if _normalized(link.text_content()) in {"", "#", "¶", "§", "🔗", "link", "permalink", "anchor"}:
            link.drop_tree()


def _heading_ids(tree: Any) -> dict[str, str]:
    """Normalized heading text → the id a link to that section uses (on the heading or an anchor in it)."""
    ids: dict[str, str] = {}
    for heading in tree.xpath("//h1|//h2|//h3|//h4|//h5|//h6"):
        anchor = heading.get("id")
        if not anchor:
            inner = heading.xpath(".//*[@id]/@id | .//a[@name]/@name")
            permalink = heading.xpath(".//a[starts-with(@href, '#') and string-length(@href) > 1]/@href")
            anchor = inner[0] if inner else permalink[0][1:] if permalink else None
        if not anchor:
            parent = heading.getparent()
            if parent is not None and parent.tag == "section" and parent.get("id"):
                anchor = parent.get("id")
        text = _normalized(heading.text_content())
        if anchor and text and text not in ids:
            ids[text] = anchor
    return ids


def _add_heading_ids(markdown: str, ids: dict[str, str]) -> str:
    def rewrite(match: re.Match[str]) -> str:
        hashes, text = match.group(1), match.group(2).strip()
        anchor = ids.get(_normalized(text))
        return f"{hashes} {text} {{#{anchor}}}" if anchor else f"{hashes} {text}"

    return _HEADING.sub(rewrite, markdown)


def _extract(html: str, precise: bool) -> str | None:
    import trafilatura

    return trafilatura.extract(
        html,
        output_format="markdown",
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        favor_precision=precise,
        favor_recall=not precise,
        deduplicate=False,
        with_metadata=False,
    )


def decode_html(data: bytes, charset: str | None = None) -> str:
    """The page's text: UTF-8 when it decodes as such (most of the web, declared or not), else the charset the
    server or the page declares, else Windows-1252 (what browsers assume)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:4096])
    for candidate in (charset, declared.group(1).decode("ascii") if declared else None, "cp1252"):
        if candidate:
            try:
                return data.decode(candidate, errors="replace")
            except LookupError:
                continue
    return data.decode("cp1252", errors="replace")


def html_to_document(
    data: bytes | str, source: str, content_hash: str, fetched_url: str | None = None, charset: str | None = None
) -> Document:
    """Raises ReportError when the page has no article text (an error page, a login wall, not HTML at all).

    `charset` is the one the server declared (Content-Type), if any.
    """
    # Imported here: a folder of Markdown reports, the common case, never pays for the HTML libraries.
    import lxml.html
    import trafilatura

    tree = _parse(data, source, charset)
    page = read_metadata(tree, fetched_url)
    ids = _heading_ids(tree)
    _drop_heading_permalinks(tree)
    strip_boilerplate(tree)
    cleaned = lxml.html.tostring(tree, encoding="unicode")
    text = _extract(cleaned, precise=True) or _extract(cleaned, precise=False)
    if not text or not text.strip():
        raise ReportError(f"{source}: no article text found on the page")
    title, date = page.title, page.date
    if title is None or date is None:
        # trafilatura's own guesses (htmldate for the date: the URL, visible dates) when the page declares none.
        metadata = trafilatura.extract_metadata(cleaned, extensive=False)
        if metadata is not None:
            title = title or metadata.title
            date = date or _as_date(metadata.date)
    return Document(
        source=source,
        title=(title or source).strip(),
        body=_add_heading_ids(text, ids),
        format="html",
        content_hash=content_hash,
        url=page.url,
        date=date,
        author=page.author,
        authors=page.authors,
        tags=page.tags,
        summary=page.summary,
    )


def _parse(data: bytes | str, source: str, charset: str | None) -> Any:
    import lxml.html
    from lxml import etree

    text = decode_html(data, charset) if isinstance(data, bytes) else data
    if "\x00" in text:
        raise ReportError(f"{source}: not an HTML page (binary content)")
    try:
        return lxml.html.document_fromstring(_EARLY_END.sub("", _XML_DECLARATION.sub("", text)))
    except (etree.ParserError, ValueError) as exc:
        raise ReportError(f"{source}: not an HTML page ({exc})") from exc
