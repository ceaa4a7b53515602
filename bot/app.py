"""The Bolt app: a Web API client aimed at SLACK_API_URL with retries, and the listeners."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot import listeners, middleware
from bot.answering.answers import Answerer
from bot.answering.questionlog import QuestionLogger
from bot.answering.replies import Replies, post
from bot.asking.build import build as asking_build
from bot.config import BotSettings
from bot.digest.maker import DigestMaker
from bot.digest.reports import added_in
from bot.state.admins import is_workspace_admin
from bot.render.blocks import Message
from bot.state.channels import ChannelKinds
from bot.state.seen import MemorySeenEvents, RedisSeenEvents, SeenEvents
from bot.state.threads import ThreadMemory
from bot.store import Store, open_store
from embeddings.live import LiveIndex

# Answers run after the ack on this pool; searches are serialized in the Searcher, so more workers only
# overlap the Slack API round trips.
LISTENER_THREADS = 16


def web_client(settings: BotSettings) -> WebClient:
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    return WebClient(
        token=token,
        base_url=settings.slack_api_url,
        retry_handlers=[
            RateLimitErrorRetryHandler(max_retry_count=2),
            ConnectionErrorRetryHandler(max_retry_count=2),
            ServerErrorRetryHandler(max_retry_count=1),
        ],
    )


def seen_events(settings: BotSettings) -> SeenEvents:
    if settings.redis_url is not None:
        return RedisSeenEvents(settings.redis_url.get_secret_value())
    return MemorySeenEvents()


class BotApp(App):
    """Bolt's App with the signing secret readable, for bot.serve.http to check an event's signature before it
    acknowledges it (Bolt keeps the secret private)."""

    def __init__(self, *, signing_secret: str, **kwargs: Any) -> None:
        super().__init__(signing_secret=signing_secret, **kwargs)
        self.signing_secret = signing_secret


def bot_user(client: WebClient) -> str | None:
    try:
        return str(client.auth_test().get("user_id") or "") or None
    except Exception:  # noqa: BLE001 - then only "from a bot" marks tell the bot's own messages
        return None


def digest_maker(settings: BotSettings, store: Store, answerer: Answerer, client: WebClient) -> DigestMaker:
    """The digest from the index being answered from: its encoder groups questions, its reports are the news."""

    def post_to(channel: str, message: Message) -> bool:
        return post(client, channel, message, thread_ts=None) is not None

    return DigestMaker(
        store=store, embed=lambda texts: answerer.searcher.encoder.encode(texts),
        new_reports=lambda period: added_in(answerer.searcher.index, period),
        channel=settings.digest_channel, post=post_to,
    )


def create_app(settings: BotSettings, answerer: Answerer, live: LiveIndex | None = None, store: Store | None = None) -> App:
    """The app; `store` is opened from the settings when not given (and then lives as long as the process)."""
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
    client = web_client(settings)
    store = store or open_store(settings=settings)
    app = BotApp(
        client=client,
        # Socket Mode needs no signing secret (Bolt skips verification for socket requests); HTTP mode
        # refuses to start without one (see bot.main), and verification is never turned off.
        signing_secret=secret or "",
        process_before_response=False,
        listener_executor=ThreadPoolExecutor(max_workers=LISTENER_THREADS, thread_name_prefix="answer"),
    )
    kinds = ChannelKinds(client)
    asking, extras = asking_build(
        settings, store, client, answerer, live, channel_kind=kinds.kind,
        is_admin=lambda user: user in settings.admin_users or is_workspace_admin(client, user),
        bot_user_id=lambda: bot_user(client),
    )
    deps = listeners.Deps(
        answerer=answerer, replies=Replies(answerer, QuestionLogger(store, kinds), extras),
        seen=seen_events(settings), store=store, threads=ThreadMemory(), live=live,
        digests=digest_maker(settings, store, answerer, client), admins=settings.admin_users, asking=asking,
    )
    middleware.install(app, deps.seen, asking.answer_channel)
    listeners.register(app, deps)
    return app
