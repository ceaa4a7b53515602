"""What the sources say now, merged with what the index held: the documents and records of the next index.

A remote source that cannot be read keeps what it had; a document that fails keeps its last good version
until `drop_after` syncs in a row failed; a document its source no longer lists leaves at once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tqdm import tqdm

from embeddings.index import Index
from embeddings.models import Document, DocumentRecord
from embeddings.sources import Source, SourceError, SyncContext
from embeddings.sources.base import Failed, Fetched, Outcome, Unchanged

if TYPE_CHECKING:
    from embeddings.sources.web import Fetcher

log = logging.getLogger(__name__)

FetcherFactory = Callable[[], "Fetcher"]


@dataclass
class Collected:
    documents: list[Document] = field(default_factory=list)
    records: dict[str, DocumentRecord] = field(default_factory=dict)
    changed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class Collector:
    """Merges what each source says into the documents and records of the next index."""

    def __init__(self, previous: Index | None, state: dict[str, Any], drop_after: int) -> None:
        self.now = now()
        self.out = Collected()
        self.prev_docs = {doc.source: doc for doc in previous.documents} if previous else {}
        self.prev_records = (
            {k: v for k, v in previous.manifest.documents.items() if k in self.prev_docs} if previous else {}
        )
        self.source_states: dict[str, Any] = state.setdefault("sources", {})
        self.doc_states: dict[str, Any] = state.setdefault("documents", {})
        self.drop_after = drop_after
        self.seen: set[str] = set()

    def known(self, label: str) -> dict[str, DocumentRecord]:
        return {k: v for k, v in self.prev_records.items() if v.origin == label}

    def read(self, source: Source, ctx: SyncContext) -> tuple[list[Outcome], bool]:
        """(outcomes, whether the source was really read); a remote source that fails keeps what it had."""
        state = self.source_states.setdefault(source.label, {})
        try:
            outcomes = list(source.read(ctx))
        except Exception as exc:  # a source that cannot be read costs its news, never the index
            if not source.remote and not isinstance(exc, SourceError):
                raise
            reason = str(exc) if isinstance(exc, SourceError) else f"{type(exc).__name__}: {exc}"
            log.warning("cannot read %s: %s; keeping its %d document(s)", source.label, reason, len(ctx.known),
                        exc_info=not isinstance(exc, SourceError))
            state.update(fetched_at=self.now, error=reason)
            self.out.failed.append(f"{source.label}: {reason}")
            return [Unchanged(k) for k in ctx.known], False
        state.update(fetched_at=self.now, error=None)
        return outcomes, True

    def take(self, outcome: Outcome, label: str, fetched: bool) -> bool:
        """Apply one outcome; True when the document is in the next index."""
        key = outcome.id
        if key in self.seen:
            self.out.skipped.append(f"{key}: also listed by an earlier source; {label} skipped")
            return False
        self.seen.add(key)
        doc_state = self.doc_states.setdefault(key, {})
        doc_state["origin"] = label
        before = self.prev_records.get(key)
        if isinstance(outcome, Fetched):
            return self._fetched(outcome, label, before, doc_state)
        if isinstance(outcome, Unchanged) and before is not None:
            self.out.documents.append(self.prev_docs[key])
            self.out.records[key] = replace(before, origin=label)
            if fetched:
                doc_state.update(fetched_at=self.now, error=None, failures=0)
            return True
        if not isinstance(outcome, Failed):
            return False
        return self._failed(outcome, before, doc_state)

    def _fetched(self, outcome: Fetched, label: str, before: DocumentRecord | None, doc_state: dict[str, Any]) -> bool:
        key, out = outcome.id, self.out
        same = before is not None and before.hash == outcome.content_hash
        out.documents.append(outcome.document)
        out.records[key] = DocumentRecord(
            hash=outcome.content_hash, origin=label, changed_at=before.changed_at if same and before else self.now,
            etag=outcome.etag, last_modified=outcome.last_modified,
            # An index from before added_at was kept: its documents were there at least since they last changed.
            added_at=(before.added_at or before.changed_at) if before else self.now,
        )
        if not same:
            out.changed.append(key)
        doc_state.update(fetched_at=self.now, error=None, failures=0)
        return True

    def _failed(self, outcome: Failed, before: DocumentRecord | None, doc_state: dict[str, Any]) -> bool:
        key, out = outcome.id, self.out
        failures = int(doc_state.get("failures", 0)) + 1
        doc_state.update(fetched_at=self.now, error=outcome.reason, failures=failures)
        if before is None:
            log.warning("skipping %s: %s", key, outcome.reason)
            out.skipped.append(f"{key}: {outcome.reason}")
            return False
        if failures >= self.drop_after:
            log.warning("dropping %s: %s (%d syncs in a row)", key, outcome.reason, failures)
            out.dropped.append(key)
            return False
        log.warning("cannot fetch %s: %s; keeping the version from %s", key, outcome.reason,
                    before.changed_at or "the last build")
        out.failed.append(f"{key}: {outcome.reason}")
        out.documents.append(self.prev_docs[key])
        out.records[key] = before
        return True

    def finish(self, labels: set[str]) -> Collected:
        # Gone from its source (a deleted file, a page no longer in the sitemap), or its source is no longer listed.
        for gone in sorted(set(self.prev_records) - self.seen):
            log.info("%s is no longer in %s; removing it", gone, self.prev_records[gone].origin or "the sources")
            self.out.dropped.append(gone)
        # Forget what no source mentions any more.
        for stale in set(self.doc_states) - self.seen:
            del self.doc_states[stale]
        for stale in set(self.source_states) - labels:
            del self.source_states[stale]
        return self.out


def collect(
    sources: Sequence[Source],
    previous: Index | None,
    state: dict[str, Any],
    *,
    remote: bool,
    make_fetcher: FetcherFactory,
    data_dir: Path,
    drop_after: int,
    progress: bool,
) -> Collected:
    collector = Collector(previous, state, drop_after)
    fetcher: Fetcher | None = None
    try:
        for source in sources:
            known = collector.known(source.label)
            if source.remote and not remote:
                outcomes, fetched = [Unchanged(k) for k in known], False
            else:
                if source.remote and fetcher is None:
                    fetcher = make_fetcher()
                with tqdm(desc=source.label[:60], unit=" doc", disable=not progress, leave=False) as bar:
                    memory = collector.source_states.setdefault(source.label, {}).setdefault("memory", {})
                    ctx = SyncContext(
                        known=known, state=memory, fetcher=fetcher, data_dir=data_dir, progress=bar.update,
                        taken=frozenset(collector.seen),
                    )
                    outcomes, fetched = collector.read(source, ctx)
            kept = sum(collector.take(outcome, source.label, fetched) for outcome in outcomes)
            collector.source_states.setdefault(source.label, {})["documents"] = kept
    finally:
        if fetcher is not None:
            fetcher.close()
    return collector.finish({s.label for s in sources})
