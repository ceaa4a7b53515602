"""Slack listeners, one module per surface, each with `register(app, deps)` (bot.middleware runs before them)."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Any

from slack_bolt import App

from bot.answering.answers import Answerer
from bot.answering.replies import Replies
from bot.digest.maker import DigestMaker
from bot.asking.kit import Asking
from bot.listeners import (
    actions, answer_channels, ask, assistant, commands, edits, home, mentions, messages, save, shortcuts, threads,
    unfurls,
)
from bot.state.seen import SeenEvents
from bot.state.threads import ThreadMemory
from bot.store import Store
from embeddings.live import LiveIndex

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Deps:
    """What listeners share: built once per app, passed to every surface's `register`."""

    answerer: Answerer
    replies: Replies
    seen: SeenEvents
    store: Store  # the question log, votes and thread marks shared by replicas
    threads: ThreadMemory
    live: LiveIndex | None = None
    digests: DigestMaker | None = None  # the admins' App Home and its "Post digest now"
    admins: tuple[str, ...] = ()  # ADMIN_USERS, besides workspace admins and owners
    asking: Asking | None = None  # asking report authors, saved answers, answer channels (bot/asking/)


def register(app: App, deps: Deps) -> None:
    surfaces = (assistant, mentions, threads, messages, commands, actions, home, unfurls, shortcuts, ask, save, edits,
                answer_channels)
    for surface in surfaces:
        surface.register(app, deps)

    @app.error
    def on_error(error: Exception, body: dict[str, Any]) -> None:
        error_id = uuid.uuid4().hex[:8]
        log.error("error %s in a listener (%s)", error_id, body.get("type"), exc_info=error)
