"""The parts of a web page that are never the article: navigation, sidebars, footers, comment sections, cookie
banners, share and "related posts" boxes. They are removed before trafilatura looks for the main content, so
that a page whose article is hard to find yields less text rather than boilerplate."""

from __future__ import annotations

import re
from typing import Any

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


def strip_boilerplate(tree: Any) -> None:
    """Remove what is never the article, in place; an <aside> inside the post stays, as a <div>."""
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
