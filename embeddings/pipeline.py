"""The one wiring of sources → index: everything an update needs that stays the same from one update to the
next, built once (from the settings, for the CLI and the bot) and used by `python -m embeddings build`, the
bot's start and LiveIndex alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from embeddings.chunking import ChunkingOptions
from embeddings.config import Settings
from embeddings.index import Index, IndexStore
from embeddings.sources import FolderSource, Source, configured_sources, fetcher_factory
from embeddings.sync import BuildSummary, EncoderFactory, FetcherFactory, default_fetcher, update


@dataclass(frozen=True)
class Pipeline:
    sources: tuple[Source, ...]
    store: IndexStore
    model: str
    make_encoder: EncoderFactory
    index_type: str = "auto"
    options: ChunkingOptions = field(default_factory=ChunkingOptions)
    make_fetcher: FetcherFactory = default_fetcher
    data_dir: Path = Path("data")
    drop_after: int = 3
    # Export the query-time ONNX model from the build's encoder when the index has none (embeddings.encoders.onnx).
    export_onnx: bool = False

    @classmethod
    def from_settings(
        cls, settings: Settings, make_encoder: EncoderFactory, *, sources: Sequence[Source] | None = None,
        index_dir: Path | None = None,
    ) -> Pipeline:
        """The settings' sources (or `sources`) into INDEX_DIR (or `index_dir`)."""
        return cls(
            sources=tuple(configured_sources(settings) if sources is None else sources),
            store=IndexStore(index_dir or settings.index_dir), model=settings.embedding_model,
            make_encoder=make_encoder, index_type=settings.index_type, make_fetcher=fetcher_factory(settings),
            data_dir=settings.data_dir, drop_after=settings.drop_after_failures,
            export_onnx=settings.encoder in ("auto", "onnx"),
        )

    @property
    def has_remote_sources(self) -> bool:
        return any(source.remote for source in self.sources)

    def update(
        self, *, held: Index | None = None, force: bool = False, remote: bool = True, progress: bool = False
    ) -> tuple[BuildSummary, Index | None]:
        """Sync the sources into the store (embeddings.sync.update): (summary, the live index afterwards)."""
        return update(
            self.sources, self.store, self.make_encoder, self.model, held=held, force=force, options=self.options,
            index_type=self.index_type, remote=remote, make_fetcher=self.make_fetcher, data_dir=self.data_dir,
            drop_after=self.drop_after, progress=progress, export_onnx=self.export_onnx,
        )


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
    pipeline = Pipeline(
        (FolderSource(corpus),), IndexStore(index_dir), model, make_encoder, index_type=index_type,
        options=options or ChunkingOptions(), export_onnx=export_onnx,
    )
    summary, _ = pipeline.update(force=force, progress=progress)
    return summary
