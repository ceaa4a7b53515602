"""GET /healthz: the index being answered from, how the sources' last syncs went, and the database."""

from __future__ import annotations

from typing import Any

from bot.serve.http import Health
from bot.store import Store
from embeddings.live import LiveIndex


def health(live: LiveIndex, store: Store | None = None) -> Health:
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
        if store is not None:
            # A database that is down costs no answer, so the bot stays in the load balancer's pool (200), and
            # says it is degraded: the question log and votes wait in memory until it is back.
            database = store.health().to_json()
            payload["database"] = database
            if database["status"] != "ok":
                payload["status"] = "degraded"
        return 200, payload

    return check
