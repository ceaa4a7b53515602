"""GET /healthz: the index being answered from, and how the sources' last syncs went."""

from __future__ import annotations

from typing import Any

from bot.serve.http import Health
from embeddings.live import LiveIndex


def health(live: LiveIndex) -> Health:
    def check() -> tuple[int, dict[str, Any]]:
        manifest = live.searcher.index.manifest
        payload: dict[str, Any] = {
            "status": "ok",
            "reports": manifest.report_count,
            "chunks": manifest.chunk_count,
            "index_built_at": manifest.built_at,
            "model": manifest.model,
        }
        # A source that cannot be fetched does not make the bot unhealthy (it answers from the last good
        # version), but whoever looks should see it.
        payload["sources"] = live.source_health()
        return 200, payload

    return check
