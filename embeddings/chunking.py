"""Documents → Chunks: one per heading section, long sections split into overlapping windows."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from embeddings.documents.markdown import Section, parse_markdown, parse_plain_text
from embeddings.models import HEADING_SEPARATOR, Chunk, Document

TokenCounter = Callable[[str], int]

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"'“(\[]?[A-Z0-9])")


@dataclass(frozen=True)
class ChunkingOptions:
    # all-MiniLM-L6-v2 reads 256 word pieces; the title and headings that go in front of the passage and
    # the two special tokens come out of that budget.
    max_tokens: int = 256
    # Words carried over from the end of one window into the next, so a sentence cut at a window edge is
    # whole in one of them.
    overlap_tokens: int = 48
    # Below this, a window would be a fragment; the budget never goes under it.
    min_tokens: int = 64


def approximate_tokens(text: str) -> int:
    """Word pieces are about 1.3 per English word; used where no tokenizer is at hand."""
    return max(1, round(len(text.split()) * 1.3)) if text.strip() else 0


def split_sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def _split_words(text: str, budget: int, count: TokenCounter) -> list[str]:
    words = text.split()
    pieces: list[str] = []
    current: list[str] = []
    for word in words:
        current.append(word)
        if count(" ".join(current)) > budget and len(current) > 1:
            current.pop()
            pieces.append(" ".join(current))
            current = [word]
    if current:
        pieces.append(" ".join(current))
    return pieces


def _units(blocks: Iterable[str], budget: int, count: TokenCounter) -> list[tuple[str, int]]:
    """Blocks, with any too long for one window cut at sentence and, failing that, word boundaries."""
    units: list[tuple[str, int]] = []
    for block in blocks:
        size = count(block)
        if size <= budget:
            units.append((block, size))
            continue
        for sentence in split_sentences(block):
            sentence_size = count(sentence)
            if sentence_size <= budget:
                units.append((sentence, sentence_size))
            else:
                units.extend((piece, count(piece)) for piece in _split_words(sentence, budget, count))
    return units


def windows(blocks: list[str], budget: int, overlap: int, count: TokenCounter) -> list[str]:
    """Pack blocks into windows of at most `budget` tokens; consecutive windows share up to `overlap`."""
    units = _units(blocks, budget, count)
    result: list[str] = []
    start = 0
    while start < len(units):
        end, size = start, 0
        while end < len(units) and (end == start or size + units[end][1] <= budget):
            size += units[end][1]
            end += 1
        result.append(_join([text for text, _ in units[start:end]]))
        if end >= len(units):
            break
        # Step back over trailing units that fit in the overlap, but always move forward.
        back, carried = end, 0
        while back - 1 > start and carried + units[back - 1][1] <= overlap:
            back -= 1
            carried += units[back][1]
        start = back
    return result


def _join(texts: list[str]) -> str:
    return "\n".join(texts)


def chunk_document(doc: Document, count: TokenCounter = approximate_tokens, options: ChunkingOptions | None = None) -> list[Chunk]:
    options = options or ChunkingOptions()
    if doc.format == "text":
        sections: list[Section] = parse_plain_text(doc.body)
    else:
        sections = parse_markdown(doc.body, derive_anchors=doc.format == "markdown")
    chunks: list[Chunk] = []
    for section in sections:
        headings = section.headings
        # Posts often repeat their title as the first heading; "Title › Title › Section" helps nobody.
        if headings and headings[0].casefold() == doc.title.casefold():
            headings = headings[1:]
        context = HEADING_SEPARATOR.join((doc.title, *headings, doc.subtitle or "", doc.event or "")) + ": "
        budget = max(options.min_tokens, options.max_tokens - 2 - count(context))
        url = doc.url
        if url and section.anchor:
            url = f"{url}#{section.anchor}"
        for text in windows(section.blocks, budget, options.overlap_tokens, count):
            links = tuple(link for link in section.links if link.text in text)
            chunks.append(
                Chunk(
                    id=f"{doc.source}#{len(chunks)}",
                    source=doc.source,
                    title=doc.title,
                    headings=headings,
                    text=text,
                    url=url,
                    date=doc.date,
                    event=doc.event,
                    subtitle=doc.subtitle,
                    links=links,
                    authors=doc.authors,
                    location=doc.location,
                    tags=doc.tags,
                    summary=doc.summary,
                    author_emails=doc.author_emails,
                    author_ids=doc.author_ids,
                    kind=doc.kind,
                    report_link=doc.report_link,
                )
            )
    return chunks
