"""HTTP mode: Bolt's WSGI adapter on /slack/events and a health check, served by waitress.

Bolt's built-in `app.start()` server is single-threaded and meant for development: it drops connections under
a burst of requests. waitress is a production WSGI server with a thread pool and a listen backlog.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
Health = Callable[[], tuple[int, dict[str, Any]]]
StartResponse = Callable[..., Any]

_REASONS = {200: "OK", 404: "Not Found", 405: "Method Not Allowed", 503: "Service Unavailable"}


def _json(start_response: StartResponse, status: int, payload: dict[str, Any], head: bool = False) -> Iterable[bytes]:
    body = json.dumps(payload).encode("utf-8")
    start_response(
        f"{status} {_REASONS.get(status, '')}".strip(),
        [("Content-Type", "application/json"), ("Content-Length", str(len(body))), ("Cache-Control", "no-store")],
    )
    return [] if head else [body]


def wsgi_app(bolt_app: App, health: Health) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    slack = SlackRequestHandler(bolt_app, path=EVENTS_PATH)

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
        if path == HEALTH_PATH:
            if method not in {"GET", "HEAD"}:
                return _json(start_response, 405, {"error": "use GET"})
            status, payload = health()
            return _json(start_response, status, payload, head=method == "HEAD")
        return slack(environ, start_response)

    return application


def health_app(health: Health) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    """Only /healthz, for Socket Mode, where Slack's requests do not come over HTTP."""

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != HEALTH_PATH:
            return _json(start_response, 404, {"error": "not found"})
        status, payload = health()
        return _json(start_response, status, payload, head=environ.get("REQUEST_METHOD") == "HEAD")

    return application


def serve(application: Callable[..., Iterable[bytes]], port: int, host: str = "0.0.0.0", threads: int = 16) -> None:
    from waitress import create_server

    server = create_server(application, host=host, port=port, threads=threads, ident="dockercon-bot", backlog=1024)
    log.info("HTTP mode: listening on http://%s:%d%s", host, port, EVENTS_PATH)
    try:
        server.run()
    finally:
        server.close()
