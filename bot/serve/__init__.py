"""Serving people: over HTTP (`http`), over Socket Mode (`socket_mode`) or in a terminal (`console`), after the
cold start (`startup`); `health` is /healthz, `process` the log format and SIGTERM, `scheduler` the digest and
the retention purge, `database` the store's start and stop."""

from __future__ import annotations

import sys
from collections.abc import Callable

from bot.answering.answers import Answerer
from bot.config import BotSettings
from bot.serve.console import run_console
from bot.serve.database import open_database
from bot.serve.modes import choose_mode, setup_help
from bot.asking.provider import saved_answers, writer_names
from bot.asking.sync import SavedAnswersWatch
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
    provider = saved_answers(store, names(settings, mode))
    provide(SAVED_PROVIDER, provider)
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
        return serve_slack(settings, mode, port, live, answerer, store, SavedAnswersWatch(
            provider, live, settings.saved_answers_sync_s))
    finally:
        # Also on SIGTERM (bot.serve.process raises through here): queued questions and votes are written.
        store.close()


def names(settings: BotSettings, mode: str) -> Callable[[str], str | None]:
    """Saved answers' writers by name, from Slack; the console has no Slack to ask."""
    if mode == "console" or settings.slack_bot_token is None:
        return lambda user_id: None
    from bot.app import web_client

    return writer_names(web_client(settings))


def serve_slack(
    settings: BotSettings, mode: str, port: int | None, live: LiveIndex, answerer: Answerer, store: Store,
    saved: SavedAnswersWatch,
) -> int:
    # Imported here: the console needs neither Bolt nor the web server, and starts faster without them.
    from bot.app import create_app, digest_maker
    from bot.serve.health import health
    from bot.serve.http import serve, wsgi_app
    from bot.serve.scheduler import Scheduler

    watch(settings, live)
    if settings.saved_answers_sync_s > 0:
        saved.start()
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
        saved.stop()
        live.stop()
    return 0
