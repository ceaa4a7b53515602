"""A searcher that follows the corpus: stale checks, incremental rebuilds in the background, atomic swaps."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from embeddings.build import BuildSummary, build
from embeddings.encoder import Encoder
from embeddings.index import open_index
from embeddings.search import Searcher

log = logging.getLogger(__name__)


class LiveIndex:
    """Holds the current Searcher; `refresh()` replaces it with one over a rebuilt index.

    Questions keep being answered from the old Searcher while a rebuild runs (it is an ordinary object that
    stays alive for requests holding it), and a failed rebuild leaves it in place.
    """

    def __init__(self, corpus: Path, index_dir: Path, model: str, encoder: Encoder, index_type: str = "auto") -> None:
        self.corpus = corpus
        self.index_type = index_type
        self.index_dir = index_dir
        self.model = model
        self.encoder = encoder
        self._refresh_lock = threading.Lock()
        self._stop = threading.Event()
        self._searcher = Searcher(open_index(index_dir, expect_model=model), encoder)

    @property
    def searcher(self) -> Searcher:
        return self._searcher

    def refresh(self) -> BuildSummary | None:
        """Rebuild and swap in if the corpus changed; None when it had not. Raises what the build raises."""
        with self._refresh_lock:
            # build() checks the corpus against the manifest itself and returns at once when nothing changed.
            summary = build(
                self.corpus, self.index_dir, lambda: self.encoder, self.model, progress=False, index_type=self.index_type
            )
            if summary.up_to_date:
                return None
            self._searcher = Searcher(open_index(self.index_dir, expect_model=self.model), self.encoder)
            log.info("reloaded: %s", summary.line())
            return summary

    def watch(self, interval_s: float) -> threading.Thread:
        """Poll the corpus every `interval_s` seconds in a daemon thread until `stop()`."""

        def loop() -> None:
            while not self._stop.wait(interval_s):
                try:
                    self.refresh()
                except Exception:
                    log.exception("rebuilding the index failed; still answering from the index built %s",
                                  self._searcher.index.manifest.built_at)

        thread = threading.Thread(target=loop, name="corpus-watch", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self._stop.set()
