"""HTTP mode: Bolt's WSGI adapter on /slack/events and a health check, served by waitress.

Bolt's built-in `app.start()` server is single-threaded and meant for development: it drops connections under
a burst of requests. waitress is a production WSGI server with a thread pool and a listen backlog.

An Events API delivery is acknowledged as soon as its signature checks out, and Bolt (middleware, listener
matching, the listener's own ack) runs after the response: Slack reads nothing from the response to an event,
and under a burst the answers being written hold the GIL, so every step before the ack waits its turn.
Slash commands, actions and the URL check go through Bolt before the response, which carries their content.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App, BoltResponse
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_bolt.request import BoltRequest
from slack_sdk.signature import SignatureVerifier

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


class EventsAckFirst(SlackRequestHandler):
    """Bolt's WSGI handler, except that a correctly signed Events API delivery is answered 200 at once and
    dispatched to Bolt after the response. Bolt checks the signature again; retries and deliveries that are
    not for us are still sorted out by its middleware, only after the ack."""

    def __init__(self, app: App, signing_secret: str, path: str = EVENTS_PATH) -> None:
        super().__init__(app, path)
        self._verifier = SignatureVerifier(signing_secret)
        # Bolt's dispatch of an event costs ~0.2 ms and hands the answer to its listener pool: two threads keep up.
        self._after_ack = ThreadPoolExecutor(max_workers=2, thread_name_prefix="dispatch")

    def dispatch(self, request: WsgiHttpRequest) -> BoltResponse:
        body, headers = request.get_body(), request.get_headers()
        bolt_request = BoltRequest(body=body, query=request.query_string, headers=headers)
        if bolt_request.body.get("type") == "event_callback" and self._verifier.is_valid_request(body, headers):
            self._after_ack.submit(self._dispatch_after_ack, bolt_request)
            return BoltResponse(status=200, body="")
        return self.app.dispatch(bolt_request)

    def close(self) -> None:
        """Dispatch what was acknowledged (its answers then go to Bolt's listener pool, which the exit joins)."""
        self._after_ack.shutdown(wait=True)

    def _dispatch_after_ack(self, request: BoltRequest) -> None:
        try:
            self.app.dispatch(request)
        except Exception:  # Bolt handles listener errors itself; this is the last net before the thread pool's
            log.exception("dispatching an acknowledged event failed")


class WsgiApp:
    """/slack/events (Bolt) and /healthz; `close` finishes the events acknowledged but not yet dispatched."""

    def __init__(self, bolt_app: App, health: Health) -> None:
        secret = getattr(bolt_app, "signing_secret", None)
        self.slack = EventsAckFirst(bolt_app, secret) if secret else SlackRequestHandler(bolt_app, path=EVENTS_PATH)
        self.health = health

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
        if path == HEALTH_PATH:
            if method not in {"GET", "HEAD"}:
                return _json(start_response, 405, {"error": "use GET"})
            status, payload = self.health()
            return _json(start_response, status, payload, head=method == "HEAD")
        return self.slack(environ, start_response)

    def close(self) -> None:
        if isinstance(self.slack, EventsAckFirst):
            self.slack.close()


def wsgi_app(bolt_app: App, health: Health) -> WsgiApp:
    return WsgiApp(bolt_app, health)


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
        close = getattr(application, "close", None)
        if close is not None:
            close()
