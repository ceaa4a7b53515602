"""The bot's cold start, done before any traffic is accepted: index up to date, index and model loaded, one
warm-up question."""

from __future__ import annotations

import logging
import sys

from bot.config import BotSettings
from embeddings.encoders import Encoder, get_encoder
from embeddings.errors import EmbeddingsError
from embeddings.index import Index
from embeddings.live import LiveIndex
from embeddings.pipeline import Pipeline
from embeddings.sources import Source, configured_sources
from embeddings.sources.saved import SavedAnswersSource

SAVED_PROVIDER = "slack"

log = logging.getLogger("bot")


def load_index(settings: BotSettings, rebuild: bool) -> LiveIndex:
    """One encoder serves both: with ENCODER=auto it is the index's ONNX model when there is a verified one (an
    incremental rebuild then needs no torch either), else sentence-transformers, which also exports the ONNX
    model so that the next start is light. Without sentence-transformers (the runtime install) a new index is
    built with the verified ONNX model of another index of the same weights (INDEX_DIR, ONNX_MODEL_DIR).
    """
    encoder: dict[str, Encoder] = {}

    def the_encoder() -> Encoder:
        if "model" not in encoder:
            encoder["model"] = get_encoder(
                settings.encoder, settings.embedding_model, index_dir=settings.index_dir,
                elsewhere=settings.onnx_elsewhere(),
            )
        return encoder["model"]

    pipeline = Pipeline.from_settings(settings, the_encoder, sources=with_saved_answers(configured_sources(settings)))
    current = bring_up_to_date(pipeline) if rebuild else None
    # update() already holds the current index in memory: not read from disk a second time
    live = LiveIndex.from_pipeline(pipeline, the_encoder(), index=current)
    live.searcher.search("warm up the model")
    manifest = live.searcher.index.manifest
    log.info(
        "index loaded: %d reports, %d chunks, built %s; questions encoded by %s", manifest.report_count,
        manifest.chunk_count, manifest.built_at, type(live.encoder).__name__,
    )
    return live


def bring_up_to_date(pipeline: Pipeline) -> Index | None:
    """Sync the sources into the index; the index afterwards, or None when it is to be read from disk.

    A sync that fails (a folder that is gone, a model that cannot load) with an intact index on disk costs the
    news, not the start: the bot answers from that index and says why it is not up to date. Without one, the
    error stands.
    """
    # Fetching every page again would hold up the start for minutes on a big blog: once every remote
    # source has been fetched, a restart only reads the folders, and the scheduled sync does the rest.
    fetched = pipeline.store.read_state().get("sources", {})
    new_source = any(s.remote and not fetched.get(s.label, {}).get("fetched_at") for s in pipeline.sources)
    try:
        # A progress bar only on a terminal (a long first build); never in a log file or a container's log.
        summary, current = pipeline.update(remote=new_source, progress=sys.stderr.isatty())
    except EmbeddingsError as exc:
        intact = pipeline.store.manifest()
        if intact is None:
            raise
        log.warning(
            "the index could not be brought up to date (%s); answering from the index built %s (%d reports) "
            "until it can", exc, intact.built_at, intact.report_count,
        )
        return None
    log.info(summary.line())
    return current


def with_saved_answers(sources: list[Source]) -> list[Source]:
    """The reports' sources, then the answers saved in Slack (read from the database through the provider
    bot.serve registers as "slack"), unless the sources file lists them itself."""
    if any(isinstance(source, SavedAnswersSource) for source in sources):
        return sources
    return [*sources, SavedAnswersSource(name=SAVED_PROVIDER)]


def watch(settings: BotSettings, live: LiveIndex) -> None:
    """Keep the index following its sources in the background, when the settings ask for it."""
    if settings.reload_interval_s > 0 or (settings.sync_interval > 0 and live.has_remote_sources):
        live.watch(settings.reload_interval_s, settings.sync_interval)
        log.info(
            "watching local folders every %.0f s, syncing remote sources every %.0f s",
            settings.reload_interval_s, settings.sync_interval if live.has_remote_sources else 0,
        )
