"""The ask-the-author loop built from the settings, once per app (bot/app.py)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from slack_sdk import WebClient

from bot.answering.answers import Answerer
from bot.asking.extras import AnswerExtras
from bot.asking.kit import Asking
from bot.asking.offers import Offers
from bot.asking.relay import Relay
from bot.asking.saving import Saver
from bot.config import BotSettings
from bot.people.authors import AuthorResolver, AuthorsFile
from bot.people.directory import Directory
from bot.store import Store
from embeddings.live import LiveIndex

log = logging.getLogger(__name__)


def background_refresh(live: LiveIndex | None) -> Callable[[], None]:
    """The index reads its local sources (the saved answers among them) again, off the caller's thread."""
    def run() -> None:
        try:
            if live is not None:
                live.refresh(remote=False)
        except Exception:  # noqa: BLE001 - the periodic sync tries again
            log.exception("refreshing the index after a saved answer changed failed")

    return lambda: threading.Thread(target=run, name="saved-refresh", daemon=True).start()


def build(settings: BotSettings, store: Store, client: WebClient, answerer: Answerer, live: LiveIndex | None,
          channel_kind: Callable[[str], str], is_admin: Callable[[str], bool],
          bot_user_id: Callable[[], str | None]) -> tuple[Asking, AnswerExtras]:
    def report(source_id: str) -> tuple[str, str | None] | None:
        found = answerer.catalogue.by_source.get(source_id)
        return (found.title, found.url) if found else None

    refresh = background_refresh(live)
    resolver = AuthorResolver(Directory(client), AuthorsFile(settings.authors_file))
    offers = Offers(resolver, store.asks.opted_out) if settings.ask_authors else None
    relay = Relay(store, client, enabled=settings.ask_authors, daily_limit=settings.ask_author_daily_limit,
                  channel_kind=channel_kind, reports=report)
    saver = Saver(store, client, is_admin=is_admin, channel_kind=channel_kind, reports=report, on_saved=refresh,
                  bot_user_id=bot_user_id())
    configured = settings.answer_channels
    asking = Asking(
        relay=relay, saver=saver, offers=offers, is_admin=is_admin,
        answer_channel=lambda channel: store.channels.is_on(channel, configured),
        set_answer_channel=lambda channel, on, by: store.channels.set(channel, on, by), refresh=refresh,
    )
    return asking, AnswerExtras(store, client, offers, lambda: answerer.catalogue, refresh)
