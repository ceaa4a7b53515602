"""`python -m bot`: bring the index up to date, load it and the model, then serve Slack (or a local console)."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from typing import Any

from bot.answers import Answerer
from bot.console import run_console
from embeddings.encoders import Encoder, get_encoder
from embeddings.errors import EmbeddingsError
from embeddings.live import LiveIndex
from embeddings.pipeline import Pipeline
from bot.config import BotSettings, load_settings

log = logging.getLogger("bot")

MODES = ("auto", "http", "socket", "console")
SETUP_HELP = """\
Slack is not configured: {missing} not set.
To connect the bot to Slack:
  1. https://api.slack.com/apps → Create New App → From a manifest → paste manifest.yml from this repo.
  2. Install it to your workspace, then put in .env (see .env.example):
       SLACK_BOT_TOKEN       OAuth & Permissions → Bot User OAuth Token (xoxb-…)
       SLACK_APP_TOKEN       Basic Information → App-Level Tokens, scope connections:write (xapp-…): Socket Mode
     or, for HTTP mode behind a public URL instead of Socket Mode:
       SLACK_SIGNING_SECRET  Basic Information → Signing Secret
  3. make run
Meanwhile, here is a local console with the same answers.
"""


class Shutdown(SystemExit):
    """SIGTERM arrived (`docker stop`, Kubernetes): unwinds the main thread so servers and connections close.

    A SystemExit, so no `except Exception` on the way swallows it; an index build it interrupts publishes
    nothing (generations are switched atomically), and answers already acknowledged are still posted.
    """


def stop_on_sigterm(received: threading.Event) -> None:
    def handler(signum: int, frame: Any) -> None:
        received.set()
        raise Shutdown(0)

    signal.signal(signal.SIGTERM, handler)


def configure_logging() -> None:
    logging.basicConfig(
        level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # Libraries that log at INFO per request or per batch would drown the one line per question.
    for noisy in ("sentence_transformers", "httpx", "urllib3", "waitress.queue", "bm25s", "faiss"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def choose_mode(requested: str, settings: BotSettings) -> tuple[str, list[str]]:
    """(mode, names of the missing settings that forced the console)."""
    has = {name: getattr(settings, name.lower()) is not None for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET")}
    if requested == "console":
        return "console", []
    if requested == "auto":
        requested = "socket" if has["SLACK_APP_TOKEN"] else "http"
    needed = ["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN" if requested == "socket" else "SLACK_SIGNING_SECRET"]
    missing = [name for name in needed if not has[name]]
    return ("console", missing) if missing else (requested, [])


def load_index(settings: BotSettings, rebuild: bool) -> LiveIndex:
    """Cold start, done before any traffic is accepted: index up to date, index and model loaded, one warm-up.

    One encoder serves both: with ENCODER=auto it is the index's ONNX model when there is a verified one (an
    incremental rebuild then needs no torch either), else sentence-transformers, which also exports the ONNX
    model so that the next start is light.
    """
    encoder: dict[str, Encoder] = {}

    def the_encoder() -> Encoder:
        if "model" not in encoder:
            encoder["model"] = get_encoder(settings.encoder, settings.embedding_model, index_dir=settings.index_dir)
        return encoder["model"]

    pipeline = Pipeline.from_settings(settings, the_encoder)
    current = None
    if rebuild:
        # Fetching every page again would hold up the start for minutes on a big blog: once every remote
        # source has been fetched, a restart only reads the folders, and the scheduled sync does the rest.
        fetched = pipeline.store.read_state().get("sources", {})
        new_source = any(s.remote and not fetched.get(s.label, {}).get("fetched_at") for s in pipeline.sources)
        summary, current = pipeline.update(remote=new_source)
        log.info(summary.line())
    # update() already holds the current index in memory: not read from disk a second time
    live = LiveIndex.from_pipeline(pipeline, the_encoder(), index=current)
    live.searcher.search("warm up the model")
    manifest = live.searcher.index.manifest
    log.info(
        "index loaded: %d reports, %d chunks, built %s; questions encoded by %s", manifest.report_count,
        manifest.chunk_count, manifest.built_at, type(live.encoder).__name__,
    )
    return live


def health(live: LiveIndex) -> Any:
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="dockercon-bot: answers questions about event reports in Slack.",
        epilog=(
            "modes: auto (default) picks socket when SLACK_APP_TOKEN is set, http when SLACK_SIGNING_SECRET is, "
            "and the console when Slack is not configured; http serves POST /slack/events and GET /healthz on PORT; "
            "socket connects out to Slack (no public URL needed); console answers questions typed in the terminal."
        ),
    )
    parser.add_argument("--mode", choices=MODES, default="auto", help="how to talk to users (default: auto)")
    parser.add_argument("--port", type=int, help="HTTP mode port (default: PORT, 3000)")
    parser.add_argument("--no-build", action="store_true", help="do not rebuild a stale index before starting")
    args = parser.parse_args(argv)

    configure_logging()
    # PID 1 in a container ignores SIGTERM unless the process handles it: `docker stop` would wait and SIGKILL.
    sigterm = threading.Event()
    stop_on_sigterm(sigterm)
    try:
        code = run(args)
    except Shutdown:  # waitress catches it itself and returns; elsewhere (index build, Socket Mode) it lands here
        code = 0
    if sigterm.is_set():
        log.info("SIGTERM: stopped")
    return code


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    mode, missing = choose_mode(args.mode, settings)
    if missing:
        print(SETUP_HELP.format(missing=" and ".join(missing)), file=sys.stderr)
    try:
        live = load_index(settings, rebuild=not args.no_build)
    except EmbeddingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    answerer = Answerer(live, passages=settings.answer_passages)

    if mode == "console":
        run_console(answerer, sys.stdin, sys.stdout, interactive=sys.stdin.isatty())
        return 0
    # Imported here: the console needs neither Bolt nor the web server, and starts faster without them.
    from bot.app import create_app
    from bot.server import health_app, serve, wsgi_app

    if settings.reload_interval_s > 0 or (settings.sync_interval > 0 and live.has_remote_sources):
        live.watch(settings.reload_interval_s, settings.sync_interval)
        log.info(
            "watching local folders every %.0f s, syncing remote sources every %.0f s",
            settings.reload_interval_s, settings.sync_interval if live.has_remote_sources else 0,
        )
    app = create_app(settings, answerer, live)
    if mode == "socket":
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        assert settings.slack_app_token is not None
        # No Slack traffic comes over HTTP in Socket Mode, but load balancers and Docker's HEALTHCHECK
        # still ask /healthz.
        threading.Thread(
            target=serve, args=(health_app(health(live)), args.port or settings.port), daemon=True, name="healthz"
        ).start()
        log.info("Socket Mode: connecting to Slack")
        handler = SocketModeHandler(app, settings.slack_app_token.get_secret_value())
        try:
            handler.start()
        finally:
            live.stop()
            handler.close()  # closes the WebSocket, then waits for the answers already acknowledged
            log.info("Socket Mode: disconnected from Slack")
        return 0
    try:
        serve(wsgi_app(app, health(live)), port=args.port or settings.port)
    finally:
        live.stop()
    return 0
