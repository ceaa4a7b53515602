"""A searcher that follows its sources: local folders polled often, remote sources synced on a schedule,
rebuilt incrementally in the background and swapped in atomically."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from embeddings.catalogue import Catalogue
from embeddings.chunking import ChunkingOptions
from embeddings.encoders import Encoder
from embeddings.errors import EmbeddingsError
from embeddings.index import Index, IndexStore
from embeddings.pipeline import Pipeline
from embeddings.search import SearchOptions, Searcher
from embeddings.sources import FolderSource, Source
from embeddings.sync import BuildSummary, FetcherFactory, default_fetcher

log = logging.getLogger(__name__)


class LiveIndex:
    """Holds the current Searcher; `refresh()` replaces it with one over a rebuilt index.

    Questions keep being answered from the old Searcher while a rebuild runs (it is an ordinary object that
    stays alive for requests holding it), and a failed rebuild leaves it in place. The new index is the one
    the build made in memory: it is neither read back from disk nor is the old one re-read to reuse its
    vectors, and the chunking and search options given here hold for every refresh.
    """

    def __init__(
        self,
        sources: Path | Sequence[Source],
        store: Path | IndexStore,
        model: str,
        encoder: Encoder,
        index_type: str = "auto",
        *,
        options: ChunkingOptions | None = None,
        search_options: SearchOptions | None = None,
        make_fetcher: FetcherFactory = default_fetcher,
        data_dir: Path = Path("data"),
        drop_after: int = 3,
        index: Index | None = None,
    ) -> None:
        """`index` is the store's current index when the caller already holds it (as after `update()`). A
        refresh never exports the ONNX model: the start did, and `encoder` may be that model itself."""
        self.pipeline = Pipeline(
            tuple([FolderSource(sources)] if isinstance(sources, Path) else sources),
            store if isinstance(store, IndexStore) else IndexStore(store), model, lambda: encoder,
            index_type=index_type, options=options or ChunkingOptions(), make_fetcher=make_fetcher,
            data_dir=data_dir, drop_after=drop_after,
        )
        self.store = self.pipeline.store
        self.model = model
        self.encoder = encoder
        self.search_options = search_options
        self.last_summary: BuildSummary | None = None
        self._refresh_lock = threading.Lock()
        self._stop = threading.Event()
        self._searcher = Searcher(index or self.store.load(expect_model=model), encoder, search_options)

    @classmethod
    def from_pipeline(
        cls, pipeline: Pipeline, encoder: Encoder, *, search_options: SearchOptions | None = None,
        index: Index | None = None,
    ) -> LiveIndex:
        """Follows `pipeline`'s sources, answering with `encoder`, which also embeds what a refresh must."""
        return cls(
            pipeline.sources, pipeline.store, pipeline.model, encoder, pipeline.index_type, options=pipeline.options,
            search_options=search_options, make_fetcher=pipeline.make_fetcher, data_dir=pipeline.data_dir,
            drop_after=pipeline.drop_after, index=index,
        )

    @property
    def sources(self) -> tuple[Source, ...]:
        return self.pipeline.sources

    @property
    def searcher(self) -> Searcher:
        return self._searcher

    @property
    def catalogue(self) -> Catalogue:
        """The reports of the index being answered from: it comes with the searcher, so the two swap together."""
        return self._searcher.index.catalogue

    def source_health(self) -> dict[str, Any]:
        """For /healthz: when remote sources were last synced and what could not be fetched."""
        state = self.store.read_state()
        errors = {label: s["error"] for label, s in state.get("sources", {}).items() if s.get("error")}
        errors.update({k: s["error"] for k, s in state.get("documents", {}).items() if s.get("error")})
        return {"count": len(self.sources), "synced_at": state.get("synced_at"), "errors": errors}

    @property
    def has_remote_sources(self) -> bool:
        return self.pipeline.has_remote_sources

    def refresh(self, remote: bool = True) -> BuildSummary | None:
        """Sync (remote sources too unless `remote` is False) and swap in the new index if anything changed;
        None when nothing had. Raises what the build raises."""
        with self._refresh_lock:
            summary, index = self.pipeline.update(held=self._searcher.index, remote=remote)
            self.last_summary = summary
            if index is not None and index is not self._searcher.index:
                self._searcher = Searcher(index, self.encoder, self.search_options)
            if summary.up_to_date:
                return None
            log.info("reloaded: %s", summary.line())
            return summary

    def watch(self, interval_s: float, sync_interval_s: float = 0.0) -> threading.Thread:
        """In a daemon thread until `stop()`: local folders every `interval_s` seconds, remote sources every
        `sync_interval_s` (0: never on a schedule, only through `refresh()`)."""
        steps = [s for s in (interval_s, sync_interval_s) if s > 0]
        tick = min(steps) if steps else 60.0

        def loop() -> None:
            # Due one interval after the last sync, which may have been before a restart.
            next_sync = time.monotonic() + sync_interval_s - self._since_last_sync()
            last_error = ""
            while not self._stop.wait(tick):
                remote = sync_interval_s > 0 and self.has_remote_sources and time.monotonic() >= next_sync
                if not remote and interval_s <= 0:
                    continue
                try:
                    self.refresh(remote=remote)
                    last_error = ""
                except EmbeddingsError as exc:
                    # A folder that is gone stays gone for many ticks: said once, not every 30 s.
                    if str(exc) != last_error:
                        log.warning("the index could not be updated (%s); still answering from the index built %s",
                                    exc, self._searcher.index.manifest.built_at)
                    last_error = str(exc)
                except Exception:
                    log.exception("rebuilding the index failed; still answering from the index built %s",
                                  self._searcher.index.manifest.built_at)
                if remote:
                    next_sync = time.monotonic() + sync_interval_s

        thread = threading.Thread(target=loop, name="corpus-watch", daemon=True)
        thread.start()
        return thread

    def _since_last_sync(self) -> float:
        synced_at = self.store.read_state().get("synced_at")
        try:
            then = dt.datetime.fromisoformat(synced_at) if isinstance(synced_at, str) else None
        except ValueError:
            then = None
        return max(0.0, (dt.datetime.now(dt.timezone.utc) - then).total_seconds()) if then else float("inf")

    def stop(self) -> None:
        self._stop.set()
