"""Sources → the published index, in one straight line: read every source (embeddings.collect), build only
when something changed, publish atomically, remember how each fetch went.

A page that fails (404, timeout, garbage) keeps its last good version in the index and is reported; after
`drop_after` consecutive failed syncs it is dropped. A document its source no longer lists (a deleted file,
a page gone from a sitemap) leaves at once. Nothing loads the model unless passages must be embedded.
The settings' one wiring of this is embeddings.pipeline.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from embeddings.index import dense as ann
from embeddings.build import build
from embeddings.chunking import ChunkingOptions
from embeddings.collect import Collected, FetcherFactory, collect, now
from embeddings.encoders import Encoder
from embeddings.encoders.onnx import ensure_exported
from embeddings.errors import EmbeddingsError, IndexNotFound
from embeddings.index import FORMAT_VERSION, Index, IndexStore
from embeddings.sources import Source

if TYPE_CHECKING:
    from embeddings.sources.web import Fetcher

log = logging.getLogger(__name__)

EncoderFactory = Callable[[], Encoder]


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


def _load_previous(store: IndexStore, held: Index | None) -> Index | None:
    """The live index: the one in memory when it is still the live one, else read from disk."""
    current = store.current()
    if held is not None and held.path is not None and current is not None and held.path == current:
        return held
    try:
        return store.load()
    except IndexNotFound:  # a first build: "rebuilding the index: no readable index yet" says so
        return None
    except EmbeddingsError as exc:
        log.info("not reusing the existing index: %s", exc)
        return None


def _rebuild_reason(
    previous: Index | None, collected: Collected, model: str, options: ChunkingOptions, index_type: str
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
    sources: Sequence[Source], store: IndexStore, make_encoder: EncoderFactory, model: str, *,
    held: Index | None = None, force: bool = False, options: ChunkingOptions | None = None, index_type: str = "auto",
    remote: bool = True, make_fetcher: FetcherFactory = default_fetcher, data_dir: Path = Path("data"),
    drop_after: int = 3, progress: bool = False, export_onnx: bool = False,
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
        collected = collect(
            sources, previous, state, remote=remote, make_fetcher=make_fetcher, data_dir=data_dir,
            drop_after=drop_after, progress=progress,
        )
        if remote:
            state["synced_at"] = now()
        reason = "forced" if force else _rebuild_reason(previous, collected, model, options, index_type)
        if reason is None:
            assert previous is not None
            index = _keep(previous, collected, store)
            store.write_state(state)
            if export_onnx:
                ensure_exported(store.folder, index.manifest.model_fingerprint, make_encoder)
            return _summary(index, collected, seconds=None), index
        log.info("rebuilding the index: %s", reason)
        index, encoder = _rebuild(previous, collected, make_encoder, model, force=force, options=options,
                                  index_type=index_type, progress=progress, store=store)
        store.write_state(state)
        if export_onnx:
            ensure_exported(store.folder, encoder.fingerprint, lambda: encoder, again=force)
    return _summary(index, collected, seconds=time.perf_counter() - started), index


def _summary(index: Index, collected: Collected, seconds: float | None) -> BuildSummary:
    """What a sync did; `seconds` None when the index was already up to date."""
    manifest = index.manifest
    if seconds is None:
        count = manifest.chunk_count
        return BuildSummary(manifest.report_count, count, count, 0, seconds=0.0, up_to_date=True, **_problems(collected))
    return BuildSummary(
        reports=manifest.report_count, chunks=manifest.chunk_count, reused=manifest.chunk_count - manifest.embedded,
        embedded=manifest.embedded, seconds=seconds, **_problems(collected),
    )


def _problems(collected: Collected) -> dict[str, tuple[str, ...]]:
    return dict(
        skipped=tuple(collected.skipped), changed=tuple(collected.changed), failed=tuple(collected.failed),
        dropped=tuple(collected.dropped),
    )


def _keep(previous: Index, collected: Collected, store: IndexStore) -> Index:
    """The index as it is; republished only when its bookkeeping changed."""
    if collected.records == previous.manifest.documents and collected.skipped == previous.manifest.skipped:
        return previous
    # Same passages, new bookkeeping (an ETag, where a document comes from): no model needed.
    manifest = replace(previous.manifest, documents=collected.records, skipped=list(collected.skipped))
    index = replace(previous, manifest=manifest)
    store.publish(index)
    return index


def _rebuild(
    previous: Index | None, collected: Collected, make_encoder: EncoderFactory, model: str, *, force: bool,
    options: ChunkingOptions, index_type: str, progress: bool, store: IndexStore,
) -> tuple[Index, Encoder]:
    """Build from the collected documents (reusing the vectors of unchanged passages) and publish."""
    if not collected.documents:
        problems = "; ".join([*collected.failed, *collected.skipped][:5]) or "the sources hold no reports"
        raise EmbeddingsError(f"no report could be read, so the index was left as it is ({problems})")
    encoder = make_encoder()
    reuse = previous if previous is not None and previous.manifest.model == model and not force else None
    index = build(
        collected.documents, encoder, reuse, model=model, records=collected.records, options=options,
        index_type=index_type, skipped=collected.skipped, progress=progress,
    )
    store.publish(index)
    return index, encoder
