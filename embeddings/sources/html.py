"""A web page → Document: the article's text as Markdown (headings kept, with the page's own anchor ids) and
its title, author, date and canonical URL from the page's metadata.

trafilatura finds the main content; before it looks, the parts of a page that are never the article
(navigation, sidebars, footers, comment sections, cookie banners, share and "related posts" boxes) are
removed, so that a page whose article is hard to find yields less text rather than boilerplate.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urljoin


from embeddings.errors import ReportError
from embeddings.models import Document
from embeddings.text import as_date as _as_date

# Elements that hold no article text on any blog theme.
_NEVER_CONTENT = ("nav", "aside", "footer", "form", "script", "style", "noscript", "template", "iframe", "button", "dialog")
_NEVER_ROLES = {"navigation", "complementary", "contentinfo", "banner", "search", "dialog", "alertdialog"}
# class/id words of boilerplate containers, matched as whole words of the attribute ("post-comments" yes,
# "commentary" no).
_BOILERPLATE_WORDS = re.compile(
    r"(?:^|[\s_-])(comments?|respond|reply|disqus|cookies?|consent|gdpr|related|share|sharing|social|sidebar|"
    r"widgets?|newsletter|subscribe|subscription|breadcrumbs?|pagination|pager|menu|navbar|banner|advert|ads)"
    r"(?:$|[\s_-])",
    re.IGNORECASE,
)
_COMMENT_WORDS = re.compile(r"(?:^|[\s_-])(comments?|reply|respond|disqus)(?:$|[\s_-])", re.IGNORECASE)
# Never removed, whatever their class says.
_KEEP = {"html", "body", "main"}
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*(?:#+[ \t]*)?$", re.MULTILINE)
_SPACE = re.compile(r"\s+")
# Browsers ignore a stray `</html>` or `</body>` (some themes close the document after <head>); libxml2
# would stop there and lose the whole body.
_EARLY_END = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([\w-]+)", re.IGNORECASE)


def _normalized(text: str) -> str:
    return _SPACE.sub(" ", text).strip().rstrip("#¶§🔗").strip().casefold()


def _is_boilerplate(element: Any) -> bool:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _KEEP:
        return False
    if tag == "aside" and element.xpath("ancestor::article"):
        # Inside the post an <aside> is a callout ("Note: the slides are online"), unless it is a share box.
        return bool(_BOILERPLATE_WORDS.search(_names(element)))
    if tag in _NEVER_CONTENT or (element.get("role") or "").lower() in _NEVER_ROLES:
        return True
    if tag == "header" and element.xpath("ancestor::article|ancestor::main") == []:
        return True  # the site header; an article's own header holds its title and date
    if tag == "article":
        # The post itself may carry any class ("post share-enabled"); only a comment is an <article> to drop.
        return bool(_COMMENT_WORDS.search(_names(element)))
    if not _BOILERPLATE_WORDS.search(_names(element)):
        return False
    # A wrapper whose class merely mentions a sidebar ("has-sidebar") may still hold the article; one that
    # holds only <article class="comment"> elements (WordPress's comment list) does not.
    return not any(
        inner.tag != "article" or not _COMMENT_WORDS.search(_names(inner))
        for inner in element.xpath(".//article|.//main|.//*[@itemprop='articleBody']")
    )


def _names(element: Any) -> str:
    return f"{element.get('class') or ''} {element.get('id') or ''}"


def _strip_boilerplate(tree: Any) -> None:
    doomed = [el for el in tree.iter() if isinstance(el.tag, str) and _is_boilerplate(el)]
    for callout in tree.xpath("//article//aside"):
        if callout not in doomed:
            callout.tag = "div"  # trafilatura drops every <aside>; this one is part of the post
    for element in doomed:
        parent = element.getparent()
        if parent is not None:
            # Text that followed the element belongs to its parent, not to the element.
            tail, previous = element.tail, element.getprevious()
            parent.remove(element)
            if tail and tail.strip():
                if previous is not None:
                    previous.tail = (previous.tail or "") + tail
                else:
                    parent.text = (parent.text or "") + tail


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
    from lxml import etree

    text = decode_html(data, charset) if isinstance(data, bytes) else data
    if "\x00" in text:
        raise ReportError(f"{source}: not an HTML page (binary content)")
    try:
        tree = lxml.html.document_fromstring(_EARLY_END.sub("", _XML_DECLARATION.sub("", text)))
    except (etree.ParserError, ValueError) as exc:
        raise ReportError(f"{source}: not an HTML page ({exc})") from exc
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

    ids = _heading_ids(tree)
    _drop_heading_permalinks(tree)
    _strip_boilerplate(tree)
    cleaned = lxml.html.tostring(tree, encoding="unicode")
    text = _extract(cleaned, precise=True) or _extract(cleaned, precise=False)
    if not text or not text.strip():
        raise ReportError(f"{source}: no article text found on the page")
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
        url=url,
        date=date,
        author=author,
        authors=tuple(a.strip() for a in author.split(",") if a.strip()) if author else (),
        tags=tags,
        summary=_meta(tree, "og:description", "description"),
    )
