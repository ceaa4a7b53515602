"""Markdown (or plain text) → sections of readable text, split at headings.

A real parser (markdown-it, CommonMark + GFM tables and strikethrough) decides what is a heading, so a `#`
inside a code fence or a setext underline is read the way a renderer would read it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

from markdown_it import MarkdownIt
from markdown_it.token import Token

from embeddings.models import Link

_LIQUID = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
# kramdown inline attribute lists and extension tags ({: .class}, {:toc}, {::comment}) are markup, not text.
_KRAMDOWN_IAL = re.compile(r"\{:[^}\n]*\}")
_SPACES = re.compile(r"[ \t\u00a0]+")
_GFM_NON_WORD = re.compile(r"[^\w\- \t]")
# kramdown's explicit header id, `## Heading {#the-id}`; pages converted from HTML carry their ids this way.
_HEADER_ID = re.compile(r"\s*\{#([^\s{}]+)\}\s*$")
# Struck-out text stays marked (GFM's ~~), because dropping the mark reverses what the author meant ("a
# ~~galaxy~~ container"); renderers turn it into their own (Slack: ~galaxy~). Bold, emphasis and code only
# stress, so they become plain text.
STRIKE = "~~"
_STRIKE_HTML = re.compile(r"</?(?:del|s|strike)\s*>", re.IGNORECASE)


@dataclass
class Section:
    """Text under one heading, up to the next heading of any level."""

    headings: tuple[str, ...]
    anchor: str | None
    blocks: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


class _TextOfHtml(HTMLParser):
    # Their content is code or styling, never something a reader sees.
    _HIDDEN = {"script", "style", "template", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self._hidden += 1
        elif tag in {"br", "p", "div", "li", "tr"}:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


class AnchorIds:
    """Section ids the way kramdown's GFM parser (Jekyll's default) makes them, duplicates numbered."""

    def __init__(self) -> None:
        self._seen: Counter[str] = Counter()

    def __call__(self, heading: str) -> str:
        # kramdown turns "--"/"---" into dashes and quotes into curly quotes before making the id, and
        # both are then dropped as non-word characters.
        text = heading.replace("---", "").replace("--", "")
        slug = _GFM_NON_WORD.sub("", text.lower()).replace(" ", "-").replace("\t", "-")
        count = self._seen[slug]
        self._seen[slug] += 1
        return f"{slug}-{count}" if count else slug


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")


def _inline_text(token: Token, links: list[Link]) -> str:
    parts: list[str] = []
    link_href: str | None = None
    link_start = 0
    for child in token.children or []:
        kind = child.type
        if kind in {"text", "code_inline"}:
            parts.append(child.content)
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "hardbreak":
            parts.append("\n")
        elif kind == "image":
            alt = "".join(c.content for c in child.children or [])
            if alt:
                parts.append(alt)
        elif kind in {"s_open", "s_close"}:
            parts.append(STRIKE)
        elif kind == "html_inline":
            if re.match(r"<br\s*/?>", child.content, re.IGNORECASE):
                parts.append("\n")
            elif _STRIKE_HTML.fullmatch(child.content.strip()):
                parts.append(STRIKE)
        elif kind == "link_open":
            link_href = str(child.attrs.get("href", ""))
            link_start = len(parts)
        elif kind == "link_close" and link_href is not None:
            text = "".join(parts[link_start:]).strip()
            if link_href.startswith(("http://", "https://", "mailto:")):
                links.append(Link(text=text or link_href, url=link_href))
            link_href = None
    return "".join(parts)


def _clean(text: str) -> str:
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def parse_markdown(source: str, derive_anchors: bool = True) -> list[Section]:
    """Split Markdown into sections at every heading, each with its plain text blocks and links.

    A heading's anchor is its explicit `{#id}` when it has one, else the id kramdown would derive, or none
    when `derive_anchors` is off (text converted from an HTML page, whose headings have only the ids the
    page gave them).
    """
    source = _KRAMDOWN_IAL.sub("", _LIQUID.sub("", source))
    tokens = _parser().parse(source)
    walk = _Walk(derive_anchors)
    i = 0
    while i < len(tokens):
        if tokens[i].type == "heading_open":
            walk.heading(tokens[i], tokens[i + 1])
            i += 3  # heading_open, its inline text, heading_close
            continue
        walk.token(tokens, i)
        i += 1
    return [s for s in walk.sections if s.blocks]


class _Walk:
    """The state of one pass over the token stream: the sections so far, the enclosing headings, open lists."""

    def __init__(self, derive_anchors: bool) -> None:
        self.derive_anchors = derive_anchors
        self.anchors = AnchorIds()
        self.sections = [Section(headings=(), anchor=None)]
        self.stack: list[tuple[int, str]] = []  # (level, heading text) of the headings enclosing the current one
        self.list_depth = 0
        self.ordinals: list[int | None] = []  # per open list: next number for ordered lists, None for bullets
        self.item_first_paragraph = False
        self.row: list[str] = []

    def heading(self, token: Token, inline: Token) -> None:
        level = int(token.tag[1])
        heading = _clean(_inline_text(inline, [])).replace("\n", " ")
        explicit = _HEADER_ID.search(heading)
        if explicit:
            heading = heading[: explicit.start()]
        anchor = explicit.group(1) if explicit else self.anchors(heading) if self.derive_anchors else None
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        self.stack.append((level, heading))
        self.sections.append(Section(headings=tuple(h for _, h in self.stack), anchor=anchor))

    def token(self, tokens: list[Token], i: int) -> None:
        token, current, kind = tokens[i], self.sections[-1], tokens[i].type
        if kind in {"bullet_list_open", "ordered_list_open"}:
            self.list_depth += 1
            start = token.attrs.get("start", 1) if kind == "ordered_list_open" else None
            self.ordinals.append(int(start) if start is not None else None)
        elif kind in {"bullet_list_close", "ordered_list_close"}:
            self.list_depth -= 1
            self.ordinals.pop()
        elif kind == "list_item_open":
            self.item_first_paragraph = True
        elif kind == "inline" and token.map is not None and tokens[i - 1].type == "paragraph_open":
            self.paragraph(_clean(_inline_text(token, current.links)))
        elif kind in {"th_open", "td_open"}:
            self.row.append(_clean(_inline_text(tokens[i + 1], current.links)).replace("\n", " "))
        elif kind == "tr_close":
            if any(self.row):
                current.blocks.append(" | ".join(self.row))
            self.row = []
        elif kind in {"fence", "code_block"}:
            code = token.content.strip("\n")
            if code.strip():
                current.blocks.append(code)
        elif kind == "html_block":
            text = _clean(html_to_text(token.content))
            if text:
                current.blocks.append(text)

    def paragraph(self, text: str) -> None:
        """A paragraph's text; the first paragraph of a list item gets its bullet or number, indented by depth."""
        if text:
            if self.list_depth and self.item_first_paragraph:
                number = self.ordinals[-1]
                marker = "•" if number is None else f"{number}."
                if number is not None:
                    self.ordinals[-1] = number + 1
                text = "  " * (self.list_depth - 1) + f"{marker} {text}"
            self.sections[-1].blocks.append(text)
        self.item_first_paragraph = False


def parse_plain_text(body: str) -> list[Section]:
    """A plain-text report has no headings: one section whose blocks are its paragraphs."""
    paragraphs = re.split(r"\n\s*\n", body)
    blocks = [_clean(p).replace("\n", " ") for p in paragraphs]
    return [Section(headings=(), anchor=None, blocks=[b for b in blocks if b])]
