"""Documents and chunks as the JSON lines of `documents.jsonl` and `chunks.jsonl`."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any, TypeVar

from embeddings.models import Chunk, Document, Link

T = TypeVar("T")


def document_to_json(doc: Document) -> dict[str, Any]:
    data = asdict(doc)
    data["date"] = doc.date.isoformat() if doc.date else None
    return data


def document_from_json(data: dict[str, Any]) -> Document:
    # JSON has lists where the Document has tuples (tags, authors, …).
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in Document.__dataclass_fields__}
    values["date"] = dt.date.fromisoformat(data["date"]) if data.get("date") else None
    values["report_link"] = _link(data.get("report_link"))
    return Document(**values)


def chunk_to_json(chunk: Chunk) -> dict[str, Any]:
    data = asdict(chunk)
    data["headings"] = list(chunk.headings)
    data["date"] = chunk.date.isoformat() if chunk.date else None
    data["links"] = [[link.text, link.url] for link in chunk.links]
    data["report_link"] = [chunk.report_link.text, chunk.report_link.url] if chunk.report_link else None
    return data


def chunk_from_json(data: dict[str, Any]) -> Chunk:
    return Chunk(
        id=data["id"],
        source=data["source"],
        title=data["title"],
        headings=tuple(data["headings"]),
        text=data["text"],
        url=data.get("url"),
        date=dt.date.fromisoformat(data["date"]) if data.get("date") else None,
        event=data.get("event"),
        subtitle=data.get("subtitle"),
        links=tuple(Link(text=t, url=u) for t, u in data.get("links", [])),
        authors=tuple(data.get("authors") or ()),
        location=data.get("location"),
        tags=tuple(data.get("tags") or ()),
        summary=data.get("summary"),
        author_emails=tuple(data.get("author_emails") or ()),
        author_ids=tuple(data.get("author_ids") or ()),
        kind=data.get("kind") or "report",
        report_link=_link(data.get("report_link")),
    )


def _link(value: Any) -> Link | None:
    """A link written as {"text", "url"} (a Document's asdict) or [text, url] (a chunk's)."""
    if isinstance(value, dict):
        return Link(text=value["text"], url=value["url"])
    if isinstance(value, (list, tuple)) and len(value) == 2:
        return Link(text=value[0], url=value[1])
    return None


def write_lines(path: Path, items: Iterable[T], to_json: Callable[[T], dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for item in items:
            handle.write(json.dumps(to_json(item), ensure_ascii=False) + "\n")


def read_lines(path: Path, from_json: Callable[[dict[str, Any]], T]) -> list[T]:
    """Raises OSError, ValueError, KeyError or TypeError when the file is missing or damaged."""
    with path.open(encoding="utf-8") as handle:
        return [from_json(json.loads(line)) for line in handle if line.strip()]
