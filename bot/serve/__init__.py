"""Serving people: over HTTP (`http`), over Socket Mode (`socket_mode`) or in a terminal (`console`), after the
cold start (`startup`); `health` is /healthz, `process` the log format and SIGTERM, `scheduler` the digest and
the retention purge, `database` the store's start and stop."""

from __future__ import annotations

import sys

from bot.answering.answers import Answerer
from bot.config import BotSettings
from bot.serve.console import run_console
from bot.serve.database import open_database
from bot.serve.modes import choose_mode, setup_help
from bot.asking.provider import saved_answers
from bot.serve.startup import SAVED_PROVIDER, load_index, watch
from bot.store import Store
from embeddings.errors import EmbeddingsError
from embeddings.live import LiveIndex
from embeddings.sources.saved import provide


def run(settings: BotSettings, requested_mode: str, port: int | None, rebuild: bool) -> int:
    """Start the bot in the mode asked for (the console when Slack is not configured); returns the exit code."""
    mode, missing = choose_mode(requested_mode, settings)
    # Opened first: the index reads the answers saved in Slack from it.
    store = open_database(settings)
    provide(SAVED_PROVIDER, saved_answers(store, lambda user_id: None))
    # The index next: a start that cannot answer ends on its error, not below a page of Slack guidance.
    try:
        live = load_index(settings, rebuild=rebuild)
    except EmbeddingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        store.close()
        return 1
    if missing:
        print(setup_help(missing), file=sys.stderr)
    answerer = Answerer(live, passages=settings.answer_passages)
    try:
        if mode == "console":
            run_console(answerer, sys.stdin, sys.stdout, interactive=sys.stdin.isatty(), store=store)
            return 0
        return serve_slack(settings, mode, port, live, answerer, store)
    finally:
        # Also on SIGTERM (bot.serve.process raises through here): queued questions and votes are written.
        store.close()


def serve_slack(
    settings: BotSettings, mode: str, port: int | None, live: LiveIndex, answerer: Answerer, store: Store
) -> int:
    # Imported here: the console needs neither Bolt nor the web server, and starts faster without them.
    from bot.app import create_app, digest_maker
    from bot.serve.health import health
    from bot.serve.http import serve, wsgi_app
    from bot.serve.scheduler import Scheduler

    watch(settings, live)
    app = create_app(settings, answerer, live, store)
    scheduler = Scheduler(store, digest_maker(settings, store, answerer, app.client), settings.schedule(),
                          settings.digest_check_interval_s)
    scheduler.start()
    try:
        if mode == "socket":
            from bot.serve.socket_mode import serve_socket_mode

            assert settings.slack_app_token is not None
            serve_socket_mode(app, settings.slack_app_token.get_secret_value(), live, port or settings.port, store)
            return 0
        serve(wsgi_app(app, health(live, store)), port=port or settings.port)
    finally:
        scheduler.stop()
        live.stop()
    return 0
