"""@mentions in channels: answered in the message's thread (or the thread it was asked in, read in its context)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.listeners.threads import answer_in_thread

if TYPE_CHECKING:
    from bot.listeners import Deps


def register(app: App, deps: Deps) -> None:
    @app.event("app_mention")
    def on_mention(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        answer_in_thread(deps, client, context, event, surface="mention")
