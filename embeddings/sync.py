"""Sources → the published index, in one straight line: read every source, keep what could not be read,
build only when something changed, publish atomically, remember how each fetch went.

A page that fails (404, timeout, garbage) keeps its last good version in the index and is reported; after
`drop_after` consecutive failed syncs it is dropped. A document its source no longer lists (a deleted file,
a page gone from a sitemap) leaves at once. Nothing loads the model unless passages must be embedded.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tqdm import tqdm

from embeddings import ann
from embeddings.build import build
from embeddings.chunking import ChunkingOptions
from embeddings.encoders import Encoder
from embeddings.encoders.onnx import ensure_exported
from embeddings.errors import EmbeddingsError
from embeddings.index import FORMAT_VERSION, DocumentRecord, Index, IndexStore
from embeddings.models import Document
from embeddings.sources import FolderSource, Source, SourceError, SyncContext
from embeddings.sources.base import Failed, Fetched, Outcome, Unchanged

if TYPE_CHECKING:
    from embeddings.sources.web import Fetcher

log = logging.getLogger(__name__)

EncoderFactory = Callable[[], Encoder]
FetcherFactory = Callable[[], "Fetcher"]


def default_fetcher() -> Fetcher:
    """A fetcher with the default limits; httpx is imported only when a remote source is synced."""
    from embeddings.sources.web import Fetcher

    return Fetcher()


@dataclass(frozen=True)
class BuildSummary:
    reports: int
    chunks: int
    reused: int
    embedded: int
    skipped: tuple[str, ...]  # documents that could not be read and were never indexed, with the reason
    seconds: float
    up_to_date: bool = False
    changed: tuple[str, ...] = ()  # ids of documents added or changed
    # "<id>: <reason>" for documents that could not be read now and kept their last good version, and for
    # whole sources that could not be read (a feed that is down).
    failed: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()  # ids that left the index: gone from their source, or failing too long

    def line(self) -> str:
        problems = ""
        if self.failed:
            problems += f"; {len(self.failed)} could not be fetched (last good version kept)"
        if self.dropped:
            problems += f"; {len(self.dropped)} removed"
        if self.skipped:
            problems += f", skipped {len(self.skipped)} file(s)"
        if self.up_to_date:
            return f"index is up to date: {self.reports} reports, {self.chunks} chunks{problems}"
        return (
            f"indexed {self.reports} reports → {self.chunks} chunks "
            f"({self.reused} reused, {self.embedded} embedded) in {self.seconds:.1f} s{problems}"
        )


@dataclass
class _Collected:
    documents: list[Document] = field(default_factory=list)
    records: dict[str, DocumentRecord] = field(default_factory=dict)
    changed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _load_previous(store: IndexStore, held: Index | None) -> Index | None:
    """The live index: the one in memory when it is still the live one, else read from disk."""
    current = store.current()
    if held is not None and held.path is not None and current is not None and held.path == current:
        return held
    try:
        return store.load()
    except EmbeddingsError as exc:
        log.info("not reusing the existing index: %s", exc)
        return None


class _Collector:
    """Merges what each source says into the documents and records of the next index."""

    def __init__(self, previous: Index | None, state: dict[str, Any], drop_after: int) -> None:
        self.now = _now()
        self.out = _Collected()
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
        out, key = self.out, outcome.id
        if key in self.seen:
            out.skipped.append(f"{key}: also listed by an earlier source; {label} skipped")
            return False
        self.seen.add(key)
        doc_state = self.doc_states.setdefault(key, {})
        doc_state["origin"] = label
        before = self.prev_records.get(key)
        if isinstance(outcome, Fetched):
            same = before is not None and before.hash == outcome.content_hash
            out.documents.append(outcome.document)
            out.records[key] = DocumentRecord(
                hash=outcome.content_hash, origin=label, changed_at=before.changed_at if same and before else self.now,
                etag=outcome.etag, last_modified=outcome.last_modified,
            )
            if not same:
                out.changed.append(key)
            doc_state.update(fetched_at=self.now, error=None, failures=0)
            return True
        if isinstance(outcome, Unchanged) and before is not None:
            out.documents.append(self.prev_docs[key])
            out.records[key] = replace(before, origin=label)
            if fetched:
                doc_state.update(fetched_at=self.now, error=None, failures=0)
            return True
        if not isinstance(outcome, Failed):
            return False
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

    def finish(self, labels: set[str]) -> _Collected:
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


def _collect(
    sources: Sequence[Source],
    previous: Index | None,
    state: dict[str, Any],
    *,
    remote: bool,
    make_fetcher: FetcherFactory,
    data_dir: Path,
    drop_after: int,
    progress: bool,
) -> _Collected:
    collector = _Collector(previous, state, drop_after)
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


def _rebuild_reason(
    previous: Index | None, collected: _Collected, model: str, options: ChunkingOptions, index_type: str
) -> str | None:
    if previous is None:
        return "no readable index yet"
    manifest = previous.manifest
    if manifest.format_version != FORMAT_VERSION:
        return f"index format {manifest.format_version} is not {FORMAT_VERSION}"
    if manifest.model != model:
        return f"index was built with {manifest.model}, settings ask for {model}"
    if manifest.chunking != asdict(options):
        return "chunking settings changed"
    wanted = ann.resolve(index_type, manifest.chunk_count)
    if wanted != manifest.index_type:
        return f"INDEX_TYPE asks for {wanted}, the index is {manifest.index_type}"
    before = {k: v.hash for k, v in manifest.documents.items()}
    after = {k: v.hash for k, v in collected.records.items()}
    if before != after:
        differ = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
        return f"{len(differ)} report(s) added, changed or removed"
    return None


def update(
    sources: Sequence[Source],
    store: IndexStore,
    make_encoder: EncoderFactory,
    model: str,
    *,
    held: Index | None = None,
    force: bool = False,
    options: ChunkingOptions | None = None,
    index_type: str = "auto",
    remote: bool = True,
    make_fetcher: FetcherFactory = default_fetcher,
    data_dir: Path = Path("data"),
    drop_after: int = 3,
    progress: bool = False,
    export_onnx: bool = False,
) -> tuple[BuildSummary, Index | None]:
    """Sync `sources` into the index at `store`; (summary, the live index afterwards, None if there is none).

    `held` is the index the caller already has in memory (the bot's), so it is not read from disk again.
    With `remote` False, only local folders are read; remote sources keep what the index holds.
    With `export_onnx`, the query-time ONNX model is exported from the build's encoder when the index has none
    yet (also for an index that is otherwise up to date), see embeddings.encoders.onnx.
    """
    started = time.perf_counter()
    options = options or ChunkingOptions()
    with store.lock():
        previous = _load_previous(store, held)
        state = store.read_state()
        collected = _collect(
            sources, previous, state, remote=remote, make_fetcher=make_fetcher, data_dir=data_dir,
            drop_after=drop_after, progress=progress,
        )
        if remote:
            state["synced_at"] = _now()
        reason = "forced" if force else _rebuild_reason(previous, collected, model, options, index_type)
        common = dict(
            skipped=tuple(collected.skipped), changed=tuple(collected.changed), failed=tuple(collected.failed),
            dropped=tuple(collected.dropped),
        )
        if reason is None:
            assert previous is not None
            index = previous
            if collected.records != previous.manifest.documents or collected.skipped != previous.manifest.skipped:
                # Same passages, new bookkeeping (an ETag, where a document comes from): no model needed.
                manifest = replace(previous.manifest, documents=collected.records, skipped=list(collected.skipped))
                index = replace(previous, manifest=manifest)
                store.publish(index)
            store.write_state(state)
            if export_onnx:
                ensure_exported(store.folder, index.manifest.model_fingerprint, make_encoder)
            count = index.manifest.chunk_count
            return BuildSummary(index.manifest.report_count, count, count, 0, seconds=0.0, up_to_date=True, **common), index
        if not collected.documents:
            problems = "; ".join([*collected.failed, *collected.skipped][:5]) or "the sources hold no reports"
            raise EmbeddingsError(f"no report could be read, so the index was left as it is ({problems})")
        log.info("rebuilding the index: %s", reason)
        encoder = make_encoder()
        reuse = previous if previous is not None and previous.manifest.model == model and not force else None
        index = build(
            collected.documents, encoder, reuse, model=model, records=collected.records, options=options,
            index_type=index_type, skipped=collected.skipped, progress=progress,
        )
        store.publish(index)
        store.write_state(state)
        if export_onnx:
            ensure_exported(store.folder, encoder.fingerprint, lambda: encoder, again=force)
    embedded = index.manifest.embedded
    summary = BuildSummary(
        reports=index.manifest.report_count, chunks=index.manifest.chunk_count,
        reused=index.manifest.chunk_count - embedded, embedded=embedded, seconds=time.perf_counter() - started,
        **common,
    )
    return summary, index


def build_corpus(
    corpus: Path,
    index_dir: Path,
    make_encoder: EncoderFactory,
    model: str,
    *,
    force: bool = False,
    options: ChunkingOptions | None = None,
    progress: bool = True,
    index_type: str = "auto",
    export_onnx: bool = False,
) -> BuildSummary:
    """Bring the index at `index_dir` up to date with the report folder `corpus` (CORPUS_DIR)."""
    summary, _ = update(
        [FolderSource(corpus)], IndexStore(index_dir), make_encoder, model, force=force, options=options,
        progress=progress, index_type=index_type, export_onnx=export_onnx,
    )
    return summary
