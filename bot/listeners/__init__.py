"""Slack listeners, one module per surface, each with `register(app, deps)`; the guard middleware first."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Any

from slack_bolt import App

from bot.answers import Answerer
from bot.dedup import SeenEvents
from bot.feedback import FeedbackLog
from bot.listeners import actions, assistant, commands, guard, home, mentions, messages, shortcuts, threads, unfurls
from bot.replies import Replies
from bot.threads import ThreadMemory
from embeddings.live import LiveIndex

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Deps:
    """What listeners share: built once per app, passed to every surface's `register`."""

    answerer: Answerer
    replies: Replies
    seen: SeenEvents
    feedback: FeedbackLog
    threads: ThreadMemory
    live: LiveIndex | None = None


def register(app: App, deps: Deps) -> None:
    app.middleware(guard.dedupe_deliveries(deps.seen))
    app.middleware(guard.questions_for_us(deps.seen))
    for surface in (assistant, mentions, threads, messages, commands, actions, home, unfurls, shortcuts):
        surface.register(app, deps)

    @app.error
    def on_error(error: Exception, body: dict[str, Any]) -> None:
        error_id = uuid.uuid4().hex[:8]
        log.error("error %s in a listener (%s)", error_id, body.get("type"), exc_info=error)
