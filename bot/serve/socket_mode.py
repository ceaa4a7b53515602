"""Socket Mode: the bot connects out to Slack over a WebSocket (no public URL needed), and still answers
/healthz over HTTP for load balancers and Docker's HEALTHCHECK."""

from __future__ import annotations

import logging
import threading

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.serve.health import health
from bot.serve.http import health_app, serve
from bot.store import Store
from embeddings.live import LiveIndex

log = logging.getLogger("bot")


def serve_socket_mode(app: App, app_token: str, live: LiveIndex, health_port: int, store: Store | None = None) -> None:
    checks = health_app(health(live, store))
    threading.Thread(target=serve, args=(checks, health_port), daemon=True, name="healthz").start()
    log.info("Socket Mode: connecting to Slack")
    handler = SocketModeHandler(app, app_token)
    try:
        handler.start()
    finally:
        live.stop()
        handler.close()  # closes the WebSocket, then waits for the answers already acknowledged
        log.info("Socket Mode: disconnected from Slack")
