"""The contract every kind of source keeps: read what it holds, one outcome per document."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Protocol

from embeddings.errors import EmbeddingsError
from embeddings.models import Document, DocumentRecord


class SourceError(EmbeddingsError):
    """A whole source cannot be read now (its feed is down, the repository cannot be pulled)."""


class SourcesFileError(EmbeddingsError):
    """The sources file cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Fetched:
    """A document read now: (source id, content hash, Document), plus the HTTP validators of what was read."""

    document: Document
    etag: str | None = None
    last_modified: str | None = None

    @property
    def id(self) -> str:
        return self.document.source

    @property
    def content_hash(self) -> str:
        return self.document.content_hash


@dataclass(frozen=True)
class Unchanged:
    """Still the version in the index (a 304, or the same bytes): nothing to read or embed."""

    id: str


@dataclass(frozen=True)
class Failed:
    """This document could not be read now; the index keeps its last good version."""

    id: str
    reason: str


Outcome = Fetched | Unchanged | Failed


@dataclass
class SyncContext:
    """What a source needs to read itself: what the index already holds from it, and how to fetch."""

    known: dict[str, DocumentRecord]  # source id → record, for documents of this source the index holds
    state: dict[str, Any]  # this source's own memory between syncs (a feed's ETag and entries); updated in place
    fetcher: Any = None  # embeddings.sources.web.Fetcher, created only when a remote source is read
    data_dir: Path = Path("data")
    progress: Callable[[int], None] = field(default=lambda n: None)  # called with the number of items done
    # Ids an earlier source already yielded in this sync: a post in both the feed and the sitemap is read once.
    taken: frozenset[str] = frozenset()


class Source(Protocol):
    kind: ClassVar[str]
    remote: ClassVar[bool]  # read over the network, so synced every SYNC_INTERVAL rather than polled

    @property
    def label(self) -> str:
        """How the sources file names it ("feed: https://…"): the origin recorded for its documents."""
        ...

    def read(self, ctx: SyncContext) -> Iterator[Outcome]:
        """One outcome per document it holds now. A known id it yields nothing for is gone from the source."""
        ...
